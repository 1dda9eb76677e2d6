"""Letters to residents: acknowledgement, extension, responses, not accepted and a promise done, from
templates holding every element the policy requires, in the resident's language where a translation exists.
Each letter is kept, can be printed again, and is emailed through the outbox when the resident gave an
address."""

from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, render_template
from flask_babel import force_locale, gettext

from portal.i18n import current_language, set_language, site_data

from .models import Case, Letter, Staff
from .outbox import deliver, queue
from .settings import tracker_config
from .wording import REMEDY_KINDS, RESTRICTION_KINDS

KINDS = (
    "acknowledgement",
    "extension",
    "response",
    "not_accepted",
    "remedy_done",
    "restriction",
    "suggestion_answer",
)


def compose(case: Case, kind: str, stage: int, staff: Staff, **details: Any) -> tuple[str, str]:
    """(subject, body) of a letter in the resident's language."""
    site = site_data()
    language = site.language(case.language) or site.languages[0]
    procedure = site.procedures[case.procedure]
    ombudsman = site.contacts.get(procedure.ombudsman or "")
    reader = current_language()
    set_language(language)
    try:
        with force_locale(language.locale):
            subject = {
                "acknowledgement": gettext(
                    "We have received your complaint: %(reference)s", reference=case.reference
                ),
                "extension": gettext("We need more time: %(reference)s", reference=case.reference),
                "response": gettext(
                    "Our response to your complaint: %(reference)s", reference=case.reference
                ),
                "not_accepted": gettext("About your complaint: %(reference)s", reference=case.reference),
                "remedy_done": gettext(
                    "We have done what we promised: %(reference)s", reference=case.reference
                ),
                "restriction": gettext("How you can contact us: %(reference)s", reference=case.reference),
                "suggestion_answer": gettext(
                    "What we did with your suggestion: %(reference)s", reference=case.reference
                ),
            }[kind]
            body = render_template(
                f"letters/{kind}.txt",
                case=case,
                stage=stage,
                staff=staff,
                ombudsman=ombudsman,
                remedy_kinds=REMEDY_KINDS,
                restriction_kinds=RESTRICTION_KINDS,
                **details,
            )
    finally:
        set_language(reader)
    return subject, body.strip() + "\n"


def send(case: Case, kind: str, stage: int, staff: Staff, **details: Any) -> Letter:
    if has_request_context():
        subject, body = compose(case, kind, stage, staff, **details)
    else:  # a command or a script working cases: the layout's context needs a request, not a host
        with current_app.test_request_context():
            subject, body = compose(case, kind, stage, staff, **details)
    letter = Letter.create(
        case=case,
        kind=kind,
        stage=stage,
        language=case.language,
        subject=subject,
        body=body,
        created_by=staff.username,
    )
    if case.email:
        message = queue(case, case.email, subject, body)
        deliver(tracker_config(), only=[message.id])
    return letter
