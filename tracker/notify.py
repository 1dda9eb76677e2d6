"""Messages to residents, written in their language from templates and sent through the outbox."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext

from casecore.deadlines import acknowledgement_and_response
from portal.i18n import in_language, site_data

from .links import external
from .models import Case
from .outbox import deliver, queue
from .settings import tracker_config


def send_received(case: Case) -> None:
    """Tell a resident who gave an email address that we have their complaint, compliment or suggestion."""
    if not case.email:
        return
    site = site_data()
    language = site.language(case.language) or site.languages[0]
    procedure = site.procedures[case.procedure]
    acknowledge_by, respond_by = acknowledgement_and_response(procedure, case.received)
    with in_language(language):
        subject = gettext("We have received your message: %(reference)s", reference=case.reference)
        body = render_template(
            "emails/received.txt",
            case=case,
            acknowledge_by=acknowledge_by,
            respond_by=respond_by,
            status_link=external("status.lookup", lang=language.code),
        )
    message = queue(case, case.email, subject, body)
    deliver(tracker_config(), only=[message.id])
