"""A case for staff: details, deadlines, timeline and letters, and every action the procedure allows now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from casecore.deadlines import deadlines
from casecore.states import Action, IllegalTransition, Kind, Status, allowed_actions, transition
from portal.i18n import site_data

from .. import attachments, casework, clock, letters
from ..casework import Context, Refused
from ..filecheck import ACCEPT
from ..forms import BaseForm
from ..forms.staff import (
    AcknowledgeForm,
    AssignForm,
    CloseForm,
    ComplimentForm,
    DeterminationForm,
    EscalateForm,
    ExtendForm,
    NeedsForm,
    NotAcceptedForm,
    NoteForm,
    ReasonForm,
    ReferralForm,
    RespondForm,
    RestrictForm,
    SafeguardingForm,
    SuggestionForm,
)
from ..models import Case, Event, Letter, Staff
from ..outbox import deliver, queue
from ..settings import tracker_config
from ..staff.auth import has_role, staff_required
from ..wording import OUTCOMES

bp = Blueprint("casepage", __name__, url_prefix="/staff/cases")


def _always(case: Case) -> bool:
    return True


@dataclass(frozen=True)
class CaseAction:
    title: str
    form: type[BaseForm]
    role: str
    run: Callable[[Case, Staff, Any, Context], None]
    applies: Callable[[Case], bool] = _always
    state: Action | None = None  # an action of the case state machine, allowed only where it allows it

    def available(self, case: Case) -> bool:
        if self.state is not None:
            return self.state in allowed_actions(Kind(case.kind), Status(case.status))
        return self.applies(case)

    def why_not(self, case: Case) -> str:
        if self.state is not None:
            try:
                transition(Kind(case.kind), Status(case.status), self.state)
            except IllegalTransition as refused:
                return refused.reason
        return f"it does not apply to this {case.kind}"


def _acknowledge(case: Case, staff: Staff, form: AcknowledgeForm, ctx: Context) -> None:
    casework.acknowledge(case, staff, form.definition.data, ctx)
    stage = case.stage
    due = deadlines(ctx.procedure, case.dates, ctx.rules)
    current = due.stage2 if stage == 2 else due.stage1
    if Kind(case.kind) == Kind.COMPLAINT and current is not None:
        letters.send(
            case,
            "acknowledgement",
            stage,
            staff,
            definition=form.definition.data,
            received=case.escalation_requested if stage == 2 else case.received,
            respond_by=current.respond,
        )


def _extend(case: Case, staff: Staff, form: ExtendForm, ctx: Context) -> None:
    casework.extend(case, staff, form.new_date.data, form.reason.data, ctx)
    letters.send(case, "extension", case.stage, staff, reason=form.reason.data, new_date=form.new_date.data)


def _respond(case: Case, staff: Staff, form: RespondForm, ctx: Context) -> None:
    detail = {
        key: getattr(form, key).data or None for key in ("reasons", "remedy", "outstanding", "learning")
    }
    casework.respond(case, staff, form.outcome.data, form.remedy_due.data, ctx, detail)
    if Kind(case.kind) == Kind.COMPLAINT:
        stage = 2 if Status(case.status) == Status.STAGE2_RESPONDED else 1
        closes = deadlines(ctx.procedure, case.dates, ctx.rules).escalation_closes
        letters.send(
            case,
            "response",
            stage,
            staff,
            definition=case.stage2_definition if stage == 2 else case.definition,
            decision=str(OUTCOMES[form.outcome.data]),
            remedy_due=form.remedy_due.data,
            escalate_by=closes,
            **detail,
        )


def _not_accept(case: Case, staff: Staff, form: NotAcceptedForm, ctx: Context) -> None:
    casework.not_accept(case, staff, form.code.data, form.reason.data, ctx)
    letters.send(case, "not_accepted", case.stage, staff, reason=form.reason.data)


def _escalate(case: Case, staff: Staff, form: EscalateForm, ctx: Context) -> None:
    casework.escalate(case, staff, form.asked_on.data, form.reason.data or None, ctx)


def _safeguarding(case: Case, staff: Staff, form: SafeguardingForm, ctx: Context) -> None:
    casework.flag_safeguarding(case, staff, form.concern.data, ctx)
    link = url_for("casepage.show", reference=case.reference, _external=True)
    message = queue(
        case,
        tracker_config().safeguarding_email,
        f"Safeguarding concern on case {case.reference}",
        f"{staff.name} flagged a safeguarding concern on case {case.reference}.\n\nOpen it: {link}\n",
    )
    deliver(tracker_config(), only=[message.id])


ACTIONS: dict[str, CaseAction] = {
    "acknowledge": CaseAction(
        "Acknowledge",
        AcknowledgeForm,
        "handler",
        _acknowledge,
        state=Action.ACKNOWLEDGE,
    ),
    "extend": CaseAction("Extend the time to respond", ExtendForm, "handler", _extend, state=Action.EXTEND),
    "respond": CaseAction("Respond", RespondForm, "handler", _respond, state=Action.RESPOND),
    "escalate": CaseAction(
        "Record a request for stage 2",
        EscalateForm,
        "handler",
        _escalate,
        state=Action.REQUEST_ESCALATION,
    ),
    "close": CaseAction(
        "Close",
        CloseForm,
        "handler",
        lambda c, s, f, x: casework.close(c, s, x),
        state=Action.CLOSE,
    ),
    "not-accept": CaseAction(
        "Not accepted as a complaint",
        NotAcceptedForm,
        "manager",
        _not_accept,
        state=Action.NOT_ACCEPT,
    ),
    "reclassify": CaseAction(
        "Deal with as a service request",
        ReasonForm,
        "handler",
        lambda c, s, f, x: casework.reclassify(c, s, f.reason.data, x),
        state=Action.RECLASSIFY,
    ),
    "withdraw": CaseAction(
        "Withdrawn by the resident",
        ReasonForm,
        "handler",
        lambda c, s, f, x: casework.withdraw(c, s, f.reason.data, x),
        state=Action.WITHDRAW,
    ),
    "assign": CaseAction(
        "Assign",
        AssignForm,
        "handler",
        lambda c, s, f, x: casework.assign(c, s, Staff.get_by_id(f.to.data), x),
    ),
    "note": CaseAction(
        "Add an internal note",
        NoteForm,
        "handler",
        lambda c, s, f, x: casework.note(c, s, f.text.data, x),
    ),
    "needs": CaseAction(
        "Record a disability or vulnerability",
        NeedsForm,
        "handler",
        lambda c, s, f, x: casework.record_needs(c, s, f.vulnerability.data, f.adjustment.data, x),
    ),
    "safeguarding": CaseAction("Flag a safeguarding concern", SafeguardingForm, "handler", _safeguarding),
    "restrict": CaseAction(
        "Restrict contact (section 13)",
        RestrictForm,
        "manager",
        lambda c, s, f, x: casework.restrict_contact(c, s, f.reason.data, f.review.data, x),
    ),
    "referral": CaseAction(
        "Record an Ombudsman referral",
        ReferralForm,
        "handler",
        lambda c, s, f, x: casework.refer_to_ombudsman(c, s, f.body.data, f.referred.data, x),
        applies=lambda case: case.kind == Kind.COMPLAINT.value,
    ),
    "determination": CaseAction(
        "Record the Ombudsman's determination",
        DeterminationForm,
        "manager",
        lambda c, s, f, x: casework.ombudsman_determination(c, s, f.determination.data, f.on.data, x),
        applies=lambda case: case.ombudsman_referred is not None,
    ),
    "compliment": CaseAction(
        "Record who was praised",
        ComplimentForm,
        "handler",
        lambda c, s, f, x: casework.record_compliment(c, s, f.praised.data, x),
        applies=lambda case: case.kind == Kind.COMPLIMENT.value,
    ),
    "suggestion": CaseAction(
        "Record what we did with the suggestion",
        SuggestionForm,
        "handler",
        lambda c, s, f, x: casework.record_suggestion(c, s, f.action_taken.data, bool(f.told.data), x),
        applies=lambda case: case.kind == Kind.SUGGESTION.value,
    ),
}


def _case(reference: str) -> Case:
    case = Case.get_or_none(Case.reference == reference)
    if case is None:
        abort(404)
    return case


def _context(case: Case) -> Context:
    return Context(site_data().procedures[case.procedure], tracker_config().rules, clock.today())


def _forms(case: Case, failed: str | None = None, failed_form: BaseForm | None = None) -> dict[str, BaseForm]:
    forms: dict[str, BaseForm] = {}
    for name, action in ACTIONS.items():
        if not action.available(case) or not has_role(g.staff, action.role):
            continue
        # Each action's fields are prefixed with its name: one page, many forms, no id used twice.
        form = (
            failed_form
            if name == failed and failed_form is not None
            else action.form(formdata=None, prefix=name)
        )
        if name == "assign":
            form.to.choices = [
                SelectChoice(s.id, f"{s.name} ({s.team or s.role})")
                for s in Staff.select().where(Staff.active == True).order_by(Staff.name)  # noqa: E712
            ]
        if name == "acknowledge" and form.definition.data is None:
            # A start for the definition: the resident's own words, to be rewritten by the handler.
            wanted = f"\n\nOutcome wanted: {case.outcome_wanted}" if case.outcome_wanted else ""
            form.definition.data = case.description + wanted
        forms[name] = form
    return forms


def _render(
    case: Case, forms: dict[str, BaseForm], refused: str | None = None, status: int = 200
) -> tuple[str, int]:
    ctx = _context(case)
    site = site_data()
    return render_template(
        "views/staff/case.html",
        case=case,
        area=site.service_areas[case.service_area],
        procedure=ctx.procedure,
        due=deadlines(ctx.procedure, case.dates, ctx.rules),
        events=list(Event.select().where(Event.case == case).order_by(Event.at, Event.id)),
        letters=list(Letter.select().where(Letter.case == case).order_by(Letter.id)),
        files=attachments.for_case(case),
        file_accept=ACCEPT,
        max_file_mb=tracker_config().max_file_mb,
        forms=forms,
        actions=ACTIONS,
        refused=refused,
        assignee=Staff.get_or_none(Staff.id == case.__data__.get("assignee")),
        stage1_handler=Staff.get_or_none(Staff.id == case.__data__.get("stage1_handler")),
    ), status


@bp.route("/<reference>")
@staff_required()
def show(reference: str) -> tuple[str, int]:
    case = _case(reference)
    return _render(case, _forms(case))


@bp.route("/<reference>/<name>", methods=["POST"])
@staff_required()
def act(reference: str, name: str) -> Response | tuple[str, int]:
    case = _case(reference)
    action = ACTIONS.get(name)
    if action is None:
        abort(404)
    if not has_role(g.staff, action.role):
        abort(403)
    form = action.form(prefix=name)
    if name == "assign":
        form.to.choices = [SelectChoice(s.id, s.name) for s in Staff.select()]
    if not action.available(case):
        return _render(
            case,
            _forms(case),
            refused=f"{action.title}: refused, because {action.why_not(case)}.",
            status=409,
        )
    if not form.validate():
        return _render(case, _forms(case, name, form), status=400)
    try:
        action.run(case, g.staff, form, _context(case))
    except Refused as refused:
        return _render(
            case,
            _forms(case, name, form),
            refused=f"{action.title}: refused, because {refused.reason}.",
            status=409,
        )
    flash(f"{action.title}: done.")
    return redirect(url_for(".show", reference=reference) + f"#{'timeline' if name == 'note' else 'summary'}")


@bp.route("/<reference>/letters/<int:letter_id>")
@staff_required()
def letter(reference: str, letter_id: int) -> str:
    case = _case(reference)
    found = Letter.get_or_none((Letter.id == letter_id) & (Letter.case == case))
    if found is None:
        abort(404)
    language = site_data().language(found.language) or site_data().languages[0]
    return render_template("views/staff/letter.html", case=case, letter=found, language=language)
