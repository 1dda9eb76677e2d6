"""What residents type keeps its own direction on a right-to-left page: a Latin-script address typed on the
Arabic form reads "5 Kenton Road, Harrow", not "Kenton Road, Harrow 5". Every box for free text (names,
addresses, email, phone, postcode, descriptions) is dir="auto", and every answer on the check page is
isolated (bdi) within the right-to-left page's alignment."""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup, Tag
from flask import Flask
from flask.testing import FlaskClient

from tracker.models import Staff

from .conftest import COMPLAINT, csrf, page, post, sign_in, submit
from .test_staff import act
from .test_status import look_up

ANSWERS: dict[str, dict[str, Any]] = {
    **COMPLAINT,
    "details": {"description": "The boiler at 5 Kenton Road is broken."},
    "behalf": {"on_behalf": "yes"},
    "behalf-details": {
        "behalf_name": "Omar Haddad",
        "behalf_relationship": "My father",
        "behalf_address": "5 Kenton Road\nHarrow",
        "behalf_postcode": "HA3 3QT",
        "consent_basis": "agreed",
    },
    "contact": {
        "contact_method": "email",
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "phone": "020 8901 2630",
        "address": "5 Kenton Road\nHarrow",
        "postcode": "HA3 3QT",
    },
    "adjustments": {
        "formats": ["large-print", "other"],
        "adjustments_other": "Call after 5pm",
        "adjustments_for": "both",
    },
}

# Boxes that are not free text: the honeypot (hidden from people) and the day, month and year (numbers).
NOT_FREE_TEXT = {"website", "day", "month", "year"}


def typed_boxes(soup: BeautifulSoup) -> list[Tag]:
    boxes = soup.select(
        'main input[type="text"], main input[type="email"], main input[type="tel"], main textarea'
    )
    return [
        box for box in boxes if str(box.get("name")) not in NOT_FREE_TEXT and box.get("name") != "csrf_token"
    ]


def walk_arabic(client: FlaskClient) -> tuple[dict[str, BeautifulSoup], BeautifulSoup]:
    """Every page of the Arabic form on the way to the check page, by step, and the check page."""
    seen: dict[str, BeautifulSoup] = {}
    response = client.get("/ar/new/", follow_redirects=True)
    for _ in range(20):
        step = response.request.path.rsplit("/", 1)[-1]
        soup = page(response)
        assert soup.html is not None and soup.html.get("dir") == "rtl"
        if step == "check":
            return seen, soup
        seen[step] = soup
        response = post(client, response.request.path, ANSWERS[step], follow=True)
    raise AssertionError("the form never reached the check page")


def test_every_box_for_typed_text_on_the_arabic_form_is_dir_auto(tracker: Flask) -> None:
    pages, _check = walk_arabic(tracker.test_client())
    names: set[str] = set()
    for step, soup in pages.items():
        for box in typed_boxes(soup):
            assert box.get("dir") == "auto", (step, box.get("name"), box.get("dir"))
            names.add(str(box.get("name")))
    # The boxes the tester typed into are among them: names, addresses, email, phone, postcode, descriptions.
    assert {
        "description",
        "outcome_wanted",
        "behalf_name",
        "behalf_address",
        "behalf_postcode",
        "name",
        "email",
        "phone",
        "address",
        "postcode",
        "adjustments_other",
    } <= names, sorted(names)


def test_every_answer_on_the_arabic_check_page_is_isolated(tracker: Flask) -> None:
    _pages, check = walk_arabic(tracker.test_client())
    answers = [
        dd for dd in check.select("dl.summary-list dd") if "summary-action" not in (dd.get("class") or [])
    ]
    assert len(answers) > 10
    for answer in answers:
        # The answer keeps the page's alignment; what was typed is isolated in its own direction (bdi).
        assert answer.get("dir") is None and answer.find("bdi", recursive=False) is not None, answer
    shown = [" ".join(dd.get_text(" ", strip=True).split()) for dd in answers]
    assert any("5 Kenton Road" in text for text in shown), shown


def test_the_stage_2_reason_box_on_the_arabic_status_page_is_dir_auto(
    tracker: Flask, team: dict[str, Staff]
) -> None:
    case = submit(tracker.test_client(), "ar")
    staff = tracker.test_client()
    sign_in(staff, "asha")
    act(staff, case, "acknowledge", {"definition": "Boiler."})
    act(staff, case, "respond", {"outcome": "not_upheld", "reasons": "It was fixed."})
    client = tracker.test_client()
    look_up(client, case.reference, "HA3 3QT", lang="ar")
    soup = page(client.get("/ar/status/case"))
    assert csrf(soup)
    reason = soup.select_one('textarea[name="reason"]')
    assert reason is not None and reason.get("dir") == "auto"
    # The codes we issue keep their own direction on the look-up page.
    lookup = page(tracker.test_client().get("/ar/status/"))
    for code in ("reference", "secret"):
        box = lookup.select_one(f'input[name="{code}"]')
        assert box is not None and box.get("dir") == "ltr", code
