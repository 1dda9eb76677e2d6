"""A case's photos and documents for staff: thumbnails, downloads (each an event in the timeline) and adding
a file to a case. Only signed-in staff reach any of it; residents never see a file once it is sent."""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, g, redirect, render_template, send_file, url_for
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from .. import attachments
from ..filecheck import Problem, download_name
from ..forms import BaseForm
from ..settings import tracker_config
from ..staff.auth import staff_required
from .casepage import _case, _forms, _render

bp = Blueprint("casefiles", __name__, url_prefix="/staff/cases")
# A download is never shown in the browser: it is saved, and even if it were opened nothing in it runs.
DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"
PROBLEMS = {
    None: "too many files",
    Problem.EMPTY: "the file is empty",
    Problem.TOO_LARGE: "it is over {mb} MB",
    Problem.WRONG_TYPE: "it is not a JPEG, PNG, WebP or HEIC photo or a PDF",
    Problem.MISMATCH: "its content is not the kind of image it claims to be",
    Problem.BROKEN_IMAGE: "the image does not decode",
    Problem.TOO_MANY_PIXELS: "the image has too many pixels",
    Problem.BROKEN_PDF: "the PDF does not parse",
    Problem.LOCKED_PDF: "the PDF needs a password",
}


@bp.route("/<reference>/files", methods=["POST"])
@staff_required()
def add(reference: str) -> Response | tuple[str, int]:
    case = _case(reference)
    form = BaseForm()
    if not form.validate():
        abort(400)
    uploads = attachments.uploaded_files()
    if not uploads:
        return _render(
            case, _forms(case), refused="Add a file: refused, because no file was chosen.", status=400
        )
    added, rejected = attachments.add_to_case(case, uploads, g.staff.username)
    if rejected:
        mb = tracker_config().max_file_mb
        why = "; ".join(f"{r.label}: {PROBLEMS[r.problem].format(mb=mb)}" for r in rejected)
        kept = f" ({len(added)} added)" if added else ""
        return _render(case, _forms(case), refused=f"Add a file: refused, because {why}{kept}.", status=400)
    flash(f"Added {len(added)} file{'s' if len(added) != 1 else ''}.")
    return redirect(url_for("casepage.show", reference=reference) + "#files")


@bp.route("/<reference>/files/<int:file_id>")
@staff_required()
def download(reference: str, file_id: int) -> Response:
    case = _case(reference)
    found = attachments.download(case, file_id, g.staff.username)
    if found is None:
        abort(404)
    name = download_name(found.label, found.mime)
    response = send_file(
        io.BytesIO(bytes(found.content)), mimetype=found.mime, as_attachment=True, download_name=name
    )
    return _private(response)


@bp.route("/<reference>/files/<int:file_id>/thumbnail")
@staff_required()
def thumbnail(reference: str, file_id: int) -> Response:
    case = _case(reference)
    small = attachments.thumbnail(case, file_id)
    if small is None:
        abort(404)
    return _private(send_file(io.BytesIO(small), mimetype="image/jpeg"))


def _private(response: Response) -> Response:
    """Personal data: never cached, never sniffed as another type, nothing in it run if it is opened."""
    response.headers["Content-Security-Policy"] = DOWNLOAD_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
    config = tracker_config()
    return render_template(
        "views/errors/too_large_files.html", max_files=config.max_files, max_file_mb=config.max_file_mb
    ), 413
