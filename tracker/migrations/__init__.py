"""Numbered migrations: `NNNN_name.py`, each with `up(db)`. `tracker migrate` applies the new ones in order,
each in a transaction, and records it in `schema_migrations`."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass

from peewee import Database

from ..models import Migration


@dataclass(frozen=True)
class Step:
    number: int
    name: str
    up: Callable[[Database], None]


def steps() -> list[Step]:
    found = []
    for module in pkgutil.iter_modules(__path__):
        match = re.fullmatch(r"(\d{4})_(\w+)", module.name)
        if match:
            loaded = importlib.import_module(f"{__name__}.{module.name}")
            found.append(Step(int(match.group(1)), match.group(2), loaded.up))
    found.sort(key=lambda step: step.number)
    numbers = [step.number for step in found]
    if numbers != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations must be numbered 0001, 0002, … without gaps; found {numbers}")
    return found


def migrate(db: Database) -> list[Step]:
    """Apply every migration not yet applied; returns those applied now."""
    with db.bind_ctx([Migration]):
        db.create_tables([Migration], safe=True)
        done = {row.number for row in Migration.select(Migration.number)}
        applied = []
        for step in steps():
            if step.number in done:
                continue
            with db.atomic():
                step.up(db)
                Migration.create(number=step.number, name=step.name)
            applied.append(step)
        return applied


class SchemaBehind(RuntimeError):
    """The database lacks migrations this code needs: every page would fail, so the app does not start."""


def pending(db: Database) -> list[Step]:
    """The migrations not yet applied to `db` (all of them on an empty database)."""
    with db.bind_ctx([Migration]):
        exists = "schema_migrations" in db.get_tables()
        done = {row.number for row in Migration.select(Migration.number)} if exists else set()
    return [step for step in steps() if step.number not in done]


def check_up_to_date(db: Database) -> None:
    """Refuse to serve a database the code is ahead of, saying what to run (make run and systemd migrate
    first; this catches a deploy that did not)."""
    behind = pending(db)
    if behind:
        names = ", ".join(f"{step.number:04d}_{step.name}" for step in behind)
        raise SchemaBehind(
            f"the database needs {len(behind)} migration(s) ({names}): run tracker-migrate first"
        )
