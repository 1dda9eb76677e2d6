"""Exporting a quarter and a financial year from one million cases, by SQL aggregation, on SQLite and on
PostgreSQL. Seeds the cases in bulk (not timed): the secondary indexes on cases are dropped first and made
again after the load, which is many times faster than keeping six covering indexes up to date row by row.
Then times tracker.export.figures: the median of --runs, wall-clock and CPU time.

    .venv/bin/python bench/export.py --db sqlite     (or --db postgres; --cases, --runs, --keep FILE)
"""

from __future__ import annotations

import argparse
import contextlib
import random
import shutil
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from common import database

from casecore.figures import NOT_ACCEPTED_REASONS, OUTCOMES

AREAS = [
    "housing-repairs",
    "housing-tenancy",
    "housing-asb",
    "housing-rents",
    "council-tax-benefits",
    "environment",
    "adult-social-care",
]


PROCEDURES = {
    "council-tax-benefits": "corporate",
    "environment": "corporate",
    "adult-social-care": "social-care",
}


def secondary_indexes(handle: Any) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) for every index on cases that is neither the key nor unique."""
    if handle.obj.__class__.__name__.startswith("Sqlite"):
        rows = handle.execute_sql(
            "SELECT name, sql FROM sqlite_master"
            " WHERE type = 'index' AND tbl_name = 'cases' AND sql IS NOT NULL"
        ).fetchall()
    else:
        rows = handle.execute_sql(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'cases'"
        ).fetchall()
    return [(name, sql) for name, sql in rows if "UNIQUE" not in sql.upper()]


def seed(database_url: str, cases: int) -> None:
    from tracker.cli import run_migrations
    from tracker.config import TrackerConfig
    from tracker.db import database as handle
    from tracker.models import Case

    run_migrations(TrackerConfig(database_url=database_url, secret_key="bench"))
    rng = random.Random(7)
    start = date(2024, 4, 1)
    fields = [
        Case.reference,
        Case.kind,
        Case.service_area,
        Case.procedure,
        Case.status,
        Case.language,
        Case.received,
        Case.description,
        Case.acknowledged,
        Case.ack_on_time,
        Case.responded,
        Case.stage1_on_time,
        Case.stage1_days,
        Case.outcome,
        Case.closed,
        Case.escalation_requested,
        Case.stage2_responded,
        Case.stage2_on_time,
        Case.stage2_days,
        Case.stage2_outcome,
        Case.not_accepted_code,
        Case.stage1_due,
        Case.tenure,
    ]
    with handle.connection_context():
        indexes = secondary_indexes(handle)
        for name, _ in indexes:
            handle.execute_sql(f'DROP INDEX "{name}"')
        batch = []
        for n in range(cases):
            received = start + timedelta(days=rng.randrange(730))
            responded = received + timedelta(days=rng.randint(5, 25))
            escalated = rng.random() < 0.1
            batch.append(
                (
                    f"B{n:011d}",
                    rng.choices(["complaint", "compliment", "suggestion"], [85, 10, 5])[0],
                    (area := rng.choice(AREAS)),
                    PROCEDURES.get(area, "housing"),
                    "closed",
                    "en",
                    received,
                    "bench",
                    received + timedelta(days=rng.randint(1, 8)),
                    rng.random() < 0.9,
                    responded,
                    rng.random() < 0.8,
                    rng.randint(5, 25),
                    rng.choice(OUTCOMES),
                    responded + timedelta(days=14),
                    responded + timedelta(days=5) if escalated else None,
                    responded + timedelta(days=30) if escalated else None,
                    rng.random() < 0.7 if escalated else None,
                    rng.randint(10, 30) if escalated else None,
                    rng.choice(OUTCOMES) if escalated else None,
                    rng.choice(NOT_ACCEPTED_REASONS) if rng.random() < 0.02 else None,
                    responded,
                    rng.choices(["tenant", "shared_owner", "leaseholder", "unknown"], [75, 5, 15, 5])[0],
                )
            )
            if len(batch) == 5000:
                with handle.atomic():
                    Case.insert_many(batch, fields=fields).execute()
                batch = []
        if batch:
            with handle.atomic():
                Case.insert_many(batch, fields=fields).execute()
        started = time.perf_counter()
        for _, sql in indexes:
            handle.execute_sql(sql)
        print(f"{len(indexes)} indexes made again in {time.perf_counter() - started:.0f} s", flush=True)
        if handle.obj.__class__.__name__.startswith("Pooled"):
            handle.execute_sql(
                "VACUUM ANALYZE"
            )  # as autovacuum would: index-only scans need the visibility map
        else:
            handle.execute_sql("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per period (the median is shown)")
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="SQLite only: seed this file once and reuse it after (to time two versions of the code on the "
        "same data, in turn: PYTHONPATH=<other checkout> .venv/bin/python bench/export.py --keep FILE)",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-export-"))
    try:
        kept = args.keep and args.db == "sqlite"
        with (
            contextlib.nullcontext(f"sqlite:///{args.keep.resolve()}") if kept else database(args.db, work)
        ) as database_url:
            from casecore.periods import Period
            from sitekit.sitedata import load_site_data
            from tracker.db import database as handle
            from tracker.export import figures

            site = load_site_data(Path(__file__).resolve().parent.parent / "content")

            started = time.perf_counter()
            if kept and args.keep.exists():
                from tracker.cli import run_migrations
                from tracker.config import TrackerConfig

                print(f"reusing {args.keep} (migrated, not seeded again)", flush=True)
                run_migrations(TrackerConfig(database_url=database_url, secret_key="bench"))
                from tracker.db import bind

                bind(database_url)
            else:
                print(f"seeding {args.cases:,} cases into {args.db} …", flush=True)
                seed(database_url, args.cases)
                print(f"seeded in {time.perf_counter() - started:.0f} s", flush=True)
            with handle.connection_context():
                for period in ("2025/26 Q2", "2025/26"):
                    timings, cpu = [], []
                    for _ in range(args.runs):
                        started, used = time.perf_counter(), time.process_time()
                        result = figures(Period.parse(period), site)
                        timings.append(time.perf_counter() - started)
                        cpu.append(time.process_time() - used)
                    # CPU time is this process's (SQLite runs in it): it depends much less than wall-clock
                    # time on the other work on a shared machine.
                    print(
                        f"| {args.db} | {period} | {result['stage1_received']:,} complaints in the period "
                        f"| median of {args.runs}: {statistics.median(timings):.2f} s "
                        f"(fastest {min(timings):.2f} s; CPU {statistics.median(cpu):.2f} s) |",
                        flush=True,
                    )
            if hasattr(handle.obj, "close_all"):
                handle.obj.close_all()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
