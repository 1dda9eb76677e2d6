"""The performance pages: bad figure files fail with the file and line; published pages never show 1 to 4;
sample figures are labelled; charts have accessible names and the same data as their tables."""

from __future__ import annotations

import csv
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from portal import create_app
from portal.config import PortalConfig
from portal.performance import headlines, load
from sitekit.errors import ContentErrors
from sitekit.yamlfile import load_yaml
from tests.conftest import SAMPLE_FIGURES

TODAY = date(2026, 11, 23)


def problems(folder: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        load(folder, TODAY)
    return [str(error) for error in caught.value.errors]


@pytest.fixture
def figures_copy(tmp_path: Path) -> Path:
    shutil.copy(SAMPLE_FIGURES / "2026-27-q2.yaml", tmp_path / "2026-27-q2.yaml")
    return tmp_path


def edit(path: Path, old: str, new: str) -> int:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    first = new.strip().splitlines()[0]
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if first in line)


@pytest.mark.parametrize(
    ("old", "new", "message", "offset"),
    [
        ("    within: ", "    within: 9999\n    old_within: ", "a share over 100%", 0),
        (
            "    upheld: ",
            "    upheld: 1000\n    old_upheld: ",
            "the outcomes add up to",
            -1,
        ),  # the block's line
        ("\n  lcra: ", "\n  lcra: -5\n  was: ", "homes must give the homes of each tenure", -1),
    ],
)
def test_a_bad_figure_file_names_its_line(
    figures_copy: Path, old: str, new: str, message: str, offset: int
) -> None:
    path = figures_copy / "2026-27-q2.yaml"
    line = edit(path, old, new) + offset
    found = problems(figures_copy)
    assert any(p.startswith(f"{path}:{line}:") and message in p for p in found), (line, found)


def test_a_missing_field_is_named(figures_copy: Path) -> None:
    edit(figures_copy / "2026-27-q2.yaml", "  compliments:", "  kudos:")
    assert any("missing field 'compliments'" in p for p in problems(figures_copy))


def test_a_period_in_the_future_is_refused(figures_copy: Path) -> None:
    path = figures_copy / "2026-27-q2.yaml"
    path.rename(figures_copy / "2026-27-q4.yaml")
    line = edit(figures_copy / "2026-27-q4.yaml", "period: 2026/27 Q2", "period: 2026/27 Q4")
    assert f"{figures_copy / '2026-27-q4.yaml'}:{line}: 2026/27 Q4 is in the future" in problems(figures_copy)


def test_a_quarter_published_twice_is_refused(figures_copy: Path) -> None:
    text = (figures_copy / "2026-27-q2.yaml").read_text()
    (figures_copy / "2026-27-q2-again.yaml").write_text(text)
    found = problems(figures_copy)
    assert any("2026/27 Q2 is published twice" in p or "must be named 2026-27-q2.yaml" in p for p in found)


def test_real_figures_win_over_sample_ones(figures_copy: Path, tmp_path: Path) -> None:
    samples = tmp_path / "samples"
    samples.mkdir()
    shutil.copy(figures_copy / "2026-27-q2.yaml", samples / "2026-27-q2.yaml")
    edit(figures_copy / "2026-27-q2.yaml", "source: sample", "source: tracker")
    [publication] = load(figures_copy, TODAY, samples)
    assert publication.source == "tracker"


def performance_pages(site_pages: dict[str, BeautifulSoup]) -> dict[str, BeautifulSoup]:
    return {
        url: soup
        for url, soup in site_pages.items()
        if re.match(r"^/[a-z]{2}/performance/\d{4}-\d{2}-q\d/$", url)
    }


def test_no_published_cell_shows_1_to_4(site_pages: dict[str, BeautifulSoup], built_site: Path) -> None:
    pages = performance_pages(site_pages)
    assert len(pages) >= 3 * 11
    for url, soup in pages.items():
        for cell in soup.select("table td"):
            assert not re.fullmatch(r"[1-4]", cell.get_text(strip=True)), (url, cell)
        for value in soup.select("svg.chart text"):
            assert not re.fullmatch(r"[1-4]", value.get_text(strip=True)), (url, value)
    for path in (built_site / "performance").rglob("*.csv"):
        for row in csv.reader(path.read_text().splitlines()[1:]):
            for cell in row[1:]:
                assert cell not in {"1", "2", "3", "4"}, (path, row)


def test_sample_figures_are_labelled_on_every_page(site_pages: dict[str, BeautifulSoup]) -> None:
    for url, soup in performance_pages(site_pages).items():
        assert soup.select_one(".notice-sample") is not None, url
    assert site_pages["/en/performance/"].select_one(".notice-sample") is not None


def test_charts_have_names_and_the_same_data_as_a_table(site_pages: dict[str, BeautifulSoup]) -> None:
    soup = site_pages["/en/performance/2026-27-q2/"]
    charts = soup.select("svg.chart")
    assert len(charts) == 2
    for chart in charts:
        assert chart["role"] == "img"
        labelled = chart["aria-labelledby"].split()
        assert all(chart.find(id=name) is not None and chart.find(id=name).get_text() for name in labelled)
    outcomes_chart = [t.get_text() for t in soup.select("#chart-outcomes text")][1::2]
    outcomes_table = [row.select("td")[0].get_text() for row in soup.select("#caption-outcomes ~ tbody tr")]
    assert outcomes_chart == outcomes_table
    # The chart has stage 1 only, the table both stages: its name and its caption say so.
    assert soup.select_one("#chart-outcomes-title").get_text() == "Outcomes at stage 1 only"
    caption = soup.select_one("#chart-outcomes").find_next("figcaption").get_text()
    assert caption.startswith("The chart shows stage 1 only."), caption


def test_numbers_are_formatted_for_the_locale(site_pages: dict[str, BeautifulSoup]) -> None:
    english = site_pages["/en/performance/2026-27-q2/"].select_one("#caption-headlines ~ tbody").get_text()
    assert "%" in english
    title = site_pages["/ar/performance/2026-27-q2/"].title.get_text()
    assert "2026/27 Q2" in title


def test_downloads_and_the_feed(built_site: Path) -> None:
    table = json.loads((built_site / "performance" / "2026-27-q2" / "outcomes.json").read_text())
    assert table["period"] == "2026/27 Q2" and table["columns"] == ["outcome", "stage1", "stage2"]
    feed = (built_site / "ar" / "performance" / "feed.xml").read_text()
    assert feed.count("<entry>") == 7 and 'xml:lang="ar"' in feed


def test_the_history_and_the_self_assessment(site_pages: dict[str, BeautifulSoup]) -> None:
    history = site_pages["/en/performance/2022-23/"]
    text = history.get_text(" ", strip=True)
    for fact in ("2,313 corporate complaints", "128", "81%", "95 complaints", "74%", "77%", "12%"):
        assert fact in text, fact
    assert [t["id"] for t in history.select("h2[id]")][1:] == [
        "lgsco-by-service",
        "neighbours",
        "ratio",
        "councillor-conduct",
    ]
    assessment = site_pages["/en/performance/self-assessment/"]
    assert len(assessment.select("table.assessment tbody tr")) >= 8


def test_english_only_text_is_marked_as_english_in_other_languages(
    site_pages: dict[str, BeautifulSoup],
) -> None:
    history = site_pages["/ar/performance/2022-23/"]
    # marked on the block (a span in it stayed right-aligned): all the headlines are English, so the list
    headline = history.select_one("ul.list[lang=en][dir=ltr] li")
    assert headline is not None and "2,313" in headline.get_text()
    assessment = site_pages["/ar/performance/self-assessment/"]
    assert assessment.select_one("tbody td div[lang=en][dir=ltr]") is not None
    assert site_pages["/en/performance/2022-23/"].select_one("main [lang=en]") is None


def test_feedback_remedies_and_the_survey_at_closure(site_pages: dict[str, BeautifulSoup]) -> None:
    """From tests/fixtures/performance/2026-27-q2.yaml: compliments by service, what came of suggestions,
    remedies done by their date (14 of 20: 70%) and the survey at closure (25 answers, 16 scoring 4 or 5:
    64%; mean 90 / 25 = 3.6), labelled as our own survey, not the regulator's TP09."""
    soup = site_pages["/en/performance/2026-27-q2/"]

    def cells(table_id: str) -> dict[str, str]:
        body = soup.select_one(f"#caption-{table_id} ~ tbody")
        assert body is not None, table_id
        return {row.th.get_text(strip=True): row.td.get_text(strip=True) for row in body.select("tr")}

    assert cells("compliments")["Housing repairs"] == "12"
    assert cells("compliments")["Adult social care"] == "fewer than 5"
    feedback = cells("feedback")
    assert (
        feedback["Suggestions answered: we will use them"],
        feedback["Suggestions answered: we cannot use them"],
    ) == ("9", "5")
    assert cells("remedies") == {
        "Promised remedies and actions due": "20",
        "Done by the date we gave": "14",  # a count, as the rows under it: they add up to those due
        "Done, but later than the date we gave": "fewer than 5",
        "Not done yet": "fewer than 5",
    }
    assert cells("survey") == {
        "Residents who answered": "25",
        "Satisfied or very satisfied (4 or 5)": "64%",
        "Average score, from 1 to 5": "3.6",
    }
    rule = soup.select_one("#survey ~ p.rule").get_text()
    assert "not the regulator's measure TP09" in rule and "at least 5" in rule
    arabic = site_pages["/ar/performance/2026-27-q2/"].select_one("#survey ~ p.rule").get_text()
    assert "TP09" in arabic and "not the regulator" not in arabic


def test_real_figures_are_never_compared_with_sample_ones(figures_copy: Path, tmp_path: Path) -> None:
    """`make run` publishes sample quarters beside real ones: a real quarter's "previous period" and "a year
    before" must not come from them."""
    samples = tmp_path / "samples"
    samples.mkdir()
    for slug in ("2026-27-q1", "2025-26-q2"):
        shutil.copy(SAMPLE_FIGURES / f"{slug}.yaml", samples / f"{slug}.yaml")
    edit(figures_copy / "2026-27-q2.yaml", "source: sample", "source: tracker")
    found = load(figures_copy, TODAY, samples)
    by_id = {publication.period.id: publication for publication in found}
    assert [by_id[p].source for p in ("2025/26 Q2", "2026/27 Q1", "2026/27 Q2")] == [
        "sample",
        "sample",
        "tracker",
    ]
    for measure in headlines(by_id["2026/27 Q2"], by_id):
        assert measure.previous is None and measure.year_before is None, measure
    # The same pair, all sample: the columns are filled, so the check above is not empty by accident.
    sample_pair = {**by_id, "2026/27 Q2": load(SAMPLE_FIGURES, TODAY)[-1]}
    compared = {m.key: m for m in headlines(sample_pair["2026/27 Q2"], sample_pair)}
    assert compared["stage1_received"].previous is not None
    assert compared["stage1_received"].year_before is not None


def test_the_feed_dates_a_quarter_by_its_export_not_its_end(built_site: Path) -> None:
    """An entry's <updated> is the day the tracker exported the file (`exported:`), when it was published;
    the council's own 2022/23 report has no export and keeps its period's end."""
    from xml.etree import ElementTree

    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring((built_site / "en" / "performance" / "feed.xml").read_text())
    updated = {
        entry.findtext(f"{atom}id").rstrip("/").rsplit("/", 1)[-1]: entry.findtext(f"{atom}updated")
        for entry in feed.iter(f"{atom}entry")
    }
    exported = load_yaml(SAMPLE_FIGURES / "2026-27-q2.yaml")["exported"]
    assert updated["2026-27-q2"] == f"{exported}T00:00:00Z" != "2026-09-30T00:00:00Z"
    assert updated["2022-23"] == "2023-03-31T00:00:00Z"
    assert feed.findtext(f"{atom}updated") == max(updated.values())


def test_an_exported_date_that_is_not_a_date_is_refused(figures_copy: Path) -> None:
    path = figures_copy / "2026-27-q2.yaml"
    line = edit(path, "exported: '2026-11-22'", "exported: 'last Tuesday'")
    assert f"{path}:{line}: exported is a date, like 2026-10-14" in problems(figures_copy)


def test_english_narrative_on_a_translated_page_is_marked_and_said_to_be_untranslated(
    tmp_path: Path,
) -> None:
    """On /ar/, the narrative written only in English is marked lang="en" dir="ltr" (else its full stops
    come first, right to left), with a line in Arabic saying it is not translated yet."""
    shutil.copy(SAMPLE_FIGURES / "2026-27-q2.yaml", tmp_path / "2026-27-q2.yaml")
    edit(
        tmp_path / "2026-27-q2.yaml",
        "narrative:\n  learning:\n    en: []\n  you_said_we_did: []",
        "narrative:\n  learning:\n    en:\n      - Repairs were missed when a contractor changed.\n"
        "  you_said_we_did:\n"
        "    - you_said: {en: You could not tell when a repair would happen.}\n"
        "      we_did: {en: Every repair letter now gives the appointment window.}\n"
        "    - you_said: {en: Letters were hard to read., ar: كانت الرسائل صعبة القراءة.}\n"
        "      we_did: {en: We rewrote them., ar: أعدنا كتابتها.}",
    )
    client = create_app(PortalConfig(sample_performance_dir=tmp_path)).test_client()

    def page(lang: str) -> BeautifulSoup:
        response = client.get(f"/{lang}/performance/2026-27-q2/")
        assert response.status_code == 200
        return BeautifulSoup(response.get_data(as_text=True), "html.parser")

    arabic = page("ar")
    learning = arabic.select_one("#learning ~ ul.list")
    assert learning["lang"] == "en" and learning["dir"] == "ltr"
    assert "contractor changed" in learning.get_text()
    notes = arabic.select(".not-translated")
    assert len(notes) == 2 and all("الإنجليزية" in note.get_text() for note in notes)
    assert all(note.get("lang") is None for note in notes)  # the notice is in the reader's language
    said = arabic.select("dl.summary-list dt")
    assert (said[0].get("lang"), said[0].get("dir")) == ("en", "ltr")
    assert said[0].get_text() == "You could not tell when a repair would happen."
    assert said[1].get("lang") is None and said[1].select_one("[lang=en]") is None
    assert said[1].get_text() == "كانت الرسائل صعبة القراءة."
    english = page("en")
    assert english.select_one(".not-translated") is None and english.select_one("main [lang=en]") is None


def test_the_annual_report_marks_english_learning_in_other_languages(
    site_pages: dict[str, BeautifulSoup],
) -> None:
    """2025/26 Q3's learning and "you said, we did" are in English only (tests/fixtures/performance/): the
    annual report gathers them, marked as English, with the not-translated line in the reader's language."""
    arabic = site_pages["/ar/performance/2025-26/annual-report/"]
    learned = arabic.select("#learning ~ ul.list li")
    assert learned and all(item["lang"] == "en" and item["dir"] == "ltr" for item in learned)
    assert arabic.select_one("dl.summary-list dt[lang=en][dir=ltr]") is not None
    note = arabic.select_one(".not-translated")
    assert note is not None and "الإنجليزية" in note.get_text()
    english = site_pages["/en/performance/2025-26/annual-report/"]
    assert english.select_one("#learning ~ ul.list li[lang]") is None
    assert english.select_one(".not-translated") is None


def test_each_empty_headline_cell_says_why_it_is_empty(built_site: Path) -> None:
    """2025/26 Q1 is the first quarter published: its "previous" and "year before" are empty because
    nothing was published then, not because a count was under 5; the header states the rule."""
    first = built_site / "performance" / "2025-26-q1"
    header, *rows = csv.reader((first / "headlines.csv").read_text().splitlines())
    for reason in ("fewer than 5, not published", "no earlier figure published", "nothing to count"):
        assert reason in header[-1], header
    notes = {row[0]: row[-1] for row in rows}
    assert all(row[2] == row[3] == "" for row in rows)
    received = notes["stage1_received"]
    assert received == "previous and year_before: no earlier figure published", received
    assert notes["overdue_at_end"] == (
        "value: fewer than 5, not published; previous and year_before: no earlier figure published"
    )
    data = json.loads((first / "headlines.json").read_text())
    assert data["notes"][0] == received and "no earlier figure published" in data["note"]
    # A quarter with both earlier quarters published: a hidden earlier count is said to be hidden.
    later = built_site / "performance" / "2026-27-q2"
    _, *rows = csv.reader((later / "headlines.csv").read_text().splitlines())
    for row in rows:
        for column, cell in zip(("value", "previous", "year_before"), row[1:4], strict=True):
            assert (cell == "") == (column in row[-1]), row
        assert "no earlier figure published" not in row[-1], row
    assert rows[-1][-1] == "value, previous and year_before: fewer than 5, not published"
    # The page says the same as the file: an earlier count under 5 reads "fewer than 5", never a dash.
    soup = BeautifulSoup(
        (built_site / "en" / "performance" / "2026-27-q2" / "index.html").read_text(), "html.parser"
    )
    last = soup.select("#caption-headlines ~ tbody tr")[-1]
    assert [td.get_text() for td in last.select("td")] == ["fewer than 5"] * 3


def test_captions_and_download_links_use_the_languages_punctuation(
    site_pages: dict[str, BeautifulSoup],
) -> None:
    """A table's name and its period are separated by the Arabic comma in Arabic script, and the two
    download formats are a list in the reader's language (Babel's list patterns), never a Latin comma."""
    for lang, comma, formats in (
        ("en", ", ", "CSV and JSON"),
        ("ar", "\u060c ", "CSV \u0648JSON"),
        ("ur", "\u060c ", "CSV \u0627\u0648\u0631 JSON"),
    ):
        soup = site_pages[f"/{lang}/performance/2026-27-q2/"]
        for caption in soup.select("caption"):
            name, _, period = caption.get_text().partition(comma)
            assert name and period, (lang, caption.get_text())
        downloads = soup.select_one("p.downloads").get_text(" ", strip=True)
        assert downloads.endswith(formats.replace("\u0648J", "\u0648 J")), (lang, downloads)
    report = site_pages["/ar/performance/2025-26/annual-report/"]
    for caption in report.select("caption"):
        assert "," not in caption.get_text(), caption.get_text()
