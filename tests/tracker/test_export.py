"""The published figures, checked against hand-built cases whose answers are worked out here (the rules are
in tracker/export.py's docstring, printed at the top of every exported file)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from flask import Flask

from casecore.channels import Channel, Tenure
from casecore.periods import Period
from casecore.procedures import Rules
from casecore.states import Kind
from sitekit.sitedata import load_site_data
from tracker import casework
from tracker.cases import Intake, open_case
from tracker.casework import Context, Refused
from tracker.export import document, figures, homes_for
from tracker.models import Case, Staff
from tracker.staff.auth import hash_password

SITE = load_site_data(Path("content"))
Q2, Q3 = Period.parse("2026/27 Q2"), Period.parse("2026/27 Q3")


def at(case: Case, day: date) -> Context:
    return Context(SITE.procedures[case.procedure], Rules(), day)


def new_case(
    received: date,
    area: str = "housing-repairs",
    tenure: Tenure | None = Tenure.TENANT,
    kind: Kind = Kind.COMPLAINT,
    channel: Channel = Channel.ONLINE,
) -> Case:
    intake = Intake(kind, channel, area, "en", received, "x", tenure=tenure)
    return open_case(intake, SITE, Rules(), "key", actor="test").case


def answered(case: Case, staff: Staff, acknowledged: date, responded: date, outcome: str) -> None:
    casework.acknowledge(case, staff, "d", at(case, acknowledged))
    casework.respond(case, staff, outcome, None, at(case, responded), {})


@pytest.fixture
def worked(tracker: Flask) -> Flask:
    with tracker.app_context():
        asha, ben = (  # stage 2 is reviewed by an officer from another team (policy 7.7)
            Staff.create(username=n, name=n, role="handler", team=t, password_hash=hash_password("x" * 12))
            for n, t in (("asha", "Housing"), ("ben", "Resident First"))
        )
        # A: a tenant; received Monday 6 July 2026, acknowledged on the 5th working day (13 July, in time),
        # due 27 July, answered 24 July (in time, 14 working days). Stage 2 asked for on 17 August and
        # acknowledged on the 18th: 20 working days with the 31 August bank holiday inside is 16 September;
        # answered then, in time (21 working days from the request).
        a = new_case(date(2026, 7, 6))
        answered(a, asha, date(2026, 7, 13), date(2026, 7, 24), "upheld")
        casework.escalate(a, "resident", date(2026, 8, 17), None, at(a, date(2026, 8, 17)))
        casework.acknowledge(a, ben, "d", at(a, date(2026, 8, 18)))
        casework.respond(a, ben, "not_upheld", None, at(a, date(2026, 9, 16)), {})
        # B: a shared owner; acknowledged on the 6th working day (14 July, late): due 28 July, extended on
        # 20 July (before that date) to the limit, 11 August, and answered then: in time, 26 working days.
        b = new_case(date(2026, 7, 6), tenure=Tenure.SHARED_OWNER)
        casework.acknowledge(b, asha, "d", at(b, date(2026, 7, 14)))
        casework.extend(b, asha, date(2026, 8, 11), "a survey", at(b, date(2026, 7, 20)))
        casework.respond(b, asha, "partially_upheld", None, at(b, date(2026, 8, 11)), {})
        # C: a tenant; acknowledged 7 July, due 21 July, answered the 22nd: late, 12 working days.
        answered(new_case(date(2026, 7, 6)), asha, date(2026, 7, 7), date(2026, 7, 22), "not_upheld")
        # D: a leaseholder (in neither of the regulator's groups): acknowledged 21 August, due 7 September
        # because of the bank holiday, answered then: in time, 11 working days.
        d = new_case(date(2026, 8, 20), area="housing-tenancy", tenure=Tenure.LEASEHOLDER)
        answered(d, asha, date(2026, 8, 21), date(2026, 9, 7), "upheld")
        # E: a tenant; received and acknowledged in Q2 (28 and 30 September), answered in Q3 (8 October).
        answered(new_case(date(2026, 9, 28)), asha, date(2026, 9, 30), date(2026, 10, 8), "not_upheld")
        # F: a tenant; received 3 August, acknowledged the 4th, due 18 August. On the 19th the extension is
        # refused. Had one been recorded that late (as the software used to allow), answering on the
        # extended date, 1 September, still counts as late: 20 working days.
        f = new_case(date(2026, 8, 3))
        casework.acknowledge(f, asha, "d", at(f, date(2026, 8, 4)))
        with pytest.raises(Refused, match="was due on Tuesday 18 August 2026, which has passed"):
            casework.extend(f, asha, date(2026, 9, 1), "late", at(f, date(2026, 8, 19)))
        Case.update(status="extended", extended_to=date(2026, 9, 1), extended_on=date(2026, 8, 19)).where(
            Case.id == f.id
        ).execute()
        casework.respond(Case.get_by_id(f.id), asha, "not_upheld", None, at(f, date(2026, 9, 1)), {})
        # G, H: council tax (the LGSCO's code). Acknowledged 7 July, the code's due date is 21 July (the
        # council's own 15 working days from receipt would be 27 July). G answered the 20th: in time; H the
        # 24th: late against the code.
        answered(
            new_case(date(2026, 7, 6), "council-tax-benefits", None),
            asha,
            date(2026, 7, 7),
            date(2026, 7, 20),
            "upheld",
        )
        answered(
            new_case(date(2026, 7, 6), "council-tax-benefits", None),
            asha,
            date(2026, 7, 7),
            date(2026, 7, 24),
            "upheld",
        )
        # I: adult social care, a statutory procedure: counted on its own, never against a code.
        answered(
            new_case(date(2026, 7, 8), "adult-social-care", None),
            asha,
            date(2026, 7, 9),
            date(2026, 8, 10),
            "upheld",
        )
        # J: a tenant's complaint logged by phone on 1 September and never acted on: due 22 September, so
        # overdue at the end of the quarter.
        new_case(date(2026, 9, 1), channel=Channel.PHONE)
        # L: a compliment; M: a first report handled as a service request (counted, never as a complaint).
        new_case(date(2026, 7, 9), kind=Kind.COMPLIMENT)
        m = new_case(date(2026, 7, 9))
        casework.reclassify(m, asha, "a first report", at(m, date(2026, 7, 10)))
    return tracker


def test_a_quarter_worked_out_by_hand(worked: Flask) -> None:
    with worked.app_context():
        q2 = figures(Q2, SITE)
    # Housing (the Housing Ombudsman's code): A, B, C, D, E, F and J received; M was a service request.
    assert q2["stage1_received"] == 7
    assert q2["acknowledged"] == {"within": 5, "total": 6}  # B on day 6 is late
    assert q2["stage1_responses"] == {"in_time": 3, "total": 5}  # A, B, D in time; C and F late
    assert q2["stage1_outcomes"] == {"upheld": 2, "partially_upheld": 1, "not_upheld": 2}
    assert q2["median_days"]["stage1"] == 14  # 11, 12, 14, 20 and 26 working days
    assert q2["stage2_received"] == 1 and q2["stage2_responses"] == {"in_time": 1, "total": 1}
    assert q2["median_days"]["stage2"] == 21
    # CH01 and CH02 by tenure: tenants A, C, E, F, J; the shared owner B; the leaseholder D in neither.
    assert q2["tenure"]["lcra"] == {
        "stage1_received": 5,
        "stage2_received": 1,
        "stage1_responses": {"in_time": 1, "total": 3},
        "stage2_responses": {"in_time": 1, "total": 1},
    }
    assert q2["tenure"]["lcho"] == {
        "stage1_received": 1,
        "stage2_received": 0,
        "stage1_responses": {"in_time": 1, "total": 1},
        "stage2_responses": {"in_time": 0, "total": 0},
    }
    # The council's other services, against the LGSCO's code; social care on its own.
    assert q2["council"]["stage1_received"] == 2
    assert q2["council"]["stage1_responses"] == {"in_time": 1, "total": 2}
    assert q2["council"]["acknowledged"] == {"within": 2, "total": 2}
    assert q2["statutory"] == {"received": 1, "responded": 1}
    assert (q2["compliments"], q2["suggestions"], q2["service_requests"]) == (1, 0, 1)
    # Open at the end: every complaint but M; overdue: J alone (E is due 14 October).
    assert q2["open_at_end"] == 10 and q2["overdue_at_end"] == 1
    assert q2["by_service_area"]["housing-repairs"] == {
        "received": 6,
        "responses": {"in_time": 2, "total": 4},
    }
    assert q2["by_service_area"]["adult-social-care"] == {"received": 1}


def test_a_case_received_in_one_quarter_and_answered_in_the_next(worked: Flask) -> None:
    with worked.app_context():
        q3 = figures(Q3, SITE)
    assert q3["stage1_received"] == 0
    assert q3["stage1_responses"] == {"in_time": 1, "total": 1}
    assert q3["median_days"]["stage1"] == 8
    assert q3["tenure"]["lcra"]["stage1_responses"] == {"in_time": 1, "total": 1}


def test_a_financial_year_adds_up_its_quarters(worked: Flask) -> None:
    with worked.app_context():
        year = figures(Period.parse("2026/27"), SITE)
        quarters = [figures(q, SITE) for q in Period.parse("2026/27").quarters()]
    for key in ("stage1_received", "stage2_received", "compliments", "service_requests"):
        assert year[key] == sum(q[key] for q in quarters), key
    for part in ("stage1_responses", "acknowledged"):
        assert year[part] == {k: sum(q[part][k] for q in quarters) for k in year[part]}, part
    assert year["tenure"]["lcra"]["stage1_received"] == 5


def test_homes_come_from_the_year_or_the_option() -> None:
    assert homes_for(Q2, SITE, None) == SITE.homes["2026/27"]
    assert homes_for(Q2, SITE, "4000,100") == {"lcra": 4000, "lcho": 100}
    assert "like 4590,210" in str(homes_for(Q2, SITE, "4000"))
    assert "no line for 2031/32" in str(homes_for(Period.parse("2031/32"), SITE, None))


def test_the_exported_file_states_its_rules_and_passes_the_portal_checks(
    worked: Flask, tmp_path: Path
) -> None:
    from portal.performance import load

    with worked.app_context():
        text = document(Q2, figures(Q2, SITE), {"lcra": 4590, "lcho": 210}, "tracker", date(2026, 11, 23))
    for rule in ("Housing Ombudsman's Complaint Handling Code only", "agreed on or before that due date"):
        assert rule in " ".join(line.lstrip("# ") for line in text.splitlines()), rule
    (tmp_path / "2026-27-q2.yaml").write_text(text)
    assert yaml.safe_load(text)["period"] == "2026/27 Q2"
    [publication] = load(tmp_path, date(2026, 11, 23))
    assert publication.figures["stage1_received"] == 7


def test_open_at_the_end_counts_cases_closed_later_and_not_those_closed_by_then(tracker: Flask) -> None:
    """Open at the end of a period: received by its last day and not closed by then. Counted from the
    cases still open and those closed after the end (tracker/export.py, _open_and_overdue)."""
    with tracker.app_context():
        later = new_case(date(2026, 7, 1))  # closed in the next quarter: open at the end of Q2
        on_the_day = new_case(date(2026, 7, 2))  # closed on Q2's last day: not open at its end
        still_open = new_case(date(2026, 9, 30))  # received on the last day, due in October: open, not late
        after = new_case(date(2026, 10, 1))  # received after Q2: in neither of Q2's counts
        Case.update(closed=date(2026, 10, 5)).where(Case.id == later.id).execute()
        Case.update(closed=date(2026, 9, 30)).where(Case.id == on_the_day.id).execute()
        q2, q3 = figures(Q2, SITE), figures(Q3, SITE)
    assert still_open.stage1_due is not None and after.received > Q2.end
    assert q2["open_at_end"] == 2  # later and still_open
    # later's stage 1 was due in July and it was never answered: overdue at the end of Q2
    assert q2["overdue_at_end"] == 1
    assert q3["open_at_end"] == 2  # still_open and after; later was closed on 5 October


def test_remedies_done_by_their_date_are_in_the_export_and_pass_the_checks(
    tracker: Flask, tmp_path: Path
) -> None:
    """Promised remedies due in the period (2026/27 Q3, 1 October to 31 December), every code together: done
    by their due date, done after it, or not done when the figures are made."""
    from casecore.figures import check
    from portal.performance import load, tables
    from tracker.models import Remedy

    with tracker.app_context():
        owner = Staff.create(username="asha", name="Asha", role="handler", password_hash="x")
        case = new_case(date(2026, 9, 1))
        tax = new_case(date(2026, 9, 1), area="council-tax-benefits", tenure=None)
        for host, due, done in (
            (case, date(2026, 10, 15), date(2026, 10, 15)),  # on its due date: on time
            (case, date(2026, 11, 2), date(2026, 10, 30)),  # early: on time
            (tax, date(2026, 12, 1), date(2026, 12, 4)),  # after its due date: late
            (case, date(2026, 12, 31), None),  # due on the last day, not done
            (case, date(2026, 9, 30), None),  # due in Q2: not in Q3's figures
            (tax, date(2027, 1, 4), date(2026, 12, 1)),  # due in Q4, though done in Q3: not counted
        ):
            Remedy.create(
                case=host,
                stage=1,
                kind="action",
                description="x",
                owner=owner,
                due=due,
                completed_on=done,
                created_by="asha",
            )
        counted = figures(Q3, SITE)
        text = document(Q3, counted, {"lcra": 4590, "lcho": 210}, "tracker", date(2027, 1, 5))
    assert counted["remedies"] == {"due": 4, "on_time": 2, "late": 1, "not_done": 1}
    header = " ".join(line.lstrip("# ") for line in text.splitlines() if line.startswith("#"))
    assert "done by their due date, done after" in header
    assert "NOT the regulator's TP09" in header  # the survey at closure's label, in the rules
    assert not list(check(yaml.safe_load(text)))
    broken = yaml.safe_load(text)
    broken["figures"]["remedies"]["late"] = 2
    assert [p.message for p in check(broken)] == [
        "done on time, done late and not done must add up to those due"
    ]
    (tmp_path / "2026-27-q3.yaml").write_text(text)
    [publication] = load(tmp_path, date(2027, 1, 5))
    [remedies] = [table for table in tables(publication, {}) if table.id == "remedies"]
    # 4 due is under 5, so the count and the share are not published; so are late and not done (1 each).
    assert remedies.rows == [
        ["remedies_due", None],
        ["remedies_on_time", None],
        ["remedies_late", None],
        ["remedies_not_done", None],
    ]
