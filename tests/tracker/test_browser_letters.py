"""In Chromium, an Arabic letter's phone numbers and reference read left to right, as they are dialled
and typed (without isolates the council's number shows as "2630 8901 020"). With SCREENSHOTS set to a
folder, the letters, the status page, the case page and the queue are saved there at 390 and 1280 px."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page

from tests.browser import axe_violations, serve_app
from tracker.models import Case, Letter, Remedy, Staff

from .conftest import COUNCIL, csrf, page, sign_in, sign_in_browser, submit
from .test_staff import act

pytestmark = pytest.mark.browser

POSITIONS = """(number) => {
  const parts = number.split(" ");
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const at = node.data.indexOf(number);
    if (at < 0) continue;
    let start = at;
    const lefts = parts.map((part) => {
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + part.length);
      start += part.length + 1;
      return range.getBoundingClientRect().left;
    });
    found.push(lefts);
  }
  return found;
}"""


@pytest.fixture
def base_url(tracker: Flask) -> Iterator[str]:
    with serve_app(tracker) as url:
        yield url


def reads_left_to_right(tab: Page, number: str) -> list[bool]:
    return [lefts == sorted(lefts) for lefts in tab.evaluate(POSITIONS, number)]


def test_an_arabic_letters_numbers_read_left_to_right(
    browser: Browser, base_url: str, tracker: Flask, team: dict[str, Staff]
) -> None:
    with tracker.app_context():
        Staff.update(job_title="Complaints officer", phone="020 8424 1111").where(
            Staff.username == "asha"
        ).execute()
    case = submit(tracker.test_client(), "ar")
    staff = tracker.test_client()
    sign_in(staff, "asha")
    assert act(staff, case, "acknowledge", {"definition": "الغلاية معطلة منذ ثلاثة أسابيع"})[0] == 200
    with tracker.app_context():
        letter = Letter.get(Letter.case == case.id)
    tab = browser.new_page(viewport={"width": 390, "height": 900})
    sign_in_browser(tab, base_url)
    tab.goto(f"{base_url}/staff/cases/{case.reference}/letters/{letter.id}/print")
    assert tab.locator("html").get_attribute("dir") == "rtl"
    assert axe_violations(tab) == []
    council, officer = reads_left_to_right(tab, f"{COUNCIL.phone}"), reads_left_to_right(tab, "020 8424 1111")
    assert council and all(council), council
    assert officer and all(officer), officer
    # The same number without isolates, in the same Arabic paragraph, is the bug this guards against.
    tab.evaluate(
        """(phone) => { const p = document.createElement('p');
        p.textContent = 'الهاتف: ' + phone + ' للمساعدة'; p.id = 'bare';
        document.querySelector('article').append(p); }""",
        COUNCIL.phone,
    )
    assert False in reads_left_to_right(tab, f"{COUNCIL.phone}")
    tab.close()


def test_screenshots(
    browser: Browser, base_url: str, tracker: Flask, team: dict[str, Staff], tmp_path: Path
) -> None:
    """The letters, the case page, the queue and the status page at phone and desk width, to look at:
    saved in SCREENSHOTS if set (a folder), else in the test's own temporary folder."""
    folder = Path(os.environ.get("SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    with tracker.app_context():
        Staff.update(
            job_title="Complaints officer", phone="020 8424 1111", email="asha.patel@harrow.gov.uk"
        ).where(Staff.username == "asha").execute()
    staff = tracker.test_client()
    sign_in(staff, "asha")
    shots: list[tuple[str, str]] = []
    for lang in ("en", "ar"):
        case = submit(tracker.test_client(), lang)
        with tracker.app_context():
            Case.update(address="12 Station Road\nHarrow", postcode="HA3 3QT").where(
                Case.id == case.id
            ).execute()
        act(staff, case, "acknowledge", {"definition": "Damp and mould in the bedroom."})
        act(
            staff,
            case,
            "respond",
            {
                "outcome": "partially_upheld",
                "reasons": "The repair was late.",
                "remedy": "We will treat the mould.",
                "promise1_kind": "action",
                "promise1_description": "Treat the mould and repaint",
                "promise1_due": "2026-12-18",
                "promise2_kind": "payment",
                "promise2_description": "For the inconvenience",
                "promise2_amount": "75",
                "promise2_due": "2026-12-11",
            },
        )
        with tracker.app_context():
            payment = Remedy.get((Remedy.case == case.id) & (Remedy.kind == "payment"))
        staff.post(  # one action done, one to come: the status page shows both
            f"/staff/cases/{case.reference}/remedies/{payment.id}/complete",
            data={
                "csrf_token": csrf(page(staff.get(f"/staff/cases/{case.reference}"))),
                f"complete{payment.id}-done_on": "2026-11-23",
                f"complete{payment.id}-what": "Paid by bank transfer",
            },
        )
        with tracker.app_context():
            letter = Letter.get((Letter.case == case.id) & (Letter.kind == "response"))
        shots.append((f"letter-{lang}", f"/staff/cases/{case.reference}/letters/{letter.id}/print"))
        if lang == "en":
            shots.append(("case", f"/staff/cases/{case.reference}"))
            resident = case
    shots.append(("queue", "/staff/"))
    for width in (390, 1280):
        tab = browser.new_page(viewport={"width": width, "height": 900})
        sign_in_browser(tab, base_url)
        for name, url in shots:
            tab.goto(base_url + url)
            tab.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
            if name.startswith("letter-"):  # as it prints: A4, no site chrome
                tab.emulate_media(media="print")
                tab.screenshot(path=str(folder / f"{name}-print-{width}.png"), full_page=True)
                tab.emulate_media(media="screen")
        tab.goto(f"{base_url}/en/status/")
        tab.fill("#reference", resident.reference)
        tab.fill("#secret", "HA3 3QT")
        tab.click("main button[type=submit]")
        tab.screenshot(path=str(folder / f"status-{width}.png"), full_page=True)
        tab.close()
    names = [name for name, _ in shots] + ["status", "letter-en-print", "letter-ar-print"]
    for width in (390, 1280):
        for name in names:
            assert (folder / f"{name}-{width}.png").stat().st_size > 1000, (name, width)
