"""Performance content written in English only, on a page in another language: each element holding it is
marked lang="en" dir="ltr" (an Arabic page showed it right-aligned with its full stop first and "stage II."
wrapped onto a line of its own), and each section where it happens says once that it is not translated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, Tag

from sitekit.paths import CONTENT, TRANSLATIONS

NOTICE = "This part has not been translated into your language yet, so it is shown in English."
HISTORY = "/{lang}/performance/2022-23/"
ASSESSMENT = "/{lang}/performance/self-assessment/"
REPORT = "/{lang}/performance/2025-26/annual-report/"


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _english(value: Any) -> Iterator[str]:
    """Every English text a content value holds (plain strings are English: the files have no other)."""
    if isinstance(value, dict):
        if "en" in value and isinstance(value["en"], str):
            yield _words(value["en"])
        else:
            for item in value.values():
                yield from _english(item)
    elif isinstance(value, list):
        for item in value:
            yield from _english(item)
    elif isinstance(value, str) and re.search(r"[A-Za-z]", value):
        yield _words(value)


def _history_texts() -> set[str]:
    data = yaml.safe_load((CONTENT / "performance" / "2022-23.yaml").read_text(encoding="utf-8"))
    return set(_english([data["source_note"], data["headlines"], data["tables"]]))


def _assessment_texts() -> set[str]:
    data = yaml.safe_load((CONTENT / "self-assessment.yaml").read_text(encoding="utf-8"))
    keys = ("requirement", "evidence", "commentary")
    return set(_english([[row.get(key) for key in keys] for row in data["provisions"]]))


def _holders(soup: BeautifulSoup, texts: set[str]) -> list[Tag]:
    """The innermost elements of the page's main whose whole text is one of the texts."""
    main = soup.find("main")
    assert isinstance(main, Tag)
    found = [tag for tag in main.find_all(True) if _words(tag.get_text()) in texts]
    return [tag for tag in found if not any(_words(e.get_text()) in texts for e in tag.find_all(True))]


def _sections(soup: BeautifulSoup) -> list[list[Tag]]:
    """The elements of main in order, cut at each h1 and h2 (a section is its heading and what follows)."""
    main = soup.find("main")
    assert isinstance(main, Tag)
    sections: list[list[Tag]] = [[]]
    for tag in main.find_all(True):
        if tag.name in ("h1", "h2"):
            sections.append([])
        sections[-1].append(tag)
    return sections


def _arabic_notice() -> str:
    with (TRANSLATIONS / "ar" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        message = read_po(po).get(NOTICE)
    assert message is not None and message.string and message.string != NOTICE
    return str(message.string)


@pytest.mark.parametrize(
    ("url", "texts"),
    [(HISTORY, _history_texts), (ASSESSMENT, _assessment_texts), (REPORT, _assessment_texts)],
    ids=["history", "self-assessment", "annual-report"],
)
def test_english_on_an_arabic_page_is_marked_and_said_to_be_untranslated(
    site_pages: dict[str, BeautifulSoup], url: str, texts: Any
) -> None:
    soup = site_pages[url.format(lang="ar")]
    english = texts()
    holders = _holders(soup, english)
    assert len({_words(tag.get_text()) for tag in holders}) >= len(english) * 0.9, "the English is not shown"
    for tag in holders:
        language = tag if tag.get("lang") else tag.find_parent(lang=True)
        direction = tag if tag.get("dir") else tag.find_parent(dir=True)
        assert language is not None and direction is not None, tag
        assert (language.get("lang"), direction.get("dir")) == ("en", "ltr"), tag
        # on an inline span the text is still aligned to the right, and its lines break as in Arabic
        assert tag.name != "span", f"mark the block that holds it, not a span in it: {tag.parent}"
    notice = _arabic_notice()
    marked = 0
    for section in _sections(soup):
        notices = [tag for tag in section if "not-translated" in (tag.get("class") or [])]
        assert len(notices) <= 1, notices
        if any(tag in holders for tag in section):
            marked += 1
            assert len(notices) == 1, section[0]
            assert _words(notices[0].get_text()) == _words(notice)
            first = next(tag for tag in section[1:] if tag in holders)  # a heading comes before its notice
            assert section.index(notices[0]) < section.index(first), "the notice comes after the English"
    assert marked >= (3 if url == HISTORY else 1)


@pytest.mark.parametrize("url", [HISTORY, ASSESSMENT, REPORT])
def test_an_english_page_has_no_such_notice_or_marks(site_pages: dict[str, BeautifulSoup], url: str) -> None:
    soup = site_pages[url.format(lang="en")]
    assert soup.select(".not-translated") == []
    texts = _history_texts() if url == HISTORY else _assessment_texts()
    holders = _holders(soup, texts)
    assert holders, "the content is not shown"
    assert [tag for tag in holders if tag.get("dir")] == []
