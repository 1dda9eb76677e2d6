"""Restrictions, compliments, suggestions and the survey at closure (issue 12): what a contact restriction
covers, why it was needed before the procedure was exhausted; to whom a compliment was passed on and when;
whether a suggestion was used; and the satisfaction survey sent when a complaint closes (its link's token
kept only as a hash, answered once)."""

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


class Case(Model):
    id = AutoField()

    class Meta:
        table_name = "cases"


class Survey(Model):
    id = AutoField()
    case = ForeignKeyField(Case, unique=True, on_delete="CASCADE")
    token_hash = CharField(max_length=64, unique=True)
    language = CharField(max_length=8)
    sent_on = DateField(index=True)
    answered_on = DateField(null=True, index=True)
    score = IntegerField(null=True)
    comment = TextField(null=True)
    created_at = DateTimeField()

    class Meta:
        table_name = "surveys"


def _migrator(db: Database) -> SchemaMigrator:
    return SqliteMigrator(db) if db.__class__.__name__.startswith("Sqlite") else PostgresqlMigrator(db)


def up(db: Database) -> None:
    with db.bind_ctx([Case, Survey]):
        db.create_tables([Survey])
        migrator = _migrator(db)
        migrate(
            migrator.add_column("cases", "restriction_kind", CharField(max_length=20, null=True)),
            migrator.add_column("cases", "restriction_detail", TextField(null=True)),
            migrator.add_column("cases", "restriction_early", TextField(null=True)),
            migrator.add_column("cases", "passed_to", CharField(max_length=200, null=True)),
            migrator.add_column("cases", "passed_on", DateField(null=True)),
            migrator.add_column("cases", "suggestion_used", BooleanField(null=True)),
        )
