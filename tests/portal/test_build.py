"""The build fails loudly, naming the page, when a page is missing, answers 404 or links nowhere."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from flask import Flask
from flask_frozen import Freezer

from portal import build as build_module
from portal.build import BuildError, Expected, build
from portal.config import PortalConfig
from portal.linkcheck import broken_links


def test_the_build_reports_progress_and_a_summary(tmp_path: Path) -> None:
    out = io.StringIO()
    counts = build(PortalConfig(build_dir=tmp_path / "site"), out=out)
    text = out.getvalue()
    assert text.startswith("Building ")
    assert re.search(r"\[\d+/\d+\] /", text)
    assert re.search(
        r"Built \d+ pages in [\d.]+ s \(\(root\): 5, ar: \d+, bg: \d+, .*en: \d+.*\); links checked\.", text
    )
    assert counts["en"] == counts["ar"] > 5


def test_a_language_the_freezer_drops_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Frozen-Flask can silently skip a whole language; the build checks every expected file exists."""
    real = build_module.make_freezer

    def without_arabic(app: Flask, destination: Path, urls: list[str]) -> Freezer:
        return real(app, destination, [url for url in urls if not url.startswith("/ar/")])

    monkeypatch.setattr(build_module, "make_freezer", without_arabic)
    with pytest.raises(BuildError) as caught:
        build(PortalConfig(build_dir=tmp_path / "site"), out=io.StringIO())
    assert "pages that should have been written were not:" in str(caught.value)
    assert "/ar/how-to-complain/" in str(caught.value)


def test_a_page_that_answers_404_fails_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = build_module.expected_pages

    def with_a_missing_page(app: Flask) -> list[Expected]:
        return [*real(app), Expected("pages.page", {"lang": "en", "slug": "no-such-page"}, "en")]

    monkeypatch.setattr(build_module, "expected_pages", with_a_missing_page)
    with pytest.raises(BuildError, match=r"404 NOT FOUND.*/en/no-such-page/"):
        build(PortalConfig(build_dir=tmp_path / "site"), out=io.StringIO())


def test_the_tracker_address_is_a_setting(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(PortalConfig(build_dir=site, tracker_url="https://tracker.example.org/"), out=io.StringIO())
    home = (site / "ar" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://tracker.example.org/ar/new/"' in home


def write(root: Path, url: str, body: str) -> None:
    path = root / url.lstrip("/")
    if url.endswith("/"):
        path = path / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!DOCTYPE html><html><body>{body}</body></html>", encoding="utf-8")


def test_link_check_names_the_page_with_the_broken_link(tmp_path: Path) -> None:
    write(
        tmp_path,
        "/en/",
        '<a href="/en/gone/">x</a> <a href="/en/policy/#nowhere">y</a> <a href="policy/">z</a>',
    )
    write(
        tmp_path,
        "/en/policy/",
        '<h2 id="stages">Stages</h2><a href="#stages">ok</a><a href="/tracker/en/new">t</a>',
    )
    assert broken_links(tmp_path, skip_prefixes=("/tracker",)) == [
        "/en/: link to /en/gone/, which was not built",
        "/en/: link to /en/policy/#nowhere, which has no id 'nowhere'",
        "/en/: link 'policy/' is relative; internal links start with /",
    ]


def test_the_clean_up_removes_the_folders_it_empties(tmp_path: Path) -> None:
    """A year's pages gone (say, sample figures no longer published): its folders go with them, even one
    that held nothing but an emptied folder (en/performance/2025-26/ held only annual-report/)."""
    site = tmp_path / "site"
    for name in ("en/performance/2025-26/annual-report/index.html", "en/performance/index.html", "a/b.css"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("x")
    removed = build_module.remove_extra_files(site, {"en/performance/index.html"})
    assert sorted(removed) == ["a/b.css", "en/performance/2025-26/annual-report/index.html"]
    assert sorted(str(p.relative_to(site)) for p in site.rglob("*")) == [
        "en",
        "en/performance",
        "en/performance/index.html",
    ]
