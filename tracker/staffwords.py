"""Words for staff pages (English only): statuses, kinds, formats and timeline entries in words, never as
the codes stored in the database, and dates as words, not ISO."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from babel import Locale

from casecore.channels import Channel
from casecore.decisions import Determination, NotAcceptedReason, Outcome
from casecore.feedback import RESTRICTIONS
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
LETTER_NAMES = {"suggestion_answer": "Letter answering the suggestion"}  # where the code does not read well
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
EVENTS = {  # every key an event records (tests/tracker/test_casepage_words.py finds them all in tracker/)
    # The case as received
    "channel": "Channel",
    "received": "Received on",
    "kind": "Kind",
    "service_area": "Service area",
    "linked_from": "A further issue from case",
    "flag": "Flagged",
    "happened": "When it happened",
    "file": "File",
    "count": "Files",
    # Status and stage
    "status": "Status",
    "stage": "Stage",
    "closed": "Closed on",
    "reopened": "Reopened after closing",
    "next_due": "Next deadline",
    # Stage 1
    "acknowledged": "Acknowledged on",
    "ack_on_time": "Acknowledged in time",
    "definition": "Complaint definition",
    "extended_to": "Response extended to",
    "extended_on": "Extended on",
    "extension_reason": "Why it was extended",
    "responded": "Stage 1 response sent on",
    "outcome": "Stage 1 outcome",
    "stage1_handler": "Stage 1 responder",
    "stage1_on_time": "Stage 1 response in time",
    "stage1_days": "Working days to the stage 1 response",
    "reasons": "Reasons",
    "remedy": "Remedy",
    "outstanding": "Actions still to do",
    "learning": "Learning",
    "remedy_due": "Remedy due by",
    # Stage 2
    "escalation_requested": "Stage 2 asked for on",
    "escalation_late": "Asked for after the window",
    "late": "Late",
    "window_closed": "Ask for stage 2 by",  # "Stage 2 window closes" or "closed": see label()
    "stage2_acknowledged": "Stage 2 acknowledged on",
    "stage2_ack_on_time": "Stage 2 acknowledged in time",
    "stage2_definition": "Stage 2 definition",
    "stage2_handler": "Stage 2 officer",
    "stage2_extended_to": "Stage 2 response extended to",
    "stage2_extended_on": "Stage 2 extended on",
    "stage2_extension_reason": "Why stage 2 was extended",
    "stage2_responded": "Stage 2 response sent on",
    "stage2_outcome": "Stage 2 outcome",
    "stage2_on_time": "Stage 2 response in time",
    "stage2_days": "Working days to the stage 2 response",
    "stage2_override": "Stage 2 from the stage 1 team, because",
    # Who has it, and the resident
    "assignee": "Assigned to",
    "to": "To",
    "owner": "Owner",
    "last_contact": "Resident last in touch",
    "on": "On",
    "summary": "Summary",
    "text": "Note",
    "reason": "Reason",
    "offer": "Offer made",
    "open_actions": "Promised actions still open",
    # Promised remedies and actions
    "description": "What",
    "amount": "Amount",
    "due": "Due",
    "was_due": "Was due by",
    "new_due": "Now due by",
    "done_on": "Done on",
    "on_time": "Done in time",
    "what_was_done": "What was done",
    # Not accepted, duplicates, further issues
    "not_accepted_code": "Why it was not accepted",
    "not_accepted_reason": "Not accepted, in the letter",
    "of": "Duplicate of case",
    "duplicate_of": "Duplicate of case",
    "duplicate": "Duplicate case",
    "issue": "Further issue",
    "new_case": "New case",
    # Needs, safeguarding, restrictions
    "vulnerability": "Disability or vulnerability",
    "adjustment_agreed": "Adjustment agreed",
    "concern": "Concern",
    "lead": "Safeguarding lead",
    "safeguarding": "Safeguarding concern",
    "safeguarding_lead": "Safeguarding lead",
    "safeguarding_done": "Safeguarding dealt with on",
    "safeguarding_action": "What was done about it",
    "procedure_exhausted": "Complaints procedure finished",
    "restriction_reason": "Why contact is restricted",
    "restriction_kind": "Restriction",
    "restriction_detail": "How contact is restricted",
    "restriction_review": "Review the restriction on",
    "restriction_early": "Restricted before the procedure finished, because",
    "restriction_lifted": "Restriction lifted on",
    # Ombudsman
    "ombudsman": "Ombudsman",
    "ombudsman_referred": "Referred to the Ombudsman on",
    "ombudsman_determination": "Ombudsman's determination",
    "ombudsman_determined": "Determined on",
    # Hazards
    "aware": "Council aware on",
    "at_risk": "Someone especially at risk",
    "step": "Step",
    # Compliments and suggestions
    "team": "Team",
    "emailed": "Emailed",
    "passed_to": "Passed on to",
    "passed_on": "Passed on",
    "praised_team": "Team praised",
    "used": "Used",
    "answer": "Answer",
    "suggestion_used": "Suggestion used",
    "suggestion_action": "What came of it",
    "resident_told": "Resident told",
}
STAFF_KEYS = frozenset(  # values that are an officer's username: shown as their name
    {"assignee", "owner", "to", "lead", "stage1_handler", "stage2_handler", "safeguarding_lead"}
)
FLAGS = {"out_of_time": "More than 12 months after it happened"}


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
    said = STATUS.get(Status(case.status), case.status)
    stage = f"Stage {case.stage} "
    if said.startswith(stage):  # "Stage 2: asked for, not yet acknowledged", not "Stage 2: Stage 2 asked for"
        said = said[len(stage) :]
    return f"Stage {case.stage}: {said}"


def event_heading(action: str, actor: str, who: str) -> str:
    """A timeline entry's head as what happened: "Received online", "Logged by Asha Patel", "Closed
    automatically", "Acknowledged by Asha Patel" (`who`: the officer's name for the username `actor`)."""
    if action == "received":
        return "Received online" if actor == "resident" else f"Logged by {who}"
    title = action.replace("_", " ").capitalize()
    if actor == "system":
        return f"{title} automatically"
    if actor == "resident":
        return f"{title} by the resident"
    return f"{title} by {who}"


def label(key: str, raw: Any = None, today: date | None = None) -> str:
    """A timeline row's label; the stage 2 window's by whether its date has passed on `today`."""
    if key == "window_closed" and today is not None and isinstance(raw, str) and _iso(raw):
        return "Stage 2 window closed" if date.fromisoformat(raw) < today else "Stage 2 window closes"
    if key in EVENTS:
        return EVENTS[key]
    said = key.replace("_", " ").capitalize()  # an old event's key no longer recorded
    return re.sub(r"\b(stage|Stage)(\d)", r"\1 \2", said)


def _iso(raw: str) -> bool:
    if len(raw) != 10 or raw[4] != "-" or raw[7] != "-":
        return False
    try:
        date.fromisoformat(raw)
    except ValueError:
        return False
    return True


def value(key: str, raw: Any, names: dict[str, str] | None = None) -> str:
    """A timeline value in words: yes or no, a date as words, a status, outcome or reason by its name, an
    officer by their name (their username only if the account is gone)."""
    if isinstance(raw, bool):
        return "Yes" if raw else "No"
    if isinstance(raw, list):
        return ", ".join(value(key, item, names) for item in raw)
    if isinstance(raw, str):
        if key in STAFF_KEYS:
            return (names or {}).get(raw, raw)
        if key in ("status",) and raw in {s.value for s in Status}:
            return STATUS[Status(raw)]
        if key in ("outcome", "stage2_outcome") and raw in OUTCOMES:
            return OUTCOMES[raw]
        if key == "not_accepted_code" and raw in NOT_ACCEPTED:
            return NOT_ACCEPTED[raw]  # type: ignore[index]
        if key == "ombudsman_determination" and raw in DETERMINATIONS:
            return DETERMINATIONS[raw]  # type: ignore[index]
        if key == "restriction_kind" and raw in RESTRICTIONS:
            return str(RESTRICTIONS[raw])  # type: ignore[index]
        if key == "flag" and raw in FLAGS:
            return FLAGS[raw]
        if key == "kind" and raw in KIND:
            return KIND[raw]
        if key == "kind" and raw in STAFF_LABELS:
            return STAFF_LABELS[raw]  # type: ignore[index]
        if key == "channel" and raw in CHANNELS:
            return CHANNELS[raw]  # type: ignore[index]
        if key == "service_area" and raw in site_data().service_areas:
            return str(site_data().service_areas[raw].name["en"])
        if key == "ombudsman" and raw in site_data().contacts:
            return str(site_data().contacts[raw].name["en"])
        if key == "language" and site_data().language(raw):
            return str(site_data().language(raw).name)  # type: ignore[union-attr]
        if _iso(raw):
            return format_day(date.fromisoformat(raw))
    return str(raw)


def timeline_rows(
    details: dict[str, Any], names: dict[str, str], today: date, kind: str = "complaint"
) -> list[tuple[str, str]]:
    """An event's details as (label, value) rows in words; what changed on the case, in `changes`, with
    them; empty values and the deadlines recomputed by every change left out. A compliment's or a
    suggestion's (`kind`) in its own words: "Passed on", "Answered on", never a stage."""
    pairs: list[tuple[str, Any]] = []
    for key, raw in details.items():
        if key == "changes" and isinstance(raw, dict):
            pairs += [(k, v) for k, v in raw.items() if v not in (None, "")]
        elif raw not in (None, "", {}, []):
            pairs.append((key, raw))
    rows, officers = [], set()
    for key, raw in pairs:
        if key in ("to", "assignee"):  # an assignment's "to" and the case's new assignee: the officer once
            if raw in officers:
                continue
            officers.add(raw)
        if kind in FEEDBACK_RESPONDED:
            if key == "responded" and kind == "compliment":
                continue  # "Passed on" gives the day
            if key == "responded":
                rows.append(("Answered on", value(key, raw, names)))
                continue
            if key == "status" and raw in {s.value for s in Status}:
                said = FEEDBACK_RESPONDED[kind] if raw == Status.RESPONDED else None
                rows.append((label(key), said or FEEDBACK_STATUS.get(Status(raw), STATUS[Status(raw)])))
                continue
        rows.append((label(key, raw, today), value(key, raw, names)))
    return rows


def usernames(details: dict[str, Any]) -> set[str]:
    """The officers an event's details name, to look up their names."""
    found = {str(v) for k, v in details.items() if k in STAFF_KEYS and v}
    changes = details.get("changes")
    if isinstance(changes, dict):
        found |= usernames({k: v for k, v in changes.items() if k != "changes"})
    return found


def formats(stored: str) -> list[str]:
    return [FORMATS.get(code, code) for code in stored.split(",") if code]


def language_in_english(code: str) -> str:
    """A resident's language as staff read it: "Arabic", not "العربية"."""
    language = site_data().language(code)
    return Locale.parse(language.locale if language else code).get_language_name("en") or code


def letter_language_notice(code: str) -> str | None:
    """What an officer writing a letter must know when it is not in English (None when it is)."""
    if code == "en":
        return None
    name = language_in_english(code)
    return f"This letter will be sent in {name}. Write your text in {name}, or arrange a translation."


def letter_title(letter: Any, case: Any) -> str:
    """A letter's name: "Response letter, stage 2"; a compliment's or a suggestion's without a stage."""
    name = LETTER_NAMES.get(letter.kind) or f"{letter.kind.replace('_', ' ').capitalize()} letter"
    return name if case.kind != "complaint" else f"{name}, stage {letter.stage}"
