"""Hazards in council homes (Awaab's Law, SI 2025/1042, in force from 27 October 2025): the steps the
landlord must take once it knows of a hazard, each step's due date, which step is next and which are overdue.

The hazard clock runs separately from the complaint clock. Counted from the day the landlord became aware:
- an emergency hazard (an imminent risk to health or safety): investigated and made safe within 24 hours,
  kept here as by the end of the next calendar day (the tracker records days, not hours);
- a significant damp and mould hazard: investigated within 10 working days; a written summary of the findings
  to the resident within 3 working days of the investigation ending; safety works begun within 5 working
  days of it;
- a possible hazard not yet assessed by an officer: investigated within 10 working days (the law's time for
  investigating a potential hazard), until an officer says it is an emergency, damp and mould, or no hazard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from .deadlines import written_date
from .working_days import WorkingDays, england_and_wales


class HazardKind(StrEnum):
    POSSIBLE = "possible"  # reported, not yet assessed
    EMERGENCY = "emergency"
    DAMP_MOULD = "damp_mould"
    NOT_HAZARD = "not_hazard"  # an officer found no hazard: no clock


class HazardStep(StrEnum):
    MADE_SAFE = "made_safe"  # an emergency: investigated and made safe
    INVESTIGATED = "investigated"
    SUMMARY = "summary"  # the written summary of the findings sent to the resident
    WORKS_BEGUN = "works_begun"  # safety works begun


STEPS: dict[HazardKind, tuple[HazardStep, ...]] = {
    HazardKind.POSSIBLE: (HazardStep.INVESTIGATED,),
    HazardKind.EMERGENCY: (HazardStep.MADE_SAFE,),
    HazardKind.DAMP_MOULD: (HazardStep.INVESTIGATED, HazardStep.SUMMARY, HazardStep.WORKS_BEGUN),
    HazardKind.NOT_HAZARD: (),
}

STAFF_LABELS = {
    HazardKind.POSSIBLE: "Possible hazard (not yet assessed)",
    HazardKind.EMERGENCY: "Emergency hazard",
    HazardKind.DAMP_MOULD: "Significant damp and mould",
    HazardKind.NOT_HAZARD: "Not a hazard",
}
STEP_LABELS = {
    HazardStep.MADE_SAFE: "Investigated and made safe",
    HazardStep.INVESTIGATED: "Investigated",
    HazardStep.SUMMARY: "Written summary sent to the resident",
    HazardStep.WORKS_BEGUN: "Safety works begun",
}

INVESTIGATE_DAYS = 10
SUMMARY_DAYS = 3
WORKS_DAYS = 5
EMERGENCY_DAYS = 1  # 24 hours: by the end of the next day


@dataclass(frozen=True)
class HazardDates:
    """When the landlord became aware, and the day each step was done (None: not yet)."""

    aware: date
    done: dict[HazardStep, date] = field(default_factory=dict)


def due_dates(
    kind: HazardKind, dates: HazardDates, calendar: WorkingDays | None = None
) -> dict[HazardStep, date | None]:
    """Each step of this kind of hazard and its due date; None while it cannot be known yet (the summary
    and the works count from the day the investigation ended, so have no date until it has)."""
    calendar = calendar or england_and_wales()
    due: dict[HazardStep, date | None] = {}
    investigated = dates.done.get(HazardStep.INVESTIGATED)
    for step in STEPS[kind]:
        if step == HazardStep.MADE_SAFE:
            due[step] = dates.aware + timedelta(days=EMERGENCY_DAYS)
        elif step == HazardStep.INVESTIGATED:
            due[step] = calendar.add(dates.aware, INVESTIGATE_DAYS)
        elif step == HazardStep.SUMMARY:
            due[step] = calendar.add(investigated, SUMMARY_DAYS) if investigated else None
        else:
            due[step] = calendar.add(investigated, WORKS_DAYS) if investigated else None
    return due


def next_step(kind: HazardKind, dates: HazardDates) -> HazardStep | None:
    """The first step not yet done, in the law's order; None when every step is done (or no hazard)."""
    return next((step for step in STEPS[kind] if step not in dates.done), None)


def overdue(
    kind: HazardKind, dates: HazardDates, today: date, calendar: WorkingDays | None = None
) -> list[HazardStep]:
    """Steps not done whose due date has passed by `today` (due today is not yet overdue)."""
    return [
        step
        for step, due in due_dates(kind, dates, calendar).items()
        if step not in dates.done and due is not None and due < today
    ]


def next_due(kind: HazardKind, dates: HazardDates, calendar: WorkingDays | None = None) -> date | None:
    """The earliest due date of a step not yet done, for the queue and the reminders."""
    found = [due for step, due in due_dates(kind, dates, calendar).items() if step not in dates.done and due]
    return min(found, default=None)


class HazardProblem(ValueError):
    """A step's date that cannot be recorded; the message says why."""


def not_yet(kind: HazardKind, dates: HazardDates, step: HazardStep) -> str | None:
    """Why `step` cannot be recorded now, whatever its date (None: it can). The law's order: the written
    summary and the safety works count from the end of the investigation, so neither can be recorded before
    it is; each step is recorded once, so a later record cannot put the investigation after them."""
    if step not in STEPS[kind]:
        return f"{STEP_LABELS[step].lower()} is not a step for {STAFF_LABELS[kind].lower()}"
    if step in dates.done:
        return f"it was already recorded, as done on {written_date(dates.done[step])}"
    if step in (HazardStep.SUMMARY, HazardStep.WORKS_BEGUN) and HazardStep.INVESTIGATED not in dates.done:
        return "record the investigation first: this step counts from the day it ended"
    return None


def recordable(kind: HazardKind, dates: HazardDates) -> dict[HazardStep, str | None]:
    """Each step of this kind of hazard, in the law's order, with why it cannot be recorded now (None: it
    can), for the form that offers only the steps that can be."""
    return {step: not_yet(kind, dates, step) for step in STEPS[kind]}


def check_step(kind: HazardKind, dates: HazardDates, step: HazardStep, on: date, today: date) -> None:
    """Raise HazardProblem unless `step` may be recorded as done on `on`."""
    reason = not_yet(kind, dates, step)
    if reason is not None:
        raise HazardProblem(reason)
    if on > today:
        raise HazardProblem("the date cannot be in the future")
    if on < dates.aware:
        raise HazardProblem("the date cannot be before the council became aware of the hazard")
    investigated = dates.done.get(HazardStep.INVESTIGATED)
    if step in (HazardStep.SUMMARY, HazardStep.WORKS_BEGUN) and investigated and on < investigated:
        raise HazardProblem("the date cannot be before the investigation ended")
