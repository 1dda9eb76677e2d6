"""axe-core on every tracker page in every language: each page of the form (with its errors, and the
service-request and late-complaint pages it can lead to), check your answers, the confirmation, the status
lookup (with a mistyped reference) and the status page (before and after asking for stage 2), the error
pages; and every staff page, in English (staff pages are not translated). One browser; one context per
language; zero violations."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page

from sitekit.paths import ROOT
from sitekit.sitedata import load_site_data
from tests.browser import axe_violations, serve_app
from tracker.config import TrackerConfig
from tracker.models import Case, Staff

from .conftest import COMPLAINT, PASSWORD, submit

pytestmark = pytest.mark.browser
LANGS = [language.code for language in load_site_data(ROOT / "content").languages]
# Answers that lead off the usual path, given first at their page to see where they lead, then replaced.
DETOURS = {
    "reported": {"reported_before": "no"},  # a first report: the service-request page
    "when": {"day": "2", "month": "11", "year": "2024"},  # over 12 months ago: the late-complaint page
}
NO_EMPTY_SUBMIT = {"evidence", "adjustments"}  # optional pages: sending them empty moves on
# A hazard in a council home, so the walk reaches the page for the home's address.
WALK = {**COMPLAINT, "hazard": {"hazard": "yes", "at_risk": "yes"}}


@pytest.fixture
def config(config: TrackerConfig) -> TrackerConfig:
    """The shared fixture, with room for every language's lookups from one address."""
    return dataclasses.replace(config, lookup_limit="1000 per minute")


@pytest.fixture
def base_url(tracker: Flask) -> Iterator[str]:
    with serve_app(tracker) as url:
        yield url


class Checker:
    """Runs axe-core on the page as it is, and keeps what it found under a label."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.found: dict[str, list[tuple[str, list[Any]]]] = {}
        self.checked: list[str] = []

    def __call__(self, label: str) -> None:
        self.checked.append(label)
        if violations := axe_violations(self.page):
            self.found[f"{label} ({self.page.url})"] = violations


def _form(answers: dict[str, Any]) -> dict[str, str]:
    return {key: value[0] if isinstance(value, list) else str(value) for key, value in answers.items()}


def _post(context: BrowserContext, page: Page, answers: dict[str, Any]) -> str:
    """Send a page's form the way the browser would, with its CSRF token; returns where it led."""
    token = page.locator("input[name=csrf_token]").first.input_value()
    response = context.request.post(page.url, form={"csrf_token": token, **_form(answers)})
    assert response.status < 500, (page.url, response.status)
    return response.url


def _show(page: Page, html: str) -> None:
    """An error page that a request returned, shown at the tracker's address so its stylesheet loads."""
    page.set_content(html, wait_until="load")


@pytest.mark.parametrize("lang", LANGS)
def test_axe_on_every_resident_page(browser: Browser, base_url: str, tracker: Flask, lang: str) -> None:
    context = browser.new_context(bypass_csp=True)  # only so axe-core can be injected
    page = context.new_page()
    check = Checker(page)
    page.goto(f"{base_url}/{lang}/new/")
    for _ in range(30):
        step = page.url.rsplit("/", 1)[-1]
        if step == "check":
            break
        assert step in WALK, f"the form asked for '{step}', which WALK has no answer for"
        check(step)
        here = page.url
        if step not in NO_EMPTY_SUBMIT:
            page.locator("main form[method=post] button[type=submit]").last.click()
            page.wait_for_load_state()
            if page.url == here:
                check(f"{step}, with errors")
        page.goto(here)
        if step in DETOURS:
            led = _post(context, page, DETOURS[step])
            page.goto(led)
            check(f"after {step}: {led.rsplit('/', 1)[-1]}")
            page.goto(here)
        page.goto(_post(context, page, WALK[step]))
    else:
        raise AssertionError("the form never reached the check page")
    check("check your answers")
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_url(f"**/{lang}/new/done")
    check("confirmation")
    reference = page.locator(".reference").first.inner_text().strip()

    page.goto(f"{base_url}/{lang}/status/")
    check("status lookup")
    typo = reference[:-1] + ("3" if reference[-1] != "3" else "4")
    page.fill("#reference", typo)
    page.fill("#secret", "HA3 3QT")
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()
    check("status lookup, mistyped reference")
    page.fill("#reference", reference)
    page.fill("#secret", "HA3 3QT")
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_url(f"**/{lang}/status/case")
    check("status page")
    with tracker.app_context():  # stage 1 answered: the page offers stage 2
        Case.update(
            status="responded",
            acknowledged=date(2026, 11, 24),
            responded=date(2026, 11, 23),
            outcome="upheld",
        ).where(Case.reference == reference).execute()
    page.reload()
    check("status page, stage 2 offered")
    page.fill("#reason", "x" * 5001)
    page.locator("form[action$='/status/escalate'] button[type=submit]").click()
    page.wait_for_load_state()
    check("status page, stage 2 reason too long")
    page.fill("#reason", "")
    page.locator("form[action$='/status/escalate'] button[type=submit]").click()
    page.wait_for_url(f"**/{lang}/status/case")
    check("status page, stage 2 asked for")

    page.goto(f"{base_url}/{lang}/no-such-page")
    check("page not found")
    too_large = context.request.post(f"{base_url}/{lang}/new/details", form={"description": "x" * 70_000})
    assert too_large.status == 413
    _show(page, too_large.text())
    check("request too large")
    context.close()
    assert len(check.checked) >= 25, check.checked
    assert check.found == {}


def test_axe_on_every_staff_page(
    browser: Browser, base_url: str, tracker: Flask, team: dict[str, Staff]
) -> None:
    case = submit(tracker.test_client(), hazard={"hazard": "yes", "at_risk": "no"})
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    check = Checker(page)
    page.goto(f"{base_url}/staff/login")
    check("sign in")
    page.fill("#username", "asha")
    page.fill("#password", "not the password")
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()
    check("sign in, wrong password")
    page.fill("#username", "asha")
    page.fill("#password", PASSWORD)
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()
    check("queue")
    for label, path in (
        ("actions due", "/staff/actions"),
        ("find a case", f"/staff/find?q={case.reference}"),
        ("find, nothing found", "/staff/find?q=nobody"),
        ("log a case", "/staff/cases/new"),
        ("case page", f"/staff/cases/{case.reference}"),
    ):
        page.goto(base_url + path)
        check(label)
    page.goto(f"{base_url}/staff/cases/new")
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()
    check("log a case, with errors")
    page.goto(f"{base_url}/staff/cases/{case.reference}")
    page.click("details:has(form[action$='/acknowledge']) > summary")
    page.locator("form[action$='/acknowledge'] textarea").first.fill(
        "The boiler; the resident wants it fixed."
    )
    page.click("form[action$='/acknowledge'] button[type=submit]")
    page.wait_for_load_state()
    check("case page, acknowledged")
    page.click("details:has(form[action$='/hazard-kind']) > summary")
    page.select_option("select[name=hazard-kind-kind]", "damp_mould")
    page.click("form[action$='/hazard-kind'] button[type=submit]")
    page.wait_for_load_state()
    page.click("details:has(form[action$='/hazard-step']) > summary")
    assert "record the investigation first" in page.locator("#hazard-step-step-hint").inner_text()
    check("case page, hazard steps with why some are not offered")
    letter = page.locator("a[href*='/letters/']").first.get_attribute("href")
    assert letter
    page.goto(base_url + letter)
    check("letter")
    page.goto(f"{base_url}/staff/no-such-page")
    check("staff page not found")
    context.close()
    assert check.found == {}
