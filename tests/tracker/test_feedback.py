"""Restrictions (policy s.13), compliments (s.14), suggestions (s.15) and the survey at closure (s.21).
Cases are built by hand; each answer is worked out in the test."""

from __future__ import annotations

import email
from datetime import date
from pathlib import Path

import pytest
from flask import Flask

from tracker import casework, scheduled
from tracker.casework import Refused, Restriction
from tracker.config import TrackerConfig
from tracker.models import Case, Event, Letter, Message

from .aftercare_helpers import SITE, at, new_case, reload, staff
from .conftest import page
from .test_staff import act, sign_in

MON_23_NOV = date(2026, 11, 23)
LETTERS_ONLY = Restriction("You called us 40 times in a week.", "letters_only", None, date(2027, 2, 1))


def outbox(config: TrackerConfig) -> list[email.message.Message]:
    return [
        email.message_from_bytes(path.read_bytes()) for path in sorted(Path(config.outbox_dir).glob("*.eml"))
    ]


def body(message: email.message.Message) -> str:
    part = message.get_payload(decode=True)
    assert isinstance(part, bytes)
    return part.decode()


# Restrictions -------------------------------------------------------------------------------------------


def test_a_handler_cannot_restrict_contact_and_is_told_why(tracker: Flask) -> None:
    with tracker.test_request_context():
        asha = staff("asha", "handler", "Housing")
        case = new_case(date(2026, 9, 1), status="closed", stage2_responded=date(2026, 10, 1))
        with pytest.raises(Refused, match="only a manager may restrict"):
            casework.restrict_contact(case, asha, LETTERS_ONLY, at(MON_23_NOV))
        assert reload(case).restriction_reason is None and not Letter.select().count()


def test_before_the_procedure_is_exhausted_a_reason_why_now_is_asked_for(tracker: Flask) -> None:
    with tracker.test_request_context():
        mia = staff("mia", "manager", "Resident First")
        case = new_case(date(2026, 11, 2), status="acknowledged")  # at stage 1: not exhausted
        with pytest.raises(Refused, match="the internal procedure is not exhausted"):
            casework.restrict_contact(case, mia, LETTERS_ONLY, at(MON_23_NOV))
        early = Restriction(**{**LETTERS_ONLY.__dict__, "why_now": "Threats to staff on the phone."})
        casework.restrict_contact(reload(case), mia, early, at(MON_23_NOV))
        saved = reload(case)
        assert (saved.restriction_kind, saved.restriction_early) == (
            "letters_only",
            "Threats to staff on the phone.",
        )
        event = Event.get(Event.case == case.id, Event.action == "contact_restricted")
        assert event.details["procedure_exhausted"] is False
        # After the stage 2 response the procedure is exhausted: no reason why now is needed.
        done = new_case(date(2026, 9, 1), status="closed", stage2_responded=date(2026, 10, 1))
        casework.restrict_contact(done, mia, LETTERS_ONLY, at(MON_23_NOV))
        assert reload(done).restriction_early is None


def test_the_form_warns_before_the_procedure_is_exhausted(tracker: Flask, team: dict[str, object]) -> None:
    with tracker.app_context():
        case = new_case(date(2026, 11, 2), status="acknowledged")
    client = tracker.test_client()
    sign_in(client, "mia")
    soup = page(client.get(f"/staff/cases/{case.reference}"))
    hint = soup.select_one("#restrict-why_now-hint")
    assert hint is not None and "Warning: the internal procedure is not exhausted" in hint.get_text()
    status, soup = act(
        client,
        case,
        "restrict",
        {"reason": "Abuse", "kind": "named_officer", "detail": "", "review": "2027-01-04"},
    )
    assert status == 400 and "Say who, when or what" in soup.get_text()  # the officer must be named
    status, soup = act(
        client,
        case,
        "restrict",
        {"reason": "Abuse", "kind": "named_officer", "detail": "Mia Novak", "review": "2027-01-04"},
    )
    assert (
        status == 409
        and "say why the restriction is needed now" in soup.select_one(".error-summary").get_text()
    )
    assert soup.select_one("#restrict-detail").get_text() == "Mia Novak"  # nothing typed is lost


def test_the_resident_gets_a_letter_in_their_language(tracker: Flask, config: TrackerConfig) -> None:
    with tracker.test_request_context():
        mia = staff("mia", "manager", "Resident First")
        case = new_case(date(2026, 9, 1), status="closed", stage2_responded=date(2026, 10, 1), language="pl")
        times = Restriction(
            "You called us 40 times in a week.", "set_times", "Tuesdays, 10am to 12 noon", date(2027, 2, 1)
        )
        casework.restrict_contact(case, mia, times, at(MON_23_NOV))
        letter = Letter.get(Letter.case == case.id, Letter.kind == "restriction")
        assert letter.language == "pl"
        assert "You called us 40 times in a week." in letter.body  # why
        assert "Tuesdays, 10am to 12 noon" in letter.body  # what
        assert "1 lutego 2027" in letter.body  # the review date, in Polish
        assert "Please phone or visit us" not in letter.body  # the words are translated
        assert "0300 111 3000" in letter.body  # the Ombudsman is still there for them
    sent = outbox(config)
    assert [m["To"] for m in sent] == ["ada@example.org"] and case.reference in str(sent[0]["Subject"])


def test_a_restriction_whose_review_has_come_reaches_the_manager(
    tracker: Flask, config: TrackerConfig
) -> None:
    with tracker.test_request_context():
        mia = staff("mia", "manager", "Resident First")
        hana = staff("hana", "manager", "Housing")
        due = new_case(
            date(2026, 6, 1), status="closed", restriction_reason="Abuse", restriction_review=MON_23_NOV
        )
        later = new_case(
            date(2026, 6, 1),
            status="closed",
            restriction_reason="Abuse",
            restriction_review=date(2026, 11, 24),
        )
        emails, items = scheduled.remind(config, SITE, MON_23_NOV)
        del mia
        mine = Message.select().where(Message.to == hana.email)
        assert emails == 1 and items == 1 and mine.count() == 1  # housing-repairs is Housing's service
        assert f"contact restriction on case {due.reference}" in mine.get().body
        assert later.reference not in mine.get().body
        assert scheduled.remind(config, SITE, MON_23_NOV) == (0, 0)  # once a day
