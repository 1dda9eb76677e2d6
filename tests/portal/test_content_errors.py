"""Bad content fails with the file, the line and what is wrong, never a traceback."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from portal.build import BuildError, build
from portal.config import PortalConfig
from portal.content import load_pages
from sitekit.errors import ContentErrors
from sitekit.sitedata import load_site_data


def problems(content: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        load_pages(content, load_site_data(content))
    return [str(error) for error in caught.value.errors]


def site_problems(content: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        load_site_data(content)
    return [str(error) for error in caught.value.errors]


def write(content: Path, name: str, text: str) -> Path:
    path = content / "pages" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


PAGE = "---\ntitle: Test\nsummary: A test page.\n---\n"


def test_the_real_content_loads(content_copy: Path) -> None:
    pages = load_pages(content_copy, load_site_data(content_copy))
    assert "policy" in pages.slugs and "how-to-complain" in pages.slugs


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("Intro.\n\n# A second title\n", 7, "one main heading"),
        ("## Fine {#fine}\n\n#### Too deep\n", 7, "jumps from level 2 to 4"),
        ("Intro.\n\n## No anchor here\n", 7, "needs an anchor"),
        ("## Upper {#Bad_Anchor}\n", 5, "lower-case letters"),
        ("## One {#same}\n\n## Two {#same}\n", 7, "used twice"),
        ("## Layout {#main-content}\n", 5, "used by the page layout"),
        ("Text.\n\nSee [the policy](page:no-such-page).\n", 7, "page 'no-such-page', which does not exist"),
        ("See [limits](page:policy#no-such-anchor).\n", 5, "has no such anchor"),
        ("See [here](#missing).\n", 5, "has no such anchor"),
        ("Go [there](http://example.org).\n", 5, "must be page:"),
        ("Go [online](tracker:elsewhere).\n", 5, "the tracker links are"),
        ("Intro.\n\n[[contact nobody]]\n", 7, "no contact route 'nobody'"),
        ("[[widget council]]\n", 5, "unknown block"),
    ],
)
def test_a_bad_page_names_its_file_line_and_problem(
    content_copy: Path, body: str, line: int, words: str
) -> None:
    path = write(content_copy, "en/broken.md", PAGE + body)
    found = problems(content_copy)
    assert any(p.startswith(f"{path}:{line}:") and words in p for p in found), found


def test_front_matter_problems(content_copy: Path) -> None:
    path = write(content_copy, "en/broken.md", "---\ntitle: Test\nsumary: typo\n---\nText.\n")
    found = problems(content_copy)
    assert f"{path}:3: unknown field 'sumary' (fields are contents, reviewed, summary, title)" in found
    assert any(p.startswith(f"{path}:2: missing field 'summary'") for p in found)


def test_front_matter_must_be_there(content_copy: Path) -> None:
    path = write(content_copy, "en/broken.md", "# Just markdown\n")
    assert problems(content_copy) == [
        f"{path}:1: a page must start with front matter between two '---' lines"
    ]


def test_broken_yaml_names_the_line(content_copy: Path) -> None:
    path = write(content_copy, "en/broken.md", "---\ntitle: Test\nsummary: [unclosed\n---\nText.\n")
    assert any(p.startswith(f"{path}:") and "not valid YAML" in p for p in problems(content_copy))


def test_a_translation_must_say_whether_it_was_reviewed(content_copy: Path) -> None:
    path = write(content_copy, "ar/privacy.md", PAGE + "نص.\n")
    assert f"{path}:2: a translation must say 'reviewed: true' or 'reviewed: false'" in problems(content_copy)


def test_a_translation_needs_an_english_page(content_copy: Path) -> None:
    path = write(content_copy, "ar/orphan.md", PAGE.replace("---\n", "---\nreviewed: false\n", 1) + "نص.\n")
    assert f"{path}:1: there is no English page 'orphan' for this to translate" in problems(content_copy)


def test_pages_in_an_unknown_language(content_copy: Path) -> None:
    write(content_copy, "xx/home.md", PAGE + "Text.\n")
    assert any("'xx' is not a language in site/languages.yaml" in p for p in problems(content_copy))


def test_a_required_page_missing(content_copy: Path) -> None:
    (content_copy / "pages" / "en" / "contact.md").unlink()
    found = problems(content_copy)
    assert any("the English page 'contact' is required and missing" in p for p in found)


def test_bad_contact_data_names_the_line(content_copy: Path) -> None:
    path = content_copy / "site" / "contacts.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("info@housing-ombudsman.org.uk", "not-an-email").replace(
            'opens: "10:00"', 'opens: "25:00"'
        ),
        encoding="utf-8",
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    email_line = next(n for n, line in enumerate(lines, 1) if "not-an-email" in line)
    hours_line = next(n for n, line in enumerate(lines, 1) if '"25:00"' in line)
    found = site_problems(content_copy)
    assert f"{path}:{email_line}: 'not-an-email' is not an email address" in found
    assert any(p.startswith(f"{path}:{hours_line}: opens must be a 24-hour time") for p in found), found


def test_bad_language_data(content_copy: Path) -> None:
    path = content_copy / "site" / "languages.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("dir: rtl", "dir: sideways"), encoding="utf-8")
    assert any("dir must be ltr or rtl, not 'sideways'" in p for p in site_problems(content_copy))


def test_the_build_fails_with_every_problem_listed(content_copy: Path, tmp_path: Path) -> None:
    write(content_copy, "en/broken.md", PAGE + "# Title again\n\n[[contact nobody]]\n")
    with pytest.raises(BuildError) as caught:
        build(PortalConfig(content_dir=content_copy, build_dir=tmp_path / "out"), out=io.StringIO())
    message = str(caught.value)
    assert message.startswith("2 problem(s) in content/:")
    assert "broken.md:5:" in message and "broken.md:7:" in message


def test_bad_procedure_data_names_the_line(content_copy: Path) -> None:
    procedures = content_copy / "site" / "procedures.yaml"
    procedures.write_text(procedures.read_text(encoding="utf-8").replace("respond: 15", "respond: fifteen"))
    areas = content_copy / "site" / "service_areas.yaml"
    areas.write_text(areas.read_text(encoding="utf-8").replace("procedure: corporate", "procedure: nope", 1))
    line = next(n for n, text in enumerate(procedures.read_text().splitlines(), 1) if "fifteen" in text)
    area_line = next(
        n for n, text in enumerate(areas.read_text().splitlines(), 1) if "procedure: nope" in text
    )
    found = site_problems(content_copy)
    assert f"{procedures}:{line}: 'respond' must be a number of working days between 1 and 130" in found
    assert f"{areas}:{area_line}: no procedure 'nope' in procedures.yaml" in found


def test_a_block_used_the_wrong_way(content_copy: Path) -> None:
    path = write(content_copy, "en/broken.md", PAGE + "[[contact]]\n\n[[procedures housing]]\n")
    found = problems(content_copy)
    assert f"{path}:5: write this block as [[contact ID]]" in found
    assert f"{path}:7: write this block as [[procedures]]" in found
