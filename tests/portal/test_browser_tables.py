"""Wide tables on a phone: the table scrolls inside its region, its caption stays on the screen, and a
shadow at the edge shows there is more to see (the only hint there is, since nothing else says so)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from sitekit.paths import ROOT
from tests.browser import serve

SCREENSHOTS = ROOT / "test-output" / "screenshots"

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


SCROLLED = """(rtl => [...document.querySelectorAll('.table-scroll')]
    .filter(region => region.scrollWidth > region.clientWidth)
    .map(region => {
        region.scrollIntoView({block: 'start'});
        region.scrollLeft = (rtl ? -1 : 1) * region.scrollWidth;  // to the far end
        const inside = box => box.left >= 0 && box.right <= window.innerWidth + 0.5;
        const rows = [...region.querySelectorAll('tbody th[scope=row]')]
            .map(th => th.getBoundingClientRect());
        return {id: region.getAttribute('aria-labelledby'), moved: Math.abs(region.scrollLeft),
                caption: inside(region.querySelector('caption').getBoundingClientRect()),
                rows: rows.length, outside: rows.filter(box => !inside(box)).length,
                background: getComputedStyle(region.querySelector('tbody th[scope=row]')).backgroundColor,
                // a figure that scrolled to where its row heading is goes under it, not over it
                on_top: document.elementFromPoint((rows[0].left + rows[0].right) / 2,
                    (rows[0].top + rows[0].bottom) / 2)?.closest('th[scope=row]')?.textContent ?? null,
                heading: region.querySelector('tbody th[scope=row]').textContent};
    }))"""


# The Arabic quarter's tables fit in 390 px (even 320): nothing there scrolls sideways to test.
@pytest.mark.parametrize(("lang", "slug"), [("en", "2022-23"), ("ar", "2022-23"), ("en", "2026-27-q1")])
def test_a_wide_tables_caption_and_row_headings_stay_on_screen_when_it_is_scrolled_to_its_end(
    browser: Browser, base_url: str, lang: str, slug: str
) -> None:
    """At 390 px the caption and the first column (service names) scrolled away with the figures, so a
    figure lost its label: scrolled to its far end, each region still shows its caption and every row's
    heading, in white over the figures passing under it, in both directions."""
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(f"{base_url}/{lang}/performance/{slug}/")
    page_width = page.evaluate("document.documentElement.scrollWidth")
    regions = page.evaluate(SCROLLED, lang == "ar")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{lang}-{slug}-tables-scrolled-390.png"), full_page=True)
    page.close()
    assert page_width <= 390, "the page itself scrolls sideways"
    assert regions, "no table is wider than a phone: test another page"
    for region in regions:
        assert region["moved"] > 0, region
        assert region["caption"] and region["rows"] and region["outside"] == 0, region
        assert region["background"] == "rgb(255, 255, 255)", region
        assert region["on_top"] == region["heading"], region
