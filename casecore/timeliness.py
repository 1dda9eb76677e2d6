"""On time under the code: the rules behind the published acknowledgement and CH02 figures.

Each is measured against the code the case answers to (casecore.regimes), not the council's own procedure:
- acknowledged in time: by the 5th working day after receipt (of the complaint, or of the request for
  stage 2). An acknowledgement on the 6th is late, even though the response clock then runs from it;
- responded in time: by the code's due date (10 working days from the acknowledgement at stage 1, 20 at
  stage 2; until there is an acknowledgement, from the day it was due), or by an extended date that was set
  on or before that due date and is within the code's limit (10 more at stage 1, 20 at stage 2). A later or
  longer extension does not count: the response is measured against the original date;
- a statutory procedure is outside both codes: None, never counted in or out of time.
"""

from __future__ import annotations

from datetime import date

from .deadlines import StageDeadlines, stage_deadlines
from .procedures import Regime
from .regimes import code_for
from .working_days import WorkingDays, england_and_wales


def code_deadlines(
    regime: Regime,
    stage: int,
    start: date,
    acknowledged: date | None,
    calendar: WorkingDays | None = None,
) -> StageDeadlines | None:
    """The code's own dates for one stage, before any extension; None outside the codes."""
    code = code_for(regime)
    if code is None:
        return None
    return stage_deadlines(
        code, code.stage(stage), start, acknowledged, None, calendar or england_and_wales()
    )


def extension_counts(due: StageDeadlines, extended_to: date | None, extended_on: date | None) -> bool:
    """An extension in line with the code: set on or before the due date it extends, within the limit."""
    return (
        extended_to is not None
        and extended_on is not None
        and extended_on <= due.respond
        and due.extension_limit is not None
        and extended_to <= due.extension_limit
    )


def acknowledged_in_time(
    regime: Regime, start: date, acknowledged: date, calendar: WorkingDays | None = None
) -> bool | None:
    due = code_deadlines(regime, 1, start, acknowledged, calendar)
    if due is None or due.acknowledge is None:
        return None
    return acknowledged <= due.acknowledge


def responded_in_time(
    regime: Regime,
    stage: int,
    start: date,
    acknowledged: date | None,
    extended_to: date | None,
    extended_on: date | None,
    responded: date,
    calendar: WorkingDays | None = None,
) -> bool | None:
    due = code_deadlines(regime, stage, start, acknowledged, calendar)
    if due is None:
        return None
    in_force = due.respond
    if extended_to is not None and extension_counts(due, extended_to, extended_on):
        in_force = max(due.respond, extended_to)
    return responded <= in_force
