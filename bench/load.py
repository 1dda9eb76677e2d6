"""Load on the tracker as production runs it: gunicorn with 2 workers on loopback, Redis for the rate-limit
counters, SQLite or PostgreSQL, measured with wrk. Prints requests per second and p99 latency.

    .venv/bin/python bench/load.py --db sqlite      (or --db postgres; --cases, --seconds)

Only 127.0.0.1 is ever a target. Each wrk run is bounded by --seconds.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import date
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casecore.references import new_reference  # noqa: E402

POSTGRES = os.environ.get("POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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


def wait_for(url: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def session_and_token(base: str) -> tuple[str, str]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(f"{base}/en/status/").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert token, "no CSRF token on the status page"
    cookie = next(c for c in jar if c.name == "session")
    return f"session={cookie.value}", token.group(1)


def wrk(base: str, script: Path, threads: int, connections: int, seconds: int, env: dict[str, str]) -> str:
    result = subprocess.run(
        [
            "wrk",
            "-t",
            str(threads),
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--latency",
            "-s",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=seconds + 60,
        check=False,
    )
    if result.returncode != 0 or "error" in result.stderr.lower():
        raise RuntimeError(result.stdout + result.stderr)
    return result.stdout


def row(db: str, what: str, rate: str, p99: str = "", errors: str = "") -> str:
    return f"| {db} | {what} | {rate} | {p99} | {errors} |"


def figures(output: str) -> tuple[float, str, int]:
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+(\S+)", output).group(1)  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, p99, int(errors.group(1)) if errors else 0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--seconds", type=int, default=15)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    admin = None
    if args.db == "sqlite":
        database_url = f"sqlite:///{work / 'tracker.sqlite3'}"
    else:
        name = f"bench_{uuid.uuid4().hex[:8]}"
        admin = psycopg2.connect(POSTGRES)
        admin.autocommit = True
        admin.cursor().execute(f'CREATE DATABASE "{name}"')
        database_url = POSTGRES.rsplit("/", 1)[0] + f"/{name}"
    print(f"seeding {args.cases:,} cases into {args.db} …", flush=True)
    pairs = seed(database_url, args.cases)
    refs = work / "refs.txt"
    refs.write_text("".join(f"{ref} {postcode}\n" for ref, postcode in pairs))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-secret",
        "LOOKUP_LIMIT": "10000000 per minute",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
        "DEVELOPMENT": "true",
        "OUTBOX_DIR": str(work / "outbox"),
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "tracker.wsgi:app",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
    )
    try:
        wait_for(f"{base}/en/status/")
        cookie, token = session_and_token(base)
        print(f"gunicorn, 2 workers, {args.db}, {args.cases:,} cases, {args.seconds} s per run", flush=True)
        lookups = wrk(
            base,
            Path(__file__).with_name("lookup.lua"),
            2,
            16,
            args.seconds,
            {"BENCH_COOKIE": cookie, "BENCH_TOKEN": token, "BENCH_REFS": str(refs)},
        )
        rate, p99, errors = figures(lookups)
        print(
            row(
                args.db,
                "status lookups (POST, 16 connections)",
                f"{rate:,.0f} requests/s",
                p99,
                f"{errors} errors",
            )
        )
        submissions = wrk(base, Path(__file__).with_name("submit.lua"), 8, 8, args.seconds, {})
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
        print(row(args.db, "whole submissions (10 pages each)", f"{sent / args.seconds:,.1f} submissions/s"))
    finally:
        server.terminate()
        server.wait(timeout=20)
        if admin is not None:
            admin.cursor().execute(f'DROP DATABASE IF EXISTS "{database_url.rsplit("/", 1)[1]}" WITH (FORCE)')
            admin.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
