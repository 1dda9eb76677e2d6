"""`make run`: the built portal at / and the tracker at /tracker, on one port of this machine."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import run_simple

from portal.config import PortalConfig
from portal.static_site import StaticSite

from . import create_app
from .config import TrackerConfig

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

MOUNT = "/tracker"  # where `make run` puts the tracker; the portal's tracker_url points here


def mounted(tracker: Flask, site_dir: Path, prefix: str = MOUNT) -> WSGIApplication:
    """The built portal at the root and the tracker under `prefix`: `make run`, and the tests that walk the
    tracker the way it is deployed."""
    return DispatcherMiddleware(StaticSite(site_dir), {prefix: tracker})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    tracker = create_app(TrackerConfig.from_env(development=True))
    app = mounted(tracker, PortalConfig.from_env().build_dir)
    print(
        f"The portal is at http://{args.host}:{args.port}/ and the tracker at "
        f"http://{args.host}:{args.port}{MOUNT}/ (casework: {MOUNT}/staff/)",
        flush=True,
    )
    print("Emails are written to instance/outbox/ (no SMTP_HOST set). Ctrl+C stops.", flush=True)
    run_simple(args.host, args.port, app, threaded=True)


if __name__ == "__main__":
    main()
