"""`make run`: the built portal at / and the tracker at /tracker, on one port of this machine."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import run_simple

from sitekit.paths import BUILT_SITE
from sitekit.static_site import StaticSite

from . import create_app
from .config import TrackerConfig
from .db import database
from .migrations import SchemaBehind, check_up_to_date

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

MOUNT = "/tracker"  # where `make run` puts the tracker; the portal's tracker_url points here


def mounted(tracker: Flask, site_dir: Path, prefix: str = MOUNT) -> WSGIApplication:
    """The built portal at the root and the tracker under `prefix`: `make run`, and the tests that walk the
    tracker the way it is deployed."""
    return DispatcherMiddleware(StaticSite(site_dir), {prefix: tracker})


@click.command("tracker-serve")
@click.option("--port", type=int, default=8000, envvar="PORT", show_default=True, help="or PORT")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--site",
    type=click.Path(file_okay=False, path_type=Path),
    default=BUILT_SITE,
    envvar="BUILD_DIR",
    help="the built portal to serve at / (or BUILD_DIR, where portal-build writes it)",
)
def main(port: int, host: str, site: Path) -> None:
    """`make run`: the built portal at / and the tracker at /tracker, on one port of this machine
    (development only)."""
    tracker = create_app(TrackerConfig.from_env(development=True))
    with database.connection_context():
        try:
            check_up_to_date(database.obj)
        except SchemaBehind as behind:
            raise click.ClickException(str(behind)) from behind
    app = mounted(tracker, site)
    click.echo(
        f"The portal is at http://{host}:{port}/ and the tracker at "
        f"http://{host}:{port}{MOUNT}/ (casework: {MOUNT}/staff/)"
    )
    click.echo("Emails are written to instance/outbox/ (no SMTP_HOST set). Ctrl+C stops.")
    run_simple(host, port, app, threaded=True)


if __name__ == "__main__":
    main()
