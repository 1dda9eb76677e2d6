"""A resident sends a complaint using the keyboard alone, in Chromium, with axe-core on every page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page

from tests.browser import Violations, axe_violations, serve_app
from tracker.models import Case

from .conftest import submit

pytestmark = pytest.mark.browser


@pytest.fixture
def base_url(tracker: Flask) -> Iterator[str]:
    with serve_app(tracker) as url:
        yield url


class Resident:
    """Drives a page with the keyboard only, checking each new page with axe-core."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.checked: dict[str, Violations] = {}

    def check(self) -> None:
        self.checked[self.page.url] = axe_violations(self.page)

    def tab_to(self, selector: str) -> None:
        for _ in range(80):
            self.page.keyboard.press("Tab")
            if self.page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tab never reached {selector} on {self.page.url}")

    def choose(self, name: str, index: int) -> None:
        """Tab into a group of radios, then arrow keys to the option (Space for the first)."""
        self.tab_to(f"input[name={name}]")
        if index == 0:
            self.page.keyboard.press("Space")
        for _ in range(index):
            self.page.keyboard.press("ArrowDown")

    def type_into(self, selector: str, text: str) -> None:
        self.tab_to(selector)
        self.page.keyboard.type(text)

    def tick(self, selector: str) -> None:
        self.tab_to(selector)
        self.page.keyboard.press("Space")

    def submit(self, button: str = "button[type=submit]") -> None:
        self.tab_to(button)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        self.check()

    def about_the_problem(
        self, tenure: int, hazard: int, description: str, at_risk: int | None = None
    ) -> None:
        """From the first page to the details: a complaint about housing repairs (so the tenure question
        follows), reported before, the tenure and hazard options given, and the description."""
        self.choose("kind", 0)
        self.submit()
        self.choose("service_area", 0)
        self.submit()
        self.choose("reported_before", 0)
        self.submit()
        self.choose("tenure", tenure)
        self.submit()
        self.choose("hazard", hazard)
        if at_risk is not None:  # revealed under the yes: who is especially at risk
            self.choose("at_risk", at_risk)
        self.submit()
        self.type_into("#description", description)
        self.submit()

    def about_the_outcome(self, outcome: str) -> None:
        """From the date to the contact details: October 2026, the outcome wanted, not on someone's behalf,
        and contact by email as Ada."""
        self.type_into("#month", "10")
        self.type_into("#year", "2026")
        self.submit()
        self.type_into("#outcome_wanted", outcome)
        self.submit()
        self.choose("on_behalf", 0)
        self.submit()
        self.choose("contact_method", 0)
        self.type_into("#name", "Ada Lovelace")
        self.type_into("#email", "ada@example.org")
        self.submit()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_complaint_by_keyboard_alone(browser: Browser, base_url: str, tracker: Flask, lang: str) -> None:
    context = browser.new_context(bypass_csp=True)  # only so axe-core can be injected
    page = context.new_page()
    resident = Resident(page)
    page.goto(f"{base_url}/{lang}/new/kind")
    resident.check()

    resident.submit()  # nothing chosen: the error summary, which takes focus
    assert page.locator(".error-summary").is_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    # "I don't know" is an answer to the tenure; no damp, mould or danger.
    resident.about_the_problem(tenure=4, hazard=1, description="The lift has been broken since October.")
    resident.submit("button[value=continue]")  # no photos or documents
    resident.about_the_outcome("Repair the lift.")
    resident.tick("#formats-0")
    resident.submit()
    assert page.url.endswith(f"/{lang}/new/check")
    resident.submit()
    assert page.url.endswith(f"/{lang}/new/done")

    reference = page.locator(".reference").first.inner_text()
    with tracker.app_context():
        case = Case.get(Case.reference == reference)
        assert (case.description, case.language, case.formats, case.tenure) == (
            "The lift has been broken since October.",
            lang,
            "large-print",
            "unknown",
        )
    page.goto(f"{base_url}/{lang}/status/")
    resident.check()
    resident.type_into("#reference", reference.lower())
    resident.type_into("#secret", "ada@example.org")
    resident.submit()
    assert page.url.endswith(f"/{lang}/status/case")
    context.close()
    assert {url: ids for url, ids in resident.checked.items() if ids} == {}
    assert len(resident.checked) >= 12


# The middle of each line of text in the confirmation panel: its heading, "Your reference is" and the
# reference, measured on the text itself (a paragraph's box is only as wide as the page's measure).
PANEL_MIDDLES = """[...document.querySelectorAll('.panel > *')].map(e => {
    const range = document.createRange();
    range.selectNodeContents(e);
    const box = range.getBoundingClientRect();
    return [e.textContent.trim(), (box.left + box.right) / 2];
})"""


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("width", [390, 1280])
def test_the_confirmation_panel_is_centred_together(
    browser: Browser, base_url: str, tracker: Flask, lang: str, width: int
) -> None:
    client = tracker.test_client()
    submit(client, lang)
    html = client.get(f"/{lang}/new/done").get_data(as_text=True)
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.route(
        f"{base_url}/{lang}/new/done", lambda route: route.fulfill(body=html, content_type="text/html")
    )
    page.goto(f"{base_url}/{lang}/new/done")
    middles = page.evaluate(PANEL_MIDDLES)
    panel = page.evaluate(
        "(b => (b.left + b.right) / 2)(document.querySelector('.panel').getBoundingClientRect())"
    )
    page.close()
    assert len(middles) == 3
    assert [text for text, middle in middles if abs(middle - panel) > 2] == [], (panel, middles)
