"""Check a case's status with its reference and a second factor, and ask for stage 2."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Blueprint, redirect, render_template, session, url_for
from werkzeug.wrappers import Response

from casecore.deadlines import deadlines
from casecore.procedures import Procedure
from casecore.states import Kind, Status, stage_of
from sitekit.i18n import site_data
from sitekit.sitedata import Contact

from .. import attachments, casework, clock, hazards, remedies
from ..cases import find_case
from ..casework import Context, Refused
from ..extensions import post_limit
from ..forms.status import EscalateForm, StatusForm
from ..models import Case
from ..procedures import procedure_of
from ..settings import tracker_config
from ..wording import (
    ANONYMOUS_RECEIVED,
    FEEDBACK_EXPLANATIONS,
    FEEDBACK_NAMES,
    HAZARD_STEPS,
    OUTCOMES,
    REMEDY_KINDS,
    STATUS_EXPLANATIONS,
    STATUS_NAMES,
)

bp = Blueprint("status", __name__, url_prefix="/<lang>/status")
VIEWING = "viewing"


@dataclass(frozen=True)
class StatusFacts:
    """What the status page may show: dates, stage, status and outcome. Nothing personal."""

    reference: str
    kind: str
    stage: int
    status: Status
    received: date
    acknowledged: date | None
    acknowledge_due: date | None
    respond_due: date | None
    extended_to: date | None
    extension_reason: str | None
    outcome: str | None
    can_escalate: bool
    escalation_closes: date | None
    escalation_requested: date | None
    escalation_late: bool
    ombudsman: Contact | None
    responded: date | None = None  # the day of this stage's response
    stage1: StageOne | None = None  # kept on the page once stage 2 is asked for


@dataclass(frozen=True)
class StageOne:
    """Stage 1 as it happened, shown under stage 2: its dates and decision, nothing personal."""

    received: date
    acknowledged: date | None
    responded: date | None
    outcome: str | None


def facts(case: Case, procedure: Procedure, today: date) -> StatusFacts:
    status = Status(case.status)
    found = deadlines(procedure, case.dates, tracker_config().rules)
    stage = stage_of(status) if status not in (Status.CLOSED,) else (2 if case.stage2_responded else 1)
    current = found.stage2 if stage == 2 and found.stage2 else found.stage1
    if Kind(case.kind) != Kind.COMPLAINT:  # a compliment or suggestion has no complaint deadlines
        current = None
    # A case closed after stage 1 may still go to stage 2: asking reopens it (late requests are flagged).
    can_escalate = Kind(case.kind) == Kind.COMPLAINT and (
        status == Status.RESPONDED
        or (status == Status.CLOSED and case.responded is not None and case.stage2_responded is None)
    )
    final = status in (Status.STAGE2_RESPONDED, Status.NOT_ACCEPTED) or (
        status == Status.CLOSED and case.stage2_responded
    )
    contacts = site_data().contacts
    return StatusFacts(
        reference=case.reference,
        kind=case.kind,
        stage=stage,
        status=status,
        received=case.escalation_requested if stage == 2 and case.escalation_requested else case.received,
        acknowledged=case.stage2_acknowledged if stage == 2 else case.acknowledged,
        acknowledge_due=current.acknowledge if current else None,
        respond_due=current.respond_by if current else None,
        extended_to=case.stage2_extended_to if stage == 2 else case.extended_to,
        extension_reason=case.stage2_extension_reason if stage == 2 else case.extension_reason,
        outcome=case.stage2_outcome if stage == 2 else case.outcome,
        can_escalate=can_escalate,
        escalation_closes=found.escalation_closes,
        escalation_requested=case.escalation_requested,
        escalation_late=case.escalation_late,
        ombudsman=contacts.get(procedure.ombudsman or "")
        if final and Kind(case.kind) == Kind.COMPLAINT
        else None,
        responded=case.stage2_responded if stage == 2 else case.responded,
        stage1=StageOne(case.received, case.acknowledged, case.responded, case.outcome)
        if stage == 2 and case.responded is not None
        else None,
    )


def _viewing() -> Case | None:
    case_id = session.get(VIEWING)
    return Case.get_or_none(Case.id == case_id) if isinstance(case_id, int) else None


@bp.route("/", methods=["GET", "POST"])
@post_limit(lambda: tracker_config().lookup_limit)
def lookup() -> Response | str:
    form = StatusForm()
    not_found = False
    if form.validate_on_submit():
        found = find_case(form.reference.data or "", form.secret.data or "", tracker_config().secret_key)
        if found is not None:
            session[VIEWING] = found
            return redirect(url_for(".case"))
        not_found = True
    return render_template("views/status/lookup.html", form=form, not_found=not_found)


def _render_case(found: Case, form: EscalateForm, escalated: bool = False) -> str:
    procedure = procedure_of(found)
    shown = facts(found, procedure, clock.today())
    kind = Kind(found.kind)
    return render_template(
        "views/status/case.html",
        facts=shown,
        status_name=FEEDBACK_NAMES.get((kind, shown.status)) or STATUS_NAMES[shown.status],
        status_explanation=ANONYMOUS_RECEIVED
        if found.anonymous and shown.status == Status.RECEIVED
        else FEEDBACK_EXPLANATIONS.get((kind, shown.status)) or STATUS_EXPLANATIONS[shown.status],
        anonymous=found.anonymous,
        outcome_name=OUTCOMES.get(shown.outcome or "", ""),
        outcomes=OUTCOMES,
        statutory=procedure.statutory,
        promises=remedies.for_resident(found, clock.today()),
        remedy_kinds=REMEDY_KINDS,
        escalated=escalated,
        emailed=bool(found.email),  # whether the dates were emailed: never the address itself
        form=form,
        files=attachments.count_for_case(found),
        hazard=hazards.clock_of(found, clock.today()),
        hazard_steps=HAZARD_STEPS,
    )


@bp.route("/case")
def case() -> Response | str:
    found = _viewing()
    if found is None:
        return redirect(url_for(".lookup"))
    return _render_case(found, EscalateForm(), escalated=session.pop("escalated", False))


@bp.route("/escalate", methods=["POST"])
def escalate() -> Response | str:
    found = _viewing()
    if found is None:
        return redirect(url_for(".lookup"))
    form = EscalateForm()
    if not form.validate_on_submit():
        return _render_case(found, form)
    context = Context.of(found)
    try:
        casework.escalate(found, "resident", context.today, form.reason.data or None, context)
    except Refused:
        return redirect(url_for(".case"))
    session["escalated"] = True
    return redirect(url_for(".case"))


@bp.route("/leave", methods=["POST"])
def leave() -> Response:
    session.pop(VIEWING, None)
    return redirect(url_for(".lookup"))
