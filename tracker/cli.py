"""Commands: `flask --app tracker migrate`, `outbox`, `purge-drafts` (and `tracker-migrate` for make run)."""

from __future__ import annotations

import click
from flask import Flask

from . import drafts
from .config import TrackerConfig
from .db import bind
from .migrations import migrate
from .outbox import deliver
from .settings import tracker_config


def run_migrations(config: TrackerConfig) -> list[str]:
    db = bind(config.database_url)
    with db.connection_context():
        return [f"{step.number:04d}_{step.name}" for step in migrate(db)]


def init_app(app: Flask) -> None:
    @app.cli.command("migrate")
    def migrate_command() -> None:
        """Create or bring up to date the database schema."""
        applied = run_migrations(tracker_config())
        click.echo(f"applied {', '.join(applied)}" if applied else "the schema is up to date")

    @app.cli.command("outbox")
    def outbox_command() -> None:
        """Send the messages waiting in the outbox."""
        sent, failed = deliver(tracker_config())
        click.echo(f"sent {sent}, failed {failed}")

    @app.cli.command("purge-drafts")
    def purge_command() -> None:
        """Delete form answers abandoned for more than a day."""
        click.echo(f"deleted {drafts.purge()} abandoned draft(s)")


def migrate_main() -> None:
    """`tracker-migrate`: the one command that creates and migrates the schema (make run calls it)."""
    config = TrackerConfig.from_env()
    applied = run_migrations(config)
    where = config.database_url.split("@")[-1] if "@" in config.database_url else config.database_url
    print(f"database {where}: " + (f"applied {', '.join(applied)}" if applied else "schema up to date"))
