"""Suppression and the checks on figure files."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casecore.figures import check, per_thousand, share, suppressed


@given(st.integers(min_value=0, max_value=100_000))
def test_no_count_from_1_to_4_is_ever_published(count: int) -> None:
    published = suppressed(count)
    assert published is None if 1 <= count <= 4 else published == count


def test_shares_hide_small_numbers() -> None:
    assert share(3, 40) is None and share(40, 3) is None and share(0, 0) is None
    assert share(0, 10) == 0 and share(5, 10) == 0.5
    assert per_thousand(120, 4800) == 25.0


GOOD: dict[str, Any] = {
    "figures": {
        "stage1_received": 20,
        "stage2_received": 5,
        "acknowledged": {"within": 18, "total": 20},
        "stage1_responses": {"in_time": 15, "total": 18},
        "stage2_responses": {"in_time": 4, "total": 5},
        "stage1_outcomes": {"upheld": 6, "partially_upheld": 6, "not_upheld": 6},
        "stage2_outcomes": {"upheld": 1, "partially_upheld": 2, "not_upheld": 2},
        "median_days": {"stage1": 9, "stage2": None},
        "open_at_end": 7,
        "overdue_at_end": 1,
        "not_accepted": {"time_limit": 1},
        "compliments": 3,
        "suggestions": 0,
        "ombudsman": {"referrals": 1, "determinations": {"maladministration": 1}},
        "by_service_area": {
            "housing-repairs": {"received": 20},
            "environment": {"received": 3},
            "adult-social-care": {"received": 1},
        },
        "service_requests": 4,
        "tenure": {
            group: {
                "stage1_received": 9,
                "stage2_received": 2,
                "stage1_responses": {"in_time": 7, "total": 8},
                "stage2_responses": {"in_time": 2, "total": 2},
            }
            for group in ("lcra", "lcho")
        },
        "council": {
            "stage1_received": 3,
            "stage2_received": 0,
            "acknowledged": {"within": 3, "total": 3},
            "stage1_responses": {"in_time": 1, "total": 2},
            "stage2_responses": {"in_time": 0, "total": 0},
        },
        "statutory": {"received": 1, "responded": 0},
        "compliments_by_service": {"housing-repairs": 2, "environment": 1},
        "suggestions_answered": {"used": 0, "not_used": 0},
        "survey_at_closure": {"scores": {"1": 0, "2": 1, "3": 0, "4": 3, "5": 2}},
        "remedies": {"due": 6, "on_time": 3, "late": 2, "not_done": 1},
    }
}


def problems(change: Any = None) -> list[str]:
    data = copy.deepcopy(GOOD)
    if change:
        change(data["figures"])
    return [f"{'.'.join(p.path)}: {p.message}" for p in check(data)]


def test_a_good_file_passes() -> None:
    assert problems() == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda f: f["acknowledged"].update(within=21),
            "figures.acknowledged.within: 'within' (21) is more than 'total' (20): a share over 100%",
        ),
        (
            lambda f: f["stage1_outcomes"].update(upheld=7),
            "figures.stage1_outcomes: the outcomes add up to 19, not the 18 responses",
        ),
        (
            lambda f: f["by_service_area"]["environment"].update(received=9),
            "figures.by_service_area: the services add up to 30, not the 24 complaints received",
        ),
        (lambda f: f.pop("compliments"), "figures.compliments: missing field 'compliments'"),
        (
            lambda f: f.update(open_at_end=-1),
            "figures.open_at_end: 'open_at_end' must be a whole number of 0 or more",
        ),
        (lambda f: f["not_accepted"].update(bored=2), "figures.not_accepted.bored: 'bored' is not one of"),
        (lambda f: f.update(overdue_at_end=9), "figures.overdue_at_end: more cases overdue than open"),
        (
            lambda f: f["tenure"]["lcho"]["stage1_responses"].update(in_time=9),
            "figures.tenure.lcho.stage1_responses.in_time: 'in_time' (9) is more than 'total' (8)",
        ),
        (lambda f: f["tenure"].pop("lcra"), "figures.tenure.lcra: missing 'lcra'"),
        (lambda f: f.pop("council"), "figures.council: missing field 'council'"),
        (
            lambda f: f["statutory"].update(received=-1),
            "figures.statutory.received: 'received' must be a whole number",
        ),
        (
            lambda f: f["compliments_by_service"].update(environment=4),
            "figures.compliments_by_service: the services add up to 6, not the 3 compliments received",
        ),
        (
            lambda f: f["suggestions_answered"].pop("used"),
            "figures.suggestions_answered: missing 'used'",
        ),
        (
            lambda f: f["survey_at_closure"]["scores"].update({"6": 1}),
            "figures.survey_at_closure.scores.6: '6' is not one of 1, 2, 3, 4, 5",
        ),
        (
            lambda f: f["remedies"].update(not_done=2),
            "figures.remedies: done on time, done late and not done must add up to those due",
        ),
    ],
)
def test_each_kind_of_bad_figure_is_named(change: Any, expected: str) -> None:
    assert any(problem.startswith(expected) for problem in problems(change)), problems(change)


def test_files_exported_before_the_feedback_figures_still_pass() -> None:
    def without(figures: dict[str, Any]) -> None:
        for key in ("compliments_by_service", "suggestions_answered", "survey_at_closure", "remedies"):
            figures.pop(key)

    assert problems(without) == []


@given(st.dictionaries(st.sampled_from([1, 2, 3, 4, 5]), st.integers(min_value=0, max_value=50)))
def test_the_survey_at_closure_is_published_only_from_5_answers(scores: dict[int, int]) -> None:
    from casecore.feedback import satisfaction

    result = satisfaction(scores)
    total = sum(scores.values())
    assert result.responses == total
    assert result.satisfied == scores.get(4, 0) + scores.get(5, 0)
    if total < 5:
        assert result.share_satisfied is None and result.mean is None
    else:
        assert result.share_satisfied == result.satisfied / total
        assert result.mean is not None and 1 <= result.mean <= 5
