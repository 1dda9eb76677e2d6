"""The queue on a phone (issue 13): at 390 px an officer sees each case's reference, next date and working
days left without scrolling sideways, also for the widest rows (a hazard with someone at risk, a statutory
social-care case); the columns after them may scroll."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser

from tests.browser import serve_app
from tracker.models import Staff

from .conftest import sign_in_browser, submit

pytestmark = pytest.mark.browser

# Each row's first three cells: how far their right edge is from the screen's, and whether they are drawn.
FIRST_CELLS = """() => [...document.querySelectorAll('table.queue tr')].map(row =>
    [...row.children].slice(0, 3).map(cell => {
        const box = cell.getBoundingClientRect();
        return {text: cell.textContent.trim(), right: box.right, width: box.width};
    }))"""


@pytest.fixture
def base_url(tracker: Flask) -> Iterator[str]:
    with serve_app(tracker) as url:
        yield url


def test_the_queue_shows_its_deadline_columns_on_a_phone(
    browser: Browser, base_url: str, tracker: Flask, team: dict[str, Staff]
) -> None:
    submit(tracker.test_client())
    submit(tracker.test_client(), hazard={"hazard": "yes", "at_risk": "yes"})
    submit(tracker.test_client(), area={"service_area": "adult-social-care"})
    tab = browser.new_page(viewport={"width": 390, "height": 900})
    sign_in_browser(tab, base_url)
    tab.goto(f"{base_url}/staff/")
    rows = tab.evaluate(FIRST_CELLS)
    screen = tab.evaluate("document.documentElement.clientWidth")
    overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    tab.close()
    assert [cell["text"] for cell in rows[0]] == ["Reference", "Next date", "Working days left"]
    assert len(rows) == 4 and any("Set by law" in row[1]["text"] for row in rows)
    assert any("Someone at risk" in row[0]["text"] for row in rows)
    hidden = [
        (row[0]["text"][:14], cell["text"][:30], round(cell["right"]))
        for row in rows
        for cell in row
        if cell["right"] > screen or cell["width"] < 40
    ]
    assert hidden == [], f"deadline columns off a {screen} px screen"
    assert overflow <= 0  # the page itself does not scroll sideways: only the table's region does
