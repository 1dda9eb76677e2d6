"""The first schema: cases, their events, form drafts and the outbox.

The tables are declared here as they were at this migration, not imported from models.py, so that later
migrations can change the models without changing what this one creates.
"""

from __future__ import annotations

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    Database,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)


class Case(Model):
    id = AutoField()
    reference = CharField(max_length=14, unique=True)
    kind = CharField(max_length=12)
    service_area = CharField(max_length=40, index=True)
    procedure = CharField(max_length=40)
    stage = IntegerField(default=1)
    status = CharField(max_length=24, index=True)
    channel = CharField(max_length=20, default="online")
    language = CharField(max_length=8)
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
    reported_before = BooleanField(null=True)
    happened = DateField(null=True)
    out_of_time = BooleanField(default=False)
    late_reason = TextField(null=True)
    description = TextField()
    outcome_wanted = TextField(null=True)
    praised = TextField(null=True)
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
    formats = CharField(max_length=200, default="")
    interpreter_language = CharField(max_length=80, null=True)
    adjustments_other = TextField(null=True)
    email_key = CharField(max_length=254, null=True)
    postcode_key = CharField(max_length=10, null=True)
    access_code_hash = CharField(max_length=64, null=True)
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        table_name = "cases"


class Event(Model):
    id = AutoField()
    case = ForeignKeyField(Case, on_delete="RESTRICT", index=True)
    at = DateTimeField()
    actor = CharField(max_length=80)
    action = CharField(max_length=40)
    detail = TextField(default="{}")

    class Meta:
        table_name = "events"


class Draft(Model):
    token = CharField(max_length=64, primary_key=True)
    data = TextField(default="{}")
    updated_at = DateTimeField(index=True)

    class Meta:
        table_name = "drafts"


class Message(Model):
    id = AutoField()
    case = ForeignKeyField(Case, null=True, on_delete="RESTRICT")
    to = CharField(max_length=254)
    subject = CharField(max_length=200)
    body = TextField()
    created_at = DateTimeField()
    sent_at = DateTimeField(null=True, index=True)
    attempts = IntegerField(default=0)

    class Meta:
        table_name = "messages"


TABLES = (Case, Event, Draft, Message)


def up(db: Database) -> None:
    with db.bind_ctx(TABLES):
        db.create_tables(TABLES)
