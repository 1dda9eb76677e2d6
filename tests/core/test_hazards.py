"""Awaab's Law's clock: each step's due date worked out by hand across weekends and bank holidays, and
properties for the rest."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casecore.hazards import (
    HazardDates,
    HazardKind,
    HazardProblem,
    HazardStep,
    check_step,
    due_dates,
    next_due,
    next_step,
    overdue,
)
from casecore.working_days import england_and_wales

calendar = england_and_wales()
dates = st.dates(min_value=date(2025, 10, 27), max_value=date(2030, 12, 31))
kinds = st.sampled_from(list(HazardKind))

INV, S, W, M = HazardStep.INVESTIGATED, HazardStep.SUMMARY, HazardStep.WORKS_BEGUN, HazardStep.MADE_SAFE


@pytest.mark.parametrize(
    ("aware", "investigated", "expected", "why"),
    [
        (
            date(2026, 11, 21),
            date(2026, 11, 27),
            {INV: date(2026, 12, 4), S: date(2026, 12, 2), W: date(2026, 12, 4)},
            "aware on a Saturday: 10 working days from Monday; investigated on a Friday, the weekend skipped",
        ),
        (
            date(2026, 12, 18),
            date(2026, 12, 24),
            {INV: date(2027, 1, 6), S: date(2026, 12, 31), W: date(2027, 1, 5)},
            "Christmas 2026 (25th Friday, 28th the Boxing Day substitute) and New Year's Day 2027 skipped",
        ),
        (
            date(2026, 4, 2),
            date(2026, 4, 2),
            {INV: date(2026, 4, 20), S: date(2026, 4, 9), W: date(2026, 4, 13)},
            "Easter 2026: Good Friday 3 April and Easter Monday 6 April skipped",
        ),
        (
            date(2026, 8, 19),
            date(2026, 8, 27),
            {INV: date(2026, 9, 3), S: date(2026, 9, 2), W: date(2026, 9, 4)},
            "investigation ends early (Thursday 27 August): summary and works count from that day, "
            "across the weekend and the summer bank holiday (31 August); the summary falls before the "
            "investigation's own due date",
        ),
        (
            date(2026, 12, 18),
            date(2027, 1, 8),
            {INV: date(2027, 1, 6), S: date(2027, 1, 13), W: date(2027, 1, 15)},
            "investigation ends late (Friday 8 January, due the 6th): summary and works count from the "
            "day it ended, across the weekend, not from the day it was due",
        ),
    ],
)
def test_damp_and_mould_due_dates_by_hand(
    aware: date, investigated: date, expected: dict[HazardStep, date], why: str
) -> None:
    before = due_dates(HazardKind.DAMP_MOULD, HazardDates(aware))
    assert before == {INV: expected[INV], S: None, W: None}, why
    after = due_dates(HazardKind.DAMP_MOULD, HazardDates(aware, {INV: investigated}))
    assert after == expected, why


def test_a_late_investigation_is_overdue_until_recorded_and_then_the_summary_is_not() -> None:
    aware, ended = date(2026, 12, 18), date(2027, 1, 8)
    kind = HazardKind.DAMP_MOULD
    assert overdue(kind, HazardDates(aware), ended) == [INV]
    recorded = HazardDates(aware, {INV: ended})
    assert overdue(kind, recorded, ended) == [] and next_due(kind, recorded) == date(2027, 1, 13)
    assert overdue(kind, recorded, date(2027, 1, 14)) == [S]
    assert overdue(kind, recorded, date(2027, 1, 18)) == [S, W]


@pytest.mark.parametrize(
    ("aware", "expected"),
    [
        (date(2026, 11, 21), date(2026, 11, 22)),  # a Saturday: 24 hours, weekends included
        (date(2026, 12, 24), date(2026, 12, 25)),  # Christmas Eve: Christmas Day counts
    ],
)
def test_an_emergency_is_made_safe_within_24_hours_whatever_the_day(aware: date, expected: date) -> None:
    assert due_dates(HazardKind.EMERGENCY, HazardDates(aware)) == {M: expected}
    assert overdue(HazardKind.EMERGENCY, HazardDates(aware), expected) == []
    assert overdue(HazardKind.EMERGENCY, HazardDates(aware), expected + timedelta(days=1)) == [M]


def test_a_possible_hazard_is_investigated_within_10_working_days_and_not_a_hazard_has_no_clock() -> None:
    aware = date(2026, 12, 18)
    assert due_dates(HazardKind.POSSIBLE, HazardDates(aware)) == {INV: date(2027, 1, 6)}
    assert due_dates(HazardKind.NOT_HAZARD, HazardDates(aware)) == {}
    assert next_step(HazardKind.NOT_HAZARD, HazardDates(aware)) is None
    assert overdue(HazardKind.NOT_HAZARD, HazardDates(aware), date(2030, 1, 1)) == []


def test_which_step_is_next_and_which_are_overdue() -> None:
    aware = date(2026, 11, 21)
    kind = HazardKind.DAMP_MOULD
    assert next_step(kind, HazardDates(aware)) == INV
    assert overdue(kind, HazardDates(aware), date(2026, 12, 4)) == []
    assert overdue(kind, HazardDates(aware), date(2026, 12, 5)) == [INV]
    investigated = HazardDates(aware, {INV: date(2026, 11, 27)})
    assert next_step(kind, investigated) == S
    assert next_due(kind, investigated) == date(2026, 12, 2)
    assert overdue(kind, investigated, date(2026, 12, 3)) == [S]
    assert overdue(kind, investigated, date(2026, 12, 7)) == [S, W]
    done = HazardDates(aware, {INV: date(2026, 11, 27), S: date(2026, 12, 1), W: date(2026, 12, 3)})
    assert next_step(kind, done) is None and next_due(kind, done) is None
    assert overdue(kind, done, date(2027, 6, 1)) == []


def test_a_step_recorded_out_of_order_or_in_the_future_is_refused() -> None:
    aware, today = date(2026, 11, 23), date(2026, 11, 30)
    kind = HazardKind.DAMP_MOULD
    with pytest.raises(HazardProblem, match="investigation first"):
        check_step(kind, HazardDates(aware), S, today, today)
    with pytest.raises(HazardProblem, match="future"):
        check_step(kind, HazardDates(aware), INV, today + timedelta(days=1), today)
    with pytest.raises(HazardProblem, match="before the council became aware"):
        check_step(kind, HazardDates(aware), INV, aware - timedelta(days=1), today)
    with pytest.raises(HazardProblem, match="not a step"):
        check_step(HazardKind.EMERGENCY, HazardDates(aware), INV, today, today)
    with pytest.raises(HazardProblem, match="before the investigation ended"):
        check_step(kind, HazardDates(aware, {INV: date(2026, 11, 27)}), W, date(2026, 11, 26), today)
    check_step(kind, HazardDates(aware, {INV: date(2026, 11, 27)}), W, today, today)


@given(dates)
def test_investigation_is_due_10_working_days_later_on_a_working_day(aware: date) -> None:
    due = due_dates(HazardKind.DAMP_MOULD, HazardDates(aware))[INV]
    assert due is not None
    assert calendar.between(aware, due) == 10
    assert calendar.is_working_day(due)


@given(dates, st.integers(min_value=0, max_value=30))
def test_summary_and_works_count_from_the_investigation(aware: date, later: int) -> None:
    investigated = aware + timedelta(days=later)
    due = due_dates(HazardKind.DAMP_MOULD, HazardDates(aware, {INV: investigated}))
    summary, works = due[S], due[W]
    assert summary is not None and works is not None
    assert calendar.between(investigated, summary) == 3 and calendar.is_working_day(summary)
    assert calendar.between(investigated, works) == 5 and calendar.is_working_day(works)
    assert investigated < summary < works


@given(kinds, dates, st.integers(min_value=-5, max_value=60), st.sets(st.sampled_from(list(HazardStep))))
def test_overdue_means_not_done_and_past_its_date(
    kind: HazardKind, aware: date, offset: int, done_steps: set[HazardStep]
) -> None:
    today = aware + timedelta(days=offset)
    done = {step: aware for step in done_steps}
    hazard = HazardDates(aware, done)
    late = overdue(kind, hazard, today)
    due = due_dates(kind, hazard)
    for step, when in due.items():
        assert (step in late) == (step not in done and when is not None and when < today)
    found = next_step(kind, hazard)
    assert (found is None) == all(step in done for step in due)
    earliest = next_due(kind, hazard)
    assert bool(late) == (earliest is not None and earliest < today)
