"""Messages to residents, written in their language from templates and sent through the outbox."""

from __future__ import annotations

from flask import current_app, has_request_context, render_template
from flask_babel import gettext

from casecore.deadlines import acknowledgement_and_response, deadlines
from sitekit.i18n import format_day, in_language, site_data

from . import clock
from .lettertext import Isolate
from .links import external
from .models import Case
from .outbox import deliver, queue
from .procedures import procedure_of
from .settings import tracker_config
from .wording import HAZARD_STEPS


def send_received(case: Case) -> None:
    """Tell a resident who gave an email address that we have their complaint, compliment or suggestion,
    with the hazard clock's next step when they reported one."""
    if not case.email:
        return
    from .hazards import next_due_step  # hazards reaches notify through casework

    site = site_data()
    language = site.language(case.language) or site.languages[0]
    procedure = procedure_of(case)
    acknowledge_by, respond_by = acknowledgement_and_response(procedure, case.received)
    isolate = Isolate(language.dir == "rtl")  # numbers and the reference read left to right in Arabic
    with in_language(language):
        subject = gettext("We have received your message: %(reference)s", reference=case.reference)
        body = render_template(
            "emails/received.txt",
            case=case,
            ltr=isolate,
            own=isolate.text,
            hazard_next=next_due_step(case, clock.today()),
            hazard_steps=HAZARD_STEPS,
            acknowledge_by=acknowledge_by,
            respond_by=respond_by,
            status_link=external("status.lookup", lang=language.code),
        )
    message = queue(case, case.email, subject, body)
    deliver(tracker_config(), only=[message.id])


def send_escalation_received(case: Case) -> None:
    """Confirm a request for stage 2, with the new dates, when the resident gave an email address."""
    if not case.email:
        return
    if not has_request_context():  # a command working cases: the layout's context needs a request
        with current_app.test_request_context():
            return send_escalation_received(case)
    site = site_data()
    language = site.language(case.language) or site.languages[0]
    procedure = procedure_of(case)
    stage2 = deadlines(procedure, case.dates, tracker_config().rules).stage2
    isolate = Isolate(language.dir == "rtl")
    with in_language(language):
        subject = gettext(
            "We have your request for stage 2: %(reference)s", reference=isolate(case.reference)
        )
        body = render_template(
            "emails/escalation.txt",
            case=case,
            ltr=isolate,
            on=lambda day: isolate.date(format_day(day)),
            acknowledge_by=stage2.acknowledge if stage2 else None,
            respond_by=stage2.respond_by if stage2 else None,
            status_link=external("status.lookup", lang=language.code),
        )
    message = queue(case, case.email, subject, body)
    deliver(tracker_config(), only=[message.id])
    return None
