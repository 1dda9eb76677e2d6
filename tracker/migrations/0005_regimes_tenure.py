"""What the regulator's figures need (issue 10): the resident's tenure on housing cases, the day each
extension was agreed (an extension counts only when agreed before the date it extends), and indexes that
let the export count a quarter or a year from the index alone."""

from __future__ import annotations

from peewee import CharField, Database, DateField
from playhouse.migrate import PostgresqlMigrator, SqliteMigrator, migrate

# (name, columns): each covers one family of the export's GROUP BY queries (tracker/export.py).
INDEXES = (
    ("cases_export_received", ("received", "kind", "status", "procedure", "tenure", "service_area")),
    (
        "cases_export_responded",
        (
            "responded",
            "kind",
            "procedure",
            "tenure",
            "service_area",
            "stage1_on_time",
            "outcome",
            "stage1_days",
        ),
    ),
    (
        "cases_export_stage2",
        (
            "stage2_responded",
            "kind",
            "procedure",
            "tenure",
            "stage2_on_time",
            "stage2_outcome",
            "stage2_days",
        ),
    ),
    ("cases_export_escalated", ("escalation_requested", "kind", "procedure", "tenure")),
    ("cases_export_acknowledged", ("acknowledged", "kind", "procedure", "ack_on_time")),
    ("cases_export_closed", ("closed", "kind", "status", "procedure", "not_accepted_code")),
)


def up(db: Database) -> None:
    sqlite = db.__class__.__name__.startswith("Sqlite")
    migrator = SqliteMigrator(db) if sqlite else PostgresqlMigrator(db)
    migrate(
        migrator.add_column("cases", "tenure", CharField(max_length=16, null=True)),
        migrator.add_column("cases", "extended_on", DateField(null=True)),
        migrator.add_column("cases", "stage2_extended_on", DateField(null=True)),
    )
    for name, columns in INDEXES:
        db.execute_sql(f"CREATE INDEX IF NOT EXISTS {name} ON cases ({', '.join(columns)})")  # type: ignore[no-untyped-call]
