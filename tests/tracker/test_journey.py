"""A resident's journey through the online form, with CSRF on, in English and Arabic."""

from __future__ import annotations

import email
import json
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import Flask, session
from flask.testing import FlaskClient

from casecore.references import is_valid
from tests.htmlcheck import validate
from tracker import cases
from tracker.config import TrackerConfig
from tracker.models import Case, Draft, Event, Message

from .conftest import COMPLAINT, SITE, page, post, send, walk


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_complaint_from_start_to_confirmation(resident: FlaskClient, tracker: Flask, lang: str) -> None:
    walk(resident, lang, COMPLAINT)
    case = send(resident, lang)
    assert is_valid(case.reference)
    assert (case.kind, case.status, case.stage, case.language) == ("complaint", "received", 1, lang)
    assert case.received == date(2026, 11, 23) and case.happened == date(2026, 11, 2)
    assert case.email_key == "ada@example.org" and case.postcode_key == "HA3 3QT"
    assert case.formats == "large-print" and not case.out_of_time
    with tracker.app_context():
        assert [e.action for e in Event.select().where(Event.case == case)] == ["received"]
        # The answers are now the case: the draft keeps only which case it was sent as.
        assert [json.loads(d.data) for d in Draft.select()] == [{"__sent__": [case.id, None]}]

    done = page(resident.get(f"/{lang}/new/done"))
    assert done.select_one(".reference").get_text() == case.reference
    text = done.get_text(" ", strip=True)
    # Received Monday 23 November 2026: acknowledge within 5 working days, reply 10 after that.
    if lang == "en":
        assert "Monday, 30 November 2026" in text and "Monday, 14 December 2026" in text
    else:
        assert "30 نوفمبر 2026" in text and "14 ديسمبر 2026" in text
    assert done.select_one(f"a[href='/{lang}/status/']") is not None


def test_the_acknowledgement_email_is_in_the_residents_language(
    resident: FlaskClient, config: TrackerConfig
) -> None:
    walk(resident, "ar", COMPLAINT)
    case = send(resident, "ar")
    files = sorted(Path(config.outbox_dir).glob("*.eml"))
    assert len(files) == 1
    message = email.message_from_bytes(files[0].read_bytes())
    assert message["To"] == "Ada@Example.org"
    assert case.reference in str(message["Subject"])
    body = message.get_payload(decode=True).decode()  # type: ignore[union-attr]
    assert case.reference in body and "30 نوفمبر 2026" in body


def test_sending_the_form_is_one_call_that_makes_the_case_and_its_email_once(
    resident: FlaskClient, tracker: Flask
) -> None:
    """cases.send_form holds what Send does (the case, its files, the confirmation email): the view only
    calls it. Called again for the same draft it returns the same case and sends nothing more."""
    walk(resident, "pl", COMPLAINT)
    with resident.session_transaction() as stored:
        token = stored["draft"]
    config = tracker.extensions["tracker"]
    with tracker.test_request_context("/pl/new/check"):
        session["draft"] = token
        first = cases.send_form("pl", SITE, config.rules, date(2026, 11, 23), config.secret_key)
        again = cases.send_form("pl", SITE, config.rules, date(2026, 11, 23), config.secret_key)
        assert first is not None and again is not None
        assert (first.now, again.now, again.case_id) == (True, False, first.case_id)
        case = Case.get_by_id(first.case_id)
        (message,) = Message.select()
        assert (message.to, message.case.id) == ("Ada@Example.org", case.id)
        assert case.reference in message.subject and message.subject.startswith("Otrzymaliśmy")
        assert message.sent_at is not None  # delivered, not only queued


def test_no_email_without_an_address(resident: FlaskClient, config: TrackerConfig) -> None:
    answers = {**COMPLAINT, "contact": {"contact_method": "phone", "name": "Ada", "phone": "020 8901 2630"}}
    walk(resident, "en", answers)
    send(resident, "en")
    assert not list(Path(config.outbox_dir).glob("*.eml"))


def test_a_first_report_goes_to_the_service_request_page(resident: FlaskClient) -> None:
    post(resident, "/en/new/kind", {"kind": "complaint"})
    post(resident, "/en/new/area", {"service_area": "housing-repairs"})
    response = post(resident, "/en/new/reported", {"reported_before": "no"})
    assert response.headers["Location"] == "/en/new/service-request"
    soup = page(resident.get("/en/new/service-request"))
    text = soup.get_text(" ", strip=True)
    assert "service request" in text and "10 working days" in text
    assert soup.select_one("a[href^='tel:']") is not None
    # Nothing is logged as a complaint, and the form goes no further, unless they choose to complain.
    assert resident.get("/en/new/tenure").headers["Location"] == "/en/new/service-request"
    with resident.application.app_context():
        assert Case.select().count() == 0
    response = post(resident, "/en/new/service-request", {})
    assert response.headers["Location"] == "/en/new/tenure"


def test_a_complaint_over_12_months_old_is_accepted_and_flagged(
    resident: FlaskClient, tracker: Flask
) -> None:
    answers = {
        **COMPLAINT,
        "when": {"day": "", "month": "10", "year": "2025"},
        "late": {"late_reason": "I was in hospital."},
    }
    walk(resident, "en", answers)
    soup = page(resident.get("/en/new/late"))  # the resident is told why
    assert "more than 12 months ago" in soup.h1.get_text()
    case = send(resident, "en")
    assert case.out_of_time and case.late_reason == "I was in hospital."
    assert case.happened == date(2025, 10, 31)  # no day given: the month's last day, the benefit of the doubt
    with tracker.app_context():
        flagged = Event.get(Event.case == case, Event.action == "flagged")
        assert flagged.details == {"flag": "out_of_time", "happened": "2025-10-31"}
    assert "more than 12 months ago" in page(resident.get("/en/new/done")).get_text()


def test_this_month_without_a_day_is_accepted(resident: FlaskClient) -> None:
    walk(resident, "en", {**COMPLAINT, "when": {"day": "", "month": "11", "year": "2026"}})
    assert send(resident, "en").happened == date(2026, 11, 23)  # today, not the end of the month


def test_within_12_months_is_not_flagged(resident: FlaskClient) -> None:
    walk(resident, "en", {**COMPLAINT, "when": {"day": "", "month": "11", "year": "2025"}})
    assert not send(resident, "en").out_of_time


def test_complaining_for_someone_else_needs_their_consent(resident: FlaskClient) -> None:
    walk(resident, "en", {**COMPLAINT, "behalf": {"on_behalf": "no"}})
    response = post(resident, "/en/new/behalf?change=1", {"on_behalf": "yes"})
    assert response.headers["Location"] == "/en/new/behalf-details?change=1"
    url = "/en/new/behalf-details?change=1"
    about = {
        "behalf_name": "Grace Hopper",
        "behalf_relationship": "my mother",
        "behalf_address": "2 Station Road\nHarrow",
        "behalf_postcode": "ha1 2xy",
    }
    soup = page(post(resident, url, about))
    assert [a.get_text() for a in soup.select(".error-summary a")] == [
        "Choose whether they have agreed, you have legal authority, or they cannot agree"
    ]
    assert soup.select_one("#behalf_name")["value"] == "Grace Hopper"  # nothing typed is lost
    response = post(resident, url, {**about, "consent_basis": "agreed"})
    assert response.headers["Location"] == "/en/new/check"
    case = send(resident, "en")
    assert (case.on_behalf, case.behalf_name, case.behalf_relationship, case.consent_confirmed) == (
        True,
        "Grace Hopper",
        "my mother",
        True,
    )


def test_an_anonymous_complaint_gets_an_access_code(resident: FlaskClient) -> None:
    walk(resident, "en", {**COMPLAINT, "contact": {"contact_method": "anonymous", "name": "ignored"}})
    case = send(resident, "en")
    assert case.anonymous and case.name is None and case.email is None
    assert case.access_code_hash is not None
    done = page(resident.get("/en/new/done"))
    codes = [p.get_text() for p in done.select(".reference")]
    assert codes[0] == case.reference and len(codes[1]) == 11


def test_a_compliment_skips_the_complaint_questions(resident: FlaskClient) -> None:
    answers = {
        "kind": {"kind": "compliment"},
        "area": {"service_area": "environment"},
        "details": {"description": "The bin crew were brilliant.", "praised": "Tuesday crew"},
        "evidence": {},
        "contact": {"contact_method": "anonymous"},
        "adjustments": {},
    }
    walk(resident, "en", answers)
    case = send(resident, "en")
    assert (case.kind, case.praised, case.happened, case.outcome_wanted) == (
        "compliment",
        "Tuesday crew",
        None,
        None,
    )
    assert "pass your compliment on" in page(resident.get("/en/new/done")).get_text()


def test_check_your_answers_change_links_return_to_the_check_page(resident: FlaskClient) -> None:
    check = page(walk(resident, "en", COMPLAINT))
    change = check.select_one("a[href='/en/new/area?change=1']")
    assert change is not None and "Service" in change.get_text()
    response = post(resident, "/en/new/area?change=1", {"service_area": "council-tax-benefits"})
    assert response.headers["Location"] == "/en/new/check"
    assert "Council tax and benefits" in page(resident.get("/en/new/check")).get_text()


def test_a_change_that_opens_a_new_question_asks_it_then_returns(resident: FlaskClient) -> None:
    walk(resident, "en", COMPLAINT)
    response = post(resident, "/en/new/when?change=1", {"day": "1", "month": "1", "year": "2024"})
    assert response.headers["Location"] == "/en/new/late?change=1"
    response = post(resident, "/en/new/late?change=1", {"late_reason": ""})
    assert response.headers["Location"] == "/en/new/check"


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        ("kind", {}, "Choose a complaint, a compliment or a suggestion"),
        ("when", {"day": "31", "month": "2", "year": "2026"}, "Enter a real date"),
        ("when", {"day": "", "month": "12", "year": "2026"}, "The date must be today or in the past"),
        ("when", {"day": "", "month": "", "year": ""}, "Enter at least the month and year it happened"),
        (
            "contact",
            {"contact_method": "email", "name": "Ada", "email": "not an email"},
            "Enter an email address like",
        ),
        (
            "contact",
            {"contact_method": "letter", "name": "Ada", "address": "1 Road", "postcode": "XYZ"},
            "Enter a real postcode",
        ),
        ("details", {"description": "x" * 5001}, "Write 5,000 characters or fewer"),
    ],
)
def test_bad_answers_get_a_clear_error_and_keep_what_was_typed(
    resident: FlaskClient, step: str, data: dict[str, str], message: str
) -> None:
    walk(resident, "en", COMPLAINT)
    response = post(resident, f"/en/new/{step}", data)
    soup = page(response)
    assert soup.title.get_text().startswith("Error:")
    summary = soup.select_one(".error-summary")
    assert summary is not None and message in summary.get_text()
    anchor = summary.select_one("a")["href"]
    assert soup.select_one(anchor) is not None  # the summary links to the field
    assert message in soup.select_one(".error-message").get_text()
    for name, value in data.items():
        field = soup.select_one(f"[name={name}]")
        if field is not None and field.name == "input" and field.get("type") == "text":
            assert field["value"] == value


def test_errors_are_in_the_readers_language(resident: FlaskClient) -> None:
    soup = page(post(resident, "/ar/new/kind", {}))
    assert soup.html["dir"] == "rtl"
    assert soup.select_one(".error-summary h2").get_text() == "هناك مشكلة"
    assert soup.title.get_text().startswith("خطأ:")


def test_pages_cannot_be_skipped(resident: FlaskClient) -> None:
    assert resident.get("/en/new/contact").headers["Location"] == "/en/new/kind"
    assert resident.get("/en/new/check").headers["Location"] == "/en/new/kind"
    assert resident.get("/en/new/done").headers["Location"] == "/en/new/kind"
    assert resident.get("/en/new/nonsense").status_code == 404


def test_posting_without_the_csrf_token_is_refused(resident: FlaskClient) -> None:
    response = resident.post("/en/new/kind", data={"kind": "complaint"})
    assert response.status_code == 400
    assert "timed out" in page(response, 400).get_text()


def test_the_honeypot_stops_bots(resident: FlaskClient) -> None:
    soup = page(post(resident, "/en/new/kind", {"kind": "complaint", "website": "http://spam.example"}))
    assert "Leave this field empty." in soup.get_text()


def test_every_tracker_page_is_valid_html(resident: FlaskClient, tmp_path: Path) -> None:
    """Each page of the journey, an error page and the status pages, through the Nu HTML Checker at once."""
    pages: dict[str, str] = {}
    pages["kind-error"] = post(resident, "/ar/new/kind", {}).get_data(as_text=True)
    walk(resident, "en", {**COMPLAINT, "behalf": {"on_behalf": "no"}})
    for step in (
        "kind",
        "area",
        "reported",
        "details",
        "when",
        "outcome",
        "behalf",
        "contact",
        "adjustments",
        "check",
    ):
        pages[step] = resident.get(f"/en/new/{step}").get_data(as_text=True)
    case = send(resident, "en")
    pages["done"] = resident.get("/en/new/done").get_data(as_text=True)
    pages["lookup"] = resident.get("/en/status/").get_data(as_text=True)
    post(resident, "/en/status/", {"reference": case.reference, "secret": "HA3 3QT"})
    pages["case"] = resident.get("/en/status/case").get_data(as_text=True)
    pages["not-found"] = resident.get("/en/nowhere").get_data(as_text=True)
    files = []
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(path)
    assert validate(files, tmp_path) == []


@pytest.mark.parametrize(
    ("accept", "lang"), [("ur,en;q=0.5", "ur"), ("pt-PT,pt;q=0.9", "pt"), ("de-DE", "en"), ("", "en")]
)
def test_the_browsers_preferred_language_when_none_is_chosen(
    resident: FlaskClient, accept: str, lang: str
) -> None:
    response = resident.get("/", headers={"Accept-Language": accept} if accept else {})
    assert response.headers["Location"] == f"/{lang}/new/"


def test_every_language_renders_the_tracker(tracker: Flask, tmp_path: Path) -> None:
    """The first page and the status page in every language: lang and dir right, valid HTML."""
    from sitekit.sitedata import load_site_data

    client = tracker.test_client()
    files = []
    for language in load_site_data(Path("content")).languages:
        for url in (f"/{language.code}/new/kind", f"/{language.code}/status/"):
            response = client.get(url)
            assert response.status_code == 200, url
            soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
            assert (soup.html["lang"], soup.html["dir"]) == (language.code, language.dir), url
            path = tmp_path / f"{language.code}-{url.split('/')[2]}.html"
            path.write_text(response.get_data(as_text=True), encoding="utf-8")
            files.append(path)
    assert validate(files, tmp_path) == []


def test_the_day_entered_is_kept_and_shown(resident: FlaskClient) -> None:
    check = walk(resident, "en", {**COMPLAINT, "when": {"day": "15", "month": "10", "year": "2026"}})
    assert "15 October 2026" in page(check).get_text()
    again = page(resident.get("/en/new/when?change=1"))
    assert (again.select_one("#day")["value"], again.select_one("#month")["value"]) == ("15", "10")
