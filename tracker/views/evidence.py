"""The form's page for photos and documents: each file is checked and kept as soon as it is sent, listed with
a "remove" button, and the resident continues when they have added what they want (or nothing)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from .. import attachments, drafts, journey
from ..attachments import Rejected
from ..filecheck import ACCEPT, Problem
from ..forms.journey import EvidenceForm
from ..settings import tracker_config


def problem_message(rejected: Rejected) -> str:
    """What was wrong with one file, in the reader's language, naming the file."""
    config = tracker_config()
    name = rejected.label
    match rejected.problem:
        case None:
            text = gettext(
                "%(file)s was not added: you can add up to %(count)d files.",
                file=name,
                count=config.max_files,
            )
        case Problem.EMPTY:
            text = gettext("%(file)s is empty.", file=name)
        case Problem.TOO_LARGE:
            text = gettext(
                "%(file)s is larger than %(size)d MB. Choose a smaller file.",
                file=name,
                size=config.max_file_mb,
            )
        case Problem.WRONG_TYPE:
            text = gettext(
                "%(file)s is not a photo or a PDF. Choose a JPEG, PNG, WebP or HEIC photo or a PDF.",
                file=name,
            )
        case Problem.MISMATCH:
            text = gettext(
                "%(file)s is not the kind of image it says it is. Save it again as a JPEG or PNG.", file=name
            )
        case Problem.BROKEN_IMAGE:
            text = gettext(
                "%(file)s could not be opened as a photo. It may be damaged: try saving it again.", file=name
            )
        case Problem.TOO_MANY_PIXELS:
            text = gettext(
                "%(file)s is too big a picture. Save it at a smaller size and try again.", file=name
            )
        case Problem.BROKEN_PDF:
            text = gettext(
                "%(file)s could not be opened as a PDF. It may be damaged: try saving it again.", file=name
            )
        case Problem.LOCKED_PDF:
            text = gettext(
                "%(file)s is protected by a password. Save a copy without the password and try again.",
                file=name,
            )
    return str(text)


def page(answers: dict[str, Any], today: date, changing: bool, back: str) -> Response | str:
    token = session.get(drafts.KEY)
    assert isinstance(token, str), "the page after the details: the draft exists"
    form = EvidenceForm()
    here = url_for(".step", step="evidence", change="1" if changing else None)
    if form.validate_on_submit():
        remove = request.form.get("remove", "")
        if remove.isdigit():
            attachments.remove_from_draft(token, int(remove))
            return redirect(here)
        uploads = attachments.uploaded_files()
        if uploads:
            _added, rejected = attachments.add_to_draft(token, uploads)
            drafts.save(answers)  # the draft is in use: not abandoned
            if rejected:
                form.files.errors = [problem_message(r) for r in rejected]
        elif request.form.get("action") == "upload":
            form.files.errors = [gettext("Choose a photo or document to add")]
        if not form.files.errors:
            if request.form.get("action") == "upload":
                return redirect(here)
            answers = journey.clean({**answers, **form.answers()}, today)
            drafts.save(answers)
            following = journey.next_step(answers, today, "evidence", changing)
            keep_changing = changing and following != "check"
            return redirect(url_for(".step", step=following, change="1" if keep_changing else None))
    config = tracker_config()
    held = attachments.for_draft(token)
    return render_template(
        "views/journey/evidence.html",
        form=form,
        answers=answers,
        step="evidence",
        changing=changing,
        back=back,
        held=held,
        room=config.max_files - len(held),
        max_files=config.max_files,
        max_file_mb=config.max_file_mb,
        accept=ACCEPT,
    )
