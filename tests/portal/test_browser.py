"""What only a browser shows: axe-core over every page in every language, reflow, focus, and a screenshot."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from sitekit.paths import ROOT
from sitekit.sitedata import SiteData
from tests.browser import axe_violations, serve

pytestmark = pytest.mark.browser
SCREENSHOTS = ROOT / "test-output" / "screenshots"


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


def page_urls(built_site: Path) -> list[str]:
    return [
        "/" + p.relative_to(built_site).as_posix().removesuffix("index.html")
        for p in sorted(built_site.rglob("*.html"))
    ]


def test_axe_finds_no_violations_on_any_page(browser: Browser, base_url: str, built_site: Path) -> None:
    page = browser.new_page()
    failures = {}
    urls = page_urls(built_site)
    assert any(u.startswith("/ar/") for u in urls) and any(u.startswith("/en/") for u in urls)
    for url in urls:
        page.goto(base_url + url)
        if found := axe_violations(page):
            failures[url] = found
    page.close()
    assert failures == {}


@pytest.mark.parametrize("url", ["/en/policy/", "/ar/how-to-complain/", "/ar/contact/", "/en/contact/"])
def test_pages_reflow_at_320_px(browser: Browser, base_url: str, url: str) -> None:
    page = browser.new_page(viewport={"width": 320, "height": 640})
    page.goto(base_url + url)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.close()
    assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at 320px wide"


def test_keyboard_reaches_skip_link_first_and_focus_is_visible(browser: Browser, base_url: str) -> None:
    page = browser.new_page()
    page.goto(base_url + "/ar/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content"
    page.close()


def test_links_are_at_least_24_px_targets(browser: Browser, base_url: str) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(base_url + "/en/contact/")
    small = page.evaluate(
        """[...document.querySelectorAll('header a, footer a, .contact-card a')]
            .map(a => [a.textContent.trim(), a.getBoundingClientRect().height])
            .filter(([, h]) => h < 24)"""
    )
    page.close()
    assert small == []


@pytest.mark.parametrize(
    "path", ["/en/how-to-complain/", "/en/performance/2022-23/", "/ar/performance/2022-23/"]
)
def test_nothing_is_fixed_or_sticky(browser: Browser, base_url: str, path: str) -> None:
    """Nothing fixed, and nothing sticky that covers text as the page scrolls down (WCAG reflow). The one
    exception: a wide table's caption and row headings keep to the start edge of their .table-scroll region
    as it scrolls sideways, and only sideways (no top or bottom)."""
    page = browser.new_page()
    page.goto(base_url + path)
    found = page.evaluate(
        """[...document.querySelectorAll('*')]
            .filter(e => ['fixed', 'sticky'].includes(getComputedStyle(e).position))
            .map(e => {
                const style = getComputedStyle(e);
                const sideways = style.position === 'sticky'
                    && style.top === 'auto' && style.bottom === 'auto'
                    && e.parentElement.closest('.table-scroll') !== null
                    && (e.matches('caption') || e.matches('th[scope=row]'));
                return {tag: e.tagName, sideways};
            })"""
    )
    page.close()
    stuck = [element["tag"] for element in found if not element["sideways"]]
    assert stuck == []
    if "performance" in path:
        assert {element["tag"] for element in found} == {"CAPTION", "TH"}, "the tables' labels do not stick"


@pytest.mark.parametrize("lang", ["ar", "ur", "gu", "ta", "fa", "en"])
@pytest.mark.parametrize("width", [375, 1280])
def test_screenshot(browser: Browser, base_url: str, site_data: SiteData, lang: str, width: int) -> None:
    """Screenshots of how to complain, in test-output/screenshots/, for a person to look at for boxes,
    clipped text and mirroring. The test checks the direction and that nothing scrolls sideways."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{base_url}/{lang}/how-to-complain/")
    page.screenshot(path=str(SCREENSHOTS / f"{lang}-how-to-complain-{width}.png"), full_page=False)
    direction = page.evaluate("getComputedStyle(document.body).direction")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    fonts = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    page.close()
    language = site_data.language(lang)
    assert language is not None and direction == language.dir  # from languages.yaml
    assert overflow <= 0
    expected = {
        "ur": "Noto Nastaliq Urdu",
        "gu": "Noto Sans Gujarati",
        "ta": "Noto Sans Tamil",
        "ar": "Noto Naskh Arabic",
    }
    if lang in expected:
        assert fonts.strip('"').startswith(expected[lang])
