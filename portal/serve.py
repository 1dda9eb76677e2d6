"""Serve build/site/ on this machine as a static host would. Development only: `make run` uses the tracker's
server, which serves this site and the tracker together."""

from __future__ import annotations

import argparse

from werkzeug.serving import run_simple

from .config import PortalConfig
from .static_site import StaticSite


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)
    print(f"The portal is at http://{args.host}:{args.port}/ (Ctrl+C to stop)", flush=True)
    run_simple(args.host, args.port, StaticSite(PortalConfig.from_env().build_dir), threaded=True)


if __name__ == "__main__":
    main()
