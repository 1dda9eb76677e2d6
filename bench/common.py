"""What the benchmarks share: a throwaway database, gunicorn on loopback, wrk and its figures."""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

POSTGRES = os.environ.get("POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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


def need_wrk() -> None:
    """Stop at once, saying how to get it, when wrk is not installed (it is a system package)."""
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk (the load benchmarks measure with it)")


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


@contextmanager
def database(kind: str, work: Path) -> Iterator[str]:
    """A new, empty database for one run: a SQLite file in `work`, or a PostgreSQL database dropped after."""
    if kind == "sqlite":
        yield f"sqlite:///{work / 'tracker.sqlite3'}"
        return
    name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(POSTGRES)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES.rsplit("/", 1)[0] + f"/{name}"
    finally:
        from tracker.db import database as handle

        if handle.obj is not None and hasattr(handle.obj, "close_all"):
            handle.obj.close_all()
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@contextmanager
def gunicorn(
    env: dict[str, str],
    workers: int = 2,
    app: str = "tracker.wsgi:app",
    ready: str = "/en/status/",
    root: Path = ROOT,
) -> Iterator[str]:
    """gunicorn with `workers` sync workers on a free loopback port, serving `app` (run from bench/ when it
    is not the tracker's) from the code in `root` (another revision's, for a comparison), until the block
    ends."""
    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            app,
        ],
        cwd=root if app.startswith("tracker.") else root / "bench",
        env={**os.environ, **env},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}{ready}")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
