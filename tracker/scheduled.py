"""The scheduled commands, safe when the timer runs on every host at once.

`remind`: each officer hears of their cases and promised actions due within 2 working days or overdue;
each manager of the breaches in their team, of new cases nobody has taken and of contact restrictions
whose review date has come; each admin of new cases nobody has taken in a team with no manager to tell.
Every (recipient, day, item) is claimed in `reminders_sent` before it goes in an email (insert or ignore,
in one transaction per recipient), so however many hosts run it, each reminder is given once a day.

`auto-close`: a case closes by itself once the resident has been quiet for 10 working days after the
resolution offer and, after stage 1, the escalation window has ended, with nothing promised still open.
Each closing is a conditional update (only if the case is still in the status it was read in), so it
happens, and is recorded, once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casecore.aftercare import may_close_by_itself, reminder_window
from casecore.deadlines import deadlines, written_date, written_day
from casecore.hazards import STAFF_LABELS as HAZARD_LABELS
from casecore.hazards import STEP_LABELS, HazardKind, next_step
from casecore.procedures import Rules
from casecore.remedies import STAFF_LABELS, RemedyKind
from casecore.states import Status
from casecore.working_days import WorkingDays, england_and_wales
from sitekit.sitedata import SiteData

from . import hazards, letters, survey
from .config import TrackerConfig
from .db import database
from .links import case_page
from .models import Case, Hazard, Message, Remedy, Staff, now, record
from .outbox import deliver, queue
from .procedures import procedure_of
from .remedies import still_to_do

# Cases with something for an officer to do (a responded case waits for the resident, not for staff).
ACTIVE = (
    Status.RECEIVED,
    Status.ACKNOWLEDGED,
    Status.EXTENDED,
    Status.ESCALATION_REQUESTED,
    Status.STAGE2_ACKNOWLEDGED,
    Status.STAGE2_EXTENDED,
)
WHAT_IS_DUE = {
    Status.RECEIVED: "acknowledgement",
    Status.ACKNOWLEDGED: "stage 1 response",
    Status.EXTENDED: "stage 1 response (extended)",
    Status.ESCALATION_REQUESTED: "stage 2 acknowledgement",
    Status.STAGE2_ACKNOWLEDGED: "stage 2 response",
    Status.STAGE2_EXTENDED: "stage 2 response (extended)",
}


@dataclass(frozen=True)
class Item:
    key: str  # what is claimed in reminders_sent, e.g. "case:12" or "remedy:3"
    line: str  # how the email says it
    reference: str | None = None  # the case it is about: the email links to it
    ended: bool = False  # a hazard step on a case whose complaint is over: listed above the queue, not in it


def _team(text: str | None) -> str:
    return " ".join(str(text or "").lower().split())


def _active() -> list[str]:
    return [status.value for status in ACTIVE]


def _case_line(case: Case, today: date, calendar: WorkingDays, prefix: str = "") -> str:
    window = (reminder_window(case.next_due, today, calendar) if case.next_due else None) or "due"
    return (
        f"{prefix}{window}: case {case.reference}, {WHAT_IS_DUE[Status(case.status)]} "
        f"due {written_date(case.next_due)}"
    )


def _remedy_line(remedy: Remedy, today: date, calendar: WorkingDays) -> str:
    window = reminder_window(remedy.due, today, calendar) or "due"
    label = STAFF_LABELS[RemedyKind(remedy.kind)].lower()
    return f"{window}: promised {label} on case {remedy.case.reference}, due {written_date(remedy.due)}"


def officer_items(staff: Staff, today: date, calendar: WorkingDays) -> list[Item]:
    """An officer's cases and promised actions due within 2 working days, or overdue."""
    soon = calendar.add(today, 2)
    cases = (
        Case.select()
        .where(Case.assignee == staff.id, Case.status.in_(_active()), Case.next_due <= soon)
        .order_by(Case.next_due, Case.id)
    )
    remedies = (
        Remedy.select(Remedy, Case.reference)
        .join(Case)
        .where(Remedy.owner == staff.id, still_to_do(), Remedy.due <= soon)
        .order_by(Remedy.due, Remedy.id)
    )
    # A hazard's clock runs on its own: whatever the complaint's status (closed, withdrawn, dealt with as a
    # service request), until every step is done or an officer finds no hazard.
    hazards_due = [
        hazard for hazard in hazards.due_soon(soon) if hazard.case.__data__.get("assignee") == staff.id
    ]
    return (
        [Item(f"case:{case.id}", _case_line(case, today, calendar), case.reference) for case in cases]
        + [
            Item(f"remedy:{remedy.id}", _remedy_line(remedy, today, calendar), remedy.case.reference)
            for remedy in remedies
        ]
        + [
            Item(
                f"hazard:{hazard.id}",
                _hazard_line(hazard, today, calendar),
                hazard.case.reference,
                hazard.case.status in hazards.ENDED,
            )
            for hazard in hazards_due
        ]
    )


def _hazard_line(hazard: Hazard, today: date, calendar: WorkingDays) -> str:
    due = hazard.next_due
    assert due is not None  # only hazards with a step due are reminded of
    window = reminder_window(due, today, calendar) or "due"
    step = next_step(HazardKind(hazard.kind), hazards.dates_of(hazard))
    what = STEP_LABELS[step].lower() if step else "next step"
    kind = HAZARD_LABELS[HazardKind(hazard.kind)].lower()
    return f"{window}: hazard on case {hazard.case.reference} ({kind}), {what} due {written_date(due)}"


def manager_items(manager: Staff, today: date, site: SiteData, calendar: WorkingDays) -> list[Item]:
    """A manager's team: its cases and promised actions overdue, and its service areas' open cases that
    nobody has taken."""
    team = _team(manager.team)
    if not team:
        return []
    members = [s.id for s in Staff.select(Staff.id, Staff.team) if _team(s.team) == team]
    areas = [area.id for area in site.service_areas.values() if _team(area.team) == team]
    theirs = Case.assignee.in_(members) | (Case.assignee.is_null() & Case.service_area.in_(areas))
    breaches = (
        Case.select()
        .where(Case.status.in_(_active()), Case.next_due < today, theirs)
        .order_by(Case.next_due, Case.id)
    )
    nobody = (
        Case.select()
        .where(Case.status.in_(_active()), Case.assignee.is_null(), Case.service_area.in_(areas))
        .order_by(Case.received, Case.id)
    )
    late_remedies = (
        Remedy.select(Remedy, Case.reference)
        .join(Case)
        .where(Remedy.owner.in_(members), Remedy.completed_on.is_null(), Remedy.due < today)
        .order_by(Remedy.due, Remedy.id)
    )
    items = [
        Item(f"breach:{case.id}", _case_line(case, today, calendar, "team breach, "), case.reference)
        for case in breaches
    ]
    items += [
        Item(
            f"nobody:{case.id}",
            f"nobody has taken case {case.reference} ({site.service_areas[case.service_area].name['en']}, "
            f"received {written_date(case.received)}): assign it",
            case.reference,
        )
        for case in nobody
        if case.service_area in site.service_areas
    ]
    items += [
        Item(
            f"remedy-breach:{remedy.id}",
            "team breach, " + _remedy_line(remedy, today, calendar),
            remedy.case.reference,
        )
        for remedy in late_remedies
    ]
    # A contact restriction whose review date has come, on any of the team's cases, open or closed; a
    # lifted one has no review date (tracker.casework.review_restriction) and is never reminded again.
    reviews = (
        Case.select()
        .where(
            Case.restriction_review <= today,
            Case.restriction_lifted.is_null(),
            Case.assignee.in_(members) | Case.service_area.in_(areas),
        )
        .order_by(Case.restriction_review, Case.id)
    )
    items += [
        Item(
            f"restriction:{case.id}:{case.restriction_review}",
            f"review due: the contact restriction on case {case.reference} was to be reviewed by "
            f"{written_date(case.restriction_review)}; review it and record the outcome",
            case.reference,
        )
        for case in reviews
    ]
    items += [  # a hazard step overdue on the team's cases, or on its services' cases nobody has taken
        Item(
            f"hazard-breach:{hazard.id}",
            "team breach, " + _hazard_line(hazard, today, calendar),
            hazard.case.reference,
            hazard.case.status in hazards.ENDED,
        )
        for hazard in hazards.overdue_list(today)
        if hazard.case.__data__.get("assignee") in members
        or (hazard.case.__data__.get("assignee") is None and hazard.case.service_area in areas)
    ]
    return items


def unheard_items(site: SiteData, covered: set[str]) -> list[Item]:
    """Open cases nobody has taken in the service areas whose team has no manager to hear of them (none
    active with an email, or the team's name matching no manager's): for the admins, so none is missed."""
    areas = [area.id for area in site.service_areas.values() if _team(area.team) not in covered]
    nobody = (
        Case.select()
        .where(Case.status.in_(_active()), Case.assignee.is_null(), Case.service_area.in_(areas))
        .order_by(Case.received, Case.id)
    )
    return [
        Item(
            f"nobody:{case.id}",
            f"nobody has taken case {case.reference} ({site.service_areas[case.service_area].name['en']}, "
            f"received {written_date(case.received)}) and its team "
            f"({site.service_areas[case.service_area].team or 'none recorded'}) has no manager to remind: "
            "assign it",
            case.reference,
        )
        for case in nobody
    ]


def _claim(recipient: str, day: date, key: str) -> bool:
    """Insert or ignore: True only for the one run that records this reminder first."""
    param = database.obj.param
    cursor = database.execute_sql(
        f"INSERT INTO reminders_sent (recipient, day, item, sent_at) VALUES ({param}, {param}, {param}, "
        f"{param}) ON CONFLICT DO NOTHING",
        (recipient, day.isoformat(), key, str(now())),
    )
    return bool(cursor.rowcount == 1)


def _send(staff: Staff, today: date, items: list[Item]) -> Message | None:
    """Claim each item and queue one email with those this run claimed, in one transaction."""
    with database.atomic():
        claimed = [item for item in items if _claim(staff.username, today, item.key)]
        if not claimed:
            return None
        body = (
            f"Good morning {staff.name},\n\nThese need you ({written_day(today)}):\n\n"
            + "".join(
                f"- {item.line}\n" + (f"  {case_page(item.reference)}\n" if item.reference else "")
                for item in claimed
            )
            + "\nFind each case by its reference in the queue; promised actions are under Actions due.\n"
            + (
                "A hazard step on a case that is closed (or withdrawn, or dealt with as a service request) "
                "is listed at the top of the queue, under Hazard steps still due on closed cases.\n"
                if any(item.ended for item in claimed)
                else ""
            )
        )
        return queue(None, str(staff.email), f"Complaints: {len(claimed)} due or overdue", body)


def remind(config: TrackerConfig, site: SiteData, today: date) -> tuple[int, int]:
    """Email every active member of staff with an address what is theirs; returns (emails, items)."""
    calendar = england_and_wales()
    messages: list[Message] = []
    # Read in full first: SQLite cannot take the write lock from inside an open read.
    recipients = list(
        Staff.select().where(Staff.active == True, Staff.email.is_null(False)).order_by(Staff.id)  # noqa: E712
    )
    # The teams a manager hears of; an unassigned case in any other team's service area goes to the admins.
    covered = {_team(s.team) for s in recipients if s.role in ("manager", "admin") and _team(s.team)}
    for staff in recipients:
        items = officer_items(staff, today, calendar)
        if staff.role in ("manager", "admin"):
            items += manager_items(staff, today, site, calendar)
        if staff.role == "admin":
            items += unheard_items(site, covered)
        if items and (message := _send(staff, today, items)) is not None:
            messages.append(message)
    if messages:
        deliver(config, only=[message.id for message in messages])
    return len(messages), sum(message.body.count("\n- ") for message in messages)


def close_quiet_cases(site: SiteData, rules: Rules, today: date) -> list[str]:
    """Close every responded case whose resident has been quiet long enough; returns their references."""
    calendar = england_and_wales()
    closed = []
    candidates = list(
        Case.select().where(
            Case.status.in_([Status.RESPONDED.value, Status.STAGE2_RESPONDED.value]), Case.next_due < today
        )
    )
    for case in candidates:
        procedure = procedure_of(case, site)
        stage1 = case.status == Status.RESPONDED.value
        offer = case.responded if stage1 else case.stage2_responded
        window = deadlines(procedure, case.dates, rules).escalation_closes if stage1 else None
        open_actions = Remedy.select().where(Remedy.case == case.id, Remedy.completed_on.is_null()).count()
        if offer is None or not may_close_by_itself(
            today, offer, case.last_contact, window, rules.close_after_offer_days, open_actions, calendar
        ):
            continue
        with database.atomic():
            taken = (
                Case.update(status=Status.CLOSED.value, closed=today, next_due=None, updated_at=now())
                .where((Case.id == case.id) & (Case.status == case.status))
                .execute()
            )
            if taken:
                record(
                    case,
                    "closed",
                    actor="system",
                    reason="no contact from the resident for 10 working days after the offer",
                    offer=offer,
                    last_contact=case.last_contact,
                    window_closed=window,
                    changes={"status": Status.CLOSED.value, "closed": today},
                )
                closed.append(case.reference)
        if taken:
            survey.offer(case, today)
        if taken and case.kind == "complaint":
            _tell_closed(case, 1 if stage1 else 2, offer, today)
    return closed


def _tell_closed(case: Case, stage: int, offer: date, today: date) -> None:
    """The resident is told their complaint is closed, and what they can still do (policy 7.4 and 7.7:
    kept informed throughout). Signed by the officer who responded."""
    signer_id = (
        (case.__data__.get("stage2_handler") if stage == 2 else None)
        or case.__data__.get("stage1_handler")
        or case.__data__.get("assignee")
    )
    signer = Staff.get_or_none(Staff.id == signer_id) if signer_id else None
    if signer is not None:
        letters.send(Case.get_by_id(case.id), "closed", stage, signer, offer=offer, written=today)
