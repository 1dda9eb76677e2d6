"""Security and privacy: headers, cookies, request size, logs, and the append-only event log."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from peewee import Database

from tracker.cli import run_migrations
from tracker.config import TrackerConfig
from tracker.db import database
from tracker.migrations import steps
from tracker.models import AppendOnly, Case, Event, record

from .conftest import csrf, page, post, submit


def test_security_headers(resident: FlaskClient) -> None:
    response = resident.get("/en/new/kind")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'none'" in csp and "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"
    assert page(response).find("script") is None


def test_session_cookie_flags(config: TrackerConfig, today: date) -> None:
    from tracker import create_app

    run_migrations(config)
    production = create_app(
        TrackerConfig(
            **{
                **config.__dict__,
                "development": False,
                "safeguarding_email": "safeguarding@harrow.example",
                "repairs_email": "repairs@harrow.example",
            }
        )
    )
    client = production.test_client()
    post(client, "/en/new/kind", {"kind": "complaint"})
    cookie = client.get_cookie("session")
    assert cookie is not None
    assert cookie.http_only and cookie.secure and cookie.same_site == "Lax"


def test_a_request_too_large_gets_413_with_a_page(resident: FlaskClient) -> None:
    soup = page(resident.get("/en/new/kind"))
    response = resident.post("/en/new/details", data={"csrf_token": csrf(soup), "description": "x" * 70_000})
    assert response.status_code == 413
    assert "too much to send" in page(response, 413).get_text()


def test_no_personal_data_in_the_logs(resident: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    submit(resident)
    post(resident, "/en/status/", {"reference": "K7PM-QX4R-HT3C", "secret": "ada@example.org"})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for personal in ("Ada", "Lovelace", "ada@example.org", "HA3", "boiler"):
        assert personal.lower() not in logged.lower(), personal


def test_the_event_log_cannot_be_changed_through_the_app(tracker: Flask, resident: FlaskClient) -> None:
    submit(resident)
    with tracker.app_context():
        event = Event.get()
        event.action = "something else"
        with pytest.raises(AppendOnly):
            event.save()
        with pytest.raises(AppendOnly):
            event.delete_instance()
        with pytest.raises(AppendOnly):
            Event.update(action="x")
        with pytest.raises(AppendOnly):
            Event.delete()
        assert Event.get_by_id(event.id).action == "received"
        record(Case.get(), "note", actor="system", text="a new event is fine")
        assert Event.select().count() == 2


def test_migrations_are_numbered_and_run_once(config: TrackerConfig) -> None:
    assert [step.number for step in steps()] == list(range(1, len(steps()) + 1))
    assert run_migrations(config) == [f"{s.number:04d}_{s.name}" for s in steps()]
    assert run_migrations(config) == []
    db = database.obj
    assert isinstance(db, Database)
    with db.connection_context():
        assert {"cases", "events", "drafts", "messages", "schema_migrations"} <= set(db.get_tables())


def test_every_setting_is_documented_in_the_readme() -> None:
    from portal.config import PortalConfig
    from sitekit.paths import ROOT

    readme = (ROOT / "README.md").read_text()
    for name, _default, help_text in [*TrackerConfig.documented(), *PortalConfig.documented()]:
        assert help_text
        assert f"`{name}`" in readme, f"{name} is not in the README's settings table"


def test_the_escalation_window_setting_is_checked_at_start() -> None:
    with pytest.raises(ValueError, match="write '1 month' or '15 working days'"):
        TrackerConfig.from_env(escalation_window="soon", secret_key="x")


def test_a_database_behind_the_code_is_refused_at_start(
    config: TrackerConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A deploy that skipped tracker-migrate stops at start with what to run, instead of a 500 on every
    page (gunicorn's tracker.wsgi and tracker-serve both check)."""
    from click.testing import CliRunner

    from tracker import serve
    from tracker.db import bind
    from tracker.migrations import SchemaBehind, check_up_to_date
    from tracker.models import Migration

    db = bind(config.database_url)
    every = len(steps())
    with db.connection_context(), pytest.raises(SchemaBehind, match=rf"needs {every} migration\(s\) \(0001_"):
        check_up_to_date(db)
    monkeypatch.setenv("DATABASE_URL", config.database_url)
    monkeypatch.setenv("OUTBOX_DIR", config.outbox_dir)
    refused = CliRunner().invoke(serve.main, ["--port", "0"])
    assert refused.exit_code == 1 and "run tracker-migrate first" in refused.output
    run_migrations(config)
    db = bind(config.database_url)
    with db.connection_context():
        check_up_to_date(db)  # up to date: nothing to say
        last = steps()[-1]
        with db.bind_ctx([Migration]):
            Migration.delete().where(Migration.number == last.number).execute()
        with pytest.raises(SchemaBehind, match=rf"needs 1 migration\(s\) \({last.number:04d}_{last.name}\)"):
            check_up_to_date(db)
