"""The shape of a letter's text, shared by the email, the kept letter and its printable page (no Flask).

A letter is plain text, so that the email and the printed letter say the same thing: blocks separated by
a blank line; a heading is a line underlined with dashes; a list is lines starting "- ". In a right-to-left
letter every number, reference, address and date is wrapped in Unicode isolates, so that "020 8901 2630"
is not shown as "2630 8901 020"; a browser honours the same characters on the printable page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"
RULE = "-"


def heading(text: Any) -> str:
    """A heading in plain text: the line, and a line of dashes under it."""
    words = str(text)
    return f"{words}\n{RULE * max(3, len(words))}"


@dataclass(frozen=True)
class Isolate:
    """Wrap a left-to-right value (a phone number, a reference, an address line, an email address) so it
    reads in its own direction inside right-to-left text; in a left-to-right letter, leave it alone."""

    rtl: bool

    def __call__(self, value: Any) -> str:
        if value is None or value == "":
            return ""
        text = str(value)
        return f"{LRI}{text}{PDI}" if self.rtl else text

    def text(self, value: Any) -> str:
        """What an officer or a resident wrote (often English in an Arabic letter): each line in its own
        direction, decided by its first strong letter, so "The repair was late." keeps its full stop."""
        if value is None or value == "":
            return ""
        lines = str(value).split("\n")
        return "\n".join(f"{FSI}{line}{PDI}" if self.rtl and line.strip() else line for line in lines)

    def date(self, text: str) -> str:
        """A date in the letter's language: its own direction, decided by its first strong letter."""
        return f"{FSI}{text}{PDI}" if self.rtl else text


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "list" or "paragraph"
    lines: tuple[str, ...]


def blocks(body: str) -> list[Block]:
    """The letter's text as headings, lists and paragraphs, for the printable page."""
    found: list[Block] = []
    for chunk in body.replace("\r\n", "\n").split("\n\n"):
        lines = [line.rstrip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        while lines:
            if len(lines) >= 2 and set(lines[1]) == {RULE} and len(lines[1]) >= 3:
                found.append(Block("heading", (lines[0],)))
                lines = lines[2:]
                continue
            items = []
            while lines and lines[0].startswith("- "):
                items.append(lines.pop(0)[2:])
            if items:
                found.append(Block("list", tuple(items)))
                continue
            paragraph = []
            while (
                lines
                and not lines[0].startswith("- ")
                and not (len(lines) >= 2 and set(lines[1]) == {RULE} and len(lines[1]) >= 3)
            ):
                paragraph.append(lines.pop(0))
            found.append(Block("paragraph", tuple(paragraph)))
    return found


def strip_isolates(text: str) -> str:
    return text.replace(LRI, "").replace(FSI, "").replace(PDI, "")
