"""The parts the build was made faster with give the results of the slower way they replace."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import Flask

from portal import stylesheet
from portal.content import parse_page
from portal.linkcheck import scan
from portal.state import state
from sitekit.paths import ROOT
from sitekit.sitedata import SiteData

PAGES = sorted((ROOT / "content" / "pages").glob("*/*.md"))

# Markdown that uses every inline pattern and block processor, and some that uses none.
TRICKY = """---
title: Tricky
summary: Every inline pattern.
---

## Code and escapes {#code}

Some `code`, a \\*not emphasis\\*, *emphasis*, **strong**, _under_ and __strong__, snake_case_word.
A [link](https://example.org), a [reference][ref], [ref], an ![image](https://example.org/a.png),
![ref], <https://example.org/auto>, <someone@example.org>, a line break{BREAK}
here, <b>inline html</b>, &amp; &copy; &#169; and a lone & sign.
Tabs\tinside a line.

[ref]: https://example.org/ref

## Plain {#plain}

Nothing special in this paragraph at all.

## Blocks {#blocks}

> A quote, with a [link](https://example.org/quoted)
> over two lines.

A setext heading
----------------

* * *

- - -

A paragraph after rules, then a line of spaces only:
{SPACES}
<div class="raw">Raw <em>HTML</em> block</div>

[other]: https://example.org/other "Title"

An [other] reference, and a #hash that is not a heading.
""".replace("{BREAK}", "  ").replace("{SPACES}", "    ")


class _Reference(HTMLParser):
    """What the build used to parse every written page with."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for name in ("href", "src"):
            value = values.get(name)
            if value and not (
                tag == "link" and values.get("rel") == "alternate" and value.startswith("http")
            ):
                self.links.append(value)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_markdown_without_unneeded_patterns_gives_the_same_page(path: Path, site_data: SiteData) -> None:
    language = site_data.language(path.parent.name)
    rtl = language is not None and language.rtl
    fast, fast_errors = parse_page(path, path.parent.name, rtl=rtl)
    full, full_errors = parse_page(path, path.parent.name, rtl=rtl, every_pattern=True)
    assert fast == full
    assert fast_errors == full_errors


@pytest.mark.parametrize("rtl", [False, True])
def test_markdown_with_every_kind_of_inline_markup_gives_the_same_html(tmp_path: Path, rtl: bool) -> None:
    path = tmp_path / "tricky.md"
    path.write_text(TRICKY, encoding="utf-8")
    fast, _ = parse_page(path, "en", rtl=rtl)
    full, _ = parse_page(path, "en", rtl=rtl, every_pattern=True)
    assert fast.segments == full.segments
    html = "".join(getattr(segment, "html", "") for segment in fast.segments)
    if rtl:  # Latin runs are isolated in spans, inside the markup too
        return
    for made in (
        "<code>code</code>",
        "<em>emphasis</em>",
        "<strong>strong</strong>",
        "<br />",
        "&amp; &copy;",
    ):
        assert made in html
    assert "snake_case_word" in html


def test_links_collected_while_rendering_are_those_an_html_parser_finds(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        text = path.read_text(encoding="utf-8")
        reference = _Reference()
        reference.feed(text)
        found = scan(text)
        assert (found.links, found.ids) == (reference.links, reference.ids), path


def test_scan_ignores_comments_scripts_and_quoted_angle_brackets() -> None:
    found = scan(
        '<!-- <a href="/x/"> --><script>var a = "<a href=/y/>";</script>'
        '<p title="a > b" id=\'one\' class="a  b"><a href="/z/?a=1&amp;b=2">z</a></p>'
    )
    assert found.links == ["/z/?a=1&b=2"]
    assert found.ids == {"one"}
    assert found.classes == {"a", "b"}
    assert found.elements == {"script", "p", "a"}


def test_minified_css_keeps_strings_and_descendant_pseudo_classes() -> None:
    css = '/* note */\na :hover ,  b > i {\n  content: "  two  spaces ; } ";\n  margin: 0 ;\n}\n'
    assert stylesheet.minify(css) == 'a :hover,b>i{content:"  two  spaces ; } ";margin:0}\n'


def test_pruning_keeps_what_may_match_and_drops_what_cannot() -> None:
    css = stylesheet.minify(
        '.used, .unused { color: red } tr.used { x: 1 } table td { y: 2 } [dir="rtl"] .back { z: 3 }'
        ' @media print { .unused { a: b } .used::after { content: "}" } } :lang(ar) { c: d }'
        " @import url(x.css);"
    )
    pruned = stylesheet.prune(css, classes={"used"}, elements={"tr", "p"})
    assert pruned == (
        '.used{color:red}tr.used{x:1}@media print{.used::after{content:"}"}}'
        ":lang(ar){c:d}@import url(x.css);\n"
    )


def _without_pseudo(selector: str) -> str:
    """The selector with every pseudo-class and pseudo-element taken away, with its argument however deeply
    it nests (`:has(> input:not(:checked))`)."""
    out, i = [], 0
    while i < len(selector):
        found = re.compile(r"::?[a-z-]+").match(selector, i)
        if not found:
            out.append(selector[i])
            i += 1
            continue
        i = found.end()
        if i < len(selector) and selector[i] == "(":
            depth = 0
            while i < len(selector):
                depth += {"(": 1, ")": -1}.get(selector[i], 0)
                i += 1
                if depth == 0:
                    break
    return "".join(out)


def test_pseudo_classes_are_taken_away_with_their_nested_arguments() -> None:
    assert (
        _without_pseudo(".checkbox:has(> input:not(:checked)) + .conditional") == ".checkbox + .conditional"
    )
    assert _without_pseudo("a:hover::after") == "a"


def test_no_dropped_rule_matches_anything_on_a_built_page(built_site: Path) -> None:
    """Every selector the built stylesheet lost matches no element of any built page, even with its
    pseudo-classes taken away (which only widens what it matches)."""
    source = stylesheet.minify((ROOT / "sitekit" / "static" / "site.css").read_text(encoding="utf-8"))
    built = (built_site / "static" / "site.css").read_text(encoding="utf-8")

    def selectors(css: str) -> set[str]:
        found = set()
        for rule in stylesheet.rules(css):
            inner = stylesheet.rules(rule.body) if rule.nested else [rule]
            for each in inner:
                if not each.head.startswith("@"):
                    found.update(stylesheet.split_selectors(each.head))
        return found

    dropped = selectors(source) - selectors(built)
    assert dropped, "the portal uses every rule of the shared stylesheet"
    # Minified and pruned: well under the source, which also holds the tracker's rules and comments.
    assert len(built) < len(source) * 0.6
    soups = [
        BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser") for path in built_site.rglob("*.html")
    ]
    for selector in sorted(dropped):
        widened = _without_pseudo(selector).strip() or "*"
        assert not any(soup.select(widened) for soup in soups), selector


def test_parts_kept_per_language_are_those_rendered_on_every_page(app: Flask) -> None:
    """The navigation and footer, rendered once per language and kept (views.per_language), are what
    each page renders for itself when templates reload and nothing is kept."""
    portal = state(app)
    paths = [f"/{lang}/{slug}/" for lang in portal.site.codes for slug in ("contact", "privacy")]
    kept = {path: app.test_client().get(path).get_data(as_text=True) for path in paths}
    assert app.extensions["per_language"]
    app.jinja_env.auto_reload = True
    for path in paths:
        assert app.test_client().get(path).get_data(as_text=True) == kept[path], path
    footers = {re.search(r"<footer.*</footer>", html, re.S).group(0) for html in kept.values()}  # type: ignore[union-attr]
    assert len(footers) == len(portal.site.codes)  # one per language, each in its own words
