"""Deadlines for one case, from its procedure and the dates recorded so far, all in working days."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .aftercare import closes_by_itself_after
from .procedures import CountedFrom, Procedure, Rules, Stage
from .working_days import WorkingDays, england_and_wales


@dataclass(frozen=True)
class CaseDates:
    received: date
    acknowledged: date | None = None
    extended_to: date | None = None
    responded: date | None = None
    escalation_requested: date | None = None
    stage2_acknowledged: date | None = None
    stage2_extended_to: date | None = None
    stage2_responded: date | None = None
    last_contact: date | None = None  # the resident's latest contact, which restarts the quiet period


@dataclass(frozen=True)
class StageDeadlines:
    acknowledge: date | None  # None where the procedure sets no acknowledgement
    respond: date  # the response is due, before any extension
    extension_limit: date | None  # the latest an extension may reach; None: no extension allowed
    respond_by: date  # the due date in force: the extended date, if extended


@dataclass(frozen=True)
class Deadlines:
    stage1: StageDeadlines | None  # None for a statutory procedure
    escalation_closes: date | None  # known once stage 1 has responded
    stage2: StageDeadlines | None  # known once stage 2 was asked for


class ExtensionRefused(ValueError):
    """An extension the procedure does not allow; the message says why."""


def stage_deadlines(
    procedure: Procedure,
    stage: Stage,
    start: date,
    acknowledged: date | None,
    extended_to: date | None,
    calendar: WorkingDays,
) -> StageDeadlines:
    acknowledge = calendar.add(start, procedure.acknowledge) if procedure.acknowledge is not None else None
    if stage.counted_from == CountedFrom.ACKNOWLEDGEMENT:
        # Counted from the acknowledgement; until there is one, from the day it is due.
        base = acknowledged or acknowledge or start
    else:
        base = start
    respond = calendar.add(base, stage.respond)
    limit = calendar.add(respond, stage.extension) if stage.extension else None
    return StageDeadlines(acknowledge, respond, limit, max(respond, extended_to) if extended_to else respond)


def deadlines(
    procedure: Procedure,
    dates: CaseDates,
    rules: Rules | None = None,
    calendar: WorkingDays | None = None,
) -> Deadlines:
    calendar = calendar or england_and_wales()
    rules = rules or Rules()
    if procedure.statutory:
        return Deadlines(None, None, None)
    stage1 = stage_deadlines(
        procedure, procedure.stage(1), dates.received, dates.acknowledged, dates.extended_to, calendar
    )
    closes = rules.escalation_window.closes(dates.responded, calendar) if dates.responded else None
    stage2 = None
    if dates.escalation_requested:
        stage2 = stage_deadlines(
            procedure,
            procedure.stage(2),
            dates.escalation_requested,
            dates.stage2_acknowledged,
            dates.stage2_extended_to,
            calendar,
        )
    return Deadlines(stage1, closes, stage2)


def written_date(when: date | None) -> str:
    """A date as officers read it in an email: 21 December 2026 (no leading zero); "no date" for none."""
    return f"{when.day} {when:%B %Y}" if when is not None else "no date"


def written_day(when: date) -> str:
    """The same with its weekday, as in a refusal: Monday 21 December 2026."""
    return f"{when:%A} {when.day} {when:%B %Y}"


def extension_closed(
    due: StageDeadlines, today: date, day: Callable[[date], str] = written_day
) -> str | None:
    """Why no extension of `due` can be agreed today, whatever the date asked for (None: one can): the
    procedure allows none at this stage, or the date it would extend has passed. `day` writes the date (the
    case page writes it in its own way)."""
    if due.extension_limit is None:
        return "this procedure does not allow an extension at this stage"
    if today > due.respond:
        return (
            f"the response was due on {day(due.respond)}, which has passed: an extension must be "
            "agreed before the date it extends (the Code allows no extension once a response is late)"
        )
    return None


def check_extension(
    due: StageDeadlines, new_date: date, today: date, calendar: WorkingDays | None = None
) -> None:
    """Raise ExtensionRefused unless the extension is agreed by the due date it extends (`today` no later
    than it: the Code allows an extension only before the deadline passes), and `new_date` is a working day
    after the due date and within the limit."""
    calendar = calendar or england_and_wales()
    closed = extension_closed(due, today)
    if closed is not None:
        raise ExtensionRefused(closed)
    assert due.extension_limit is not None  # extension_closed says so otherwise
    if new_date <= due.respond:
        raise ExtensionRefused(
            f"an extension must be after the date the response was first due, {written_day(due.respond)}"
        )
    if new_date > due.extension_limit:
        raise ExtensionRefused(
            f"the latest the procedure allows is {written_day(due.extension_limit)} "
            f"({calendar.between(due.respond, due.extension_limit)} working days more)"
        )
    if not calendar.is_working_day(new_date):
        raise ExtensionRefused(f"{written_day(new_date)} is not a working day")


def acknowledgement_and_response(
    procedure: Procedure, received: date, calendar: WorkingDays | None = None
) -> tuple[date | None, date | None]:
    """What a resident is told on the day they complain: when we will acknowledge, and when we reply."""
    found = deadlines(procedure, CaseDates(received=received), calendar=calendar)
    if found.stage1 is None:
        return None, None
    return found.stage1.acknowledge, found.stage1.respond


def next_deadline(
    status: str,
    procedure: Procedure,
    dates: CaseDates,
    rules: Rules | None = None,
    calendar: WorkingDays | None = None,
) -> date | None:
    """The date by which the next thing must happen on a case, for the queue; None when nothing is due.

    Received: the acknowledgement (or, with none set, the response). Acknowledged or extended: the response
    in force. Responded at either stage: the last day before the case closes by itself, once the
    resident has been quiet for 10 working days after the offer (or their last contact) and, after stage 1,
    the escalation window has ended.
    """
    calendar = calendar or england_and_wales()
    rules = rules or Rules()
    found = deadlines(procedure, dates, rules, calendar)
    stage1, stage2 = found.stage1, found.stage2
    if status == "received" and stage1:
        return stage1.acknowledge or stage1.respond
    if status in ("acknowledged", "extended") and stage1:
        return stage1.respond_by
    if status == "escalation_requested" and stage2:
        return stage2.acknowledge or stage2.respond
    if status in ("stage2_acknowledged", "stage2_extended") and stage2:
        return stage2.respond_by
    answered = dates.stage2_responded if status == "stage2_responded" else dates.responded
    if status in ("responded", "stage2_responded") and answered:
        window = found.escalation_closes if status == "responded" else None
        return closes_by_itself_after(
            answered, dates.last_contact, window, rules.close_after_offer_days, calendar
        )
    return None
