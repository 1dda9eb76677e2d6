"""Every frozen page is valid HTML by the Nu HTML Checker (npm's vnu-jar, run with Java), all in one call."""

from __future__ import annotations

from pathlib import Path

from tests.htmlcheck import validate


def test_every_page_is_valid_html(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 18
    assert validate([*pages, built_site / "static" / "site.css"], built_site) == []


def test_the_checker_catches_invalid_html(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="en"><title>x</title><p id="a"><p id="a"><span></div>')
    problems = validate([bad], tmp_path)
    assert any("Duplicate ID" in p for p in problems), problems
