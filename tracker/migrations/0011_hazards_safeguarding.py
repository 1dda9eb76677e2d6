"""Hazards in council homes (Awaab's Law): a hazard reported with a case, its kind and the day each step was
done; and the safeguarding lead a concern is assigned to, until they record what was done."""

from __future__ import annotations

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    Database,
    DateField,
    DateTimeField,
    ForeignKeyField,
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


class Hazard(Model):
    id = AutoField()
    case = ForeignKeyField(Case, unique=True, on_delete="RESTRICT")
    kind = CharField(max_length=12)
    aware = DateField()
    at_risk = BooleanField(null=True)
    made_safe = DateField(null=True)
    investigated = DateField(null=True)
    summary = DateField(null=True)
    works_begun = DateField(null=True)
    next_due = DateField(null=True, index=True)
    created_at = DateTimeField()

    class Meta:
        table_name = "hazards"


def _migrator(db: Database) -> SchemaMigrator:
    return SqliteMigrator(db) if db.__class__.__name__.startswith("Sqlite") else PostgresqlMigrator(db)


def up(db: Database) -> None:
    with db.bind_ctx([Staff, Case, Hazard]):
        db.create_tables([Hazard])
        migrator = _migrator(db)
        migrate(
            migrator.add_column(
                "cases",
                "safeguarding_lead_id",
                ForeignKeyField(Staff, null=True, field=Staff.id, on_delete="SET NULL"),
            ),
            migrator.add_column("cases", "safeguarding_done", DateField(null=True)),
            migrator.add_column("cases", "safeguarding_action", TextField(null=True)),
        )
