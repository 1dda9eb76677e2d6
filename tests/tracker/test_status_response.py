"""The status page answers the resident's questions: the response itself (the decision, what we will do
and by when, each promise as it is done), a stage 2 request confirmed on the page and by email with its
dates, and stage 1 kept on the page once stage 2 is asked for. Nothing personal."""

from __future__ import annotations

import email
import email.policy
from datetime import date
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from tracker.config import TrackerConfig
from tracker.models import Case, Remedy, Staff

from .conftest import csrf, page, sign_in, submit
from .test_staff import act
from .test_status import look_up


def responded(tracker: Flask, answers: dict[str, str]) -> tuple[Case, FlaskClient]:
    """A case acknowledged and answered by Asha (signed in on the client returned) with `answers`."""
    case = submit(tracker.test_client())
    staff = tracker.test_client()
    sign_in(staff, "asha")
    act(staff, case, "acknowledge", {"definition": "Damp and mould."})
    status, _soup = act(staff, case, "respond", answers)
    assert status == 200
    return case, staff


def responded_with_promises(tracker: Flask) -> Case:
    case, staff = responded(
        tracker,
        {
            "outcome": "partially_upheld",
            "reasons": "Ada's repair was late.",
            "promise1_kind": "action",
            "promise1_description": "Treat the mould at Ada's flat",
            "promise1_due": "2026-12-18",
            "promise2_kind": "apology",
            "promise2_description": "Apologise",
            "promise2_due": "2026-11-23",
        },
    )
    with tracker.app_context():
        apology = Remedy.get((Remedy.case == case.id) & (Remedy.kind == "apology"))
    soup = page(staff.get(f"/staff/cases/{case.reference}"))
    staff.post(
        f"/staff/cases/{case.reference}/remedies/{apology.id}/complete",
        data={
            "csrf_token": csrf(soup),
            f"complete{apology.id}-done_on": "2026-11-23",
            f"complete{apology.id}-what": "Phoned Ada",
        },
    )
    return case


def test_the_status_page_shows_the_response(tracker: Flask, team: dict[str, Staff]) -> None:
    case = responded_with_promises(tracker)
    client = tracker.test_client()
    html = look_up(client, case.reference, "HA3 3QT")
    soup = page(client.get("/en/status/case"))
    decision = soup.select_one("#decision")
    assert decision is not None
    assert "Partly upheld" in decision.get_text() and "Sent on: 23 November 2026" in decision.get_text()
    promises = [" ".join(li.get_text(" ", strip=True).split()) for li in soup.select("#promises li")]
    assert promises == [
        "An apology: done on 23 November 2026",
        "A repair or other work: to be done by 18 December 2026",
    ]
    for personal in ("Ada", "mould", "Phoned"):
        assert personal not in html, personal


def test_a_stage_2_request_is_confirmed_with_its_dates_and_stage_1_stays(
    tracker: Flask, team: dict[str, Staff], config: TrackerConfig
) -> None:
    case = responded_with_promises(tracker)
    client = tracker.test_client()
    look_up(client, case.reference, "HA3 3QT")
    soup = page(client.get("/en/status/case"))
    sent_before = len(list(Path(config.outbox_dir).glob("*.eml")))
    client.post("/en/status/escalate", data={"csrf_token": csrf(soup), "reason": "Still damp"})
    soup = page(client.get("/en/status/case"))
    text = soup.get_text(" ", strip=True)
    # Stage 2 is acknowledged within 5 working days of the request (23 November: by 30 November) and
    # answered within 20 working days of the acknowledgement (30 November + 20: 30 December, after the
    # bank holidays of 25 and 28 December).
    assert "You have asked for stage 2" in text
    assert "We will acknowledge your request by 30 November 2026." in text
    assert "We expect to reply by 30 December 2026." in text
    # Stage 1 is still there, with its decision.
    stage1 = soup.select_one("#stage-1")
    assert stage1 is not None
    history = stage1.find_next("dl").get_text(" ", strip=True)
    assert "Partly upheld" in history and "23 November 2026" in history
    # And an email says the same.
    emails = sorted(Path(config.outbox_dir).glob("*.eml"))
    assert len(emails) == sent_before + 1
    message = email.message_from_bytes(emails[-1].read_bytes(), policy=email.policy.default)
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    content = body.get_content()
    assert "stage 2" in content and "30 November 2026" in content and "30 December 2026" in content
    assert "/en/status/" in content and case.reference in str(message["Subject"])
    with tracker.app_context():
        assert (
            Case.get_by_id(case.id).stage == 2
            and date(2026, 11, 23) == Case.get_by_id(case.id).escalation_requested
        )


def test_a_stage_2_request_taken_by_phone_is_confirmed_by_email(
    tracker: Flask, team: dict[str, Staff], config: TrackerConfig
) -> None:
    case = responded_with_promises(tracker)
    staff = tracker.test_client()
    sign_in(staff, "asha")
    before = len(list(Path(config.outbox_dir).glob("*.eml")))
    assert act(staff, case, "escalate", {"asked_on": "2026-11-23", "reason": "On the phone"})[0] == 200
    emails = sorted(Path(config.outbox_dir).glob("*.eml"))
    assert len(emails) == before + 1
    message = email.message_from_bytes(emails[-1].read_bytes(), policy=email.policy.default)
    body = message.get_body(preferencelist=("plain",))
    assert body is not None and "30 November 2026" in body.get_content()
    # The officer's page stays in English.
    assert "Stage 2 asked for" in page(staff.get(f"/staff/cases/{case.reference}")).get_text()


def test_an_apology_given_in_the_letter_is_given_on_the_status_page_too(
    tracker: Flask, team: dict[str, Staff], config: TrackerConfig
) -> None:
    # The letter says "Given in this letter." of an apology due by its date: the status page says the same,
    # not "to be done by" the day the letter was sent. An explanation promised for later is still to come.
    case, _staff = responded(
        tracker,
        {
            "outcome": "upheld",
            "reasons": "The repair was late.",
            "promise1_kind": "apology",
            "promise1_description": "We are sorry",
            "promise1_due": "2026-11-23",
            "promise2_kind": "explanation",
            "promise2_description": "Why the contractor was late",
            "promise2_due": "2026-12-04",
        },
    )
    letter = email.message_from_bytes(
        sorted(Path(config.outbox_dir).glob("*.eml"))[-1].read_bytes(), policy=email.policy.default
    ).get_body(preferencelist=("plain",))
    assert letter is not None
    text = " ".join(letter.get_content().split())
    assert "An apology: We are sorry. Given in this letter." in text
    assert "Why the contractor was late. By 4 December 2026." in text
    client = tracker.test_client()
    look_up(client, case.reference, "HA3 3QT")
    soup = page(client.get("/en/status/case"))
    promises = [" ".join(li.get_text(" ", strip=True).split()) for li in soup.select("#promises li")]
    assert promises == [
        "An apology: given in our reply of 23 November 2026",
        "An explanation: to be done by 4 December 2026",
    ]
