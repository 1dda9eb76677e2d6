"""Checking status: only with the reference and a second factor, nothing personal shown, rate limited;
asking for stage 2 from the status page, in and out of the window."""

from __future__ import annotations

import os
import re
import secrets
import uuid
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from casecore.references import check_character, group, new_reference
from tracker import clock
from tracker.config import TrackerConfig
from tracker.models import Case, Event

from .conftest import csrf, page, post, submit


def look_up(client: FlaskClient, reference: str, secret: str, lang: str = "en") -> str:
    response = post(client, f"/{lang}/status/", {"reference": reference, "secret": secret}, follow=True)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def at_stage_2(tracker: Flask, only: Case | None = None, **fields: object) -> None:
    """Cases (or `only` one) answered on 1 October and asked for stage 2 on 5 October, with `fields`."""
    with tracker.app_context():
        change = Case.update(
            stage=2, responded=date(2026, 10, 1), escalation_requested=date(2026, 10, 5), **fields
        )
        (change if only is None else change.where(Case.id == only.id)).execute()


@pytest.fixture
def case(tracker: Flask) -> Case:
    return submit(tracker.test_client())


def test_the_reference_with_the_email_or_postcode_opens_the_case(tracker: Flask, case: Case) -> None:
    for secret in ("ada@example.org", " ADA@EXAMPLE.ORG ", "HA3 3QT", "ha33qt"):
        client = tracker.test_client()
        html = look_up(client, case.reference.lower().replace("-", " "), secret)
        assert "Your case" in html and case.reference in html, secret


def test_the_status_page_shows_no_personal_data(tracker: Flask, case: Case) -> None:
    client = tracker.test_client()
    assert client.get("/en/status/case").headers["Location"] == "/en/status/"  # not without the lookup
    html = look_up(client, case.reference, "ha3 3qt")
    for personal in (
        "Ada",
        "Lovelace",
        "ada@example.org",
        "Ada@Example.org",
        "HA3",
        "boiler",
        "Fix the boiler",
    ):
        assert personal not in html, personal
    soup = page(client.get("/en/status/case"))
    rows = {
        row.dt.get_text(strip=True): row.dd.get_text(" ", strip=True) for row in soup.select(".summary-row")
    }
    assert rows["Stage"] == "1"
    assert rows["Status"].startswith("Received")
    assert rows["Received"] == "23 November 2026"
    assert rows["We will acknowledge it by"] == "30 November 2026"
    assert rows["Reply due by"] == "14 December 2026"


def test_wrong_and_unknown_references_get_the_same_answer(tracker: Flask, case: Case) -> None:
    body = new_reference().replace("-", "")[:11]
    unknown = group(body + check_character(body))
    answers = [
        look_up(tracker.test_client(), case.reference, "someone@else.org"),
        look_up(tracker.test_client(), unknown, "ada@example.org"),
        look_up(tracker.test_client(), unknown, "HA3 3QT"),
    ]
    assert all("We could not find a case with those details" in a for a in answers)
    # The same page, whichever was wrong, once what the resident typed (and the CSRF token) is set aside.
    assert len({re.sub(r'value="[^"]*"', "", a) for a in answers}) == 1


def test_a_mistyped_reference_is_caught_before_any_lookup(tracker: Flask, case: Case) -> None:
    typo = case.reference[:-1] + ("3" if case.reference[-1] != "3" else "4")
    soup = page(post(tracker.test_client(), "/en/status/", {"reference": typo, "secret": "HA3 3QT"}))
    assert "Check the reference: one character looks wrong" in soup.select_one(".error-summary").get_text()
    assert soup.select_one("#reference")["value"] == typo  # kept as typed


def test_lookups_are_rate_limited(tracker: Flask, case: Case) -> None:
    client = tracker.test_client()
    for _ in range(5):
        look_up(client, case.reference, "wrong@example.org")
    soup = page(client.get("/en/status/"))
    response = client.post(
        "/en/status/", data={"csrf_token": csrf(soup), "reference": case.reference, "secret": "HA3 3QT"}
    )
    assert response.status_code == 429
    assert "Try again in 1 minute" in page(response, 429).get_text()
    assert response.headers.get("Retry-After")


def respond(tracker: Flask, case: Case, responded: date) -> None:
    with tracker.app_context():
        Case.update(
            status="responded", acknowledged=date(2026, 11, 24), responded=responded, outcome="not_upheld"
        ).where(Case.id == case.id).execute()


def test_asking_for_stage_2_in_the_window(tracker: Flask, case: Case) -> None:
    respond(tracker, case, date(2026, 11, 23))
    client = tracker.test_client()
    look_up(client, case.reference, "HA3 3QT")
    soup = page(client.get("/en/status/case"))
    assert "Please ask by 23 December 2026" in soup.get_text()
    assert "Not upheld" in soup.get_text()
    response = client.post("/en/status/escalate", data={"csrf_token": csrf(soup), "reason": ""})
    assert response.headers["Location"] == "/en/status/case"
    soup = page(client.get("/en/status/case"))
    assert "You have asked for stage 2" in soup.get_text()
    with tracker.app_context():
        updated = Case.get_by_id(case.id)
        assert (updated.status, updated.stage, updated.escalation_requested, updated.escalation_late) == (
            "escalation_requested",
            2,
            date(2026, 11, 23),
            False,
        )
        event = Event.get(Event.case == case.id, Event.action == "escalation_requested")
        assert event.details["late"] is False and event.details["reason"] is None


def test_asking_for_stage_2_late_is_accepted_and_flagged(
    tracker: Flask, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    respond(tracker, case, date(2026, 9, 1))
    client = tracker.test_client()
    look_up(client, case.reference, "HA3 3QT")
    soup = page(client.get("/en/status/case"))
    assert "If you ask later, we will still consider it." in soup.get_text()
    client.post("/en/status/escalate", data={"csrf_token": csrf(soup), "reason": "You did not fix it."})
    with tracker.app_context():
        updated = Case.get_by_id(case.id)
        assert updated.status == "escalation_requested" and updated.escalation_late
        assert Event.get(Event.case == case.id, Event.action == "escalation_requested").details["reason"] == (
            "You did not fix it."
        )


def test_stage_2_cannot_be_asked_for_before_a_response(tracker: Flask, case: Case) -> None:
    client = tracker.test_client()
    look_up(client, case.reference, "HA3 3QT")
    soup = page(client.get("/en/status/case"))
    assert soup.select_one("form[action='/en/status/escalate']") is None
    client.post("/en/status/escalate", data={"csrf_token": csrf(soup)})
    with tracker.app_context():
        assert Case.get_by_id(case.id).status == "received"


def test_after_stage_2_the_right_ombudsman_is_shown(tracker: Flask) -> None:
    client = tracker.test_client()
    housing = submit(client)
    corporate = submit(tracker.test_client(), area={"service_area": "council-tax-benefits"})
    answered = {"stage2_responded": date(2026, 11, 2), "stage2_outcome": "upheld"}
    at_stage_2(tracker, status="stage2_responded", **answered)
    for found, expected, other in (
        (housing, "Housing Ombudsman", "Local Government"),
        (corporate, "Local Government and Social Care Ombudsman", "Housing Ombudsman Service"),
    ):
        client = tracker.test_client()
        look_up(client, found.reference, "HA3 3QT")
        text = page(client.get("/en/status/case")).get_text()
        assert expected in text and other not in text
        assert "Upheld" in text


def test_signing_out_of_the_page_is_not_closing_the_complaint(tracker: Flask, case: Case) -> None:
    client = tracker.test_client()
    look_up(client, case.reference, "HA3 3QT")
    soup = page(client.get("/en/status/case"))
    button = soup.select_one("form.leave button")
    assert button is not None and button.get_text(strip=True) == "Sign out of this page"
    assert "close this case" not in soup.get_text()
    client.post("/en/status/leave", data={"csrf_token": csrf(soup)})
    assert client.get("/en/status/case").headers["Location"] == "/en/status/"


def test_an_anonymous_complainant_checks_with_the_access_code(tracker: Flask) -> None:
    client = tracker.test_client()
    anonymous = submit(client, contact={"contact_method": "anonymous"})
    code = page(client.get("/en/new/done")).select(".reference")[1].get_text()
    assert "Your case" in look_up(tracker.test_client(), anonymous.reference, code.lower())
    assert "could not find" in look_up(tracker.test_client(), anonymous.reference, "HA3 3QT")


def test_the_escalation_window_setting(tracker: Flask, case: Case) -> None:
    respond(tracker, case, date(2026, 11, 2))
    client = tracker.test_client()
    look_up(client, case.reference, "HA3 3QT")
    assert "Please ask by 2 December 2026" in page(client.get("/en/status/case")).get_text()
    assert clock.today() - date(2026, 11, 2) == timedelta(days=21)


def test_rate_limits_are_shared_by_workers_through_redis(config: TrackerConfig, today: date) -> None:
    """Two app instances (two workers) with one REDIS_URL share one count: the limit holds across them."""
    from tracker import create_app
    from tracker.cli import run_migrations

    run_migrations(config)
    shared = TrackerConfig(
        **{**config.__dict__, "redis_url": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")}
    )
    first, second = create_app(shared), create_app(shared)
    address = f"198.51.100.{secrets.randbelow(250) + 1}:{uuid.uuid4().hex[:6]}"  # this run's own counter
    clients = [app.test_client() for app in (first, second)]
    for client in clients:
        client.environ_base["REMOTE_ADDR"] = address
    for attempt in range(5):
        look_up(clients[attempt % 2], "K7PM-QX4R-HT3C", "nobody@example.org")
    soup = page(clients[1].get("/en/status/"))
    response = clients[1].post(
        "/en/status/", data={"csrf_token": csrf(soup), "reference": "x", "secret": "y"}
    )
    assert response.status_code == 429


@pytest.mark.parametrize("anonymous", [True, False])
def test_at_stage_2_only_a_named_complainant_is_promised_a_letter(tracker: Flask, anonymous: bool) -> None:
    client = tracker.test_client()
    contact = {"contact_method": "anonymous"} if anonymous else None
    found = submit(client, contact=contact) if contact else submit(client)
    secret = page(client.get("/en/new/done")).select(".reference")[1].get_text() if anonymous else "HA3 3QT"
    at_stage_2(tracker, found, status="escalation_requested")
    look_up(client := tracker.test_client(), found.reference, secret)
    text = " ".join(page(client.get("/en/status/case")).get_text().split())
    assert "A different officer is looking at your complaint again." in text
    assert ("We will write to you with our final reply." in text) is not anonymous
    assert ("Our final reply will be on this page" in text) is anonymous


def test_a_too_long_stage_2_reason_is_kept_whole_and_says_by_how_much(tracker: Flask, case: Case) -> None:
    """As on the details page: the limit and the count in the reader's number format, nothing cut."""
    respond(tracker, case, date(2026, 11, 23))
    client = tracker.test_client()
    look_up(client, case.reference, "HA3 3QT")
    soup = page(client.get("/en/status/case"))
    assert "You can write up to 5,000 characters." in soup.select_one("#reason-hint").get_text()
    typed = ("It is still not fixed. " * 521).strip()  # 11,982 characters: 6,982 too many
    response = client.post("/en/status/escalate", data={"csrf_token": csrf(soup), "reason": typed})
    soup = page(response)
    assert (
        "Write 5,000 characters or fewer. Your answer is 6,982 characters too long."
        in soup.select_one(".error-summary").get_text()
    )
    assert soup.select_one("#reason").get_text() == typed
    with tracker.app_context():
        assert Case.get_by_id(case.id).status == "responded"


@pytest.mark.parametrize("email", ["ada@example.org", ""])
def test_the_stage_2_confirmation_says_the_dates_were_emailed_only_when_they_were(
    tracker: Flask, case: Case, email: str
) -> None:
    with tracker.app_context():
        Case.update(email=email or None).where(Case.id == case.id).execute()
    respond(tracker, case, date(2026, 11, 23))
    client = tracker.test_client()
    look_up(client, case.reference, "HA3 3QT")
    soup = page(client.get("/en/status/case"))
    client.post("/en/status/escalate", data={"csrf_token": csrf(soup), "reason": ""})
    panel = page(client.get("/en/status/case")).select_one(".panel[role=status]")
    assert panel is not None and "You have asked for stage 2" in panel.get_text()
    said = panel.get_text(" ", strip=True)
    assert "If you gave us an email address" not in said
    assert ("We have sent these dates to your email address." in said) == bool(email)
    assert "email" not in said.lower() or email
