"""Financial-year periods: every name accepted and refused as documented in casecore/periods.py."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casecore.periods import Period, PeriodError, PeriodKind

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2098, 12, 31))
YEARS = st.integers(min_value=2000, max_value=2097)


@pytest.mark.parametrize(
    ("typed", "expected_id", "start", "end"),
    [
        ("2026/27", "2026/27", date(2026, 4, 1), date(2027, 3, 31)),
        ("2026-27", "2026/27", date(2026, 4, 1), date(2027, 3, 31)),
        ("2026/27 Q1", "2026/27 Q1", date(2026, 4, 1), date(2026, 6, 30)),
        ("2026/27 q2", "2026/27 Q2", date(2026, 7, 1), date(2026, 9, 30)),
        ("  2026/27   Q3 ", "2026/27 Q3", date(2026, 10, 1), date(2026, 12, 31)),
        ("2026-27-q4", "2026/27 Q4", date(2027, 1, 1), date(2027, 3, 31)),
        ("2026/27-Q4", "2026/27 Q4", date(2027, 1, 1), date(2027, 3, 31)),
        ("1999/00", "1999/00", date(1999, 4, 1), date(2000, 3, 31)),
        ("2022/23", "2022/23", date(2022, 4, 1), date(2023, 3, 31)),
    ],
)
def test_every_documented_name_is_read(typed: str, expected_id: str, start: date, end: date) -> None:
    period = Period.parse(typed)
    assert (period.id, period.start, period.end) == (expected_id, start, end)


def test_file_names_and_kinds() -> None:
    quarter = Period.parse("2026/27 Q1")
    assert (quarter.slug, quarter.kind, quarter.number) == ("2026-27-q1", PeriodKind.QUARTER, 1)
    year = Period.parse("2026/27")
    assert (year.slug, year.kind, year.number) == ("2026-27", PeriodKind.YEAR, None)
    assert Period.parse("2026/27 Q4").financial_year == year
    assert Period.parse("2026/27 Q1").previous().id == "2025/26 Q4"
    assert Period.parse("2026/27 Q2").a_year_before().id == "2025/26 Q2"
    assert year.previous().id == "2025/26"
    assert Period.containing(date(2027, 2, 3)).id == "2026/27 Q4"
    assert Period.containing(date(2027, 2, 3), PeriodKind.YEAR).id == "2026/27"


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("2026-Q2", 'April to June 2026 is "2026/27 Q1" (file name 2026-27-q1)'),
        ("2026-q1", 'January to March 2026 is "2025/26 Q4" (file name 2025-26-q4)'),
        ("2026 Q3", 'July to September 2026 is "2026/27 Q2"'),
        ("2025-27", "the second year must follow the first, as in 2025/26"),
        ("2026/27 Q5", "is not a period"),
        ("Q1 2026/27", "is not a period"),
        ("2026", "is not a period"),
        ("", "is not a period"),
    ],
)
def test_old_and_wrong_names_say_what_to_type(typed: str, says: str) -> None:
    with pytest.raises(PeriodError) as refused:
        Period.parse(typed)
    assert says in str(refused.value)


@given(DAYS)
def test_every_day_is_in_one_quarter_of_its_financial_year(day: date) -> None:
    quarter = Period.containing(day)
    year = Period.containing(day, PeriodKind.YEAR)
    assert quarter.start <= day <= quarter.end and year.start <= day <= year.end
    assert quarter.financial_year == year and quarter in year.quarters()
    assert sum(q.start <= day <= q.end for q in year.quarters()) == 1


@given(YEARS)
def test_the_quarters_tile_the_year_without_gap_or_overlap(first: int) -> None:
    year = Period.year(first)
    quarters = year.quarters()
    assert quarters[0].start == year.start == date(first, 4, 1)
    assert quarters[-1].end == year.end == date(first + 1, 3, 31)
    for before, after in itertools.pairwise(quarters):
        assert after.start == before.end + timedelta(days=1)
    assert [q.number for q in quarters] == [1, 2, 3, 4]


@given(DAYS, st.sampled_from(list(PeriodKind)))
def test_a_period_reads_back_from_its_name_and_its_file_name(day: date, kind: PeriodKind) -> None:
    period = Period.containing(day, kind)
    assert Period.parse(period.id) == period == Period.parse(period.slug)
    assert period.previous().end == period.start - timedelta(days=1)
    assert period.previous().kind == period.kind


@given(DAYS)
def test_a_calendar_quarter_name_is_always_refused_with_the_right_answer(day: date) -> None:
    old = f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    with pytest.raises(PeriodError) as refused:
        Period.parse(old)
    assert f'"{Period.containing(start).id}"' in str(refused.value)
