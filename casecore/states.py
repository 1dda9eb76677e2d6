"""The case state machine: which action may happen in which status, and why the others may not."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    COMPLAINT = "complaint"
    COMPLIMENT = "compliment"
    SUGGESTION = "suggestion"


class Status(StrEnum):
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    EXTENDED = "extended"
    RESPONDED = "responded"
    ESCALATION_REQUESTED = "escalation_requested"
    STAGE2_ACKNOWLEDGED = "stage2_acknowledged"
    STAGE2_EXTENDED = "stage2_extended"
    STAGE2_RESPONDED = "stage2_responded"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    NOT_ACCEPTED = "not_accepted"
    SERVICE_REQUEST = "service_request"
    DUPLICATE = "duplicate"


class Action(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    EXTEND = "extend"
    RESPOND = "respond"
    REQUEST_ESCALATION = "request_escalation"
    CLOSE = "close"
    WITHDRAW = "withdraw"
    NOT_ACCEPT = "not_accept"
    RECLASSIFY = "reclassify"
    MARK_DUPLICATE = "mark_duplicate"


FINAL = frozenset(
    {Status.CLOSED, Status.WITHDRAWN, Status.NOT_ACCEPTED, Status.SERVICE_REQUEST, Status.DUPLICATE}
)
STAGE_2 = frozenset(
    {Status.ESCALATION_REQUESTED, Status.STAGE2_ACKNOWLEDGED, Status.STAGE2_EXTENDED, Status.STAGE2_RESPONDED}
)

# (status, action) -> new status, for complaints.
_COMPLAINT: dict[tuple[Status, Action], Status] = {
    (Status.RECEIVED, Action.ACKNOWLEDGE): Status.ACKNOWLEDGED,
    (Status.RECEIVED, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.RECEIVED, Action.NOT_ACCEPT): Status.NOT_ACCEPTED,
    (Status.RECEIVED, Action.RECLASSIFY): Status.SERVICE_REQUEST,
    (Status.ACKNOWLEDGED, Action.EXTEND): Status.EXTENDED,
    (Status.ACKNOWLEDGED, Action.RESPOND): Status.RESPONDED,
    (Status.ACKNOWLEDGED, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.ACKNOWLEDGED, Action.NOT_ACCEPT): Status.NOT_ACCEPTED,
    (Status.ACKNOWLEDGED, Action.RECLASSIFY): Status.SERVICE_REQUEST,
    (Status.EXTENDED, Action.RESPOND): Status.RESPONDED,
    (Status.EXTENDED, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.RESPONDED, Action.REQUEST_ESCALATION): Status.ESCALATION_REQUESTED,
    (Status.RESPONDED, Action.CLOSE): Status.CLOSED,
    # Closing after stage 1 never takes stage 2 away: a request reopens the case (late ones are flagged).
    (Status.CLOSED, Action.REQUEST_ESCALATION): Status.ESCALATION_REQUESTED,
    (Status.RECEIVED, Action.MARK_DUPLICATE): Status.DUPLICATE,
    (Status.ACKNOWLEDGED, Action.MARK_DUPLICATE): Status.DUPLICATE,
    (Status.EXTENDED, Action.MARK_DUPLICATE): Status.DUPLICATE,
    (Status.ESCALATION_REQUESTED, Action.ACKNOWLEDGE): Status.STAGE2_ACKNOWLEDGED,
    (Status.ESCALATION_REQUESTED, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.STAGE2_ACKNOWLEDGED, Action.EXTEND): Status.STAGE2_EXTENDED,
    (Status.STAGE2_ACKNOWLEDGED, Action.RESPOND): Status.STAGE2_RESPONDED,
    (Status.STAGE2_ACKNOWLEDGED, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.STAGE2_EXTENDED, Action.RESPOND): Status.STAGE2_RESPONDED,
    (Status.STAGE2_EXTENDED, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.STAGE2_RESPONDED, Action.CLOSE): Status.CLOSED,
}

# Compliments and suggestions are acknowledged, answered (a suggestion: what we did with it) and closed.
_FEEDBACK: dict[tuple[Status, Action], Status] = {
    (Status.RECEIVED, Action.ACKNOWLEDGE): Status.ACKNOWLEDGED,
    (Status.RECEIVED, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.ACKNOWLEDGED, Action.RESPOND): Status.RESPONDED,
    (Status.ACKNOWLEDGED, Action.CLOSE): Status.CLOSED,
    (Status.ACKNOWLEDGED, Action.WITHDRAW): Status.WITHDRAWN,
    (Status.RESPONDED, Action.CLOSE): Status.CLOSED,
}


class IllegalTransition(Exception):
    """An action the procedure does not allow now; `reason` says why in plain words."""

    def __init__(self, kind: Kind, status: Status, action: Action, reason: str) -> None:
        super().__init__(reason)
        self.kind, self.status, self.action, self.reason = kind, status, action, reason


def _table(kind: Kind) -> dict[tuple[Status, Action], Status]:
    return _COMPLAINT if kind == Kind.COMPLAINT else _FEEDBACK


def allowed_actions(kind: Kind, status: Status, after_stage2: bool = False) -> list[Action]:
    """What may happen now. `after_stage2`: the case has had its stage 2 response (a closed case then
    cannot go to stage 2 again)."""
    return [
        action
        for action in Action
        if (status, action) in _table(kind) and not _closed_after_stage2(status, action, after_stage2)
    ]


def _closed_after_stage2(status: Status, action: Action, after_stage2: bool) -> bool:
    return status == Status.CLOSED and action == Action.REQUEST_ESCALATION and after_stage2


def _reason(kind: Kind, status: Status, action: Action, after_stage2: bool = False) -> str:
    if _closed_after_stage2(status, action, after_stage2):
        return "stage 2 has been answered; after stage 2 the resident may go to the Ombudsman"
    if status in FINAL:
        return f"the case is {status.value.replace('_', ' ')}: nothing more can happen to it"
    if kind != Kind.COMPLAINT and action in (
        Action.EXTEND,
        Action.REQUEST_ESCALATION,
        Action.NOT_ACCEPT,
        Action.RECLASSIFY,
    ):
        return f"a {kind.value} has no stages, extensions or escalation"
    if action == Action.EXTEND and status in (Status.EXTENDED, Status.STAGE2_EXTENDED):
        return "this stage has been extended already; an extension may not be extended again"
    if action == Action.EXTEND and status in (Status.RECEIVED, Status.ESCALATION_REQUESTED):
        return "acknowledge the complaint before extending the time to respond"
    if action == Action.RESPOND and status in (Status.RECEIVED, Status.ESCALATION_REQUESTED):
        return "acknowledge the complaint before responding"
    if action == Action.RESPOND and status in (Status.RESPONDED, Status.STAGE2_RESPONDED):
        return "this stage has been responded to already"
    if action == Action.REQUEST_ESCALATION and status in STAGE_2:
        return "the complaint is at stage 2 already; after stage 2 the resident may go to the Ombudsman"
    if action == Action.REQUEST_ESCALATION:
        return "stage 2 can be asked for once the stage 1 response has been sent"
    if action == Action.ACKNOWLEDGE:
        return "the complaint has been acknowledged already at this stage"
    if action == Action.CLOSE:
        return "a complaint is closed after a response has been sent"
    if action in (Action.NOT_ACCEPT, Action.RECLASSIFY, Action.MARK_DUPLICATE):
        return "that decision is made before a complaint is extended or answered"
    return f"'{action.value}' is not allowed while the case is {status.value.replace('_', ' ')}"


def transition(kind: Kind, status: Status, action: Action, after_stage2: bool = False) -> Status:
    """The status after `action`, or IllegalTransition with the reason it is refused."""
    new = _table(kind).get((status, action))
    if new is None or _closed_after_stage2(status, action, after_stage2):
        raise IllegalTransition(kind, status, action, _reason(kind, status, action, after_stage2))
    return new


def stage_of(status: Status) -> int:
    return 2 if status in STAGE_2 else 1
