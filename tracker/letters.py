"""Letters to residents: acknowledgement, extension, responses, not accepted and a promise done, from
templates holding every element the policy requires, in the resident's language where a translation exists.
Each letter is kept, can be printed again, and is emailed through the outbox when the resident gave an
address."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app, has_request_context, render_template
from flask_babel import gettext

from casecore.remedies import given_in_letter
from sitekit.i18n import format_day, in_language, site_data

from . import clock
from .lettertext import Isolate, heading
from .models import Case, Letter, Staff
from .outbox import deliver, queue
from .procedures import procedure_of
from .settings import tracker_config
from .wording import HAZARD_STEPS, REMEDY_KINDS, RESTRICTION_KINDS

KINDS = (
    "acknowledgement",
    "extension",
    "response",
    "not_accepted",
    "remedy_done",
    "closed",
    "restriction",
    "restriction_lifted",
    "restriction_kept",
    "suggestion_answer",
)

# What a response gives in the letter itself (an apology, an explanation due by the letter's date) is listed
# as given, not as a promise still to keep: casecore.remedies.given_in_letter, the status page's rule too.


def given_on_day(promise: dict[str, Any], written: date) -> date | None:
    """The day a promise without a recorded letter (tracker.remedies.given_on) is given: this letter's
    day when casecore.remedies.given_in_letter says the letter gives it, else None."""
    return written if given_in_letter(promise["kind"], promise["due"], written) else None


def _given(promise: dict[str, Any], written: date, stage: int) -> dict[str, Any]:
    """A promise with the day it was given (`given`) and whether this letter gave it (`given_here`): an
    apology given at stage 1 is "given in our letter of" that day at stage 2, even the same day."""
    if "given_on" in promise:
        given = promise["given_on"]
        here = given is not None and promise.get("given_stage", stage) == stage
    else:
        given = given_on_day(promise, written)
        here = given is not None
    return {**promise, "given": given, "given_here": here}


def _hazard_next(case: Case, kind: str, stage: int) -> Any:
    """The hazard clock's next step and its date, for the stage 1 acknowledgement (None otherwise)."""
    if kind != "acknowledgement" or stage != 1:
        return None
    from .hazards import next_due_step  # hazards reaches letters through casework

    return next_due_step(case, clock.today())


def full_stop(text: Any) -> str:
    """The full stop to end a sentence that is what someone typed: none when it ends with one already."""
    return "" if str(text or "").rstrip().endswith((".", "!", "?", "\u061f", "\u06d4")) else "."


def recipient(case: Case) -> dict[str, Any]:
    """Whom the letter is to: the person who complained (an advocate writes "on behalf of" the resident),
    with their postal address where they gave one."""
    lines = [line.strip() for line in (case.address or "").splitlines() if line.strip()]
    if case.postcode and all(case.postcode.replace(" ", "") not in line.replace(" ", "") for line in lines):
        lines.append(case.postcode)
    return {
        "name": case.name or None,
        "on_behalf_of": case.behalf_name if case.on_behalf and case.behalf_name else None,
        "address": lines,
    }


def compose(case: Case, kind: str, stage: int, staff: Staff, **details: Any) -> tuple[str, str]:
    """(subject, body) of a letter in the resident's language."""
    site = site_data()
    language = site.language(case.language) or site.languages[0]
    procedure = procedure_of(case)
    ombudsman = site.contacts.get(procedure.ombudsman or "")
    isolate = Isolate(language.dir == "rtl")
    with in_language(language):
        written: date = details.pop("written", None) or clock.today()
        if details.get("promises"):
            details["promises"] = [_given(p, written, stage) for p in details["promises"]]
        subject = {
            "acknowledgement": gettext(
                "We are looking at your complaint again: %(reference)s", reference=isolate(case.reference)
            )
            if stage == 2
            else gettext("We have received your complaint: %(reference)s", reference=isolate(case.reference)),
            "extension": gettext("We need more time: %(reference)s", reference=isolate(case.reference)),
            "response": gettext(
                "Our final response to your complaint: %(reference)s", reference=isolate(case.reference)
            )
            if stage == 2
            else gettext("Our response to your complaint: %(reference)s", reference=isolate(case.reference)),
            "not_accepted": gettext("About your complaint: %(reference)s", reference=isolate(case.reference)),
            "remedy_done": gettext(
                "We have done what we promised: %(reference)s", reference=isolate(case.reference)
            ),
            "closed": gettext(
                "We have closed your complaint: %(reference)s", reference=isolate(case.reference)
            ),
            "restriction": gettext(
                "How you can contact us: %(reference)s", reference=isolate(case.reference)
            ),
            "restriction_lifted": gettext(
                "You can contact us in the usual ways again: %(reference)s", reference=isolate(case.reference)
            ),
            "restriction_kept": gettext(
                "We have reviewed how you can contact us: %(reference)s", reference=isolate(case.reference)
            ),
            "suggestion_answer": gettext(
                "What we did with your suggestion: %(reference)s", reference=isolate(case.reference)
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
            ltr=isolate,
            own=isolate.text,
            stop=full_stop,
            on=lambda day: isolate.date(format_day(day)),
            heading=heading,
            written=written,
            to=recipient(case),
            council=site.contacts[site.council.footer_contact],
            subject=subject,
            statutory=procedure.statutory,
            hazard_next=_hazard_next(case, kind, stage),
            hazard_steps=HAZARD_STEPS,
            timescales=procedure.timescales.get(case.service_area),  # the law's, from procedures.yaml
            **details,
        )
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
