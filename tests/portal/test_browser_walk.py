"""What only a browser shows of the portal walk (issue 13): chart labels readable on a phone, the policy's
"back to contents" links visible on a phone, and screenshots of a period page, the policy and the contact
page at 390 and 1280 px in English and Arabic, in test-output/screenshots/, for a person to look at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from sitekit.paths import ROOT
from tests.browser import serve

pytestmark = pytest.mark.browser
SCREENSHOTS = ROOT / "test-output" / "screenshots"
PERIOD = "/{lang}/performance/2026-27-q2/"

# Every text of every chart: the size it is drawn at on screen (its font size times the scale the SVG is
# drawn at), and whether it stays inside its chart.
CHART_TEXTS = """[...document.querySelectorAll('svg.chart text')].map(t => {
    const svg = t.ownerSVGElement.getBoundingClientRect(), box = t.getBoundingClientRect();
    const scale = t.getScreenCTM().a;
    return {text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize) * scale,
            height: box.height, inside: box.left >= svg.left - 0.5 && box.right <= svg.right + 0.5};
})"""


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("width", [390, 1280])
def test_chart_labels_are_at_least_12_px_and_fit(
    browser: Browser, base_url: str, lang: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(base_url + PERIOD.format(lang=lang))
    texts = page.evaluate(CHART_TEXTS)
    page.close()
    assert len(texts) == 2 * (3 + 10)  # a label and a value for each outcome and each service
    small = [(t["text"], round(t["size"], 1)) for t in texts if t["size"] < 12 or t["height"] < 12]
    assert small == [], f"chart text under 12 px at {width} px"
    outside = [t["text"] for t in texts if not t["inside"]]
    assert outside == [], f"chart text cut off at {width} px"


# Each chart's labels (a label, its bar, its value, row by row): the label's box against the chart's and
# against every bar of the chart.
CHART_LABELS = """[...document.querySelectorAll('svg.chart')].flatMap(svg => {
    const chart = svg.getBoundingClientRect();
    const bars = [...svg.querySelectorAll('rect')].map(r => r.getBoundingClientRect());
    return [...svg.querySelectorAll('text')].filter((t, i) => i % 2 === 0).map(t => {
        const box = t.getBoundingClientRect();
        const overlaps = bars.filter(b => box.bottom > b.top + 0.5 && box.top < b.bottom - 0.5
            && box.right > b.left && box.left < b.right).length;
        return {text: t.textContent, overlaps,
                inside: box.top >= chart.top - 0.5 && box.bottom <= chart.bottom + 0.5
                    && box.left >= chart.left - 0.5 && box.right <= chart.right + 0.5};
    });
})"""


@pytest.mark.parametrize("lang", ["ur", "ar", "fa", "en", "bg", "gu", "pl", "pt", "ro", "so", "ta"])
def test_chart_labels_are_not_clipped_nor_over_a_bar(browser: Browser, base_url: str, lang: str) -> None:
    """Nastaliq (Urdu) needs a much taller line than Latin script, and Naskh (Arabic, Farsi) a taller one;
    a long service name in Portuguese or Tamil is wider than a phone: the SVG clips what is outside it, so
    a label's box must be inside it and clear of every bar."""
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto(base_url + PERIOD.format(lang=lang))
    page.evaluate("document.fonts.ready")
    labels = page.evaluate(CHART_LABELS)
    page.close()
    assert len(labels) == 3 + 10
    assert [t["text"] for t in labels if not t["inside"]] == [], f"{lang}: label cut off by its chart"
    assert [t["text"] for t in labels if t["overlaps"]] == [], f"{lang}: label over a bar"


def test_policy_back_to_contents_links_are_visible_on_a_phone(browser: Browser, base_url: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(base_url + "/en/policy/")
    links = page.locator("p.back-to-contents a")
    assert links.count() > 20
    last = links.nth(links.count() - 1)
    last.scroll_into_view_if_needed()
    assert last.is_visible() and last.bounding_box()["height"] >= 24  # type: ignore[index]
    last.click()
    assert page.evaluate("location.hash") == "#contents"
    top = page.evaluate("document.getElementById('contents').getBoundingClientRect().top")
    page.close()
    assert -1 <= top < 100


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(
    "name,url", [("period", PERIOD), ("policy", "/{lang}/policy/"), ("contact", "/{lang}/contact/")]
)
def test_screenshot(browser: Browser, base_url: str, lang: str, width: int, name: str, url: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(base_url + url.format(lang=lang))
    # the part the walk was about at the top of the screen: a chart, a section's end, the new routes
    target = {"period": "#outcomes", "policy": "p.back-to-contents", "contact": "#visit"}[name]
    page.evaluate("(s) => document.querySelector(s).scrollIntoView()", target)
    page.screenshot(path=str(SCREENSHOTS / f"{lang}-{name}-{width}.png"))
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.close()
    assert overflow <= 0


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_home_pages_link_lists_are_indented_alike(browser: Browser, base_url: str, lang: str) -> None:
    """The last list (the performance pages, added by the template) starts where the Markdown lists do."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{base_url}/{lang}/")
    starts = page.evaluate(
        """[...document.querySelectorAll('.page-home > ul')].map(ul => {
            const box = ul.querySelector('li').getBoundingClientRect();
            return document.dir === 'rtl' ? Math.round(box.right) : Math.round(box.left);
        })"""
    )
    page.close()
    assert len(starts) >= 4 and len(set(starts)) == 1, starts


def test_the_sample_data_tag_reads_as_a_label_not_a_button(browser: Browser, base_url: str) -> None:
    """A box drawn all round a bold word, taller than the text line, reads as a button (the walk, at 390
    px): the tag has no border above or below, and is no taller than the line it sits in."""
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto(f"{base_url}/en/performance/")
    tags = page.evaluate(
        """[...document.querySelectorAll('.periods li strong')].map(tag => {
            const style = getComputedStyle(tag), link = tag.parentElement.querySelector('a');
            return {text: tag.textContent, top: style.borderTopWidth, bottom: style.borderBottomWidth,
                    height: tag.getBoundingClientRect().height,
                    line: parseFloat(getComputedStyle(link).lineHeight),
                    smaller: parseFloat(style.fontSize) < parseFloat(getComputedStyle(link).fontSize)};
        })"""
    )
    page.close()
    assert tags and {tag["text"] for tag in tags} == {"Sample data"}
    assert [t for t in tags if t["top"] != "0px" or t["bottom"] != "0px" or t["height"] > t["line"]] == []
    assert all(tag["smaller"] for tag in tags)
