"""Serve build/site/ on this machine as a static host would. Development only: `make run` uses the tracker's
server, which serves this site and the tracker together."""

from __future__ import annotations

import click
from werkzeug.serving import run_simple

from sitekit.static_site import StaticSite

from .config import PortalConfig


@click.command("portal-serve")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
def main(port: int, host: str) -> None:
    """Serve build/site/ on this machine as a static host would (development only)."""
    click.echo(f"The portal is at http://{host}:{port}/ (Ctrl+C to stop)")
    run_simple(host, port, StaticSite(PortalConfig.from_env().build_dir), threaded=True)


if __name__ == "__main__":
    main()
