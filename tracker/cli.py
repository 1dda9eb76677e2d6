"""The tracker's commands, all click: `flask --app tracker <command>` (`migrate`, `create-staff`,
`set-password`, `deactivate-staff`, `sign-out-staff`, `outbox`, `remind`, `auto-close`, `purge-drafts`), and
`tracker-migrate`, the same `migrate` as a console script that needs no app (make run, the systemd unit).
`tracker-export`, `tracker-demo` and `tracker-serve` are click commands in their own modules."""

from __future__ import annotations

import click
from flask import Flask, has_app_context

from sitekit.i18n import site_data

from . import clock, drafts, scheduled
from .config import TrackerConfig
from .db import bind
from .migrations import migrate
from .models import ROLES, Staff
from .outbox import deliver
from .settings import tracker_config
from .staff.auth import deactivate, end_sessions, hash_password, set_password


def run_migrations(config: TrackerConfig) -> list[str]:
    db = bind(config.database_url)
    with db.connection_context():
        return [f"{step.number:04d}_{step.name}" for step in migrate(db)]


def _migrate() -> None:
    """Create or bring up to date the database schema (numbered migrations in tracker/migrations/)."""
    config = tracker_config() if has_app_context() else TrackerConfig.from_env()
    applied = run_migrations(config)
    where = config.database_url.split("@")[-1] if "@" in config.database_url else config.database_url
    click.echo(f"database {where}: " + (f"applied {', '.join(applied)}" if applied else "schema up to date"))


# `tracker-migrate`: the one migrate, as a console script that reads the settings itself (no app needed).
migrate_command = click.command("tracker-migrate", help=_migrate.__doc__)(_migrate)


def _links_checked() -> None:
    """Before a command that emails outside any request: refused outside development without a full
    TRACKER_URL; in development, warned once on stderr."""
    try:
        warning = tracker_config().links_outside_requests()
    except ValueError as refused:
        raise click.ClickException(str(refused)) from None
    if warning:
        click.echo(warning, err=True)


def init_app(app: Flask) -> None:
    # `flask --app tracker migrate`: the same, with the app's settings.
    app.cli.command("migrate", help=_migrate.__doc__)(_migrate)

    @app.cli.command("outbox")
    def outbox_command() -> None:
        """Send the messages waiting in the outbox."""
        sent, failed = deliver(tracker_config())
        click.echo(f"sent {sent}, failed {failed}")

    @app.cli.command("create-staff")
    @click.argument("username")
    @click.option("--name", required=True, help="Full name, as residents will see it on letters")
    @click.option(
        "--role", type=click.Choice(ROLES), default="handler", show_default=True, help="What they may do"
    )
    @click.option("--team", default="", help="Team, so a stage 2 reviewer can be chosen from another")
    @click.option("--email", default=None, help="Where reminders of what is due are sent")
    @click.option("--job-title", default="", help="Job title, shown on the letters they sign")
    @click.option("--phone", default="", help="Direct phone line, shown on the letters they sign")
    @click.password_option(
        help="Asked for when not given (STAFF_PASSWORD in the environment also works)",
        envvar="STAFF_PASSWORD",
    )
    def create_staff_command(
        username: str,
        name: str,
        role: str,
        team: str,
        email: str | None,
        job_title: str,
        phone: str,
        password: str,
    ) -> None:
        """Create a staff account (passwords are kept only as argon2 hashes)."""
        if len(password) < 12:
            raise click.BadParameter("use at least 12 characters", param_hint="password")
        username = username.strip().lower()
        if Staff.get_or_none(Staff.username == username):
            raise click.ClickException(f"there is already a staff account '{username}'")
        Staff.create(
            username=username,
            name=name,
            role=role,
            team=team,
            email=email or None,
            job_title=job_title.strip(),
            phone=phone.strip(),
            password_hash=hash_password(password),
        )
        click.echo(f"created {role} '{username}'")

    def staff_member(username: str) -> Staff:
        found = Staff.get_or_none(Staff.username == username.strip().lower())
        if found is None:
            raise click.ClickException(f"there is no staff account '{username}'")
        return found

    @app.cli.command("set-password")
    @click.argument("username")
    @click.password_option(help="Asked for when not given (or STAFF_PASSWORD)", envvar="STAFF_PASSWORD")
    def set_password_command(username: str, password: str) -> None:
        """Change a staff member's password; every session they have open ends."""
        if len(password) < 12:
            raise click.BadParameter("use at least 12 characters", param_hint="password")
        set_password(staff_member(username), password)
        click.echo(f"changed the password of '{username}' and signed them out everywhere")

    @app.cli.command("deactivate-staff")
    @click.argument("username")
    def deactivate_command(username: str) -> None:
        """Stop a staff account from signing in; every session it has open ends. Its history stays."""
        deactivate(staff_member(username))
        click.echo(f"deactivated '{username}' and signed them out everywhere")

    @app.cli.command("sign-out-staff")
    @click.argument("username")
    def sign_out_command(username: str) -> None:
        """End every session of a staff member (a lost laptop, a shared screen)."""
        click.echo(f"ended {end_sessions(staff_member(username))} session(s) of '{username}'")

    @app.cli.command("remind")
    def remind_command() -> None:
        """Email each officer what is due within 2 working days or overdue, and each manager their team's
        breaches and unassigned cases; each reminder once a day, however many hosts run it. Their links come
        from TRACKER_URL (refused unset outside development)."""
        _links_checked()
        emails, items = scheduled.remind(tracker_config(), site_data(), clock.today())
        click.echo(f"sent {emails} reminder email(s) with {items} item(s)")

    @app.cli.command("auto-close")
    def auto_close_command() -> None:
        """Close the cases whose resident has been quiet for 10 working days after the offer, once the
        stage 2 window has ended and nothing promised is still open; the letters' and surveys' links come
        from TRACKER_URL (refused unset outside development)."""
        _links_checked()
        closed = scheduled.close_quiet_cases(site_data(), tracker_config().rules, clock.today())
        click.echo(f"closed {len(closed)} case(s)" + (f": {', '.join(closed)}" if closed else ""))

    @app.cli.command("purge-drafts")
    def purge_command() -> None:
        """Delete form answers abandoned for more than a day."""
        click.echo(f"deleted {drafts.purge()} abandoned draft(s)")
