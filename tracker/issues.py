"""More than one issue (policy 7.4): a further issue raised before the stage 1 response is added to the
case and answered in it; one raised after it is logged as a new complaint linked to the first; a second
report of the same complaint is marked a duplicate and linked to the case that deals with it. Each writes
an event on every case it touches, so both timelines keep it."""

from __future__ import annotations

from casecore.deadlines import CaseDates, next_deadline
from casecore.references import InvalidReference, new_reference, parse
from casecore.states import Action, Kind, Status

from . import casework
from .db import database
from .models import Case, CaseIssue, Staff, now, record

BEFORE_RESPONSE = (Status.RECEIVED, Status.ACKNOWLEDGED, Status.EXTENDED)
# What the new complaint takes from the first: who the resident is, how to reach them, what they need.
RESIDENT_FIELDS = (
    "service_area",
    "procedure",
    "language",
    "anonymous",
    "name",
    "email",
    "phone",
    "address",
    "postcode",
    "contact_method",
    "on_behalf",
    "behalf_name",
    "behalf_relationship",
    "consent_confirmed",
    "behalf_address",
    "behalf_postcode",
    "consent_basis",
    "consent_reason",
    "adjustments_for",
    "formats",
    "interpreter_language",
    "adjustments_other",
    "email_key",
    "postcode_key",
    "access_code_hash",
    "vulnerability",
    "adjustment_agreed",
)


def add_issue(case: Case, staff: Staff, text: str, ctx: casework.Context) -> CaseIssue:
    """A further issue, answered in the stage 1 response: refused once that response has been sent."""
    if Kind(case.kind) != Kind.COMPLAINT:
        raise casework.Refused(f"a {case.kind} has no issues to add")
    if Status(case.status) not in BEFORE_RESPONSE:
        raise casework.Refused(
            "the stage 1 response has been sent, so a new issue is logged as a new complaint "
            "linked to this one"
        )
    with database.atomic():
        issue = CaseIssue.create(case=case, description=text, added_by=staff.username)
        record(case, "issue_added", actor=staff.username, issue=text)
    return issue


def log_linked(case: Case, staff: Staff, text: str, ctx: casework.Context) -> Case:
    """A new complaint about a new issue, for the same resident, linked to this case, received today."""
    if Kind(case.kind) != Kind.COMPLAINT:
        raise casework.Refused(f"a {case.kind} has no issues to add")
    if Status(case.status) in BEFORE_RESPONSE:
        raise casework.Refused(
            "the stage 1 response has not been sent: add the issue to this complaint, to be answered in it"
        )
    fields = {name: getattr(case, name) for name in RESIDENT_FIELDS}
    with database.atomic():
        new = Case.create(
            reference=new_reference(),
            kind=Kind.COMPLAINT.value,
            status=Status.RECEIVED.value,
            channel="linked",
            received=ctx.today,
            description=text,
            related_to=case,
            next_due=next_deadline(
                Status.RECEIVED.value, ctx.procedure, CaseDates(received=ctx.today), ctx.rules
            ),
            created_at=now(),
            **fields,
        )
        record(new, "received", actor=staff.username, channel="linked", linked_from=case.reference)
        record(case, "linked_complaint_logged", actor=staff.username, new_case=new.reference, issue=text)
    return new


def mark_duplicate(case: Case, staff: Staff, typed: str, ctx: casework.Context) -> Case:
    """This case repeats another: it is closed as a duplicate, linked to the case that deals with it."""
    try:
        reference = parse(typed)
    except InvalidReference as problem:
        raise casework.Refused("that is not a valid reference: check each letter and number") from problem
    original = Case.get_or_none(Case.reference == reference)
    if original is None:
        raise casework.Refused(f"no case has the reference {reference}")
    if original.id == case.id:
        raise casework.Refused("a case cannot be a duplicate of itself")
    if original.duplicate_of is not None:
        raise casework.Refused(
            f"{reference} is itself a duplicate; link this case to {original.duplicate_of.reference}"
        )
    new = casework._move(case, Action.MARK_DUPLICATE)
    with database.atomic():
        casework._apply(
            case,
            staff,
            "marked_duplicate",
            ctx,
            {"of": original.reference},
            status=new.value,
            duplicate_of=original.id,
            closed=ctx.today,
        )
        record(original, "duplicate_linked", actor=staff.username, duplicate=case.reference)
    return original
