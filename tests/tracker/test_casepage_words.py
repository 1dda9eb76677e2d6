"""The case page as an officer reads it: everything the resident told us, in words; at stage 2 the
resident's reasons first and an empty definition; only the actions that would be allowed; the latest
extension date before it is refused; no POST-only address left in the address bar; no residents' footer."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

import tracker as tracker_package
from casecore.feedback import RESTRICTIONS, RestrictionKind
from tracker import clock, staffwords
from tracker.models import Case, Event, Staff

from .conftest import page, sign_in, submit
from .test_staff import act


def test_the_case_page_says_what_the_resident_told_us_in_words(
    tracker: Flask, team: dict[str, Staff]
) -> None:
    case = submit(tracker.test_client(), adjustments={"formats": ["large-print"]})
    with tracker.app_context():
        Case.update(on_behalf=True, behalf_name="Grace Hopper", behalf_relationship="daughter").where(
            Case.id == case.id
        ).execute()
    staff = tracker.test_client()
    sign_in(staff, "asha")
    act(staff, case, "acknowledge", {"definition": "d"})
    soup = page(staff.get(f"/staff/cases/{case.reference}"))
    rows = {r.dt.get_text(strip=True): r.dd.get_text(" ", strip=True) for r in soup.select(".summary-row")}
    assert rows["Reported to us before"].startswith("Yes")
    assert rows["Tenure"] == "Council tenant (low-cost rental)"
    assert rows["Postcode"] == "HA3 3QT"
    assert rows["When it happened"] == "2 November 2026"
    assert rows["Language"] == "English"
    assert rows["Stage and status"] == "Stage 1: Acknowledged"
    assert "Letters in large print" in rows["Adjustments asked for"]
    assert "complaining for Grace Hopper (daughter)" in rows["Advocate"]
    text = soup.get_text(" ", strip=True)
    for code in ("large-print", "Language en", "ack on time", "True", "stage2 acknowledged"):
        assert code not in text, code
    timeline = soup.select_one(".timeline").get_text(" ", strip=True)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", timeline), timeline
    assert "Acknowledged in time Yes" in timeline
    assert "Channel Online form" in timeline and "Service area Housing repairs" in timeline
    assert "housing-repairs" not in timeline


def test_stage_2_starts_from_the_residents_reasons(tracker: Flask, team: dict[str, Staff]) -> None:
    case = submit(tracker.test_client())
    asha, ben = tracker.test_client(), tracker.test_client()
    sign_in(asha, "asha")
    sign_in(ben, "ben")
    act(asha, case, "acknowledge", {"definition": "The boiler."})
    act(asha, case, "respond", {"outcome": "not_upheld", "reasons": "x"})
    act(asha, case, "escalate", {"asked_on": "2026-11-23", "reason": "Nobody has come to fix it"})
    soup = page(ben.get(f"/staff/cases/{case.reference}"))
    top = soup.select_one("#stage2-request")
    assert top is not None and "Nobody has come to fix it" in top.get_text()
    assert "23 November 2026" in top.get_text()
    assert soup.select_one("#acknowledge-definition").get_text() == ""
    # The stage 1 responder is not offered what would be refused.
    mine = page(asha.get(f"/staff/cases/{case.reference}"))
    assert mine.select_one("form[action$='/acknowledge']") is None
    assert soup.select_one("form[action$='/acknowledge']") is not None
    # ...and is told why, in one line.
    why = mine.select_one("#withheld").get_text(" ", strip=True)
    assert "Acknowledge" in why and "you responded at stage 1" in why and "policy 7.7" in why
    assert soup.select_one("#withheld") is None


def test_the_extension_form_gives_the_latest_date_first(tracker: Flask, team: dict[str, Staff]) -> None:
    case = submit(tracker.test_client())
    staff = tracker.test_client()
    sign_in(staff, "asha")
    act(staff, case, "acknowledge", {"definition": "d"})
    soup = page(staff.get(f"/staff/cases/{case.reference}"))
    # Acknowledged 23 November: due 7 December (10 working days), at most 10 more: 21 December.
    hint = soup.select_one("#extend-new_date-hint")
    assert hint is not None, soup.select_one("form[action$='/extend']")
    assert "after 7 December 2026" in hint.get_text() and "no later than 21 December 2026" in hint.get_text()


def test_extend_is_not_offered_once_the_date_it_would_extend_has_passed(
    tracker: Flask, team: dict[str, Staff], monkeypatch: pytest.MonkeyPatch
) -> None:
    case = submit(tracker.test_client())
    staff = tracker.test_client()
    sign_in(staff, "asha")
    act(staff, case, "acknowledge", {"definition": "d"})  # due 7 December 2026
    assert page(staff.get(f"/staff/cases/{case.reference}")).select_one("form[action$='/extend']")
    monkeypatch.setattr(clock, "today", lambda: date(2026, 12, 8))
    soup = page(staff.get(f"/staff/cases/{case.reference}"))
    assert soup.select_one("form[action$='/extend']") is None
    why = soup.select_one("#withheld").get_text(" ", strip=True)
    assert "Extend the time to respond: not offered" in why and "due on 7 December 2026" in why
    status, refused = act(staff, case, "extend", {"new_date": "2026-12-18", "reason": "x"})
    assert status == 409 and "which has passed" in refused.select_one(".error-summary").get_text()


def test_a_refused_action_leaves_no_post_only_address(tracker: Flask, team: dict[str, Staff]) -> None:
    case = submit(tracker.test_client())
    staff = tracker.test_client()
    sign_in(staff, "asha")
    status, _soup = act(staff, case, "close", {})
    assert status == 409
    response = staff.get(f"/staff/cases/{case.reference}/close")  # a reload of the address bar
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/cases/{case.reference}#actions")
    assert staff.get(f"/staff/cases/{case.reference}/remedies/1/complete").status_code == 302


def test_staff_pages_do_not_carry_the_residents_footer(tracker: Flask, team: dict[str, Staff]) -> None:
    staff = tracker.test_client()
    sign_in(staff, "asha")
    case = submit(tracker.test_client(), area={"service_area": "adult-social-care"})
    for url in ("/staff/", f"/staff/cases/{case.reference}"):
        soup = page(staff.get(url))
        assert soup.select_one(".footer-links") is None and soup.select_one(".contact-help") is None
        assert "Need help" not in soup.get_text()
    queue = page(staff.get("/staff/"))
    headers = [th.get_text(strip=True) for th in queue.select("table.queue th")]
    assert headers[:3] == ["Reference", "Next date", "Working days left"]  # first, for phone width
    assert date(2026, 11, 23)


def test_a_month_only_date_and_a_restriction_read_as_given(tracker: Flask, team: dict[str, Staff]) -> None:
    case = submit(tracker.test_client())
    with tracker.app_context():
        Case.update(
            happened=date(2026, 9, 30),
            happened_day_known=False,
            restriction_reason="Forty calls in a week.",
            restriction_kind="named_officer",
            restriction_detail="Asha Patel, by email.",
            restriction_review=date(2027, 2, 1),
        ).where(Case.id == case.id).execute()
    staff = tracker.test_client()
    sign_in(staff, "asha")
    soup = page(staff.get(f"/staff/cases/{case.reference}"))
    rows = {r.dt.get_text(strip=True): r.dd.get_text(" ", strip=True) for r in soup.select(".summary-row")}
    assert rows["When it happened"] == "September 2026"  # not a made-up "30 September 2026"
    assert "Asha Patel, by email. Why: Forty calls in a week." in rows["Contact restriction"]
    assert ".." not in rows["Contact restriction"]


def test_the_ombudsman_and_its_determination_are_in_words(tracker: Flask, team: dict[str, Staff]) -> None:
    case = submit(tracker.test_client())
    manager = tracker.test_client()
    sign_in(manager, "mia")
    act(manager, case, "referral", {"body": "housing-ombudsman", "referred": "2026-11-20"})
    act(manager, case, "determination", {"determination": "resolved", "on": "2026-11-23"})
    soup = page(manager.get(f"/staff/cases/{case.reference}"))
    rows = {r.dt.get_text(strip=True): r.dd.get_text(" ", strip=True) for r in soup.select(".summary-row")}
    assert rows["Ombudsman"] == (
        "Housing Ombudsman Service: referred 20 November 2026; "
        "determination: Resolved before investigation (23 November 2026)"
    )


def _timeline(client: FlaskClient, case: Case) -> list[tuple[str, str]]:
    soup = page(client.get(f"/staff/cases/{case.reference}"))
    rows = soup.select(".timeline-detail dt")
    return [
        (dt.get_text(" ", strip=True), dt.find_next_sibling("dd").get_text(" ", strip=True)) for dt in rows
    ]


def _done(result: tuple[int, BeautifulSoup]) -> None:
    status, soup = result
    assert status == 200, [e.get_text(" ", strip=True) for e in soup.select(".error-summary")]


def test_the_timeline_names_officers_and_says_every_detail_in_words(
    tracker: Flask, team: dict[str, Staff], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A complaint through stage 1, stage 2 and after, and another not accepted, marked duplicate and with a
    hazard: no timeline row shows a username, an underscore, "Stage2", an ISO date or an unlabelled key."""
    case, other = submit(tracker.test_client()), submit(tracker.test_client())
    asha, ben, mia = tracker.test_client(), tracker.test_client(), tracker.test_client()
    for client, username in ((asha, "asha"), (ben, "ben"), (mia, "mia")):
        sign_in(client, username)
    _done(act(asha, case, "note", {"text": "Called the contractor."}))
    _done(act(asha, case, "needs", {"vulnerability": "Uses a wheelchair", "adjustment": "Visits only"}))
    _done(act(asha, case, "safeguarding", {"concern": "An older resident without heating."}))
    _done(act(mia, case, "safeguarding-done", {"action": "Referred to adult social care."}))
    _done(act(asha, case, "assign", {"to": str(team["asha"].id)}))
    _done(act(asha, case, "acknowledge", {"definition": "The boiler."}))
    _done(act(asha, case, "extend", {"new_date": "2026-12-18", "reason": "Waiting for a contractor"}))
    _done(act(asha, case, "add-issue", {"text": "The radiator leaks."}))
    respond = {"outcome": "partially_upheld", "reasons": "Late.", "remedy": "A new boiler."}
    promise = {
        "promise1_kind": "action",
        "promise1_description": "Fit a boiler",
        "promise1_due": "2027-01-15",
    }
    _done(act(asha, case, "respond", {**respond, **promise, "outstanding": "Radiators.", "learning": "Book"}))
    _done(act(asha, case, "escalate", {"asked_on": "2026-11-23", "reason": "Still cold"}))
    _done(act(mia, case, "same-team", {"reason": "Only Housing knows boilers."}))
    _done(act(ben, case, "acknowledge", {"definition": "Stage 2: too slow."}))
    _done(act(ben, case, "extend", {"new_date": "2027-01-20", "reason": "Independent survey booked"}))
    _done(act(ben, case, "respond", {"outcome": "upheld", "reasons": "Too slow.", "learning": "Sooner."}))
    _done(
        act(
            mia, case, "restrict", {"reason": "Abusive calls", "kind": "letters_only", "review": "2027-02-01"}
        )
    )
    _done(act(mia, case, "referral", {"body": "housing-ombudsman", "referred": "2026-11-20"}))
    _done(act(mia, case, "determination", {"determination": "service_failure", "on": "2026-11-23"}))
    _done(act(mia, case, "close", {"reason": "The boiler is booked; the case can close."}))
    _done(act(asha, other, "hazard-kind", {"kind": "emergency", "reason": "No heating, winter"}))
    _done(act(asha, other, "hazard-step", {"step": "made_safe", "on": "2026-11-23"}))
    _done(act(mia, other, "not-accept", {"code": "legal_proceedings", "reason": "A court case has started."}))
    rows = _timeline(asha, case) + _timeline(asha, other)
    with tracker.app_context():
        recorded = {key for e in Event.select() for key in e.details} | {
            key for e in Event.select() for key in e.details.get("changes", {})
        }
    assert recorded - {"changes"} <= set(staffwords.EVENTS), recorded - set(staffwords.EVENTS)
    for label, shown in rows:
        line = f"{label} {shown}"
        assert not re.search(r"\b(asha|ben|mia)\b", line), line
        assert "_" not in line and not re.search(r"[Ss]tage\d", line), line
        assert not re.search(r"\d{4}-\d{2}-\d{2}", line), line
    assert ("Assigned to", "Asha Patel") in rows and ("Stage 1 responder", "Asha Patel") in rows
    assert ("Stage 2 officer", "Ben Okoro") in rows and ("Owner", "Asha Patel") in rows
    assert ("Stage 2 acknowledged on", "23 November 2026") in rows
    assert ("Stage 2 outcome", "Upheld") in rows and ("Stage 1 outcome", "Partly upheld") in rows
    assert ("Stage 2 definition", "Stage 2: too slow.") in rows
    assert ("Why it was not accepted", "Legal proceedings have started") in rows
    assert ("Ombudsman's determination", "Service failure") in rows
    assert ("Restriction", str(RESTRICTIONS[RestrictionKind.LETTERS_ONLY])) in rows
    window = [row for row in rows if row[0].startswith("Stage 2 window")]
    assert window == [("Stage 2 window closes", "23 December 2026")], window
    # The day after the window has closed, the same row says so.
    monkeypatch.setattr(clock, "today", lambda: date(2026, 12, 24))
    assert ("Stage 2 window closed", "23 December 2026") in _timeline(asha, case)


def test_an_officer_whose_account_is_gone_is_shown_by_username(
    tracker: Flask, team: dict[str, Staff]
) -> None:
    case = submit(tracker.test_client())
    asha = tracker.test_client()
    sign_in(asha, "asha")
    _done(act(asha, case, "assign", {"to": str(team["ben"].id)}))
    assert ("Assigned to", "Ben Okoro") in _timeline(asha, case)
    # The assignment's "to" and the case's new assignee are one officer, named once.
    assert [row for row in _timeline(asha, case) if row[1] == "Ben Okoro"] == [("Assigned to", "Ben Okoro")]
    with tracker.app_context():
        Staff.update(username="ben-gone").where(Staff.id == team["ben"].id).execute()
    assert ("Assigned to", "ben") in _timeline(asha, case)  # the event's username, with no account now


def _recorded_keys() -> dict[str, str]:
    """Every detail key an event is recorded with in tracker/: the keywords and dict keys given to record(),
    _apply() and hazards' _save(), and the dicts built as `detail` for them, each with where it is."""
    found: dict[str, str] = {}
    root = Path(tracker_package.__file__).parent
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            dicts: list[ast.AST] = []
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                if name not in ("record", "_apply", "_save"):
                    continue
                for keyword in node.keywords:
                    if keyword.arg is None or keyword.arg == "changes":
                        dicts.append(keyword.value)
                    elif keyword.arg != "actor":
                        found.setdefault(keyword.arg, f"{path.name}:{node.lineno}")
                dicts += node.args
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "detail" for t in node.targets
            ):
                dicts.append(node.value)
            for part in dicts:
                for inner in ast.walk(part):
                    keys: list[ast.expr | None] = []
                    if isinstance(inner, ast.Dict):
                        keys = list(inner.keys)
                    elif isinstance(inner, ast.DictComp) and isinstance(inner.generators[0].iter, ast.Tuple):
                        keys = list(inner.generators[0].iter.elts)
                    for key in keys:
                        if isinstance(key, ast.Constant) and isinstance(key.value, str):
                            found.setdefault(key.value, f"{path.name}:{inner.lineno}")
    return found


def test_every_key_an_event_records_has_a_label_in_staffwords() -> None:
    found = _recorded_keys()
    # The finder itself: it sees a keyword, a detail dict, a ** dict, a `detail =` dict and its comprehension.
    assert {"channel", "window_closed", "linked_from", "open_actions", "reasons", "stage2_handler"} <= set(
        found
    )
    missing = {key: where for key, where in found.items() if key not in staffwords.EVENTS}
    assert not missing, f"give these timeline keys a label in tracker/staffwords.py EVENTS: {missing}"


def test_close_is_withheld_while_it_would_be_refused_with_dates_in_words(
    tracker: Flask, team: dict[str, Staff], monkeypatch: pytest.MonkeyPatch
) -> None:
    case = submit(tracker.test_client())
    asha, mia = tracker.test_client(), tracker.test_client()
    sign_in(asha, "asha")
    sign_in(mia, "mia")
    _done(act(asha, case, "acknowledge", {"definition": "The boiler."}))
    promise = {
        "promise1_kind": "action",
        "promise1_description": "Fit a boiler",
        "promise1_due": "2027-01-15",
    }
    _done(act(asha, case, "respond", {"outcome": "upheld", "reasons": "Late.", **promise}))
    # Responded Monday 23 November: the resident may ask for stage 2 until 23 December.
    soup = page(asha.get(f"/staff/cases/{case.reference}"))
    assert soup.select_one("form[action$='/close']") is None
    why = soup.select_one("#withheld").get_text(" ", strip=True)
    assert (
        "Close: not offered, because the resident may ask for stage 2 until Wednesday 23 December 2026" in why
    )
    assert not re.search(r"\d{4}-\d{2}-\d{2}", why)
    status, refused = act(asha, case, "close", {"reason": ""})
    summary = refused.select_one(".error-summary").get_text(" ", strip=True)
    assert status == 409 and "Wednesday 23 December 2026" in summary and "2026-12-23" not in summary
    # After the window, one promise is open: withheld from a handler, offered to a manager (with why).
    monkeypatch.setattr(clock, "today", lambda: date(2026, 12, 24))
    why = page(asha.get(f"/staff/cases/{case.reference}")).select_one("#withheld").get_text(" ", strip=True)
    assert "Close: not offered, because 1 promised action is not done yet; a manager may close it" in why
    assert page(mia.get(f"/staff/cases/{case.reference}")).select_one("form[action$='/close']") is not None


def test_a_same_team_manager_is_told_to_allow_the_same_team_first(
    tracker: Flask, team: dict[str, Staff]
) -> None:
    case = submit(tracker.test_client())
    ben, mia = tracker.test_client(), tracker.test_client()
    sign_in(ben, "ben")
    sign_in(mia, "mia")
    _done(act(ben, case, "acknowledge", {"definition": "The boiler."}))
    _done(act(ben, case, "respond", {"outcome": "not_upheld", "reasons": "x"}))
    _done(act(ben, case, "escalate", {"asked_on": "2026-11-23", "reason": "Still cold"}))
    # Mia is in Ben's team (Resident First): stage 2's work would be refused, so it is not offered.
    soup = page(mia.get(f"/staff/cases/{case.reference}"))
    assert soup.select_one("form[action$='/acknowledge']") is None
    assert soup.select_one("form[action$='/same-team']") is not None
    why = soup.select_one("#withheld").get_text(" ", strip=True)
    assert "Acknowledge: not offered" in why and '"Allow a stage 2 officer from the stage 1 team"' in why
    status, refused = act(mia, case, "acknowledge", {"definition": "Stage 2."})
    summary = refused.select_one(".error-summary").get_text(" ", strip=True)
    assert status == 409 and "Allow a stage 2 officer from the stage 1 team" in summary
    _done(act(mia, case, "same-team", {"reason": "Only our team knows boilers."}))
    soup = page(mia.get(f"/staff/cases/{case.reference}"))
    assert soup.select_one("form[action$='/acknowledge']") is not None
