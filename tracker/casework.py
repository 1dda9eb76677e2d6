"""What staff do to a case, each action checked against the procedure before anything changes.

Every action: checks the state machine (casecore.states) and the procedure's rules, changes the case,
keeps its next deadline in step, records an event of who did what and what changed, and has its
consequences here too: the letter to the resident in their language, the safeguarding alert. A view reads
its form and calls one of these. Promised remedies are in `remedies.py`, further issues and linked cases in
`issues.py`, the scheduled commands in `scheduled.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from casecore.aftercare import close_refusal, escalation_is_late
from casecore.deadlines import (
    CaseDates,
    ExtensionRefused,
    check_extension,
    deadlines,
    next_deadline,
    written_date,
)
from casecore.decisions import Determination, NotAcceptedReason, Outcome, is_one_of, values
from casecore.feedback import (
    NEEDS_DETAIL,
    RestrictionKind,
    ReviewOutcome,
    procedure_exhausted,
    restriction_active,
    restriction_problems,
    review_problems,
)
from casecore.procedures import Procedure, Rules
from casecore.states import Action, IllegalTransition, Kind, Status, transition
from casecore.timeliness import acknowledged_in_time, responded_in_time
from casecore.working_days import england_and_wales

from . import clock, letters, links, notify, remedies, survey
from .db import database
from .models import Case, CaseIssue, Staff, now, record
from .outbox import deliver, queue
from .procedures import procedure_of
from .settings import tracker_config
from .staff.auth import has_role
from .wording import OUTCOMES as OUTCOME_WORDS


@dataclass(frozen=True)
class Restriction:
    """What a manager decides under policy section 13 (`kind` is a casecore.feedback.RestrictionKind)."""

    reason: str
    kind: str
    detail: str | None
    review: date
    why_now: str | None = None  # needed when the internal procedure is not yet exhausted


@dataclass(frozen=True)
class Review:
    """A manager's review of a restriction (policy section 13): lift it, or keep it until `review`, with
    `kind` and `detail` changed where given (None: as they were)."""

    outcome: str  # a casecore.feedback.ReviewOutcome
    reason: str
    review: date | None = None
    kind: str | None = None
    detail: str | None = None


class Refused(Exception):
    """The action is not allowed now; `reason` says why, for the handler."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Context:
    procedure: Procedure
    rules: Rules
    today: date

    @classmethod
    def of(cls, case: Case) -> Context:
        """What an action on this case is checked against now: its procedure, the settings' rules, today."""
        return cls(procedure_of(case), tracker_config().rules, clock.today())


def _dates(case: Case, **changes: Any) -> CaseDates:
    fields = {
        name: changes.get(name, getattr(case, name))
        for name in (
            "received",
            "acknowledged",
            "extended_to",
            "responded",
            "escalation_requested",
            "stage2_acknowledged",
            "stage2_extended_to",
            "stage2_responded",
            "last_contact",
        )
    }
    return CaseDates(**fields)


def _move(case: Case, action: Action) -> Status:
    try:
        return transition(
            Kind(case.kind), Status(case.status), action, after_stage2=case.stage2_responded is not None
        )
    except IllegalTransition as refused:
        raise Refused(refused.reason) from refused


def _apply(
    case: Case,
    who: Staff | str,
    event: str,
    ctx: Context,
    detail: dict[str, Any] | None = None,
    **changes: Any,
) -> None:
    """Change the case, recompute its next deadline, and record the event with what changed."""
    status = changes.get("status", case.status)
    dates = _dates(case, **changes)
    changes["next_due"] = next_deadline(status, ctx.procedure, dates, ctx.rules)
    found = deadlines(ctx.procedure, dates, ctx.rules)
    changes["stage1_due"] = found.stage1.respond_by if found.stage1 else None
    changes["stage2_due"] = found.stage2.respond_by if found.stage2 else None
    if Kind(case.kind) != Kind.COMPLAINT:  # a compliment or suggestion has no complaint deadlines
        changes.update(next_due=None, stage1_due=None, stage2_due=None)
    ids = {name: value.id if isinstance(value, Staff) else value for name, value in changes.items()}
    changed = {  # staff by user name in the timeline, so it reads as who, not a number
        name: changes[name].username if isinstance(changes[name], Staff) else value
        for name, value in ids.items()
        if case.__data__.get(name) != value and name not in ("next_due", "stage1_due", "stage2_due")
    }
    with database.atomic():
        for name, value in changes.items():
            setattr(case, name, value)
        case.updated_at = now()
        case.save()
        actor = who.username if isinstance(who, Staff) else who
        record(case, event, actor=actor, changes=changed, **(detail or {}))


def _issues(case: Case) -> list[str]:
    """The further issues added to the case before its stage 1 response (policy 7.4), in order."""
    return [
        issue.description
        for issue in CaseIssue.select().where(CaseIssue.case == case.id).order_by(CaseIssue.id)
    ]


def _team(staff: Staff) -> str:
    return " ".join(str(staff.team or "").lower().split())


SAME_TEAM_ACTION = "Allow a stage 2 officer from the stage 1 team"


def stage2_independence_problem(case: Case, staff: Staff) -> str | None:
    """Why `staff` may not work stage 2 of this case (policy 7.7), or None: stage 2 by an officer other
    than the stage 1 responder, from a different team (a manager may allow the same team, with a reason
    recorded on the case, by the action named here)."""
    if case.__data__.get("stage1_handler") == staff.id:
        return "stage 2 must be reviewed by a different officer from the one who responded at stage 1"
    responder = Staff.get_or_none(Staff.id == case.__data__.get("stage1_handler"))
    if responder is None or case.stage2_override:
        return None
    if not _team(responder) or not _team(staff):
        return (
            "the team of the stage 1 responder or of this officer is not recorded, so stage 2's "
            f'independence cannot be checked; a manager may allow it with "{SAME_TEAM_ACTION}", '
            "giving the reason"
        )
    if _team(responder) == _team(staff):
        return (
            f"stage 2 must be reviewed by an officer from a different team from the stage 1 responder "
            f'({responder.team}); a manager may allow it with "{SAME_TEAM_ACTION}", giving the reason'
        )
    return None


def _stage2_independent(case: Case, staff: Staff) -> None:
    problem = stage2_independence_problem(case, staff)
    if problem is not None:
        raise Refused(problem)


def _from_another_team(case: Case, staff: Staff) -> bool:
    """Whether the officer is known to be from a different team from the stage 1 responder: both teams
    recorded, and not the same. What the stage 2 letter may claim, whatever a manager allowed."""
    responder = Staff.get_or_none(Staff.id == case.__data__.get("stage1_handler"))
    return (
        responder is not None
        and bool(_team(responder))
        and bool(_team(staff))
        and (_team(responder) != _team(staff))
    )


def allow_same_team(case: Case, manager: Staff, reason: str, ctx: Context) -> None:
    """A manager's decision that stage 2 may be reviewed from the stage 1 responder's team, with why."""
    if not has_role(manager, "manager"):
        raise Refused("only a manager may allow a stage 2 officer from the stage 1 team")
    if Status(case.status) not in (
        Status.ESCALATION_REQUESTED,
        Status.STAGE2_ACKNOWLEDGED,
        Status.STAGE2_EXTENDED,
    ):
        raise Refused("this applies only while stage 2 is being dealt with")
    _apply(case, manager, "independence_override", ctx, {"reason": reason}, stage2_override=reason)


def acknowledge(case: Case, staff: Staff, definition: str, ctx: Context) -> None:
    """Acknowledge at either stage, recording what the complaint is about and the outcome wanted."""
    new = _move(case, Action.ACKNOWLEDGE)
    if new == Status.STAGE2_ACKNOWLEDGED:
        _stage2_independent(case, staff)
        _apply(
            case,
            staff,
            "acknowledged",
            ctx,
            {"stage": 2},
            status=new.value,
            stage2_acknowledged=ctx.today,
            stage2_definition=definition,
            stage2_handler=staff,
            assignee=staff,
            stage2_ack_on_time=acknowledged_in_time(
                ctx.procedure.regime, case.escalation_requested or ctx.today, ctx.today
            ),
        )
    else:
        _apply(
            case,
            staff,
            "acknowledged",
            ctx,
            {"stage": 1},
            status=new.value,
            acknowledged=ctx.today,
            definition=definition,
            assignee=case.assignee or staff,
            ack_on_time=acknowledged_in_time(ctx.procedure.regime, case.received, ctx.today),
        )
    stage = case.stage
    found = deadlines(ctx.procedure, case.dates, ctx.rules)
    current = found.stage2 if stage == 2 else found.stage1
    # A statutory procedure (social care) sets its own timescales: the letter says which procedure applies.
    if Kind(case.kind) == Kind.COMPLAINT and (current is not None or ctx.procedure.statutory):
        letters.send(
            case,
            "acknowledgement",
            stage,
            staff,
            definition=definition,
            received=case.escalation_requested if stage == 2 else case.received,
            issues=_issues(case) if stage == 1 else [],  # a further issue added before this letter
            respond_by=current.respond if current is not None else None,
            different_team=stage == 2 and _from_another_team(case, staff),
        )


def extend(case: Case, staff: Staff, new_date: date, reason: str, ctx: Context) -> None:
    new = _move(case, Action.EXTEND)
    found = deadlines(ctx.procedure, case.dates, ctx.rules)
    stage = 2 if new == Status.STAGE2_EXTENDED else 1
    due = found.stage2 if stage == 2 else found.stage1
    if due is None:
        raise Refused("this procedure's timescales are set by law, not here")
    try:
        check_extension(due, new_date, ctx.today)
    except ExtensionRefused as refused:
        raise Refused(str(refused)) from refused
    if stage == 2:
        _stage2_independent(case, staff)
        _apply(
            case,
            staff,
            "extended",
            ctx,
            {"stage": 2},
            status=new.value,
            stage2_extended_to=new_date,
            stage2_extended_on=ctx.today,
            stage2_extension_reason=reason,
        )
    else:
        _apply(
            case,
            staff,
            "extended",
            ctx,
            {"stage": 1},
            status=new.value,
            extended_to=new_date,
            extended_on=ctx.today,
            extension_reason=reason,
        )
    letters.send(case, "extension", case.stage, staff, reason=reason, new_date=new_date)


def respond(
    case: Case,
    staff: Staff,
    outcome: str,
    remedy_due: date | None,
    ctx: Context,
    detail: dict[str, Any],
    promises: list[remedies.Promise] | None = None,
) -> None:
    """Record the response, with each remedy or action promised as a record to track, and send the letter.
    `detail` (reasons, remedy, outstanding actions, learning) goes in the event and the letter;
    `remedy_due`, when no promise is recorded, is the date given for the remedy as a whole."""
    if not is_one_of(Outcome, outcome):
        raise Refused(f"the outcome must be one of {', '.join(values(Outcome))}")
    new = _move(case, Action.RESPOND)
    promises = promises or []
    remedies.check_all(promises, ctx.today)
    calendar = england_and_wales()
    remedy_due = max((promise.due for promise in promises if promise.due), default=remedy_due)
    with database.atomic():
        if Kind(case.kind) != Kind.COMPLAINT:
            _apply(
                case, staff, "responded", ctx, detail, status=new.value, responded=ctx.today, outcome=outcome
            )
        elif new == Status.STAGE2_RESPONDED:
            _stage2_independent(case, staff)
            _apply(
                case,
                staff,
                "responded",
                ctx,
                {"stage": 2, **detail},
                status=new.value,
                stage2_responded=ctx.today,
                stage2_outcome=outcome,
                stage2_handler=staff,
                remedy_due=remedy_due,
                stage2_on_time=responded_in_time(
                    ctx.procedure.regime,
                    2,
                    case.escalation_requested or ctx.today,
                    case.stage2_acknowledged,
                    case.stage2_extended_to,
                    case.stage2_extended_on,
                    ctx.today,
                ),
                stage2_days=calendar.between(case.escalation_requested or ctx.today, ctx.today),
            )
        else:
            _apply(
                case,
                staff,
                "responded",
                ctx,
                {"stage": 1, **detail},
                status=new.value,
                responded=ctx.today,
                outcome=outcome,
                stage1_handler=staff,
                remedy_due=remedy_due,
                stage1_on_time=responded_in_time(
                    ctx.procedure.regime,
                    1,
                    case.received,
                    case.acknowledged,
                    case.extended_to,
                    case.extended_on,
                    ctx.today,
                ),
                stage1_days=calendar.between(case.received, ctx.today),
            )
        made = remedies.create_all(case, staff, promises, case.stage)
    if Kind(case.kind) == Kind.COMPLAINT:
        stage = 2 if Status(case.status) == Status.STAGE2_RESPONDED else 1
        closes = deadlines(ctx.procedure, case.dates, ctx.rules).escalation_closes
        letters.send(
            case,
            "response",
            stage,
            staff,
            definition=case.stage2_definition if stage == 2 else case.definition,
            issues=_issues(case) if stage == 1 else [],
            decision=OUTCOME_WORDS[outcome],  # lazy: in the letter's language, not the officer's
            # Every promise still open, a stage 1 promise as well as those made now, each with the day of
            # the letter that gave it (an apology given at stage 1 is credited to that letter).
            promises=[remedies.in_letter(r, case) for r in remedies.of_case(case) if r.completed_on is None],
            remedy_due=remedy_due if not made else None,
            escalate_by=closes,
            written=ctx.today,  # the response's day: the day given_on credits a promise given in it
            **{"reasons": None, "remedy": None, "outstanding": None, "learning": None, **detail},
        )


def not_accept(case: Case, staff: Staff, code: str, reason: str, ctx: Context) -> None:
    if not is_one_of(NotAcceptedReason, code):
        raise Refused(f"the reason must be one of {', '.join(values(NotAcceptedReason))}")
    new = _move(case, Action.NOT_ACCEPT)
    _apply(
        case,
        staff,
        "not_accepted",
        ctx,
        status=new.value,
        not_accepted_code=code,
        not_accepted_reason=reason,
        closed=ctx.today,
    )
    letters.send(case, "not_accepted", case.stage, staff, reason=reason)


def reclassify(case: Case, staff: Staff, reason: str, ctx: Context) -> None:
    new = _move(case, Action.RECLASSIFY)
    _apply(case, staff, "reclassified", ctx, {"reason": reason}, status=new.value, closed=ctx.today)


def withdraw(case: Case, staff: Staff, reason: str, ctx: Context) -> None:
    new = _move(case, Action.WITHDRAW)
    _apply(case, staff, "withdrawn", ctx, {"reason": reason}, status=new.value, closed=ctx.today)


def escalate(case: Case, who: Staff | str, asked_on: date, reason: str | None, ctx: Context) -> bool:
    """A request for stage 2: from the status page (who="resident"), or by phone, letter or email, recorded
    by staff with the day it was made. A late request is accepted and flagged, never refused; a case closed
    after stage 1 is reopened. Returns whether it was late."""
    reopened = Status(case.status) == Status.CLOSED
    new = _move(case, Action.REQUEST_ESCALATION)
    if asked_on > ctx.today:
        raise Refused("the day the resident asked cannot be in the future")
    closes = deadlines(ctx.procedure, case.dates, ctx.rules).escalation_closes
    late = escalation_is_late(asked_on, closes)
    _apply(
        case,
        who,
        "escalation_requested",
        ctx,
        {"reason": reason, "late": late, "window_closed": closes, "reopened": reopened},
        status=new.value,
        stage=2,
        escalation_requested=asked_on,
        escalation_late=late,
        assignee=None,
        closed=None,
        last_contact=max(asked_on, case.last_contact) if case.last_contact else asked_on,
    )
    notify.send_escalation_received(case)  # the request confirmed, with the stage 2 dates
    return late


def close(case: Case, staff: Staff, manager_reason: str | None, ctx: Context) -> None:
    """Close by hand: never while the resident may still ask for stage 2, and with promised actions still
    open only by a manager who records why."""
    new = _move(case, Action.CLOSE)
    open_actions = remedies.open_count(case)
    if manager_reason and open_actions and not has_role(staff, "manager"):
        raise Refused("only a manager may close a case with promised actions still open")
    closes = deadlines(ctx.procedure, case.dates, ctx.rules).escalation_closes
    refusal = close_refusal(
        Kind(case.kind), Status(case.status), ctx.today, closes, open_actions, manager_reason or None
    )
    if refusal:
        raise Refused(refusal)
    detail = {"open_actions": open_actions, "reason": manager_reason} if open_actions else {}
    _apply(case, staff, "closed", ctx, detail, status=new.value, closed=ctx.today)
    survey.offer(case, ctx.today)


def record_contact(case: Case, staff: Staff, on: date, summary: str, ctx: Context) -> None:
    """The resident was in touch: after a response this restarts the 10 quiet working days before the case
    closes by itself."""
    if on > ctx.today:
        raise Refused("the day of the contact cannot be in the future")
    latest = max(on, case.last_contact) if case.last_contact else on
    _apply(case, staff, "resident_contact", ctx, {"on": on, "summary": summary}, last_contact=latest)


def assign(case: Case, staff: Staff, to: Staff, ctx: Context) -> None:
    if Status(case.status) in (
        Status.ESCALATION_REQUESTED,
        Status.STAGE2_ACKNOWLEDGED,
        Status.STAGE2_EXTENDED,
    ):
        _stage2_independent(case, to)
    _apply(case, staff, "assigned", ctx, {"to": to.username}, assignee=to)


def note(case: Case, staff: Staff, text: str, ctx: Context) -> None:
    record(case, "note", actor=staff.username, text=text)


def record_needs(case: Case, staff: Staff, vulnerability: str, adjustment: str, ctx: Context) -> None:
    _apply(case, staff, "needs_recorded", ctx, vulnerability=vulnerability, adjustment_agreed=adjustment)


def safeguarding_lead() -> Staff | None:
    """The SAFEGUARDING_LEAD setting: an active officer by user name, else the first active member of the
    role it names. When it names nobody active (the named lead has left), the first active manager, so a
    concern is never left unassigned in a queue (policy s.5); None only with no active manager either (the
    alert still goes to SAFEGUARDING_EMAIL)."""
    named = tracker_config().safeguarding_lead.strip()
    active = Staff.select().where(Staff.active == True)  # noqa: E712
    found: Staff | None = active.where(Staff.username == named).first()
    return (
        found
        or active.where(Staff.role == named.lower()).order_by(Staff.id).first()
        or active.where(Staff.role == "manager").order_by(Staff.id).first()
    )


def flag_safeguarding(case: Case, staff: Staff, concern: str, ctx: Context) -> None:
    """Flag the case, assign the concern to the safeguarding lead (policy s.5) and alert them, once: a
    further concern while one is open is recorded on the case and goes to the same lead without a second
    alert. The concern is the lead's, at the top of their queue, until they record what was done."""
    already = bool(case.safeguarding and case.safeguarding_done is None)  # alerted when it was flagged
    lead = (
        Staff.get_or_none(Staff.id == case.__data__.get("safeguarding_lead")) if already else None
    ) or safeguarding_lead()
    _apply(
        case,
        staff,
        "safeguarding_flagged",
        ctx,
        {"concern": concern, "lead": lead.username if lead else None},
        safeguarding=True,
        safeguarding_lead=lead,
        safeguarding_done=None,
        safeguarding_action=None,
    )
    if already:
        return
    link = links.case_page(case.reference)
    body = (
        f"{staff.name} flagged a safeguarding concern on case {case.reference}"
        f"{f', assigned to {lead.name}' if lead else ''}.\n\nOpen it: {link}\n"
    )
    subject = f"Safeguarding concern on case {case.reference}"
    addresses = [tracker_config().safeguarding_email]
    if lead is not None and lead.email and lead.email.lower() not in (a.lower() for a in addresses):
        addresses.append(lead.email)
    messages = [queue(case, address, subject, body) for address in addresses]
    deliver(tracker_config(), only=[message.id for message in messages])


def record_safeguarding_action(case: Case, staff: Staff, action: str, ctx: Context) -> None:
    """The safeguarding lead (or a manager) records what was done; the concern leaves the top of the
    lead's queue."""
    if not case.safeguarding or case.safeguarding_done is not None:
        raise Refused("there is no open safeguarding concern on this case")
    if case.__data__.get("safeguarding_lead") not in (None, staff.id) and not has_role(staff, "manager"):
        raise Refused("only the safeguarding lead or a manager may record what was done")
    _apply(
        case,
        staff,
        "safeguarding_action",
        ctx,
        {"what_was_done": action},
        safeguarding_done=ctx.today,
        safeguarding_action=action,
    )


def _known_restriction(kind: str) -> None:
    if not is_one_of(RestrictionKind, kind):
        raise Refused(f"what is restricted must be one of {', '.join(values(RestrictionKind))}")


def restrict_contact(
    case: Case,
    staff: Staff,
    restriction: Restriction,
    ctx: Context,
) -> None:
    """Policy section 13: a manager limits how the resident may contact us, with the reason, what is
    limited and a review date; before the internal procedure is exhausted, only with a reason why now.
    The resident is told all of it by letter, and how to ask for a review."""
    if not has_role(staff, "manager"):
        raise Refused("only a manager may restrict a resident's contact (policy section 13)")
    _known_restriction(restriction.kind)
    exhausted = procedure_exhausted(Kind(case.kind), case.stage2_responded)
    problems = restriction_problems(restriction.review, ctx.today, exhausted, restriction.why_now)
    if problems:
        raise Refused("; ".join(problems))
    with database.atomic():
        _apply(
            case,
            staff,
            "contact_restricted",
            ctx,
            {"procedure_exhausted": exhausted},
            restriction_reason=restriction.reason,
            restriction_kind=restriction.kind,
            restriction_detail=restriction.detail or None,
            restriction_review=restriction.review,
            restriction_early=None if exhausted else restriction.why_now,
            restriction_lifted=None,
        )
        letters.send(
            case,
            "restriction",
            case.stage,
            staff,
            reason=restriction.reason,
            restricted=restriction.kind,
            detail=restriction.detail,
            review=restriction.review,
        )


def review_restriction(case: Case, staff: Staff, review: Review, ctx: Context) -> None:
    """Policy section 13: a manager records a restriction's review. Lifted, it ends (and is never reminded
    again) and the resident is told they can contact us in the usual ways; kept, it runs to its new review
    date, with its terms changed where given, and the resident is told what stays, why and until when."""
    if not has_role(staff, "manager"):
        raise Refused("only a manager may review a contact restriction (policy section 13)")
    active = restriction_active(case.restriction_reason, case.restriction_lifted)
    problems = review_problems(review.outcome, active, review.reason, review.review, ctx.today)
    if problems:
        raise Refused("; ".join(problems))
    if review.outcome == ReviewOutcome.LIFT:
        with database.atomic():
            _apply(
                case,
                staff,
                "restriction_lifted",
                ctx,
                {"reason": review.reason},
                restriction_lifted=ctx.today,
                restriction_review=None,
            )
            letters.send(case, "restriction_lifted", case.stage, staff)
        return
    kind = review.kind or case.restriction_kind or RestrictionKind.OTHER.value
    _known_restriction(kind)
    detail = (review.detail or "").strip() or (None if review.kind else case.restriction_detail)
    if kind in NEEDS_DETAIL and not detail:
        raise Refused("say who, when or what: the resident needs to know exactly what applies")
    with database.atomic():
        _apply(
            case,
            staff,
            "restriction_kept",
            ctx,
            restriction_reason=review.reason,
            restriction_kind=kind,
            restriction_detail=detail,
            restriction_review=review.review,
        )
        letters.send(
            case,
            "restriction_kept",
            case.stage,
            staff,
            reason=review.reason,
            restricted=kind,
            detail=detail,
            review=review.review,
        )


def refer_to_ombudsman(case: Case, staff: Staff, body: str, referred: date, ctx: Context) -> None:
    if referred > ctx.today:
        raise Refused("the referral date cannot be in the future")
    _apply(case, staff, "ombudsman_referral", ctx, ombudsman=body, ombudsman_referred=referred)


def ombudsman_determination(case: Case, staff: Staff, determination: str, on: date, ctx: Context) -> None:
    if case.ombudsman_referred is None:
        raise Refused("record the referral to the Ombudsman first")
    if not is_one_of(Determination, determination):
        raise Refused(f"the determination must be one of {', '.join(values(Determination))}")
    _apply(
        case,
        staff,
        "ombudsman_determination",
        ctx,
        ombudsman_determination=determination,
        ombudsman_determined=on,
    )


@dataclass(frozen=True)
class PassOn:
    """To whom a compliment is passed on (policy s.14): the team, the officer if one was named, and emails
    for the officer and their manager."""

    team: str
    officer: str | None
    officer_email: str | None
    manager_email: str


def pass_on_compliment(case: Case, staff: Staff, to: PassOn, ctx: Context) -> None:
    """Pass the compliment on to the officer or team praised and their manager: recorded (who, which team,
    when) and emailed through the outbox. It is the compliment's answer: no deadline, no outcome."""
    if Kind(case.kind) != Kind.COMPLIMENT:
        raise Refused("only a compliment is passed on")
    new = _move(case, Action.RESPOND)
    recipients = [address for address in (to.officer_email, to.manager_email) if address]
    with database.atomic():
        _apply(
            case,
            staff,
            "compliment_passed_on",
            ctx,
            {"to": to.officer, "team": to.team, "emailed": recipients},
            status=new.value,
            responded=ctx.today,
            praised_team=to.team,
            passed_to=to.officer or None,
            passed_on=ctx.today,
        )
        praised = f"{to.officer} ({to.team})" if to.officer else to.team
        messages = [
            queue(
                case,
                address,
                f"A compliment for {praised}: {case.reference}",
                f"A resident has praised {praised}. {staff.name} passed it on on {written_date(ctx.today)}"
                f" to {_passed_to(to, address)}.\n\nWhat the resident said:\n\n{case.description}\n"
                + (f"\nWho they praised, in their words: {case.praised}\n" if case.praised else ""),
            )
            for address in recipients
        ]
    deliver(tracker_config(), only=[message.id for message in messages])


def _passed_to(to: PassOn, address: str) -> str:
    """Who a compliment's email says it went to, from where the reader stands: the officer praised and
    their manager, or the team's manager alone when no officer was named."""
    if not to.officer:
        return "you, the team's manager"
    return "you and your manager" if address == to.officer_email else f"{to.officer} and you, their manager"


def answer_suggestion(case: Case, staff: Staff, used: bool, answer: str, ctx: Context) -> None:
    """Policy s.15: tell the resident how we will use their suggestion, or why we cannot, by a letter in
    their language. It is the suggestion's answer: no deadline, no outcome, and counted by what came of it."""
    if Kind(case.kind) != Kind.SUGGESTION:
        raise Refused("only a suggestion is answered in this way")
    new = _move(case, Action.RESPOND)
    with database.atomic():
        _apply(
            case,
            staff,
            "suggestion_answered",
            ctx,
            {"used": used, "answer": answer},
            status=new.value,
            responded=ctx.today,
            suggestion_used=used,
            suggestion_action=answer,
            resident_told=True,
        )
        letters.send(case, "suggestion_answer", 1, staff, used=used, answer=answer)


def acknowledge_feedback(case: Case, staff: Staff, ctx: Context) -> None:
    """A compliment or suggestion is acknowledged with no complaint definition and no deadline."""
    if Kind(case.kind) == Kind.COMPLAINT:
        raise Refused("a complaint is acknowledged with its definition")
    new = _move(case, Action.ACKNOWLEDGE)
    _apply(
        case,
        staff,
        "acknowledged",
        ctx,
        status=new.value,
        acknowledged=ctx.today,
        assignee=case.assignee or staff,
    )
