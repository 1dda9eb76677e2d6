"""The case state machine: the legal paths work, every other action is refused with a reason."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casecore.states import (
    FINAL,
    Action,
    IllegalTransition,
    Kind,
    Status,
    allowed_actions,
    stage_of,
    transition,
)


def walk(kind: Kind, *actions: Action) -> Status:
    status = Status.RECEIVED
    for action in actions:
        status = transition(kind, status, action)
    return status


def test_the_full_two_stage_path() -> None:
    assert (
        walk(
            Kind.COMPLAINT,
            Action.ACKNOWLEDGE,
            Action.EXTEND,
            Action.RESPOND,
            Action.REQUEST_ESCALATION,
            Action.ACKNOWLEDGE,
            Action.EXTEND,
            Action.RESPOND,
            Action.CLOSE,
        )
        == Status.CLOSED
    )


@pytest.mark.parametrize(
    ("actions", "end"),
    [
        ((Action.ACKNOWLEDGE, Action.RESPOND, Action.CLOSE), Status.CLOSED),
        ((Action.NOT_ACCEPT,), Status.NOT_ACCEPTED),
        ((Action.RECLASSIFY,), Status.SERVICE_REQUEST),
        ((Action.ACKNOWLEDGE, Action.WITHDRAW), Status.WITHDRAWN),
        ((Action.ACKNOWLEDGE, Action.RESPOND, Action.REQUEST_ESCALATION), Status.ESCALATION_REQUESTED),
    ],
)
def test_other_legal_paths(actions: tuple[Action, ...], end: Status) -> None:
    assert walk(Kind.COMPLAINT, *actions) == end


@pytest.mark.parametrize(
    ("status", "action", "reason"),
    [
        (Status.RECEIVED, Action.RESPOND, "acknowledge the complaint before responding"),
        (Status.RECEIVED, Action.EXTEND, "acknowledge the complaint before extending"),
        (Status.EXTENDED, Action.EXTEND, "extended already"),
        (Status.ACKNOWLEDGED, Action.REQUEST_ESCALATION, "once the stage 1 response has been sent"),
        (Status.STAGE2_RESPONDED, Action.REQUEST_ESCALATION, "may go to the Ombudsman"),
        (Status.CLOSED, Action.ACKNOWLEDGE, "nothing more can happen"),
        (Status.ACKNOWLEDGED, Action.ACKNOWLEDGE, "acknowledged already"),
        (Status.ACKNOWLEDGED, Action.CLOSE, "closed after a response"),
    ],
)
def test_refusals_say_why(status: Status, action: Action, reason: str) -> None:
    with pytest.raises(IllegalTransition) as caught:
        transition(Kind.COMPLAINT, status, action)
    assert reason in caught.value.reason


def test_compliments_have_no_stages() -> None:
    assert walk(Kind.COMPLIMENT, Action.ACKNOWLEDGE, Action.CLOSE) == Status.CLOSED
    with pytest.raises(IllegalTransition, match="no stages, extensions or escalation"):
        transition(Kind.SUGGESTION, Status.RESPONDED, Action.REQUEST_ESCALATION)


@given(st.sampled_from(Kind), st.sampled_from(Status), st.sampled_from(Action))
def test_every_pair_is_either_allowed_or_refused_with_a_reason(
    kind: Kind, status: Status, action: Action
) -> None:
    if action in allowed_actions(kind, status):
        assert isinstance(transition(kind, status, action), Status)
    else:
        with pytest.raises(IllegalTransition) as caught:
            transition(kind, status, action)
        assert caught.value.reason


@given(st.sampled_from(Kind), st.sampled_from(sorted(FINAL)), st.booleans())
def test_final_statuses_allow_nothing_but_stage_2_after_a_stage_1_close(
    kind: Kind, status: Status, after_stage2: bool
) -> None:
    """Closing never takes stage 2 away: a complaint closed after stage 1 may still be escalated."""
    allowed = allowed_actions(kind, status, after_stage2)
    if kind == Kind.COMPLAINT and status == Status.CLOSED and not after_stage2:
        assert allowed == [Action.REQUEST_ESCALATION]
    else:
        assert allowed == []


def test_a_case_closed_after_stage_2_cannot_go_to_stage_2_again() -> None:
    with pytest.raises(IllegalTransition, match="stage 2 has been answered"):
        transition(Kind.COMPLAINT, Status.CLOSED, Action.REQUEST_ESCALATION, after_stage2=True)
    assert transition(Kind.COMPLAINT, Status.CLOSED, Action.REQUEST_ESCALATION) == Status.ESCALATION_REQUESTED


@given(st.lists(st.sampled_from(Action), max_size=12))
def test_the_stage_never_goes_back(actions: list[Action]) -> None:
    status, stage = Status.RECEIVED, 1
    for action in actions:
        if action in allowed_actions(Kind.COMPLAINT, status):
            status = transition(Kind.COMPLAINT, status, action)
            if status not in FINAL:
                assert stage_of(status) >= stage
                stage = stage_of(status)
