"""After a response: when a case may be closed, by hand or by itself, and when a stage 2 request is late.

Policy 7.4 and the Code: after a stage 1 response the resident may ask for stage 2 within the escalation
window, so closing must not take that right away; a case is closed once the resident has not been in touch
for 10 working days after the resolution offer; a request after the window is flagged, never refused.
"""

from __future__ import annotations

from datetime import date

from .states import Kind, Status
from .working_days import WorkingDays


def escalation_is_late(asked_on: date, window_closes: date | None) -> bool:
    """A stage 2 request after the window's last day is late: accepted and flagged for discretion."""
    return window_closes is not None and asked_on > window_closes


def quiet_until(offer: date, last_contact: date | None, quiet_days: int, calendar: WorkingDays) -> date:
    """The last day of the quiet period: `quiet_days` working days after the offer or the resident's last
    contact, whichever is later."""
    start = max(offer, last_contact) if last_contact else offer
    return calendar.add(start, quiet_days)


def closes_by_itself_after(
    offer: date,
    last_contact: date | None,
    window_closes: date | None,
    quiet_days: int,
    calendar: WorkingDays,
) -> date:
    """The last day a responded case stays open: both the quiet period and the escalation window (if
    any) have ended by the day after it."""
    quiet = quiet_until(offer, last_contact, quiet_days, calendar)
    return max(quiet, window_closes) if window_closes else quiet


def may_close_by_itself(
    today: date,
    offer: date,
    last_contact: date | None,
    window_closes: date | None,
    quiet_days: int,
    open_actions: int,
    calendar: WorkingDays,
) -> bool:
    """True once both periods have ended and nothing promised is still open."""
    after = closes_by_itself_after(offer, last_contact, window_closes, quiet_days, calendar)
    return open_actions == 0 and today > after


def close_refusal(
    kind: Kind,
    status: Status,
    today: date,
    window_closes: date | None,
    open_actions: int,
    manager_reason: str | None,
) -> str | None:
    """Why a member of staff may not close the case by hand now; None when they may.

    A complaint answered at stage 1 stays open until its escalation window ends. Open promised actions
    block closing unless a manager records why (`manager_reason`)."""
    if kind == Kind.COMPLAINT and status == Status.RESPONDED and window_closes and today <= window_closes:
        from .deadlines import written_day  # deadlines imports this module

        return (
            f"the resident may ask for stage 2 until {written_day(window_closes)}, so the case stays open "
            "until then (it closes by itself once the window has ended and the resident has been quiet "
            "for 10 working days)"
        )
    if open_actions and not manager_reason:
        return (
            f"{open_actions} promised action{'s are' if open_actions != 1 else ' is'} not done yet; "
            "a manager may close it and record why"
        )
    return None


def reminder_window(due: date, today: date, calendar: WorkingDays, soon_days: int = 2) -> str | None:
    """'overdue' before today; 'due soon' when no more than `soon_days` working days are left until it (a
    date on a weekend or holiday counts the working days before it: due on Saturday is due soon on Wednesday);
    else None."""
    if due < today:
        return "overdue"
    if calendar.between(today, due) <= soon_days:
        return "due soon"
    return None
