"""Checks a built site as files: every internal link and anchor leads somewhere that was written."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class _Html:
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = _Html()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.found.ids.add(str(values["id"]))
        for name in ("href", "src"):
            value = values.get(name)
            if value and not (
                tag == "link" and values.get("rel") == "alternate" and value.startswith("http")
            ):
                self.found.links.append(value)


def parse(path: Path) -> _Html:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.found


def url_to_file(root: Path, path: str) -> Path:
    target = root / unquote(path).lstrip("/")
    return target / "index.html" if path.endswith("/") else target


def file_to_url(root: Path, path: Path) -> str:
    url = "/" + path.relative_to(root).as_posix()
    return url.removesuffix("index.html")


def broken_links(root: Path, skip_prefixes: tuple[str, ...] = ()) -> list[str]:
    """One line per broken internal link: the page that has it, and what is wrong."""
    pages = {path: parse(path) for path in sorted(root.rglob("*.html"))}
    problems = []
    for page, found in pages.items():
        for link in found.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or any(link.startswith(prefix) for prefix in skip_prefixes):
                continue
            if parts.path and not parts.path.startswith("/"):
                problems.append(
                    f"{file_to_url(root, page)}: link '{link}' is relative; internal links start with /"
                )
                continue
            target = url_to_file(root, parts.path) if parts.path else page
            if not target.is_file():
                problems.append(f"{file_to_url(root, page)}: link to {parts.path}, which was not built")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if parts.fragment not in ids:
                    problems.append(
                        f"{file_to_url(root, page)}: link to {link}, which has no id '{parts.fragment}'"
                    )
    return problems
