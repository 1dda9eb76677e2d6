"""Load on the tracker as production runs it: gunicorn with 2 workers on loopback, Redis for the rate-limit
counters, SQLite or PostgreSQL, measured with wrk. Prints requests per second and p99 latency.

    .venv/bin/python bench/load.py --db sqlite      (or --db postgres; --cases, --seconds, --runs)

Status lookups are run in turn with a bare Flask "hello" under the same gunicorn (bench/hello.py), the
baseline; each figure is the median of --runs runs.

Only 127.0.0.1 is ever a target. Each wrk run is bounded by --seconds.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import tempfile
from datetime import date
from pathlib import Path

from common import database, figures, gunicorn, need_wrk, row, session_and_token, wrk

from casecore.references import new_reference


def seed(database_url: str, cases: int) -> list[tuple[str, str]]:
    """Migrate, then insert `cases` cases in bulk; returns (reference, postcode) pairs to look up."""
    from tracker.cli import run_migrations
    from tracker.config import TrackerConfig
    from tracker.db import database
    from tracker.models import Case

    run_migrations(TrackerConfig(database_url=database_url, secret_key="bench"))
    pairs = []
    rows = []
    for n in range(cases):
        reference, postcode = new_reference(), f"HA{n % 9 + 1} {n % 10}XY"
        pairs.append((reference, postcode))
        rows.append(
            {
                "reference": reference,
                "kind": "complaint",
                "service_area": "housing-repairs",
                "procedure": "housing",
                "status": "received",
                "language": "en",
                "received": date(2026, 11, 2),
                "description": "Seeded for the benchmark.",
                "postcode": postcode,
                "postcode_key": postcode,
                "contact_method": "letter",
            }
        )
    with database.connection_context(), database.atomic():
        for start in range(0, len(rows), 500):
            Case.insert_many(rows[start : start + 500]).execute()
    random.shuffle(pairs)
    return pairs[:2000]


def median_run(runs: list[tuple[float, str, int]]) -> tuple[float, str, int]:
    """The run with the median rate (of an odd number, the middle one), with its p99 and errors."""
    return sorted(runs)[len(runs) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--runs", type=int, default=3, help="lookup and baseline runs, in turn (median)")
    parser.add_argument("--lookups-only", action="store_true", help="skip the form pages")
    args = parser.parse_args()
    need_wrk()
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        with database(args.db, work) as database_url:
            print(f"seeding {args.cases:,} cases into {args.db} …", flush=True)
            pairs = seed(database_url, args.cases)
            refs = work / "refs.txt"
            refs.write_text("".join(f"{ref} {postcode}\n" for ref, postcode in pairs))
            env = {
                "DATABASE_URL": database_url,
                "SECRET_KEY": "bench-secret",
                "LOOKUP_LIMIT": "10000000 per minute",
                "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
                "DEVELOPMENT": "true",
                "OUTBOX_DIR": str(work / "outbox"),
            }
            here = Path(__file__).parent
            with gunicorn(env) as base, gunicorn({}, app="hello:app", ready="/") as hello:
                cookie, token = session_and_token(base)
                print(
                    f"gunicorn, 2 workers, {args.db}, {args.cases:,} cases, {args.seconds} s per run, "
                    f"{args.runs} runs of each in turn",
                    flush=True,
                )
                lookup_env = {"BENCH_COOKIE": cookie, "BENCH_TOKEN": token, "BENCH_REFS": str(refs)}
                lookups, baseline = [], []
                for _ in range(args.runs):
                    baseline.append(figures(wrk(hello, here / "hello.lua", 2, 16, args.seconds, {})))
                    lookups.append(figures(wrk(base, here / "lookup.lua", 2, 16, args.seconds, lookup_env)))
                    print(
                        f"  run: lookups {lookups[-1][0]:,.0f}/s p99 {lookups[-1][1]}; "
                        f"bare Flask {baseline[-1][0]:,.0f}/s p99 {baseline[-1][1]}; "
                        f"share {lookups[-1][0] / baseline[-1][0]:.0%}",
                        flush=True,
                    )
                rate, p99, errors = median_run(lookups)
                bare, bare_p99, bare_errors = median_run(baseline)
                print(
                    row(
                        args.db,
                        "status lookups (POST, 16 connections)",
                        f"{rate:,.0f} requests/s ({rate / bare:.0%} of bare Flask)",
                        p99,
                        f"{errors} errors",
                    )
                )
                print(
                    row(
                        "-",
                        "bare Flask hello (GET, 16 connections), same run",
                        f"{bare:,.0f} requests/s",
                        bare_p99,
                        f"{bare_errors} errors",
                    )
                )
                if args.lookups_only:
                    return
                submissions = wrk(base, here / "submit.lua", 8, 8, args.seconds, {})
                rate, p99, errors = figures(submissions)
                sent = int(re.search(r"submissions: (\d+)", submissions).group(1))  # type: ignore[union-attr]
                print(
                    row(
                        args.db,
                        "form pages (POST, 8 connections)",
                        f"{rate:,.0f} requests/s",
                        p99,
                        f"{errors} errors",
                    )
                )
                print(
                    row(
                        args.db,
                        "whole submissions (10 pages each)",
                        f"{sent / args.seconds:,.1f} submissions/s",
                    )
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
