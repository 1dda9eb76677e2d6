"""A 10 MB photo and a 10 MB PDF sent to the form's page for files, as production runs it: gunicorn with one
sync worker on loopback, SQLite or PostgreSQL. Prints the median time of each upload (sniffing, decoding,
re-encoding, thumbnail, storing in the database, the redirect) and the worker's peak memory (VmHWM)
before and after.

    .venv/bin/python bench/upload.py --db sqlite      (or --db postgres; --runs)

Only 127.0.0.1 is ever a target; the number of uploads is bounded by --runs.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import io
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from common import ROOT, database, free_port, wait_for
from PIL import Image
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

LIMIT = 10 * 1024 * 1024


def _just_under_the_limit(fmt: str) -> bytes:
    """Camera noise compresses badly, like a real photo: grown until the file is just under 10 MB."""
    width = 2400
    while True:
        height = width * 3 // 4
        noise = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
        out = io.BytesIO()
        noise.save(out, fmt, quality=92)
        if out.tell() > LIMIT:
            width -= 40
        elif out.tell() < LIMIT * 0.92:
            width += 80
        else:
            return out.getvalue()


def photo() -> bytes:
    return _just_under_the_limit("JPEG")


def document() -> bytes:
    """A scanned page: one large image in a PDF (Pillow writes it), as a letter scanned at home would be."""
    return _just_under_the_limit("PDF")


class Resident:
    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def token(self, path: str) -> str:
        html = self.opener.open(self.base + path).read().decode()
        found = re.search(r'name="csrf_token" value="([^"]+)"', html)
        assert found, path
        return found.group(1)

    def answer(self, path: str, fields: dict[str, str]) -> None:
        data = urllib.parse.urlencode({"csrf_token": self.token(path), **fields}).encode()
        self.opener.open(self.base + path, data=data)

    def upload(self, content: bytes, name: str) -> float:
        parts = MultiDict([("csrf_token", self.token("/en/new/evidence")), ("action", "upload")])
        parts.add("files", FileStorage(io.BytesIO(content), filename=name))
        boundary, body = encode_multipart(parts)
        request = urllib.request.Request(
            self.base + "/en/new/evidence",
            data=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        started = time.perf_counter()
        response = self.opener.open(request)
        elapsed = time.perf_counter() - started
        assert response.status == 302, (
            response.status,
            re.findall(r"error-message[^>]*>(.*?)</p>", response.read().decode(), re.S),
        )
        return elapsed

    def remove_all(self) -> None:
        html = self.opener.open(self.base + "/en/new/evidence").read().decode()
        for file_id in re.findall(r'name="remove" value="(\d+)"', html):
            self.answer("/en/new/evidence", {"remove": file_id})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None

    def http_error_302(self, req, fp, code, msg, headers):  # type: ignore[no-untyped-def]
        return fp


def peak_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))  # type: ignore[union-attr]


def worker_of(master: int) -> int:
    for _ in range(50):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def run(db: str, runs: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-upload-"))
    try:
        with database(db, work) as url:
            from tracker.cli import run_migrations
            from tracker.config import TrackerConfig

            run_migrations(TrackerConfig(database_url=url, secret_key="bench"))
            port = free_port()
            env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench", "DEVELOPMENT": "true"}
            server = subprocess.Popen(
                [str(ROOT / ".venv/bin/gunicorn"), "-w", "1", "-b", f"127.0.0.1:{port}", "tracker.wsgi:app"],
                cwd=ROOT,
                env=env,
            )
            try:
                base = f"http://127.0.0.1:{port}"
                wait_for(f"{base}/en/status/")
                worker = worker_of(server.pid)
                resident = Resident(base)
                for step, fields in (
                    ("kind", {"kind": "complaint"}),
                    ("reported", {"reported_before": "yes"}),
                    ("area", {"service_area": "housing-repairs"}),
                    ("details", {"description": "Damp in the bedroom."}),
                ):
                    resident.answer(f"/en/new/{step}", fields)
                resident.opener.open(base + "/en/new/evidence").read()
                before = peak_kb(worker)
                files = {"photo": (photo(), "bedroom.jpg"), "PDF": (document(), "scan.pdf")}
                for what, (content, name) in files.items():
                    times = []
                    for _ in range(runs):
                        times.append(resident.upload(content, name))
                        resident.remove_all()
                    print(
                        f"| {db} | 10 MB {what} ({len(content) / 1024 / 1024:.1f} MiB) "
                        f"| {statistics.median(times) * 1000:.0f} ms | {peak_kb(worker) / 1024:.0f} MiB |"
                    )
                print(f"(worker peak memory before the first upload: {before / 1024:.0f} MiB)")
            finally:
                server.terminate()
                server.wait(timeout=20)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    print("| database | upload | median time | worker peak memory after |")
    print("| --- | --- | --- | --- |")
    run(args.db, args.runs)


if __name__ == "__main__":
    main()
