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
from tracker import casework, scheduled
from tracker.cases import Intake, open_case
from tracker.casework import Refused, Restriction
from tracker.config import TrackerConfig
from tracker.export import figures
from tracker.models import Case, Event, Letter, Message, Survey

from .aftercare_helpers import SITE, at, new_case, reload, staff
from .conftest import HOUSING_OMBUDSMAN, csrf, page, sign_in
from .test_staff import act

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
