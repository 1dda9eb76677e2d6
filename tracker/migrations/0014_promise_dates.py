"""A promise's due date changed by an officer, with a reason (tracker.remedies.change_due): the date it had
before the last change, for the resident's status page ("changed from"), and the earliest date it was ever
due, which the figures count against so that moving a promise later cannot turn a late one on time."""

from __future__ import annotations

from peewee import Database, DateField
from playhouse.migrate import PostgresqlMigrator, SchemaMigrator, SqliteMigrator, migrate


def _migrator(db: Database) -> SchemaMigrator:
    return SqliteMigrator(db) if db.__class__.__name__.startswith("Sqlite") else PostgresqlMigrator(db)


def up(db: Database) -> None:
    migrator = _migrator(db)
    migrate(
        migrator.add_column("remedies", "was_due", DateField(null=True)),
        migrator.add_column("remedies", "earliest_due", DateField(null=True)),
    )
