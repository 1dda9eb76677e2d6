"""A contact restriction's review (policy s.13), as properties: what an outcome needs to be recorded."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from casecore.feedback import ReviewOutcome, restriction_active, review_problems

days = st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31))
maybe_days = st.none() | days
reasons = st.text(max_size=30)
outcomes = st.sampled_from(list(ReviewOutcome))

TODAY = date(2026, 11, 23)


def test_a_restriction_is_active_until_it_is_lifted() -> None:
    assert restriction_active("Forty calls in a week.", None)
    assert not restriction_active("Forty calls in a week.", date(2026, 11, 23))
    assert not restriction_active(None, None) and not restriction_active("  ", None)  # never restricted


@given(reason=reasons, lifted=maybe_days)
def test_active_means_recorded_and_not_lifted(reason: str, lifted: date | None) -> None:
    assert restriction_active(reason, lifted) == (bool(reason.strip()) and lifted is None)


def test_each_outcome_with_what_it_needs_is_accepted() -> None:
    assert review_problems(ReviewOutcome.LIFT, True, "Calls are normal now.", None, TODAY) == []
    assert review_problems(ReviewOutcome.KEEP, True, "Still calling daily.", date(2027, 2, 1), TODAY) == []


def test_what_is_wrong_is_said_in_words() -> None:
    assert review_problems(ReviewOutcome.KEEP, False, " ", TODAY, TODAY) == [
        "there is no active contact restriction on this case to review",
        "give the reason for the outcome",
        "the next review date must be in the future",
    ]
    assert review_problems("ban", True, "Why", None, TODAY) == ["the outcome must be one of lift, keep"]


@given(outcome=outcomes, active=st.booleans(), reason=reasons, review=maybe_days, today=days)
def test_a_review_is_refused_exactly_when_a_rule_is_broken(
    outcome: ReviewOutcome, active: bool, reason: str, review: date | None, today: date
) -> None:
    problems = review_problems(outcome, active, reason, review, today)
    broken = (
        not active
        or not reason.strip()
        or (outcome == ReviewOutcome.KEEP and (review is None or review <= today))
    )
    assert bool(problems) == broken
    # A lift never needs a date: whatever is typed there, only the reason and the restriction count.
    if outcome == ReviewOutcome.LIFT:
        assert problems == review_problems(outcome, active, reason, None, today)


@given(today=days, ahead=st.integers(min_value=-400, max_value=400))
def test_a_kept_restriction_needs_a_date_after_today(today: date, ahead: int) -> None:
    review = today + timedelta(days=ahead)
    refused = "the next review date must be in the future" in review_problems(
        ReviewOutcome.KEEP, True, "Still calling.", review, today
    )
    assert refused == (ahead <= 0)
