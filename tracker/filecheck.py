"""What an uploaded file really is, and a clean copy of it to keep. No Flask, no database.

The type comes from the content (`filetype` reads the first bytes), never from the name or the browser's
word. Every photo is decoded and re-encoded from its pixels alone, so nothing the camera or an editor wrote
beside them survives: EXIF (the GPS position of the home, the phone's serial number), XMP, comments, ICC
profiles and any bytes appended after the image. HEIC (iPhones) is kept as JPEG, which every officer's
computer opens. A PDF is kept as sent, once `pypdf` has parsed it and found at least one page.
"""

from __future__ import annotations

import enum
import io
import unicodedata
import warnings
from dataclasses import dataclass

import filetype
import pillow_heif
from PIL import Image, ImageOps
from pypdf import PdfReader

pillow_heif.register_heif_opener()

# A photo's pixels are held in memory while it is re-encoded (3 bytes each): 64 megapixels is 192 MB, above
# any phone camera's full resolution (48 MP) and below Pillow's own decompression-bomb warning (89 MP).
MAX_PIXELS = 64_000_000
THUMBNAIL_SIZE = (240, 240)

# Sniffed type -> (the Pillow format that must decode it, the format it is kept in, its MIME type).
IMAGES = {
    "image/jpeg": ("JPEG", "JPEG", "image/jpeg"),
    "image/png": ("PNG", "PNG", "image/png"),
    "image/webp": ("WEBP", "WEBP", "image/webp"),
    "image/heic": ("HEIF", "JPEG", "image/jpeg"),
    "image/heif": ("HEIF", "JPEG", "image/jpeg"),
}
PDF = "application/pdf"
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", PDF: "pdf"}
# For the browser's file chooser only: a hint, never trusted.
ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif,application/pdf"


class Problem(enum.Enum):
    """Why a file was refused; the page says each in the resident's language."""

    EMPTY = "empty"
    TOO_LARGE = "too_large"
    WRONG_TYPE = "wrong_type"
    MISMATCH = "mismatch"  # says it is one type of image but decodes as another
    BROKEN_IMAGE = "broken_image"
    TOO_MANY_PIXELS = "too_many_pixels"
    BROKEN_PDF = "broken_pdf"
    LOCKED_PDF = "locked_pdf"


class Refused(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True)
class CleanFile:
    kind: str  # "photo" or "document"
    mime: str
    content: bytes
    thumbnail: bytes | None


def label(filename: str | None) -> str:
    """A file's name as a label only: no folders, no control characters, at most 120 characters."""
    name = unicodedata.normalize("NFC", (filename or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[:120] or "file"


def download_name(shown: str, mime: str) -> str:
    """The label with the extension of what we keep: 'IMG_0001.HEIC' is downloaded as 'IMG_0001.jpg'."""
    stem = shown.rsplit(".", 1)[0] if "." in shown.strip(".") else shown
    return f"{stem or 'file'}.{EXTENSIONS[mime]}"


def sniff(content: bytes) -> str | None:
    found = filetype.guess(content[:8192])
    return str(found.mime) if found is not None else None


def check(content: bytes, max_bytes: int) -> CleanFile:
    """A clean copy of an accepted file, or Refused with the reason."""
    if not content:
        raise Refused(Problem.EMPTY)
    if len(content) > max_bytes:
        raise Refused(Problem.TOO_LARGE)
    mime = sniff(content)
    if mime == PDF:
        _check_pdf(content)
        return CleanFile("document", PDF, content, None)
    if mime in IMAGES:
        return _reencode(content, *IMAGES[mime])
    raise Refused(Problem.WRONG_TYPE)


def _reencode(content: bytes, expected: str, keep_as: str, mime: str) -> CleanFile:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as opened:
                if opened.format != expected:
                    raise Refused(Problem.MISMATCH)
                if opened.width * opened.height > MAX_PIXELS:
                    raise Refused(Problem.TOO_MANY_PIXELS)
                opened.load()
                # Turned the way the camera was held, then only the pixels are kept.
                image = ImageOps.exif_transpose(opened)
    except Refused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
        raise Refused(Problem.TOO_MANY_PIXELS) from bomb
    except Exception as broken:  # Pillow raises many kinds for hostile input; all mean "does not decode"
        raise Refused(Problem.BROKEN_IMAGE) from broken
    if keep_as == "JPEG" and image.mode not in ("RGB", "L"):
        image = _flatten(image)
    elif image.mode not in ("RGB", "RGBA", "L", "LA", "P", "1"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    pixels = Image.new(image.mode, image.size)
    pixels.paste(image)  # a new image: no info, no EXIF, no ICC profile carried over
    if image.mode == "P":
        pixels.putpalette(image.getpalette() or [])
        if "transparency" in image.info:
            pixels.info["transparency"] = image.info["transparency"]
    out = io.BytesIO()
    options: dict[str, int] = {"JPEG": {"quality": 90}, "WEBP": {"quality": 90}, "PNG": {}}[keep_as]
    pixels.save(out, keep_as, **options)
    return CleanFile("photo", mime, out.getvalue(), thumbnail(pixels))


def _flatten(image: Image.Image) -> Image.Image:
    """Transparent or palette pixels on white, as RGB (JPEG keeps no transparency)."""
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def thumbnail(image: Image.Image) -> bytes:
    """A small JPEG for the case page, made once when the file arrives."""
    small = _flatten(image) if image.mode not in ("RGB", "L") else image.copy()
    small.thumbnail(THUMBNAIL_SIZE)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=80)
    return out.getvalue()


def _check_pdf(content: bytes) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(content), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise Refused(Problem.LOCKED_PDF)
            pages = len(reader.pages)
            for page in reader.pages:
                page.mediabox  # noqa: B018 - reads each page's dictionary
    except Refused:
        raise
    except Exception as broken:  # pypdf raises many kinds (and RecursionError) for a broken file
        raise Refused(Problem.BROKEN_PDF) from broken
    if pages == 0:
        raise Refused(Problem.BROKEN_PDF)
