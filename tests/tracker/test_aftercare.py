"""After the letter: promised remedies tracked to completion, closing that keeps the right to stage 2,
stage 2 from another team, further issues, duplicates. Cases are built by hand; each answer is worked out
in the test."""

from __future__ import annotations

import dataclasses
import email
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from casecore.procedures import EscalationWindow, Rules
from casecore.remedies import RemedyTally
from tracker import casework, clock, create_app, issues, remedies, scheduled
from tracker.casework import Refused
from tracker.config import TrackerConfig
from tracker.models import Case, CaseIssue, Event, Letter, Remedy, Staff
from tracker.remedies import Promise

from .aftercare_helpers import SITE, at, new_case, reload, staff
from .conftest import csrf, page, post, sign_in

MON_23_NOV = date(2026, 11, 23)


def acknowledged_for_asha(tracker: Flask, team: dict[str, Staff]) -> tuple[Case, FlaskClient]:
    """A case received on 2 November and acknowledged on the 3rd by Asha, who is signed in."""
    with tracker.test_request_context():
        case = new_case(date(2026, 11, 2))
        casework.acknowledge(case, team["asha"], "d", at(date(2026, 11, 3)))
    client = tracker.test_client()
    sign_in(client, "asha")
    return case, client


def events(case: Case) -> list[str]:
    return [e.action for e in Event.select().where(Event.case == case.id).order_by(Event.id)]


def answered(
    asha: Staff,
    received: date,
    responded: date,
    promises: list[Promise] | None = None,
    rules: Rules | None = None,
) -> Case:
    case = new_case(received)
    casework.acknowledge(case, asha, "The boiler is broken; wants it fixed.", at(received, rules))
    casework.respond(case, asha, "upheld", None, at(responded, rules), {"reasons": "It was late."}, promises)
    return reload(case)


def test_remedies_promised_in_the_response_are_records_and_in_the_letter(tracker: Flask) -> None:
    with tracker.test_request_context():
        asha, ben = staff("asha", "handler", "Housing"), staff("ben", "handler", "Resident First")
        promises = [
            Promise("apology", "We are sorry the repair was late", MON_23_NOV),
            Promise("payment", "For the weeks without heating", date(2026, 12, 15), 5000, ben.id),
        ]
        case = answered(asha, date(2026, 11, 2), MON_23_NOV, promises)
        made = list(Remedy.select().where(Remedy.case == case.id).order_by(Remedy.id))
        assert [(r.kind, r.amount_pence, r.__data__["owner"], r.due) for r in made] == [
            ("apology", None, asha.id, MON_23_NOV),
            ("payment", 5000, ben.id, date(2026, 12, 15)),
        ]
        assert case.remedy_due == date(2026, 12, 15)  # the latest promise
        letter = Letter.get(Letter.case == case.id, Letter.kind == "response").body
        assert (
            "An apology: We are sorry the repair was late. Given in this letter." in letter
        )  # not "By <today>"
        assert "A payment (£50.00): For the weeks without heating. By 15 December 2026." in letter
        assert events(case).count("remedy_promised") == 2

        # Bad promises are refused with the reason, and nothing is recorded.
        other = new_case(date(2026, 11, 2))
        casework.acknowledge(other, asha, "d", at(date(2026, 11, 3)))
        for bad, reason in (
            (Promise("payment", "Compensation", date(2026, 12, 1)), "a payment needs its amount"),
            (Promise("apology", "Sorry", date(2026, 11, 20)), "cannot be in the past"),
            (Promise("apology", "Sorry", None), "give the date"),
        ):
            with pytest.raises(Refused, match=reason):
                casework.respond(other, asha, "upheld", None, at(MON_23_NOV), {}, [bad])
        assert reload(other).status == "acknowledged" and Remedy.select().count() == 2


def test_a_remedy_completed_once_with_a_letter_and_counted_on_time(tracker: Flask) -> None:
    with tracker.test_request_context():
        asha = staff("asha", "handler", "Housing")
        case = answered(
            asha, date(2026, 11, 2), MON_23_NOV, [Promise("action", "Fit a boiler", date(2026, 12, 1))]
        )
        remedy = Remedy.get(Remedy.case == case.id)
        with pytest.raises(Refused, match="cannot be in the future"):
            remedies.complete(case, asha, remedy.id, date(2026, 11, 30), "Fitted", at(MON_23_NOV))
        remedies.complete(
            case, asha, remedy.id, date(2026, 11, 27), "New boiler fitted", at(date(2026, 11, 30))
        )
        with pytest.raises(Refused, match="marked done already"):
            remedies.complete(case, asha, remedy.id, date(2026, 11, 27), "again", at(date(2026, 11, 30)))
        done = Remedy.get_by_id(remedy.id)
        assert (done.completed_on, done.completed_by, done.completion) == (
            date(2026, 11, 27),
            "asha",
            "New boiler fitted",
        )
        assert events(case)[-1] == "remedy_completed"
        assert Event.select().order_by(Event.id.desc()).get().details["on_time"] is True
        letter = Letter.get(Letter.case == case.id, Letter.kind == "remedy_done").body
        assert "New boiler fitted" in letter and "27 November 2026" in letter
        assert "Stage 1 of our complaints procedure" in letter


def test_a_stage_1_promise_kept_during_stage_2_is_written_as_stage_2(tracker: Flask) -> None:
    """The letter heads itself with where the complaint is now, not where the promise was made."""
    with tracker.test_request_context():
        asha = staff("asha", "handler", "Housing")
        case = answered(
            asha, date(2026, 11, 2), MON_23_NOV, [Promise("action", "Fit a boiler", date(2026, 12, 1))]
        )
        Case.update(stage=2, status="stage2_acknowledged").where(Case.id == case.id).execute()
        remedy = Remedy.get(Remedy.case == case.id)
        remedies.complete(reload(case), asha, remedy.id, date(2026, 11, 27), "Fitted", at(date(2026, 11, 30)))
        letter = Letter.get(Letter.case == case.id, Letter.kind == "remedy_done")
        assert letter.stage == 2 and "Stage 2 of our complaints procedure" in letter.body
        assert "Stage 1 of our complaints procedure" not in letter.body


def test_the_figures_count_remedies_done_by_their_date(tracker: Flask) -> None:
    with tracker.app_context():
        case = new_case(date(2026, 9, 1), status="responded", responded=date(2026, 9, 20))

        def promise(kind: str, due: date, done: date | None) -> None:
            Remedy.create(
                case=case, stage=1, kind=kind, description="x", due=due, completed_on=done, created_by="t"
            )

        promise("apology", date(2026, 10, 1), date(2026, 10, 1))  # on its due day: on time
        promise("action", date(2026, 10, 15), date(2026, 10, 9))  # early: on time
        promise("action", date(2026, 11, 2), date(2026, 11, 5))  # three days late
        promise("payment", date(2026, 12, 31), None)  # due on the quarter's last day, not done
        promise("payment", date(2027, 1, 4), date(2026, 12, 1))  # due in the next quarter: not counted
        promise("apology", date(2026, 9, 30), None)  # due in the quarter before: not counted
        found = remedies.figures(date(2026, 10, 1), date(2026, 12, 31))
        assert found["all"] == RemedyTally(due=4, on_time=2, late=1, not_done=1)
        assert found["action"] == RemedyTally(due=2, on_time=1, late=1, not_done=0)
        assert found["payment"] == RemedyTally(due=1, on_time=0, late=0, not_done=1)
        assert found["policy_changed"] == RemedyTally()
        assert found["all"].share_on_time == 0.5


def test_an_overdue_remedy_in_the_actions_view_and_on_the_case(
    tracker: Flask, team: dict[str, Staff]
) -> None:
    with tracker.app_context():
        case = new_case(date(2026, 10, 1), status="responded", responded=date(2026, 10, 20))
        for due, text in ((date(2026, 11, 20), "Replace the window"), (date(2026, 11, 25), "Call back")):
            Remedy.create(
                case=case,
                stage=1,
                kind="action",
                description=text,
                due=due,
                owner=team["asha"],
                created_by="x",
            )
        Remedy.create(
            case=case, stage=1, kind="action", description="Later", due=date(2026, 12, 31), created_by="x"
        )
    client = tracker.test_client()
    sign_in(client, "asha")
    rows = page(client.get("/staff/actions")).select("table.queue tbody tr")
    assert len(rows) == 2  # the one due in December is neither overdue nor due within 2 working days
    assert "overdue" in rows[0]["class"] and "Replace the window" in rows[0].get_text()
    assert "Overdue by 1" in rows[0].get_text() and "Asha Patel" in rows[0].get_text()
    assert "due-soon" in rows[1]["class"] and "2: due soon" in rows[1].get_text()
    assert len(page(client.get("/staff/actions?when=all")).select("table.queue tbody tr")) == 3
    assert "Promised action overdue" in page(client.get(f"/staff/cases/{case.reference}")).get_text()


def test_the_status_page_shows_promises_in_plain_words_without_personal_details(tracker: Flask) -> None:
    with tracker.test_request_context():
        asha = staff("asha", "handler", "Housing")
        promises = [
            Promise("apology", "Sorry, Ada, about flat 4", MON_23_NOV),
            Promise("payment", "For Ada's heating", date(2026, 12, 15), 5000),
        ]
        case = answered(asha, date(2026, 11, 2), MON_23_NOV, promises)
        first = Remedy.select().where(Remedy.case == case.id).order_by(Remedy.id).first()
        remedies.complete(case, asha, first.id, MON_23_NOV, "Apology sent to Ada", at(MON_23_NOV))
    resident = tracker.test_client()
    for lang, words in (
        (
            "en",
            [
                "What we promised to do",
                "An apology: done on 23 November 2026",
                "A payment: to be done by 15 December 2026",
            ],
        ),
        (
            "pl",
            [
                "Co obiecaliśmy zrobić",
                "Przeprosiny: zrobione 23 listopada 2026",
                "Płatność: do zrobienia do 15 grudnia 2026",
            ],
        ),
    ):
        post(resident, f"/{lang}/status/", {"reference": case.reference, "secret": "ha3 3qt"})
        text = " ".join(page(resident.get(f"/{lang}/status/case")).get_text(" ").split())
        for word in words:
            assert word in text, (lang, word)
        for private in ("Ada", "flat 4", "£50", "50.00", "heating", "Asha"):
            assert private not in text, (lang, private)


def test_closing_waits_for_the_stage_2_window_and_open_actions_need_a_manager(tracker: Flask) -> None:
    with tracker.test_request_context():
        asha, mia = staff("asha", "handler", "Housing"), staff("mia", "manager", "Housing")
        case = answered(
            asha, date(2026, 11, 2), MON_23_NOV, [Promise("action", "Fit a boiler", date(2027, 1, 15))]
        )
        # Responded 23 November; one month to ask for stage 2: open until 23 December.
        with pytest.raises(Refused, match="may ask for stage 2 until Wednesday 23 December 2026"):
            casework.close(case, asha, None, at(date(2026, 12, 23)))
        with pytest.raises(Refused, match="1 promised action is not done yet; a manager may close it"):
            casework.close(case, asha, None, at(date(2026, 12, 24)))
        with pytest.raises(Refused, match="only a manager"):
            casework.close(case, asha, "The resident moved away", at(date(2026, 12, 24)))
        casework.close(
            case, mia, "The resident moved away; the repair is for the next tenant", at(date(2026, 12, 24))
        )
        closed = reload(case)
        assert (closed.status, closed.closed) == ("closed", date(2026, 12, 24))
        last = Event.select().where(Event.case == case.id).order_by(Event.id.desc()).get()
        assert (last.action, last.actor, last.details["open_actions"]) == ("closed", "mia", 1)
        assert last.details["reason"].startswith("The resident moved away")


@pytest.mark.parametrize(
    ("asked_on", "late"),
    [(date(2026, 12, 23), False), (date(2026, 12, 24), True)],  # the window's last day, and the day after
)
def test_stage_2_reopens_a_case_closed_after_stage_1(tracker: Flask, asked_on: date, late: bool) -> None:
    with tracker.test_request_context():
        asha = staff("asha", "handler", "Housing")
        case = answered(asha, date(2026, 11, 2), MON_23_NOV)
        Case.update(status="closed", closed=date(2026, 12, 10)).where(Case.id == case.id).execute()
        case = reload(case)
        assert casework.escalate(case, "resident", asked_on, "Still cold", at(asked_on)) is late
        reopened = reload(case)
        assert (reopened.status, reopened.stage, reopened.closed, reopened.escalation_late) == (
            "escalation_requested",
            2,
            None,
            late,
        )
        last = Event.select().where(Event.case == case.id).order_by(Event.id.desc()).get()
        assert last.details["reopened"] is True and last.details["late"] is late


def test_the_status_page_offers_stage_2_on_a_closed_case_but_not_after_stage_2(tracker: Flask) -> None:
    with tracker.app_context():
        after_one = new_case(
            date(2026, 9, 1), status="closed", responded=date(2026, 9, 20), closed=date(2026, 10, 20)
        )
        after_two = new_case(
            date(2026, 9, 1),
            status="closed",
            stage=2,
            responded=date(2026, 9, 20),
            escalation_requested=date(2026, 9, 25),
            stage2_responded=date(2026, 10, 20),
            closed=date(2026, 11, 5),
        )
    resident = tracker.test_client()
    post(resident, "/en/status/", {"reference": after_one.reference, "secret": "ha3 3qt"})
    soup = page(resident.get("/en/status/case"))
    assert soup.select_one("form[action$='/escalate']") is not None
    resident.post("/en/status/escalate", data={"csrf_token": csrf(soup), "reason": "Still cold"})
    with tracker.app_context():
        assert reload(after_one).status == "escalation_requested" and reload(after_one).escalation_late
    other = tracker.test_client()
    post(other, "/en/status/", {"reference": after_two.reference, "secret": "ha3 3qt"})
    assert page(other.get("/en/status/case")).select_one("form[action$='/escalate']") is None
    with tracker.test_request_context(), pytest.raises(Refused, match="stage 2 has been answered"):
        casework.escalate(reload(after_two), "resident", MON_23_NOV, None, at(MON_23_NOV))


def test_cases_close_by_themselves_only_after_both_periods(tracker: Flask) -> None:
    """Responded Monday 14 December 2026. Ten quiet working days skip Christmas Day and the Boxing Day
    substitute (Monday 28th): they end on Wednesday 30 December, not Monday 28th."""
    short = Rules(escalation_window=EscalationWindow(months=None, working_days=5))  # window ends 21 December
    with tracker.test_request_context():
        asha = staff("asha", "handler", "Housing")
        quiet = answered(asha, date(2026, 12, 1), date(2026, 12, 14), rules=short)
        for day in (date(2026, 12, 29), date(2026, 12, 30)):
            assert scheduled.close_quiet_cases(SITE, short, day) == [], day
        assert scheduled.close_quiet_cases(SITE, short, date(2026, 12, 31)) == [quiet.reference]
        assert scheduled.close_quiet_cases(SITE, short, date(2026, 12, 31)) == []  # once
        closed = reload(quiet)
        assert (closed.status, closed.closed) == ("closed", date(2026, 12, 31))
        assert [e.actor for e in Event.select().where(Event.case == quiet.id, Event.action == "closed")] == [
            "system"
        ]

        # With the policy's one-month window the window is the later: open to 14 January, closed the 15th.
        window = answered(asha, date(2026, 12, 1), date(2026, 12, 14))
        assert scheduled.close_quiet_cases(SITE, Rules(), date(2027, 1, 14)) == []
        # The resident was in touch on 8 January: ten working days from then end on 22 January.
        casework.record_contact(
            reload(window), asha, date(2027, 1, 8), "Asked about the boiler", at(date(2027, 1, 8))
        )
        assert reload(window).next_due == date(2027, 1, 22)
        assert scheduled.close_quiet_cases(SITE, Rules(), date(2027, 1, 22)) == []
        assert scheduled.close_quiet_cases(SITE, Rules(), date(2027, 1, 25)) == [window.reference]

        # An open promise keeps the case open, however quiet the resident is.
        promised = answered(
            asha, date(2026, 12, 1), date(2026, 12, 14), [Promise("apology", "Sorry", date(2027, 3, 1))]
        )
        assert scheduled.close_quiet_cases(SITE, Rules(), date(2027, 2, 1)) == []
        assert reload(promised).status == "responded"


def test_stage_2_from_the_same_team_is_refused_unless_a_manager_says_why(tracker: Flask) -> None:
    with tracker.test_request_context():
        asha, hugo = staff("asha", "handler", "Housing"), staff("hugo", "handler", " housing ")
        ben, mia = staff("ben", "handler", "Resident First"), staff("mia", "manager", "Resident First")
        case = answered(asha, date(2026, 11, 2), date(2026, 11, 16))
        casework.escalate(case, "resident", MON_23_NOV, None, at(MON_23_NOV))
        case = reload(case)
        with pytest.raises(Refused, match=r"from a different team from the stage 1 responder \(Housing\)"):
            casework.acknowledge(case, hugo, "Stage 2", at(MON_23_NOV))
        with pytest.raises(Refused, match="from a different team"):
            casework.assign(case, hugo, hugo, at(MON_23_NOV))
        with pytest.raises(Refused, match="only a manager"):
            casework.allow_same_team(case, ben, "x", at(MON_23_NOV))

        # Another team: accepted, and the letter says so.
        other = answered(asha, date(2026, 11, 2), date(2026, 11, 16))
        casework.escalate(other, "resident", MON_23_NOV, None, at(MON_23_NOV))
        casework.acknowledge(reload(other), ben, "Stage 2", at(MON_23_NOV))
        letter = Letter.get(Letter.case == other.id, Letter.kind == "acknowledgement", Letter.stage == 2).body
        assert "An officer from a different team, who was not involved at stage 1" in letter

        # The same team, with a manager's recorded reason: accepted; the letter does not claim another team.
        casework.allow_same_team(case, mia, "Only Housing has a gas-safe reviewer free", at(MON_23_NOV))
        case = reload(case)
        casework.acknowledge(case, hugo, "Stage 2", at(MON_23_NOV))
        assert reload(case).stage2_override == "Only Housing has a gas-safe reviewer free"
        override = Event.get(Event.case == case.id, Event.action == "independence_override")
        assert override.actor == "mia" and override.details["reason"].startswith("Only Housing")
        letter = Letter.get(Letter.case == case.id, Letter.kind == "acknowledgement", Letter.stage == 2).body
        assert "An officer who was not involved at stage 1" in letter and "different team" not in letter


def test_the_stage_2_letter_claims_another_team_only_when_it_is_known_to_be_true(tracker: Flask) -> None:
    def stage2_ack(case: Case) -> str:
        found: str = Letter.get(
            Letter.case == case.id, Letter.kind == "acknowledgement", Letter.stage == 2
        ).body
        return found

    with tracker.test_request_context():
        asha, ben = staff("asha", "handler", "Housing"), staff("ben", "handler", "Resident First")
        mia = staff("mia", "manager", "Resident First")
        # A manager allowed the same team, but the officer who took it is from another team after all: the
        # letter says so (the override does not make it say less than is true).
        case = answered(asha, date(2026, 11, 2), date(2026, 11, 16))
        casework.escalate(case, "resident", MON_23_NOV, None, at(MON_23_NOV))
        casework.allow_same_team(reload(case), mia, "Short of reviewers this month", at(MON_23_NOV))
        casework.acknowledge(reload(case), ben, "Stage 2", at(MON_23_NOV))
        assert "An officer from a different team, who was not involved at stage 1" in stage2_ack(case)

        # Nobody is recorded as the stage 1 responder (a case from before responders were recorded): the
        # teams cannot be compared, so the letter does not claim a different team.
        unknown = answered(asha, date(2026, 11, 2), date(2026, 11, 16))
        Case.update(stage1_handler=None).where(Case.id == unknown.id).execute()
        casework.escalate(reload(unknown), "resident", MON_23_NOV, None, at(MON_23_NOV))
        casework.acknowledge(reload(unknown), ben, "Stage 2", at(MON_23_NOV))
        letter = stage2_ack(unknown)
        assert "An officer who was not involved at stage 1" in letter and "different team" not in letter


def test_a_further_issue_before_the_response_is_answered_in_it(tracker: Flask) -> None:
    with tracker.test_request_context():
        asha = staff("asha", "handler", "Housing")
        case = new_case(date(2026, 11, 2))
        casework.acknowledge(case, asha, "The boiler is broken.", at(date(2026, 11, 3)))
        issues.add_issue(reload(case), asha, "The bathroom window does not close.", at(date(2026, 11, 10)))
        casework.respond(reload(case), asha, "upheld", None, at(MON_23_NOV), {"reasons": "Both were missed."})
        letter = Letter.get(Letter.case == case.id, Letter.kind == "response").body
        assert "The boiler is broken.\nYou also told us: The bathroom window does not close." in letter
        assert [i.description for i in CaseIssue.select()] == ["The bathroom window does not close."]
        assert "issue_added" in events(case)
        with pytest.raises(Refused, match="logged as a new complaint linked to this one"):
            issues.add_issue(reload(case), asha, "And the lift", at(MON_23_NOV))


def test_a_further_issue_before_the_acknowledgement_is_in_its_definition(tracker: Flask) -> None:
    with tracker.test_request_context():
        asha = staff("asha", "handler", "Housing")
        case = new_case(date(2026, 11, 2), language="pl")
        issues.add_issue(case, asha, "Okno w łazience się nie zamyka.", at(date(2026, 11, 3)))
        casework.acknowledge(reload(case), asha, "Zepsuty kocioł.", at(date(2026, 11, 4)))
        letter = Letter.get(Letter.case == case.id, Letter.kind == "acknowledgement").body
        assert "Zepsuty kocioł.\nPowiedziałeś nam też: Okno w łazience się nie zamyka." in letter


def test_a_further_issue_after_the_response_is_a_new_linked_complaint(tracker: Flask) -> None:
    with tracker.test_request_context():
        asha = staff("asha", "handler", "Housing")
        case = answered(asha, date(2026, 11, 2), date(2026, 11, 16))
        with pytest.raises(Refused, match="add the issue to this complaint"):
            issues.log_linked(new_case(date(2026, 11, 2)), asha, "x", at(MON_23_NOV))
        new = issues.log_linked(case, asha, "The lift has been broken for a week.", at(MON_23_NOV))
        assert (new.related_to.id, new.status, new.received, new.email, new.channel) == (
            case.id,
            "received",
            MON_23_NOV,
            "ada@example.org",
            "linked",
        )
        assert new.next_due == date(2026, 11, 30)  # acknowledge within 5 working days
        # Opened through the one door (cases.open_case), so it has every date the queue and figures read:
        # 10 working days from the acknowledgement's due date (Mon 30 Nov) is Mon 14 Dec.
        assert new.stage1_due == date(2026, 12, 14)
        assert (new.procedure, new.language, new.email_key, new.out_of_time) == (
            "housing",
            "en",
            "ada@example.org",
            False,
        )
        assert Event.get(Event.case == new.id).actor == "asha"
        assert events(case)[-1] == "linked_complaint_logged"
        assert Event.get(Event.case == new.id).details["linked_from"] == case.reference


def test_a_duplicate_is_closed_and_linked_on_both_timelines(tracker: Flask, team: dict[str, Staff]) -> None:
    with tracker.test_request_context():
        first, second = new_case(date(2026, 11, 2)), new_case(date(2026, 11, 3))
        asha = team["asha"]
        for typed, reason in (("nonsense", "not a valid reference"), (second.reference, "itself")):
            with pytest.raises(Refused, match=reason):
                issues.mark_duplicate(second, asha, typed, at(MON_23_NOV))
    client = tracker.test_client()
    sign_in(client, "asha")
    soup = page(client.get(f"/staff/cases/{second.reference}"))
    response = client.post(
        f"/staff/cases/{second.reference}/duplicate",
        data={"csrf_token": csrf(soup), "duplicate-of": first.reference.lower()},
    )
    assert response.status_code == 302
    with tracker.app_context():
        done = reload(second)
        assert (done.status, done.duplicate_of.id, done.closed) == ("duplicate", first.id, MON_23_NOV)
        assert events(first)[-1] == "duplicate_linked" and events(second)[-1] == "marked_duplicate"
    linked = page(client.get(f"/staff/cases/{first.reference}"))
    assert second.reference in linked.select_one("#summary + dl").get_text()


def test_an_apology_given_in_the_response_letter_needs_no_date(
    tracker: Flask, team: dict[str, Staff]
) -> None:
    case, client = acknowledged_for_asha(tracker, team)
    soup = page(client.get(f"/staff/cases/{case.reference}"))
    sent = {
        "csrf_token": csrf(soup),
        "respond-outcome": "upheld",
        "respond-reasons": "Late.",
        "respond-promise1_kind": "apology",
        "respond-promise1_description": "We are sorry the repair was late",
        "respond-promise3_kind": "action",
        "respond-promise3_description": "Fix the boiler",
    }
    refused = page(client.post(f"/staff/cases/{case.reference}/respond", data=sent), 400)
    text = refused.select_one(".error-summary").get_text(" ", strip=True)
    assert "Promised action 3 (Repair or other action): enter the date it is to be done by" in text
    assert "Promised action 1" not in text  # the apology is given in the letter
    sent["respond-promise3_due"] = "2026-12-15"
    assert client.post(f"/staff/cases/{case.reference}/respond", data=sent).status_code == 302
    with tracker.app_context():
        apology = Remedy.get(Remedy.kind == "apology")
        assert apology.due == clock.today()
        letter = Letter.select().order_by(Letter.id.desc()).get()
        assert "Given in this letter." in letter.body


def test_the_response_form_records_promises_and_ignores_blank_rows(
    tracker: Flask, team: dict[str, Staff]
) -> None:
    case, client = acknowledged_for_asha(tracker, team)
    soup = page(client.get(f"/staff/cases/{case.reference}"))
    base = {"csrf_token": csrf(soup), "respond-outcome": "upheld", "respond-reasons": "Late."}
    half = {**base, "respond-promise2_kind": "payment", "respond-promise2_amount": "fifty"}
    response = client.post(f"/staff/cases/{case.reference}/respond", data=half)
    text = page(response, 400).get_text()
    assert "Promised action 2 (Payment): say what was promised" in text
    assert "Promised action 2 (Payment): enter the date it is to be done by" in text
    assert "write the amount in pounds" in text.lower()
    assert page(response, 400).select_one("#respond-promise2_amount")["value"] == "fifty"  # kept
    good = {
        **base,
        "respond-promise2_kind": "payment",
        "respond-promise2_description": "For the inconvenience",
        "respond-promise2_amount": "£1,250.5",
        "respond-promise2_owner": str(team["ben"].id),
        "respond-promise2_due": "2026-12-15",
    }
    stranger = {**good, "respond-promise2_owner": "99999999999999999999"}
    refused = client.post(f"/staff/cases/{case.reference}/respond", data=stranger)
    assert "choose its owner from the list" in page(refused, 409).get_text()
    assert client.post(f"/staff/cases/{case.reference}/respond", data=good).status_code == 302
    with tracker.app_context():
        remedy = Remedy.get()
        assert (remedy.kind, remedy.amount_pence, remedy.__data__["owner"]) == (
            "payment",
            125050,
            team["ben"].id,
        )
        assert Remedy.select().count() == 1
    # A further promise after the response, owned by whoever records it when no owner is chosen.
    soup = page(client.get(f"/staff/cases/{case.reference}"))
    undated = {
        "csrf_token": csrf(soup),
        "promise-promise_kind": "apology",
        "promise-promise_description": "x",
    }
    refused = page(client.post(f"/staff/cases/{case.reference}/promise", data=undated), 400).get_text()
    assert "Promised action (Apology): enter the date it is to be done by" in refused  # no letter now
    soup = page(client.get(f"/staff/cases/{case.reference}"))
    later = {
        "csrf_token": csrf(soup),
        "promise-promise_kind": "record_amended",
        "promise-promise_description": "Correct the rent account",
        "promise-promise_due": "2026-12-01",
    }
    assert client.post(f"/staff/cases/{case.reference}/promise", data=later).status_code == 302
    with tracker.app_context():
        added = Remedy.get(Remedy.kind == "record_amended")
        assert (added.__data__["owner"], added.due) == (team["asha"].id, date(2026, 12, 1))


def test_today_can_be_set_only_in_development(config: TrackerConfig) -> None:
    with pytest.raises(ValueError, match="refused unless DEVELOPMENT is on"):
        dataclasses.replace(config, development=False, today="2026-12-15")
    with pytest.raises(ValueError, match="a date like 2026-12-15"):
        dataclasses.replace(config, today="15/12/2026")
    app = create_app(dataclasses.replace(config, today="2026-12-15"))
    with app.app_context():
        assert clock.today() == date(2026, 12, 15)
    assert clock.today() != date(2026, 12, 15) or date.today() == date(2026, 12, 15)


def test_reminder_emails_have_no_resident_details(tracker: Flask, config: TrackerConfig) -> None:
    with tracker.app_context():
        asha = staff("asha", "handler", "Housing")
        case = new_case(date(2026, 11, 2), status="acknowledged", assignee=asha, next_due=date(2026, 11, 20))
        assert scheduled.remind(config, SITE, MON_23_NOV) == (1, 1)
    message = email.message_from_bytes(sorted(Path(config.outbox_dir).glob("*.eml"))[-1].read_bytes())
    assert message["To"] == "asha@harrow.example"
    body = message.get_payload()
    assert case.reference in body and "overdue" in body
    assert "Ada" not in body and "boiler" not in body


def test_the_promise_owner_list_offers_me_once(tracker: Flask, team: dict[str, Staff]) -> None:
    case, client = acknowledged_for_asha(tracker, team)
    owners = page(client.get(f"/staff/cases/{case.reference}")).select("#respond-promise1_owner option")
    names = [option.get_text(strip=True) for option in owners]
    assert names[0] == "Me" and not [name for name in names if name.startswith("Asha Patel")]
    assert "Ben Okoro (Resident First)" in names


def test_an_apology_given_in_the_letter_is_done_for_staff_too(tracker: Flask, team: dict[str, Staff]) -> None:
    # The letter and the status page say the apology was given in the letter of 20 November: the case page,
    # Actions due, the reminders, the count of open actions and the figures say the same (given_on).
    with tracker.app_context():
        case = new_case(date(2026, 10, 1), status="responded", responded=date(2026, 11, 20))
        apology = Remedy.create(
            case=case,
            stage=1,
            kind="apology",
            description="Sorry for the delay",
            due=date(2026, 11, 20),
            owner=team["asha"],
            created_by="x",
        )
        action = Remedy.create(
            case=case,
            stage=1,
            kind="action",
            description="Replace the window",
            due=date(2026, 11, 24),
            owner=team["asha"],
            created_by="x",
        )
        # A stage 1 apology due after that letter, still open at stage 2: given late, in the stage 2 letter.
        other = new_case(
            date(2026, 10, 1),
            status="stage2_responded",
            responded=date(2026, 11, 2),
            stage2_responded=date(2026, 11, 30),
        )
        Remedy.create(
            case=other, stage=1, kind="apology", description="x", due=date(2026, 11, 10), created_by="x"
        )
        assert remedies.open_count(case) == 1
        assert remedies.given_on(case, apology) == date(2026, 11, 20)
        assert [r.id for r in remedies.due_by(date.max)] == [action.id]
        items = scheduled.officer_items(team["asha"], MON_23_NOV, casework.england_and_wales())
        assert [item.key for item in items if item.key.startswith("remedy:")] == [f"remedy:{action.id}"]
        found = remedies.figures(date(2026, 11, 1), date(2026, 11, 30))
        assert found["apology"] == RemedyTally(due=2, on_time=1, late=1, not_done=0)
        assert found["all"] == RemedyTally(due=3, on_time=1, late=1, not_done=1)
    client = tracker.test_client()
    sign_in(client, "asha")
    rows = page(client.get("/staff/actions?when=all")).select("table.queue tbody tr")
    assert len(rows) == 1 and "Replace the window" in rows[0].get_text()
    soup = page(client.get(f"/staff/cases/{case.reference}"))
    table = soup.select("#remedies + div table tbody tr")
    given = next(row for row in table if "Sorry for the delay" in row.get_text())
    assert "Done: given in the response letter of 20 November 2026" in " ".join(given.get_text().split())
    assert "Mark done" not in given.get_text() and "overdue" not in given.get("class", [])
    assert soup.select_one(f"form[action$='/remedies/{apology.id}/complete']") is None
    assert soup.select_one(f"form[action$='/remedies/{action.id}/complete']") is not None
