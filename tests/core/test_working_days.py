"""Working days in England and Wales: worked examples around awkward dates, and properties for the rest."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casecore.working_days import england_and_wales

calendar = england_and_wales()
dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
counts = st.integers(min_value=0, max_value=60)


@pytest.mark.parametrize(
    ("start", "days", "expected", "why"),
    [
        (date(2026, 11, 23), 5, date(2026, 11, 30), "a plain week: Monday to the next Monday"),
        (date(2026, 11, 21), 5, date(2026, 11, 27), "received on a Saturday: the count starts on Monday"),
        (
            date(2026, 12, 18),
            5,
            date(2026, 12, 29),
            "Christmas 2026: 25th Friday, 28th Boxing Day substitute",
        ),
        (date(2026, 12, 24), 1, date(2026, 12, 29), "Christmas Eve: the next working day is the 29th"),
        (
            date(2022, 12, 23),
            1,
            date(2022, 12, 28),
            "Christmas 2022: both days fell at the weekend, 26th and 27th off",
        ),
        (date(2026, 4, 2), 1, date(2026, 4, 7), "Easter 2026: Good Friday 3 April and Easter Monday 6 April"),
        (
            date(2027, 3, 25),
            2,
            date(2027, 3, 31),
            "Easter 2027: Good Friday 26 March, Easter Monday 29 March",
        ),
        (
            date(2022, 9, 16),
            1,
            date(2022, 9, 20),
            "the State Funeral of Queen Elizabeth II, 19 September 2022",
        ),
        (date(2023, 5, 5), 1, date(2023, 5, 9), "the Coronation of King Charles III, 8 May 2023"),
        (date(2022, 6, 1), 1, date(2022, 6, 6), "the Platinum Jubilee: 2 and 3 June 2022"),
        (date(2026, 12, 18), 10, date(2027, 1, 6), "ten days across Christmas and New Year"),
        (date(2026, 11, 23), 0, date(2026, 11, 23), "nought days is the day itself"),
    ],
)
def test_worked_examples(start: date, days: int, expected: date, why: str) -> None:
    assert calendar.add(start, days) == expected, why
    assert calendar.between(start, expected) == days, why


def test_the_one_off_holidays_are_known() -> None:
    assert calendar.holiday_name(date(2022, 9, 19)) is not None
    assert calendar.holiday_name(date(2023, 5, 8)) is not None
    assert not calendar.is_working_day(date(2022, 9, 19))
    assert calendar.is_working_day(date(2022, 9, 20))


@given(dates, st.integers(min_value=1, max_value=60))
def test_never_lands_on_a_weekend_or_bank_holiday(start: date, days: int) -> None:
    due = calendar.add(start, days)
    assert due.weekday() < 5
    assert calendar.holiday_name(due) is None


@given(dates, counts, counts)
def test_adding_is_monotonic(start: date, days: int, more: int) -> None:
    assert calendar.add(start, days) <= calendar.add(start, days + more)


@given(dates, dates, counts)
def test_a_later_start_never_gives_an_earlier_date(first: date, second: date, days: int) -> None:
    early, late = sorted((first, second))
    assert calendar.add(early, days) <= calendar.add(late, days)


@given(dates, counts, counts)
def test_adding_composes(start: date, first: int, second: int) -> None:
    assert calendar.add(calendar.add(start, first), second) == calendar.add(start, first + second)


@given(dates, counts)
def test_between_undoes_add(start: date, days: int) -> None:
    assert calendar.between(start, calendar.add(start, days)) == days


@given(dates, st.integers(min_value=1, max_value=60))
def test_every_day_counted_is_a_working_day(start: date, days: int) -> None:
    due = calendar.add(start, days)
    span = [start + timedelta(n) for n in range(1, (due - start).days + 1)]
    assert sum(calendar.is_working_day(day) for day in span) == days


def test_counting_backwards_is_refused() -> None:
    with pytest.raises(ValueError, match="count forwards"):
        calendar.add(date(2026, 1, 5), -1)
