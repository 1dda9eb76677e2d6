"""The fixture site built today is the golden site committed in tests/golden/site/, file by file; a change
to rendering fails here with a diff, and `make golden` accepts it."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.golden import GOLDEN, build_fixture_site, differences


def test_the_fixture_site_builds_to_the_golden_site(tmp_path: Path) -> None:
    site = build_fixture_site(tmp_path)
    assert (GOLDEN / "ar" / "index.html").is_file(), "no golden site: run `make golden`"
    problem = differences(site)
    assert problem is None, problem


def test_a_changed_page_fails_with_a_diff_and_says_how_to_accept_it(tmp_path: Path) -> None:
    built = tmp_path / "built"
    shutil.copytree(GOLDEN, built)
    page = built / "ar" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace('dir="rtl"', 'dir="ltr"', 1), encoding="utf-8")
    (built / "en" / "contact" / "index.html").unlink()
    (built / "extra.html").write_text("<!DOCTYPE html>", encoding="utf-8")
    problem = differences(built)
    assert problem is not None
    assert "run `make golden`" in problem
    assert "not built, but in the golden site: en/contact/index.html" in problem
    assert "built, but not in the golden site: extra.html" in problem
    assert "The first differing file, ar/index.html:" in problem
    assert '-<html lang="ar" dir="rtl">' in problem and '+<html lang="ar" dir="ltr">' in problem
