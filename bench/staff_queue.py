"""The staff queue at 100,000 cases: gunicorn with 2 workers on loopback, wrk over five filtered and sorted
views of the queue, on SQLite and PostgreSQL.

    .venv/bin/python bench/staff_queue.py --db sqlite      (or --db postgres; --cases, --seconds)
"""

from __future__ import annotations

import argparse
import http.cookiejar
import random
import re
import shutil
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path

from common import database, figures, gunicorn, need_wrk, row, wrk

from casecore.references import new_reference

OPEN = ["received", "acknowledged", "extended", "responded", "escalation_requested", "stage2_acknowledged"]
STATUSES = [*OPEN, "closed", "closed", "closed", "withdrawn"]
AREAS = [
    "housing-repairs",
    "housing-tenancy",
    "housing-asb",
    "council-tax-benefits",
    "environment",
    "other-council",
]


def seed(database_url: str, cases: int) -> None:
    from tracker.cli import run_migrations
    from tracker.config import TrackerConfig
    from tracker.db import database as handle
    from tracker.models import Case, Staff
    from tracker.staff.auth import hash_password

    run_migrations(TrackerConfig(database_url=database_url, secret_key="bench"))
    rng = random.Random(2026)
    today = date.today()
    with handle.connection_context():
        staff = [
            Staff.create(
                username=f"handler{n}",
                name=f"Handler {n}",
                role="handler",
                password_hash=hash_password("bench-password"),
            )
            for n in range(10)
        ]
        rows = []
        for _ in range(cases):
            status = rng.choice(STATUSES)
            received = today - timedelta(days=rng.randint(0, 400))
            rows.append(
                {
                    "reference": new_reference(),
                    "kind": "complaint",
                    "service_area": rng.choice(AREAS),
                    "procedure": "housing",
                    "status": status,
                    "stage": 2 if status.startswith(("escalation", "stage2")) else 1,
                    "language": "en",
                    "received": received,
                    "description": "Seeded for the benchmark.",
                    "next_due": today + timedelta(days=rng.randint(-30, 40)) if status in OPEN else None,
                    "assignee": rng.choice(staff).id if rng.random() < 0.8 else None,
                }
            )
        with handle.atomic():
            for start in range(0, len(rows), 1000):
                Case.insert_many(rows[start : start + 1000]).execute()
    if hasattr(handle.obj, "close_all"):
        handle.obj.close_all()


def sign_in(base: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(f"{base}/staff/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    body = urllib.parse.urlencode({"csrf_token": token, "username": "handler0", "password": "bench-password"})
    opener.open(f"{base}/staff/login", data=body.encode()).read()
    cookie = next(c for c in jar if c.name == "session")
    return f"session={cookie.value}"


def one_by_one(base: str, cookie: str, path: str, times: int = 20) -> float:
    """The median time of one request on its own, in milliseconds."""
    timings = []
    for _ in range(times):
        request = urllib.request.Request(base + path, headers={"Cookie": cookie})
        started = time.perf_counter()
        urllib.request.urlopen(request).read()
        timings.append((time.perf_counter() - started) * 1000)
    return sorted(timings)[len(timings) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=15)
    args = parser.parse_args()
    need_wrk()
    work = Path(tempfile.mkdtemp(prefix="bench-queue-"))
    try:
        with database(args.db, work) as database_url:
            print(f"seeding {args.cases:,} cases into {args.db} …", flush=True)
            started = time.perf_counter()
            seed(database_url, args.cases)
            print(f"seeded in {time.perf_counter() - started:.0f} s", flush=True)
            env = {
                "DATABASE_URL": database_url,
                "SECRET_KEY": "bench-secret",
                "DEVELOPMENT": "true",
                "OUTBOX_DIR": str(work / "outbox"),
                "LOGIN_LIMIT": "1000 per minute",
            }
            with gunicorn(env) as base:
                cookie = sign_in(base)
                for path in ("/staff/", "/staff/?overdue=1", "/staff/?sort=received&page=200"):
                    print(
                        row(
                            args.db,
                            f"one request alone: {path}",
                            f"median {one_by_one(base, cookie, path):.0f} ms",
                        )
                    )
                output = wrk(
                    base, Path(__file__).with_name("queue.lua"), 2, 8, args.seconds, {"BENCH_COOKIE": cookie}
                )
                rate, p99, errors = figures(output)
                print(
                    row(
                        args.db,
                        f"queue pages, {args.cases:,} cases (GET, 8 connections)",
                        f"{rate:,.0f} requests/s",
                        p99,
                        f"{errors} errors",
                    )
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
