"""Test files made with Pillow and pypdf (no binary fixtures), and helpers to add them on the form."""

from __future__ import annotations

import io

import pillow_heif
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from PIL import Image
from pypdf import PdfWriter
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import TestResponse, encode_multipart

from .conftest import COMPLAINT, csrf, page, post

pillow_heif.register_heif_opener()
GPS_IFD = 0x8825
TRAILER = b"HIDDEN-AFTER-THE-IMAGE-51.5793N-0.3342W"


def picture(fmt: str, size: tuple[int, int] = (64, 48), **options: object) -> bytes:
    image = Image.new("RGB", size, (180, 120, 40))
    for x in range(0, size[0], 8):  # a little detail, so it is a picture and not a flat colour
        image.putpixel((x, x % size[1]), (10, 10, 10))
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    """A phone photo: EXIF with the camera, the GPS position of the home, and bytes after the image."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15 Pro"  # Model
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 34.0, 45.6), 3: "W", 4: (0.0, 20.0, 3.1)})
    return picture("JPEG", exif=exif.tobytes()) + TRAILER


def pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


ACCEPTED = {
    "jpeg": (lambda: picture("JPEG"), "damp.jpg", "image/jpeg"),
    "png": (lambda: picture("PNG"), "ceiling.png", "image/png"),
    "webp": (lambda: picture("WEBP"), "window.webp", "image/webp"),
    "heic": (lambda: picture("HEIF"), "IMG_0001.HEIC", "image/jpeg"),  # HEIC is kept as JPEG
    "pdf": (pdf, "letter.pdf", "application/pdf"),
}


def to_evidence(client: FlaskClient, lang: str = "en") -> None:
    """Answer the pages before the one for files."""
    for step in ("kind", "area", "reported", "tenure", "hazard", "details"):
        post(client, f"/{lang}/new/{step}", COMPLAINT[step])


def upload(
    client: FlaskClient,
    files: list[tuple[bytes, str]],
    lang: str = "en",
    action: str = "upload",
    url: str | None = None,
    to: str | None = None,
) -> TestResponse:
    """Choose `files` on the page at `url` (the form's page for files); send them to `to` or the page."""
    url = url or f"/{lang}/new/evidence"
    soup = page(client.get(url))
    parts = MultiDict([("csrf_token", csrf(soup)), ("action", action)])
    for content, name in files:
        parts.add("files", FileStorage(io.BytesIO(content), filename=name))
    # Encoded in memory: the test client's own encoder spills large bodies to a temporary file it leaves open.
    boundary, body = encode_multipart(parts)
    return client.post(to or url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def listed(soup: BeautifulSoup) -> list[str]:
    return [dt.get_text(strip=True) for dt in soup.select(".file-list dt")]
