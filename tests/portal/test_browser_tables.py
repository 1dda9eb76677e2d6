"""Wide tables on a phone: the table scrolls inside its region, its caption stays on the screen, and a
shadow at the edge shows there is more to see (the only hint there is, since nothing else says so)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser import serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_wide_table_keeps_its_caption_on_screen_and_shows_it_scrolls(
    browser: Browser, base_url: str, lang: str
) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(f"{base_url}/{lang}/performance/2022-23/")
    regions = page.evaluate(
        """[...document.querySelectorAll('.table-scroll')].map(region => {
            const caption = region.querySelector('caption').getBoundingClientRect();
            return {scrolls: region.scrollWidth > region.clientWidth, left: caption.left,
                    right: caption.right, hint: getComputedStyle(region).backgroundImage};
        })"""
    )
    page.close()
    assert any(region["scrolls"] for region in regions), "no table is wider than a phone: test another page"
    for region in regions:
        assert region["left"] >= 0 and region["right"] <= 390, region
        assert region["hint"].count("gradient") == 4, region


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_self_assessment_stacks_each_row_on_a_phone(browser: Browser, base_url: str, lang: str) -> None:
    """Five columns at 390 px made a page some 17,000 px tall with the evidence off the screen: on a phone
    each provision is a block, every cell under its column's name, and nothing scrolls sideways."""
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(f"{base_url}/{lang}/performance/self-assessment/")
    found = page.evaluate(
        """(() => {
            const regions = [...document.querySelectorAll('.table-scroll')];
            const cell = document.querySelector('table.assessment tbody td[data-label]');
            return {page: document.documentElement.scrollWidth,
                    regions: regions.map(r => r.scrollWidth - r.clientWidth),
                    display: getComputedStyle(cell).display,
                    label: getComputedStyle(cell, '::before').content,
                    name: cell.dataset.label,
                    head: getComputedStyle(document.querySelector('table.assessment thead')).display};
        })()"""
    )
    page.close()
    assert found["page"] <= 390, found
    assert found["regions"] and all(extra <= 0 for extra in found["regions"]), found
    assert found["display"] == "block" and found["head"] == "none", found
    assert found["label"] == f'"{found["name"]}"', found
