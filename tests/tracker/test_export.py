"""The published figures, checked against hand-built cases whose answers are worked out here: acknowledged
on day 5 and on day 6, an extension within its limit, a response late by a day, a deadline across a bank
holiday, and a case spanning two quarters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from flask import Flask

from casecore.periods import Period
from casecore.procedures import Rules
from portal.sitedata import load_site_data
from tracker import casework
from tracker.casework import Context
from tracker.export import document, figures
from tracker.models import Case, Staff
from tracker.staff.auth import hash_password

SITE = load_site_data(Path("content"))
HOUSING = SITE.procedures["housing"]
AREAS = list(SITE.service_areas)


def at(day: date) -> Context:
    return Context(HOUSING, Rules(), day)


def new_case(received: date, kind: str = "complaint", area: str = "housing-repairs") -> Case:
    return Case.create(
        reference=f"TEST-{Case.select().count():04d}",
        kind=kind,
        service_area=area,
        procedure="housing",
        status="received",
        language="en",
        received=received,
        description="x",
    )


@pytest.fixture
def worked(tracker: Flask) -> Flask:
    with tracker.app_context():
        asha = Staff.create(
            username="asha", name="Asha", role="handler", password_hash=hash_password("x" * 12)
        )
        # A: acknowledged on the 5th working day (on time), answered within 10 more: in time, 14 working days.
        a = new_case(date(2026, 7, 6))
        casework.acknowledge(a, asha, "d", at(date(2026, 7, 13)))
        casework.respond(a, asha, "upheld", None, at(date(2026, 7, 24)), {})
        # B: acknowledged on the 6th working day (late); extended to the limit and answered on that day.
        b = new_case(date(2026, 7, 6))
        casework.acknowledge(b, asha, "d", at(date(2026, 7, 14)))
        casework.extend(b, asha, date(2026, 8, 11), "a survey", at(date(2026, 7, 20)))
        casework.respond(b, asha, "partially_upheld", None, at(date(2026, 8, 11)), {})
        # C: due 21 July, answered on the 22nd: late by one working day.
        c = new_case(date(2026, 7, 6))
        casework.acknowledge(c, asha, "d", at(date(2026, 7, 7)))
        casework.respond(c, asha, "not_upheld", None, at(date(2026, 7, 22)), {})
        # D: the 31 August bank holiday moves the deadline from 4 to 7 September: answered on the 7th.
        d = new_case(date(2026, 8, 20))
        casework.acknowledge(d, asha, "d", at(date(2026, 8, 21)))
        casework.respond(d, asha, "upheld", None, at(date(2026, 9, 7)), {})
        # E: received and acknowledged in Q3, answered in Q4 (due 14 October).
        e = new_case(date(2026, 9, 28))
        casework.acknowledge(e, asha, "d", at(date(2026, 9, 30)))
        casework.respond(e, asha, "not_upheld", None, at(date(2026, 10, 8)), {})
        # F: a compliment; G: a first report dealt with as a service request (not a complaint received).
        new_case(date(2026, 7, 9), kind="compliment")
        g = new_case(date(2026, 7, 9))
        casework.reclassify(g, asha, "a first report", at(date(2026, 7, 10)))
    return tracker


def test_a_quarter_worked_out_by_hand(worked: Flask) -> None:
    with worked.app_context():
        q3 = figures(Period.parse("2026/27 Q2"), AREAS)
    assert q3["stage1_received"] == 5
    assert q3["acknowledged"] == {"within": 4, "total": 5}
    assert q3["stage1_responses"] == {"in_time": 3, "total": 4}
    assert q3["stage1_outcomes"] == {"upheld": 2, "partially_upheld": 1, "not_upheld": 1}
    assert q3["median_days"]["stage1"] == 13  # 11, 12, 14 and 26 working days
    assert q3["open_at_end"] == 5 and q3["overdue_at_end"] == 0
    assert q3["compliments"] == 1 and q3["suggestions"] == 0
    assert q3["by_service_area"]["housing-repairs"] == {
        "received": 5,
        "responses": {"in_time": 3, "total": 4},
    }
    assert q3["stage2_received"] == 0 and q3["stage2_responses"] == {"in_time": 0, "total": 0}


def test_a_case_spanning_two_quarters_counts_in_each_for_what_happened_then(worked: Flask) -> None:
    with worked.app_context():
        q4 = figures(Period.parse("2026/27 Q3"), AREAS)
    assert q4["stage1_received"] == 0
    assert q4["stage1_responses"] == {"in_time": 1, "total": 1}
    assert q4["median_days"]["stage1"] == 8


def test_a_financial_year_adds_up_its_quarters(worked: Flask) -> None:
    with worked.app_context():
        year = figures(Period.parse("2026/27"), AREAS)
        quarters = [
            figures(Period.parse(q), AREAS) for q in ("2026/27 Q1", "2026/27 Q2", "2026/27 Q3", "2026/27 Q4")
        ]
    assert year["stage1_received"] == sum(q["stage1_received"] for q in quarters)
    assert year["stage1_responses"]["total"] == sum(q["stage1_responses"]["total"] for q in quarters)


def test_the_exported_file_passes_the_portal_checks(worked: Flask, tmp_path: Path) -> None:
    from portal.performance import load

    with worked.app_context():
        text = document(
            Period.parse("2026/27 Q2"),
            figures(Period.parse("2026/27 Q2"), AREAS),
            4800,
            "tracker",
            date(2026, 11, 23),
        )
    (tmp_path / "2026-27-q2.yaml").write_text(text)
    assert yaml.safe_load(text)["period"] == "2026/27 Q2"
    [publication] = load(tmp_path, date(2026, 11, 23))
    assert publication.figures["stage1_received"] == 5
