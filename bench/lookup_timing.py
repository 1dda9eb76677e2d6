"""Can a guesser tell which references exist? Times status lookups of a reference that exists (with a wrong
email address) against references that do not, interleaved, through the app in-process on SQLite or
PostgreSQL, and prints the medians and their difference.

    .venv/bin/python bench/lookup_timing.py --db sqlite|postgres [--rounds 400]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import database

from casecore.references import new_reference
from tracker import create_app
from tracker.cli import run_migrations
from tracker.config import TrackerConfig


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--rounds", type=int, default=400)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder, database(args.db, Path(folder)) as url:
        config = TrackerConfig(
            database_url=url,
            secret_key="timing",
            outbox_dir=str(Path(folder) / "outbox"),
            lookup_limit="1000000 per minute",
            development=True,
            today="2026-11-23",  # the sample complaint's dates are worked out from this day
        )
        run_migrations(config)
        app = create_app(config)
        client = app.test_client()
        existing = _make_case(client)
        _close(app)
        html = client.get("/en/status/").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', html)
        assert token
        times: dict[str, list[float]] = {"exists, wrong email": [], "does not exist": []}
        order = random.Random(2026)
        for round_ in range(args.rounds + 20):
            pair = [("exists, wrong email", existing), ("does not exist", new_reference())]
            order.shuffle(pair)  # interleaved in a random order, so neither always runs second
            for label, reference in pair:
                started = time.perf_counter()
                response = client.post(
                    "/en/status/",
                    data={"csrf_token": token.group(1), "reference": reference, "secret": "eve@example.org"},
                )
                took = time.perf_counter() - started
                assert response.status_code == 200, response.status_code
                if round_ >= 20:  # the first rounds warm the caches
                    times[label].append(took * 1000)
        medians = {label: statistics.median(values) for label, values in times.items()}
        for label, value in medians.items():
            print(f"{args.db}: {label}: median {value:.3f} ms over {len(times[label])} lookups")
        difference = medians["does not exist"] - medians["exists, wrong email"]
        print(f"{args.db}: difference (does not exist - exists): {difference:+.3f} ms")
        _close(app)
    return 0


def _close(app: object) -> None:
    from tracker.db import database as handle

    if hasattr(handle.obj, "close_all"):
        handle.obj.close_all()


def _make_case(client: object) -> str:
    from tests.tracker.conftest import COMPLAINT, send, walk

    walk(client, "en", COMPLAINT)  # type: ignore[arg-type]
    return send(client, "en").reference  # type: ignore[arg-type]


if __name__ == "__main__":
    sys.exit(main())
