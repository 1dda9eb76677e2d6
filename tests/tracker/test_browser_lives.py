"""What only a browser shows of the journeys in issue 13: date fields and file rows in the reading direction
in right-to-left languages, fields revealed only under the option that needs them (without JavaScript),
and axe-core on the changed pages in every language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Browser, BrowserContext, Page

from sitekit.sitedata import load_site_data
from tests.browser import Violations, axe_violations, serve_app

from .conftest import COMPLAINT, send, walk
from .files import picture, upload

pytestmark = pytest.mark.browser

LANGUAGES = [language.code for language in load_site_data(Path("content")).languages]
ADVOCATE = {
    "behalf": {"on_behalf": "yes"},
    "behalf-details": {
        "behalf_name": "Grace Hopper",
        "behalf_relationship": "my mother",
        "behalf_address": "2 Station Road",
        "consent_basis": "agreed",
    },
    "adjustments": {"formats": ["large-print"], "adjustments_for": "advocate"},
}


@pytest.fixture
def base_url(tracker: Flask) -> Iterator[str]:
    with serve_app(tracker) as url:
        yield url


def in_browser(browser: Browser, base_url: str, client: FlaskClient, **options: object) -> BrowserContext:
    """A browser that carries on the form the test client has filled in (the same session)."""
    context = browser.new_context(**options)  # type: ignore[arg-type]
    cookie = client.get_cookie("session")
    assert cookie is not None
    context.add_cookies([{"name": "session", "value": cookie.value, "url": base_url}])
    return context


def left(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box["x"]


@pytest.mark.parametrize("lang", ["ar", "fa", "ur", "en"])
def test_date_fields_and_file_rows_run_in_the_reading_direction(
    browser: Browser, base_url: str, resident: FlaskClient, lang: str
) -> None:
    walk(resident, lang, COMPLAINT)
    upload(resident, [(picture("PNG"), "wall.png")], lang=lang)
    context = in_browser(browser, base_url, resident, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(f"{base_url}/{lang}/new/when")
    day, month, year = (left(page, f"#{name}") for name in ("day", "month", "year"))
    page.set_viewport_size({"width": 1280, "height": 800})  # a phone stacks a file's name over its size
    page.goto(f"{base_url}/{lang}/new/evidence")
    name, size = left(page, ".file-list dt"), left(page, ".file-list dd")
    context.close()
    if lang == "en":
        assert day < month < year and name < size
    else:  # right to left: the day is read first, at the right
        assert day > month > year and name > size


def test_fields_appear_only_under_the_option_that_needs_them(
    browser: Browser, base_url: str, resident: FlaskClient
) -> None:
    walk(resident, "en", {**COMPLAINT, **ADVOCATE})
    context = in_browser(browser, base_url, resident, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/en/new/behalf-details")
    assert page.locator("#behalf_name").is_visible()
    assert not page.locator("#consent_reason").is_visible()
    page.get_by_label("They cannot agree", exact=False).check()
    assert page.locator("#consent_reason").is_visible()
    page.goto(f"{base_url}/en/new/adjustments")
    assert not page.locator("#interpreter_language").is_visible()
    page.get_by_label("An interpreter in another language").check()
    assert page.locator("#interpreter_language").is_visible()
    # Refused for want of a reason: the reason's box is open at the error.
    page.goto(f"{base_url}/en/new/behalf-details")
    page.get_by_label("They cannot agree", exact=False).check()
    page.get_by_role("button", name="Continue").click()
    assert page.locator("#consent_reason").is_visible() and page.locator(".error-summary").is_visible()
    context.close()


def test_the_changed_pages_are_axe_clean_in_every_language(
    browser: Browser, base_url: str, resident: FlaskClient
) -> None:
    walk(resident, "en", {**COMPLAINT, **ADVOCATE})
    context = in_browser(browser, base_url, resident, bypass_csp=True)  # only so axe-core can be injected
    page = context.new_page()
    found: dict[str, Violations] = {}
    for lang in LANGUAGES:
        for step in ("details", "when", "behalf", "behalf-details", "contact", "adjustments", "check"):
            page.goto(f"{base_url}/{lang}/new/{step}")
            if step == "behalf-details":
                page.locator("input[name=consent_basis][value=cannot]").check()  # the reason shown too
            found[page.url] = axe_violations(page)
    context.close()
    send(resident, "en")
    context = in_browser(browser, base_url, resident, bypass_csp=True)
    page = context.new_page()
    for lang in LANGUAGES:
        page.goto(f"{base_url}/{lang}/new/done")
        found[page.url] = axe_violations(page)
    context.close()
    assert len(found) == len(LANGUAGES) * 8
    assert {url: ids for url, ids in found.items() if ids} == {}
