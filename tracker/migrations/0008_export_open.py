"""Indexes for the export's last questions (issue 10, speed): what was open and overdue at the end of a
period is counted from the cases not closed by then, found by `closed`, instead of from every case received
before; Ombudsman referrals and determinations are counted from their own dates."""

from __future__ import annotations

from peewee import Database

INDEXES = (
    (
        "cases_export_open",
        (
            "closed",
            "kind",
            "received",
            "responded",
            "stage1_due",
            "escalation_requested",
            "stage2_responded",
            "stage2_due",
        ),
    ),
    ("cases_export_referred", ("ombudsman_referred",)),
    ("cases_export_determined", ("ombudsman_determined", "ombudsman_determination")),
)


def up(db: Database) -> None:
    for name, columns in INDEXES:
        db.execute_sql(f"CREATE INDEX IF NOT EXISTS {name} ON cases ({', '.join(columns)})")  # type: ignore[no-untyped-call]
