"""Journeys that fit real lives (issue 13): whether the resident gave the day it happened, whether the
problem is still happening (an ongoing problem is not out of time), and for a complaint made for someone
else, the resident's own address, on what footing the advocate acts (agreed, legal authority, or the
resident cannot agree and why), and whose the reasonable adjustments are."""

from __future__ import annotations

from peewee import BooleanField, CharField, Database, TextField
from playhouse.migrate import PostgresqlMigrator, SqliteMigrator, migrate


def up(db: Database) -> None:
    sqlite = db.__class__.__name__.startswith("Sqlite")
    migrator = SqliteMigrator(db) if sqlite else PostgresqlMigrator(db)
    migrate(
        migrator.add_column("cases", "happened_day_known", BooleanField(null=True)),
        migrator.add_column("cases", "still_happening", BooleanField(null=True)),
        migrator.add_column("cases", "behalf_address", TextField(null=True)),
        migrator.add_column("cases", "behalf_postcode", CharField(max_length=10, null=True)),
        migrator.add_column("cases", "consent_basis", CharField(max_length=12, null=True)),
        migrator.add_column("cases", "consent_reason", TextField(null=True)),
        migrator.add_column("cases", "adjustments_for", CharField(max_length=12, null=True)),
    )
