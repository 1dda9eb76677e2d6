"""Photos and documents in Chromium: added, removed and refused with the keyboard alone, in English and
Arabic, axe-clean; and the page works with JavaScript off."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator

import pytest
from flask import Flask
from PIL import Image
from playwright.sync_api import Browser, FilePayload, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser import Violations, serve_app
from tracker.models import Attachment, Case

from .files import pdf, picture
from .test_browser_journey import Resident

pytestmark = pytest.mark.browser


@pytest.fixture
def base_url(tracker: Flask) -> Iterator[str]:
    with serve_app(tracker) as url:
        yield url


class Checked(Resident):
    """Keeps every check, not only the last for each address: the page for files is checked empty, with
    files, after a removal and with an error, all at one address."""

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.every: list[tuple[str, Violations]] = []

    def check(self) -> None:
        super().check()
        self.every.append((self.page.url, self.checked[self.page.url]))


def choose_files(resident: Resident, files: list[FilePayload]) -> None:
    """Tab to the file input, open the chooser with the space bar, pick the files, and add them."""
    resident.tab_to("#files")
    for attempt in range(3):
        # Under load, headless Chromium now and then lets a key press go by without opening the chooser.
        try:
            with resident.page.expect_file_chooser(timeout=10_000) as chooser:
                resident.page.keyboard.press("Space")
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    assert resident.page.evaluate("document.activeElement.id") == "files"
    chooser.value.set_files(files)
    resident.submit("button[value=upload]")


def payload(name: str, mime: str, content: bytes) -> FilePayload:
    return {"name": name, "mimeType": mime, "buffer": content}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_files_by_keyboard_alone(browser: Browser, base_url: str, tracker: Flask, lang: str) -> None:
    context = browser.new_context(bypass_csp=True)  # only so axe-core can be injected
    page = context.new_page()
    resident = Checked(page)
    page.goto(f"{base_url}/{lang}/new/kind")
    # Damp and mould: who is especially at risk is revealed, and answered.
    resident.about_the_problem(tenure=0, hazard=0, at_risk=2, description="Damp and mould in the bedroom.")
    assert page.url.endswith(f"/{lang}/new/evidence")

    choose_files(
        resident,
        [
            payload("mould.jpg", "image/jpeg", picture("JPEG")),
            payload("wall.png", "image/png", picture("PNG")),
            payload("letter.pdf", "application/pdf", pdf()),
        ],
    )
    assert page.locator(".file-list dt").all_inner_texts() == ["mould.jpg", "wall.png", "letter.pdf"]
    resident.submit("button[name=remove]")  # the first file's "Remove"
    assert page.locator(".file-list dt").all_inner_texts() == ["wall.png", "letter.pdf"]
    choose_files(resident, [payload("photo.jpg", "image/jpeg", b"GIF89a" + bytes(64))])
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert "photo.jpg" in page.locator(".error-summary").inner_text()
    assert page.locator(".file-list dt").all_inner_texts() == ["wall.png", "letter.pdf"]
    resident.submit("button[value=continue]")

    resident.about_the_outcome("Treat the mould.")
    assert page.url.endswith(f"/{lang}/new/home-address")  # damp and mould: which home to visit
    resident.type_into("#home_address", "Flat 4, 12 Station Road")
    resident.type_into("#home_postcode", "HA1 2XY")
    resident.submit()
    resident.submit()  # no help with reading or writing
    assert page.url.endswith(f"/{lang}/new/check")
    assert "wall.png" in page.inner_text("main") and "letter.pdf" in page.inner_text("main")
    resident.submit()
    assert page.url.endswith(f"/{lang}/new/done")
    reference = page.locator(".reference").first.inner_text()
    context.close()
    with tracker.app_context():
        case = Case.get(Case.reference == reference)
        kept = Attachment.select().where(Attachment.case == case).order_by(Attachment.id)
        assert [(a.label, a.mime) for a in kept] == [
            ("wall.png", "image/png"),
            ("letter.pdf", "application/pdf"),
        ]
    assert [(url, ids) for url, ids in resident.every if ids] == []
    evidence = [url for url, _ in resident.every if url.endswith("/new/evidence")]
    assert len(evidence) == 4  # empty, listed, removed, error
    assert len(resident.every) >= 14


def test_the_page_for_files_works_without_javascript(browser: Browser, base_url: str, tracker: Flask) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}/en/new/kind")
    page.get_by_label("Make a complaint", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.locator("input[name=service_area]").first.check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Yes", exact=True).check()  # reported before
    page.get_by_role("button", name="Continue").click()
    page.locator("input[name=tenure]").first.check()
    page.get_by_role("button", name="Continue").click()
    # The hazard question without JavaScript: who is especially at risk, under the yes, can be answered.
    page.locator("input[name=hazard][value=yes]").check()
    page.locator("input[name=at_risk][value=unknown]").check()
    page.get_by_role("button", name="Continue").click()
    page.fill("#description", "Damp and mould in the bedroom.")
    page.get_by_role("button", name="Continue").click()
    assert page.url.endswith("/en/new/evidence")
    assert page.evaluate("1 + 1") == 2  # Playwright's own evaluation still works; the page's scripts do not
    # A photo of a few MB, read from a real socket: the parser's limits on the page for files allow it.
    noise = Image.frombytes("RGB", (1600, 1200), os.urandom(1600 * 1200 * 3))
    photo = io.BytesIO()
    noise.save(photo, "JPEG", quality=95)
    assert photo.tell() > 2 * 1024 * 1024
    page.set_input_files(
        "#files",
        [payload("mould.jpg", "image/jpeg", photo.getvalue()), payload("bill.pdf", "application/pdf", pdf())],
    )
    page.get_by_role("button", name="Add the chosen files").click()
    assert page.locator(".file-list dt").all_inner_texts() == ["mould.jpg", "bill.pdf"]
    page.get_by_role("button", name="Remove bill.pdf").click()
    assert page.locator(".file-list dt").all_inner_texts() == ["mould.jpg"]
    page.get_by_role("button", name="Continue").click()
    assert page.url.endswith("/en/new/when")
    context.close()
    with tracker.app_context():
        assert [a.label for a in Attachment.select()] == ["mould.jpg"]
