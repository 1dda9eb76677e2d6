"""Hazards in council homes (Awaab's Law) and safeguarding concerns: asked on both intakes, the repairs team
and the safeguarding lead alerted once, the hazard clock on the case page, an overdue step in the queue, the
reminders and the resident's status page; addresses at localhost refused outside development."""

from __future__ import annotations

import dataclasses
import email
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tracker import clock, create_app, links, scheduled
from tracker.config import TrackerConfig
from tracker.models import Case, Event, Hazard, Message, Staff

from .aftercare_helpers import SITE
from .conftest import COMPLAINT, csrf, page, post, send, sign_in, submit, walk
from .test_staff import act, reload
from .test_status import look_up

HAZARD = {"hazard": {"hazard": "yes", "at_risk": "yes"}}


def emails(config: TrackerConfig, to: str) -> list[email.message.Message]:
    found = [
        email.message_from_bytes(path.read_bytes()) for path in sorted(Path(config.outbox_dir).glob("*.eml"))
    ]
    return [message for message in found if message["To"] == to]


def body(message: email.message.Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def test_the_form_asks_about_hazards_in_a_council_home(resident: FlaskClient, tracker: Flask) -> None:
    answers = {**COMPLAINT, "hazard": {"hazard": "yes"}}
    for step in ("kind", "area", "reported", "tenure"):
        post(resident, f"/en/new/{step}", answers[step])
    question = page(resident.get("/en/new/hazard"))
    assert "damp, mould or anything that is a danger to health or safety" in question.get_text()
    # Yes, without saying whether anyone is especially at risk: asked, nothing lost.
    refused = page(post(resident, "/en/new/hazard", {"hazard": "yes"}))
    assert "Choose yes if anyone in the home is especially at risk" in refused.get_text()
    assert refused.select_one("input[name=hazard][value=yes]").has_attr("checked")
    check = walk(resident, "en", {**COMPLAINT, **HAZARD})
    rows = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(" ", strip=True)
        for row in page(check).select(".summary-row")
    }
    assert rows["Damp, mould or a danger to health or safety"] == "Yes; someone especially at risk: Yes"
    change = page(check).select_one("a[href='/en/new/hazard?change=1']")
    assert change is not None
    # Changed on the check page to no: the case has no hazard.
    response = post(resident, "/en/new/hazard?change=1", {"hazard": "no"})
    assert response.headers["Location"] == "/en/new/check"
    case = send(resident)
    with tracker.app_context():
        assert Hazard.select().where(Hazard.case == case.id).count() == 0


def test_a_hazard_asks_for_the_address_of_the_home_and_it_reaches_the_repairs_team(
    resident: FlaskClient, tracker: Flask, team: dict[str, Staff], config: TrackerConfig
) -> None:
    """The walk's case: email chosen, only a postcode given. The home's address is asked (the postcode
    filled in from the one given), shown to check and change, and kept with the hazard for the case page
    and the repairs team's alert."""
    answers = {**COMPLAINT, **HAZARD}
    answers.pop("home-address")
    with pytest.raises(AssertionError, match="asked for 'home-address'"):
        walk(resident, "en", answers)
    asked = page(resident.get("/en/new/home-address"))
    assert asked.select_one("#home_address").get_text() == ""
    assert asked.select_one("#home_postcode")["value"] == "HA3 3QT"  # from the contact page
    assert "You can write up to 500 characters." in asked.select_one("#home_address-hint").get_text()
    refused = page(post(resident, "/en/new/home-address", {"home_address": "", "home_postcode": "HA3"}))
    assert [a.get_text() for a in refused.select(".error-summary a")] == [
        "Enter the address of the home",
        "Enter a real postcode, like HA1 2XY",
    ]
    too_long = page(post(resident, "/en/new/home-address", {"home_address": "x" * 501, "home_postcode": ""}))
    assert [a.get_text() for a in too_long.select(".error-summary a")] == [
        "Write 500 characters or fewer. Your answer is 1 character too long.",
        "Enter the postcode of the home",
    ]
    check = walk(resident, "en", {**COMPLAINT, **HAZARD})
    rows = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text("|", strip=True)
        for row in page(check).select(".summary-row")
    }
    assert rows["Address of the home"] == "Flat 4, 12 Station Road\nHarrow\nHA1 2XY"
    assert page(check).select_one("a[href='/en/new/home-address?change=1']") is not None
    case = send(resident)
    with tracker.app_context():
        hazard = Hazard.get(Hazard.case == case.id)
        assert (hazard.address, hazard.postcode) == ("Flat 4, 12 Station Road\nHarrow", "HA1 2XY")
        assert (Case.get_by_id(case.id).address, Case.get_by_id(case.id).postcode) == (None, "HA3 3QT")
    (alert,) = emails(config, config.repairs_email)
    assert "The home:\nFlat 4, 12 Station Road\nHarrow\nHA1 2XY\n" in body(alert)
    client = tracker.test_client()
    sign_in(client, "asha")
    shown = page(client.get(f"/staff/cases/{case.reference}")).select_one("#hazard").find_next("dl")
    assert shown.get_text(" ", strip=True) == "The home Flat 4, 12 Station Road\nHarrow\nHA1 2XY"


@pytest.mark.parametrize(
    ("given", "prefilled"),
    [
        (  # a letter: the postal address given is the start
            {
                "contact": {
                    "contact_method": "letter",
                    "name": "Ada",
                    "address": "3 Elm Close",
                    "postcode": "ha3 3qt",
                }
            },
            ("3 Elm Close", "HA3 3QT"),
        ),
        (  # for someone else: their address, not the advocate's
            {
                "behalf": {"on_behalf": "yes"},
                "behalf-details": {
                    "behalf_name": "Grace",
                    "behalf_relationship": "my mother",
                    "behalf_address": "9 Oak Road",
                    "behalf_postcode": "ha2 0aa",
                    "consent_basis": "agreed",
                },
                "contact": {
                    "contact_method": "letter",
                    "name": "Ada",
                    "address": "1 Far Lane",
                    "postcode": "ha5 1aa",
                },
                "adjustments": {"formats": ["large-print"], "adjustments_for": "both"},
            },
            ("9 Oak Road", "HA2 0AA"),
        ),
    ],
)
def test_the_home_address_starts_from_a_postal_address_already_given(
    resident: FlaskClient,
    given: dict,
    prefilled: tuple[str, str],  # type: ignore[type-arg]
) -> None:
    answers = {**COMPLAINT, **HAZARD, **given}
    answers.pop("home-address")
    with pytest.raises(AssertionError, match="asked for 'home-address'"):
        walk(resident, "en", answers)
    asked = page(resident.get("/en/new/home-address"))
    assert (
        asked.select_one("#home_address").get_text(),
        asked.select_one("#home_postcode")["value"],
    ) == prefilled
    # Changed to no hazard on the check page: the home's address is dropped, not asked, not shown.
    walk(
        resident,
        "en",
        {**answers, "home-address": {"home_address": prefilled[0], "home_postcode": prefilled[1]}},
    )
    assert post(resident, "/en/new/hazard?change=1", {"hazard": "no"}).headers["Location"] == "/en/new/check"
    assert "Address of the home" not in page(resident.get("/en/new/check")).get_text()


@pytest.mark.parametrize(
    ("answers", "asked"),
    [
        ({"tenure": {"tenure": "other"}}, False),  # a private landlord's home: not the council's clock
        ({"tenure": {"tenure": "unknown"}}, True),  # not sure: asked
        ({"area": {"service_area": "council-tax-benefits"}}, False),  # not housing
    ],
)
def test_the_hazard_page_is_for_council_homes(resident: FlaskClient, answers: dict, asked: bool) -> None:  # type: ignore[type-arg]
    full = {**COMPLAINT, **answers}
    walk(resident, "en", full)  # fails if the form asks for a page this walk has no answer for
    seen = resident.get("/en/new/hazard")
    assert (seen.status_code == 200) == asked


def test_a_hazard_from_the_form_alerts_the_repairs_team_once(
    resident: FlaskClient, tracker: Flask, config: TrackerConfig
) -> None:
    walk(resident, "ar", {**COMPLAINT, **HAZARD})
    asked = page(resident.get("/ar/new/home-address"))
    assert asked.h1.get_text() == "ما عنوان المنزل الذي فيه المشكلة؟"
    check = page(resident.get("/ar/new/check"))
    token = csrf(check)
    resident.post("/ar/new/check", data={"csrf_token": token})
    resident.post("/ar/new/check", data={"csrf_token": token})  # Send pressed twice
    with tracker.app_context():
        case = Case.get()
        hazard = Hazard.get(Hazard.case == case.id)
        # Received Monday 23 November 2026: investigated within 10 working days, by Monday 7 December.
        assert (hazard.kind, hazard.aware, hazard.at_risk, hazard.next_due) == (
            "possible",
            date(2026, 11, 23),
            True,
            date(2026, 12, 7),
        )
        assert "hazard_reported" in [e.action for e in Event.select().where(Event.case == case)]
        # The complaint keeps its own clock: acknowledge by 30 November.
        assert case.next_due == date(2026, 11, 30)
    alerts = emails(config, config.repairs_email)
    assert len(alerts) == 1 and case.reference in str(alerts[0]["Subject"])
    text = body(alerts[0])
    assert f"http://localhost/staff/cases/{case.reference}" in text and "7 December 2026" in text
    assert "Ada" not in text and "boiler" not in text  # the details stay in the case


def test_staff_logging_asks_about_hazards(
    tracker: Flask, team: dict[str, Staff], config: TrackerConfig
) -> None:
    client = tracker.test_client()
    sign_in(client, "asha")
    form = page(client.get("/staff/cases/new"))
    assert form.select_one("input[name=hazard]") is not None and form.select_one(
        "select[name=hazard_at_risk]"
    )
    typed = {
        "kind": "complaint",
        "channel": "phone",
        "received": "2026-11-20",  # a Friday: the count starts on Monday
        "service_area": "housing-repairs",
        "language": "en",
        "description": "Black mould in the baby's room.",
        "tenure": "tenant",
        "hazard": "y",
        "hazard_at_risk": "yes",
    }
    refused = page(post(client, "/staff/cases/new", typed))  # a hazard needs the home's address
    assert [a.get_text() for a in refused.select(".error-summary a")] == [
        "Enter the address of the home with the hazard",
        "Enter the postcode of the home with the hazard",
    ]
    typed.update(hazard_address="Flat 1, 5 Pinner Road", hazard_postcode="ha1 4aa")
    assert post(client, "/staff/cases/new", typed).status_code == 302
    with tracker.app_context():
        hazard = Hazard.get()
        assert (hazard.aware, hazard.at_risk, hazard.next_due, hazard.address, hazard.postcode) == (
            date(2026, 11, 20),
            True,
            date(2026, 12, 4),
            "Flat 1, 5 Pinner Road",
            "HA1 4AA",
        )
    (alert,) = emails(config, config.repairs_email)
    assert "The home:\nFlat 1, 5 Pinner Road\nHA1 4AA\n" in body(alert)


HAZARD_CALL = {
    "kind": "complaint",
    "channel": "phone",
    "received": "2026-11-23",
    "service_area": "housing-repairs",
    "language": "en",
    "description": "Black mould in the bedroom.",
    "tenure": "tenant",
    "name": "Ada",
    "phone": "020 8000 0000",
    "contact_method": "phone",
    "hazard": "y",
    "hazard_at_risk": "no",
    "hazard_address": "Flat 1, 5 Pinner Road",
    "hazard_postcode": "ha1 4aa",
}


def test_a_caller_with_no_postcode_of_their_own_checks_progress_with_the_homes(
    tracker: Flask, team: dict[str, Staff]
) -> None:
    """The walk's phone call: the home's address, no contact postcode. The home is where they live, so its
    postcode is the case's: no access code, the panel says which postcode, and the status check works with
    it, showing no personal details."""
    client = tracker.test_client()
    sign_in(client, "asha")
    told = page(post(client, "/staff/cases/new", HAZARD_CALL, follow=True)).select_one("#logged")
    with tracker.app_context():
        case = Case.get()
    assert (case.postcode, case.postcode_key, case.access_code_hash) == ("HA1 4AA", "HA1 4AA", None)
    assert told.select_one("#access-code") is None and "no email address or postcode" not in told.get_text()
    assert (
        "To check progress online they give the reference and the postcode of the home with the hazard, "
        "HA1 4AA: they gave no postcode of their own, so the home's is the case's."
    ) in told.get_text(" ", strip=True).replace(" ,", ",").replace(" :", ":")
    resident = tracker.test_client()
    text = look_up(resident, case.reference, "ha1 4aa")
    assert "Your case" in text and case.reference in text
    for personal in ("Ada", "020 8000 0000", "Pinner Road", "HA1 4AA", "Black mould in the bedroom"):
        assert personal not in text, personal


def test_an_advocates_postcode_stays_their_own(tracker: Flask, team: dict[str, Staff]) -> None:
    """Made for someone else, the contact details are the advocate's: the home's postcode is not made
    theirs, so a caller with none still needs the access code."""
    client = tracker.test_client()
    sign_in(client, "asha")
    call = {**HAZARD_CALL, "on_behalf": "y", "behalf_name": "Ida", "consent_basis": "agreed"}
    told = page(post(client, "/staff/cases/new", call, follow=True)).select_one("#logged")
    with tracker.app_context():
        case = Case.get()
        hazard = Hazard.get()
    assert (case.postcode, case.postcode_key, hazard.postcode) == (None, None, "HA1 4AA")
    assert told.select_one("#access-code") is not None
    assert "no email address or postcode" in told.get_text()


def test_online_with_no_postcode_of_their_own_the_homes_is_the_cases(
    resident: FlaskClient, tracker: Flask
) -> None:
    answers = {
        **COMPLAINT,
        **HAZARD,
        "contact": {"contact_method": "phone", "name": "Ada", "phone": "020 8000 0000"},
    }
    case = submit(resident, **answers)
    assert (case.postcode, case.postcode_key, case.access_code_hash) == ("HA1 2XY", "HA1 2XY", None)
    done = page(resident.get("/en/new/done"))
    assert done.select_one(".inset") is None  # no access code
    assert "You will need your reference and the postcode of your home." in done.get_text()
    text = look_up(tracker.test_client(), case.reference, "HA1 2XY")
    assert "Your case" in text
    assert "Station Road" not in text and "HA1 2XY" not in text and "Ada" not in text


def test_officers_set_the_kind_and_record_each_step(
    tracker: Flask, team: dict[str, Staff], config: TrackerConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = submit(tracker.test_client(), **HAZARD)
    client = tracker.test_client()
    sign_in(client, "asha")
    shown = page(client.get(f"/staff/cases/{case.reference}"))
    assert "Hazard clock (Awaab's Law)" in shown.get_text() and "due 7 December 2026" in shown.get_text()
    status, _ = act(client, case, "hazard-kind", {"kind": "damp_mould", "reason": "Mould in two rooms."})
    assert status == 200
    monkeypatch.setattr(clock, "today", lambda: date(2026, 11, 30))
    status, refused = act(client, case, "hazard-step", {"step": "summary", "on": "2026-11-27"})
    assert status == 409 and "record the investigation first" in refused.get_text()
    status, _ = act(client, case, "hazard-step", {"step": "investigated", "on": "2026-11-27"})
    assert status == 200
    text = page(client.get(f"/staff/cases/{case.reference}")).get_text(" ", strip=True)
    # Investigation ended Friday 27 November: summary in 3 working days (2 December), works in 5 (4th).
    assert "Written summary sent to the resident due 2 December 2026" in text
    assert "Safety works begun due 4 December 2026" in text
    with tracker.app_context():
        hazard = Hazard.get()
        assert (hazard.kind, hazard.investigated, hazard.next_due) == (
            "damp_mould",
            date(2026, 11, 27),
            date(2026, 12, 2),
        )
    status, _ = act(client, case, "hazard-kind", {"kind": "not_hazard", "reason": ""})
    assert status == 200
    with tracker.app_context():
        assert Hazard.get().next_due is None
    assert len(emails(config, config.repairs_email)) == 1  # assessing it is never a second alert


def test_a_late_investigation_over_christmas_on_the_case_page(
    tracker: Flask, team: dict[str, Staff], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Logged on Friday 18 December 2026: investigation due Wednesday 6 January 2027 (Christmas, the Boxing
    Day substitute and New Year's Day are not working days). It ends late, on Friday 8 January: the summary
    and the works count from that day, across the weekend (13 and 15 January), and the step is marked late."""
    monkeypatch.setattr(clock, "today", lambda: date(2027, 1, 8))
    client = tracker.test_client()
    sign_in(client, "asha")
    typed = {
        "kind": "complaint",
        "channel": "letter",
        "received": "2026-12-18",
        "service_area": "housing-repairs",
        "language": "en",
        "description": "Mould on every wall of the bedroom.",
        "tenure": "tenant",
        "hazard": "y",
        "hazard_at_risk": "no",
        "hazard_address": "Flat 2, 9 Station Road",
        "hazard_postcode": "HA1 2AB",
    }
    assert post(client, "/staff/cases/new", typed).status_code == 302
    with tracker.app_context():
        case = Case.get()
    status, _ = act(client, case, "hazard-kind", {"kind": "damp_mould", "reason": "Mould confirmed."})
    assert status == 200
    text = page(client.get(f"/staff/cases/{case.reference}")).get_text(" ", strip=True)
    assert "due 6 January 2027" in text
    status, _ = act(client, case, "hazard-step", {"step": "investigated", "on": "2027-01-08"})
    assert status == 200
    text = page(client.get(f"/staff/cases/{case.reference}")).get_text(" ", strip=True)
    assert "Written summary sent to the resident due 13 January 2027" in text
    assert "Safety works begun due 15 January 2027" in text
    with tracker.app_context():
        event = Event.get(Event.case == case.id, Event.action == "hazard_step")
        assert (event.details["late"], Hazard.get().next_due) == (True, date(2027, 1, 13))


def _next_deadline(client: FlaskClient, case: Case) -> str:
    rows = page(client.get(f"/staff/cases/{case.reference}")).select("#deadlines + dl .summary-row")
    shown = [row.dd for row in rows if row.dt.get_text(strip=True) == "Next deadline"]
    return shown[0].get_text(" ", strip=True) if shown else ""


def test_the_next_deadline_is_the_sooner_of_the_two_clocks_and_says_which(
    tracker: Flask, team: dict[str, Staff]
) -> None:
    """The walk's case: after the stage 1 response the complaint's next date is the day it would close, weeks
    away, while the safety works are due sooner: the case page's next deadline is the works, named as the
    hazard clock's, with the complaint's date after it."""
    case = submit(tracker.test_client(), **HAZARD)  # received Monday 23 November 2026
    client = tracker.test_client()
    sign_in(client, "asha")
    # The complaint's clock first: acknowledge by 30 November; the investigation is due 7 December.
    assert _next_deadline(client, case) == (
        "30 November 2026 , on the complaint's clock Then the hazard clock's (Awaab's Law): investigated, "
        "due 7 December 2026"
    )
    assert (
        act(client, case, "hazard-kind", {"kind": "damp_mould", "reason": "Mould in the bedroom."})[0] == 200
    )
    assert act(client, case, "hazard-step", {"step": "investigated", "on": "2026-11-23"})[0] == 200
    assert act(client, case, "hazard-step", {"step": "summary", "on": "2026-11-23"})[0] == 200
    assert (
        act(client, case, "acknowledge", {"definition": "Mould in the bedroom, repair not done."})[0] == 200
    )
    status, _ = act(
        client,
        case,
        "respond",
        {"outcome": "upheld", "reasons": "The repair was not done.", "remedy": "", "outstanding": ""},
    )
    assert status == 200
    closes = reload(tracker, case).next_due
    assert closes is not None and closes > date(2026, 11, 30)
    # The safety works are due within 5 working days of the investigation: Monday 30 November, sooner.
    assert _next_deadline(client, case) == (
        "30 November 2026 : safety works begun, on the hazard clock (Awaab's Law) "
        f"Then the complaint's: {closes.day} {closes:%B %Y} (close if no reply to the offer)"
    )
    # Closed, the complaint has no date left; the hazard clock's step is still the next deadline.
    with tracker.app_context():
        Case.update(status="closed", next_due=None).where(Case.id == case.id).execute()
    assert (
        _next_deadline(client, case)
        == "30 November 2026 : safety works begun, on the hazard clock (Awaab's Law)"
    )
    assert act(client, case, "hazard-step", {"step": "works_begun", "on": "2026-11-23"})[0] == 200
    assert _next_deadline(client, case) == ""  # every step done, and the complaint closed: no deadline


def _offered(client: FlaskClient, case: Case) -> tuple[list[str], str]:
    """The steps the hazard step form offers, and its hint on the others."""
    shown = page(client.get(f"/staff/cases/{case.reference}"))
    select = shown.select_one("select[name=hazard-step-step]")
    hint = shown.select_one("#hazard-step-step-hint")
    return [str(o["value"]) for o in select.select("option")], hint.get_text(" ", strip=True) if hint else ""


def test_hazard_steps_keep_the_laws_order_and_the_form_offers_only_what_can_be_recorded(
    tracker: Flask, team: dict[str, Staff], monkeypatch: pytest.MonkeyPatch
) -> None:
    case = submit(tracker.test_client(), **HAZARD)
    client = tracker.test_client()
    sign_in(client, "asha")
    act(client, case, "hazard-kind", {"kind": "damp_mould", "reason": ""})
    monkeypatch.setattr(clock, "today", lambda: date(2026, 12, 1))
    offered, hint = _offered(client, case)
    assert offered == ["investigated"]
    assert (
        "Not offered now: Written summary of the findings sent to the resident (record the investigation"
        in hint
        and "Safety works begun (record the investigation first" in hint
    )
    # Sent all the same (an old page, a crafted post): refused, with why, and nothing recorded.
    status, refused = act(client, case, "hazard-step", {"step": "summary", "on": "2026-12-01"})
    assert status == 409
    assert "record the investigation first" in refused.select_one(".error-summary").get_text()
    assert act(client, case, "hazard-step", {"step": "investigated", "on": "2026-11-27"})[0] == 200
    assert _offered(client, case)[0] == ["summary", "works_begun"]
    assert act(client, case, "hazard-step", {"step": "summary", "on": "2026-11-30"})[0] == 200
    # The walk's case: the investigation recorded again, later, would put the summary before it ended.
    status, refused = act(client, case, "hazard-step", {"step": "investigated", "on": "2026-12-01"})
    assert status == 409
    assert "it was already recorded, as done on 27 November 2026" in refused.get_text()
    offered, hint = _offered(client, case)
    assert (
        offered == ["works_begun"]
        and "Investigation ended (it was already recorded, as done on 27 November 2026)" in hint
    )
    with tracker.app_context():
        hazard = Hazard.get()
        assert (hazard.investigated, hazard.summary) == (date(2026, 11, 27), date(2026, 11, 30))
    assert act(client, case, "hazard-step", {"step": "works_begun", "on": "2026-12-01"})[0] == 200
    shown = page(client.get(f"/staff/cases/{case.reference}"))
    assert shown.select_one("select[name=hazard-step-step]") is None  # every step recorded: not offered
    status, refused = act(client, case, "hazard-step", {"step": "works_begun", "on": "2026-12-01"})
    assert status == 409 and "every step is recorded" in refused.get_text()


def test_an_overdue_step_in_the_queue_the_reminders_and_the_status_page(
    tracker: Flask, team: dict[str, Staff], config: TrackerConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = submit(tracker.test_client(), **HAZARD)
    on_time = submit(tracker.test_client())  # no hazard
    with tracker.app_context():
        Staff.update(email="asha@harrow.example").where(Staff.username == "asha").execute()
        Case.update(assignee=team["asha"].id).where(Case.id.in_([case.id, on_time.id])).execute()
    late = date(2026, 12, 8)  # the investigation was due on Monday 7 December
    monkeypatch.setattr(clock, "today", lambda: late)
    client = tracker.test_client()
    sign_in(client, "ben")
    queue = page(client.get("/staff/"))
    first = queue.select_one("#hazards-first")
    assert first is not None and case.reference in first.find_parent("section").get_text()
    tagged = [
        row.select_one("a.reference-inline").get_text(strip=True)
        for row in queue.select("table.queue tbody tr")
        if "Hazard step overdue" in row.get_text()
    ]
    assert tagged == [case.reference]

    with tracker.app_context():
        scheduled.remind(config, SITE, late)
        message = Message.get(Message.to == "asha@harrow.example")
    assert (
        f"- overdue: hazard on case {case.reference} (possible hazard (not yet assessed)), investigated due "
        "7 December 2026\n"
        f"  http://localhost/staff/cases/{case.reference}\n"
    ) in message.body

    resident = tracker.test_client()
    text = look_up(resident, case.reference, "ada@example.org")
    soup = page(resident.get("/en/status/case"))
    steps = soup.select_one("#hazard-steps").get_text(" ", strip=True)
    assert "Inspect the problem: not done yet; it was due by 7 December 2026" in steps
    assert "We are late with this" in soup.get_text()
    assert "Ada" not in text and "asha" not in text.lower()
    # The complaint continues on its own clock.
    assert reload(tracker, case).next_due == date(2026, 11, 30)


@pytest.mark.parametrize("status", ["closed", "service_request", "withdrawn"])
def test_the_hazard_clock_outlives_the_complaint(
    tracker: Flask,
    team: dict[str, Staff],
    config: TrackerConfig,
    monkeypatch: pytest.MonkeyPatch,
    status: str,
) -> None:
    """Closing the complaint, dealing with it as a repair or its withdrawal does not end the landlord's duty:
    the officer is still reminded of the step due, the manager of a breach, and the resident still sees it."""
    case = submit(tracker.test_client(), **HAZARD)
    with tracker.app_context():
        Staff.update(email="asha@harrow.example").where(Staff.username == "asha").execute()
        Staff.update(email="mia@harrow.example", team="Housing").where(Staff.username == "mia").execute()
        Case.update(assignee=team["asha"].id, status=status).where(Case.id == case.id).execute()
        scheduled.remind(config, SITE, date(2026, 12, 7))  # the investigation is due today
        due = Message.get(Message.to == "asha@harrow.example").body
        scheduled.remind(config, SITE, date(2026, 12, 8))  # and overdue the next day
        breach = Message.get(Message.to == "mia@harrow.example").body
    assert f"hazard on case {case.reference}" in due and "investigated due 7 December 2026" in due
    assert f"team breach, overdue: hazard on case {case.reference}" in breach
    # The reminder says where the officer will find it: not in the queue's table, which lists open cases.
    assert "listed at the top of the queue, under Hazard steps still due on closed cases" in due
    monkeypatch.setattr(clock, "today", lambda: date(2026, 12, 8))
    resident = tracker.test_client()
    look_up(resident, case.reference, "ada@example.org")
    steps = page(resident.get("/en/status/case")).select_one("#hazard-steps").get_text(" ", strip=True)
    assert "not done yet; it was due by 7 December 2026" in steps


@pytest.mark.parametrize("status", ["closed", "service_request", "withdrawn"])
def test_a_hazard_step_still_due_on_a_closed_case_is_listed_above_the_queue(
    tracker: Flask, team: dict[str, Staff], monkeypatch: pytest.MonkeyPatch, status: str
) -> None:
    """The queue lists open cases only; a case whose complaint is over but whose hazard clock runs is listed
    above it, with its step and date (overdue marked), until every step is recorded or no hazard is found."""
    case = submit(tracker.test_client(), **HAZARD)
    other = submit(tracker.test_client(), **HAZARD)  # closed too, its hazard found to be none
    still_open = submit(tracker.test_client(), **HAZARD)
    with tracker.app_context():
        Case.update(status=status).where(Case.id.in_([case.id, other.id])).execute()
        Hazard.update(kind="not_hazard", next_due=None).where(Hazard.case == other.id).execute()
    client = tracker.test_client()
    sign_in(client, "ben")
    queue = page(client.get("/staff/"))
    listed = queue.select_one("#hazards-ended").find_parent("section")
    words = {
        "closed": "closed",
        "service_request": "dealt with as a service request",
        "withdrawn": "withdrawn",
    }
    assert [li.get_text(" ", strip=True) for li in listed.select("li")] == [
        f"{case.reference} ({words[status]}): Investigated, due 7 December 2026"
    ]
    assert listed.select_one(f"a[href='/staff/cases/{case.reference}#hazard']") is not None
    table = queue.select_one("table.queue").get_text()
    assert case.reference not in table and other.reference not in table and still_open.reference in table

    monkeypatch.setattr(clock, "today", lambda: date(2026, 12, 8))  # overdue: marked, and listed once
    queue = page(client.get("/staff/"))
    (item,) = queue.select_one("#hazards-ended").find_parent("section").select("li")
    assert item.get_text(" ", strip=True).endswith("due 7 December 2026 Overdue")
    assert item.select_one(".tag-overdue") is not None
    overdue = queue.select_one("#hazards-first").find_parent("section").get_text()
    assert still_open.reference in overdue and case.reference not in overdue

    # The step recorded: its clock has stopped, and the list is gone.
    status_code, _ = act(client, case, "hazard-step", {"step": "investigated", "on": "2026-12-08"})
    assert status_code == 200
    assert page(client.get("/staff/")).select_one("#hazards-ended") is None


def test_links_in_emails_follow_the_tracker_url_under_its_prefix(
    tracker: Flask, config: TrackerConfig
) -> None:
    tracker.extensions["tracker"] = dataclasses.replace(
        config, tracker_url="https://complaints.example/tracker/"
    )
    with tracker.app_context():
        assert links.case_page("HAR-1") == "https://complaints.example/tracker/staff/cases/HAR-1"
        assert links.external("status.lookup", lang="pl") == "https://complaints.example/tracker/pl/status/"


def test_a_safeguarding_concern_goes_to_the_lead_once_and_stays_on_top_until_dealt_with(
    tracker: Flask, team: dict[str, Staff], config: TrackerConfig
) -> None:
    case = submit(tracker.test_client())
    other = submit(tracker.test_client())
    handler = tracker.test_client()
    sign_in(handler, "asha")
    for concern in ("An older resident without heating.", "She is also alone at night."):
        status, _ = act(handler, case, "safeguarding", {"concern": concern})
        assert status == 200
    # The default lead is the first manager: Mia. One alert, however many concerns are added.
    assert reload(tracker, case).__data__["safeguarding_lead"] == team["mia"].id
    assert len(emails(config, config.safeguarding_email)) == 1
    lead = tracker.test_client()
    sign_in(lead, "mia")
    top = page(lead.get("/staff/")).select_one("#safeguarding-first")
    assert top is not None and case.reference in top.find_parent("section").get_text()
    assert other.reference not in top.find_parent("section").get_text()
    assert page(handler.get("/staff/")).select_one("#safeguarding-first") is None
    status, _ = act(
        lead, case, "safeguarding-done", {"action": "Referred to adult social care the same day."}
    )
    assert status == 200
    assert page(lead.get("/staff/")).select_one("#safeguarding-first") is None
    assert reload(tracker, case).safeguarding_done == date(2026, 11, 23)


def test_the_lead_may_be_named_by_user_name(
    tracker: Flask, team: dict[str, Staff], config: TrackerConfig
) -> None:
    tracker.extensions["tracker"] = dataclasses.replace(config, safeguarding_lead="ben")
    with tracker.app_context():
        Staff.update(email="ben@harrow.example").where(Staff.username == "ben").execute()
    case = submit(tracker.test_client())
    client = tracker.test_client()
    sign_in(client, "asha")
    act(client, case, "safeguarding", {"concern": "A child left alone."})
    assert reload(tracker, case).__data__["safeguarding_lead"] == team["ben"].id
    assert len(emails(config, "ben@harrow.example")) == 1
    assert len(emails(config, config.safeguarding_email)) == 1


def test_a_lead_who_has_left_is_never_a_concern_left_unassigned(
    tracker: Flask, team: dict[str, Staff], config: TrackerConfig
) -> None:
    """SAFEGUARDING_LEAD names an officer whose account is deactivated: the concern goes to the first
    active manager (Mia), at the top of her queue, not to nobody."""
    tracker.extensions["tracker"] = dataclasses.replace(config, safeguarding_lead="ben")
    with tracker.app_context():
        Staff.update(active=False).where(Staff.username == "ben").execute()
    case = submit(tracker.test_client())
    client = tracker.test_client()
    sign_in(client, "asha")
    assert act(client, case, "safeguarding", {"concern": "A child left alone."})[0] == 200
    assert reload(tracker, case).__data__["safeguarding_lead"] == team["mia"].id
    lead = tracker.test_client()
    sign_in(lead, "mia")
    top = page(lead.get("/staff/")).select_one("#safeguarding-first")
    assert top is not None and case.reference in top.find_parent("section").get_text()


def test_addresses_at_localhost_are_refused_outside_development(config: TrackerConfig) -> None:
    production = dataclasses.replace(config, development=False)
    with pytest.raises(ValueError, match="SAFEGUARDING_EMAIL"):
        create_app(production)
    with pytest.raises(ValueError, match="REPAIRS_EMAIL"):
        create_app(dataclasses.replace(production, safeguarding_email="safeguarding@harrow.gov.uk"))
    real = dataclasses.replace(
        production, safeguarding_email="safeguarding@harrow.gov.uk", repairs_email="repairs@harrow.gov.uk"
    )
    real.refuse_in_production()  # nothing refused
    config.refuse_in_production()  # development: localhost is fine
    # Every alert address, in every spelling of this machine or of no address at all, is refused.
    nowhere = [
        "Repairs@LocalHost ",
        "repairs@localhost.",
        "repairs@localhost.localdomain",
        "repairs@mail.localhost",
        "repairs@127.0.1.1",
        "repairs@[127.0.0.1]",
        "repairs@[IPv6:::1]",
        "repairs",
        "@harrow.gov.uk",
        " ",
    ]
    for setting in ("safeguarding_email", "repairs_email"):
        for address in nowhere:
            with pytest.raises(ValueError, match=setting.upper()):
                dataclasses.replace(real, **{setting: address}).refuse_in_production()
            dataclasses.replace(real, development=True, **{setting: address}).refuse_in_production()
    dataclasses.replace(real, repairs_email="repairs@localhost-council.gov.uk").refuse_in_production()


def test_an_officer_records_a_hazard_found_later_and_the_repairs_team_hears_once(
    tracker: Flask, team: dict[str, Staff], config: TrackerConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = submit(tracker.test_client())  # the resident said no
    client = tracker.test_client()
    sign_in(client, "asha")
    status, refused = act(client, case, "hazard-kind", {"kind": "not_hazard", "reason": ""})
    assert status == 409 and "no hazard was reported" in refused.get_text()
    monkeypatch.setattr(clock, "today", lambda: date(2026, 11, 28))  # a Saturday visit: gas smell
    status, _ = act(client, case, "hazard-kind", {"kind": "emergency", "reason": "Gas smell on the visit."})
    assert status == 200
    status, _ = act(client, case, "hazard-kind", {"kind": "emergency", "reason": "Confirmed."})
    assert status == 200
    with tracker.app_context():
        hazard = Hazard.get(Hazard.case == case.id)
        # 24 hours, weekends included: by Sunday 29 November.
        assert (hazard.kind, hazard.aware, hazard.next_due) == (
            "emergency",
            date(2026, 11, 28),
            date(2026, 11, 29),
        )
        assert (hazard.address, hazard.postcode) == (None, "HA3 3QT")  # the case's own, all it has
    (alert,) = emails(config, config.repairs_email)
    assert "The home:\nHA3 3QT\n" in body(alert)


@pytest.mark.parametrize("hazard", [True, False])
def test_the_confirmation_page_gives_the_hazard_clock(resident: FlaskClient, hazard: bool) -> None:
    """A resident who says their home is dangerous is told at once what the law makes us do and by when,
    not only the complaint's dates."""
    submit(resident, **(HAZARD if hazard else {}))
    done = page(resident.get("/en/new/done"))
    steps = done.select("#hazard-steps li")
    assert (done.select_one("h2#hazard") is not None) is hazard
    if hazard:
        first = " ".join(steps[0].get_text().split()) if steps else ""
        assert first.startswith("Inspect the problem: to be done by")


def test_a_case_about_another_service_is_not_offered_a_hazard_clock(
    tracker: Flask, team: dict[str, Staff]
) -> None:
    """Awaab's Law binds the council as landlord: a council tax complaint has no hazard to record."""
    case = submit(tracker.test_client(), area={"service_area": "council-tax-benefits"})
    client = tracker.test_client()
    sign_in(client, "asha")
    soup = page(client.get(f"/staff/cases/{case.reference}"))
    assert soup.select_one("form[action$='/hazard-kind']") is None
    status, refused = act(client, case, "hazard-kind", {"kind": "emergency", "reason": "Gas smell."})
    assert status == 409 and "is for the council's homes" in refused.get_text()
    with tracker.app_context():
        assert Hazard.select().where(Hazard.case == case.id).count() == 0


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_receipt_email_and_the_acknowledgement_give_the_hazard_clocks_next_step(
    tracker: Flask, config: TrackerConfig, team: dict[str, Staff], lang: str
) -> None:
    """What the confirmation page says of a reported hazard, the email and the letter say too, in the
    resident's language: investigated within 10 working days of 23 November, by Monday 7 December."""
    case = submit(tracker.test_client(), lang, **HAZARD)
    with tracker.test_request_context(f"/{lang}/"):
        from sitekit.i18n import format_day, format_day_with_weekday, in_language, site_data

        with in_language(site_data().language(lang)):
            step = {"en": "Inspect the problem", "ar": "معاينة المشكلة"}[lang]  # as the status page says
            weekday, day = format_day_with_weekday(date(2026, 12, 7)), format_day(date(2026, 12, 7))
    receipt = body(emails(config, case.email)[0])
    assert step in receipt and weekday in receipt, receipt
    staff = tracker.test_client()
    sign_in(staff, "asha")
    assert act(staff, case, "acknowledge", {"definition": "Mould in the bedroom."})[0] == 200
    with tracker.app_context():
        from tracker.models import Letter

        letter = Letter.get(Letter.case == case.id, Letter.kind == "acknowledgement").body
    assert step in letter and day in letter, letter
    # Without a hazard, neither says anything of one.
    other = submit(tracker.test_client(), lang)
    assert act(staff, other, "acknowledge", {"definition": "The boiler."})[0] == 200
    with tracker.app_context():
        plain = Letter.get(Letter.case == other.id, Letter.kind == "acknowledgement").body
    assert step not in plain
