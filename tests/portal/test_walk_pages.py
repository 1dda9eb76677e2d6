"""What a walk through the portal found (issue 13): each measure explained in a plain sentence, the headline's
scope said, social care never shown as "0 responses", the policy's "back to contents" links, and the contact
page's routes for visiting, data protection, Relay UK and British Sign Language, in every language."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from sitekit.paths import ROOT
from sitekit.sitedata import load_site_data

LANGS = list(load_site_data(ROOT / "content").codes)  # every language in content/site/languages.yaml
PERIOD = "/{lang}/performance/2026-27-q2/"


def _table(soup: BeautifulSoup, table_id: str) -> dict[str, list[str]]:
    rows = soup.select(f"#caption-{table_id} ~ tbody tr")
    return {row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")] for row in rows}


@pytest.mark.parametrize("url", [PERIOD.format(lang="en"), "/en/performance/2025-26/annual-report/"])
def test_ch01_and_ch02_each_have_a_plain_sentence_under_the_regulators_table(
    site_pages: dict[str, BeautifulSoup], url: str
) -> None:
    soup = site_pages[url]
    meanings = soup.select("dl.measure-meanings > div")
    assert [m.dt.get_text(strip=True) for m in meanings] == ["CH01", "CH02"]
    ch01, ch02 = (m.dd.get_text(" ", strip=True) for m in meanings)
    assert "every 1,000 homes" in ch01 and ch01.count(".") == 1
    assert "within the time" in ch02 and ch02.count(".") == 1
    # under the regulator's table, before the next table's heading
    regulator = soup.select_one("#caption-regulator").find_parent("div")
    assert regulator.find_next("dl") is soup.select_one("dl.measure-meanings")


def test_the_headline_says_it_counts_council_homes_only(site_pages: dict[str, BeautifulSoup]) -> None:
    soup = site_pages[PERIOD.format(lang="en")]
    scope = soup.select_one("#headlines + p")
    assert "council homes only" in scope.get_text()
    assert scope.find_next("table") is soup.select_one("#caption-headlines").parent
    # and the table by service, which counts every service, says so too
    assert "Every complaint" in soup.select_one("#service_areas + p.rule").get_text()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_social_care_rows_say_they_are_not_measured_never_zero(
    site_pages: dict[str, BeautifulSoup], lang: str
) -> None:
    soup = site_pages[PERIOD.format(lang=lang)]
    cells = [cells for name, cells in _table(soup, "service_areas").items() if cells[1] == cells[2]]
    social = [cells for cells in cells if not cells[1][:1].isdigit()]
    assert len(social) == 2  # adult social care and children's services
    for _received, responses, _in_time in social:
        assert responses not in ("0", "\u2013", "") and not responses[:1].isdigit()
    if lang == "en":
        assert social[0][1] == "not measured against a code"


@pytest.mark.parametrize("lang", LANGS)
def test_every_policy_section_ends_with_a_link_back_to_the_contents(
    site_pages: dict[str, BeautifulSoup], lang: str
) -> None:
    article = site_pages[f"/{lang}/policy/"].select_one("article")
    sections = article.select("article > h2[id]:not(#contents)")
    links = article.select("p.back-to-contents a")
    assert len(sections) > 20 and len(links) == len(sections)
    assert {a["href"] for a in links} == {"#contents"}
    for heading in sections[1:]:  # each section after the first is preceded by the previous one's link
        assert heading.find_previous_sibling().get("class") == ["back-to-contents"], heading["id"]
    assert article.find_all(recursive=False)[-1].get("class") == ["back-to-contents"]
    assert article.select_one("nav.contents #contents")
    if lang != "en":
        assert links[0].get_text() != "Back to contents", "the link is in the reader's language"


def test_a_page_without_contents_has_no_back_links(site_pages: dict[str, BeautifulSoup]) -> None:
    assert not site_pages["/en/contact/"].select("p.back-to-contents")


@pytest.mark.parametrize("lang", LANGS)
def test_the_contact_page_gives_visiting_data_protection_relay_uk_and_bsl(
    site_pages: dict[str, BeautifulSoup], lang: str
) -> None:
    soup = site_pages[f"/{lang}/contact/"]
    for anchor in ("visit", "data-protection", "relay-uk", "bsl"):
        section = soup.find(id=anchor)
        assert section is not None and section.name == "h2", anchor
    text = soup.select_one("article").get_text(" ", strip=True)
    assert "18001 020 8901 2630" in text  # Relay UK: 18001 before our number
    relay = soup.select_one('article a[href="tel:1800102089012630"]')
    assert relay is not None and relay.get_text() == "18001 020 8901 2630"
    # in every language a phone number reads in its groups, left to right (not "2630 8901 020")
    assert all(a.get("dir") == "ltr" for a in soup.select('article a[href^="tel:"]'))
    # no invented numbers: every phone number on the page is one from the policy or Relay UK's prefix
    numbers = {a["href"] for a in soup.select('article a[href^="tel:"]')}
    known = {"tel:02089012630", "tel:1800102089012630", "tel:03001113000", "tel:03000610614"}
    known |= {"tel:03000616161", "tel:03031231113", "tel:08001448848"}
    assert numbers <= known, numbers - known


def test_contact_pages_exist_in_every_language() -> None:
    for lang in LANGS:
        assert (ROOT / "content" / "pages" / lang / "contact.md").is_file(), lang


@pytest.mark.parametrize(("lang", "stage"), [("en", "Stage 1"), ("ar", "المرحلة 1")])
def test_the_outcomes_chart_says_it_draws_stage_1_only(
    site_pages: dict[str, BeautifulSoup], lang: str, stage: str
) -> None:
    """The chart draws stage 1's outcomes; the table under it has stage 2's too, so the caption a sighted
    reader sees says which (before, only the chart's text alternative did)."""
    soup = site_pages[PERIOD.format(lang=lang)]
    caption = soup.select_one("#chart-outcomes").find_parent("figure").figcaption.get_text(" ", strip=True)
    assert stage in caption
    headers = [th.get_text(strip=True) for th in soup.select("#caption-outcomes ~ thead th")]
    assert stage in headers and len(headers) == 3  # the table: outcome, stage 1, stage 2
    areas = soup.select_one("#chart-areas").find_parent("figure").figcaption.get_text(" ", strip=True)
    assert stage not in areas


@pytest.mark.parametrize(
    ("lang", "opens", "closes"), [("gu", "9:00 સવારે", "5:00 સાંજે"), ("ta", "காலை 9:00", "மாலை 5:00")]
)
def test_the_contact_pages_opening_hours_are_in_the_locales_words(
    site_pages: dict[str, BeautifulSoup], lang: str, opens: str, closes: str
) -> None:
    """Every contact route's hours on the portal's contact page, as the tracker's footer says them: the
    locale's own words for the time of day, never English's "09:00 AM … 05:00 PM"."""
    text = site_pages[f"/{lang}/contact/"].select_one("main").get_text(" ", strip=True)
    assert opens in text and closes in text
    assert " AM" not in text and " PM" not in text
