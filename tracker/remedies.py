"""Remedies and actions promised in a response, as records: each with what was promised, an owner, a due
date and its completion (when, by whom, what was done). Entered with the response or added after it,
completed from the case page, listed in the actions view, reminded of by `remind`, shown to the resident on
the status page in plain words, and counted for the figures (`figures`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from peewee import JOIN, fn
from peewee import Case as SqlCase

from casecore.deadlines import written_date
from casecore.remedies import (
    GIVEN_IN_LETTER,
    RemedyKind,
    RemedyProblem,
    RemedyTally,
    check_promise,
    given_in_letter,
    pounds,
)

from . import casework, letters
from .db import database
from .models import Case, Remedy, Staff, record


@dataclass(frozen=True)
class Promise:
    kind: str
    description: str
    due: date | None
    amount_pence: int | None = None
    owner_id: int | None = None


def check_all(promises: list[Promise], today: date) -> None:
    for number, promise in enumerate(promises, 1):
        try:
            check_promise(promise.kind, promise.description, promise.amount_pence, promise.due, today)
        except RemedyProblem as problem:
            raise casework.Refused(f"promised action {number}: {problem}") from problem
        if promise.owner_id is not None and Staff.get_or_none(Staff.id == promise.owner_id) is None:
            raise casework.Refused(f"promised action {number}: choose its owner from the list")


def create_all(case: Case, staff: Staff, promises: list[Promise], stage: int) -> list[Remedy]:
    made = []
    with database.atomic():
        for promise in promises:
            remedy = Remedy.create(
                case=case,
                stage=stage,
                kind=promise.kind,
                description=promise.description,
                amount_pence=promise.amount_pence,
                owner=promise.owner_id or staff.id,
                due=promise.due,
                created_by=staff.username,
            )
            owner = Staff.get_by_id(remedy.__data__["owner"])
            record(
                case,
                "remedy_promised",
                actor=staff.username,
                kind=promise.kind,
                description=promise.description,
                amount=pounds(promise.amount_pence) if promise.amount_pence else None,
                owner=owner.username,
                due=promise.due,
            )
            made.append(remedy)
    return made


def add(case: Case, staff: Staff, promise: Promise, ctx: casework.Context) -> Remedy:
    """A further promise after the response (a follow-up repair, a payment agreed later)."""
    if case.responded is None:
        raise casework.Refused("promised actions are recorded with the response; there is none yet")
    check_all([promise], ctx.today)
    return create_all(case, staff, [promise], case.stage)[0]


def complete(
    case: Case, staff: Staff, remedy_id: int, done_on: date, what: str, ctx: casework.Context
) -> None:
    """Mark a promise done, once: the event for the timeline, and a letter telling the resident."""
    remedy = Remedy.get_or_none((Remedy.id == remedy_id) & (Remedy.case == case.id))
    if remedy is None:
        raise casework.Refused("there is no such promised action on this case")
    if done_on > ctx.today:
        raise casework.Refused("the day it was done cannot be in the future")
    with database.atomic():
        done = (
            Remedy.update(completed_on=done_on, completed_by=staff.username, completion=what)
            .where((Remedy.id == remedy.id) & Remedy.completed_on.is_null())
            .execute()
        )
        if not done:
            raise casework.Refused("this promised action has been marked done already")
        record(
            case,
            "remedy_completed",
            actor=staff.username,
            kind=remedy.kind,
            description=remedy.description,
            due=remedy.due,
            done_on=done_on,
            on_time=done_on <= counted_due(remedy),
            what_was_done=what,
        )
    if case.kind == "complaint":
        letters.send(
            case,
            "remedy_done",
            case.stage,  # where the complaint is now: a stage 1 promise kept at stage 2 is a stage 2 letter
            staff,
            promise=in_letter(remedy),
            done_on=done_on,
            what_was_done=what,
        )


def change_due(
    case: Case, staff: Staff, remedy_id: int, new_due: date, reason: str, ctx: casework.Context
) -> None:
    """Move an open promise's due date, with the reason, for the timeline. Refused once it is done or given
    in a response letter (the letter already told the resident), and for a day in the past. The case page,
    *Actions due*, the reminders, the status page ("changed from") and any later letter show the new date;
    the figures count against the earliest date it was ever due (counted_due)."""
    remedy = Remedy.get_or_none((Remedy.id == remedy_id) & (Remedy.case == case.id))
    if remedy is None:
        raise casework.Refused("there is no such promised action on this case")
    if remedy.completed_on is not None:
        raise casework.Refused("this promised action has been marked done already")
    if given_on(case, remedy) is not None:
        raise casework.Refused("this promised action was given in a response letter")
    if new_due < ctx.today:
        raise casework.Refused("the new date cannot be in the past")
    if new_due == remedy.due:
        raise casework.Refused(f"it is already due by {written_date(new_due)}")
    if not reason.strip():
        raise casework.Refused("say why the date changed")
    letters_sent = response_letters(case, remedy)
    if any(w is not None and given_in_letter(remedy.kind, new_due, w) for w in letters_sent):
        raise casework.Refused("the new date is on or before a response letter that said it was still to do")
    earliest = min(counted_due(remedy), new_due)
    with database.atomic():
        changed = (
            Remedy.update(due=new_due, was_due=remedy.due, earliest_due=earliest)
            .where((Remedy.id == remedy.id) & Remedy.completed_on.is_null() & (Remedy.due == remedy.due))
            .execute()
        )
        if not changed:
            raise casework.Refused("this promised action changed meanwhile; look at it again")
        record(
            case,
            "remedy_due_changed",
            actor=staff.username,
            kind=remedy.kind,
            description=remedy.description,
            was_due=remedy.due,
            new_due=new_due,
            reason=reason.strip(),
        )


def counted_due(remedy: Remedy) -> date:
    """The date the figures count a promise against: its due date, or, once an officer has changed it, the
    earliest date it was ever due. Moved later, a promise still counts against the date first given (a later
    date cannot turn a late completion into one on time); moved earlier, against the new, earlier date."""
    return remedy.earliest_due if remedy.earliest_due is not None else remedy.due


def in_letter(remedy: Remedy, case: Case | None = None) -> dict[str, Any]:
    """A promise as a letter lists it; with its case, the day of the response letter that gave it (an
    apology given in the stage 1 letter is credited to that letter in the stage 2 one)."""
    shown: dict[str, Any] = {
        "kind": remedy.kind,
        "description": remedy.description,
        "amount": pounds(remedy.amount_pence) if remedy.amount_pence else None,
        "due": remedy.due,
    }
    if case is not None:
        shown["given_on"] = given_on(case, remedy)
        shown["given_stage"] = given_stage(case, remedy)
    return shown


def given_sql() -> Any:
    """given_on in SQL, for a query joined to Case: the day of the response letter that gave the promise
    itself, or NULL. The same rule, so the staff lists, the reminders and the figures agree with it."""
    kind_given = Remedy.kind.in_(sorted(GIVEN_IN_LETTER))

    def by(written: Any) -> Any:
        return (
            kind_given
            & written.is_null(False)
            & (Remedy.due.is_null() | (Remedy.due <= written))
            & (Remedy.completed_on.is_null() | (Remedy.completed_on >= written))
        )

    return SqlCase(
        None,
        (
            ((Remedy.stage == 1) & by(Case.responded), Case.responded),
            (by(Case.stage2_responded), Case.stage2_responded),
        ),
        None,
    )


def still_to_do() -> Any:
    """Open promises, for a query joined to Case: not marked done and not given in a response letter."""
    return Remedy.completed_on.is_null() & given_sql().is_null()


def open_count(case: Case) -> int:
    return int(
        Remedy.select()
        .join(Case, on=(Remedy.case == Case.id))
        .where((Remedy.case == case.id) & still_to_do())
        .count()
    )


def of_case(case: Case) -> list[Remedy]:
    return list(
        Remedy.select(Remedy, Staff.name.alias("owner_name"))
        .join(Staff, JOIN.LEFT_OUTER, on=(Remedy.owner == Staff.id))
        .where(Remedy.case == case.id)
        .order_by(Remedy.due, Remedy.id)
        .objects()
    )


def response_letters(case: Case, remedy: Remedy) -> tuple[date | None, ...]:
    """The days of the response letters that list this promise while it is open: a stage 1 promise is in
    the stage 1 letter and the stage 2 one, a stage 2 promise only in the stage 2 one (None: not sent)."""
    return (case.responded, case.stage2_responded) if remedy.stage == 1 else (case.stage2_responded,)


def given_on(case: Case, remedy: Remedy) -> date | None:
    """The day of the response letter that gave this promise itself ("Given in this letter"), or None."""
    found = _given(case, remedy)
    return found[1] if found else None


def given_stage(case: Case, remedy: Remedy) -> int | None:
    """The stage of the response letter that gave this promise itself, or None: a stage 2 letter written
    the same day as the stage 1 one still says an apology was given in "our letter of", not in this one."""
    found = _given(case, remedy)
    return found[0] if found else None


def _given(case: Case, remedy: Remedy) -> tuple[int, date] | None:
    """(stage, day) of the response letter that gave this promise itself, or None.

    A response letter lists every promise still open when it is sent (casework.respond): a stage 1 promise
    is in the stage 1 letter and, if still open, in the stage 2 letter; a stage 2 promise only in the stage 2
    letter. The letters' own rule (casecore.remedies.given_in_letter) decides, so the status page and the
    letter say the same."""
    letters_sent = response_letters(case, remedy)
    stages = (1, 2) if remedy.stage == 1 else (2,)
    for stage, written in zip(stages, letters_sent, strict=True):
        if written is None or (remedy.completed_on is not None and remedy.completed_on < written):
            continue
        if given_in_letter(remedy.kind, remedy.due, written):
            return stage, written
    return None


def for_resident(case: Case, today: date) -> list[dict[str, Any]]:
    """What the status page may show of each promise: its kind, its date and whether it is done (or given in
    the response letter itself). Never the description, the amount or who owns it, which may hold personal
    details."""
    shown = []
    for remedy in Remedy.select().where(Remedy.case == case.id).order_by(Remedy.due, Remedy.id):
        given = given_on(case, remedy)
        shown.append(
            {
                "kind": remedy.kind,
                "stage": remedy.stage,
                "due": remedy.due,
                "was_due": remedy.was_due,
                "done": remedy.completed_on,
                "given": given,
                "late": given is None and remedy.completed_on is None and remedy.due < today,
            }
        )
    return shown


def due_by(day: date, owner_id: int | None = None) -> list[Remedy]:
    """Open promises due on or before `day`, most overdue first, with their case's reference."""
    query = (
        Remedy.select(Remedy, Case.reference, Staff.name.alias("owner_name"))
        .join(Case, on=(Remedy.case == Case.id))
        .switch(Remedy)
        .join(Staff, JOIN.LEFT_OUTER, on=(Remedy.owner == Staff.id))
        .where(still_to_do() & (Remedy.due <= day))
        .order_by(Remedy.due, Remedy.id)
    )
    if owner_id is not None:
        query = query.where(Remedy.owner == owner_id)
    return list(query.objects())


def figures(start: date, end: date) -> dict[str, RemedyTally]:
    """Remedies due from `start` to `end` (a period's first and last days), by kind and in all: done by
    their due date, done late, not done. A promise given in a response letter (given_on) counts as done on
    that letter's date. A promise whose date an officer changed is counted against counted_due (the earliest
    date it was ever due), in the period of that date. One GROUP BY; casecore.remedies.tally is the same rule
    in Python."""
    completed = fn.COALESCE(given_sql(), Remedy.completed_on)
    counted = fn.COALESCE(Remedy.earliest_due, Remedy.due)
    on_time = fn.SUM(SqlCase(None, ((completed <= counted, 1),), 0))
    late = fn.SUM(SqlCase(None, ((completed > counted, 1),), 0))
    not_done = fn.SUM(SqlCase(None, ((completed.is_null(), 1),), 0))
    rows: list[tuple[Any, ...]] = list(
        Remedy.select(Remedy.kind, fn.COUNT(Remedy.id), on_time, late, not_done)
        .join(Case, on=(Remedy.case == Case.id))
        # counted <= due, so due >= start is implied, and lets the due index narrow the scan
        .where((Remedy.due >= start) & (counted >= start) & (counted <= end))
        .group_by(Remedy.kind)
        .tuples()  # type: ignore[arg-type]
    )
    found = {
        str(row[0]): RemedyTally(int(row[1]), int(row[2] or 0), int(row[3] or 0), int(row[4] or 0))
        for row in rows
    }
    result = {kind.value: found.get(kind.value, RemedyTally()) for kind in RemedyKind}
    result["all"] = RemedyTally(
        sum(t.due for t in found.values()),
        sum(t.on_time for t in found.values()),
        sum(t.late for t in found.values()),
        sum(t.not_done for t in found.values()),
    )
    return result
