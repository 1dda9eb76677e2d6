"""Photos and documents kept with a draft, then with its case: adding (each file checked by
tracker.filecheck), listing without reading the files, moving a draft's files to its case, and the
larger request limit that only the pages taking files get."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from babel.units import format_unit
from flask import Flask, Request, current_app
from flask import request as current_request
from werkzeug.datastructures import FileStorage

from sitekit.i18n import current_language

from . import filecheck
from .filecheck import Problem, Refused
from .models import Attachment, Case, Draft, record
from .settings import tracker_config

# The pages that take files: (endpoint, the value of `step` in the address, or None for any).
UPLOAD_PAGES = {("journey.step", "evidence"), ("casefiles.add", None)}
# The multipart parser holds up to this much of the body while it looks for the next boundary (it reads
# 64 KB at a time): the small MAX_FORM_MEMORY_SIZE of other pages refuses a file of a few MB from a socket.
UPLOAD_FORM_MEMORY = 512 * 1024


def takes_files(request: Request) -> bool:
    endpoint, args = request.endpoint, request.view_args or {}
    return (endpoint, args.get("step")) in UPLOAD_PAGES or (endpoint, None) in UPLOAD_PAGES


class UploadRequest(Request):
    """The request limit is MAX_CONTENT_LENGTH (small) except on the pages that take files, which allow
    every file at its largest. Files are parsed into memory, never into a temporary file on disk."""

    @property
    def max_content_length(self) -> int | None:
        if current_app and takes_files(self):
            return tracker_config().upload_request_bytes
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value

    @property
    def max_form_memory_size(self) -> int | None:
        if current_app and takes_files(self):
            return UPLOAD_FORM_MEMORY
        return super().max_form_memory_size

    @max_form_memory_size.setter
    def max_form_memory_size(self, value: int | None) -> None:
        self._max_form_memory_size = value

    def _get_file_stream(
        self,
        total_content_length: int | None,
        content_type: str | None,
        filename: str | None = None,
        content_length: int | None = None,
    ) -> io.BytesIO:
        return io.BytesIO()


def init_app(app: Flask) -> None:
    app.request_class = UploadRequest
    app.jinja_env.filters["filesize"] = file_size


def file_size(size: int) -> str:
    """1,234,567 -> '1.2 MB' in the reader's language."""
    locale = current_language().locale
    if size >= 1024 * 1024:
        return format_unit(size / 1024 / 1024, "digital-megabyte", "short", "#,##0.#", locale=locale)
    return format_unit(max(1, round(size / 1024)), "digital-kilobyte", "short", "#,##0", locale=locale)


@dataclass(frozen=True)
class Listed:
    """A file as listed: everything but its content."""

    id: int
    kind: str
    mime: str
    label: str
    size: int
    added_by: str
    created_at: Any

    @property
    def download_name(self) -> str:
        return filecheck.download_name(self.label, self.mime)


@dataclass(frozen=True)
class Rejected:
    label: str
    problem: Problem | None  # None: over the number of files allowed


_LISTED = (
    Attachment.id,
    Attachment.kind,
    Attachment.mime,
    Attachment.label,
    Attachment.size,
    Attachment.added_by,
    Attachment.created_at,
)


def _listed(query: Any) -> list[Listed]:
    return [Listed(**row) for row in query.order_by(Attachment.id).dicts()]


def for_draft(token: str | None) -> list[Listed]:
    if not token:
        return []
    return _listed(Attachment.select(*_LISTED).where(Attachment.draft == token))


def for_case(case: Case) -> list[Listed]:
    return _listed(Attachment.select(*_LISTED).where(Attachment.case == case))


def count_for_case(case: Case) -> int:
    return int(Attachment.select().where(Attachment.case == case).count())


def chosen(files: list[FileStorage]) -> list[FileStorage]:
    """The files a browser sent: an empty part (nothing chosen) is not a file."""
    return [f for f in files if f.filename]


def _read(upload: FileStorage, max_bytes: int) -> bytes:
    """At most one byte more than the limit: enough to know it is too large."""
    return bytes(upload.stream.read(max_bytes + 1))


def add_to_draft(token: str, uploads: list[FileStorage]) -> tuple[list[Listed], list[Rejected]]:
    """Check and keep each file, up to the number allowed; returns what was added and what was refused."""
    config = tracker_config()
    draft = Draft.get_by_id(token)
    room = config.max_files - len(for_draft(token))
    added, rejected = [], []
    for upload in uploads:
        name = filecheck.label(upload.filename)
        if room <= 0:
            rejected.append(Rejected(name, None))
            continue
        try:
            clean = filecheck.check(_read(upload, config.max_file_bytes), config.max_file_bytes)
        except Refused as refused:
            rejected.append(Rejected(name, refused.problem))
            continue
        added.append(_store(clean, name, "resident", draft=draft))
        room -= 1
    return added, rejected


def add_to_case(
    case: Case, uploads: list[FileStorage], staff_name: str
) -> tuple[list[Listed], list[Rejected]]:
    """An officer adds files to a case (a letter that came by post, scanned): each is an event."""
    limit = tracker_config().max_file_bytes
    added, rejected = [], []
    for upload in uploads:
        name = filecheck.label(upload.filename)
        try:
            clean = filecheck.check(_read(upload, limit), limit)
        except Refused as refused:
            rejected.append(Rejected(name, refused.problem))
            continue
        stored = _store(clean, name, staff_name, case=case)
        record(case, "file_added", actor=staff_name, file=stored.label, kind=stored.kind)
        added.append(stored)
    return added, rejected


def _store(clean: filecheck.CleanFile, name: str, by: str, **owner: Any) -> Listed:
    row = Attachment.create(
        kind=clean.kind,
        mime=clean.mime,
        label=name,
        size=len(clean.content),
        content=clean.content,
        thumbnail=clean.thumbnail,
        added_by=by,
        **owner,
    )
    return Listed(row.id, row.kind, row.mime, row.label, row.size, row.added_by, row.created_at)


def remove_from_draft(token: str, attachment_id: int) -> None:
    Attachment.delete().where((Attachment.id == attachment_id) & (Attachment.draft == token)).execute()


def move_to_case(token: str | None, case: Case) -> int:
    """When the form is sent, the draft's files become the case's (one event, with how many)."""
    if not token:
        return 0
    moved = int(Attachment.update(case=case, draft=None).where(Attachment.draft == token).execute())
    if moved:
        record(case, "files_received", count=moved)
    return moved


def download(case: Case, attachment_id: int, by: str) -> Attachment | None:
    """A case's file, with its content, for an officer to save: each download is an event in the timeline."""
    found: Attachment | None = Attachment.get_or_none(
        (Attachment.id == attachment_id) & (Attachment.case == case)
    )
    if found is not None:
        record(case, "file_downloaded", actor=by, file=found.label)
    return found


def thumbnail(case: Case, attachment_id: int) -> bytes | None:
    row = (
        Attachment.select(Attachment.thumbnail)
        .where((Attachment.id == attachment_id) & (Attachment.case == case))
        .first()
    )
    return bytes(row.thumbnail) if row is not None and row.thumbnail is not None else None


def uploaded_files() -> list[FileStorage]:
    return chosen(current_request.files.getlist("files"))
