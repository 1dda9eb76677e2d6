"""What the published figures count, recorded on each case when it happens: on time or not, how many working
days a response took, the due dates in force, and why a complaint was not accepted."""

from __future__ import annotations

from peewee import BooleanField, CharField, Database, DateField, IntegerField
from playhouse.migrate import PostgresqlMigrator, SqliteMigrator, migrate


def up(db: Database) -> None:
    migrator = SqliteMigrator(db) if db.__class__.__name__.startswith("Sqlite") else PostgresqlMigrator(db)
    columns = {
        "ack_on_time": BooleanField(null=True),
        "stage2_ack_on_time": BooleanField(null=True),
        "stage1_on_time": BooleanField(null=True),
        "stage2_on_time": BooleanField(null=True),
        "stage1_days": IntegerField(null=True),
        "stage2_days": IntegerField(null=True),
        "stage1_due": DateField(null=True),
        "stage2_due": DateField(null=True),
        "not_accepted_code": CharField(max_length=30, null=True),
    }
    migrate(*(migrator.add_column("cases", name, field) for name, field in columns.items()))
    migrate(
        migrator.add_index("cases", ("responded",), False),
        migrator.add_index("cases", ("stage2_responded",), False),
        migrator.add_index("cases", ("escalation_requested",), False),
        migrator.add_index("cases", ("acknowledged",), False),
        migrator.add_index("cases", ("closed",), False),
    )
