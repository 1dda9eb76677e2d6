"""Every command is a click command with --help, run here through click's and Flask's CLI runners: the Flask
commands (`flask --app tracker <command>`) with the test app, the console scripts with the settings in the
environment, as the Makefile and the systemd units run them."""

from __future__ import annotations

import dataclasses
import importlib
import re
import tomllib
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

import tracker.config as tracker_config_module
from portal.build import BuildError
from sitekit.paths import ROOT
from tracker import demo
from tracker.cli import run_migrations
from tracker.config import TrackerConfig
from tracker.models import Case, Message, Staff

from .conftest import PASSWORD, TODAY, submit

FLASK_COMMANDS = [
    "migrate",
    "create-staff",
    "set-password",
    "deactivate-staff",
    "sign-out-staff",
    "outbox",
    "remind",
    "auto-close",
    "purge-drafts",
]
SCRIPTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]


def script(name: str) -> click.Command:
    module, _, attribute = SCRIPTS[name].partition(":")
    command = getattr(importlib.import_module(module), attribute)
    assert isinstance(command, click.Command), name
    return command


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, config: TrackerConfig) -> TrackerConfig:
    """What a console script reads: the test database, as DATABASE_URL."""
    monkeypatch.setenv("DATABASE_URL", config.database_url)
    monkeypatch.setenv("SECRET_KEY", config.secret_key)
    monkeypatch.setenv("OUTBOX_DIR", config.outbox_dir)
    return config


@pytest.mark.parametrize("name", FLASK_COMMANDS)
def test_every_flask_command_says_what_it_does(tracker: Flask, name: str) -> None:
    result = tracker.test_cli_runner().invoke(args=[name, "--help"])
    assert result.exit_code == 0, result.output
    command = tracker.cli.get_command(None, name)  # type: ignore[arg-type]
    assert command is not None and command.help
    assert f" {name} [OPTIONS]" in result.output.splitlines()[0]
    assert command.help.split()[0] in result.output


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_every_console_script_is_a_click_command_with_help(name: str) -> None:
    command = script(name)
    result = CliRunner().invoke(command, ["--help"], prog_name=name)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: {name} ")
    assert command.help and command.help.split()[0] in result.output


def test_the_catalogue_commands() -> None:
    from sitekit.catalogue import main

    runner = CliRunner()
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in ("extract", "update", "compile", "check", "init"):
        assert re.search(rf"^\s+{name}\s", result.output, re.MULTILINE), name
    assert runner.invoke(main, ["nonsense"]).exit_code == 2
    assert runner.invoke(main, ["init"]).exit_code == 2  # init needs a language
    result = runner.invoke(main, ["init", "ar"])  # there is one already: refused, nothing overwritten
    assert result.exit_code == 1 and "exists already" in result.output


def test_the_translation_report_runs() -> None:
    from portal.translation_report import main

    result = CliRunner().invoke(main, [])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("language") and re.search(r"^ar ", result.output, re.MULTILINE)


def test_one_migrate_under_both_names(tracker: Flask, environment: TrackerConfig, tmp_path: Path) -> None:
    # The test app's database is migrated already: the Flask command says so, with the app's settings.
    result = tracker.test_cli_runner().invoke(args=["migrate"])
    assert result.exit_code == 0 and result.output.endswith(": schema up to date\n"), result.output
    # `tracker-migrate` reads DATABASE_URL itself: a new database gets every migration, then none.
    fresh = tmp_path / "fresh.sqlite3"
    runner = CliRunner(env={"DATABASE_URL": f"sqlite:///{fresh}"})
    first = runner.invoke(script("tracker-migrate"), [])
    assert first.exit_code == 0 and "applied 0001_initial, " in first.output, first.output
    again = runner.invoke(script("tracker-migrate"), [])
    assert again.exit_code == 0 and again.output == f"database sqlite:///{fresh}: schema up to date\n"
    flask_migrate = tracker.cli.get_command(None, "migrate")  # type: ignore[arg-type]
    assert flask_migrate is not None and flask_migrate.callback is not None
    assert flask_migrate.callback.__wrapped__ is script("tracker-migrate").callback  # one migrate, two names


def test_staff_accounts_from_the_command_line(tracker: Flask) -> None:
    runner = tracker.test_cli_runner()
    made = runner.invoke(
        args=["create-staff", "Zara", "--name", "Zara Khan", "--role", "manager", "--password", PASSWORD]
    )
    assert made.exit_code == 0 and made.output == "created manager 'zara'\n", made.output
    with tracker.app_context():
        zara = Staff.get(Staff.username == "zara")
        assert (zara.name, zara.role, zara.active) == ("Zara Khan", "manager", True)
        assert PASSWORD not in zara.password_hash
    again = runner.invoke(args=["create-staff", "zara", "--name", "Z", "--password", PASSWORD])
    assert again.exit_code == 1 and "there is already a staff account 'zara'" in again.output
    short = runner.invoke(args=["create-staff", "yusuf", "--name", "Yusuf", "--password", "too short"])
    assert short.exit_code == 2 and "use at least 12 characters" in short.output
    assert runner.invoke(args=["create-staff", "x", "--name", "X", "--role", "king"]).exit_code == 2

    changed = runner.invoke(args=["set-password", "zara", "--password", "another long password"])
    assert changed.exit_code == 0 and "changed the password of 'zara'" in changed.output
    with tracker.app_context():
        assert Staff.get(Staff.username == "zara").password_hash != zara.password_hash
    assert runner.invoke(args=["sign-out-staff", "zara"]).output == "ended 0 session(s) of 'zara'\n"
    assert runner.invoke(args=["deactivate-staff", "zara"]).exit_code == 0
    with tracker.app_context():
        assert not Staff.get(Staff.username == "zara").active
    for command in ("set-password", "sign-out-staff", "deactivate-staff"):
        missing = runner.invoke(
            args=[command, "nobody", *(["--password", PASSWORD] if "pass" in command else [])]
        )
        assert missing.exit_code == 1 and "there is no staff account 'nobody'" in missing.output, command


def test_the_scheduled_commands_run(tracker: Flask, team: dict[str, Staff], resident: FlaskClient) -> None:
    case = submit(resident)
    with tracker.app_context():  # asha has the case, due today: she is reminded of it
        Staff.update(email="asha@example.org").where(Staff.username == "asha").execute()
        Case.update(assignee=team["asha"].id, next_due=TODAY).where(Case.id == case.id).execute()
    runner = tracker.test_cli_runner()
    outbox = runner.invoke(args=["outbox"])
    assert outbox.exit_code == 0 and re.fullmatch(r"sent \d+, failed 0\n", outbox.output), outbox.output
    remind = runner.invoke(args=["remind"])
    assert remind.exit_code == 0 and re.fullmatch(
        r"sent 1 reminder email\(s\) with [1-9]\d* item\(s\)\n", remind.stdout
    ), remind.output
    assert runner.invoke(args=["remind"]).stdout == "sent 0 reminder email(s) with 0 item(s)\n"  # once a day
    assert runner.invoke(args=["auto-close"]).stdout == "closed 0 case(s)\n"
    assert runner.invoke(args=["purge-drafts"]).output == "deleted 0 abandoned draft(s)\n"


UNSET = (
    "TRACKER_URL is not set: links in these emails point at http://localhost…; set it to the tracker's "
    "public address (https://complaints.harrow.gov.uk/tracker, with the prefix it is mounted under)\n"
)


@pytest.mark.parametrize("command", ["remind", "auto-close"])
def test_the_commands_that_email_outside_a_request_need_tracker_url(
    tracker: Flask, team: dict[str, Staff], resident: FlaskClient, config: TrackerConfig, command: str
) -> None:
    """Run by a timer, outside any request, their links can only come from TRACKER_URL: unset on a
    developer's machine, a warning once on stderr; outside development, refused before anything is sent."""
    case = submit(resident)
    with tracker.app_context():  # something to remind of, so a refused run would have sent it
        Staff.update(email="asha@example.org").where(Staff.username == "asha").execute()
        Case.update(assignee=team["asha"].id, next_due=TODAY).where(Case.id == case.id).execute()
    runner = tracker.test_cli_runner()
    production = dataclasses.replace(
        config,
        development=False,
        safeguarding_email="safeguarding@harrow.gov.uk",
        repairs_email="repairs@harrow.gov.uk",
    )
    for tracker_url, what in (("", "is not set"), ("/tracker", "is '/tracker', not a full address")):
        tracker.extensions["tracker"] = dataclasses.replace(production, tracker_url=tracker_url)
        refused = runner.invoke(args=[command])
        assert refused.exit_code == 1 and refused.stdout == "", refused.output
        assert f"Error: TRACKER_URL {what}: set it to the tracker's public address" in refused.stderr
        with tracker.app_context():
            assert Message.select().where(Message.to == "asha@example.org").count() == 0
    tracker.extensions["tracker"] = config  # development, no TRACKER_URL: warned once, and run
    warned = runner.invoke(args=[command])
    assert warned.exit_code == 0 and warned.stderr == UNSET, warned.output
    tracker.extensions["tracker"] = dataclasses.replace(production, tracker_url="https://c.example/tracker")
    quiet = runner.invoke(args=[command])
    assert quiet.exit_code == 0 and quiet.stderr == "", quiet.output
    if command == "remind":
        with tracker.app_context():
            (message,) = Message.select().where(Message.to == "asha@example.org")
        assert f"  http://localhost/staff/cases/{case.reference}\n" in message.body  # the warned run's


def test_tracker_export(tracker: Flask, environment: TrackerConfig, tmp_path: Path) -> None:
    runner = CliRunner()
    export = script("tracker-export")
    args = ["2026/27 Q1", "--homes", "4590,210", "--out", str(tmp_path)]
    first = runner.invoke(export, args)
    assert first.exit_code == 0, first.output
    target = tmp_path / "2026-27-q1.yaml"
    assert first.output == f"wrote {target}: 0 complaints received, 0 at stage 2\n"
    target.write_text("reviewed narrative")
    refused = runner.invoke(export, args)
    assert refused.exit_code == 2 and "exists already" in refused.output and "--force" in refused.output
    assert target.read_text() == "reviewed narrative"
    forced = runner.invoke(export, [*args, "--force"])
    assert forced.exit_code == 0 and target.read_text().startswith("#")
    assert runner.invoke(export, ["2026-Q2", "--out", str(tmp_path)]).exit_code == 2
    unfinished = runner.invoke(export, ["2026/27 Q4", "--out", str(tmp_path)])  # today is 23 November 2026
    assert unfinished.exit_code == 2 and "has not ended yet" in unfinished.output
    bad_homes = runner.invoke(export, ["2026/27 Q2", "--homes", "lots", "--out", str(tmp_path)])
    assert bad_homes.exit_code == 2 and "like 4590,210" in bad_homes.output


def test_tracker_demo(
    tracker: Flask, environment: TrackerConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "SAMPLE_DIR", tmp_path / "sample")
    runner = CliRunner()
    made = runner.invoke(script("tracker-demo"), [])
    assert made.exit_code == 0 and made.output.startswith("added "), made.output
    assert len(list((tmp_path / "sample").glob("*.yaml"))) == 8
    with tracker.app_context():
        count = Case.select().count()
    assert f"added {count} sample cases" in made.output
    again = runner.invoke(script("tracker-demo"), [])
    assert again.exit_code == 0 and again.output == "the database has cases already: no sample data added\n"


def test_tracker_export_refuses_to_publish_sample_cases_as_real(
    tracker: Flask, environment: TrackerConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    export = script("tracker-export")
    args = ["2026/27 Q2", "--homes", "4590,210", "--out", str(tmp_path)]
    with tracker.app_context():
        real = submit(tracker.test_client())  # a real case does not stop the export
    assert real and runner.invoke(export, args).exit_code == 0
    (tmp_path / "2026-27-q2.yaml").unlink()
    with tracker.app_context():
        made = demo.generate(TODAY, per_quarter=61)
        assert Case.select().where(Case.sample).count() == made  # every generated case is marked
    refused = runner.invoke(export, args)
    assert refused.exit_code == 2, refused.output
    assert f"holds {made} sample cases generated by tracker-demo" in refused.output
    assert "--source sample" in refused.output
    assert not (tmp_path / "2026-27-q2.yaml").exists()
    labelled = runner.invoke(export, [*args, "--source", "sample"])
    assert labelled.exit_code == 0, labelled.output
    assert "\nsource: sample\n" in (tmp_path / "2026-27-q2.yaml").read_text()
    # Never into the published folder: by default sample figures go where `make run` reads them.
    published = Path(environment.content_dir) / "performance"
    sample = ["2026/27 Q2", "--homes", "4590,210", "--source", "sample"]
    into_content = runner.invoke(export, [*sample, "--out", str(published)])
    assert into_content.exit_code == 2 and "never written to" in into_content.output
    assert not (published / "2026-27-q2.yaml").exists()
    monkeypatch.setattr(tracker_config_module, "INSTANCE", tmp_path / "instance")
    by_default = runner.invoke(export, sample)
    assert by_default.exit_code == 0, by_default.output
    assert (tmp_path / "instance" / "sample-performance" / "2026-27-q2.yaml").is_file()
    assert not (published / "2026-27-q2.yaml").exists()


def test_portal_build_exits_1_when_the_site_cannot_be_built(monkeypatch: pytest.MonkeyPatch) -> None:
    import portal.build

    built: list[Any] = []
    monkeypatch.setattr(portal.build, "build", built.append)
    monkeypatch.setenv("SITE_URL", "https://example.org/")
    assert CliRunner().invoke(script("portal-build"), []).exit_code == 0
    assert built[0].site_url == "https://example.org"  # the settings from the environment

    def broken(config: Any) -> None:
        raise BuildError("2 broken link(s)")

    monkeypatch.setattr(portal.build, "build", broken)
    result = CliRunner().invoke(script("portal-build"), [])
    assert result.exit_code == 1 and "The site was not built.\n2 broken link(s)" in result.output


@pytest.mark.parametrize("name", ["tracker-serve", "portal-serve"])
def test_the_servers_take_a_host_and_port(
    name: str, environment: TrackerConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_migrations(environment)  # tracker-serve refuses a database behind the code (test_security.py)
    served: list[tuple[str, int]] = []
    command = script(name)
    module = importlib.import_module(command.callback.__module__)  # type: ignore[union-attr]
    monkeypatch.setattr(module, "run_simple", lambda host, port, app, **_: served.append((host, port)))
    result = CliRunner().invoke(command, ["--port", "8123", "--host", "0.0.0.0"])
    assert result.exit_code == 0 and served == [("0.0.0.0", 8123)], result.output
    assert "http://0.0.0.0:8123/" in result.output
    assert CliRunner().invoke(command, ["--port", "many"]).exit_code == 2
    if name == "tracker-serve":  # make run's PORT
        assert CliRunner(env={"PORT": "8765"}).invoke(command, []).exit_code == 0 and served[-1][1] == 8765
