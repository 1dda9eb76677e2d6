"""The period page's blocks beyond the headlines: CH01 and CH02 by tenure, the council's other services,
statutory complaints and service requests, each with its rule written under it, in tables and downloads.
Expected values are worked out here from the fixture's counts (tests/fixtures/performance/2026-27-q2.yaml:
homes 4,590 rented and 210 shared ownership)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from bs4 import BeautifulSoup

from casecore.periods import Period
from portal.performance import NOT_APPLICABLE, Publication, tables
from portal.performance_words import RULES
from sitekit.yamlfile import load_yaml
from tests.conftest import SAMPLE_FIGURES


def _table(soup: BeautifulSoup, table_id: str) -> dict[str, list[str]]:
    rows = soup.select(f"#caption-{table_id} ~ tbody tr")
    return {row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")] for row in rows}


def _publication(figures: dict[str, object], homes: dict[str, int]) -> Publication:
    path = SAMPLE_FIGURES / "2026-27-q2.yaml"
    data = load_yaml(path)
    data["figures"].update(figures)  # type: ignore[index]
    return Publication(Period.parse("2026/27 Q2"), "sample", path, data, homes)  # type: ignore[arg-type]


def test_ch01_and_ch02_by_tenure_and_together(site_pages: dict[str, BeautifulSoup]) -> None:
    soup = site_pages["/en/performance/2026-27-q2/"]
    table = _table(soup, "regulator")
    assert table["Homes"] == ["4,590", "210", "4,800"]
    # 81 rented, 14 shared: 81 * 1000 / 4590 = 17.6; 14 * 1000 / 210 = 66.7; 95 * 1000 / 4800 = 19.8,
    # every rate to one decimal place
    assert table["CH01: stage 1 complaints per 1,000 homes"] == ["17.6", "66.7", "19.8"]
    # stage 2: 11 rented (2.4); 1 shared owner is hidden, and so is the rate on it; 12 together (2.5)
    hidden = "not published: fewer than 5 complaints"  # not "fewer than 5", which reads as a rate under 5
    assert table["CH01: stage 2 complaints per 1,000 homes"] == ["2.4", hidden, "2.5"]
    # 67 of 89, 10 of 13, 77 of 102
    assert table["CH02: stage 1 responses within the Code's timescales"] == ["75%", "77%", "75%"]
    # 11 of 11; 1 of 1 suppressed; 12 of 12
    assert table["CH02: stage 2 responses within the Code's timescales"] == ["100%", hidden, "100%"]
    rounding = soup.select_one("#regulator ~ p.rounding-rule").get_text()
    assert "rounded to one decimal place" in rounding and "not published" in rounding
    rule = soup.select_one("#regulator ~ p.rule")
    assert rule is not None and "agreed before that deadline passed" in rule.get_text()


def test_council_services_against_their_own_code(site_pages: dict[str, BeautifulSoup]) -> None:
    soup = site_pages["/en/performance/2026-27-q2/"]
    table = _table(soup, "council")
    assert table["Complaints received at stage 1"] == ["114"]
    assert table["Acknowledged within 5 working days"] == ["89%"]  # 97 of 109
    assert table["Stage 1 responses in time"] == ["80%"]  # 86 of 108
    assert table["Stage 2 responses in time"] == ["89%"]  # 16 of 18
    assert "Local Government and Social Care Ombudsman" in soup.select_one("#council ~ p.rule").get_text()


def test_statutory_complaints_and_service_requests_are_counted_apart(
    site_pages: dict[str, BeautifulSoup],
) -> None:
    soup = site_pages["/en/performance/2026-27-q2/"]
    table = _table(soup, "statutory")
    assert table["Social care complaints received"] == ["66"]
    assert table["Social care complaints answered"] == ["0"]
    assert "First reports handled as service requests" in table
    areas = _table(soup, "service_areas")
    # a statutory service has no response figure against a code: never "0 responses" or a dash
    assert areas["Adult social care"][1:] == ["not measured against a code", "not measured against a code"]
    assert areas["Adult social care"][0] == "31"


def test_a_tenure_with_no_homes_has_no_rate_and_small_counts_are_hidden() -> None:
    publication = _publication(
        {
            "tenure": {
                "lcra": {
                    "stage1_received": 3,
                    "stage2_received": 0,
                    "stage1_responses": {"in_time": 3, "total": 6},
                    "stage2_responses": {"in_time": 0, "total": 0},
                },
                "lcho": {
                    "stage1_received": 2,
                    "stage2_received": 0,
                    "stage1_responses": {"in_time": 2, "total": 2},
                    "stage2_responses": {"in_time": 0, "total": 0},
                },
            }
        },
        {"lcra": 1000, "lcho": 0},
    )
    regulator = {row[0]: row[1:] for row in tables(publication, {})[0].rows}
    assert regulator["homes"] == [1000, 0, 1000]
    # 3 rented: suppressed; no shared-ownership homes: no rate at all; 5 together over 1,000 homes: 5.0
    assert regulator["ch01_stage1"] == [None, NOT_APPLICABLE, 5.0]
    assert regulator["ch02_stage1"] == [None, None, 5 / 8]  # 3 of 6 hidden; 2 of 2 hidden; 5 of 8
    assert regulator["ch02_stage2"] == ["\u2013", "\u2013", "\u2013"]  # nothing answered at stage 2


def test_the_new_tables_download(built_site: Path) -> None:
    folder = built_site / "performance" / "2026-27-q2"
    regulator = json.loads((folder / "regulator.json").read_text())
    assert regulator["columns"] == ["measure", "lcra", "lcho", "together"]
    assert regulator["rows"][1] == ["ch01_stage1", 17.65, 66.67, 19.79]
    rows = list(csv.reader((folder / "service_areas.csv").read_text().splitlines()))
    # Social care is not measured against a code: empty cells, said so in the row's note, as "fewer than 5"
    # is, and both rules in the header (a number column never holds words).
    assert "not measured" in rows[0][-1] and "fewer than 5" in rows[0][-1]
    [social] = [row for row in rows if row[0] == "Adult social care"]
    assert social[1:3] == ["31", ""] and social[3] == "" and "not measured" in social[4]
    assert all(cell == "" or re.fullmatch(r"[\d.]+", cell) for row in rows[1:] for cell in row[1:4]), rows
    statutory = list(csv.reader((folder / "statutory.csv").read_text().splitlines()))
    assert statutory[1] == ["statutory_received", "66", ""]
    assert (folder / "council.csv").exists()


def test_every_table_has_its_rule_in_every_language(site_pages: dict[str, BeautifulSoup]) -> None:
    for lang in ("en", "ar", "pl"):
        soup = site_pages[f"/{lang}/performance/2026-27-q2/"]
        headings = soup.select("main h2[id]")
        tables_ = [h for h in headings if h["id"] not in ("learning", "you-said-we-did")]
        assert [h["id"] for h in tables_] == [
            "headlines",
            "regulator",
            "council",
            "outcomes",
            "service_areas",
            "statutory",
            "not_accepted",
            "feedback",
            "compliments",
            "remedies",
            "survey",
        ]
        for heading in tables_:
            rule = heading.find_next_sibling("p", class_="rule")
            assert rule is not None and rule.get_text(strip=True), (lang, heading["id"])
    english = site_pages["/en/performance/2026-27-q2/"].select_one("#statutory ~ p.rule").get_text()
    arabic = site_pages["/ar/performance/2026-27-q2/"].select_one("#statutory ~ p.rule").get_text()
    assert english != arabic


def test_the_regulator_csv_has_no_value_where_none_is_published(built_site: Path) -> None:
    rows = list(
        csv.reader((built_site / "performance" / "2026-27-q2" / "regulator.csv").read_text().splitlines())
    )
    header, by_measure = rows[0], {row[0]: row for row in rows[1:]}
    assert header[:4] == ["measure", "lcra", "lcho", "together"]
    assert "4 decimal places" in header[4] and "per 1,000 homes to 2 decimal places" in header[4]
    # stage 2: 1 shared owner hidden: an empty cell, said why in the note; never "<5" as if a rate
    assert by_measure["ch01_stage2"][:4] == ["ch01_stage2", "2.4", "", "2.5"]
    assert "not published: fewer than 5" in by_measure["ch01_stage2"][4]
    # CH02 stage 1: 67 of 89 = 0.7528 (not 0.7528089887640449); nothing hidden, no note
    assert by_measure["ch02_stage1"] == ["ch02_stage1", "0.7528", "0.7692", "0.7549", ""]
    for row in rows[1:]:
        for cell in row[1:4]:
            assert "<" not in cell and len(cell.partition(".")[2]) <= 4, row


def test_remedies_are_counts_that_read_0_when_none_were_due() -> None:
    """Every row of the remedies table is a count: with nothing due, each reads 0 (not a dash in one row
    and 0 in the others), and the rule under the table says so."""
    publication = _publication(
        {"remedies": {"due": 0, "on_time": 0, "late": 0, "not_done": 0}}, {"lcra": 4590, "lcho": 210}
    )
    [remedies] = [table for table in tables(publication, {}) if table.id == "remedies"]
    assert [row[1] for row in remedies.rows] == [0, 0, 0, 0]
    assert {remedies.kind(row[0], "value") for row in remedies.rows} == {"count"}
    assert "add up to the first" in str(RULES["remedies"])
