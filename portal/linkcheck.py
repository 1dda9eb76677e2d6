"""Checks a built site: every internal link and anchor leads somewhere that was written.

The build collects each page's links and ids while it renders it (`scan` on the HTML in memory) and keeps
them with the page's entry in the build cache, so the check never reads the written files again.
`broken_links` does the same from the files, for a site built some other way.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

# A start tag and its attributes, quoted values allowed to hold '>'; comments, scripts and styles are
# taken out first, as an HTML parser would not look for tags inside them.
_OPAQUE = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>", re.S | re.I)
# (The attributes as an unrolled loop: runs of ordinary characters between quoted values, the same matches as
# `(?:[^>"']|"[^"]*"|'[^']*')*` in about two thirds of the time.)
_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)([^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*)>")
_ATTR = re.compile(r"([^\s=/>\"']+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")


@dataclass
class Found:
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    # For the stylesheet: every class and element name on the page.
    classes: set[str] = field(default_factory=set)
    elements: set[str] = field(default_factory=set)


def _keep_opaque_tag(match: re.Match[str]) -> str:
    """A script or style keeps its start tag (and attributes), without its content; a comment goes."""
    if not match.group(1):
        return ""
    return match.group(0)[: match.group(0).index(">") + 1]


# What each distinct start tag holds (its element, id, classes and links): most tags are the same on every
# page (the layout's) or on many (a section's heading), so each is parsed once per process.
_TAGS: dict[str, tuple[str, str | None, tuple[str, ...], tuple[str, ...]]] = {}


def _parse_tag(match: re.Match[str]) -> tuple[str, str | None, tuple[str, ...], tuple[str, ...]]:
    tag = match.group(1).lower()
    attributes = match.group(2)
    if not attributes or "=" not in attributes:
        return tag, None, (), ()  # no attribute with a value: nothing to keep but the element
    values: dict[str, str] = {}
    for name, double, single, bare in _ATTR.findall(attributes):
        value = double or single or bare
        values[name.lower()] = html.unescape(value) if "&" in value else value
    links = tuple(
        value
        for name in ("href", "src")
        if (value := values.get(name))
        and not (tag == "link" and values.get("rel") == "alternate" and value.startswith("http"))
    )
    return tag, values.get("id") or None, tuple(values.get("class", "").split()), links


def scan(text: str) -> Found:
    """The links (href and src, in order), ids, classes and element names of an HTML page."""
    found = Found()
    known = _TAGS
    for match in _TAG.finditer(_OPAQUE.sub(_keep_opaque_tag, text)):
        whole = match.group(0)
        parsed = known.get(whole)
        if parsed is None:
            parsed = known[whole] = _parse_tag(match)
        tag, ident, classes, links = parsed
        found.elements.add(tag)
        if ident:
            found.ids.add(ident)
        if classes:
            found.classes.update(classes)
        if links:
            found.links.extend(links)
    return found


def url_to_file(root: Path, path: str) -> Path:
    target = root / unquote(path).lstrip("/")
    return target / "index.html" if path.endswith("/") else target


def url_to_name(path: str) -> str:
    """The file an address is served from, relative to the site's root."""
    name = unquote(path).lstrip("/")
    return name + "index.html" if path.endswith("/") or not name else name


def name_to_url(name: str) -> str:
    return ("/" + name).removesuffix("index.html")


def file_to_url(root: Path, path: Path) -> str:
    return name_to_url(path.relative_to(root).as_posix())


def check(pages: Mapping[str, Found], files: Iterable[str], skip_prefixes: tuple[str, ...] = ()) -> list[str]:
    """One line per broken internal link. `pages`: each HTML file's links and ids, by its name relative to
    the site's root; `files`: the name of every file in the site."""
    written = set(files) | set(pages)
    # Most links (the layout's) are on every page: each address is resolved once.
    resolved: dict[str, tuple[str, str | None, str]] = {}
    problems = []
    for page in sorted(pages, key=lambda name: name.split("/")):  # by folder, as PurePosixPath parts
        url = name_to_url(page)
        for link in pages[page].links:
            if link not in resolved:
                resolved[link] = _resolve(link, written, skip_prefixes)
            kind, target, detail = resolved[link]
            if kind == "ok":
                continue
            if kind == "relative":
                problems.append(f"{url}: link '{link}' is relative; internal links start with /")
                continue
            if kind == "missing":
                problems.append(f"{url}: link to {detail}, which was not built")
                continue
            # kind == "fragment": the target (this page when None) must have the id
            if detail not in pages[target or page].ids:
                problems.append(f"{url}: link to {link}, which has no id '{detail}'")
    return problems


def _resolve(link: str, written: set[str], skip_prefixes: tuple[str, ...]) -> tuple[str, str | None, str]:
    """What a link needs, whatever page it is on: ('ok'|'relative'|'missing'|'fragment', target, detail)."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or any(link.startswith(prefix) for prefix in skip_prefixes):
        return "ok", None, ""
    if parts.path and not parts.path.startswith("/"):
        return "relative", None, ""
    target = url_to_name(parts.path) if parts.path else None
    if target is not None and target not in written:
        return "missing", target, parts.path
    if parts.fragment and (target is None or target.endswith(".html")):
        return "fragment", target, parts.fragment
    return "ok", target, ""


def broken_links(root: Path, skip_prefixes: tuple[str, ...] = ()) -> list[str]:
    """`check` on a built site's files."""
    files = [path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()]
    pages = {
        name: scan((root / name).read_text(encoding="utf-8")) for name in files if name.endswith(".html")
    }
    return check(pages, files, skip_prefixes)
