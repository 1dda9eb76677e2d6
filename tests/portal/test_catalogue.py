"""The catalogue pipeline: the committed template is current, every language complete, and the check
catches each way a catalogue goes wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitekit import catalogue


def test_the_committed_catalogues_pass_the_check() -> None:
    assert catalogue.check() == []


def test_extraction_is_stable() -> None:
    first = catalogue.render_po(catalogue.extract())
    assert first == catalogue.render_po(catalogue.extract())
    assert "POT-Creation-Date" not in first and "#: " not in first


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A tiny project: one template with three strings, a template catalogue and an Arabic catalogue."""
    templates = tmp_path / "portal" / "templates"
    templates.mkdir(parents=True)
    (templates / "page.html").write_text(
        '{{ _("Hello") }} {{ _("Hello %(name)s", name=n) }} {{ ngettext("%(num)d day", "%(num)d days", n) }}'
    )
    translations = tmp_path / "translations"
    translations.mkdir()
    (translations / "messages.pot").write_text(catalogue.render_po(catalogue.extract(tmp_path)))
    catalogue.init("ar", translations)
    return tmp_path


def fill(project: Path, **changes: str | list[str] | bool) -> Path:
    path = catalogue.po_path("ar", project / "translations")
    po = catalogue.read(path, "ar")
    for message in po:
        if message.id == "Hello":
            message.string = "مرحبا"
        elif message.id == "Hello %(name)s":
            message.string = "مرحبا %(name)s"
        elif message.id:
            message.string = tuple(f"%(num)d يوم {n}" for n in range(6))
    for msgid, value in changes.items():
        message = po[msgid.replace("_", " ")]
        assert message is not None
        if value is True:
            message.flags.add("fuzzy")
        else:
            message.string = tuple(value) if isinstance(value, list) else value
    path.write_text(catalogue.render_po(po), encoding="utf-8")
    return path


def problems(project: Path) -> list[str]:
    return catalogue.check(project, project / "translations")


def test_a_complete_catalogue_passes(project: Path) -> None:
    fill(project)
    assert problems(project) == []


def test_an_untranslated_entry_is_reported(project: Path) -> None:
    assert any("'Hello' has no translation" in p for p in problems(project))


def test_a_fuzzy_entry_is_reported(project: Path) -> None:
    fill(project, Hello=True)
    assert any("'Hello' is marked fuzzy" in p for p in problems(project))


def test_a_lost_placeholder_is_reported(project: Path) -> None:
    path = fill(project)
    text = path.read_text(encoding="utf-8").replace("مرحبا %(name)s", "مرحبا")
    path.write_text(text, encoding="utf-8")
    assert any("must keep the placeholders ['name']" in p for p in problems(project))


def test_missing_plural_forms_are_reported(project: Path) -> None:
    path = fill(project)
    text = path.read_text(encoding="utf-8")
    for n in (2, 3, 4, 5):
        text = text.replace(f'msgstr[{n}] "%(num)d يوم {n}"\n', "")
    path.write_text(text, encoding="utf-8")
    assert any("needs 6 plural forms" in p or "has no translation" in p for p in problems(project))


def test_a_stale_template_is_reported(project: Path) -> None:
    fill(project)
    page = project / "portal" / "templates" / "page.html"
    page.write_text(page.read_text() + '{{ _("A new string") }}')
    assert any("out of date with the code" in p for p in problems(project))


def test_update_brings_in_new_strings_and_drops_old_ones(project: Path) -> None:
    fill(project)
    page = project / "portal" / "templates" / "page.html"
    page.write_text('{{ _("Hello") }} {{ _("A new string") }}')
    (project / "translations" / "messages.pot").write_text(catalogue.render_po(catalogue.extract(project)))
    catalogue.update(project / "translations")
    found = problems(project)
    assert any("'A new string' has no translation" in p for p in found)
    assert not any("Hello %(name)s" in p for p in found)
    assert catalogue.read(catalogue.po_path("ar", project / "translations"), "ar")["Hello"].string == "مرحبا"


def test_compiled_catalogues_are_not_committed() -> None:
    ignored = (catalogue.ROOT / ".gitignore").read_text().splitlines()
    assert "*.mo" in ignored


def test_the_translation_report(content_copy: Path) -> None:
    from portal.translation_report import report

    (content_copy / "pages" / "ta" / "policy.md").unlink()
    page = content_copy / "pages" / "ur" / "cookies.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("reviewed: false", "reviewed: true"), encoding="utf-8"
    )
    rows = {row.code: row for row in report(content_copy, catalogue.TRANSLATIONS)}
    assert "en" not in rows and len(rows) == 10
    assert all(row.translated_entries == row.entries > 200 for row in rows.values())
    assert (rows["ta"].translated_pages, rows["ta"].pages) == (8, 9)
    assert (rows["ur"].reviewed_pages, rows["ar"].reviewed_pages) == (1, 0)


def test_every_language_on_the_site_has_a_catalogue() -> None:
    from sitekit.sitedata import load_site_data

    codes = {lang.code for lang in load_site_data(catalogue.ROOT / "content").languages} - {"en"}
    assert codes == set(catalogue.languages())
