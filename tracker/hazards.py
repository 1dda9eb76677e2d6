"""Hazards in council homes (Awaab's Law): started when a case reports one, the repairs team alerted once,
each step's date recorded by officers, the kind confirmed; the clock's rules are in `casecore.hazards`.

Part of the casework layer: each action checks the rules, changes the hazard, records an event on the case's
timeline. The complaint keeps its own clock; nothing here touches the case's deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casecore.deadlines import written_date
from casecore.hazards import (
    STAFF_LABELS,
    STEP_LABELS,
    STEPS,
    HazardDates,
    HazardKind,
    HazardProblem,
    HazardStep,
    check_step,
    due_dates,
    next_due,
    next_step,
    overdue,
    recordable,
)
from casecore.states import FINAL

from .casework import Context, Refused
from .db import database
from .links import case_page
from .models import Case, Hazard, Message, Staff, record
from .outbox import deliver, queue
from .settings import tracker_config

COLUMNS = {
    HazardStep.MADE_SAFE: "made_safe",
    HazardStep.INVESTIGATED: "investigated",
    HazardStep.SUMMARY: "summary",
    HazardStep.WORKS_BEGUN: "works_begun",
}
__all__ = ["STAFF_LABELS", "STEP_LABELS"]  # for the pages that show them, with the functions below

OPEN_KINDS = [kind.value for kind in HazardKind if STEPS[kind]]
ENDED = [status.value for status in FINAL]  # the complaint is over; the hazard's clock may not be


def dates_of(hazard: Hazard) -> HazardDates:
    done = {step: getattr(hazard, column) for step, column in COLUMNS.items() if getattr(hazard, column)}
    return HazardDates(hazard.aware, done)


def of_case(case: Case) -> Hazard | None:
    return Hazard.get_or_none(Hazard.case == case.id)


@dataclass(frozen=True)
class Home:
    """The address of the home the hazard is in (the postcode normalised), for the repairs team's visit."""

    address: str | None
    postcode: str | None

    def lines(self) -> str:
        return "\n".join(filter(None, (self.address, self.postcode))) or "not given"


def home_of(case: Case) -> Home:
    """For a hazard an officer finds later: the resident's own address as the case has it (the resident's,
    not the advocate's, when made for someone else)."""
    if case.on_behalf:
        return Home(case.behalf_address, case.behalf_postcode)
    return Home(case.address, case.postcode)


def start(case: Case, aware: date, at_risk: bool | None, actor: str, home: Home) -> Message:
    """Inside the transaction that creates the case: the hazard, its event, and the repairs team's alert,
    queued with them, so the alert exists exactly when the case does (sent after, by the caller)."""
    kind = HazardKind.POSSIBLE
    hazard = Hazard.create(
        case=case,
        kind=kind.value,
        aware=aware,
        at_risk=at_risk,
        address=home.address,
        postcode=home.postcode,
        next_due=next_due(kind, HazardDates(aware)),
    )
    record(case, "hazard_reported", actor=actor, aware=aware, at_risk=at_risk)
    risk = {True: "yes", False: "no", None: "not known"}[at_risk]
    investigate_by = hazard.next_due
    body = (
        f"A possible hazard in a council home was reported with case {case.reference} "
        f"(damp, mould, or a danger to health or safety), received {written_date(aware)}.\n\n"
        f"The home:\n{home.lines()}\n\n"
        f"Someone in the home especially at risk: {risk}.\n\n"
        f"Under Awaab's Law: an emergency hazard must be investigated and made safe within 24 hours; "
        f"otherwise investigate by {written_date(investigate_by)} (10 working days).\n\n"
        f"Open the case (the resident's contact details are there): {case_page(case.reference)}\n"
    )
    return queue(case, tracker_config().repairs_email, f"Possible hazard: case {case.reference}", body)


@dataclass(frozen=True)
class Clock:
    """A hazard as the case page and the status page show it."""

    hazard: Hazard
    kind: HazardKind
    due: dict[HazardStep, date | None]
    done: dict[HazardStep, date]
    next: HazardStep | None
    overdue: list[HazardStep]

    @property
    def soonest(self) -> tuple[HazardStep, date] | None:
        """The step not yet done that is due first, with its date (the hazard's next_due); None when every
        step is done, or none has a date yet."""
        waiting = [(step, due) for step, due in self.due.items() if step not in self.done and due is not None]
        return min(waiting, key=lambda pair: pair[1], default=None)


def clock_of(case: Case, today: date) -> Clock | None:
    """The hazard clock of a case, or None when no hazard was reported with it or found."""
    found = of_case(case)
    return clock(found, today) if found is not None else None


def next_due_step(case: Case, today: date) -> tuple[HazardStep, date] | None:
    """The hazard clock's next step with its date, as the receipt email and the acknowledgement letter give
    it; None when no hazard was reported or found, every step is done, or the next has no date yet."""
    found = clock_of(case, today)
    if found is None or found.next is None or found.due.get(found.next) is None:
        return None
    return found.next, found.due[found.next]  # type: ignore[return-value]


def clock(hazard: Hazard, today: date) -> Clock:
    kind = HazardKind(hazard.kind)
    dates = dates_of(hazard)
    return Clock(
        hazard,
        kind,
        due_dates(kind, dates),
        dates.done,
        next_step(kind, dates),
        overdue(kind, dates, today),
    )


def _save(hazard: Hazard, case: Case, who: Staff, event: str, **detail: object) -> None:
    hazard.next_due = next_due(HazardKind(hazard.kind), dates_of(hazard))
    with database.atomic():
        hazard.save()
        record(case, event, actor=who.username, **detail)


def set_kind(case: Case, staff: Staff, kind: str, reason: str, ctx: Context) -> None:
    """An officer's assessment: an emergency, significant damp and mould, still possible, or no hazard.
    On a case where none was reported, a hazard the officer has found starts its clock today (the day the
    council became aware) and alerts the repairs team, once."""
    if kind not in set(HazardKind):
        raise Refused("choose what kind of hazard it is")
    hazard = of_case(case)
    if hazard is None:
        if kind == HazardKind.NOT_HAZARD:
            raise Refused("no hazard was reported on this case")
        with database.atomic():
            alert = start(case, ctx.today, None, staff.username, home_of(case))
            hazard = Hazard.get(Hazard.case == case.id)
            hazard.kind = kind
            _save(
                hazard,
                case,
                staff,
                "hazard_assessed",
                kind=STAFF_LABELS[HazardKind(kind)],
                reason=reason or None,
            )
        deliver(tracker_config(), only=[alert.id])
        return
    hazard.kind = kind
    _save(hazard, case, staff, "hazard_assessed", kind=STAFF_LABELS[HazardKind(kind)], reason=reason or None)


def steps_now(hazard: Hazard) -> dict[HazardStep, str | None]:
    """This hazard's steps, each with why it cannot be recorded now (None: it can): casecore's rule."""
    return recordable(HazardKind(hazard.kind), dates_of(hazard))


def record_step(case: Case, staff: Staff, step: str, on: date, ctx: Context) -> None:
    """The day a step was done (investigated, made safe, summary sent, works begun)."""
    hazard = of_case(case)
    if hazard is None:
        raise Refused("no hazard was reported on this case")
    if step not in set(HazardStep):
        raise Refused("choose which step was done")
    kind, found = HazardKind(hazard.kind), HazardStep(step)
    try:
        check_step(kind, dates_of(hazard), found, on, ctx.today)
    except HazardProblem as problem:
        raise Refused(str(problem)) from problem
    due = due_dates(kind, dates_of(hazard)).get(found)
    setattr(hazard, COLUMNS[found], on)
    _save(
        hazard,
        case,
        staff,
        "hazard_step",
        step=STEP_LABELS[found],
        on=on,
        due=due,
        late=bool(due and on > due),
    )


def open_of(case_ids: list[int]) -> dict[int, Hazard]:
    """Of these cases, the hazard of each whose clock is still running (for the queue's flags)."""
    query = Hazard.select().where(
        Hazard.kind.in_(OPEN_KINDS), Hazard.next_due.is_null(False), Hazard.case.in_(case_ids)
    )
    return {hazard.__data__["case"]: hazard for hazard in query}


def open_ids(case_ids: list[int]) -> set[int]:
    """Of these cases, those with a hazard whose clock is still running."""
    query = Hazard.select(Hazard.case).where(
        Hazard.kind.in_(OPEN_KINDS), Hazard.next_due.is_null(False), Hazard.case.in_(case_ids)
    )
    return {row.__data__["case"] for row in query}


def due_soon(horizon: date) -> list[Hazard]:
    """Hazards with a step due by `horizon` (or overdue), with their case, earliest first."""
    return list(
        Hazard.select(Hazard, Case)
        .join(Case)
        .where(Hazard.kind.in_(OPEN_KINDS), Hazard.next_due <= horizon)
        .order_by(Hazard.next_due, Hazard.id)
    )


def overdue_list(today: date) -> list[Hazard]:
    """Every hazard with a step overdue, with its case, most overdue first."""
    return [hazard for hazard in due_soon(today) if hazard.next_due is not None and hazard.next_due < today]


@dataclass(frozen=True)
class StillDue:
    """A hazard step still due on a case the queue no longer lists (closed, withdrawn, a service request…)."""

    reference: str
    status: str
    step: HazardStep | None
    due: date
    overdue: bool


def due_on_ended(today: date) -> list[StillDue]:
    """Every hazard whose clock still runs on a case whose complaint is over, earliest first: the queue lists
    open cases only, so these are listed above it until every step is recorded or an officer finds no hazard.
    A query of its own on the hazards' next_due (few rows), so the queue's own query is unchanged."""
    query = (
        Hazard.select(Hazard, Case.reference, Case.status)
        .join(Case)
        .where(Hazard.kind.in_(OPEN_KINDS), Hazard.next_due.is_null(False), Case.status.in_(ENDED))
        .order_by(Hazard.next_due, Hazard.id)
    )
    found = []
    for hazard in query:
        due = hazard.next_due
        assert due is not None  # the query's condition
        step = next_step(HazardKind(hazard.kind), dates_of(hazard))
        found.append(StillDue(hazard.case.reference, hazard.case.status, step, due, due < today))
    return found
