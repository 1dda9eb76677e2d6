"""Indexes that let the export count a year's cases received, acknowledged and answered without sorting
them (issue 10, speed): the columns the figures are grouped by first and the date last, so SQLite reads
each group's part of the period from the index in order (a skip-scan), or at worst the whole index once,
in order, instead of sorting a year of rows (by outcome and working days, say).

`procedure` comes first, not `kind`: the other export queries ask for `kind = 'complaint'`, and SQLite,
before it has statistics for a new index, would take one that starts with `kind` for them and read most of
the table through it (seen: 10 s for a year) instead of their own date-first indexes."""

from __future__ import annotations

from peewee import Database

INDEXES = (
    ("cases_export_days", ("procedure", "kind", "outcome", "stage1_days", "responded")),
    ("cases_export_answered", ("procedure", "kind", "tenure", "service_area", "stage1_on_time", "responded")),
    ("cases_export_arrived", ("procedure", "kind", "status", "tenure", "service_area", "received")),
    ("cases_export_acked", ("procedure", "kind", "ack_on_time", "acknowledged")),
)


def up(db: Database) -> None:
    for name, columns in INDEXES:
        db.execute_sql(f"CREATE INDEX IF NOT EXISTS {name} ON cases ({', '.join(columns)})")  # type: ignore[no-untyped-call]
