"""The survey at closure in Chromium, by keyboard alone, with axe-core on each of its pages (English and
Arabic), and screenshots at a phone's and a desktop's width."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser

from tests.browser import Violations, axe_violations, serve_app
from tracker.models import Staff, Survey
from tracker.survey import token_hash

from .aftercare_helpers import new_case
from .conftest import sign_in_browser

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SCREENSHOTS")  # a folder: save screenshots there to look at


@pytest.fixture
def base_url(tracker: Flask) -> Iterator[str]:
    with serve_app(tracker) as url:
        yield url


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_survey_by_keyboard_is_axe_clean(
    browser: Browser, base_url: str, tracker: Flask, lang: str
) -> None:
    token = f"a-browser-test-token-{lang}-0123456789abcdef"
    with tracker.app_context():
        case = new_case(date(2026, 9, 1), status="closed", language=lang)
        survey = Survey.create(
            case=case, token_hash=token_hash(token), language=lang, sent_on=date(2026, 11, 23)
        )
    context = browser.new_context(bypass_csp=True)  # only so axe-core can be injected
    page = context.new_page()
    violations: dict[str, Violations] = {}

    def check(name: str) -> None:
        violations[name] = axe_violations(page)
        if SHOTS:
            for width in (390, 1280):
                page.set_viewport_size({"width": width, "height": 900})
                page.screenshot(path=str(Path(SHOTS) / f"survey-{lang}-{name}-{width}.png"), full_page=True)

    page.goto(f"{base_url}/{lang}/survey/{token}")
    check("question")
    page.keyboard.press("Tab")
    for _ in range(30):  # Tab to the radios, then choose with the arrow keys: the fourth is "Dissatisfied"
        if page.evaluate("document.activeElement.name === 'score'"):
            break
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # nothing chosen yet: the form says what is missing
    check("error")
    assert page.locator(".error-summary").is_visible()
    page.locator("input[name=score]").first.focus()
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    page.locator("textarea[name=comment]").focus()
    page.keyboard.type("Slow to reply.")
    page.locator("button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check("thanks")
    page.goto(f"{base_url}/{lang}/survey/{token}")
    check("used")
    context.close()
    with tracker.app_context():
        answered = Survey.get_by_id(survey.id)
        assert (answered.score, answered.comment) == (2, "Slow to reply.")
    assert violations == {name: [] for name in ("question", "error", "thanks", "used")}, violations


def test_the_new_case_actions_are_axe_clean(
    browser: Browser, base_url: str, tracker: Flask, team: dict[str, Staff]
) -> None:
    """A manager's case page with the restriction form open (warning before the procedure is exhausted), a
    restricted case's page with its review form open, and a compliment's page with its pass-on form open."""
    with tracker.app_context():
        complaint = new_case(date(2026, 11, 2), status="acknowledged")
        compliment = new_case(date(2026, 11, 2), kind="compliment", status="acknowledged")
        restricted = new_case(
            date(2026, 9, 1),
            status="closed",
            restriction_reason="Forty calls in a week.",
            restriction_kind="letters_only",
            restriction_review=date(2026, 11, 23),
        )
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    sign_in_browser(page, base_url, "mia")
    found = {}
    for name, case, action in (
        ("restrict", complaint, "restrict"),
        ("review", restricted, "review-restriction"),
        ("compliment", compliment, "compliment"),
    ):
        page.goto(f"{base_url}/staff/cases/{case.reference}")
        page.locator(f"form[action$='/{action}']").locator("xpath=..").evaluate("d => d.open = true")
        found[name] = axe_violations(page)
        if SHOTS:
            page.set_viewport_size({"width": 1280, "height": 900})
            page.locator(f"form[action$='/{action}']").scroll_into_view_if_needed()
            page.screenshot(path=str(Path(SHOTS) / f"staff-{name}-1280.png"), full_page=False)
    context.close()
    assert found == {"restrict": [], "review": [], "compliment": []}, found


def test_the_survey_is_answered_without_javascript(browser: Browser, base_url: str, tracker: Flask) -> None:
    """With the page's scripts off, in the resident's language (Polish): choose, comment, send; once."""
    token = "a-browser-test-token-without-javascript-0123456789"
    with tracker.app_context():
        case = new_case(date(2026, 9, 1), status="closed", language="pl")
        survey = Survey.create(
            case=case, token_hash=token_hash(token), language="pl", sent_on=date(2026, 11, 23)
        )
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/pl/survey/{token}")
    assert page.locator("html").get_attribute("lang") == "pl"
    assert page.locator("input[name=score]").count() == 5
    page.locator("input[name=score][value='5']").check()
    page.fill("textarea[name=comment]", "Dziękuję.")
    with page.expect_navigation():
        page.locator("button[type=submit]").click()
    assert page.locator("form input[name=score]").count() == 0  # thanked, not asked again
    again = page.goto(f"{base_url}/pl/survey/{token}")
    assert again is not None and again.status == 410 and page.locator("form").count() == 0
    context.close()
    with tracker.app_context():
        answered = Survey.get_by_id(survey.id)
        assert (answered.score, answered.comment, answered.answered_on) == (
            5,
            "Dziękuję.",
            date(2026, 11, 23),
        )
