"""The frozen site, checked as files: every page in every language, the way a static host will serve it."""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from portal import create_app
from portal.config import PortalConfig
from portal.linkcheck import broken_links
from sitekit.paths import ROOT
from sitekit.sitedata import SiteData

CONTENT_SLUGS = sorted(p.stem for p in (ROOT / "content" / "pages" / "en").glob("*.md"))


def test_every_page_in_every_language_was_written(built_site: Path, site_data: SiteData) -> None:
    for lang in site_data.codes:
        assert (built_site / lang / "index.html").is_file()
        assert (built_site / lang / "404.html").is_file()
        for slug in CONTENT_SLUGS:
            if slug not in ("home", "not-found"):
                assert (built_site / lang / slug / "index.html").is_file(), f"/{lang}/{slug}/ missing"
    for name in ("index.html", "404.html", "sitemap.xml", "robots.txt", "static/site.css"):
        assert (built_site / name).is_file()


def test_no_broken_internal_links(built_site: Path) -> None:
    assert broken_links(built_site, skip_prefixes=("/tracker",)) == []


def test_each_page_has_the_basics(site_pages: dict[str, BeautifulSoup], site_data: SiteData) -> None:
    for url, soup in site_pages.items():
        html = soup.find("html")
        lang = url.strip("/").split("/")[0] if url.count("/") > 1 else "en"
        language = site_data.language(lang)
        assert language is not None, url
        assert html is not None and html.get("lang") == lang, url
        assert html.get("dir") == language.dir, url
        title = soup.find("title")
        assert title is not None and title.get_text(strip=True), url
        assert len(soup.find_all("h1")) == 1, url
        assert len(soup.find_all("main")) == 1, url
        ids = Counter(tag["id"] for tag in soup.find_all(id=True))
        assert [i for i, n in ids.items() if n > 1] == [], url
        assert soup.select_one("a.skip-link[href='#main-content']") is not None, url


def test_headings_never_skip_a_level(site_pages: dict[str, BeautifulSoup]) -> None:
    for url, soup in site_pages.items():
        levels = [int(tag.name[1]) for tag in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
        assert levels[0] == 1, url
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, f"{url}: h{before} then h{after}"


def test_hreflang_alternates_on_every_page(site_pages: dict[str, BeautifulSoup], site_data: SiteData) -> None:
    for url, soup in site_pages.items():
        alternates = {link["hreflang"]: link["href"] for link in soup.select("link[rel=alternate][hreflang]")}
        assert set(alternates) == {*site_data.codes, "x-default"}, url
        if url.startswith(("/en/", "/ar/")) and not url.endswith("404.html"):
            rest = url[3:]
            for code in site_data.codes:
                assert alternates[code].endswith(f"/{code}{rest}"), (url, alternates[code])


def test_language_switcher_names_each_language_in_itself(
    site_pages: dict[str, BeautifulSoup], site_data: SiteData
) -> None:
    soup = site_pages["/ar/contact/"]
    links = soup.select(".language-switcher a")
    assert [(a["lang"], a["dir"], a.get_text(strip=True)) for a in links] == [
        (lang.code, lang.dir, lang.name) for lang in site_data.languages
    ]
    assert soup.select_one(".language-switcher a[aria-current=page]")["lang"] == "ar"
    assert [a["href"] for a in links] == [f"/{lang.code}/contact/" for lang in site_data.languages]


def test_root_page_lists_every_language(site_pages: dict[str, BeautifulSoup], site_data: SiteData) -> None:
    links = site_pages["/"].select(".language-list a")
    assert [(a["href"], a["lang"], a.get_text()) for a in links] == [
        (f"/{lang.code}/", lang.code, lang.name) for lang in site_data.languages
    ]


def test_untranslated_pages_fall_back_to_english_with_a_notice(content_copy: Path) -> None:
    (content_copy / "pages" / "ar" / "policy.md").unlink()  # every page is translated: take one away
    client = create_app(PortalConfig(content_dir=content_copy)).test_client()
    policy = BeautifulSoup(client.get("/ar/policy/").get_data(as_text=True), "html.parser")
    assert policy.html["lang"] == "ar"
    article = policy.select_one("article")
    assert article["lang"] == "en" and article["dir"] == "ltr"
    notice = policy.select_one(".notice-fallback")
    assert notice is not None
    # The notice is in the reader's language, outside the English passage.
    assert notice.find_parent("article") is None
    assert "English" not in notice.get_text() and "الإنجليزية" in notice.get_text()
    # Links inside the English text stay in the reader's language.
    assert policy.select_one("article a[href^='/ar/how-to-complain/']") is not None


def test_every_language_has_every_page_translated(
    site_pages: dict[str, BeautifulSoup], site_data: SiteData
) -> None:
    for lang in site_data.codes:
        for slug in CONTENT_SLUGS:
            url = (
                f"/{lang}/"
                if slug == "home"
                else f"/{lang}/404.html"
                if slug == "not-found"
                else f"/{lang}/{slug}/"
            )
            assert site_pages[url].select_one(".notice-fallback") is None, url


def test_translated_pages_carry_the_not_reviewed_notice(site_pages: dict[str, BeautifulSoup]) -> None:
    for slug in ("", "how-to-complain/", "contact/"):
        soup = site_pages[f"/ar/{slug}"]
        assert soup.select_one("article").get("lang") is None, slug
        assert soup.select_one(".notice-fallback") is None, slug
        notice = soup.select_one(".notice-unreviewed")
        assert notice is not None, slug
        assert notice.select_one(f"a[href='/en/{slug}'][hreflang=en]") is not None


def test_english_pages_have_no_notice(site_pages: dict[str, BeautifulSoup]) -> None:
    for url, soup in site_pages.items():
        if url.startswith("/en/"):
            assert soup.select_one(".notice-fallback, .notice-unreviewed") is None, url


def test_contact_help_in_the_same_place_on_every_page(site_pages: dict[str, BeautifulSoup]) -> None:
    for url, soup in site_pages.items():
        help_box = soup.select_one("footer .contact-help")
        assert help_box is not None, url
        assert help_box.select_one("a[href='tel:02089012630']") is not None, url
        assert help_box.select_one("a[href='mailto:housing.customerservices@harrow.gov.uk']") is not None, url
        footer_links = [a["href"] for a in soup.select("footer .footer-links a")]
        lang = "en" if url in ("/", "/404.html") else url.split("/")[1]
        assert f"/{lang}/accessibility/" in footer_links, url


def test_tracker_links_use_the_setting(site_pages: dict[str, BeautifulSoup]) -> None:
    home = site_pages["/ar/"]
    hrefs = {a["href"] for a in home.select("article a")}
    assert "/tracker/ar/new/" in hrefs and "/tracker/ar/status/" in hrefs


def test_sitemap_lists_every_page_with_alternates(built_site: Path, site_data: SiteData) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    sitemap = ElementTree.parse(built_site / "sitemap.xml").getroot()
    locations = [loc.text for loc in sitemap.iterfind("s:url/s:loc", ns)]
    expected_pages = [slug for slug in CONTENT_SLUGS if slug != "not-found"]
    assert len(locations) == len(expected_pages) * len(site_data.codes)
    assert "http://localhost:8000/ar/how-to-complain/" in locations
    first = sitemap.find("s:url", ns)
    assert first is not None
    assert {link.get("hreflang") for link in first.iterfind("x:link", ns)} == {*site_data.codes, "x-default"}
    assert "Sitemap: http://localhost:8000/sitemap.xml" in (built_site / "robots.txt").read_text()


def test_no_javascript_and_one_stylesheet(site_pages: dict[str, BeautifulSoup]) -> None:
    for url, soup in site_pages.items():
        assert soup.find("script") is None, url
        assert [link["href"] for link in soup.select("link[rel=stylesheet]")] == ["/static/site.css"], url
        assert soup.find(style=True) is None and soup.find("style") is None, url


def test_median_page_is_under_30_kb_with_its_css(built_site: Path) -> None:
    """The pages residents read; the test build's seven sample quarters and annual report (tables of
    figures, bounded below) would otherwise be most of the site and decide the median."""
    css = (built_site / "static" / "site.css").stat().st_size
    pages = [path for path in built_site.rglob("*.html") if "performance" not in path.parts]
    sizes = [path.stat().st_size + css for path in pages]
    assert len(pages) >= 100 and statistics.median(sizes) < 30 * 1024, sorted(sizes)
    figures = [p.stat().st_size + css for p in built_site.glob("*/performance/*/index.html")]
    reports = [p.stat().st_size + css for p in built_site.glob("*/performance/*/annual-report/index.html")]
    assert figures and max(figures) < 60 * 1024, sorted(figures)
    assert reports and max(reports) < 120 * 1024, sorted(reports)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_contents_list_links_to_every_section(site_pages: dict[str, BeautifulSoup], lang: str) -> None:
    soup = site_pages[f"/{lang}/how-to-complain/"]
    contents = [a["href"][1:] for a in soup.select("nav.contents a")]
    sections = [h2["id"] for h2 in soup.select("article h2[id]") if h2["id"] != "contents"]
    assert contents == sections and len(sections) >= 8


def test_english_names_in_right_to_left_text_are_isolated(site_pages: dict[str, BeautifulSoup]) -> None:
    heading = site_pages["/ar/contact/"].select_one("#housing-ombudsman")
    isolated = heading.select_one("span[lang=en][dir=ltr]")
    assert isolated is not None and isolated.get_text() == "Housing Ombudsman"
    # The brackets stay outside the isolate, in the Arabic text, so they mirror with it.
    assert heading.get_text().endswith("(Housing Ombudsman)")
    # Phone numbers and addresses in cards are isolated left to right too.
    assert site_pages["/ar/contact/"].select_one(".contact-card a[href^='tel:'][dir=ltr]") is not None


def test_css_uses_logical_properties_only() -> None:
    """Right to left needs no second stylesheet: no left or right, no four-value shorthand uneven by side."""
    css = (ROOT / "sitekit" / "static" / "site.css").read_text()
    body = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    physical = re.findall(
        r"(?:margin|padding|border)-(?:left|right)|(?<![-\w])(?:left|right)\s*:|"
        r"text-align:\s*(?:left|right)|float:\s*(?:left|right)",
        body,
    )
    assert physical == []
    for prop, values in re.findall(r"(?<![-\w])(margin|padding):\s*([^;]+);", body):
        sides = values.split()
        assert len(sides) < 4 or sides[1] == sides[3], f"{prop}: {values}"


def test_procedures_table_comes_from_the_data(
    site_pages: dict[str, BeautifulSoup], site_data: SiteData
) -> None:
    table = site_pages["/en/how-to-complain/"].select_one("table.procedures")
    assert table is not None and table.caption is not None
    rows = {
        row.th.contents[0].strip(): [td.get_text(" ", strip=True) for td in row.find_all("td")]
        for row in table.select("tbody tr")
    }
    assert rows["Housing complaints procedure"] == [
        "Within 5 working days",
        "10 working days after we acknowledge it Up to 10 working days more, if we tell you why",
        "20 working days after we acknowledge it Up to 20 working days more, if we tell you why",
    ]
    assert rows["Council corporate complaints procedure"][1] == "15 working days after we receive it"
    housing_areas = [li.get_text() for li in table.select("tbody tr:nth-of-type(1) th li")]
    assert housing_areas == [
        a.name["en"] for a in site_data.service_areas.values() if a.procedure == "housing"
    ]
    arabic = site_pages["/ar/how-to-complain/"].select_one("table.procedures td").get_text(strip=True)
    assert arabic == "خلال 5 أيام عمل"  # Arabic's plural for 3 to 10


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_home_page_links_the_performance_pages_in_their_section(
    site_pages: dict[str, BeautifulSoup], lang: str
) -> None:
    """ "Read the policy and our performance" leads to the figures and the self-assessment, in the reader's
    language: they are not Markdown pages, so the page template adds the links to that (last) section."""
    home = site_pages[f"/{lang}/"]
    heading = home.select_one("h2#policy-and-performance")
    assert heading is not None and heading.find_next("h2") is None, "the section is no longer the last"
    links = [a["href"] for a in heading.find_all_next("a") if a.find_parent("article") is not None]
    assert f"/{lang}/performance/" in links
    assert f"/{lang}/performance/self-assessment/" in links


def test_how_to_complain_is_for_every_council_service(site_pages: dict[str, BeautifulSoup]) -> None:
    """The form takes complaints about any service (Council Tax, bins…), not only housing."""
    soup = site_pages["/en/how-to-complain/"]
    summary = soup.select_one("article .lead").get_text()
    assert "housing services" not in summary and "any council service" in summary
    assert soup.select_one('meta[name="description"]')["content"] == summary


def test_every_page_links_a_tiny_favicon_and_the_site_answers_favicon_ico(
    site_pages: dict[str, BeautifulSoup], built_site: Path
) -> None:
    """Browsers ask for an icon on every page; without one they log a 404 each time."""
    for url, soup in site_pages.items():
        icons = [(link["href"], link.get("type")) for link in soup.select("link[rel=icon]")]
        assert icons == [("/static/favicon.svg", "image/svg+xml")], url
    svg = built_site / "static" / "favicon.svg"
    assert svg.stat().st_size < 1024 and svg.read_text().startswith("<svg")
    ico = (built_site / "favicon.ico").read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00" and len(ico) < 2048  # an icon file, and a small one
