"""An officer's job title and direct phone line, for the letters they sign (issue 13): every letter gives
the name, job title and direct contact of the officer dealing with the complaint (policy 7.2)."""

from __future__ import annotations

from peewee import CharField, Database
from playhouse.migrate import PostgresqlMigrator, SchemaMigrator, SqliteMigrator, migrate


def _migrator(db: Database) -> SchemaMigrator:
    return SqliteMigrator(db) if db.__class__.__name__.startswith("Sqlite") else PostgresqlMigrator(db)


def up(db: Database) -> None:
    migrator = _migrator(db)
    migrate(
        migrator.add_column("staff", "job_title", CharField(max_length=120, default="")),
        migrator.add_column("staff", "phone", CharField(max_length=40, default="")),
    )
