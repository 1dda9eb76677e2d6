"""Words for staff pages (English only): statuses, kinds, formats and timeline entries in words, never as
the codes stored in the database, and dates as words, not ISO."""

from __future__ import annotations

from datetime import date
from typing import Any

from casecore.channels import Channel
from casecore.decisions import Determination, NotAcceptedReason, Outcome
from casecore.remedies import STAFF_LABELS
from casecore.states import Status
from sitekit.i18n import format_day, site_data

STATUS = {
    Status.RECEIVED: "Received, not yet acknowledged",
    Status.ACKNOWLEDGED: "Acknowledged",
    Status.EXTENDED: "Acknowledged, response extended",
    Status.RESPONDED: "Responded",
    Status.ESCALATION_REQUESTED: "Stage 2 asked for, not yet acknowledged",
    Status.STAGE2_ACKNOWLEDGED: "Acknowledged",
    Status.STAGE2_EXTENDED: "Acknowledged, response extended",
    Status.STAGE2_RESPONDED: "Final response sent",
    Status.CLOSED: "Closed",
    Status.WITHDRAWN: "Withdrawn",
    Status.NOT_ACCEPTED: "Not accepted as a complaint",
    Status.SERVICE_REQUEST: "Dealt with as a service request",
    Status.DUPLICATE: "Duplicate of another case",
}
KIND = {"complaint": "Complaint", "compliment": "Compliment", "suggestion": "Suggestion"}
FORMATS = {
    "large-print": "Letters in large print",
    "easy-read": "Letters in easy read",
    "braille": "Letters in Braille",
    "bsl": "A British Sign Language interpreter",
}
OUTCOMES: dict[str, str] = {  # by casecore.decisions' codes, looked up by the stored value
    Outcome.UPHELD: "Upheld",
    Outcome.PARTIALLY_UPHELD: "Partly upheld",
    Outcome.NOT_UPHELD: "Not upheld",
}
NOT_ACCEPTED = {  # why a complaint is outside the procedure (policy s.6)
    NotAcceptedReason.TIME_LIMIT: "More than 12 months ago, no good reason (policy 6.0)",
    NotAcceptedReason.LEGAL_PROCEEDINGS: "Legal proceedings have started",
    NotAcceptedReason.OTHER_PROCEDURE: "Another procedure or appeal applies",
    NotAcceptedReason.ALREADY_DECIDED: "Already decided by a court, tribunal or Ombudsman",
    NotAcceptedReason.STAFF_MATTER: "A staff personnel matter",
    NotAcceptedReason.OTHER: "Another reason under section 6",
}
DETERMINATIONS = {
    Determination.MALADMINISTRATION: "Maladministration",
    Determination.SERVICE_FAILURE: "Service failure",
    Determination.NO_MALADMINISTRATION: "No maladministration",
    Determination.RESOLVED: "Resolved before investigation",
    Determination.OUTSIDE_JURISDICTION: "Outside jurisdiction",
}
CHANNELS = {
    Channel.PHONE: "Phone",
    Channel.LETTER: "Letter",
    Channel.EMAIL: "Email",
    Channel.IN_PERSON: "In person",
    Channel.COUNCILLOR: "Through a councillor",
    Channel.MP: "Through an MP",
    Channel.ONLINE: "Online form",
    Channel.LINKED: "A further issue, logged from a linked case",
}
CONTACT = {"email": "By email", "phone": "By phone", "post": "By post", "letter": "By post"}
CONSENT = {
    "agreed": "the resident has agreed",
    "authority": "legal authority (power of attorney, deputy or appointee)",
    "cannot": "the resident cannot agree: a manager decides",
}
ADJUSTMENTS_FOR = {"resident": "The resident's", "advocate": "The advocate's", "both": "Both people's"}
EVENTS = {
    "ack_on_time": "Acknowledged in time",
    "stage2_ack_on_time": "Stage 2 acknowledged in time",
    "stage1_on_time": "Stage 1 response in time",
    "stage2_on_time": "Stage 2 response in time",
    "stage1_days": "Working days to the stage 1 response",
    "stage2_days": "Working days to the stage 2 response",
    "next_due": "Next deadline",
    "stage2_handler": "Stage 2 officer",
    "stage1_handler": "Stage 1 responder",
}


# A compliment or a suggestion has no stages: its status on its own, in words that fit it.
FEEDBACK_STATUS = {
    Status.RECEIVED: "Received, not yet acknowledged",
    Status.ACKNOWLEDGED: "Acknowledged",
    Status.CLOSED: "Closed",
    Status.WITHDRAWN: "Withdrawn",
}
FEEDBACK_RESPONDED = {"compliment": "Passed on", "suggestion": "Answered"}


def status(case: Any) -> str:
    """ "Stage 2: acknowledged", not "Stage 2: stage2 acknowledged"; a compliment's or a suggestion's
    status without a stage: "Compliment: acknowledged"."""
    if case.kind in FEEDBACK_RESPONDED:
        said = FEEDBACK_RESPONDED[case.kind] if Status(case.status) == Status.RESPONDED else None
        said = said or FEEDBACK_STATUS.get(Status(case.status), STATUS.get(Status(case.status), case.status))
        return f"{KIND[case.kind]}: {said[0].lower()}{said[1:]}"
    return f"Stage {case.stage}: {STATUS.get(Status(case.status), case.status)}"


def label(key: str) -> str:
    return EVENTS.get(key, key.replace("_", " ").capitalize())


def value(key: str, raw: Any) -> str:
    """A timeline value in words: yes or no, a date as words, a status by its name."""
    if isinstance(raw, bool):
        return "Yes" if raw else "No"
    if isinstance(raw, str):
        if key in ("status",) and raw in {s.value for s in Status}:
            return STATUS[Status(raw)]
        if key in ("outcome", "stage2_outcome") and raw in OUTCOMES:
            return OUTCOMES[raw]
        if key == "kind" and raw in KIND:
            return KIND[raw]
        if key == "kind" and raw in STAFF_LABELS:
            return STAFF_LABELS[raw]  # type: ignore[index]
        if key == "channel" and raw in CHANNELS:
            return CHANNELS[raw]  # type: ignore[index]
        if key == "service_area" and raw in site_data().service_areas:
            return str(site_data().service_areas[raw].name["en"])
        if key == "language" and site_data().language(raw):
            return str(site_data().language(raw).name)  # type: ignore[union-attr]
        if len(raw) == 10 and raw[4] == "-" and raw[7] == "-":
            try:
                return format_day(date.fromisoformat(raw))
            except ValueError:
                return raw
    return str(raw)


def formats(stored: str) -> list[str]:
    return [FORMATS.get(code, code) for code in stored.split(",") if code]
