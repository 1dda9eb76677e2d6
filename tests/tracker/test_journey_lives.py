"""Journeys that fit real lives (issue 13): the day as typed or the month alone, problems still happening,
advocates for someone who cannot agree, anonymous senders, compliments and suggestions in their own words,
long answers kept whole, and times of day in the reader's locale."""

from __future__ import annotations

import email
from datetime import date, time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from casecore.procedures import is_out_of_time
from tests.htmlcheck import validate
from tracker.config import TrackerConfig
from tracker.models import Case

from .conftest import COMPLAINT, page, post, send, walk

ADVOCATE = {
    "behalf": {"on_behalf": "yes"},
    "behalf-details": {
        "behalf_name": "Grace Hopper",
        "behalf_relationship": "my mother",
        "behalf_address": "2 Station Road\nHarrow",
        "behalf_postcode": "ha1 2xy",
        "consent_basis": "cannot",
        "consent_reason": "She has advanced dementia.",
    },
    "contact": {
        "contact_method": "letter",
        "name": "Alan Hopper",
        "address": "9 Elm Close\nPinner",
        "postcode": "ha5 1aa",
    },
    "adjustments": {"formats": ["large-print"], "adjustments_for": "advocate"},
}


# The date: what was typed is kept; the month alone is an answer.


def test_the_hint_says_the_day_may_be_left_out(resident: FlaskClient) -> None:
    walk(resident, "en", COMPLAINT)
    hint = page(resident.get("/en/new/when")).select_one("#when-hint").get_text()
    assert "If you do not know the day, enter the month and year only" in hint


def test_the_month_and_year_alone_are_kept_as_a_month(resident: FlaskClient) -> None:
    check = page(walk(resident, "en", {**COMPLAINT, "when": {"day": "", "month": "10", "year": "2026"}}))
    assert "October 2026" in check.get_text() and "31 October 2026" not in check.get_text()
    again = page(resident.get("/en/new/when?change=1"))
    assert [again.select_one(f"#{n}")["value"] for n in ("day", "month", "year")] == ["", "10", "2026"]
    case = send(resident, "en")
    # Stored as the month's last day (the benefit of the doubt), and known to be a month, not that day.
    assert (case.happened, case.happened_day_known) == (date(2026, 10, 31), False)


def test_the_date_comes_back_exactly_as_typed(resident: FlaskClient) -> None:
    check = page(walk(resident, "en", {**COMPLAINT, "when": {"day": "05", "month": "03", "year": "2026"}}))
    assert "5 March 2026" in check.get_text()
    again = page(resident.get("/en/new/when?change=1"))
    assert [again.select_one(f"#{n}")["value"] for n in ("day", "month", "year")] == ["05", "03", "2026"]
    assert send(resident, "en").happened_day_known is True


# Problems still happening are not out of time.


def test_an_ongoing_problem_is_never_out_of_time() -> None:
    started = date(2024, 3, 1)
    assert is_out_of_time(started, date(2026, 11, 23))
    assert not is_out_of_time(started, date(2026, 11, 23), ongoing=True)


def test_mould_since_2024_that_is_still_happening_is_not_flagged(resident: FlaskClient) -> None:
    when = {"day": "", "month": "3", "year": "2024", "still_happening": "y"}
    check = page(walk(resident, "en", {**COMPLAINT, "when": when}))  # no "more than 12 months" page
    text = check.get_text(" ", strip=True)
    assert "When it started March 2024" in text and "Still happening Yes" in text
    again = page(resident.get("/en/new/when?change=1"))
    assert again.select_one("#still_happening").has_attr("checked")
    case = send(resident, "en")
    assert (case.still_happening, case.out_of_time) == (True, False)
    assert "more than 12 months ago" not in page(resident.get("/en/new/done")).get_text()


def test_a_problem_that_stopped_long_ago_is_still_flagged(resident: FlaskClient) -> None:
    answers = {**COMPLAINT, "when": {"day": "", "month": "3", "year": "2024"}, "late": {"late_reason": ""}}
    walk(resident, "en", answers)
    case = send(resident, "en")
    assert (case.still_happening, case.out_of_time) == (False, True)


# Advocates.


def test_the_someone_else_questions_come_only_after_yes(resident: FlaskClient) -> None:
    walk(resident, "en", COMPLAINT)
    behalf = page(resident.get("/en/new/behalf"))
    assert behalf.select("input[type=text]:not([name=website]), textarea, input[type=checkbox]") == []
    assert resident.get("/en/new/behalf-details").status_code == 302  # not asked after "no"
    response = post(resident, "/en/new/behalf?change=1", {"on_behalf": "yes"})
    assert response.headers["Location"] == "/en/new/behalf-details?change=1"


def test_an_advocate_for_someone_who_cannot_agree_can_go_on(resident: FlaskClient) -> None:
    walk(resident, "en", {**COMPLAINT, "behalf": {"on_behalf": "yes"}, **ADVOCATE})
    url = "/en/new/behalf-details?change=1"
    details = ADVOCATE["behalf-details"]
    soup = page(post(resident, url, {**details, "consent_reason": ""}))
    assert [a.get_text() for a in soup.select(".error-summary a")] == ["Tell us why they cannot agree"]
    assert soup.select_one("#behalf_address").get_text() == "2 Station Road\nHarrow"  # nothing lost
    assert post(resident, url, details).headers["Location"] == "/en/new/check"
    check = page(resident.get("/en/new/check")).get_text(" ", strip=True)
    assert "Grace Hopper" in check and "my mother" in check and "They cannot agree" in check
    assert "She has advanced dementia." in check and "For you" in check
    case = send(resident, "en")
    # The resident and the advocate are each recorded as themselves.
    assert (case.behalf_name, case.behalf_address, case.behalf_postcode) == (
        "Grace Hopper",
        "2 Station Road\nHarrow",
        "HA1 2XY",
    )
    assert (case.name, case.address, case.postcode) == ("Alan Hopper", "9 Elm Close\nPinner", "HA5 1AA")
    assert (case.consent_basis, case.consent_reason, case.consent_confirmed) == (
        "cannot",
        "She has advanced dementia.",
        False,
    )
    assert (case.formats, case.adjustments_for) == ("large-print", "advocate")


def test_legal_authority_is_enough(resident: FlaskClient) -> None:
    details = {**ADVOCATE["behalf-details"], "consent_basis": "authority", "consent_reason": "ignored"}
    walk(resident, "en", {**COMPLAINT, **ADVOCATE, "behalf-details": details})
    case = send(resident, "en")
    assert (case.consent_basis, case.consent_reason, case.consent_confirmed) == ("authority", None, True)


def test_an_advocate_says_whose_the_help_is(resident: FlaskClient) -> None:
    walk(resident, "en", {**COMPLAINT, **ADVOCATE})
    soup = page(post(resident, "/en/new/adjustments?change=1", {"formats": ["bsl"]}))
    assert "Choose who the help is for" in soup.select_one(".error-summary").get_text()
    response = post(resident, "/en/new/adjustments?change=1", {"formats": ["bsl"], "adjustments_for": "both"})
    assert response.headers["Location"] == "/en/new/check"
    assert send(resident, "en").adjustments_for == "both"


def test_staff_log_an_advocates_complaint_with_the_residents_own_details(
    tracker: Flask, officer: FlaskClient
) -> None:
    client = officer
    typed = {
        "kind": "complaint",
        "channel": "letter",
        "received": "2026-11-16",
        "service_area": "housing-repairs",
        "language": "en",
        "description": "Mould in the bedroom since 2024.",
        "tenure": "tenant",
        "happened": "2024-03-01",
        "still_happening": "y",
        "on_behalf": "y",
        "behalf_name": "Grace Hopper",
        "behalf_relationship": "daughter",
        "behalf_address": "2 Station Road",
        "behalf_postcode": "ha1 2xy",
        "consent_basis": "cannot",
        "name": "Alan Hopper",
        "address": "9 Elm Close",
    }
    assert "Say why the resident cannot agree" in page(post(client, "/staff/cases/new", typed)).get_text()
    response = post(client, "/staff/cases/new", {**typed, "consent_reason": "Lacks capacity."})
    assert response.status_code == 302
    with tracker.app_context():
        case = Case.get(Case.channel == "letter")
    assert (case.behalf_address, case.behalf_postcode, case.consent_basis, case.consent_reason) == (
        "2 Station Road",
        "HA1 2XY",
        "cannot",
        "Lacks capacity.",
    )
    assert (case.name, case.consent_confirmed, case.still_happening, case.out_of_time) == (
        "Alan Hopper",
        False,
        True,
        False,
    )


# Anonymous senders, compliments and suggestions.


def test_an_anonymous_sender_is_not_asked_about_letters_nor_promised_a_reply(resident: FlaskClient) -> None:
    answers = {**COMPLAINT, "contact": {"contact_method": "anonymous"}}
    del answers["adjustments"]  # the form must not ask
    check = page(walk(resident, "en", answers)).get_text()
    assert "Help you need" not in check
    assert resident.get("/en/new/adjustments").status_code == 302
    send(resident, "en")
    done = page(resident.get("/en/new/done")).get_text(" ", strip=True)
    assert "Check back online with your reference and access code" in done
    assert "We will acknowledge your complaint" not in done and "and will tell you" not in done
    assert "You will need your reference and your access code." in done


def test_a_compliment_and_a_suggestion_are_worded_as_such(
    resident: FlaskClient, config: TrackerConfig
) -> None:
    for kind in ("compliment", "suggestion"):
        answers = {
            "kind": {"kind": kind},
            "area": {"service_area": "environment"},
            "details": {"description": "The bin crew were brilliant."},
            "evidence": {},
            "contact": {"contact_method": "email", "name": "Ada", "email": "ada@example.org"},
            "adjustments": {},
        }
        walk(resident, "en", answers)
        for step in ("area", "details", "evidence", "contact", "adjustments", "check"):
            main = page(resident.get(f"/en/new/{step}")).main.get_text(" ", strip=True)
            assert "we will still look into it" not in main and "complaint" not in main.lower(), (kind, step)
        send(resident, "en")
        done = page(resident.get("/en/new/done")).main.get_text(" ", strip=True)
        assert f"Check the progress of your {kind}" in done and "complaint" not in done.lower(), kind
        assert "if you gave us your details" not in done
        with resident.session_transaction() as session:
            session.clear()
    bodies = [
        email.message_from_bytes(f.read_bytes()).get_payload(decode=True).decode()  # type: ignore[union-attr]
        for f in sorted(Path(config.outbox_dir).glob("*.eml"))
    ]
    assert len(bodies) == 2
    for body in bodies:
        assert "complaint" not in body.lower() and "if you gave us your details" not in body, body


# Long answers: the limit said before typing, nothing cut.


def test_the_details_box_states_its_limit_and_keeps_a_long_answer_whole(resident: FlaskClient) -> None:
    walk(resident, "en", COMPLAINT)
    soup = page(resident.get("/en/new/details"))
    box = soup.select_one("#description")
    assert not box.has_attr("maxlength")  # a browser's maxlength cuts pasted text without a word
    hint = soup.select_one(f"#{box['aria-describedby'].split()[0]}").get_text()
    assert "You can write up to 5,000 characters." in hint
    pasted = "Mould." + " Mould." * 730  # 5,116 characters
    soup = page(post(resident, "/en/new/details", {"description": pasted}))
    assert "Your answer is 116 characters too long" in soup.select_one(".error-summary").get_text()
    assert soup.select_one("#description").get_text() == pasted
    soup = page(post(resident, "/en/new/details", {"description": "x" * 11_999}))
    assert (  # both numbers in the locale's format
        "Write 5,000 characters or fewer. Your answer is 6,999 characters too long."
        in soup.select_one(".error-summary").get_text()
    )


def test_every_limited_box_says_its_limit(resident: FlaskClient) -> None:
    walk(resident, "en", COMPLAINT)
    soup = page(resident.get("/en/new/outcome"))
    assert not soup.select("textarea[maxlength]")
    assert "You can write up to 2,000 characters." in soup.select_one("#outcome_wanted-hint").get_text()


def test_the_new_pages_are_valid_html(resident: FlaskClient, tmp_path: Path) -> None:
    walk(resident, "ar", {**COMPLAINT, **ADVOCATE})
    files = []
    for step in ("when", "behalf-details", "adjustments", "check"):
        path = tmp_path / f"{step}.html"
        path.write_text(resident.get(f"/ar/new/{step}").get_data(as_text=True), encoding="utf-8")
        files.append(path)
    send(resident, "ar")
    path = tmp_path / "done.html"
    path.write_text(resident.get("/ar/new/done").get_data(as_text=True), encoding="utf-8")
    assert validate([*files, path], tmp_path) == []


# Times of day in the reader's locale.


@pytest.mark.parametrize(
    ("lang", "opens", "closes"),
    [("gu", "9:00 સવારે", "5:00 સાંજે"), ("ta", "காலை 9:00", "மாலை 5:00"), ("en", "09:00", "17:00")],
)
def test_opening_hours_use_the_locales_words_for_the_time_of_day(
    tracker: Flask, lang: str, opens: str, closes: str
) -> None:
    from sitekit.i18n import format_clock

    locale = tracker.extensions["site"].language(lang).locale
    assert (format_clock(time(9), locale), format_clock(time(17), locale)) == (opens, closes)
    html = tracker.test_client().get(f"/{lang}/new/kind").get_data(as_text=True)
    footer = BeautifulSoup(html, "html.parser").select_one(".contact-help").get_text()
    assert opens in footer and closes in footer and "AM" not in footer and "PM" not in footer


def test_too_long_answers_about_the_resident_are_kept_and_explained(resident: FlaskClient) -> None:
    walk(resident, "en", {**COMPLAINT, **ADVOCATE})
    typed = {**ADVOCATE["behalf-details"], "behalf_name": "G" * 203, "behalf_postcode": "HA1 2XY EXTRA"}
    soup = page(post(resident, "/en/new/behalf-details?change=1", typed))
    errors = [a.get_text() for a in soup.select(".error-summary a")]
    assert errors == [
        "Write 200 characters or fewer. Your answer is 3 characters too long.",
        "Enter a real postcode, like HA1 2XY",
    ]
    assert soup.select_one("#behalf_name")["value"] == "G" * 203
    assert soup.select_one("#behalf_postcode")["value"] == "HA1 2XY EXTRA"


def test_too_long_counts_in_the_readers_number_format(resident: FlaskClient) -> None:
    """Portugal's format groups thousands with a no-break space: both numbers alike, as the hint is."""
    walk(resident, "pt", COMPLAINT)
    soup = page(post(resident, "/pt/new/details", {"description": "x" * 11_999}))
    assert (
        "Escreva até 5\u00a0000 caracteres. A sua resposta tem 6\u00a0999 caracteres a mais."
        in soup.select_one(".error-summary").get_text()
    )
