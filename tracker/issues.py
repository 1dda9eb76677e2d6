"""More than one issue (policy 7.4): a further issue raised before the stage 1 response is added to the
case and answered in it; one raised after it is logged as a new complaint linked to the first; a second
report of the same complaint is marked a duplicate and linked to the case that deals with it. Each writes
an event on every case it touches, so both timelines keep it."""

from __future__ import annotations

from casecore.channels import Channel, Consent, Tenure
from casecore.references import InvalidReference, parse
from casecore.states import Action, Kind, Status
from sitekit.i18n import site_data

from . import cases, casework
from .db import database
from .models import Case, CaseIssue, Staff, record
from .settings import tracker_config

BEFORE_RESPONSE = (Status.RECEIVED, Status.ACKNOWLEDGED, Status.EXTENDED)


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
    with database.atomic():
        new = _open_linked(case, staff, text, ctx)
        record(case, "linked_complaint_logged", actor=staff.username, new_case=new.reference, issue=text)
    return new


def _open_linked(case: Case, staff: Staff, text: str, ctx: casework.Context) -> Case:
    """The new complaint, through the one door every case goes through, with the first case's resident."""
    return cases.open_case(
        cases.Intake(
            kind=Kind.COMPLAINT,
            channel=Channel.LINKED,
            service_area=case.service_area,
            language=case.language,
            received=ctx.today,
            description=text,
            tenure=Tenure(case.tenure) if case.tenure else None,
            contact_method=case.contact_method,
            name=case.name,
            email=case.email,
            phone=case.phone,
            address=case.address,
            postcode=case.postcode,
            on_behalf=case.on_behalf,
            behalf_name=case.behalf_name,
            behalf_relationship=case.behalf_relationship,
            behalf_address=case.behalf_address,
            behalf_postcode=case.behalf_postcode,
            consent=Consent(case.consent_basis)
            if case.consent_basis
            else (Consent.AGREED if case.consent_confirmed else None),
            consent_reason=case.consent_reason,
            formats=tuple(part for part in (case.formats or "").split(",") if part),
            interpreter_language=case.interpreter_language,
            adjustments_other=case.adjustments_other,
            adjustments_for=case.adjustments_for,
        ),
        site_data(),
        ctx.rules,
        tracker_config().secret_key,
        actor=staff.username,
        linked_from=case,
    ).case


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
