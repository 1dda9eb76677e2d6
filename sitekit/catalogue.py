"""The translation pipeline: extract, update, compile and check the catalogue the portal and tracker share.

`python -m sitekit.catalogue extract|update|compile|check|init LANG`; the Makefile's targets call these.
The template is written without line numbers or a creation date, so it only changes when a string does.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from .paths import ROOT

TRANSLATIONS = ROOT / "translations"
TEMPLATE = TRANSLATIONS / "messages.pot"
SOURCE_DIRS = ("sitekit", "portal", "tracker")
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "_l": None, "lazy_ngettext": (1, 2)}
METHODS = [
    ("**.py", "python"),
    ("**/templates/**.html", "jinja2.ext:babel_extract"),
    ("**/templates/**.txt", "jinja2.ext:babel_extract"),
]
OPTIONS = {"**/templates/**.html": {"trimmed": "true"}, "**/templates/**.txt": {"trimmed": "true"}}
COPYRIGHT = "the harrow-complaints contributors"
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def extract(root: Path = ROOT) -> Catalog:
    catalog = Catalog(project="harrow-complaints", copyright_holder=COPYRIGHT, fuzzy=False)
    for folder in SOURCE_DIRS:
        if not (root / folder).is_dir():
            continue
        for filename, lineno, message, comments, context in extract_from_dir(
            root / folder, METHODS, OPTIONS, KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True
        ):
            catalog.add(
                message, None, [(f"{folder}/{filename}", lineno)], auto_comments=comments, context=context
            )
    return catalog


# Header lines that say when or with which tool a file was written: they change with no string changing.
_VOLATILE_HEADERS = ('"POT-Creation-Date', '"PO-Revision-Date', '"Generated-By')


def render_po(catalog: Catalog, *, header: bool = True) -> str:
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=0,
        no_location=True,
        omit_header=not header,
        sort_output=True,
        include_previous=False,
    )
    text = buffer.getvalue().decode("utf-8")
    # A date or the tool's version would change the file on every run or upgrade; nothing reads them.
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith(_VOLATILE_HEADERS))


def messages_text(catalog: Catalog) -> str:
    """The messages (ids, plurals, contexts, flags, comments) without the header: what the check compares."""
    return render_po(catalog, header=False)


def languages(translations: Path = TRANSLATIONS) -> list[str]:
    return sorted(p.name for p in translations.iterdir() if (p / "LC_MESSAGES" / "messages.po").is_file())


def po_path(lang: str, translations: Path = TRANSLATIONS) -> Path:
    return translations / lang / "LC_MESSAGES" / "messages.po"


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def update(translations: Path = TRANSLATIONS) -> None:
    template = read(translations / "messages.pot")
    for lang in languages(translations):
        path = po_path(lang, translations)
        catalog = read(path, lang)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        path.write_text(render_po(catalog), encoding="utf-8")


def init(lang: str, translations: Path = TRANSLATIONS) -> Path:
    path = po_path(lang, translations)
    if path.exists():
        raise SystemExit(f"{path} exists already; use 'make translations-update'")
    catalog = Catalog(locale=lang, project="harrow-complaints", copyright_holder=COPYRIGHT, fuzzy=False)
    for message in read(translations / "messages.pot"):
        if message.id:
            catalog.add(message.id, None, auto_comments=message.auto_comments)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_po(catalog), encoding="utf-8")
    return path


def compile_all(translations: Path = TRANSLATIONS, *, only_changed: bool = False) -> list[Path]:
    """Compile every catalogue; `only_changed`: skip a .mo at least as new as its .po."""
    written = []
    for lang in languages(translations):
        source = po_path(lang, translations)
        target = source.with_suffix(".mo")
        if only_changed and target.is_file() and target.stat().st_mtime_ns >= source.stat().st_mtime_ns:
            continue
        catalog = read(source, lang)
        with target.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        written.append(target)
    return written


def _placeholders(text: str | Iterable[str]) -> set[str]:
    texts = [text] if isinstance(text, str) else list(text)
    return {a or b for t in texts for a, b in _PLACEHOLDER.findall(t or "")}


def check(root: Path = ROOT, translations: Path = TRANSLATIONS) -> list[str]:
    """Every problem with the catalogues, as lines a translator can act on; empty when all is well."""
    problems = []
    template_path = translations / "messages.pot"
    if not template_path.exists() or messages_text(read(template_path)) != messages_text(extract(root)):
        problems.append(f"{template_path}: out of date with the code; run 'make translations-extract'")
    template = read(template_path) if template_path.exists() else Catalog()
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    for lang in languages(translations):
        path = po_path(lang, translations)
        catalog = read(path, lang)
        have = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
        for missing in sorted(ids - have.keys()):
            problems.append(f"{path}: no entry for {missing!r}; run 'make translations-update'")
        for msgid in sorted(have.keys() - ids):
            problems.append(f"{path}: {msgid!r} is no longer used; run 'make translations-update'")
        for msgid, message in have.items():
            strings = list(message.string) if isinstance(message.string, tuple | list) else [message.string]
            where = f"{path}:{message.lineno}"
            if message.fuzzy:
                problems.append(f"{where}: {msgid!r} is marked fuzzy; check it and remove the flag")
            if not all(strings):
                problems.append(f"{where}: {msgid!r} has no translation")
                continue
            if isinstance(message.id, tuple | list) and len(strings) != catalog.num_plurals:
                problems.append(
                    f"{where}: {msgid!r} needs {catalog.num_plurals} plural forms, has {len(strings)}"
                )
            wanted = _placeholders(message.id or "")
            for text in strings:
                if _placeholders(text or "") != wanted:
                    problems.append(
                        f"{where}: {msgid!r}: the translation must keep the placeholders {sorted(wanted)}"
                    )
    return problems


@click.group("catalogue")
def main() -> None:
    """The interface catalogue: translations/messages.pot and a .po file per language (the make targets
    translations-extract, translations-update, translations-compile, translations-check, translation-init)."""


@main.command("extract")
def extract_command() -> None:
    """Write translations/messages.pot from the code and templates."""
    TEMPLATE.write_text(render_po(extract()), encoding="utf-8")
    click.echo(f"wrote {TEMPLATE.relative_to(ROOT)}")


@main.command("update")
def update_command() -> None:
    """Bring every language's catalogue up to date with the template."""
    update()
    click.echo("updated " + ", ".join(languages()))


@main.command("compile")
def compile_command() -> None:
    """Compile the catalogues to .mo files (build outputs, not committed)."""
    for path in compile_all():
        click.echo(f"compiled {path.relative_to(ROOT)}")


@main.command("init")
@click.argument("lang")
def init_command(lang: str) -> None:
    """Start a new language's catalogue from the template."""
    click.echo(f"created {init(lang).relative_to(ROOT)}")


@main.command("check")
def check_command() -> None:
    """Exit 1 on a stale template or an incomplete, fuzzy or broken catalogue; say each problem."""
    problems = check()
    for problem in problems:
        click.echo(problem)
    click.echo(f"catalogues: {len(problems)} problem(s) in {', '.join(languages()) or 'no languages'}")
    if problems:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
