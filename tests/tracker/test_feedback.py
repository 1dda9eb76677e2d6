"""Restrictions (policy s.13), compliments (s.14), suggestions (s.15) and the survey at closure (s.21).
Cases are built by hand; each answer is worked out in the test."""

from __future__ import annotations

import dataclasses
import email
import re
from datetime import date
from pathlib import Path

import pytest
from flask import Flask

from casecore.channels import Channel
from casecore.feedback import chosen_for_survey
from casecore.periods import Period
from casecore.procedures import Rules
from casecore.states import Kind
from sitekit.i18n import format_day, in_language, site_data
from tracker import casework, scheduled, survey
from tracker.cases import Intake, open_case
from tracker.casework import Refused, Restriction, Review
from tracker.config import TrackerConfig
from tracker.export import figures
from tracker.models import Case, Event, Letter, Message, Survey

from .aftercare_helpers import SITE, at, new_case, reload, staff
from .conftest import COMPLAINT, HOUSING_OMBUDSMAN, csrf, page, sign_in, submit
from .test_staff import act
from .test_status import look_up

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


def test_a_handler_is_not_offered_the_restriction_and_a_post_is_refused(
    tracker: Flask, team: dict[str, object]
) -> None:
    with tracker.app_context():
        case = new_case(date(2026, 9, 1), status="closed", stage2_responded=date(2026, 10, 1))
    client = tracker.test_client()
    sign_in(client, "asha")  # a handler
    assert page(client.get(f"/staff/cases/{case.reference}")).select_one("form[action$='/restrict']") is None
    status, _ = act(
        client,
        case,
        "restrict",
        {"reason": "Abuse", "kind": "letters_only", "detail": "", "review": "2027-01-04", "why_now": ""},
    )
    assert status == 403
    with tracker.app_context():
        assert Case.get_by_id(case.id).restriction_reason is None and not Letter.select().count()


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
        # How to ask for a review, in Polish: write to us with the reference.
        assert "Jak poprosić o ponowne rozpatrzenie" in letter.body and "How to ask" not in letter.body
        assert "napisz do nas i podaj swój numer sprawy" in letter.body
        assert f"{HOUSING_OMBUDSMAN.phone}" in letter.body  # the Ombudsman is still there for them
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


# A restriction's review: lifted or kept (policy s.13) ---------------------------------------------------

MON_1_FEB = date(2027, 2, 1)  # LETTERS_ONLY's review date
LIFT = Review("lift", "No calls out of hours for two months.")


def restricted(**fields: object) -> Case:
    """A closed complaint whose contact is restricted to letters only, to be reviewed on 1 February 2027."""
    values: dict[str, object] = {
        "status": "closed",
        "stage2_responded": date(2026, 10, 1),
        "restriction_reason": "You called us 40 times in a week.",
        "restriction_kind": "letters_only",
        "restriction_review": MON_1_FEB,
        **fields,
    }
    return new_case(date(2026, 9, 1), **values)


def test_a_handler_is_not_offered_the_review_and_a_post_is_refused(
    tracker: Flask, team: dict[str, object]
) -> None:
    with tracker.app_context():
        case = restricted()
        with pytest.raises(Refused, match="only a manager may review"):
            casework.review_restriction(case, team["asha"], LIFT, at(MON_23_NOV))  # type: ignore[arg-type]
    client = tracker.test_client()
    sign_in(client, "asha")  # a handler
    soup = page(client.get(f"/staff/cases/{case.reference}"))
    assert soup.select_one("form[action$='/review-restriction']") is None
    status, _ = act(client, case, "review-restriction", {"outcome": "lift", "reason": "Calls are normal."})
    assert status == 403
    with tracker.app_context():
        saved = Case.get_by_id(case.id)
        assert (saved.restriction_lifted, saved.restriction_review) == (None, MON_1_FEB)
        assert not Letter.select().count() and not Event.select().where(Event.case == case.id).count()


def test_a_lifted_restriction_is_never_reminded_again(tracker: Flask, config: TrackerConfig) -> None:
    with tracker.test_request_context():
        mia = staff("mia", "manager", "Resident First")
        hana = staff("hana", "manager", "Housing")  # housing-repairs is Housing's service: hers to review
        case = new_case(date(2026, 9, 1), status="closed", stage2_responded=date(2026, 10, 1))
        casework.restrict_contact(case, mia, LETTERS_ONLY, at(MON_23_NOV))
        assert scheduled.remind(config, SITE, MON_1_FEB) == (1, 1)  # the review has come
        casework.review_restriction(reload(case), mia, LIFT, at(MON_1_FEB))
        saved = reload(case)
        assert (saved.restriction_lifted, saved.restriction_review) == (MON_1_FEB, None)
        event = Event.get(Event.case == case.id, Event.action == "restriction_lifted")
        assert event.details["reason"] == "No calls out of hours for two months."
        assert event.details["changes"]["restriction_lifted"] == "2027-02-01"
        for later in (date(2027, 2, 2), date(2027, 3, 1), date(2028, 2, 1)):
            assert scheduled.remind(config, SITE, later) == (0, 0), later
        letter = Letter.get(Letter.case == case.id, Letter.kind == "restriction_lifted")
        assert "From now on you can contact us in the usual ways" in letter.body
        assert "two months" not in letter.body  # the reason for lifting is staff's, in the timeline
        assert Message.select().where(Message.to == hana.email).count() == 1  # the one reminder, before
        with pytest.raises(Refused, match="no active contact restriction"):
            casework.review_restriction(reload(case), mia, LIFT, at(date(2027, 2, 2)))
        # Restricted again later, it is active again with its own review.
        again = dataclasses.replace(LETTERS_ONLY, review=date(2027, 5, 3))
        casework.restrict_contact(reload(case), mia, again, at(date(2027, 3, 1)))
        assert reload(case).restriction_lifted is None
        assert scheduled.remind(config, SITE, date(2027, 5, 3)) == (1, 1)
    sent = [m for m in outbox(config) if m["To"] == "ada@example.org"]
    assert len(sent) == 3 and "usual ways" in str(sent[1]["Subject"])  # restricted, lifted, restricted


def test_a_kept_restriction_is_reminded_at_its_new_date_not_before(
    tracker: Flask, config: TrackerConfig
) -> None:
    with tracker.test_request_context():
        mia = staff("mia", "manager", "Resident First")
        hana = staff("hana", "manager", "Housing")
        case = restricted(language="pl")
        keep = Review("keep", "Nadal dzwonisz codziennie.", date(2027, 5, 3), "set_times", "Wtorki, 10-12")
        casework.review_restriction(case, mia, keep, at(MON_1_FEB))
        saved = reload(case)
        assert (saved.restriction_review, saved.restriction_kind, saved.restriction_detail) == (
            date(2027, 5, 3),
            "set_times",
            "Wtorki, 10-12",
        )
        assert saved.restriction_reason == "Nadal dzwonisz codziennie." and saved.restriction_lifted is None
        for before in (MON_1_FEB, date(2027, 2, 2), date(2027, 5, 2)):
            assert scheduled.remind(config, SITE, before) == (0, 0), before
        assert scheduled.remind(config, SITE, date(2027, 5, 3)) == (1, 1)
        reminder = Message.get(Message.to == hana.email).body
        assert f"contact restriction on case {case.reference}" in reminder and "3 May 2027" in reminder
        letter = Letter.get(Letter.case == case.id, Letter.kind == "restriction_kept")
        assert letter.language == "pl"
        assert "Nadal dzwonisz codziennie." in letter.body and "Wtorki, 10-12" in letter.body  # why, what
        assert "3 maja 2027" in letter.body  # the next review, in Polish
        assert "Please phone or visit us" not in letter.body and "What stays" not in letter.body
        assert "Jak poprosić o ponowne rozpatrzenie" in letter.body  # how to ask for a review
        assert f"{HOUSING_OMBUDSMAN.phone}" in letter.body
        event = Event.get(Event.case == case.id, Event.action == "restriction_kept")
        assert event.details["changes"]["restriction_review"] == "2027-05-03"


def test_a_review_keeps_the_terms_it_does_not_change(tracker: Flask) -> None:
    with tracker.test_request_context():
        mia = staff("mia", "manager", "Resident First")
        case = restricted(restriction_kind="named_officer", restriction_detail="Asha Patel, by email.")
        casework.review_restriction(
            case, mia, Review("keep", "Still daily.", date(2027, 3, 1)), at(MON_1_FEB)
        )
        saved = reload(case)
        assert (saved.restriction_kind, saved.restriction_detail) == (
            "named_officer",
            "Asha Patel, by email.",
        )
        letter = Letter.get(Letter.case == case.id, Letter.kind == "restriction_kept")
        assert "Please contact only the officer named below." in letter.body and "Asha Patel" in letter.body


@pytest.mark.parametrize(
    ("review", "refusal"),
    [
        (Review("keep", "Still daily.", MON_1_FEB), "the next review date must be in the future"),
        (Review("keep", "Still daily.", None), "the next review date must be in the future"),
        (Review("lift", "  "), "give the reason for the outcome"),
        (Review("keep", "Still daily.", date(2027, 3, 1), "set_times", " "), "say who, when or what"),
    ],
)
def test_a_review_without_what_it_needs_changes_nothing(tracker: Flask, review: Review, refusal: str) -> None:
    with tracker.test_request_context():
        mia = staff("mia", "manager", "Resident First")
        case = restricted()
        with pytest.raises(Refused, match=refusal):
            casework.review_restriction(case, mia, review, at(MON_1_FEB))
        saved = reload(case)
        assert (saved.restriction_review, saved.restriction_lifted) == (MON_1_FEB, None)
        assert not Letter.select().count() and not Event.select().where(Event.case == case.id).count()


def test_the_arabic_review_letter_isolates_its_next_review_date(tracker: Flask) -> None:
    with tracker.test_request_context():
        mia = staff("mia", "manager", "Resident First")
        case = restricted(language="ar")
        casework.review_restriction(case, mia, Review("keep", "Still.", date(2027, 5, 3)), at(MON_1_FEB))
        text = Letter.get(Letter.case == case.id, Letter.kind == "restriction_kept").body
        with in_language(site_data().language("ar")):
            review = format_day(date(2027, 5, 3))
            written = format_day(MON_23_NOV)
    assert f"\u2068{review}\u2069" in text and f"\u2068{written}\u2069" in text


def test_the_manager_reviews_on_the_case_page_and_sees_what_applies_now(
    tracker: Flask, team: dict[str, object]
) -> None:
    with tracker.app_context():
        kept = restricted(restriction_review=MON_23_NOV)  # the review is due today
        lifted = restricted(restriction_review=MON_23_NOV, language="pl")
    client = tracker.test_client()
    sign_in(client, "mia")

    def summary(case: Case) -> tuple[str, str]:
        soup = page(client.get(f"/staff/cases/{case.reference}"))
        rows = {
            r.dt.get_text(strip=True): r.dd.get_text(" ", strip=True) for r in soup.select(".summary-row")
        }
        return rows["Contact restriction"], " ".join(t.get_text(" ", strip=True) for t in soup.select(".tag"))

    row, tags = summary(kept)
    assert "active, next review 23 November 2026, review due" in row
    assert "Contact restricted until review on 23 November 2026" in tags
    # Kept without a date: the form says what is missing, and nothing typed is lost.
    status, soup = act(
        client, kept, "review-restriction", {"outcome": "keep", "reason": "Still daily.", "kind": "unchanged"}
    )
    assert status == 400 and "Enter the next review date" in soup.select_one(".error-summary").get_text()
    assert soup.select_one("#review-restriction-reason").get_text() == "Still daily."
    keep = {"outcome": "keep", "reason": "Still daily.", "review": "2027-02-01", "kind": "unchanged"}
    status, soup = act(client, kept, "review-restriction", keep)
    assert status == 200, soup.select_one(".error-summary")
    row, tags = summary(kept)
    assert "Why: Still daily. (active, next review 1 February 2027)" in row
    assert "Contact restricted until review on 1 February 2027" in tags

    status, soup = act(
        client,
        lifted,
        "review-restriction",
        {"outcome": "lift", "reason": "Calls are normal.", "kind": "unchanged", "review": ""},
    )
    assert status == 200
    row, tags = summary(lifted)
    assert "lifted on 23 November 2026: the resident can contact us in the usual ways" in row
    assert "Contact restriction lifted on 23 November 2026" in tags and "until review" not in tags
    soup = page(client.get(f"/staff/cases/{lifted.reference}"))
    assert soup.select_one("form[action$='/review-restriction']") is None  # nothing left to review
    entry = next(
        li
        for li in soup.select(".timeline li")
        if "Restriction lifted by Mia Novak" in li.get_text(" ", strip=True)
    )
    shown = {dt.get_text(strip=True): dt.find_next("dd").get_text(strip=True) for dt in entry.select("dt")}
    assert shown["Reason"] == "Calls are normal." and shown["Restriction lifted on"] == "23 November 2026"
    status, _ = act(
        client, lifted, "review-restriction", {"outcome": "lift", "reason": "Again.", "kind": "unchanged"}
    )
    assert status == 409  # not offered, and refused if posted
    with tracker.app_context():
        assert Letter.get(Letter.case == lifted.id).language == "pl"
        assert Letter.select().where(Letter.case == lifted.id).count() == 1


def test_the_status_page_says_nothing_of_a_restriction_or_its_review(
    tracker: Flask, team: dict[str, object]
) -> None:
    with tracker.test_request_context():
        case = restricted(restriction_detail="Tuesdays, 10am to 12 noon", restriction_kind="set_times")
        casework.review_restriction(
            case,
            team["mia"],
            Review("keep", "Still daily.", MON_1_FEB),
            at(MON_23_NOV),  # type: ignore[arg-type]
        )
    resident = tracker.test_client()
    html = look_up(resident, case.reference, "ada@example.org")
    assert "Your case" in html and case.reference in html  # the page itself, as the resident sees it
    for private in ("40 times", "Still daily", "Tuesdays", "Restrict", "restrict"):  # nor that there is one
        assert private not in html, private


# Compliments and suggestions ------------------------------------------------------------------------------


def feedback(kind: str, received: date, area: str = "housing-repairs", **fields: object) -> Case:

    intake = Intake(Kind(kind), Channel.ONLINE, area, "en", received, "Mr Ortiz fixed the lift the same day.")
    case = open_case(intake, SITE, Rules(), "key", actor="test").case
    if fields:
        Case.update(**fields).where(Case.id == case.id).execute()
    return reload(case)


def test_neither_has_complaint_deadlines(tracker: Flask) -> None:
    with tracker.test_request_context():
        asha = staff("asha", "handler", "Housing")
        for kind in ("compliment", "suggestion"):
            case = feedback(kind, MON_23_NOV)
            assert (case.next_due, case.stage1_due, case.stage2_due) == (None, None, None)
            casework.acknowledge_feedback(case, asha, at(MON_23_NOV))
            saved = reload(case)
            assert saved.status == "acknowledged" and saved.definition is None
            assert (saved.next_due, saved.stage1_due) == (None, None)
            with pytest.raises(Refused, match="no stages, extensions or escalation"):
                casework.extend(saved, asha, date(2026, 12, 21), "x", at(MON_23_NOV))


def test_the_case_page_offers_no_definition_deadline_or_outcome(
    tracker: Flask, team: dict[str, object]
) -> None:
    with tracker.app_context():
        case = feedback("compliment", MON_23_NOV)
    client = tracker.test_client()
    sign_in(client, "asha")
    soup = page(client.get(f"/staff/cases/{case.reference}"))
    offered = {form["action"].rsplit("/", 1)[-1] for form in soup.select(".case-actions form")}
    assert "acknowledge-feedback" in offered and not offered & {"acknowledge", "respond", "extend"}
    assert "has no complaint deadlines" in soup.select_one("#deadlines + p").get_text()
    assert soup.select_one("textarea[name='acknowledge-definition']") is None


def test_a_compliment_is_passed_on_and_counted_by_service(tracker: Flask, config: TrackerConfig) -> None:

    with tracker.test_request_context():
        asha = staff("asha", "handler", "Housing")
        case = feedback("compliment", date(2026, 11, 2))
        with pytest.raises(Refused, match="acknowledge"):
            casework.pass_on_compliment(
                case, asha, casework.PassOn("Lifts", None, None, "m@x.org"), at(MON_23_NOV)
            )
        casework.acknowledge_feedback(case, asha, at(date(2026, 11, 2)))
        to = casework.PassOn("Lifts team", "Sam Ortiz", "sam@harrow.example", "lee@harrow.example")
        casework.pass_on_compliment(reload(case), asha, to, at(MON_23_NOV))
        saved = reload(case)
        assert (saved.passed_to, saved.praised_team, saved.passed_on, saved.status) == (
            "Sam Ortiz",
            "Lifts team",
            MON_23_NOV,
            "responded",
        )
        assert (saved.outcome, saved.next_due) == (None, None)
        event = Event.get(Event.case == case.id, Event.action == "compliment_passed_on")
        assert event.details["emailed"] == ["sam@harrow.example", "lee@harrow.example"]
        sent = outbox(config)
        assert sorted(m["To"] for m in sent) == ["lee@harrow.example", "sam@harrow.example"]
        assert "Mr Ortiz fixed the lift the same day." in body(sent[0])
        # Each reader is told where it went from where they stand (not "to you and their manager" to both).
        said = {m["To"]: " ".join(body(m).split()) for m in sent}
        assert "Asha passed it on on 23 November 2026 to you and your manager." in said["sam@harrow.example"]
        assert "to Sam Ortiz and you, their manager." in said["lee@harrow.example"]
        # Counted by the service praised, in the quarter it was received (Q3: October to December).
        feedback("compliment", date(2026, 10, 5), area="environment")
        feedback("compliment", date(2026, 9, 30))  # Q2: not counted in Q3
        counted = figures(Period.parse("2026/27 Q3"), SITE)
        assert counted["compliments"] == 2
        assert counted["compliments_by_service"]["housing-repairs"] == 1
        assert counted["compliments_by_service"]["environment"] == 1
        assert sum(counted["compliments_by_service"].values()) == 2


def test_a_suggestion_is_answered_by_letter_and_counted_with_what_came_of_it(
    tracker: Flask, config: TrackerConfig
) -> None:

    with tracker.test_request_context():
        asha = staff("asha", "handler", "Housing")
        used = feedback(
            "suggestion", date(2026, 11, 2), name="Ada Lovelace", email="ada@example.org", language="pl"
        )
        casework.acknowledge_feedback(used, asha, at(date(2026, 11, 2)))
        casework.answer_suggestion(
            reload(used), asha, True, "Two benches by the lift, from January.", at(MON_23_NOV)
        )
        letter = Letter.get(Letter.case == used.id, Letter.kind == "suggestion_answer")
        assert letter.language == "pl" and "Two benches by the lift, from January." in letter.body
        assert "We will use your suggestion" not in letter.body  # in Polish
        assert [m["To"] for m in outbox(config)] == ["ada@example.org"]
        saved = reload(used)
        assert (saved.suggestion_used, saved.resident_told, saved.outcome, saved.next_due) == (
            True,
            True,
            None,
            None,
        )
        for _ in range(2):
            other = feedback("suggestion", date(2026, 11, 3))
            casework.acknowledge_feedback(other, asha, at(date(2026, 11, 3)))
            casework.answer_suggestion(
                reload(other), asha, False, "The law does not allow it.", at(MON_23_NOV)
            )
        counted = figures(Period.parse("2026/27 Q3"), SITE)
        assert counted["suggestions"] == 3
        assert counted["suggestions_answered"] == {"used": 1, "not_used": 2}


# The survey at closure -----------------------------------------------------------------------------------


@pytest.fixture
def everyone(tracker: Flask) -> Flask:
    """Every closed complaint's resident is asked (SURVEY_SHARE=1)."""
    tracker.extensions["tracker"] = dataclasses.replace(tracker.extensions["tracker"], survey_share=1.0)
    return tracker


def test_the_choice_of_who_is_asked_is_fixed_by_the_reference() -> None:
    references = [f"K7PM-QX4R-{n:04d}" for n in range(2000)]
    half = [r for r in references if chosen_for_survey(r, 0.5)]
    assert 900 < len(half) < 1100  # about half
    assert half == [r for r in references if chosen_for_survey(r, 0.5)]  # the same every time
    assert set(half) <= {r for r in references if chosen_for_survey(r, 0.8)}  # a larger share adds to it
    assert not any(chosen_for_survey(r, 0) for r in references)
    assert all(chosen_for_survey(r, 1) for r in references)


def test_survey_share_is_a_setting_from_0_to_1() -> None:
    assert TrackerConfig().survey_share == 0.5
    assert TrackerConfig.from_env(survey_share=0.25).survey_share == 0.25
    with pytest.raises(ValueError, match="SURVEY_SHARE must be from 0 to 1"):
        TrackerConfig(survey_share=1.5)


def closed_at_stage2(language: str = "en", **fields: object) -> Case:
    return new_case(
        date(2026, 9, 1),
        status="stage2_responded",
        stage=2,
        responded=date(2026, 9, 14),
        escalation_requested=date(2026, 9, 20),
        stage2_responded=date(2026, 10, 19),
        language=language,
        **fields,
    )


def survey_link(config: TrackerConfig) -> str:
    sent = [m for m in outbox(config) if "/survey/" in body(m)]
    assert len(sent) == 1
    found = re.search(r"http://localhost(/\S+/survey/\S+)", body(sent[0]))
    assert found is not None
    return found.group(1)


def test_closing_a_complaint_sends_the_link_which_works_once_in_their_language(
    everyone: Flask, config: TrackerConfig
) -> None:
    with everyone.test_request_context():
        asha = staff("asha", "handler", "Housing")
        case = closed_at_stage2(language="pl")
        no_email = closed_at_stage2(email=None, email_key=None)
        casework.close(case, asha, None, at(MON_23_NOV))
        casework.close(no_email, asha, None, at(MON_23_NOV))
        saved = Survey.get(Survey.case == case.id)
        assert Survey.select().count() == 1  # nobody without an email address is asked
    link = survey_link(config)
    token = link.rsplit("/", 1)[-1]
    assert link.startswith("/pl/survey/") and len(token) >= 40
    assert saved.token_hash != token and token not in saved.token_hash  # only the hash is kept
    client = everyone.test_client()
    soup = page(client.get(link))
    assert soup.html["lang"] == "pl"
    legend = soup.select_one("fieldset legend")
    assert legend is not None and "How satisfied" not in legend.get_text()  # in Polish
    assert len(soup.select("fieldset input[type=radio][name=score]")) == 5
    assert soup.select_one("form[method=post]") is not None  # a plain form: no JavaScript needed
    # Nothing chosen: an error in Polish, and the comment typed is kept.
    refused = page(client.post(link, data={"csrf_token": csrf(soup), "comment": "Szybko i uprzejmie."}), 400)
    assert refused.select_one(".error-summary") is not None
    assert refused.select_one("textarea[name=comment]").get_text() == "Szybko i uprzejmie."
    done = client.post(link, data={"csrf_token": csrf(soup), "score": "4", "comment": "Szybko i uprzejmie."})
    page(done)
    with everyone.app_context():
        answered = Survey.get_by_id(saved.id)
        assert (answered.score, answered.comment, answered.answered_on) == (
            4,
            "Szybko i uprzejmie.",
            MON_23_NOV,
        )
    again = page(client.get(link), 410)  # the link works once: a polite page, never an error
    assert again.select_one("form") is None
    page(client.post(link, data={"csrf_token": csrf(soup), "score": "1"}), 410)
    with everyone.app_context():
        assert Survey.get_by_id(saved.id).score == 4
    staff_page = everyone.test_client()
    sign_in(staff_page, "asha")
    summary = page(staff_page.get(f"/staff/cases/{case.reference}")).select_one("#resident + dl").get_text()
    assert "answered 23 November 2026: 4 out of 5" in summary and "Szybko i uprzejmie." in summary
    unknown = page(client.get("/en/survey/not-a-real-token"), 404)
    assert "We cannot find this survey" in unknown.get_text()


def test_the_survey_link_follows_the_tracker_url_in_a_request_and_outside_one(
    everyone: Flask, config: TrackerConfig
) -> None:
    """Closed by hand (a request) or by the auto-close timer (none): the link is the tracker's public address
    under its prefix (TRACKER_URL), as every other email's is, never http://localhost."""
    everyone.extensions["tracker"] = dataclasses.replace(
        everyone.extensions["tracker"], tracker_url="https://complaints.example/tracker/"
    )
    with everyone.test_request_context():
        casework.close(
            closed_at_stage2(language="ro"), staff("asha", "handler", "Housing"), None, at(MON_23_NOV)
        )
    (sent,) = [m for m in outbox(config) if "/survey/" in body(m)]
    assert re.search(r"^https://complaints\.example/tracker/ro/survey/\S{40,}$", body(sent), re.M), body(sent)
    with everyone.app_context():  # as the timer writes it: no request
        case = closed_at_stage2(language="so")
        _, text = survey._email(case, "a-token-for-the-timer")
    assert "https://complaints.example/tracker/so/survey/a-token-for-the-timer\n" in text
    assert "localhost" not in text


def test_survey_answers_are_counted_and_suppressed_below_5(tracker: Flask) -> None:
    from portal.performance import _later_tables

    with tracker.app_context():
        for n, score in enumerate((5, 4, 2, 4)):
            case = new_case(date(2026, 9, 1), status="closed")
            Survey.create(
                case=case,
                token_hash=f"{n:064d}",
                language="en",
                sent_on=date(2026, 11, 2),
                answered_on=date(2026, 11, 3 + n),
                score=score,
            )
        unanswered = new_case(date(2026, 9, 1), status="closed")
        Survey.create(case=unanswered, token_hash="f" * 64, language="en", sent_on=date(2026, 11, 2))
        counted = figures(Period.parse("2026/27 Q3"), SITE)["survey_at_closure"]
        assert counted == {"scores": {"1": 0, "2": 1, "3": 0, "4": 2, "5": 1}}
        table = {row[0]: row[1] for row in _later_tables({"survey_at_closure": counted}, {})[0].rows}
        assert table == {"survey_responses": None, "survey_satisfied": None, "survey_mean": None}  # 4 answers
        fifth = new_case(date(2026, 9, 1), status="closed")
        Survey.create(
            case=fifth,
            token_hash="e" * 64,
            language="en",
            sent_on=date(2026, 11, 2),
            answered_on=date(2026, 12, 1),
            score=3,
        )
        counted = figures(Period.parse("2026/27 Q3"), SITE)["survey_at_closure"]
        table = {row[0]: row[1] for row in _later_tables({"survey_at_closure": counted}, {})[0].rows}
        # 5 answers: 5, 4, 2, 4, 3. Satisfied (4 or 5): 3 of 5 = 60%. Mean 18 / 5 = 3.6.
        assert table == {"survey_responses": 5, "survey_satisfied": 0.6, "survey_mean": 3.6}


def test_the_suggestion_letter_says_each_thing_once(tracker: Flask, config: TrackerConfig) -> None:
    with tracker.test_request_context():
        asha = staff("asha", "handler", "Housing")
        case = feedback("suggestion", date(2026, 11, 2), name="Ada Lovelace", email="ada@example.org")
        casework.acknowledge_feedback(case, asha, at(date(2026, 11, 2)))
        casework.answer_suggestion(reload(case), asha, True, "Two benches by the lift.", at(MON_23_NOV))
        text = Letter.get(Letter.case == case.id, Letter.kind == "suggestion_answer").body
    assert text.count("If you need this letter in another format") == 1
    assert text.count(f"Reference: {case.reference}") == 1 and text.count("Dear Ada Lovelace,") == 1
    assert "complaints procedure" not in text  # a suggestion has no stage
    assert text.index("Dear Ada Lovelace,") < text.index("Two benches") < text.index("another format")


def test_the_arabic_restriction_letter_isolates_its_review_date(tracker: Flask) -> None:
    with tracker.test_request_context():
        mia = staff("mia", "manager", "Resident First")
        case = new_case(date(2026, 9, 1), status="closed", stage2_responded=date(2026, 10, 1), language="ar")
        casework.restrict_contact(case, mia, LETTERS_ONLY, at(MON_23_NOV))
        text = Letter.get(Letter.case == case.id, Letter.kind == "restriction").body
        with in_language(site_data().language("ar")):
            review = format_day(date(2027, 2, 1))
    assert f"\u2068{review}\u2069" in text  # the review date, like every other date, in its own direction


def test_a_compliment_is_not_shown_to_staff_as_a_complaint(tracker: Flask, team: dict[str, object]) -> None:
    with tracker.app_context():
        compliment = feedback("compliment", MON_23_NOV)
        suggestion = feedback("suggestion", MON_23_NOV)
    client = tracker.test_client()
    sign_in(client, "asha")
    soup = page(client.get(f"/staff/cases/{compliment.reference}"))
    rows = {r.dt.get_text(strip=True): r.dd.get_text(" ", strip=True) for r in soup.select(".summary-row")}
    assert rows["Status"] == "Compliment: received, not yet acknowledged"
    assert "procedure" not in rows["Service"] and "Stage and status" not in rows
    queue = page(client.get("/staff/")).get_text(" ", strip=True)
    assert "Suggestion: received, not yet acknowledged" in queue
    assert "Stage 1: Received" not in queue
    assert suggestion.reference in queue
    for feedback_case in (compliment, suggestion):  # no complaint deadline in the queue either
        row = next(
            tr
            for tr in page(client.get("/staff/")).select("table.queue tbody tr")
            if feedback_case.reference in tr.get_text()
        )
        text = row.get_text(" ", strip=True)
        assert "No deadline" in text and not re.search(r"\b20\d\d\b|overdue|Due", text), text


@pytest.mark.parametrize(
    ("kind", "action", "form", "acknowledged", "answered", "named"),
    [
        (
            "compliment",
            "compliment",
            {"team": "Lifts", "officer": "Sam Ortiz", "officer_email": "", "manager_email": "l@h.example"},
            "We will pass it on to the people involved and their manager.",
            "We have passed your compliment on to the people involved and their manager.",
            "Passed on",
        ),
        (
            "suggestion",
            "suggestion",
            {"used": "used", "answer": "Two benches by the lift."},
            "We have acknowledged your suggestion and are considering it.",
            "We have written to tell you how we will use your suggestion, or why we cannot.",
            "Answered",
        ),
    ],
    ids=["compliment", "suggestion"],
)
def test_the_status_page_gives_feedback_no_stage_deadline_or_complaint_reply(
    tracker: Flask,
    team: dict[str, object],
    kind: str,
    action: str,
    form: dict[str, str],
    acknowledged: str,
    answered: str,
    named: str,
) -> None:
    """The resident who praised or suggested is never told of a stage, a reply date, a decision or stage 2."""
    answers = {
        **COMPLAINT,
        "kind": {"kind": kind},
        "details": {"description": "Mr Ortiz fixed the lift the same day."},
        "praised": {"praised": "Mr Ortiz"},
    }
    del answers["outcome"]
    case = submit(tracker.test_client(), **answers)
    officer = tracker.test_client()
    sign_in(officer, "asha")
    resident = tracker.test_client()
    look_up(resident, case.reference, "ada@example.org")

    def status_page() -> str:
        soup = page(resident.get("/en/status/case"))
        rows = [row.dt.get_text(strip=True) for row in soup.select(".summary-row")]
        assert not {"Stage", "Reply due by", "We will acknowledge it by", "Our decision"} & set(rows), rows
        assert soup.select_one("form[action$='/escalate']") is None
        text = soup.select_one("main").get_text(" ", strip=True)
        assert "complaint" not in text.lower() and "stage 2" not in text.lower(), text
        return text

    status_page()
    assert act(officer, case, "acknowledge-feedback", {})[0] == 200
    assert acknowledged in status_page()
    assert act(officer, case, action, form)[0] == 200
    text = status_page()
    assert answered in text and named in text


def test_compliments_and_suggestions_are_worded_as_such_with_their_answer_first(
    tracker: Flask, team: dict[str, object]
) -> None:
    with tracker.app_context():
        compliment = feedback("compliment", MON_23_NOV)
        suggestion = feedback("suggestion", MON_23_NOV, name="Ada Lovelace")
    client = tracker.test_client()
    sign_in(client, "asha")
    for case in (compliment, suggestion):
        assert act(client, case, "acknowledge-feedback", {})[0] == 200
        # The answer is the first action offered, before "Close".
        soup = page(client.get(f"/staff/cases/{case.reference}"))
        offered = [form["action"].rsplit("/", 1)[-1] for form in soup.select(".case-actions form")]
        assert offered[0] == case.kind and offered.index(case.kind) < offered.index("close"), offered
    answer = {"team": "Lifts", "officer": "", "officer_email": "", "manager_email": "lifts@harrow.gov.uk"}
    assert act(client, compliment, "compliment", answer)[0] == 200
    assert act(client, suggestion, "suggestion", {"used": "used", "answer": "Two benches."})[0] == 200
    for case, said in ((compliment, "Passed on"), (suggestion, "Answered")):
        soup = page(client.get(f"/staff/cases/{case.reference}"))
        offered = {form["action"].rsplit("/", 1)[-1] for form in soup.select(".case-actions form")}
        assert "promise" not in offered and soup.select_one("#remedies") is None
        timeline = soup.select_one(".timeline").get_text(" ", strip=True)
        assert f"Status {said}" in timeline, timeline
        assert "Responded" not in timeline and "Stage 1" not in timeline and "stage 1" not in timeline
    soup = page(client.get(f"/staff/cases/{suggestion.reference}"))
    link = soup.select_one("#letters ~ ul a")
    assert link is not None and link.get_text(strip=True).startswith("Letter answering the suggestion,")
    assert "stage" not in link.get_text()
    letter = page(client.get(str(link["href"])))
    assert letter.h1 is not None and letter.h1.get_text(strip=True) == "Letter answering the suggestion"
