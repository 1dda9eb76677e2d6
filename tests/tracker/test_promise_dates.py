"""An open promise's due date changed by an officer, with a reason (tracker.remedies.change_due): refused when
done, given in a letter or in the past; shown everywhere as the new date; counted for the figures against
the earliest date it was ever due. Cases are built by hand; each answer is worked out in the test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from casecore.remedies import RemedyTally, tally
from tests.htmlcheck import validate
from tracker import casework, remedies, scheduled
from tracker.casework import Refused
from tracker.models import Case, Event, Letter, Remedy, Staff
from tracker.remedies import Promise

from .aftercare_helpers import at, new_case, reload
from .conftest import TODAY, csrf, page, post

MON_23_NOV = TODAY
FRI_4_DEC = date(2026, 12, 4)
FRI_11_DEC = date(2026, 12, 11)


def promised(
    case: Case, due: date, kind: str = "action", owner: Staff | None = None, **fields: object
) -> Remedy:
    return Remedy.create(
        case=case,
        stage=1,
        kind=kind,
        description="Mould treatment and gutter repair",
        due=due,
        owner=owner,
        created_by="asha",
        **fields,
    )


def last_event(case: Case) -> Event:
    return Event.select().where(Event.case == case.id).order_by(Event.id.desc()).get()


def change_on_page(client: FlaskClient, case: Case, remedy: Remedy, due: str, reason: str) -> tuple[int, str]:
    soup = page(client.get(f"/staff/cases/{case.reference}"))
    response = client.post(
        f"/staff/cases/{case.reference}/remedies/{remedy.id}/due",
        data={"csrf_token": csrf(soup), f"due{remedy.id}-due": due, f"due{remedy.id}-reason": reason},
    )
    if response.status_code == 302:
        response = client.get(response.headers["Location"])
    return response.status_code, " ".join(response.get_data(as_text=True).split())


def test_a_date_changed_with_its_reason_is_an_event_and_refused_when_it_cannot_be(
    tracker: Flask, team: dict[str, Staff]
) -> None:
    asha = team["asha"]
    with tracker.app_context():
        case = new_case(date(2026, 10, 1), status="responded", responded=date(2026, 11, 20))
        remedy = promised(case, FRI_11_DEC, owner=asha)
        remedies.change_due(case, asha, remedy.id, FRI_4_DEC, " Contractor free earlier ", at(MON_23_NOV))
        moved = Remedy.get_by_id(remedy.id)
        assert (moved.due, moved.was_due, moved.earliest_due) == (FRI_4_DEC, FRI_11_DEC, FRI_4_DEC)
        event = last_event(case)
        assert (event.action, event.actor) == ("remedy_due_changed", "asha")
        assert event.details == {
            "kind": "action",
            "description": "Mould treatment and gutter repair",
            "was_due": "2026-12-11",
            "new_due": "2026-12-04",
            "reason": "Contractor free earlier",
        }
        events_before = Event.select().count()

        for new_due, reason, refused in (
            (date(2026, 11, 20), "x", "cannot be in the past"),
            (FRI_4_DEC, "x", "already due by 4 December 2026"),
            (FRI_11_DEC, "   ", "say why the date changed"),
        ):
            with pytest.raises(Refused, match=refused):
                remedies.change_due(case, asha, remedy.id, new_due, reason, at(MON_23_NOV))
        other = new_case(date(2026, 10, 1), status="responded", responded=date(2026, 11, 20))
        with pytest.raises(Refused, match="no such promised action"):
            remedies.change_due(other, asha, remedy.id, FRI_11_DEC, "x", at(MON_23_NOV))

        done = promised(case, FRI_11_DEC, completed_on=MON_23_NOV, completed_by="asha", completion="Done")
        with pytest.raises(Refused, match="marked done already"):
            remedies.change_due(case, asha, done.id, FRI_4_DEC, "x", at(MON_23_NOV))
        # An apology due by the letter's date was given in that letter (of 20 November): no date to move.
        given = promised(case, date(2026, 11, 20), kind="apology")
        with pytest.raises(Refused, match="given in a response letter"):
            remedies.change_due(case, asha, given.id, FRI_4_DEC, "x", at(MON_23_NOV))
        # An open apology that the letter of 23 November said was still to do cannot be moved to that day,
        # which would make the letter have given it.
        later = new_case(date(2026, 10, 1), status="responded", responded=MON_23_NOV)
        apology = promised(later, FRI_4_DEC, kind="apology")
        with pytest.raises(Refused, match="on or before a response letter that said"):
            remedies.change_due(later, asha, apology.id, MON_23_NOV, "x", at(MON_23_NOV))

        assert Event.select().count() == events_before
        assert [Remedy.get_by_id(r.id).due for r in (remedy, done, given, apology)] == [
            FRI_4_DEC,
            FRI_11_DEC,
            date(2026, 11, 20),
            FRI_4_DEC,
        ]


def test_the_case_page_changes_the_date_and_actions_due_and_reminders_follow(
    tracker: Flask, team: dict[str, Staff], officer: FlaskClient
) -> None:
    with tracker.app_context():
        case = new_case(date(2026, 10, 1), status="responded", responded=date(2026, 11, 20))
        remedy = promised(case, FRI_11_DEC, owner=team["asha"])
        calendar = casework.england_and_wales()
        assert scheduled.officer_items(team["asha"], MON_23_NOV, calendar) == []  # 11 December: not soon
    assert "Nothing promised is due." in page(officer.get("/staff/actions")).get_text()

    status, text = change_on_page(officer, case, remedy, "2026-11-20", "Sooner")
    assert status == 409 and "Change the date: refused, because the new date cannot be in the past." in text
    status, text = change_on_page(officer, case, remedy, "2026-11-24", "")
    assert status == 400 and "Say why the date changed" in text
    with tracker.app_context():
        assert Remedy.get_by_id(remedy.id).due == FRI_11_DEC

    status, text = change_on_page(officer, case, remedy, "2026-11-24", "The contractor can come tomorrow")
    assert status == 200 and "Promised action&#39;s date changed." in text
    assert "24 November 2026 (changed from 11 December 2026)" in text
    assert "Remedy due changed by Asha Patel" in text and "The contractor can come tomorrow" in text

    rows = page(officer.get("/staff/actions")).select("table.queue tbody tr")
    assert len(rows) == 1 and "Mould treatment" in rows[0].get_text()  # due within 2 working days now
    assert "24 November 2026" in rows[0].get_text()
    with tracker.app_context():
        items = scheduled.officer_items(team["asha"], MON_23_NOV, casework.england_and_wales())
        assert [item.key for item in items] == [f"remedy:{remedy.id}"]
        assert items[0].line.endswith("due 24 November 2026")

    # Once done, there is nothing left to change: no form, and a post is refused.
    with tracker.app_context():
        remedies.complete(case, team["asha"], remedy.id, MON_23_NOV, "Gutter fixed", at(MON_23_NOV))
    soup = page(officer.get(f"/staff/cases/{case.reference}"))
    assert soup.select_one(f"form[action$='/remedies/{remedy.id}/due']") is None
    status, text = change_on_page(officer, case, remedy, "2026-12-01", "again")
    assert status == 409 and "marked done already" in text


def test_the_stage_2_letter_and_the_status_page_give_the_new_date(
    tracker: Flask, team: dict[str, Staff]
) -> None:
    asha, ben = team["asha"], team["ben"]
    with tracker.test_request_context():
        case = new_case(date(2026, 11, 2))
        casework.acknowledge(case, asha, "The flat has mould.", at(date(2026, 11, 3)))
        promise = Promise("action", "Mould treatment and gutter repair", FRI_11_DEC)
        casework.respond(case, asha, "upheld", None, at(date(2026, 11, 16)), {"reasons": "Late."}, [promise])
        casework.escalate(reload(case), "resident", date(2026, 11, 18), "Too slow", at(date(2026, 11, 18)))
        casework.acknowledge(reload(case), ben, "Stage 2: too slow.", at(date(2026, 11, 19)))
        remedy = Remedy.get(Remedy.case == case.id)
        remedies.change_due(reload(case), ben, remedy.id, FRI_4_DEC, "Brought forward", at(MON_23_NOV))
        casework.respond(
            reload(case), ben, "upheld", None, at(MON_23_NOV), {"reasons": "Brought forward to 4 December."}
        )
        final = Letter.select().where(Letter.case == case.id, Letter.kind == "response").order_by(Letter.id)
        body = list(final)[-1].body
        assert "Mould treatment and gutter repair. By 4 December 2026." in body
        assert "11 December 2026" not in body

    resident = tracker.test_client()
    for lang, words in (
        ("en", "A repair or other work: to be done by 4 December 2026 (changed from 11 December 2026)"),
        ("pl", "do zrobienia do 4 grudnia 2026 (zmienione z 11 grudnia 2026)"),
    ):
        post(resident, f"/{lang}/status/", {"reference": case.reference, "secret": "ha3 3qt"})
        text = " ".join(page(resident.get(f"/{lang}/status/case")).get_text(" ").split())
        assert words in text, (lang, text)
        assert "Brought forward" not in text  # the reason is for staff


def test_the_figures_count_a_moved_promise_against_its_earliest_date(
    tracker: Flask, team: dict[str, Staff], officer: FlaskClient
) -> None:
    # Promises in a quarter, October to December, their dates moved by hand (as change_due records them).
    asha = team["asha"]
    with tracker.app_context():
        case = new_case(date(2026, 9, 1), status="responded", responded=date(2026, 9, 20))

        def moved(first: date, now: date, done: date | None) -> Remedy:
            return promised(case, now, was_due=first, earliest_due=min(first, now), completed_on=done)

        # Moved later, from 2 to 20 November, done on the 10th: late against the 2nd, though before the 20th.
        moved(date(2026, 11, 2), date(2026, 11, 20), date(2026, 11, 10))
        # Moved later, done by the first date: on time.
        moved(date(2026, 11, 2), date(2026, 11, 20), date(2026, 11, 1))
        # Moved earlier, from 20 to 10 November, done on the 15th: late against the new date, the 10th.
        moved(date(2026, 11, 20), date(2026, 11, 10), date(2026, 11, 15))
        # Moved earlier and done by the new date: on time.
        moved(date(2026, 11, 20), date(2026, 11, 10), date(2026, 11, 9))
        # Moved from 30 December into January: counted in this quarter, against 30 December, and not done.
        moved(date(2026, 12, 30), date(2027, 1, 8), None)
        # Moved from 30 September (the quarter before) into October: counted in the quarter before.
        moved(date(2026, 9, 30), date(2026, 10, 5), date(2026, 10, 2))
        found = remedies.figures(date(2026, 10, 1), date(2026, 12, 31))
        assert found["action"] == RemedyTally(due=5, on_time=2, late=2, not_done=1)
        assert remedies.figures(date(2026, 7, 1), date(2026, 9, 30))["all"] == RemedyTally(due=1, late=1)
        assert remedies.figures(date(2027, 1, 1), date(2027, 3, 31))["all"] == RemedyTally()
        # casecore's tally, given the earliest dates, is the same rule.
        made = Remedy.select().where(Remedy.case == case.id)
        pairs = [(remedies.counted_due(r), r.completed_on) for r in made]
        assert tally(pairs, date(2026, 10, 1), date(2026, 12, 31)) == found["all"]

        # Through change_due: 11 December moved to 4 December, then later to 8 December, done on the 7th:
        # counted against the earliest, 4 December, so late, and the completion's event says so.
        answered = new_case(date(2026, 10, 1), status="responded", responded=date(2026, 11, 20))
        remedy = promised(answered, FRI_11_DEC, owner=asha)
        remedies.change_due(answered, asha, remedy.id, FRI_4_DEC, "Sooner", at(MON_23_NOV))
        remedies.change_due(answered, asha, remedy.id, date(2026, 12, 8), "Contractor ill", at(MON_23_NOV))
        assert Remedy.get_by_id(remedy.id).was_due == FRI_4_DEC
        assert remedies.counted_due(Remedy.get_by_id(remedy.id)) == FRI_4_DEC
        remedies.complete(answered, asha, remedy.id, date(2026, 12, 7), "Fixed", at(date(2026, 12, 7)))
        assert last_event(answered).details["on_time"] is False
        dec = remedies.figures(date(2026, 12, 1), date(2026, 12, 31))
        assert dec["action"] == RemedyTally(due=2, on_time=0, late=1, not_done=1)  # with 30 December's
    # The case page says late too: done on 7 December, though now due by the 8th.
    text = " ".join(page(officer.get(f"/staff/cases/{answered.reference}")).get_text(" ").split())
    assert "8 December 2026 (changed from 4 December 2026)" in text
    assert "7 December 2026 by Asha Patel (late)" in text  # the officer by name


def test_the_case_page_with_the_date_form_is_valid_html(
    tracker: Flask, team: dict[str, Staff], officer: FlaskClient, tmp_path: Path
) -> None:
    with tracker.app_context():
        case = new_case(date(2026, 10, 1), status="responded", responded=date(2026, 11, 20))
        remedy = promised(case, FRI_11_DEC, owner=team["asha"])
    pages = {"open": officer.get(f"/staff/cases/{case.reference}").get_data(as_text=True)}
    soup = page(officer.get(f"/staff/cases/{case.reference}"))
    response = officer.post(
        f"/staff/cases/{case.reference}/remedies/{remedy.id}/due",
        data={"csrf_token": csrf(soup), f"due{remedy.id}-due": "", f"due{remedy.id}-reason": ""},
    )
    assert response.status_code == 400
    pages["errors"] = response.get_data(as_text=True)
    assert "Enter the new date" in pages["errors"] and '<details class="action" open>' in pages["errors"]
    files = []
    for name, html in pages.items():
        (tmp_path / f"{name}.html").write_text(html, encoding="utf-8")
        files.append(tmp_path / f"{name}.html")
    assert validate(files, tmp_path) == []
