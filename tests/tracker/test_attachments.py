"""Photos and documents: added on the form, checked by content, cleaned, kept with the case, and seen only by
signed-in staff (issue 14)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from tests.htmlcheck import validate
from tracker import create_app
from tracker.config import TrackerConfig
from tracker.filecheck import download_name, label
from tracker.models import Attachment, Case, Draft, Event, now

from .conftest import COMPLAINT, csrf, page, post, send, sign_in, walk
from .files import ACCEPTED, TRAILER, jpeg_with_gps, listed, pdf, picture, to_evidence, upload
from .test_status import look_up


def files_of(tracker: Flask, case: Case) -> list[Attachment]:
    with tracker.app_context():
        return list(Attachment.select().where(Attachment.case == case).order_by(Attachment.id))


@pytest.mark.parametrize("kind", sorted(ACCEPTED))
def test_each_accepted_type_uploads_shows_on_check_and_reaches_the_case(
    resident: FlaskClient, tracker: Flask, kind: str
) -> None:
    make, name, kept_as = ACCEPTED[kind]
    to_evidence(resident)
    before = page(resident.get("/en/new/evidence"))
    assert "up to 5 files" in before.get_text() and "10 MB" in before.get_text()  # stated before choosing
    assert before.select_one("input[type=file][multiple]#files") is not None
    assert before.select_one("form[enctype='multipart/form-data']") is not None

    response = upload(resident, [(make(), name)])
    assert response.status_code == 302 and response.headers["Location"] == "/en/new/evidence"
    shown = page(resident.get("/en/new/evidence"))
    assert listed(shown) == [name]
    assert shown.select_one("button[name=remove] .visually-hidden").get_text(strip=True) == name

    check = page(walk(resident, "en", COMPLAINT))
    row = next(r for r in check.select(".summary-row") if "Photos and documents" in r.get_text())
    assert name in row.get_text() and ("KB" in row.get_text() or "kB" in row.get_text())

    case = send(resident)
    (stored,) = files_of(tracker, case)
    assert (stored.mime, stored.label, stored.added_by, stored.draft_id) == (kept_as, name, "resident", None)
    assert (stored.thumbnail is None) == (kind == "pdf")
    with tracker.app_context():
        received = Event.get(Event.case == case, Event.action == "files_received")
        assert received.details == {"count": 1}
        # The draft keeps only which case it was sent as; its files now belong to the case.
        assert [json.loads(d.data) for d in Draft.select()] == [{"__sent__": [case.id, None]}]


def _corrupt_jpeg() -> bytes:
    whole = picture("JPEG", size=(200, 150))
    return whole[:20] + bytes(range(256)) * 8  # a JPEG header, then no image


REFUSED: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "wrong type, right extension": (lambda: picture("GIF"), "photo.jpg", "is not a photo or a PDF"),
    "a program named as a PDF": (lambda: b"MZ\x90\x00" + bytes(200), "bill.pdf", "is not a photo or a PDF"),
    "text named as a photo": (lambda: b"just some text\n" * 20, "notes.png", "is not a photo or a PDF"),
    "too large": (lambda: picture("JPEG") + bytes(10 * 1024 * 1024), "huge.jpg", "is larger than 10 MB"),
    "corrupt image": (_corrupt_jpeg, "broken.jpg", "could not be opened as a photo"),
    "unparseable PDF": (
        lambda: b"%PDF-1.7\n" + b"not really a pdf " * 50,
        "scan.pdf",
        "could not be opened as a PDF",
    ),
    "empty": (lambda: b"", "empty.pdf", "is empty"),
}


@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_each_refused_kind_gets_its_message_and_loses_nothing(
    resident: FlaskClient, tracker: Flask, kind: str
) -> None:
    make, name, message = REFUSED[kind]
    to_evidence(resident)
    upload(resident, [(picture("PNG"), "kept.png")])
    soup = page(upload(resident, [(make(), name)]))
    summary = soup.select_one(".error-summary")
    assert summary is not None and f"{name} {message}" in summary.get_text(" ", strip=True)
    assert summary.select_one("a")["href"] == "#files"
    assert soup.select_one("#files")["aria-invalid"] == "true"
    assert f"{name} {message}" in soup.select_one("#files-error").get_text(" ", strip=True)
    assert soup.title.get_text().startswith("Error:")
    assert listed(soup) == ["kept.png"]  # the file added before is still there
    with tracker.app_context():
        assert [a.label for a in Attachment.select()] == ["kept.png"]
    # Nothing typed before is lost: the check page has every answer.
    check = page(walk(resident, "en", COMPLAINT)).get_text()
    assert "The boiler has been broken for three weeks." in check and "kept.png" in check


def test_refused_files_are_explained_in_the_readers_language(resident: FlaskClient) -> None:
    to_evidence(resident, "ar")
    soup = page(upload(resident, [(picture("GIF"), "photo.jpg")], lang="ar"))
    assert soup.select_one("html")["lang"] == "ar"
    assert "photo.jpg" in soup.select_one("#files-error").get_text()
    assert "is not a photo" not in soup.get_text()


def test_no_more_than_the_limit(resident: FlaskClient, tracker: Flask) -> None:
    to_evidence(resident)
    upload(resident, [(picture("PNG"), f"photo-{n}.png") for n in range(1, 4)])
    soup = page(upload(resident, [(picture("PNG"), f"more-{n}.png") for n in range(1, 4)]))
    assert listed(soup) == ["photo-1.png", "photo-2.png", "photo-3.png", "more-1.png", "more-2.png"]
    error = soup.select_one("#files-error").get_text(" ", strip=True)
    assert "more-3.png was not added: you can add up to 5 files." in error
    assert "as many files as you can" in soup.select_one("#files-hint").get_text()
    with tracker.app_context():
        assert Attachment.select().count() == 5


def test_choosing_nothing_to_add_says_so_and_continue_without_files_goes_on(resident: FlaskClient) -> None:
    to_evidence(resident)
    soup = page(upload(resident, [], action="upload"))
    assert "Choose a photo or document to add" in soup.select_one(".error-summary").get_text()
    response = upload(resident, [], action="continue")
    assert response.headers["Location"] == "/en/new/when"


def test_files_chosen_then_continue_are_added_too(resident: FlaskClient, tracker: Flask) -> None:
    to_evidence(resident)
    response = upload(resident, [(pdf(), "letter.pdf")], action="continue")
    assert response.headers["Location"] == "/en/new/when"
    with tracker.app_context():
        assert [a.label for a in Attachment.select()] == ["letter.pdf"]


def test_a_file_can_be_removed_but_not_another_residents(resident: FlaskClient, tracker: Flask) -> None:
    other = tracker.test_client()
    to_evidence(other)
    upload(other, [(picture("PNG"), "theirs.png")])
    to_evidence(resident)
    upload(resident, [(picture("PNG"), "first.png"), (pdf(), "second.pdf")])
    with tracker.app_context():
        ids = {a.label: a.id for a in Attachment.select()}
    soup = page(resident.get("/en/new/evidence"))
    for target in (ids["first.png"], ids["theirs.png"]):
        response = resident.post("/en/new/evidence", data={"csrf_token": csrf(soup), "remove": str(target)})
        assert response.status_code == 302
    assert listed(page(resident.get("/en/new/evidence"))) == ["second.pdf"]
    assert listed(page(other.get("/en/new/evidence"))) == ["theirs.png"]


def test_a_photo_keeps_no_exif_and_no_bytes_after_the_image(
    resident: FlaskClient, tracker: Flask, officer: FlaskClient
) -> None:
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the test photo has a position
    to_evidence(resident)
    upload(resident, [(original, "kitchen.jpg")])
    walk(resident, "en", COMPLAINT)
    case = send(resident)
    (stored,) = files_of(tracker, case)

    response = officer.get(f"/staff/cases/{case.reference}/files/{stored.id}")
    assert response.status_code == 200
    downloaded = response.get_data()
    image = Image.open(io.BytesIO(downloaded))
    assert image.format == "JPEG" and image.size == (64, 48)
    assert not image.getexif() and "exif" not in image.info
    assert b"Exif" not in downloaded and b"PhoneMaker" not in downloaded
    assert TRAILER not in downloaded and downloaded.endswith(b"\xff\xd9")


def test_downloads_are_attachments_for_signed_in_staff_and_recorded(
    resident: FlaskClient, tracker: Flask, officer: FlaskClient
) -> None:
    to_evidence(resident)
    upload(resident, [(picture("HEIF"), "IMG_0042.HEIC"), (pdf(), "rent letter.pdf")])
    walk(resident, "en", COMPLAINT)
    case = send(resident)
    photo, document = files_of(tracker, case)

    response = officer.get(f"/staff/cases/{case.reference}/files/{photo.id}")
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["Content-Disposition"] == "attachment; filename=IMG_0042.jpg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    response = officer.get(f"/staff/cases/{case.reference}/files/{document.id}")
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.get_data() == pdf() or response.get_data().startswith(b"%PDF")
    with tracker.app_context():
        downloads = list(
            Event.select().where(Event.case == case, Event.action == "file_downloaded").order_by(Event.id)
        )
    assert [(e.actor, e.details["file"]) for e in downloads] == [
        ("asha", "IMG_0042.HEIC"),
        ("asha", "rent letter.pdf"),
    ]
    thumb = officer.get(f"/staff/cases/{case.reference}/files/{photo.id}/thumbnail")
    assert thumb.headers["Content-Type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(thumb.get_data())).size) <= 240
    assert officer.get(f"/staff/cases/{case.reference}/files/{document.id}/thumbnail").status_code == 404
    assert officer.get(f"/staff/cases/{case.reference}/files/{photo.id + 99}").status_code == 404


def test_nobody_but_signed_in_staff_can_download(
    resident: FlaskClient, tracker: Flask, officer: FlaskClient
) -> None:
    to_evidence(resident)
    upload(resident, [(picture("JPEG"), "damp.jpg")])
    walk(resident, "en", COMPLAINT)
    case = send(resident)
    (stored,) = files_of(tracker, case)
    urls = [
        f"/staff/cases/{case.reference}/files/{stored.id}",
        f"/staff/cases/{case.reference}/files/{stored.id}/thumbnail",
    ]
    anonymous = tracker.test_client()
    checking = tracker.test_client()  # a resident with a status session
    look_up(checking, case.reference, "ada@example.org")
    assert page(checking.get("/en/status/case")).select_one("h1") is not None
    signed_out = tracker.test_client()
    sign_in(signed_out, "asha")
    soup = page(signed_out.get("/staff/"))
    signed_out.post("/staff/logout", data={"csrf_token": csrf(soup)})
    for client in (anonymous, checking, signed_out):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302 and response.headers["Location"].startswith("/staff/login")
    with tracker.app_context():
        assert Event.select().where(Event.action == "file_downloaded").count() == 0
    assert officer.get(urls[0]).status_code == 200


def test_the_status_page_counts_the_files_and_shows_none(resident: FlaskClient, tracker: Flask) -> None:
    to_evidence(resident)
    upload(resident, [(picture("JPEG"), "damp.jpg"), (pdf(), "letter.pdf")])
    walk(resident, "en", COMPLAINT)
    case = send(resident)
    client = tracker.test_client()
    html = look_up(client, case.reference, "ada@example.org")
    soup = page(client.get("/en/status/case"))
    text = soup.get_text(" ", strip=True)
    assert "We hold 2 files for this case." in text
    assert "damp.jpg" not in html and "letter.pdf" not in html and "/files/" not in html
    assert not soup.select("img")


def test_a_drafts_files_go_with_the_draft(resident: FlaskClient, tracker: Flask) -> None:
    to_evidence(resident)
    upload(resident, [(picture("PNG"), "a.png"), (pdf(), "b.pdf")])
    with tracker.app_context():
        Draft.update(updated_at=now() - timedelta(days=2)).execute()
    result = tracker.test_cli_runner().invoke(args=["purge-drafts"])
    assert "deleted 1 abandoned draft(s)" in result.output
    with tracker.app_context():
        assert Attachment.select().count() == 0


def test_an_abandoned_draft_found_again_starts_without_its_files(
    resident: FlaskClient, tracker: Flask
) -> None:
    to_evidence(resident)
    upload(resident, [(picture("PNG"), "old.png")])
    with tracker.app_context():
        Draft.update(updated_at=now() - timedelta(days=2)).execute()
    assert resident.get("/en/new/evidence").headers["Location"] == "/en/new/kind"
    to_evidence(resident)
    assert listed(page(resident.get("/en/new/evidence"))) == []
    with tracker.app_context():
        assert Attachment.select().count() == 0


@pytest.fixture
def small_limits(tracker: Flask, config: TrackerConfig) -> FlaskClient:
    app = create_app(replace(config, max_files=2, max_file_mb=1))
    app.config["TESTING"] = True
    return app.test_client()


def test_an_upload_over_the_request_limit_gets_a_clear_413(small_limits: FlaskClient) -> None:
    to_evidence(small_limits)
    response = upload(small_limits, [(bytes(1024 * 1024), "a.jpg"), (bytes(1024 * 1024 + 100_000), "b.jpg")])
    soup = page(response, 413)
    assert "too large to send together" in soup.h1.get_text()
    assert "up to 2 files" in soup.get_text() and "up to 1 MB" in soup.get_text()
    assert soup.select_one("a[href='/en/new/evidence']") is not None
    # Ordinary pages keep the small limit, with their own 413 page.
    big = post(small_limits, "/en/new/details?change=1", {"description": "x" * 70_000})
    assert "too much to send" in page(big, 413).get_text()


def test_an_officer_adds_a_scanned_letter_to_a_case(
    resident: FlaskClient, tracker: Flask, officer: FlaskClient
) -> None:
    walk(resident, "en", COMPLAINT)
    case = send(resident)
    url = f"/staff/cases/{case.reference}"
    assert "No photos or documents." in page(officer.get(url)).get_text()
    chosen = [(pdf(), "posted letter.pdf"), (picture("PNG"), "meter.png")]
    response = upload(officer, chosen, url=url, to=f"{url}/files")
    assert response.status_code == 302 and response.headers["Location"].endswith("#files")
    soup = page(officer.get(url))
    document, photo = files_of(tracker, case)
    assert soup.select_one(f"img[src='{url}/files/{document.id}/thumbnail']") is None
    img = soup.select_one(f"img[src='{url}/files/{photo.id}/thumbnail']")
    assert img is not None and img["alt"] == "Download the photo meter.png"
    assert soup.select_one(f"a[href='{url}/files/{document.id}']").get_text() == "posted letter.pdf"
    with tracker.app_context():
        added = Event.select().where(Event.case == case, Event.action == "file_added").order_by(Event.id)
        assert [(e.actor, e.details["file"]) for e in added] == [
            ("asha", "posted letter.pdf"),
            ("asha", "meter.png"),
        ]
    refused = page(upload(officer, [(b"GIF89a" + bytes(100), "scan.pdf")], url=url, to=f"{url}/files"), 400)
    assert "scan.pdf: it is not a JPEG, PNG, WebP or HEIC photo or a PDF" in refused.get_text()
    assert len(files_of(tracker, case)) == 2


def test_file_names_are_labels_only() -> None:
    assert label("../../etc/passwd") == "passwd"
    assert label("C:\\Users\\ada\\Pictures\\damp.jpg") == "damp.jpg"
    assert label("bad\x00name\u202e.jpg") == "badname.jpg"
    assert label("") == "file" and label(None) == "file"
    assert len(label("a" * 500 + ".jpg")) == 120
    assert download_name("IMG_0001.HEIC", "image/jpeg") == "IMG_0001.jpg"
    assert download_name("scan", "application/pdf") == "scan.pdf"


def test_the_pages_with_files_are_valid_html(
    resident: FlaskClient, tracker: Flask, officer: FlaskClient, tmp_path: Path
) -> None:
    pages: dict[str, str] = {}
    to_evidence(resident, "ar")
    pages["evidence-empty"] = resident.get("/ar/new/evidence").get_data(as_text=True)
    upload(resident, [(picture("JPEG"), "رطوبة.jpg"), (pdf(), "letter.pdf")], lang="ar")
    pages["evidence-error"] = upload(resident, [(b"text", "x.png")], lang="ar").get_data(as_text=True)
    pages["evidence-listed"] = resident.get("/ar/new/evidence").get_data(as_text=True)
    walk(resident, "ar", COMPLAINT)
    pages["check"] = resident.get("/ar/new/check").get_data(as_text=True)
    case = send(resident, "ar")
    look_up(resident, case.reference, "ada@example.org", "ar")
    pages["status"] = resident.get("/ar/status/case").get_data(as_text=True)
    pages["staff-case"] = officer.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    files = []
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(path)
    assert validate(files, tmp_path) == []
