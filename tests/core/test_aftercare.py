"""The rules after a response, as properties: when a case may close by hand or by itself, when a stage 2
request is late, which reminder window a date is in, and how remedies are counted."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from casecore.aftercare import (
    close_refusal,
    closes_by_itself_after,
    escalation_is_late,
    may_close_by_itself,
    quiet_until,
    reminder_window,
)
from casecore.remedies import RemedyProblem, parse_pounds, pounds, tally
from casecore.states import Kind, Status
from casecore.working_days import england_and_wales

CAL = england_and_wales()
days = st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31))
maybe_days = st.none() | days


def test_ten_quiet_working_days_skip_christmas() -> None:
    # Monday 14 December 2026: Christmas Day and the Boxing Day substitute (Monday 28th) do not count.
    assert quiet_until(date(2026, 12, 14), None, 10, CAL) == date(2026, 12, 30)
    # A contact on Friday 8 January 2027 restarts the count: ten working days end on Friday the 22nd.
    assert quiet_until(date(2026, 12, 14), date(2027, 1, 8), 10, CAL) == date(2027, 1, 22)


@given(days, maybe_days, maybe_days, st.integers(0, 3))
def test_a_case_never_closes_by_itself_before_both_periods_end(
    offer: date, contact: date | None, window: date | None, open_actions: int
) -> None:
    after = closes_by_itself_after(offer, contact, window, 10, CAL)
    assert after >= quiet_until(offer, contact, 10, CAL)
    if window:
        assert after >= window
    assert not may_close_by_itself(after, offer, contact, window, 10, open_actions, CAL)
    assert may_close_by_itself(after + timedelta(days=1), offer, contact, window, 10, open_actions, CAL) == (
        open_actions == 0
    )
    if contact and contact > offer:
        assert CAL.between(contact, after) >= 10  # the resident's contact restarts the quiet period


@given(days, maybe_days)
def test_a_late_request_is_only_one_after_the_window(asked: date, closes: date | None) -> None:
    assert escalation_is_late(asked, closes) == (closes is not None and asked > closes)


@given(days, days)
def test_closing_by_hand_never_takes_stage_2_away(today: date, closes: date) -> None:
    refusal = close_refusal(Kind.COMPLAINT, Status.RESPONDED, today, closes, 0, None)
    assert (refusal is not None) == (today <= closes)
    # After stage 2 there is no window to wait for.
    assert close_refusal(Kind.COMPLAINT, Status.STAGE2_RESPONDED, today, None, 0, None) is None


@given(days, st.integers(1, 5), st.sampled_from(["", "The resident moved away"]))
def test_open_actions_need_a_managers_reason(today: date, open_actions: int, reason: str) -> None:
    refusal = close_refusal(
        Kind.COMPLAINT, Status.STAGE2_RESPONDED, today, None, open_actions, reason or None
    )
    assert (refusal is None) == bool(reason)
    if refusal:
        assert f"{open_actions} promised action" in refusal


@given(days, days)
def test_reminder_windows(due: date, today: date) -> None:
    window = reminder_window(due, today, CAL)
    if due < today:
        assert window == "overdue"
    elif CAL.between(today, due) <= 2:
        assert window == "due soon"
    else:
        assert window is None


@given(st.lists(st.tuples(days, maybe_days), max_size=30), days, days)
def test_remedies_due_in_a_period_are_on_time_late_or_not_done(
    promises: list[tuple[date, date | None]], start: date, end: date
) -> None:
    found = tally(promises, start, end)
    assert found.due == found.on_time + found.late + found.not_done
    assert found.due == sum(1 for due, _ in promises if start <= due <= end)
    assert found.on_time == sum(1 for due, done in promises if start <= due <= end and done and done <= due)


@given(st.integers(0, 10**9 - 1))
def test_amounts_round_trip(pence: int) -> None:
    assert parse_pounds(pounds(pence)) == pence


def test_amounts_that_are_not_money_are_refused() -> None:
    for text in ("fifty", "1.234", "-5", "", "£"):
        try:
            parse_pounds(text)
        except RemedyProblem:
            continue
        raise AssertionError(text)
