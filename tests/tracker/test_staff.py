"""Casework: staff sign in, work a case through both stages to the Code, and are refused what the
procedure or their role does not allow, with the reason shown."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from casecore.deadlines import deadlines
from casecore.working_days import england_and_wales
from sitekit.sitedata import load_site_data
from tests.htmlcheck import validate
from tracker.config import TrackerConfig
from tracker.models import Case, Event, Letter, Remedy, Staff
from tracker.staff import auth

from .conftest import HOUSING_OMBUDSMAN, PASSWORD, TODAY, csrf, page, post, send, sign_in, submit, walk
from .test_status import look_up


def act(client: FlaskClient, case: Case, name: str, data: dict[str, str]) -> tuple[int, BeautifulSoup]:
    soup = page(client.get(f"/staff/cases/{case.reference}"))
    fields = {f"{name}-{key}": value for key, value in data.items()}
    response = client.post(f"/staff/cases/{case.reference}/{name}", data={"csrf_token": csrf(soup), **fields})
    if response.status_code == 302:
        response = client.get(response.headers["Location"])
    return response.status_code, BeautifulSoup(response.get_data(as_text=True), "html.parser")


def reload(tracker: Flask, case: Case) -> Case:
    with tracker.app_context():
        return Case.get_by_id(case.id)


# Staff endpoints and the values their URLs need.
def staff_urls(tracker: Flask, reference: str) -> list[tuple[str, str, str]]:
    found = []
    for rule in tracker.url_map.iter_rules():
        if not rule.endpoint.startswith(("staff.", "casepage.", "casefiles.")) or rule.endpoint in (
            "staff.login",
            "staff.logout",
        ):
            continue
        values = {"reference": reference, "name": "acknowledge", "letter_id": 1, "file_id": 1, "remedy_id": 1}
        url = rule.build({k: v for k, v in values.items() if k in rule.arguments})[1]
        method = "GET" if "GET" in (rule.methods or ()) else "POST"
        found.append((rule.endpoint, method, url))
    return found


def test_every_staff_page_uses_the_staff_decorator(tracker: Flask) -> None:
    for rule in tracker.url_map.iter_rules():
        if rule.endpoint.startswith(("staff.", "casepage.", "casefiles.")) and rule.endpoint not in (
            "staff.login",
            "staff.logout",
        ):
            assert hasattr(tracker.view_functions[rule.endpoint], "required_role"), rule.endpoint


def test_every_staff_route_refuses_anonymous_users(tracker: Flask, team: dict[str, Staff]) -> None:
    case = submit(tracker.test_client())
    client = tracker.test_client()
    urls = staff_urls(tracker, case.reference)
    assert len(urls) >= 6
    for endpoint, method, url in urls:
        if method == "GET":
            response = client.get(url)
        else:
            soup = page(client.get("/staff/login"))
            response = client.post(url, data={"csrf_token": csrf(soup)})
        assert response.status_code == 302, endpoint
        assert response.headers["Location"].startswith("/staff/login?next="), endpoint


@pytest.mark.parametrize("action", ["not-accept", "restrict", "review-restriction", "determination"])
def test_manager_actions_refuse_handlers(tracker: Flask, team: dict[str, Staff], action: str) -> None:
    case = submit(tracker.test_client())
    client = tracker.test_client()
    sign_in(client, "asha")
    soup = page(client.get(f"/staff/cases/{case.reference}"))
    assert soup.select_one(f"form[action$='/{action}']") is None  # not offered
    response = client.post(
        f"/staff/cases/{case.reference}/{action}", data={"csrf_token": csrf(soup), "reason": "x"}
    )
    assert response.status_code == 403
    # Refused on the case page, with the reason shown, and nothing changed.
    refused = page(response, 403).select_one(".error-summary").get_text()
    assert "refused, because only a manager may do this" in refused


def test_sign_in_lockout_after_repeated_failures(
    tracker: Flask, team: dict[str, Staff], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = tracker.test_client()
    for _ in range(auth.MAX_FAILURES - 1):
        assert "The username or password is wrong." in sign_in(client, "asha", "wrong password").get_text()
    assert "locked for 15 minutes" in sign_in(client, "asha", "wrong password").get_text()
    assert "locked for 15 minutes" in sign_in(client, "asha").get_text()  # even the right password, for now
    later = auth.now() + auth.LOCKOUT
    monkeypatch.setattr(auth, "now", lambda: later)
    assert "Open cases" in sign_in(client, "asha").get_text()


def test_unknown_users_get_the_same_answer(tracker: Flask, team: dict[str, Staff]) -> None:
    text = sign_in(tracker.test_client(), "nobody", "whatever password").get_text()
    assert "The username or password is wrong." in text


def test_the_login_form_lets_password_managers_and_pasting_work(tracker: Flask) -> None:
    soup = page(tracker.test_client().get("/staff/login"))
    assert soup.select_one("#username")["autocomplete"] == "username"
    assert soup.select_one("#password")["autocomplete"] == "current-password"
    assert soup.select_one("#password")["type"] == "password"
    assert not soup.select("[onpaste], [oncopy]") and soup.find("script") is None


def test_sign_in_needs_the_csrf_token(tracker: Flask, team: dict[str, Staff]) -> None:
    response = tracker.test_client().post("/staff/login", data={"username": "asha", "password": PASSWORD})
    assert response.status_code == 400


def test_sessions_end_after_inactivity(
    tracker: Flask, team: dict[str, Staff], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = tracker.test_client()
    sign_in(client, "asha")
    assert client.get("/staff/").status_code == 200
    idle = auth.now() + timedelta(minutes=31)
    monkeypatch.setattr(auth, "now", lambda: idle)
    assert client.get("/staff/").headers["Location"].startswith("/staff/login")


def test_an_open_redirect_is_not_followed(tracker: Flask, team: dict[str, Staff]) -> None:
    client = tracker.test_client()
    soup = page(client.get("/staff/login"))
    response = client.post(
        "/staff/login?next=//evil.example/",
        data={"csrf_token": csrf(soup), "username": "asha", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/staff/"


def letter_text(tracker: Flask, case: Case, kind: str, stage: int) -> str:
    with tracker.app_context():
        return Letter.get((Letter.case == case.id) & (Letter.kind == kind) & (Letter.stage == stage)).body


def test_a_complaint_from_received_to_stage_2_response(
    tracker: Flask, team: dict[str, Staff], config: TrackerConfig
) -> None:
    case = submit(tracker.test_client())
    asha, ben = tracker.test_client(), tracker.test_client()
    sign_in(asha, "asha")
    sign_in(ben, "ben")

    # Illegal now: respond before acknowledging. Refused, with the reason shown.
    status, soup = act(asha, case, "respond", {"outcome": "upheld", "reasons": "x"})
    assert status == 409 and "refused, because acknowledge the complaint before responding" in soup.get_text()

    status, soup = act(asha, case, "acknowledge", {"definition": "The boiler is broken; wants it fixed."})
    assert status == 200 and "Acknowledge: done." in soup.get_text()
    acknowledgement = letter_text(tracker, case, "acknowledgement", 1)
    for element in (
        "The boiler is broken; wants it fixed.",
        "Asha Patel",
        case.reference,
        "Stage 1",
        "7 December 2026",  # the response is due 10 working days after the acknowledgement on 23 November
    ):
        assert element in acknowledgement, element

    # Extensions: past the limit refused with the reason; within it accepted.
    status, soup = act(asha, case, "extend", {"new_date": "2027-01-29", "reason": "Waiting for a contractor"})
    assert status == 409 and "the latest the procedure allows is Monday 21 December 2026" in soup.get_text()
    assert soup.select_one("#extend-reason").get_text() == "Waiting for a contractor"  # nothing typed is lost
    status, soup = act(asha, case, "extend", {"new_date": "2026-12-18", "reason": "Waiting for a contractor"})
    assert status == 200
    extension = letter_text(tracker, case, "extension", 1)
    for element in (
        "Waiting for a contractor",
        "18 December 2026",
        "Housing Ombudsman",
        HOUSING_OMBUDSMAN.phone,
    ):
        assert element in extension, element

    status, soup = act(
        asha,
        case,
        "respond",
        {
            "outcome": "partially_upheld",
            "reasons": "The repair was late.",
            "remedy": "We will fit a new boiler.",
            "promise1_kind": "action",
            "promise1_description": "Fit a new boiler",
            "promise1_due": "2027-01-15",
            "outstanding": "Check the radiators.",
            "learning": "",
        },
    )
    assert status == 200, [e.get_text(" ", strip=True) for e in soup.select(".error-summary")]
    response = letter_text(tracker, case, "response", 1)
    for element in (
        "Stage 1",
        "The boiler is broken; wants it fixed.",
        "Partly upheld",
        "The repair was late.",
        "We will fit a new boiler.",
        "15 January 2027",
        "Check the radiators.",
        "stage 2",
        "23 December 2026",
    ):
        assert element in response, element

    status, soup = act(asha, case, "escalate", {"asked_on": "2026-11-23", "reason": "Still cold"})
    assert status == 200 and reload(tracker, case).status == "escalation_requested"

    # Stage 2 must go to a different officer: the stage 1 responder is refused, with the reason.
    status, soup = act(asha, case, "acknowledge", {"definition": "Stage 2: the remedy is too slow."})
    assert status == 409 and "a different officer from the one who responded at stage 1" in soup.get_text()
    status, soup = act(asha, case, "assign", {"to": str(team["asha"].id)})
    assert status == 409
    status, soup = act(ben, case, "acknowledge", {"definition": "Stage 2: the remedy is too slow."})
    assert status == 200
    status, soup = act(ben, case, "extend", {"new_date": "2027-01-20", "reason": "Independent survey booked"})
    assert status == 200
    status, soup = act(
        ben,
        case,
        "respond",
        {
            "outcome": "upheld",
            "reasons": "We agree it took too long.",
            "remedy": "£150 for the inconvenience.",
            "outstanding": "",
            "learning": "We now chase contractors after 5 days.",
        },
    )
    assert status == 200
    final = letter_text(tracker, case, "response", 2)
    for element in (
        "Stage 2",
        "Stage 2: the remedy is too slow.",
        "Upheld",
        "We agree it took too long.",
        "£150 for the inconvenience.",
        "We now chase contractors after 5 days.",
        "Housing Ombudsman",
        HOUSING_OMBUDSMAN.phone,
        "final response",
    ):
        assert element in final, element

    # The boiler promised at stage 1 is still open: closing is refused until it is done (or a manager
    # says why).
    status, soup = act(ben, case, "close", {})
    assert status == 409 and "1 promised action is not done yet" in soup.get_text()
    with tracker.app_context():
        remedy = Remedy.get(Remedy.case == case.id)
    soup = page(ben.get(f"/staff/cases/{case.reference}"))
    response = ben.post(
        f"/staff/cases/{case.reference}/remedies/{remedy.id}/complete",
        data={
            "csrf_token": csrf(soup),
            f"complete{remedy.id}-done_on": "2026-11-23",
            f"complete{remedy.id}-what": "New boiler fitted.",
        },
    )
    assert response.status_code == 302
    status, soup = act(ben, case, "close", {})
    assert status == 200
    done = reload(tracker, case)
    assert (done.status, done.stage2_outcome, done.next_due) == ("closed", "upheld", None)

    # The timeline shows each action, who did it, and the letters are there to print.
    soup = page(ben.get(f"/staff/cases/{case.reference}"))
    heads = [
        li.select_one(".timeline-head").get_text(" ", strip=True) for li in soup.select(".timeline > li")
    ]
    actions = [re.match(r"(.+?)(?: by | ?,)", head).group(1) for head in heads]  # type: ignore[union-attr]
    assert actions == [
        "Received online",
        "Acknowledged",
        "Extended",
        "Responded",
        "Remedy promised",
        "Escalation requested",
        "Acknowledged",
        "Extended",
        "Responded",
        "Remedy completed",
        "Closed",
    ]
    assert "by Asha Patel" in heads[1] and "by Ben Okoro" in heads[6]
    letters = soup.select("#letters ~ ul a")
    assert len(letters) == 7
    sent = page(ben.get(letters[1]["href"])).get_text(" ", strip=True)
    assert "by Asha Patel" in sent and "by asha" not in sent  # the officer's name, not the username
    printable = page(ben.get(letters[-2]["href"]))
    assert "We now chase contractors after 5 days." in printable.get_text()
    # Each letter also went to the resident by email.
    assert (
        len(list(Path(config.outbox_dir).glob("*.eml"))) == 9
    )  # the receipt, seven letters and the stage 2 request confirmed


def test_deadlines_shown_match_the_core(tracker: Flask, team: dict[str, Staff]) -> None:
    case = submit(tracker.test_client())
    client = tracker.test_client()
    sign_in(client, "asha")
    act(client, case, "acknowledge", {"definition": "d"})
    case = reload(tracker, case)
    procedure = load_site_data(Path("content")).procedures["housing"]
    due = deadlines(procedure, case.dates)
    assert due.stage1 is not None
    soup = page(client.get(f"/staff/cases/{case.reference}"))
    rows = {
        r.dt.get_text(strip=True): r.dd.get_text(" ", strip=True)
        for r in soup.select("#deadlines + dl .summary-row")
    }
    assert rows["Stage 1 response due"].startswith(f"{due.stage1.respond_by.day} December 2026")
    assert rows["Latest extension"] == f"{due.stage1.extension_limit.day} December 2026"
    assert england_and_wales().between(case.acknowledged, due.stage1.respond_by) == 10


def test_a_letter_in_the_residents_language(
    tracker: Flask, team: dict[str, Staff], config: TrackerConfig
) -> None:
    case = submit(tracker.test_client(), "ar")
    staff = tracker.test_client()
    sign_in(staff, "asha")
    act(staff, case, "acknowledge", {"definition": "الغلاية معطلة"})
    text = letter_text(tracker, case, "acknowledgement", 1)
    assert "الغلاية معطلة" in text and case.reference in text and "ديسمبر" in text
    message = email.message_from_bytes(
        sorted(Path(config.outbox_dir).glob("*.eml"))[-1].read_bytes(), policy=email.policy.default
    )
    assert f"\u2066{case.reference}\u2069" in str(message["Subject"])  # isolated: it reads left to right


def test_log_a_phone_complaint_with_its_true_date_of_receipt(tracker: Flask, team: dict[str, Staff]) -> None:
    client = tracker.test_client()
    sign_in(client, "asha")
    response = post(
        client,
        "/staff/cases/new",
        {
            "kind": "complaint",
            "channel": "phone",
            "received": "2026-11-16",
            "service_area": "council-tax-benefits",
            "language": "en",
            "description": "Called about a wrong bill.",
            "name": "Ada",
            "phone": "020 8000 0000",
        },
    )
    assert response.status_code == 302
    with tracker.app_context():
        case = Case.get(Case.channel == "phone")
    assert case.received == date(2026, 11, 16)
    assert case.next_due == date(2026, 12, 7)  # corporate stage I: 15 working days from 16 November
    response = post(
        client,
        "/staff/cases/new",
        {
            "kind": "complaint",
            "channel": "letter",
            "received": "2026-12-01",
            "service_area": "council-tax-benefits",
            "language": "en",
            "description": "x",
        },
    )
    assert "The date received cannot be in the future" in page(response).get_text()


def test_the_queue_shows_what_is_overdue_and_due_soon(tracker: Flask, team: dict[str, Staff]) -> None:
    cases = [submit(tracker.test_client()) for _ in range(3)]
    with tracker.app_context():
        Case.update(next_due=date(2026, 11, 20)).where(Case.id == cases[0].id).execute()
        Case.update(next_due=date(2026, 11, 24)).where(Case.id == cases[1].id).execute()
    client = tracker.test_client()
    sign_in(client, "asha")
    soup = page(client.get("/staff/"))
    rows = soup.select("table.queue tbody tr")
    assert [r.select_one("a").get_text() for r in rows] == [c.reference for c in cases]
    assert "overdue" in rows[0]["class"] and "Overdue by 1" in rows[0].get_text()
    assert "due-soon" in rows[1]["class"] and "1: due soon" in rows[1].get_text()
    overdue = page(client.get("/staff/?overdue=1")).select("table.queue tbody tr")
    assert [r.select_one("a").get_text() for r in overdue] == [cases[0].reference]
    assert (
        page(client.get("/staff/?assignee=me")).select_one("table.queue tbody td").get_text()
        == "No open cases match."
    )


def test_find_by_reference(tracker: Flask, team: dict[str, Staff]) -> None:
    case = submit(tracker.test_client())
    client = tracker.test_client()
    sign_in(client, "asha")
    response = client.get(f"/staff/find?reference={case.reference.lower().replace('-', '')}")
    assert response.headers["Location"] == f"/staff/cases/{case.reference}"
    assert (
        "not a valid reference"
        in page(client.get("/staff/find?reference=nonsense", follow_redirects=True)).get_text()
    )


def test_a_safeguarding_flag_alerts_the_lead(
    tracker: Flask, team: dict[str, Staff], config: TrackerConfig
) -> None:
    case = submit(tracker.test_client())
    client = tracker.test_client()
    sign_in(client, "asha")
    status, _ = act(client, case, "safeguarding", {"concern": "An older resident without heating."})
    assert status == 200 and reload(tracker, case).safeguarding
    alert = email.message_from_bytes(sorted(Path(config.outbox_dir).glob("*.eml"))[-1].read_bytes())
    assert alert["To"] == config.safeguarding_email and case.reference in str(alert["Subject"])
    assert "heating" not in alert.get_payload()  # the concern stays in the case, not in email


def test_contact_restrictions_and_ombudsman_records(tracker: Flask, team: dict[str, Staff]) -> None:
    case = submit(tracker.test_client())
    manager = tracker.test_client()
    sign_in(manager, "mia")
    restriction = {"reason": "Repeated abusive calls", "kind": "letters_only", "why_now": "Daily calls"}
    status, soup = act(manager, case, "restrict", {**restriction, "review": "2026-11-01"})
    assert status == 409 and "the review date must be in the future" in soup.get_text()
    status, _ = act(manager, case, "restrict", {**restriction, "review": "2027-02-01"})
    assert status == 200
    status, soup = act(manager, case, "referral", {"body": "housing-ombudsman", "referred": "2026-11-20"})
    assert status == 200
    status, _ = act(manager, case, "determination", {"determination": "service_failure", "on": "2026-11-23"})
    assert status == 200
    saved = reload(tracker, case)
    assert (saved.restriction_review, saved.ombudsman, saved.ombudsman_determination) == (
        date(2027, 2, 1),
        "housing-ombudsman",
        "service_failure",
    )


def test_no_route_changes_or_deletes_an_event(tracker: Flask) -> None:
    for rule in tracker.url_map.iter_rules():
        assert "event" not in rule.rule.lower(), rule.rule
        assert not (rule.methods or set()) & {"PUT", "PATCH", "DELETE"}, rule.rule


def test_compliments_and_suggestions_record_their_own_facts(tracker: Flask, team: dict[str, Staff]) -> None:
    client = tracker.test_client()
    answers = {
        "kind": {"kind": "suggestion"},
        "area": {"service_area": "environment"},
        "details": {"description": "More bins in the park."},
        "evidence": {},
        "contact": {"contact_method": "anonymous"},
        "adjustments": {},
    }
    walk(client, "en", answers)
    case = send(client)
    staff = tracker.test_client()
    sign_in(staff, "asha")
    status, refused = act(staff, case, "extend", {"new_date": "2026-12-01", "reason": "x"})
    assert status == 409, status
    assert (
        "a suggestion has no stages, extensions or escalation"
        in refused.select_one(".error-summary").get_text()
    ), refused.select_one(".error-summary")
    status, refused = act(staff, case, "suggestion", {"used": "used", "answer": "Two bins by the pond."})
    assert status == 409 and "acknowledge" in refused.select_one(".error-summary").get_text()
    assert act(staff, case, "acknowledge-feedback", {})[0] == 200
    status, _ = act(staff, case, "suggestion", {"used": "used", "answer": "Two bins added by the pond."})
    assert status == 200
    saved = reload(tracker, case)
    assert saved.suggestion_action == "Two bins added by the pond." and saved.resident_told
    assert saved.suggestion_used and saved.status == "responded"
    with tracker.app_context():
        assert Event.select().where(Event.case == case.id, Event.action == "suggestion_answered").count() == 1
    assert saved.responded == TODAY  # the day the answer was given is recorded on the case


def test_logging_a_case_asks_what_the_figures_need_and_refuses_a_bad_postcode(
    tracker: Flask, officer: FlaskClient
) -> None:
    client = officer
    typed = {
        "kind": "complaint",
        "channel": "letter",
        "received": "2026-11-16",
        "service_area": "housing-repairs",
        "language": "en",
        "description": "Letter about a leaking roof.",
        "postcode": "not a postcode",
        "tenure": "",
        "happened": "2025-09-01",
    }
    text = page(post(client, "/staff/cases/new", typed)).get_text()
    assert "Enter a real UK postcode, like HA1 2XY" in text
    refused = page(post(client, "/staff/cases/new", {**typed, "postcode": "ha3 3qt"}))
    assert "Choose the resident's tenure for a housing service" in refused.get_text()
    assert refused.select_one("textarea[name=description]").get_text().strip() == typed["description"]
    no_consent = {
        **typed,
        "postcode": "ha3 3qt",
        "tenure": "shared_owner",
        "on_behalf": "y",
        "behalf_name": "Ida",
    }
    assert (
        "Choose the footing the advocate acts on"
        in page(post(client, "/staff/cases/new", no_consent)).get_text()
    )
    response = post(
        client, "/staff/cases/new", {**no_consent, "consent_basis": "agreed", "formats": ["large-print"]}
    )
    assert response.status_code == 302
    with tracker.app_context():
        case = Case.get(Case.channel == "letter")
    # Received 16 November: acknowledge by 23 November, respond by 7 December; over 12 months: flagged.
    assert (case.tenure, case.postcode, case.stage1_due, case.next_due) == (
        "shared_owner",
        "HA3 3QT",
        date(2026, 12, 7),
        date(2026, 11, 23),
    )
    assert case.out_of_time and case.on_behalf and case.consent_confirmed and case.formats == "large-print"


PHONE_CALL = {
    "kind": "complaint",
    "channel": "phone",
    "received": "2026-11-23",
    "service_area": "council-tax-benefits",
    "language": "en",
    "description": "Called about a wrong bill.",
    "name": "Ada",
    "phone": "020 8000 0000",
    "contact_method": "phone",
}


def test_a_caller_with_only_a_phone_number_is_told_a_reference_and_an_access_code(
    tracker: Flask, officer: FlaskClient
) -> None:
    soup = page(post(officer, "/staff/cases/new", PHONE_CALL, follow=True))
    with tracker.app_context():
        case = Case.get(Case.channel == "phone")
    told = soup.select_one("#logged")
    assert told is not None and "tell the caller" in told.get_text()
    assert case.reference in told.get_text() and "We reply by phone" in told.get_text()
    code = told.select_one("#access-code").get_text(strip=True)
    assert case.contact_method == "phone"
    # Shown once: a reload does not show the code again.
    assert page(officer.get(f"/staff/cases/{case.reference}")).select_one("#logged") is None
    # The caller can check progress with the reference and the code read to them.
    html = look_up(tracker.test_client(), case.reference, code)
    assert "Your case" in html and case.reference in html


def test_a_logged_case_with_a_postcode_needs_no_access_code_and_the_reply_route_is_checked(
    tracker: Flask, officer: FlaskClient
) -> None:
    refused = page(post(officer, "/staff/cases/new", {**PHONE_CALL, "contact_method": "email"}))
    assert "Enter the email address to reply to" in refused.get_text()
    soup = page(post(officer, "/staff/cases/new", {**PHONE_CALL, "postcode": "ha3 3qt"}, follow=True))
    told = soup.select_one("#logged")
    assert told is not None and soup.select_one("#access-code") is None
    assert "the postcode they gave you" in told.get_text()


def test_the_queue_says_what_each_date_is_and_flags_a_hazard(tracker: Flask, officer: FlaskClient) -> None:
    answered = submit(tracker.test_client())
    waiting = submit(tracker.test_client())
    council_tax = submit(tracker.test_client(), area={"service_area": "council-tax-benefits"})
    hazard = submit(tracker.test_client(), hazard={"hazard": "yes", "at_risk": "yes"})
    with tracker.app_context():  # a final response sent: the only date left is the day it closes by itself
        Case.update(status="stage2_responded", stage=2, next_due=date(2026, 11, 11)).where(
            Case.id == answered.id
        ).execute()
    rows = {
        row.select_one("a.reference-inline").get_text(strip=True): row
        for row in page(officer.get("/staff/")).select("table.queue tbody tr")
    }
    closing = rows[answered.reference]
    assert "Closes by itself after 11 November 2026" in closing.get_text()
    assert "Overdue" not in closing.get_text() and "overdue" not in closing.get("class", [])
    assert "Acknowledge by" in rows[waiting.reference].get_text()
    # The corporate procedure has no separate acknowledgement: its first date is the response's.
    assert "Respond by" in rows[council_tax.reference].get_text()
    assert "Acknowledge" not in rows[council_tax.reference].get_text()
    flagged = rows[hazard.reference].get_text()
    assert "Hazard (Awaab's Law)" in flagged and "Someone at risk" in flagged and "Hazard step by" in flagged
    assert "Hazard" not in rows[waiting.reference].get_text()
    overdue = page(officer.get("/staff/?overdue=1")).select("table.queue tbody tr a.reference-inline")
    assert answered.reference not in [a.get_text(strip=True) for a in overdue]


def test_the_timeline_and_the_queue_read_as_what_happened(tracker: Flask, officer: FlaskClient) -> None:
    page(post(officer, "/staff/cases/new", PHONE_CALL, follow=True))
    online = submit(tracker.test_client())
    with tracker.app_context():
        logged = Case.get(Case.channel == "phone")
        Case.update(status="escalation_requested", stage=2).where(Case.id == online.id).execute()
    head = page(officer.get(f"/staff/cases/{logged.reference}")).select_one(".timeline-head").get_text()
    assert head.startswith("Logged by Asha Patel,") and "by resident" not in head
    head = page(officer.get(f"/staff/cases/{online.reference}")).select_one(".timeline-head").get_text()
    assert head.startswith("Received online,")
    queue = page(officer.get("/staff/")).get_text()
    assert "Stage 2: asked for, not yet acknowledged" in queue and "Stage 2: Stage 2" not in queue


def test_the_changed_staff_pages_are_valid_html(tracker: Flask, officer: FlaskClient, tmp_path: Path) -> None:
    """The confirmation after logging, the queue with its flags and dates, a case with actions withheld."""
    pages = {"logged": post(officer, "/staff/cases/new", PHONE_CALL, follow=True).get_data(as_text=True)}
    submit(tracker.test_client(), hazard={"hazard": "yes", "at_risk": "yes"})
    pages["queue"] = officer.get("/staff/").get_data(as_text=True)
    with tracker.app_context():
        logged = Case.get(Case.channel == "phone")
    act(officer, logged, "acknowledge", {"definition": "d"})
    act(officer, logged, "respond", {"outcome": "not_upheld", "reasons": "x"})
    act(officer, logged, "escalate", {"asked_on": "2026-11-23", "reason": "Still wrong"})
    pages["withheld"] = officer.get(f"/staff/cases/{logged.reference}").get_data(as_text=True)
    assert 'id="withheld"' in pages["withheld"] and 'id="logged"' in pages["logged"]
    files = []
    for name, html in pages.items():
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")
        files.append(tmp_path / f"{name}.html")
    assert validate(files, tmp_path) == []


def test_a_logged_caller_who_wants_to_stay_anonymous_keeps_no_contact_details(
    tracker: Flask, officer: FlaskClient
) -> None:
    """As on the online form: details typed before choosing 'anonymous' are not kept, and the caller is
    given an access code to check progress."""
    call = {**PHONE_CALL, "contact_method": "anonymous", "email": "ada@example.com", "postcode": "HA3 3QT"}
    soup = page(post(officer, "/staff/cases/new", call, follow=True))
    with tracker.app_context():
        case = Case.get(Case.channel == "phone")
    assert case.anonymous
    kept = (case.name, case.email, case.phone, case.postcode, case.email_key, case.postcode_key)
    assert kept == (None,) * 6
    assert soup.select_one("#access-code") is not None
