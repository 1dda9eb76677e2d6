"""The production set-up in deploy/systemd/: the tracker restarts when it dies, every timer starts a service
that exists, and every command a unit runs is one the project has."""

from __future__ import annotations

import configparser
import os
import shlex
import subprocess
import tomllib
from pathlib import Path

from flask import Flask

from sitekit.paths import ROOT

UNITS = ROOT / "deploy" / "systemd"


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read(path)
    return parser


def test_the_tracker_is_restarted_whatever_stops_it() -> None:
    service = unit(UNITS / "harrow-tracker.service")["Service"]
    assert service["Restart"] == "always"
    assert "gunicorn" in service["ExecStart"] and "tracker.wsgi:app" in service["ExecStart"]
    assert service["ExecStartPre"].endswith("tracker-migrate")


def test_every_timer_starts_a_service_and_every_command_exists(tracker: Flask) -> None:
    scripts = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]) | {"gunicorn"}
    commands = set(tracker.cli.list_commands(None))  # type: ignore[arg-type]
    timers = sorted(UNITS.glob("*.timer"))
    assert timers
    for timer in timers:
        assert (UNITS / f"{timer.stem}.service").is_file(), timer.name
        assert unit(timer)["Timer"]["OnUnitActiveSec"]
        assert unit(UNITS / f"{timer.stem}.service")["Service"]["Type"] == "oneshot", timer.name
    for service in sorted(UNITS.glob("*.service")):
        words = shlex.split(unit(service)["Service"]["ExecStart"])
        program = Path(words[0]).name
        assert program in scripts | {"flask"}, (service.name, program)
        if program == "flask":
            assert words[1:3] == ["--app", "tracker"] and words[3] in commands, (service.name, words)


def test_the_readme_says_how_to_install_and_check_them() -> None:
    readme = (ROOT / "README.md").read_text()
    for path in sorted(UNITS.iterdir()):
        assert path.name in readme, path.name
    assert "kill -9" in readme and "systemctl status" in readme


def test_the_readmes_create_staff_example_runs_as_written(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    example = next(block for block in readme.split("```sh\n")[1:] if "create-staff" in block.split("```")[0])
    words = shlex.split(example.split("```")[0].replace("\\\n", " "))
    env = {
        k: v for k, v in os.environ.items() if k not in ("DEVELOPMENT", "SAFEGUARDING_EMAIL", "REPAIRS_EMAIL")
    }
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
        "STAFF_PASSWORD": "a long enough pass phrase 7",
    }
    while "=" in words[0]:  # the example's own settings, as a shell would take them
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    bin_dir = ROOT / ".venv" / "bin"
    subprocess.run([str(bin_dir / "tracker-migrate")], env=env, cwd=ROOT, check=True, capture_output=True)
    done = subprocess.run(
        [str(ROOT / words[0]), *words[1:]], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert "created handler 'asha'" in done.stdout


def test_make_run_gives_the_tracker_its_own_address_for_emailed_links() -> None:
    plan = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    serve = next(line for line in plan.splitlines() if "tracker-serve" in line)
    assert "TRACKER_URL=${TRACKER_URL:-http://127.0.0.1:8123/tracker}" in serve
