"""The stylesheet as the built site publishes it: minified, without the rules no built page can match.

`sitekit/static/site.css` is one stylesheet for the portal and the tracker, which serves it whole. The built
site only needs the rules its own pages use: a selector that names a class or an element found on no built
page cannot match anything there (the site has no scripts to add one later), so it is dropped; every
other selector is kept, whatever its pseudo-classes or attributes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_TOKENS = re.compile(r"(/\*.*?\*/|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')", re.S)
_SPACE = re.compile(r"\s+")
_AROUND = re.compile(r"\s*([{};,>])\s*")
_AFTER_COLON = re.compile(r":\s+")


def minify(text: str) -> str:
    """The same rules in fewer bytes: no comments, no whitespace that does not separate words. Strings are
    kept as written; a space before ':' is kept, as it may be a descendant selector (`a :hover`)."""
    pieces = []
    for piece in _TOKENS.split(text):
        if not piece or piece.startswith("/*"):
            continue
        if piece[0] in "\"'":
            pieces.append(piece)
            continue
        piece = _SPACE.sub(" ", piece)
        piece = _AROUND.sub(r"\1", piece)
        pieces.append(_AFTER_COLON.sub(":", piece))
    return "".join(pieces).replace(";}", "}").strip() + "\n"


@dataclass(frozen=True)
class Rule:
    """`selectors { body }`, or an at-rule (`@media …`) whose body holds rules of its own."""

    head: str
    body: str

    @property
    def nested(self) -> bool:
        return self.head.startswith("@media") or self.head.startswith("@supports")


def rules(text: str) -> Iterator[Rule]:
    """The top-level rules of minified CSS, braces inside strings respected."""
    depth, start, head = 0, 0, ""
    quote: str | None = None
    for index, char in enumerate(text):
        if quote:
            if char == quote and text[index - 1] != "\\":
                quote = None
        elif char in "\"'":
            quote = char
        elif char == ";" and depth == 0:  # a statement: @import, @charset
            yield Rule(text[start : index + 1].strip(), "")
            start = index + 1
        elif char == "{":
            if depth == 0:
                head, start = text[start:index].strip(), index + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                yield Rule(head, text[start:index])
                start = index + 1


def split_selectors(head: str) -> list[str]:
    """`a, b:is(c, d)` -> ['a', 'b:is(c, d)']: commas inside brackets or strings do not split."""
    parts, depth, current = [], 0, ""
    for char in head:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


_BRACKETED = re.compile(r"\[[^\]]*\]|\([^)]*\)|\"[^\"]*\"|'[^']*'")
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_ELEMENT = re.compile(r"(?:^|[\s>+~])([a-zA-Z][\w-]*)")


def may_match(selector: str, classes: set[str], elements: set[str]) -> bool:
    """False only when the selector names a class or an element that no page has."""
    bare = _BRACKETED.sub("", selector)
    needed_classes = set(_CLASS.findall(bare))
    needed_elements = {name.lower() for name in _ELEMENT.findall(bare)}
    return needed_classes <= classes and needed_elements <= elements


def prune(text: str, classes: set[str], elements: set[str]) -> str:
    """Minified CSS without the selectors that cannot match; a rule left with none goes too."""
    out = []
    for rule in rules(text):
        if rule.head.endswith(";"):
            out.append(rule.head)
        elif rule.head.startswith("@"):
            if rule.nested:
                inner = prune(rule.body, classes, elements).strip()
                if inner:
                    out.append(f"{rule.head}{{{inner}}}")
            else:
                out.append(f"{rule.head}{{{rule.body}}}")
            continue
        kept = [s for s in split_selectors(rule.head) if may_match(s, classes, elements)]
        if kept:
            out.append(f"{','.join(kept)}{{{rule.body}}}")
    return "".join(out) + "\n"
