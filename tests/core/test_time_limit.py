"""The 12-month time limit (policy 6.0, 7.5) and a problem that is still happening."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from casecore.procedures import Rules, add_months, is_out_of_time

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


@given(received=days, back=st.integers(min_value=0, max_value=20 * 366), months=st.integers(1, 36))
def test_a_problem_still_happening_is_never_out_of_time(received: date, back: int, months: int) -> None:
    started = received - timedelta(days=back)
    rules = Rules(time_limit_months=months)
    assert not is_out_of_time(started, received, rules, ongoing=True)


@given(received=days, months=st.integers(1, 36))
def test_a_problem_that_stopped_is_out_of_time_from_the_day_after_the_limit(
    received: date, months: int
) -> None:
    rules = Rules(time_limit_months=months)
    limit = add_months(received, -months)
    assert not is_out_of_time(limit, received, rules)
    assert is_out_of_time(limit - timedelta(days=1), received, rules)
    assert not is_out_of_time(limit - timedelta(days=1), received, rules, ongoing=True)
