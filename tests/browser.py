"""Helpers for the browser tests: Debian's Chromium driven by Playwright, and the built site on loopback."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import make_server

from sitekit.static_site import StaticSite

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# WCAG 2.0, 2.1 and 2.2 at levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE = Axe()
Violations = list[tuple[str, list[Any]]]  # each rule axe-core found broken, and where
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}


def axe_violations(page: Page) -> Violations:
    """axe-core on the page as it is now, against AXE_TAGS: each violation's rule and its first three
    elements. The one axe helper of the browser tests; the page's context needs bypass_csp=True."""
    results = AXE.run(page, options=AXE_OPTIONS)
    return [(v["id"], [node["target"] for node in v["nodes"]][:3]) for v in results.response["violations"]]


@contextmanager
def serve_app(app: Any) -> Iterator[str]:
    """Any WSGI app on a free loopback port, in a thread, for the length of the block."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request in the test output
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@contextmanager
def serve(root: Path) -> Iterator[str]:
    with serve_app(StaticSite(root)) as url:
        yield url


@contextmanager
def chromium() -> Iterator[Browser]:
    assert Path(CHROMIUM).is_file(), "Chromium is missing: .ci/run installs Debian's chromium package"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()
