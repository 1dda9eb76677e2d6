"""`make run`: the built portal at / and the tracker at /tracker, on one port of this machine."""

from __future__ import annotations

import argparse
import os

from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import run_simple

from portal.config import PortalConfig
from portal.static_site import StaticSite

from . import create_app
from .config import TrackerConfig


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    tracker = create_app(TrackerConfig.from_env(development=True))
    app = DispatcherMiddleware(StaticSite(PortalConfig.from_env().build_dir), {"/tracker": tracker})
    print(
        f"The portal is at http://{args.host}:{args.port}/ and the tracker at http://{args.host}:{args.port}/tracker/",
        flush=True,
    )
    print("Emails are written to instance/outbox/ (no SMTP_HOST set). Ctrl+C stops.", flush=True)
    run_simple(args.host, args.port, app, threaded=True)


if __name__ == "__main__":
    main()
