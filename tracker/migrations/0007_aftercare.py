"""Casework that misses nothing: promised remedies and actions as records, further issues, linked and
duplicate cases, the resident's last contact, a manager's reason for a stage 2 officer from the same team,
staff email addresses for reminders, and the reminders given (unique per recipient, day and item)."""

from __future__ import annotations

from peewee import (
    AutoField,
    CharField,
    CompositeKey,
    Database,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)
from playhouse.migrate import PostgresqlMigrator, SchemaMigrator, SqliteMigrator, migrate


class Staff(Model):
    id = AutoField()

    class Meta:
        table_name = "staff"


class Case(Model):
    id = AutoField()

    class Meta:
        table_name = "cases"


class Remedy(Model):
    id = AutoField()
    case = ForeignKeyField(Case, on_delete="RESTRICT", index=True)
    stage = IntegerField()
    kind = CharField(max_length=20)
    description = TextField()
    amount_pence = IntegerField(null=True)
    owner = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    due = DateField(index=True)
    created_at = DateTimeField()
    created_by = CharField(max_length=80)
    completed_on = DateField(null=True, index=True)
    completed_by = CharField(max_length=80, null=True)
    completion = TextField(null=True)

    class Meta:
        table_name = "remedies"


class CaseIssue(Model):
    id = AutoField()
    case = ForeignKeyField(Case, on_delete="RESTRICT", index=True)
    description = TextField()
    added_at = DateTimeField()
    added_by = CharField(max_length=80)

    class Meta:
        table_name = "case_issues"


class ReminderSent(Model):
    recipient = CharField(max_length=80)
    day = DateField()
    item = CharField(max_length=60)
    sent_at = DateTimeField()

    class Meta:
        table_name = "reminders_sent"
        primary_key = CompositeKey("recipient", "day", "item")


def _migrator(db: Database) -> SchemaMigrator:
    return SqliteMigrator(db) if db.__class__.__name__.startswith("Sqlite") else PostgresqlMigrator(db)


def up(db: Database) -> None:
    with db.bind_ctx([Staff, Case, Remedy, CaseIssue, ReminderSent]):
        db.create_tables([Remedy, CaseIssue, ReminderSent])
        migrator = _migrator(db)
        migrate(
            migrator.add_column("staff", "email", CharField(max_length=254, null=True)),
            migrator.add_column("cases", "last_contact", DateField(null=True)),
            migrator.add_column(
                "cases",
                "related_to_id",
                ForeignKeyField(Case, null=True, field=Case.id, on_delete="SET NULL"),
            ),
            migrator.add_column(
                "cases",
                "duplicate_of_id",
                ForeignKeyField(Case, null=True, field=Case.id, on_delete="SET NULL"),
            ),
            migrator.add_column("cases", "stage2_override", TextField(null=True)),
        )
