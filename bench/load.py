"""Load on the tracker as production runs it: gunicorn with 2 workers on loopback, Redis for the rate-limit
counters, SQLite or PostgreSQL, measured with wrk. Prints requests per second and p99 latency.

    .venv/bin/python bench/load.py --db sqlite      (or --db postgres; --cases, --seconds, --runs)

Status lookups are run in turn with a bare Flask "hello" under the same gunicorn (bench/hello.py), the
baseline; each figure is the median of --runs runs. With --against REV (a git revision, e.g. main), the
lookups of that revision's code are served at the same time by a third gunicorn and measured in each round
too, in turn with this tree's (the order swapped every round): on a busy machine, a fairer comparison than
two runs one after the other.

Only 127.0.0.1 is ever a target. Each wrk run is bounded by --seconds.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from common import ROOT, database, figures, gunicorn, need_wrk, row, session_and_token, wrk

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


def checkout(revision: str, work: Path) -> Path:
    """The tracker's code at `revision`, in `work`, with this tree's compiled catalogues and virtualenv."""
    folder = work / "against"
    folder.mkdir()
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    for catalogue in ROOT.glob("translations/*/LC_MESSAGES/*.mo"):
        shutil.copy(catalogue, folder / catalogue.relative_to(ROOT))
    return folder


def side_by_side(args: argparse.Namespace, env: dict[str, str], refs: Path, work: Path) -> None:
    here = Path(__file__).parent
    theirs = checkout(args.against, work)
    with (
        gunicorn(env) as ours_base,
        gunicorn({**env, "PYTHONPATH": str(theirs)}, root=theirs) as their_base,
        gunicorn({}, app="hello:app", ready="/") as hello,
    ):
        bases = {"this tree": ours_base, args.against: their_base}
        rates: dict[str, list[float]] = {"bare Flask": [], **{name: [] for name in bases}}
        for round_ in range(args.runs):
            names = list(bases) if round_ % 2 == 0 else list(reversed(bases))
            found = {"bare Flask": figures(wrk(hello, here / "hello.lua", 2, 16, args.seconds, {}))}
            for name in names:
                cookie, token = session_and_token(bases[name])
                lookup_env = {"BENCH_COOKIE": cookie, "BENCH_TOKEN": token, "BENCH_REFS": str(refs)}
                found[name] = figures(wrk(bases[name], here / "lookup.lua", 2, 16, args.seconds, lookup_env))
            for name, (rate, _, _) in found.items():
                rates[name].append(rate)
            print(
                f"  round {round_ + 1} (load {os.getloadavg()[0]:.1f}): "
                + "; ".join(f"{name} {rate:,.0f}/s p99 {p99}" for name, (rate, p99, _) in found.items()),
                flush=True,
            )
        bare = rates["bare Flask"]
        for name in bases:
            shares = [rate / base for rate, base in zip(rates[name], bare, strict=True)]
            print(
                row(
                    args.db,
                    f"status lookups, {name}",
                    f"{statistics.median(rates[name]):,.0f} requests/s",
                    f"median share of its round's bare Flask {statistics.median(shares):.0%}",
                )
            )
        pairs = zip(rates["this tree"], rates[args.against], strict=True)
        ratios = [ours / theirs for ours, theirs in pairs]
        print(row("-", "bare Flask hello, same rounds", f"{statistics.median(bare):,.0f} requests/s"))
        print(
            f"this tree against {args.against}: {statistics.median(ratios):.2f} times the rate "
            "(median of the rounds)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--runs", type=int, default=3, help="lookup and baseline runs, in turn (median)")
    parser.add_argument("--lookups-only", action="store_true", help="skip the form pages")
    parser.add_argument("--against", metavar="REV", help="lookups only, side by side with REV's code")
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
            if args.against:
                side_by_side(args, env, refs, work)
                return
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
