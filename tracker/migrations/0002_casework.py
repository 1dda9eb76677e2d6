"""Casework: staff accounts, letters, and the case columns that handlers fill in."""

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
from playhouse.migrate import PostgresqlMigrator, SchemaMigrator, SqliteMigrator, migrate


class Staff(Model):
    id = AutoField()
    username = CharField(max_length=80, unique=True)
    name = CharField(max_length=200)
    role = CharField(max_length=12)
    team = CharField(max_length=120, default="")
    password_hash = CharField(max_length=200)
    failed_logins = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    active = BooleanField(default=True)
    created_at = DateTimeField()

    class Meta:
        table_name = "staff"


class Case(Model):
    id = AutoField()

    class Meta:
        table_name = "cases"


class Letter(Model):
    id = AutoField()
    case = ForeignKeyField(Case, on_delete="RESTRICT", index=True)
    kind = CharField(max_length=30)
    stage = IntegerField()
    language = CharField(max_length=8)
    subject = CharField(max_length=200)
    body = TextField()
    created_at = DateTimeField()
    created_by = CharField(max_length=80)

    class Meta:
        table_name = "letters"


def _migrator(db: Database) -> SchemaMigrator:
    return SqliteMigrator(db) if db.__class__.__name__.startswith("Sqlite") else PostgresqlMigrator(db)


def up(db: Database) -> None:
    with db.bind_ctx([Staff, Case, Letter]):
        db.create_tables([Staff, Letter])
        staff = ForeignKeyField(Staff, null=True, field=Staff.id, on_delete="SET NULL")
        columns = {
            "next_due": DateField(null=True),
            "assignee_id": staff,
            "stage1_handler_id": ForeignKeyField(Staff, null=True, field=Staff.id, on_delete="SET NULL"),
            "stage2_handler_id": ForeignKeyField(Staff, null=True, field=Staff.id, on_delete="SET NULL"),
            "definition": TextField(null=True),
            "stage2_definition": TextField(null=True),
            "remedy_due": DateField(null=True),
            "not_accepted_reason": TextField(null=True),
            "safeguarding": BooleanField(default=False),
            "vulnerability": TextField(null=True),
            "adjustment_agreed": TextField(null=True),
            "restriction_reason": TextField(null=True),
            "restriction_review": DateField(null=True),
            "ombudsman": CharField(max_length=40, null=True),
            "ombudsman_referred": DateField(null=True),
            "ombudsman_determination": CharField(max_length=40, null=True),
            "ombudsman_determined": DateField(null=True),
            "praised_team": CharField(max_length=200, null=True),
            "suggestion_action": TextField(null=True),
            "resident_told": BooleanField(default=False),
        }
        migrator = _migrator(db)
        migrate(*(migrator.add_column("cases", name, field) for name, field in columns.items()))
        migrate(
            migrator.add_index("cases", ("next_due",), False),
            migrator.add_index("cases", ("status", "next_due"), False),
            migrator.add_index("cases", ("status", "received"), False),
        )
