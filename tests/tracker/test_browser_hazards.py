"""The hazard clock and the safeguarding lead in a browser: the case page, the queue and the resident's status
page with a hazard step overdue, checked with axe-core."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from flask import Flask
from playwright.sync_api import Browser

from tests.browser import serve_app
from tracker import clock
from tracker.models import Staff

from .conftest import submit
from .test_browser_casework import Handler

pytestmark = pytest.mark.browser


@pytest.fixture
def base_url(tracker: Flask) -> Iterator[str]:
    with serve_app(tracker) as url:
        yield url


def test_the_hazard_clock_and_safeguarding_pages_are_accessible(
    browser: Browser, base_url: str, tracker: Flask, team: dict[str, Staff], monkeypatch: pytest.MonkeyPatch
) -> None:
    case = submit(tracker.test_client(), hazard={"hazard": "yes", "at_risk": "unknown"})
    context = browser.new_context(bypass_csp=True)  # only so axe-core can be injected
    officer = Handler(context.new_page())
    officer.sign_in(base_url, "mia")  # the safeguarding lead by default: the first manager
    officer.page.goto(f"{base_url}/staff/cases/{case.reference}")
    officer.check()
    officer.action("hazard-kind", {"kind": "damp_mould"})
    officer.action("safeguarding", {"concern": "A baby in a room with black mould."})
    assert "With Mia Novak, the safeguarding lead." in officer.page.locator("main").inner_text()
    monkeypatch.setattr(clock, "today", lambda: date(2026, 12, 8))  # the investigation was due on the 7th
    officer.page.goto(f"{base_url}/staff/")
    officer.check()
    assert officer.page.locator("#safeguarding-first").is_visible()
    assert officer.page.locator("#hazards-first").is_visible()
    officer.page.goto(f"{base_url}/staff/cases/{case.reference}")
    officer.action("safeguarding-done", {"action": "Visited; referred to children's services."})
    officer.page.goto(f"{base_url}/staff/")
    assert officer.page.locator("#safeguarding-first").count() == 0
    resident = Handler(context.new_page())
    for lang in ("en", "ar"):
        resident.page.goto(f"{base_url}/{lang}/status/")
        resident.page.fill("#reference", case.reference)
        resident.page.fill("#secret", "ada@example.org")
        resident.page.locator("main form button").first.click()
        assert resident.page.locator("#hazard-steps").is_visible()
        resident.check()
        resident.page.locator("form.leave button").click()
    context.close()
    assert officer.violations == {} and resident.violations == {}
