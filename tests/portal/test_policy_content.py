"""The policy page covers every part of the policy; every contact route shows what the policy gives."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

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

# From the policy's "Important Contact Information" (and DOMAIN.md for the ICO and Citizens Advice).
CONTACTS = {
    "council": ("02089012630", "housing.customerservices@harrow.gov.uk", ["PO Box 1367", "HA3 3QT"]),
    "housing-ombudsman": ("03001113000", "info@housing-ombudsman.org.uk", ["PO Box 1484, Unit D", "PR2 0ET"]),
    "lgsco": ("03000610614", None, ["PO Box 4771", "CV4 0EH"]),
    "cqc": ("03000616161", "enquiries@cqc.org.uk", ["Citygate", "Gallowgate", "NE1 4PA"]),
    "ico": ("03031231113", None, []),
    "citizens-advice": (None, None, []),
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
    for figure in ("5 working days", "10 working days", "20 working days"):
        assert figure in text


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize(("contact_id", "expected"), CONTACTS.items())
def test_contact_page_shows_each_route(
    site_pages: dict[str, BeautifulSoup],
    lang: str,
    contact_id: str,
    expected: tuple[str | None, str | None, list[str]],
) -> None:
    phone, email, address = expected
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
    english = site_pages["/en/contact/"].select_one(".contact-card dd:nth-of-type(2)").get_text()
    arabic = site_pages["/ar/contact/"].select_one(".contact-card dd:nth-of-type(2)").get_text()
    assert english == "Monday to Friday, 09:00 to 17:00"
    assert "الاثنين" in arabic and "الجمعة" in arabic
