"""The 11-language site converts each page's Markdown once (issue 15): a page not yet translated is the
English page itself in every other language, not parsed or converted again for each of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from portal import content
from sitekit.sitedata import load_site_data


def test_each_markdown_file_is_parsed_once_and_untranslated_pages_share_the_english_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("BUILD_WORKERS", "1")  # in this process, so the calls can be counted
    shutil.copytree(Path("content"), tmp_path / "content")
    folder = tmp_path / "content"
    english = sorted(path.stem for path in (folder / "pages" / "en").glob("*.md"))
    for lang in ("ar", "pl", "so", "ta"):  # the same two pages not yet translated in four languages
        for slug in english[-2:]:
            (folder / "pages" / lang / f"{slug}.md").unlink(missing_ok=True)
    site = load_site_data(folder)
    parsed: list[tuple[str, str]] = []
    real = content.parse_page

    def counted(path: Path, lang: str, **kwargs: object) -> object:
        parsed.append((lang, path.stem))
        return real(path, lang, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(content, "parse_page", counted)
    pages = content.load_pages(folder, site)
    files = sorted(
        (folder.name, path.stem) for folder in (folder / "pages").iterdir() for path in folder.glob("*.md")
    )
    assert sorted(parsed) == files  # once per file, not once per language that shows it
    assert len(site.codes) == 11
    untranslated = 0
    for lang in site.codes:
        for slug in pages.slugs:
            if not (folder / "pages" / lang / f"{slug}.md").exists():
                assert pages.get(lang, slug) is pages.get("en", slug), (lang, slug)
                untranslated += 1
    assert untranslated >= 8
