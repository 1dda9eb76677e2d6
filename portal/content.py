"""Pages from `content/pages/<lang>/<slug>.md`: front matter, Markdown, and the checks that fail the build.

A page body is Markdown split around block shortcodes (`[[contact ID]]`), so the templates can render
components where the comms team asked for them. Links to other pages are written `page:slug#anchor`
and come out as `@@ROOT@@slug/#anchor`, which the view completes with the reader's language.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import markdown
from markdown import util as md_util
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import NormalizeWhitespace
from markdown.treeprocessors import Treeprocessor

from sitekit.errors import ContentError, ContentErrors
from sitekit.sitedata import SLUG, SiteData
from sitekit.yamlfile import LineDict, load_yaml_text

from .parallel import map_chunks

HOME = "home"
NOT_FOUND = "not-found"
# Pages every language falls back to and the layout links to: without them the site cannot be built.
REQUIRED_PAGES = (HOME, NOT_FOUND, "contact", "accessibility", "privacy", "cookies")
# Ids the layout itself uses; a heading anchor may not take them.
RESERVED_IDS = frozenset({"main-content", "contents", "site-header", "site-footer", "language", "notice"})
ROOT_MARK = "@@ROOT@@"
TRACKER_MARK = "@@TRACKER@@"
TRACKER_TARGETS = {"new": "new/", "status": "status/"}
# Components a page may place on a line of their own: [[contact ID]] and [[procedures]].
SHORTCODES = {"contact": True, "procedures": False}  # kind: takes an id

_SHORTCODE = re.compile(r"^\[\[\s*([a-z]+)(?:\s+([a-z0-9-]+))?\s*\]\]\s*$")
_ANCHOR = _SLUG = SLUG
_HEADING_LINE = re.compile(r"#{1,6}\s")
_HEADING_TAGS = frozenset(f"h{level}" for level in range(1, 7))


@dataclass(frozen=True)
class Html:
    html: str


@dataclass(frozen=True)
class Shortcode:
    kind: str
    id: str | None


Segment = Html | Shortcode


@dataclass(frozen=True)
class Link:
    slug: str
    anchor: str | None
    line: int


@dataclass
class Page:
    lang: str
    slug: str
    path: Path
    title: str
    summary: str
    contents: bool
    reviewed: bool | None
    segments: list[Segment] = field(default_factory=list)
    sections: list[tuple[str, str]] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)
    shortcodes: list[tuple[Shortcode, int]] = field(default_factory=list)

    @property
    def translated(self) -> bool:
        return self.lang != "en"


class _Checks(Treeprocessor):
    """Checks headings and rewrites portal links in one walk of the rendered tree. One instance serves every
    page a process parses: `begin_page` and `begin_chunk` set what it is checking."""

    def __init__(self, md: markdown.Markdown | None = None) -> None:
        super().__init__(md)
        self.page = Page("en", "", Path(), "", "", False, None)
        self.errors: list[ContentError] = []
        self.text = ""
        self.first_line = 1
        self.last_level = 1
        self.headings_seen = 0
        self._heading_lines: list[int] | None = None

    def begin_page(self, page: Page, errors: list[ContentError]) -> None:
        self.page, self.errors, self.last_level = page, errors, 1

    def begin_chunk(self, text: str, first_line: int) -> None:
        self.text, self.first_line, self.headings_seen = text, first_line, 0
        self._heading_lines = None

    def line_of(self, needle: str) -> int:
        for number, line in enumerate(self.text.splitlines(), start=self.first_line):
            if needle in line:
                return number
        return self.first_line

    def heading_line(self) -> int:
        """The line of the heading being checked: headings come out of Markdown in the order they went in.
        The index of heading lines is built once per chunk, on the first heading."""
        if self._heading_lines is None:
            self._heading_lines = [
                n
                for n, line in enumerate(self.text.splitlines(), start=self.first_line)
                if _HEADING_LINE.match(line)
            ]
        lines = self._heading_lines
        return lines[self.headings_seen - 1] if self.headings_seen <= len(lines) else self.first_line

    def error(self, needle: str, message: str, line: int | None = None) -> None:
        self.errors.append(ContentError(self.page.path, line or self.line_of(needle), message))

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag in _HEADING_TAGS:
                self.heading(element, int(element.tag[1]))
            elif element.tag == "a":
                self.link(element)

    def heading(self, element: etree.Element, level: int) -> None:
        self.headings_seen += 1
        line = self.heading_line()
        text = "".join(element.itertext()).strip()
        anchor = element.get("id")
        if level == 1:
            self.error(
                text, f"'# {text}': a page has one main heading, its title; start sections at ##", line
            )
        elif level > self.last_level + 1:
            fix = "#" * (self.last_level + 1)
            self.error(
                text, f"heading '{text}' jumps from level {self.last_level} to {level}; use {fix}", line
            )
        self.last_level = level
        if level == 2 and not anchor:
            self.error(text, f"heading '{text}' needs an anchor, like '## {text} {{#some-words}}'", line)
        if anchor is None:
            return
        if not _ANCHOR.match(anchor):
            self.error(text, f"anchor '{anchor}' must be lower-case letters, digits and hyphens", line)
        elif anchor in RESERVED_IDS:
            self.error(text, f"anchor '{anchor}' is used by the page layout; choose another", line)
        elif anchor in self.page.anchors:
            self.error(text, f"anchor '{anchor}' is used twice on this page", line)
        self.page.anchors.add(anchor)
        if level == 2:
            self.page.sections.append((anchor, text))

    def link(self, element: etree.Element) -> None:
        href = element.get("href", "")
        if href.startswith("page:"):
            slug, _, anchor = href[len("page:") :].partition("#")
            if not _SLUG.match(slug):
                self.error(href, f"'{href}' is not a page link; write page:slug or page:slug#anchor")
                return
            self.page.links.append(Link(slug, anchor or None, self.line_of(href)))
            path = "" if slug == HOME else f"{slug}/"
            element.set("href", f"{ROOT_MARK}{path}" + (f"#{anchor}" if anchor else ""))
        elif href.startswith("tracker:"):
            target = href[len("tracker:") :]
            if target not in TRACKER_TARGETS:
                self.error(
                    href,
                    f"'{href}': the tracker links are {', '.join('tracker:' + t for t in TRACKER_TARGETS)}",
                )
                return
            element.set("href", f"{TRACKER_MARK}/{TRACKER_TARGETS[target]}")
        elif href.startswith("#"):
            self.page.links.append(Link(self.page.slug, href[1:], self.line_of(href)))
        elif href.startswith("tel:"):
            element.set("dir", "ltr")  # a phone number reads left to right, in its groups, in every language
        elif not re.match(r"^(https://|mailto:|tel:)", href):
            self.error(href, f"link '{href}' must be page:…, tracker:…, https://, mailto: or tel:")


# A run of Latin-script words (an English name, an email address) inside right-to-left text.
_LATIN_RUN = re.compile(
    r"[A-Za-z][A-Za-z0-9@._/:'\u2019&+-]*(?:[ ,]+[A-Za-z0-9][A-Za-z0-9@._/:'\u2019&+-]*)*"
)


class _IsolateLatin(Treeprocessor):
    """In right-to-left pages, wraps each Latin-script run in <span lang="en" dir="ltr">, so that an English
    name in brackets or an email address keeps its order and the brackets around it mirror correctly."""

    def run(self, root: etree.Element) -> None:
        for element in list(root.iter()):
            if element.get("dir"):
                continue
            element.text, children = self._pieces(element.text)
            for child in list(element):
                element.remove(child)
                child.tail, after = self._pieces(child.tail)
                children.extend([child, *after])
            element.extend(children)

    @staticmethod
    def _pieces(text: str | None) -> tuple[str | None, list[etree.Element]]:
        if not text or not _LATIN_RUN.search(text):
            return text, []
        parts = _LATIN_RUN.split(text)
        spans = []
        for run, after in zip(_LATIN_RUN.findall(text), parts[1:], strict=True):
            span = etree.Element("span", {"lang": "en", "dir": "ltr"})
            span.text, span.tail = run, after
            spans.append(span)
        return parts[0], spans


class _ChecksExtension(Extension):
    def __init__(self, checks: _Checks, rtl: bool) -> None:
        super().__init__()
        self.checks, self.rtl = checks, rtl

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After attr_list (priority 8), so explicit {#ids} are already set.
        md.treeprocessors.register(self.checks, "portal-checks", 6)
        if self.rtl:
            md.treeprocessors.register(_IsolateLatin(md), "isolate-latin", 5)


def _split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ContentError(path, 1, "a page must start with front matter between two '---' lines")
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return "".join(lines[1 : number - 1]), "".join(lines[number:]), number + 1
    raise ContentError(path, 1, "the front matter has no closing '---' line")


def parse_page(
    path: Path, lang: str, rtl: bool = False, text: str | None = None, *, every_pattern: bool = False
) -> tuple[Page, list[ContentError]]:
    """Read one page. Raises ContentError when it cannot be read at all; returns its other problems.
    `every_pattern`: convert with plain Python-Markdown, every pattern tried everywhere (see `_NEEDS`)."""
    text = path.read_text(encoding="utf-8") if text is None else text
    head, body, body_line = _split_front_matter(text, path)
    meta = load_yaml_text(head, path, first_line=2)
    if not isinstance(meta, LineDict):
        raise ContentError(path, 2, "front matter must be fields like 'title: ...'")
    errors: list[ContentError] = []

    def field_error(key: str, message: str) -> None:
        errors.append(ContentError(path, meta.line_of(key), message))

    known = {"title", "summary", "contents", "reviewed"}
    for key in meta:
        if key not in known:
            field_error(key, f"unknown field '{key}' (fields are {', '.join(sorted(known))})")
    for key in ("title", "summary"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            field_error(key, f"missing field '{key}'")
    contents = meta.get("contents", False)
    if not isinstance(contents, bool):
        field_error("contents", "contents must be true or false")
    reviewed = meta.get("reviewed")
    if lang == "en" and reviewed is not None:
        field_error(
            "reviewed", "'reviewed' is for translations; English is the text they are checked against"
        )
    if lang != "en" and not isinstance(reviewed, bool):
        field_error("reviewed", "a translation must say 'reviewed: true' or 'reviewed: false'")
    page = Page(
        lang=lang,
        slug=path.stem,
        path=path,
        title=str(meta.get("title") or "").strip(),
        summary=str(meta.get("summary") or "").strip(),
        contents=contents is True,
        reviewed=reviewed if isinstance(reviewed, bool) else None,
    )
    _render_body(page, body, body_line, errors, rtl, every_pattern)
    return page, errors


# Python-Markdown tries every inline pattern on every piece of text, and every block processor's test on
# every block. A pattern cannot match text that lacks the characters it starts with, so: each chunk is
# converted by a Markdown without the inline patterns the chunk has no characters for; the patterns it keeps
# look for their characters in each piece of text before their regular expression does (which, starting
# with a look-behind, tries every position); the block processors below do the same for each block; and the
# whitespace clean-up runs its expression only when there is a line of spaces to remove. The same HTML, in
# about 40% of the time of plain Python-Markdown (tests/portal/test_build_parts.py compares the two).
# The inline patterns that need one string, then every pattern's need.
_NEEDLES = {
    "backtick": "`",
    "escape": "\\",
    "reference": "[",
    "link": "[",
    "image_link": "![",
    "image_reference": "![",
    "short_reference": "[",
    "short_image_ref": "![",
    "autolink": "<",
    "automail": "<",
    "html": "<",
    "entity": "&",
}


def _holds(needle: str) -> Callable[[str], bool]:
    return lambda text: needle in text


_NEEDS: dict[str, Callable[[str], bool]] = {
    **{name: _holds(needle) for name, needle in _NEEDLES.items()},
    # Two spaces before a line break, after tabs are expanded and line ends normalised.
    "linebreak": lambda text: "  \n" in text or "  \r" in text or "\t" in text,
    "em_strong": lambda text: "*" in text or "_" in text,
}
# Preprocessors a chunk without these characters does not need: raw HTML is looked for only where '<' is.
_PREPROCESSOR_NEEDS: dict[str, Callable[[str], bool]] = {"html_block": lambda text: "<" in text}
# What a block must hold for each of these block processors' expressions to match it.
_BLOCK_NEEDS: dict[str, Callable[[str], bool]] = {
    "hashheader": lambda block: "#" in block,
    "setextheader": lambda block: "\n=" in block or "\n-" in block,
    "hr": lambda block: "-" in block or "_" in block or "*" in block,
    "quote": lambda block: ">" in block,
    "reference": lambda block: "]:" in block,
}


class _Guarded:
    """An inline pattern's expression that first looks for the characters the pattern needs: Python-Markdown
    asks it only for `finditer` (and the pattern keeps its own other expressions)."""

    def __init__(self, compiled: re.Pattern[str], needed: Callable[[str], bool]) -> None:
        self.compiled, self.needed = compiled, needed

    def finditer(self, data: str, pos: int = 0) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(data, pos) if self.needed(data) else iter(())

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled, name)


class _GuardedBy(_Guarded):
    """The same for a pattern that needs one string, looked for without a function call."""

    def __init__(self, compiled: re.Pattern[str], needle: str) -> None:
        super().__init__(compiled, _holds(needle))
        self.needle = needle

    def finditer(self, data: str, pos: int = 0) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(data, pos) if self.needle in data else iter(())


def _guard_block(processor: BlockProcessor, needed: Callable[[str], bool]) -> None:
    test = processor.test
    # The reference processor's test is always true: its run looks, and puts the block back when it finds
    # nothing, as if the test had been false.
    processor.test = lambda parent, block: needed(block) and test(parent, block)  # type: ignore[method-assign]


class _NormalizeWhitespace(NormalizeWhitespace):
    """Python-Markdown's whitespace clean-up, with its expression (a look-behind at every position) run only
    when a line of spaces can be there."""

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        source = source.replace(md_util.STX, "").replace(md_util.ETX, "")
        source = source.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
        source = source.expandtabs(self.md.tab_length)
        if " \n" in source:
            source = re.sub(r"(?<=\n) +\n", "\n", source)
        return source.split("\n")


# One Markdown per process, direction and set of unneeded patterns, reset for every chunk of every page
# (making one costs more than converting a short page). One _Checks serves them all.
_CHECKS: _Checks | None = None
_MARKDOWN: dict[tuple[bool, frozenset[str] | None], markdown.Markdown] = {}


def _checks() -> _Checks:
    global _CHECKS
    if _CHECKS is None:
        _CHECKS = _Checks()  # it serves every Markdown, and needs none of its own
    return _CHECKS


def _markdown(rtl: bool, text: str | None) -> markdown.Markdown:
    """A Markdown for `text`, without the patterns it cannot need and with the look-ups above (None: plain
    Python-Markdown, every pattern tried everywhere)."""
    needs = {**_NEEDS, **_PREPROCESSOR_NEEDS}
    unused = None if text is None else frozenset(name for name, needed in needs.items() if not needed(text))
    if (rtl, unused) not in _MARKDOWN:
        md = markdown.Markdown(
            extensions=["attr_list", "tables", "sane_lists", _ChecksExtension(_checks(), rtl)]
        )
        if unused is not None:
            for name in unused:
                (md.inlinePatterns if name in _NEEDS else md.preprocessors).deregister(name)
            for name, needed in _NEEDS.items():
                if name not in md.inlinePatterns:
                    continue
                pattern = md.inlinePatterns[name]
                if isinstance(pattern, InlineProcessor):
                    guarded = (
                        _GuardedBy(pattern.compiled_re, _NEEDLES[name])
                        if name in _NEEDLES
                        else _Guarded(pattern.compiled_re, needed)
                    )
                    pattern.compiled_re = guarded  # type: ignore[assignment]
            # Looked up for every element written: a set, not Python-Markdown's list of 50 names.
            md.block_level_elements = set(md.block_level_elements)  # type: ignore[assignment]
            for name, needed in _BLOCK_NEEDS.items():
                _guard_block(md.parser.blockprocessors[name], needed)
            md.preprocessors.register(_NormalizeWhitespace(md), "normalize_whitespace", 30)
        _MARKDOWN[(rtl, unused)] = md
    return _MARKDOWN[(rtl, unused)]


def _render_body(
    page: Page, body: str, first_line: int, errors: list[ContentError], rtl: bool, every_pattern: bool = False
) -> None:
    checks = _checks()
    checks.begin_page(page, errors)
    chunk: list[str] = []
    chunk_line = first_line

    def flush() -> None:
        if "".join(chunk).strip():
            text = "".join(chunk)
            checks.begin_chunk(text, chunk_line)
            page.segments.append(Html(_markdown(rtl, None if every_pattern else text).reset().convert(text)))
        chunk.clear()

    if "[[" not in body:  # no block shortcode: the body is one chunk, as the loop below would find
        chunk.append(body)
        flush()
        return
    for number, line in enumerate(body.splitlines(keepends=True), start=first_line):
        match = _SHORTCODE.match(line.strip())
        if match:
            flush()
            chunk_line = number + 1
            kind, ident = match.groups()
            if kind not in SHORTCODES:
                known = ", ".join(sorted(SHORTCODES))
                errors.append(
                    ContentError(page.path, number, f"unknown block '[[{kind} …]]' (known: {known})")
                )
                continue
            if SHORTCODES[kind] != (ident is not None):
                usage = f"[[{kind} ID]]" if SHORTCODES[kind] else f"[[{kind}]]"
                errors.append(ContentError(page.path, number, f"write this block as {usage}"))
                continue
            code = Shortcode(kind, ident)
            page.segments.append(code)
            page.shortcodes.append((code, number))
        else:
            if not chunk:
                chunk_line = number
            chunk.append(line)
    flush()


@dataclass
class Pages:
    """Every page in every language, keyed by (language, slug)."""

    by_key: dict[tuple[str, str], Page]

    @property
    def slugs(self) -> list[str]:
        """English slugs define the site: every language has every page, translated or not."""
        return sorted(slug for lang, slug in self.by_key if lang == "en")

    def get(self, lang: str, slug: str) -> Page | None:
        """The page in `lang`, or its English text when it is not translated yet."""
        return self.by_key.get((lang, slug)) or self.by_key.get(("en", slug))


class PageCache(Protocol):
    """Parsed pages kept between builds (portal.buildcache), keyed by what shapes them."""

    def key(self, path: Path, lang: str, rtl: bool, data: bytes) -> str: ...
    def lookup(self, path: Path, lang: str, rtl: bool) -> tuple[str, bytes | None]: ...
    def get(self, key: str) -> Page | None: ...
    def put(self, key: str, page: Page) -> None: ...


_Job = tuple[Path, str, bool, str, str]  # path, language, right to left, text, cache key
_Parsed = tuple[Page | None, list[tuple[Path, int, str]]]


def _parse_run(jobs: list[_Job]) -> list[_Parsed]:
    """Parse pages, in a worker process or this one. Errors travel as tuples (they do not pickle)."""
    results: list[_Parsed] = []
    for path, lang, rtl, text, _ in jobs:
        try:
            page, problems = parse_page(path, lang, rtl=rtl, text=text)
        except ContentError as exc:
            results.append((None, [(exc.path, exc.line, exc.message)]))
            continue
        results.append((page, [(e.path, e.line, e.message) for e in problems]))
    return results


def load_pages(content_dir: Path, site: SiteData, cache: PageCache | None = None) -> Pages:
    """Every page, from `cache` where its file is unchanged, the others parsed on every core (and kept in
    `cache` when they have no problems)."""
    pages_dir = content_dir / "pages"
    errors: list[ContentError] = []
    by_key: dict[tuple[str, str], Page] = {}
    jobs: list[_Job] = []
    order: list[tuple[str, str]] = []  # file order, as the pages were always listed
    for lang_dir in sorted(p for p in pages_dir.iterdir() if p.is_dir()):
        if lang_dir.name not in site.codes:
            errors.append(
                ContentError(lang_dir, 1, f"'{lang_dir.name}' is not a language in site/languages.yaml")
            )
            continue
        language = site.language(lang_dir.name)
        rtl = language is not None and language.rtl
        # Names, not Path objects, are sorted: it is the same order, for a fraction of the time.
        for path in (lang_dir / name for name in sorted(os.listdir(lang_dir)) if name.endswith(".md")):
            if not _SLUG.match(path.stem):
                errors.append(
                    ContentError(path, 1, "a page file name must be lower-case words joined by hyphens")
                )
                continue
            order.append((lang_dir.name, path.stem))
            data: bytes | None = None
            key = ""
            if cache is not None:
                # The file is read only when it changed (its digest is kept with its size and times).
                key, data = cache.lookup(path, lang_dir.name, rtl)
                found = cache.get(key)
                if found is not None:
                    found.path = path
                    by_key[(found.lang, found.slug)] = found
                    continue
            if data is None:
                data = path.read_bytes()
                key = cache.key(path, lang_dir.name, rtl, data) if cache else ""
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                errors.append(ContentError(path, 1, f"not UTF-8 text: {exc}"))
                continue
            jobs.append((path, lang_dir.name, rtl, text, key))
    parsed = [result for _, run in map_chunks(_parse_run, jobs) for result in run]
    for job, (page, problems) in zip(jobs, parsed, strict=True):
        errors.extend(ContentError(*problem) for problem in problems)
        if page is not None:
            by_key[(page.lang, page.slug)] = page
            if cache is not None and not problems:
                cache.put(job[4], page)
    pages = Pages({key: by_key[key] for key in order if key in by_key})
    errors.extend(_check_site(pages, site, pages_dir))
    if errors:
        raise ContentErrors(errors)
    return pages


def _check_site(pages: Pages, site: SiteData, pages_dir: Path) -> list[ContentError]:
    errors = [
        ContentError(pages_dir / "en" / f"{slug}.md", 1, f"the English page '{slug}' is required and missing")
        for slug in REQUIRED_PAGES
        if ("en", slug) not in pages.by_key
    ]
    for page in pages.by_key.values():
        if page.translated and ("en", page.slug) not in pages.by_key:
            errors.append(
                ContentError(page.path, 1, f"there is no English page '{page.slug}' for this to translate")
            )
        for link in page.links:
            target = pages.get(page.lang, link.slug)
            if target is None:
                errors.append(
                    ContentError(page.path, link.line, f"link to page '{link.slug}', which does not exist")
                )
            elif link.anchor and link.anchor not in target.anchors:
                errors.append(
                    ContentError(
                        page.path,
                        link.line,
                        f"link to '{link.slug}#{link.anchor}': that page has no such anchor",
                    )
                )
        for code, line in page.shortcodes:
            if code.kind == "contact" and code.id not in site.contacts:
                errors.append(
                    ContentError(page.path, line, f"no contact route '{code.id}' in site/contacts.yaml")
                )
    return errors
