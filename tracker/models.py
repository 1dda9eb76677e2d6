"""The tracker's tables. A case keeps every date the Complaint Handling Code needs; events are append-only."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from peewee import (
    AutoField,
    BlobField,
    BooleanField,
    CharField,
    CompositeKey,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from casecore.deadlines import CaseDates

from .db import database


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class BaseModel(Model):
    id = AutoField()

    class Meta:
        database = database


ROLES = ("handler", "manager", "admin")


class Staff(BaseModel):
    """A member of staff who works cases. Passwords only as argon2 hashes."""

    username = CharField(max_length=80, unique=True)
    name = CharField(max_length=200)
    role = CharField(max_length=12)  # handler, manager or admin
    team = CharField(max_length=120, default="")
    email = CharField(max_length=254, null=True)  # for reminders (migration 0007)
    job_title = CharField(max_length=120, default="")  # on the letters they sign (migration 0012)
    phone = CharField(max_length=40, default="")  # their direct line, on their letters (migration 0012)
    password_hash = CharField(max_length=200)
    active = BooleanField(default=True)
    created_at = DateTimeField(default=now)

    class Meta:
        table_name = "staff"


class StaffSession(Model):
    """A signed-in staff session, kept on the server: the cookie holds only its random token, so signing
    out, a password change or a deactivation ends it for every copy of the cookie (migration 0004)."""

    token = CharField(max_length=64, primary_key=True)
    staff = ForeignKeyField(Staff, backref="sessions", on_delete="CASCADE", index=True)
    created_at = DateTimeField(default=now)
    seen_at = DateTimeField(default=now)

    class Meta:
        database = database
        table_name = "staff_sessions"


class LoginAttempt(Model):
    """Wrong tries per user name, whether or not the name belongs to anyone (migration 0004)."""

    username = CharField(max_length=80, primary_key=True)
    failures = IntegerField(default=0)
    locked_until = DateTimeField(null=True)

    class Meta:
        database = database
        table_name = "login_attempts"


class Case(BaseModel):
    reference = CharField(max_length=14, unique=True)
    kind = CharField(max_length=12)  # casecore.states.Kind
    service_area = CharField(max_length=40, index=True)
    procedure = CharField(max_length=40)
    stage = IntegerField(default=1)
    status = CharField(max_length=24, index=True)  # casecore.states.Status
    channel = CharField(max_length=20, default="online")
    language = CharField(max_length=8)
    # Dates the Code needs.
    received = DateField(index=True)
    acknowledged = DateField(null=True)
    extended_to = DateField(null=True)
    extension_reason = TextField(null=True)
    responded = DateField(null=True)
    outcome = CharField(max_length=24, null=True)
    escalation_requested = DateField(null=True)
    escalation_late = BooleanField(default=False)
    stage2_acknowledged = DateField(null=True)
    stage2_extended_to = DateField(null=True)
    stage2_extension_reason = TextField(null=True)
    stage2_responded = DateField(null=True)
    stage2_outcome = CharField(max_length=24, null=True)
    closed = DateField(null=True)
    # What the resident told us.
    reported_before = BooleanField(null=True)
    happened = DateField(null=True)
    out_of_time = BooleanField(default=False)  # over the 12-month limit: accepted, flagged for discretion
    late_reason = TextField(null=True)
    description = TextField()
    outcome_wanted = TextField(null=True)
    praised = TextField(null=True)
    # Who they are and how to reach them (none of it ever shown on the status page).
    anonymous = BooleanField(default=False)
    name = CharField(max_length=200, null=True)
    email = CharField(max_length=254, null=True)
    phone = CharField(max_length=40, null=True)
    address = TextField(null=True)
    postcode = CharField(max_length=10, null=True)
    contact_method = CharField(max_length=12, null=True)
    on_behalf = BooleanField(default=False)
    behalf_name = CharField(max_length=200, null=True)
    behalf_relationship = CharField(max_length=200, null=True)
    consent_confirmed = BooleanField(default=False)
    formats = CharField(max_length=200, default="")  # comma-separated: large-print, easy-read, braille, bsl
    interpreter_language = CharField(max_length=80, null=True)
    adjustments_other = TextField(null=True)
    # Second factors for the status check, normalised; the access code only as a hash.
    email_key = CharField(max_length=254, null=True)
    postcode_key = CharField(max_length=10, null=True)
    access_code_hash = CharField(max_length=64, null=True)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    # Casework (migration 0002).
    next_due = DateField(
        null=True, index=True
    )  # the next deadline, kept in step by every action, for the queue
    assignee = ForeignKeyField(Staff, null=True, backref="assigned", on_delete="SET NULL")
    stage1_handler = ForeignKeyField(Staff, null=True, backref="+", on_delete="SET NULL")
    stage2_handler = ForeignKeyField(Staff, null=True, backref="+", on_delete="SET NULL")
    definition = TextField(null=True)
    stage2_definition = TextField(null=True)
    remedy_due = DateField(null=True)
    not_accepted_reason = TextField(null=True)
    safeguarding = BooleanField(default=False)
    vulnerability = TextField(null=True)
    adjustment_agreed = TextField(null=True)
    restriction_reason = TextField(null=True)
    restriction_review = DateField(null=True)
    ombudsman = CharField(max_length=40, null=True)
    ombudsman_referred = DateField(null=True)
    ombudsman_determination = CharField(max_length=40, null=True)
    ombudsman_determined = DateField(null=True)
    praised_team = CharField(max_length=200, null=True)
    suggestion_action = TextField(null=True)
    resident_told = BooleanField(default=False)
    # For the published figures (migration 0003), set when each thing happens.
    ack_on_time = BooleanField(null=True)
    stage2_ack_on_time = BooleanField(null=True)
    stage1_on_time = BooleanField(null=True)
    stage2_on_time = BooleanField(null=True)
    stage1_days = IntegerField(null=True)  # working days from receipt to the stage 1 response
    stage2_days = IntegerField(null=True)  # working days from the stage 2 request to its response
    stage1_due = DateField(null=True)  # the stage 1 response date in force
    stage2_due = DateField(null=True)
    not_accepted_code = CharField(max_length=30, null=True)
    # For the regulator's figures (migration 0005).
    tenure = CharField(max_length=16, null=True)  # casecore.channels.Tenure, on every housing case
    extended_on = DateField(null=True)  # the day the stage 1 extension was agreed
    stage2_extended_on = DateField(null=True)
    # After the response, more than one issue, independence (migration 0007).
    last_contact = DateField(null=True)  # the resident's last contact after a response
    related_to = ForeignKeyField("self", null=True, backref="related", on_delete="SET NULL")
    duplicate_of = ForeignKeyField("self", null=True, backref="duplicates", on_delete="SET NULL")
    stage2_override = TextField(null=True)  # a manager's reason for a stage 2 officer from the same team
    # Journeys that fit real lives (migration 0009).
    happened_day_known = BooleanField(null=True)  # False: the resident gave the month and year only
    still_happening = BooleanField(null=True)  # an ongoing problem: `happened` is when it started
    behalf_address = TextField(null=True)  # the resident's own address when an advocate complains for them
    behalf_postcode = CharField(max_length=10, null=True)
    consent_basis = CharField(max_length=12, null=True)  # casecore.channels.Consent
    consent_reason = TextField(null=True)  # why the resident cannot agree
    adjustments_for = CharField(max_length=12, null=True)  # resident, advocate or both
    # Restrictions, compliments and suggestions (migration 0010).
    restriction_kind = CharField(max_length=20, null=True)  # casecore.feedback.RESTRICTIONS
    restriction_detail = TextField(null=True)  # which officer, which days and times, which form
    restriction_early = TextField(null=True)  # why it is needed before the procedure is exhausted (13.1)
    # A restriction's review (migration 0015): the day it was lifted; while lifted, no review is due.
    restriction_lifted = DateField(null=True)
    passed_to = CharField(max_length=200, null=True)  # the officer a compliment was passed on to
    passed_on = DateField(null=True)
    suggestion_used = BooleanField(null=True)  # what came of a suggestion: used, or why it cannot be
    # Safeguarding (migration 0011): the concern is the lead's until they record what was done.
    safeguarding_lead = ForeignKeyField(Staff, null=True, backref="+", on_delete="SET NULL")
    safeguarding_done = DateField(null=True)
    safeguarding_action = TextField(null=True)

    class Meta:
        table_name = "cases"

    @property
    def dates(self) -> CaseDates:
        return CaseDates(
            received=self.received,
            acknowledged=self.acknowledged,
            extended_to=self.extended_to,
            responded=self.responded,
            escalation_requested=self.escalation_requested,
            stage2_acknowledged=self.stage2_acknowledged,
            stage2_extended_to=self.stage2_extended_to,
            stage2_responded=self.stage2_responded,
            last_contact=self.last_contact,
        )


class AppendOnly(Exception):
    """The event log is never changed or deleted through the app."""


class Event(BaseModel):
    """One thing that happened to a case: who, when, what, and what changed. Append-only."""

    case = ForeignKeyField(Case, backref="events", on_delete="RESTRICT", index=True)
    at = DateTimeField(default=now)
    actor = CharField(max_length=80)  # "resident", "system" or a staff user name
    action = CharField(max_length=40)
    detail = TextField(default="{}")

    class Meta:
        table_name = "events"

    def save(self, *args: Any, **kwargs: Any) -> int:
        if self.id is not None:
            raise AppendOnly("an event is never changed once recorded")
        return int(super().save(*args, **kwargs))

    def delete_instance(self, *args: Any, **kwargs: Any) -> int:
        raise AppendOnly("an event is never deleted")

    @classmethod
    def update(cls, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnly("events are never changed once recorded")

    @classmethod
    def delete(cls) -> Any:
        raise AppendOnly("events are never deleted")

    @property
    def details(self) -> dict[str, Any]:
        loaded = json.loads(self.detail)
        assert isinstance(loaded, dict)
        return loaded


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot go in an event")


def record(case: Case, action: str, actor: str = "resident", **detail: Any) -> Event:
    return Event.create(case=case, actor=actor, action=action, detail=json.dumps(detail, default=_plain))


class Draft(Model):
    """A resident's answers between the pages of the form, keyed by a random token in their session.
    Deleted when the form is sent, and purged after a day."""

    token = CharField(max_length=64, primary_key=True)
    data = TextField(default="{}")
    updated_at = DateTimeField(default=now, index=True)

    class Meta:
        database = database
        table_name = "drafts"


class Message(BaseModel):
    """The outbox: every email, kept until sent (and after, as the record of what was sent)."""

    case = ForeignKeyField(Case, null=True, backref="messages", on_delete="RESTRICT")
    to = CharField(max_length=254)
    subject = CharField(max_length=200)
    body = TextField()
    created_at = DateTimeField(default=now)
    sent_at = DateTimeField(null=True, index=True)
    attempts = IntegerField(default=0)
    claimed_at = DateTimeField(null=True)  # taken by a sender (migration 0004)

    class Meta:
        table_name = "messages"


class Migration(Model):
    number = IntegerField(primary_key=True)
    name = CharField(max_length=100)
    applied_at = DateTimeField(default=now)

    class Meta:
        database = database
        table_name = "schema_migrations"


class Letter(BaseModel):
    """A letter as it was sent: kept so it can be printed again, exactly as the resident got it."""

    case = ForeignKeyField(Case, backref="letters", on_delete="RESTRICT")
    kind = CharField(max_length=30)  # acknowledgement, extension, response, not_accepted
    stage = IntegerField()
    language = CharField(max_length=8)
    subject = CharField(max_length=200)
    body = TextField()
    created_at = DateTimeField(default=now)
    created_by = CharField(max_length=80)

    class Meta:
        table_name = "letters"


class Attachment(BaseModel):
    """A photo or document with a case (migration 0006), or with a draft until the form is sent. Only the
    clean copy is kept (tracker.filecheck); the name the resident gave is a label, never a path. Deleted with
    the draft when the form is abandoned, and with the case under the retention rules."""

    case = ForeignKeyField(Case, null=True, backref="attachments", on_delete="CASCADE", index=True)
    draft = ForeignKeyField(Draft, null=True, backref="attachments", on_delete="CASCADE", index=True)
    kind = CharField(max_length=12)  # photo or document
    mime = CharField(max_length=40)
    label = CharField(max_length=120)
    size = IntegerField()
    content = BlobField()
    thumbnail = BlobField(null=True)  # a small JPEG of a photo, made once when it arrives
    added_by = CharField(max_length=80)  # "resident" or a staff user name
    created_at = DateTimeField(default=now)

    class Meta:
        table_name = "attachments"


class Remedy(BaseModel):
    """Something promised in a response (casecore.remedies.RemedyKind), tracked to completion."""

    case = ForeignKeyField(Case, backref="remedies", on_delete="RESTRICT", index=True)
    stage = IntegerField()
    kind = CharField(max_length=20)
    description = TextField()
    amount_pence = IntegerField(null=True)  # a payment's amount
    owner = ForeignKeyField(Staff, null=True, backref="remedies", on_delete="SET NULL")
    due = DateField(index=True)
    was_due = DateField(null=True)  # the due date before an officer last changed it (remedies.change_due)
    earliest_due = DateField(null=True)  # once changed: the earliest it was ever due, for the figures
    created_at = DateTimeField(default=now)
    created_by = CharField(max_length=80)
    completed_on = DateField(null=True, index=True)
    completed_by = CharField(max_length=80, null=True)
    completion = TextField(null=True)  # what was done

    class Meta:
        table_name = "remedies"


class CaseIssue(BaseModel):
    """A further issue raised before the stage 1 response, answered in it (policy 7.4)."""

    case = ForeignKeyField(Case, backref="issues", on_delete="RESTRICT", index=True)
    description = TextField()
    added_at = DateTimeField(default=now)
    added_by = CharField(max_length=80)

    class Meta:
        table_name = "case_issues"


class ReminderSent(Model):
    """One row per reminder given: (recipient, day, item) is unique, so a reminder run on every host at
    once reminds each person of each thing once a day."""

    recipient = CharField(max_length=80)
    day = DateField()
    item = CharField(max_length=60)
    sent_at = DateTimeField(default=now)

    class Meta:
        database = database
        table_name = "reminders_sent"
        primary_key = CompositeKey("recipient", "day", "item")


class Survey(BaseModel):
    """The survey at closure (policy 21): one per closed complaint chosen for it. The link's token is kept
    only as a hash, and the link works once."""

    case = ForeignKeyField(Case, unique=True, backref="surveys", on_delete="CASCADE")
    token_hash = CharField(max_length=64, unique=True)
    language = CharField(max_length=8)
    sent_on = DateField(index=True)
    answered_on = DateField(null=True, index=True)
    score = IntegerField(null=True)  # 1 (very dissatisfied) to 5 (very satisfied)
    comment = TextField(null=True)
    created_at = DateTimeField(default=now)

    class Meta:
        table_name = "surveys"


class Hazard(BaseModel):
    """A possible hazard in a council home reported with a case (Awaab's Law, casecore.hazards; migration
    0011): what the resident said, the kind an officer confirmed, the day each step was done. Its clock runs
    beside the complaint's, from the day the council became aware."""

    case = ForeignKeyField(Case, unique=True, backref="hazards", on_delete="RESTRICT")
    kind = CharField(max_length=12)  # casecore.hazards.HazardKind
    aware = DateField()
    at_risk = BooleanField(null=True)  # someone in the home especially at risk (None: not known)
    made_safe = DateField(null=True)
    investigated = DateField(null=True)
    summary = DateField(null=True)
    works_begun = DateField(null=True)
    next_due = DateField(null=True, index=True)  # the earliest step not done, for the queue and reminders
    created_at = DateTimeField(default=now)

    class Meta:
        table_name = "hazards"


TABLES = (
    Staff,
    Case,
    Event,
    Draft,
    Message,
    Letter,
    StaffSession,
    LoginAttempt,
    Remedy,
    CaseIssue,
    ReminderSent,
    Attachment,
    Survey,
    Hazard,
)
