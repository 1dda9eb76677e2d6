"""`make translations-report`: for each language, the share of catalogue entries translated and of pages
translated and reviewed by a qualified translator."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click
from babel.numbers import format_percent

from sitekit import catalogue
from sitekit.sitedata import load_site_data

from .config import PortalConfig
from .content import load_pages


@dataclass(frozen=True)
class LanguageReport:
    code: str
    name: str
    entries: int
    translated_entries: int
    pages: int
    translated_pages: int
    reviewed_pages: int


def report(content_dir: Path, translations: Path) -> list[LanguageReport]:
    site = load_site_data(content_dir)
    pages = load_pages(content_dir, site)
    template = catalogue.read(translations / "messages.pot")
    total = sum(1 for message in template if message.id)
    found = []
    for language in site.languages:
        if language.code == "en":
            continue
        path = catalogue.po_path(language.code, translations)
        done = 0
        if path.exists():
            po = catalogue.read(path, language.code)
            done = sum(
                1
                for message in po
                if message.id
                and not message.fuzzy
                and all(message.string if isinstance(message.string, tuple) else [message.string])
            )
        translated = [
            pages.by_key[(language.code, slug)]
            for slug in pages.slugs
            if (language.code, slug) in pages.by_key
        ]
        found.append(
            LanguageReport(
                language.code,
                language.name,
                total,
                done,
                len(pages.slugs),
                len(translated),
                sum(1 for page in translated if page.reviewed),
            )
        )
    return found


@click.command("translation-report")
def main() -> None:
    """For each language: the share of the catalogue and of pages translated and reviewed."""
    config = PortalConfig.from_env()
    rows = report(config.content_dir, config.translations_dir)

    def share(part: int, whole: int) -> str:
        return format_percent(part / whole if whole else 0, locale="en_GB")

    click.echo(f"{'language':<24} {'catalogue':>18} {'pages translated':>18} {'pages reviewed':>16}")
    for row in rows:
        click.echo(
            f"{row.code + ' ' + row.name:<24} "
            f"{f'{row.translated_entries}/{row.entries} {share(row.translated_entries, row.entries)}':>18} "
            f"{f'{row.translated_pages}/{row.pages} {share(row.translated_pages, row.pages)}':>18} "
            f"{f'{row.reviewed_pages}/{row.pages} {share(row.reviewed_pages, row.pages)}':>16}"
        )


if __name__ == "__main__":
    main()
