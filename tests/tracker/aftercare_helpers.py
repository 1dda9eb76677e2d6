"""Hand-built cases for the aftercare tests: made directly in the database, worked by the casework layer."""

from __future__ import annotations

from datetime import date
from typing import Any

from casecore.procedures import Rules
from casecore.references import new_reference
from tracker.casework import Context
from tracker.models import Case, Staff
from tracker.staff.auth import hash_password

from .conftest import PASSWORD, SITE

HOUSING = SITE.procedures["housing"]


def at(day: date, rules: Rules | None = None) -> Context:
    return Context(HOUSING, rules or Rules(), day)


def new_case(received: date, **fields: Any) -> Case:
    values: dict[str, Any] = {
        "reference": new_reference(),
        "kind": "complaint",
        "service_area": "housing-repairs",
        "procedure": "housing",
        "status": "received",
        "language": "en",
        "received": received,
        "description": "The boiler is broken.",
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "email_key": "ada@example.org",
        "postcode": "HA3 3QT",
        "postcode_key": "HA3 3QT",
    }
    values.update(fields)
    return Case.create(**values)


def staff(username: str, role: str, team: str, email: str | None = None) -> Staff:
    return Staff.create(
        username=username,
        name=username.capitalize(),
        role=role,
        team=team,
        email=email or f"{username}@harrow.example",
        password_hash=hash_password(PASSWORD),  # so that sign_in() signs them in
    )


def reload(case: Case) -> Case:
    return Case.get_by_id(case.id)
