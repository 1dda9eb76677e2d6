"""A case for staff: details, deadlines, timeline and letters, and every action the procedure allows now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from casecore.aftercare import close_refusal
from casecore.deadlines import deadlines, extension_closed
from casecore.feedback import RESTRICTIONS, procedure_exhausted, restriction_active
from casecore.hazards import HazardStep
from casecore.procedures import Regime
from casecore.remedies import STAFF_LABELS, pounds
from casecore.states import Action, IllegalTransition, Kind, Status, allowed_actions, transition
from sitekit.i18n import format_day, site_data

from .. import attachments, casework, hazards, issues, remedies, staffwords
from ..casework import Context, Refused
from ..filecheck import ACCEPT
from ..forms import BaseForm
from ..forms.staff import (
    CHANNEL_NAMES,
    HAZARD_STEP_CHOICES,
    TENURE_NAMES,
    UNCHANGED,
    AcknowledgeForm,
    AssignForm,
    ChangeDueForm,
    CloseForm,
    CompleteRemedyForm,
    ComplimentForm,
    ContactForm,
    DeterminationForm,
    DuplicateForm,
    EmptyForm,
    EscalateForm,
    ExtendForm,
    HazardKindForm,
    HazardStepForm,
    IssueForm,
    NeedsForm,
    NotAcceptedForm,
    NoteForm,
    PromiseForm,
    ReasonForm,
    ReferralForm,
    RespondForm,
    RestrictForm,
    ReviewRestrictionForm,
    SafeguardingDoneForm,
    SafeguardingForm,
    SameTeamForm,
    SuggestionForm,
)
from ..lettertext import blocks
from ..models import Case, CaseIssue, Event, Letter, Staff, Survey
from ..procedures import procedure_of
from ..settings import tracker_config
from ..staff.auth import has_role, staff_required

bp = Blueprint("casepage", __name__, url_prefix="/staff/cases")


def _always(case: Case) -> bool:
    return True


@dataclass(frozen=True)
class CaseAction:
    title: str
    form: type[BaseForm]
    role: str
    run: Callable[[Case, Staff, Any, Context], object]
    applies: Callable[[Case], bool] = _always
    state: Action | None = None  # an action of the case state machine, allowed only where it allows it
    why: Callable[[Case], str] | None = None  # why it does not apply now, where `applies` can say no

    def available(self, case: Case) -> bool:
        if self.state is not None:
            after_stage2 = case.stage2_responded is not None
            allowed = allowed_actions(Kind(case.kind), Status(case.status), after_stage2)
            return self.state in allowed and self.applies(case)
        return self.applies(case)

    def _state_refusal(self, case: Case) -> str | None:
        """The state machine's reason this action cannot happen now, if it has one."""
        if self.state is None:
            return None
        try:
            transition(Kind(case.kind), Status(case.status), self.state, case.stage2_responded is not None)
        except IllegalTransition as refused:
            return refused.reason
        return None

    def why_not(self, case: Case) -> str:
        refusal = self._state_refusal(case)
        if self.why is not None:  # the state machine's reason first, then this action's own
            if refusal is not None:
                return refusal
            if not self.applies(case):
                return self.why(case)
        if self.state is not None and not self.applies(case):
            return f"it does not apply to a {case.kind}"
        return refusal or f"it does not apply to this {case.kind} now"


def _respond(case: Case, staff: Staff, form: RespondForm, ctx: Context) -> None:
    detail = {
        key: getattr(form, key).data or None for key in ("reasons", "remedy", "outstanding", "learning")
    }
    casework.respond(case, staff, form.outcome.data, None, ctx, detail, form.promises())


def _complaint(case: Case) -> bool:
    return case.kind == Kind.COMPLAINT.value


def _feedback(case: Case) -> bool:
    return case.kind != Kind.COMPLAINT.value


def _after_response(case: Case) -> bool:
    return case.responded is not None


def _complaint_before_response(case: Case) -> bool:
    return case.kind == Kind.COMPLAINT.value and Status(case.status) in issues.BEFORE_RESPONSE


def _complaint_after_response(case: Case) -> bool:
    return case.kind == Kind.COMPLAINT.value and case.responded is not None


def _extension_closed(case: Case) -> str | None:
    """Why the response date in force cannot be extended now (None: it can): the procedure allows no
    extension at this stage, or the date has passed (the Code allows none once a response is late)."""
    ctx = Context.of(case)
    found = deadlines(ctx.procedure, case.dates, ctx.rules)
    due = found.stage2 if case.stage == 2 else found.stage1
    if due is None:
        return "this procedure's timescales are set by law, not here"
    return extension_closed(due, ctx.today, format_day)


def _hazard_steps(case: Case) -> tuple[list[HazardStep], str]:
    """The hazard steps that can be recorded now (casecore.hazards.recordable: the summary and the works
    only once the investigation has ended, each step once), and why the others cannot; with none, why."""
    hazard = hazards.of_case(case)
    if hazard is None:
        return [], "no hazard was reported on this case"
    found = hazards.steps_now(hazard)
    if not found:
        return [], "an officer found it is not a hazard, so it has no steps"
    now = [step for step, reason in found.items() if reason is None]
    later = "; ".join(f"{HAZARD_STEP_CHOICES[step]} ({reason})" for step, reason in found.items() if reason)
    if not now:
        return now, "every step is recorded"
    return now, f"Not offered now: {later}." if later else ""


def _close_refusal(case: Case) -> str | None:
    """Why closing would certainly be refused for the officer looking (None: it may be done): the stage 2
    window is open, or promises are open and only a manager may close with them, giving the reason."""
    ctx = Context.of(case)
    closes = deadlines(ctx.procedure, case.dates, ctx.rules).escalation_closes
    manager = has_role(g.staff, "manager")  # a manager's reason is asked for on the form
    return close_refusal(
        Kind(case.kind),
        Status(case.status),
        ctx.today,
        closes,
        remedies.open_count(case),
        "the manager's reason" if manager else None,
    )


def _stage2_open(case: Case) -> bool:
    return not case.stage2_override and Status(case.status) in (
        Status.ESCALATION_REQUESTED,
        Status.STAGE2_ACKNOWLEDGED,
        Status.STAGE2_EXTENDED,
    )


ACTIONS: dict[str, CaseAction] = {
    "acknowledge": CaseAction(
        "Acknowledge",
        AcknowledgeForm,
        "handler",
        lambda c, s, f, x: casework.acknowledge(c, s, f.definition.data, x),
        state=Action.ACKNOWLEDGE,
        applies=_complaint,
    ),
    "acknowledge-feedback": CaseAction(
        "Acknowledge",
        EmptyForm,
        "handler",
        lambda c, s, f, x: casework.acknowledge_feedback(c, s, x),
        state=Action.ACKNOWLEDGE,
        applies=_feedback,
    ),
    "extend": CaseAction(
        "Extend the time to respond",
        ExtendForm,
        "handler",
        lambda c, s, f, x: casework.extend(c, s, f.new_date.data, f.reason.data, x),
        state=Action.EXTEND,
        applies=lambda case: _extension_closed(case) is None,
        why=lambda case: _extension_closed(case) or "",
    ),
    "respond": CaseAction(
        "Respond", RespondForm, "handler", _respond, state=Action.RESPOND, applies=_complaint
    ),
    "escalate": CaseAction(
        "Record a request for stage 2",
        EscalateForm,
        "handler",
        lambda c, s, f, x: casework.escalate(c, s, f.asked_on.data, f.reason.data or None, x),
        state=Action.REQUEST_ESCALATION,
    ),
    "close": CaseAction(
        "Close",
        CloseForm,
        "handler",
        lambda c, s, f, x: casework.close(c, s, f.reason.data or None, x),
        state=Action.CLOSE,
        applies=lambda case: _close_refusal(case) is None,
        why=lambda case: _close_refusal(case) or "",
    ),
    "promise": CaseAction(
        "Add a promised remedy or action",
        PromiseForm,
        "handler",
        lambda c, s, f, x: remedies.add(c, s, f.promises()[0], x),
        applies=_complaint_after_response,  # a compliment or a suggestion promises no remedy
    ),
    "contact": CaseAction(
        "Record contact from the resident",
        ContactForm,
        "handler",
        lambda c, s, f, x: casework.record_contact(c, s, f.on.data, f.summary.data, x),
        applies=_after_response,
    ),
    "add-issue": CaseAction(
        "Add a further issue (answered in the stage 1 response)",
        IssueForm,
        "handler",
        lambda c, s, f, x: issues.add_issue(c, s, f.text.data, x),
        applies=_complaint_before_response,
    ),
    "linked": CaseAction(
        "Log a further issue as a new linked complaint",
        IssueForm,
        "handler",
        lambda c, s, f, x: issues.log_linked(c, s, f.text.data, x),
        applies=_complaint_after_response,
    ),
    "duplicate": CaseAction(
        "Mark as a duplicate of another case",
        DuplicateForm,
        "handler",
        lambda c, s, f, x: issues.mark_duplicate(c, s, f.of.data, x),
        state=Action.MARK_DUPLICATE,
    ),
    "same-team": CaseAction(
        "Allow a stage 2 officer from the stage 1 team",
        SameTeamForm,
        "manager",
        lambda c, s, f, x: casework.allow_same_team(c, s, f.reason.data, x),
        applies=_stage2_open,
    ),
    "not-accept": CaseAction(
        "Not accepted as a complaint",
        NotAcceptedForm,
        "manager",
        lambda c, s, f, x: casework.not_accept(c, s, f.code.data, f.reason.data, x),
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
    "safeguarding": CaseAction(
        "Flag a safeguarding concern",
        SafeguardingForm,
        "handler",
        lambda c, s, f, x: casework.flag_safeguarding(c, s, f.concern.data, x),
    ),
    "safeguarding-done": CaseAction(
        "Record what was done about the safeguarding concern",
        SafeguardingDoneForm,
        "handler",
        lambda c, s, f, x: casework.record_safeguarding_action(c, s, f.action.data, x),
        applies=lambda case: case.safeguarding and case.safeguarding_done is None,
    ),
    "hazard-kind": CaseAction(
        "Set what kind of hazard it is (or record one found)",
        HazardKindForm,
        "handler",
        lambda c, s, f, x: hazards.set_kind(c, s, f.kind.data, f.reason.data, x),
        applies=lambda case: (
            case.kind == Kind.COMPLAINT.value
            and (hazards.of_case(case) is not None or procedure_of(case).regime == Regime.HOUSING_CODE)
        ),
        why=lambda case: (
            "Awaab's Law's clock is for the council's homes, and this case is not about a housing service"
        ),
    ),
    "hazard-step": CaseAction(
        "Record a hazard step",
        HazardStepForm,
        "handler",
        lambda c, s, f, x: hazards.record_step(c, s, f.step.data, f.on.data, x),
        applies=lambda case: bool(_hazard_steps(case)[0]),
        why=lambda case: _hazard_steps(case)[1],
    ),
    "restrict": CaseAction(
        "Restrict contact (section 13)",
        RestrictForm,
        "manager",
        lambda c, s, f, x: casework.restrict_contact(
            c,
            s,
            casework.Restriction(f.reason.data, f.kind.data, f.detail.data, f.review.data, f.why_now.data),
            x,
        ),
    ),
    "review-restriction": CaseAction(
        "Review the contact restriction (section 13)",
        ReviewRestrictionForm,
        "manager",
        lambda c, s, f, x: casework.review_restriction(
            c,
            s,
            casework.Review(
                f.outcome.data,
                f.reason.data,
                f.review.data,
                None if f.kind.data == UNCHANGED else f.kind.data,
                f.detail.data,
            ),
            x,
        ),
        applies=lambda case: restriction_active(case.restriction_reason, case.restriction_lifted),
        why=lambda case: "there is no active contact restriction on this case",
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
        "Pass the compliment on",
        ComplimentForm,
        "handler",
        lambda c, s, f, x: casework.pass_on_compliment(
            c,
            s,
            casework.PassOn(
                f.team.data, f.officer.data or None, f.officer_email.data or None, f.manager_email.data
            ),
            x,
        ),
        state=Action.RESPOND,
        applies=lambda case: case.kind == Kind.COMPLIMENT.value,
    ),
    "suggestion": CaseAction(
        "Answer the suggestion",
        SuggestionForm,
        "handler",
        lambda c, s, f, x: casework.answer_suggestion(c, s, f.used.data == "used", f.answer.data, x),
        state=Action.RESPOND,
        applies=lambda case: case.kind == Kind.SUGGESTION.value,
    ),
}


def _case(reference: str) -> Case:
    case = Case.get_or_none(Case.reference == reference)
    if case is None:
        abort(404)
    return case


def _staff_choices(form: BaseForm) -> None:
    """The lists of staff a form chooses from: whom to assign to, who owns a promised action."""
    active = list(Staff.select().where(Staff.active == True).order_by(Staff.name))  # noqa: E712
    for field in form:
        if field.short_name == "to":
            field.choices = [SelectChoice(s.id, f"{s.name} ({s.team or s.role})") for s in active]
        elif field.short_name.endswith("_owner"):  # "Me" is the officer recording it: not listed twice
            field.choices = [
                SelectChoice("", "Me"),
                *(
                    SelectChoice(str(s.id), f"{s.name} ({s.team or s.role})")
                    for s in active
                    if s.id != g.staff.id
                ),
            ]


STAGE2_WORK = ("acknowledge", "extend", "respond")
FEEDBACK_ANSWERS = ("acknowledge-feedback", "compliment", "suggestion")
# The actions whose letter goes to the resident in their language (and Mark done, for a complaint).
LETTER_ACTIONS = frozenset({"acknowledge", "extend", "respond", "not-accept", "restrict", "suggestion"})


def _stage1_responder_at_stage2(case: Case) -> bool:
    return case.stage == 2 and case.__data__.get("stage1_handler") == g.staff.id and _stage2_open(case)


def _stage2_problem(case: Case) -> str | None:
    """Why stage 2's work would be refused for the officer looking (policy 7.7), or None."""
    if case.stage != 2 or not _stage2_open(case):
        return None
    return casework.stage2_independence_problem(case, g.staff)


def _extension_hint(case: Case, form: BaseForm) -> None:
    """Say the latest date allowed before the officer picks one, not only when it is refused (the action
    is offered only while an extension can be agreed)."""
    ctx = Context.of(case)
    found = deadlines(ctx.procedure, case.dates, ctx.rules)
    due = found.stage2 if case.stage == 2 else found.stage1
    if due is None or due.extension_limit is None:  # pragma: no cover - not offered then
        return
    form["new_date"].description = (
        f"A working day after {format_day(due.respond)} and no later than "
        f"{format_day(due.extension_limit)}. The reason is sent to the resident with the "
        "Ombudsman's details."
    )


def _withheld(case: Case) -> list[str]:
    """Actions the procedure would allow but that are not offered now, each with why in one line."""
    lines = []
    problem = _stage2_problem(case)
    titles = [ACTIONS[name].title for name in STAGE2_WORK if ACTIONS[name].available(case)]
    if problem and titles:
        because = (
            "you responded at stage 1 and stage 2 must be reviewed by a different officer"
            if _stage1_responder_at_stage2(case)
            else problem
        )
        lines.append(f"{', '.join(titles)}: not offered, because {because} (policy 7.7).")
    allowed = allowed_actions(Kind(case.kind), Status(case.status), case.stage2_responded is not None)
    for action in ACTIONS.values():
        if action.why is None or action.state is None or not has_role(g.staff, action.role):
            continue
        if action.state in allowed and not action.applies(case):
            lines.append(f"{action.title}: not offered, because {action.why(case)}.")
    return lines


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
        _staff_choices(form)
        if name in STAGE2_WORK and _stage2_problem(case):
            continue  # policy 7.7: it would be refused, so it is not offered
        if name == "acknowledge" and form.definition.data is None and case.stage == 1:
            # A start for the definition: the resident's own words, to be rewritten by the handler. At
            # stage 2 the definition is of what the resident is still unhappy about: it starts empty. The
            # outcome wanted is not copied in: the letters give it under its own translated heading.
            form.definition.data = case.description
        if name == "restrict" and not procedure_exhausted(Kind(case.kind), case.stage2_responded):
            form.why_now.description = (
                "Warning: the internal procedure is not exhausted, as there is no stage 2 response yet. "
                "Policy 13.1 expects it to be before contact is restricted: say why it is needed now."
            )
        if name == "extend":
            _extension_hint(case, form)
        if name == "hazard-step":  # only the steps that can be recorded now; why not the others
            now, others = _hazard_steps(case)
            form["step"].choices = [SelectChoice(step.value, HAZARD_STEP_CHOICES[step]) for step in now]
            form["step"].description = others
        if isinstance(form, RespondForm):
            form.at_stage(case.stage)
        forms[name] = form
    # A compliment's or a suggestion's own answer first: "Pass the compliment on" before "Close".
    main = [name for name in FEEDBACK_ANSWERS if name in forms]
    return {name: forms[name] for name in [*main, *(n for n in forms if n not in main)]}


def _render(
    case: Case,
    forms: dict[str, BaseForm],
    refused: str | None = None,
    status: int = 200,
    complete_forms: dict[int, BaseForm] | None = None,
    due_forms: dict[int, BaseForm] | None = None,
    logged: dict[str, Any] | None = None,
) -> tuple[str, int]:
    ctx = Context.of(case)
    site = site_data()
    promised = remedies.of_case(case)
    given = {remedy.id: remedies.given_on(case, remedy) for remedy in promised}  # done in a letter
    complete_forms = {
        remedy.id: (complete_forms or {}).get(remedy.id)
        or CompleteRemedyForm(formdata=None, prefix=f"complete{remedy.id}", data={"done_on": ctx.today})
        for remedy in promised
        if remedy.completed_on is None and given[remedy.id] is None
    }
    due_forms = {
        remedy_id: (due_forms or {}).get(remedy_id) or ChangeDueForm(formdata=None, prefix=f"due{remedy_id}")
        for remedy_id in complete_forms
    }
    events = list(Event.select().where(Event.case == case).order_by(Event.at, Event.id))
    further = list(CaseIssue.select().where(CaseIssue.case == case).order_by(CaseIssue.id))
    return render_template(
        "views/staff/case.html",
        case=case,
        area=site.service_areas[case.service_area],
        procedure=ctx.procedure,
        due=deadlines(ctx.procedure, case.dates, ctx.rules),
        events=events,
        names=_names(
            {e.actor for e in events}.union(*(staffwords.usernames(e.details) for e in events)).union(
                r.completed_by for r in promised if r.completed_by
            )
        ),
        letters=list(Letter.select().where(Letter.case == case).order_by(Letter.id)),
        files=attachments.for_case(case),
        file_accept=ACCEPT,
        max_file_mb=tracker_config().max_file_mb,
        forms=forms,
        actions=ACTIONS,
        refused=refused,
        assignee=Staff.get_or_none(Staff.id == case.__data__.get("assignee")),
        stage1_handler=Staff.get_or_none(Staff.id == case.__data__.get("stage1_handler")),
        remedies=promised,
        given=given,
        complete_forms=complete_forms,
        due_forms=due_forms,
        labels=STAFF_LABELS,
        pounds=pounds,
        issues=further,
        linked=list(
            Case.select(Case.reference, Case.status)
            .where((Case.related_to == case.id) | (Case.duplicate_of == case.id))
            .order_by(Case.id)
        ),
        related_to=Case.get_or_none(Case.id == case.__data__.get("related_to")),
        duplicate_of=Case.get_or_none(Case.id == case.__data__.get("duplicate_of")),
        today=ctx.today,
        restrictions=RESTRICTIONS,
        survey=Survey.get_or_none(Survey.case == case.id),
        hazard=hazards.clock_of(case, ctx.today),
        hazard_labels=hazards.STAFF_LABELS,
        step_labels=hazards.STEP_LABELS,
        safeguarding_lead=Staff.get_or_none(Staff.id == case.__data__.get("safeguarding_lead")),
        words=staffwords,
        channels=CHANNEL_NAMES,
        tenures=TENURE_NAMES,
        language=site.language(case.language),
        escalation=_escalation_request(case),
        logged=logged,
        withheld=_withheld(case),
        letter_actions=LETTER_ACTIONS,
        letter_notice=staffwords.letter_language_notice(case.language),
    ), status


def _names(usernames: set[str]) -> dict[str, str]:
    """Officers' names by username, for the timeline and letters: people, not log-in names."""
    found = Staff.select(Staff.username, Staff.name).where(Staff.username.in_(list(usernames)))
    return {staff.username: staff.name for staff in found} if usernames else {}


def _escalation_request(case: Case) -> dict[str, Any] | None:
    """The resident's own words when they asked for stage 2, to read before anything else at stage 2."""
    if case.stage != 2 or case.escalation_requested is None:
        return None
    event = (
        Event.select()
        .where((Event.case == case) & (Event.action == "escalation_requested"))
        .order_by(Event.id.desc())
        .first()
    )
    details = event.details if event else {}
    return {"on": case.escalation_requested, "reason": details.get("reason"), "late": case.escalation_late}


@bp.route("/<reference>")
@staff_required()
def show(reference: str) -> tuple[str, int]:
    case = _case(reference)
    logged = session.get("logged")
    if isinstance(logged, dict) and logged.get("reference") == case.reference:
        session.pop("logged")  # shown once: a reload does not show the access code again
    else:
        logged = None
    return _render(case, _forms(case), logged=logged)


@bp.route("/<reference>/<name>", methods=["GET", "POST"])
@staff_required()
def act(reference: str, name: str) -> Response | tuple[str, int]:
    """An action's form is sent here; a refused one is shown here with what was typed. Opened again
    (a reload after the browser forgets the form, a bookmark), it goes back to the case: never a 405."""
    if request.method == "GET":
        _case(reference)
        return redirect(url_for(".show", reference=reference) + "#actions")
    case = _case(reference)
    action = ACTIONS.get(name)
    if action is None:
        abort(404)
    if not has_role(g.staff, action.role):
        return _render(
            case,
            _forms(case),
            refused=f"{action.title}: refused, because only a {action.role} may do this; ask a manager.",
            status=403,
        )
    form = action.form(prefix=name)
    _staff_choices(form)
    if isinstance(form, RespondForm):
        form.at_stage(case.stage)
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
        action.run(case, g.staff, form, Context.of(case))
    except Refused as refused:
        return _render(
            case,
            _forms(case, name, form),
            refused=f"{action.title}: refused, because {refused.reason}.",
            status=409,
        )
    flash(f"{action.title}: done.")
    return redirect(url_for(".show", reference=reference) + f"#{'timeline' if name == 'note' else 'summary'}")


@bp.route("/<reference>/remedies/<int:remedy_id>/complete", methods=["GET", "POST"])
@staff_required()
def complete(reference: str, remedy_id: int) -> Response | tuple[str, int]:
    """Mark a promised remedy or action done: what was done and when (opened again: back to the case)."""
    case = _case(reference)
    if request.method == "GET":
        return redirect(url_for(".show", reference=reference) + "#remedies")
    form = CompleteRemedyForm(prefix=f"complete{remedy_id}")
    if not form.validate():
        return _render(case, _forms(case), status=400, complete_forms={remedy_id: form})
    try:
        remedies.complete(case, g.staff, remedy_id, form.done_on.data, form.what.data, Context.of(case))
    except Refused as refused:
        return _render(
            case,
            _forms(case),
            refused=f"Mark done: refused, because {refused.reason}.",
            status=409,
            complete_forms={remedy_id: form},
        )
    flash("Promised action marked done.")
    return redirect(url_for(".show", reference=reference) + "#remedies")


@bp.route("/<reference>/remedies/<int:remedy_id>/due", methods=["GET", "POST"])
@staff_required()
def change_due(reference: str, remedy_id: int) -> Response | tuple[str, int]:
    """Change an open promise's due date, with the reason (opened again: back to the case)."""
    case = _case(reference)
    if request.method == "GET":
        return redirect(url_for(".show", reference=reference) + "#remedies")
    form = ChangeDueForm(prefix=f"due{remedy_id}")
    if not form.validate():
        return _render(case, _forms(case), status=400, due_forms={remedy_id: form})
    try:
        remedies.change_due(case, g.staff, remedy_id, form.due.data, form.reason.data, Context.of(case))
    except Refused as refused:
        return _render(
            case,
            _forms(case),
            refused=f"Change the date: refused, because {refused.reason}.",
            status=409,
            due_forms={remedy_id: form},
        )
    flash("Promised action's date changed.")
    return redirect(url_for(".show", reference=reference) + "#remedies")


@bp.route("/<reference>/letters/<int:letter_id>")
@staff_required()
def letter(reference: str, letter_id: int) -> str:
    case = _case(reference)
    found = Letter.get_or_none((Letter.id == letter_id) & (Letter.case == case))
    if found is None:
        abort(404)
    language = site_data().language(found.language) or site_data().languages[0]
    return render_template(
        "views/staff/letter.html",
        case=case,
        letter=found,
        language=language,
        blocks=blocks(found.body),
        sender=_names({found.created_by}).get(found.created_by),
        words=staffwords,
    )


@bp.route("/<reference>/letters/<int:letter_id>/print")
@staff_required()
def printable(reference: str, letter_id: int) -> str:
    """The letter alone, on A4, without the site's header, menu or footer: to print and post."""
    case = _case(reference)
    found = Letter.get_or_none((Letter.id == letter_id) & (Letter.case == case))
    if found is None:
        abort(404)
    language = site_data().language(found.language) or site_data().languages[0]
    return render_template(
        "views/staff/letter_print.html", case=case, letter=found, language=language, blocks=blocks(found.body)
    )
