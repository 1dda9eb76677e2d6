"""The address of the home a hazard is in (Awaab's Law): asked by the online form and by staff logging a case
when a hazard is reported, so the repairs team's alert and the case page say which home to visit."""

from __future__ import annotations

from peewee import CharField, Database, TextField
from playhouse.migrate import PostgresqlMigrator, SchemaMigrator, SqliteMigrator, migrate


def _migrator(db: Database) -> SchemaMigrator:
    return SqliteMigrator(db) if db.__class__.__name__.startswith("Sqlite") else PostgresqlMigrator(db)


def up(db: Database) -> None:
    migrator = _migrator(db)
    migrate(
        migrator.add_column("hazards", "address", TextField(null=True)),
        migrator.add_column("hazards", "postcode", CharField(max_length=10, null=True)),
    )
