"""A contact restriction's review (policy s.13): the day a manager lifted it. A lifted restriction has no
review date, so it is never reminded again; one kept has its new review date in `restriction_review`."""

from __future__ import annotations

from peewee import Database, DateField
from playhouse.migrate import PostgresqlMigrator, SchemaMigrator, SqliteMigrator, migrate


def _migrator(db: Database) -> SchemaMigrator:
    return SqliteMigrator(db) if db.__class__.__name__.startswith("Sqlite") else PostgresqlMigrator(db)


def up(db: Database) -> None:
    migrate(_migrator(db).add_column("cases", "restriction_lifted", DateField(null=True)))
