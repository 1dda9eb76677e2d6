"""The policy page covers every part of the policy; every contact route shows what contacts.yaml gives. The
facts (numbers, addresses, hours, timescales) are read from content/, so that a change there by the comms team
does not break these tests."""

from __future__ import annotations

import pytest
from babel.dates import get_day_names
from bs4 import BeautifulSoup

from sitekit.paths import ROOT
from sitekit.sitedata import load_site_data

SITE = load_site_data(ROOT / "content")

# Each part the plain-English policy must cover, and the anchor of its heading.
POLICY_PARTS = {
    "stages": "stages",
    "timescales": "timescales",
    "extensions": "extensions",
    "escalation": "escalation",
    "time limits": "time-limits",
    "outcomes": "outcomes",
    "putting things right": "putting-things-right",
    "remedies": "remedies",
    "compensation conditions": "compensation",
    "rent withholding": "rent-withholding",
    "support and advocacy": "support-and-advocacy",
    "the Ombudsmen": "ombudsmen",
    "unreasonable persistence": "unreasonable-persistence",
    "compliments": "compliments",
    "suggestions": "suggestions",
    "confidentiality": "confidentiality",
    "recording and review": "recording-and-review",
    "self-assessment and reporting": "self-assessment",
    "scrutiny": "scrutiny",
    "involvement": "involvement",
    "business continuity": "business-continuity",
    "reasonable adjustments": "reasonable-adjustments",
}


@pytest.mark.parametrize(("part", "anchor"), POLICY_PARTS.items())
def test_policy_has_a_section_for_each_part(
    site_pages: dict[str, BeautifulSoup], part: str, anchor: str
) -> None:
    soup = site_pages["/en/policy/"]
    heading = soup.select_one(f"article #{anchor}")
    assert heading is not None and heading.name == "h2", part
    assert soup.select_one(f"nav.contents a[href='#{anchor}']") is not None, part


def test_policy_states_the_timescales(site_pages: dict[str, BeautifulSoup]) -> None:
    table = site_pages["/en/policy/"].select_one("article table")
    assert table is not None
    text = table.get_text(" ", strip=True)
    housing = SITE.procedures["housing"]
    days = {housing.acknowledge, *(stage.respond for stage in housing.stages)}
    assert len(days) > 1
    for figure in sorted(days):
        assert f"{figure} working days" in text


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("contact_id", sorted(SITE.contacts))
def test_contact_page_shows_each_route(
    site_pages: dict[str, BeautifulSoup], lang: str, contact_id: str
) -> None:
    contact = SITE.contacts[contact_id]
    phone, email, address = contact.tel, contact.email, contact.address
    section = site_pages[f"/{lang}/contact/"].select_one(f"article #{contact_id}")
    assert section is not None and section.name == "h2"
    card = section.find_next_sibling("div", class_="contact-card")
    assert card is not None, contact_id
    if phone:
        assert card.select_one(f"a[href='tel:{phone}']") is not None
    if email:
        assert card.select_one(f"a[href='mailto:{email}']") is not None
    postal = card.select_one(".postal")
    for line in address:
        assert postal is not None and line in postal.get_text("\n"), (contact_id, line)
    assert card.select_one("a[href^='https://']") is not None


def test_opening_hours_are_in_the_readers_language(site_pages: dict[str, BeautifulSoup]) -> None:
    hours = SITE.contacts["council"].hours
    assert hours is not None
    shown = {}
    for lang in ("en", "ar"):
        card = site_pages[f"/{lang}/contact/"].select_one("article #council").find_next_sibling("div")
        shown[lang] = card.select_one("dd:nth-of-type(2)").get_text()
    english = get_day_names("wide", locale="en_GB")
    first, last = english[hours.first_day], english[hours.last_day]
    assert shown["en"] == f"{first} to {last}, {hours.opens} to {hours.closes}"
    days = get_day_names("wide", locale="ar")
    assert days[hours.first_day] in shown["ar"] and days[hours.last_day] in shown["ar"]
