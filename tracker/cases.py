"""Creating a case from the online form, and finding one for the status check. Views call these."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date
from typing import Any

from peewee import IntegrityError

from casecore.deadlines import CaseDates, acknowledgement_and_response, next_deadline
from casecore.procedures import Rules
from casecore.references import new_access_code, new_reference, normalise_code
from casecore.states import Kind, Status
from portal.sitedata import SiteData

from .db import database
from .forms.journey import normalise_email, normalise_postcode
from .journey import Answers, happened, out_of_time
from .models import Case, now, record


def code_hash(secret_key: str, code: str) -> str:
    return hmac.new(secret_key.encode(), normalise_code(code).encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Submitted:
    case: Case
    access_code: str | None  # given only when there is no email or postcode to check status with


def create_case(
    answers: Answers, language: str, site: SiteData, rules: Rules, today: date, secret_key: str
) -> Submitted:
    area = site.service_areas[answers["service_area"]]
    kind = Kind(answers["kind"])
    anonymous = answers.get("contact_method") == "anonymous"
    email, postcode = answers.get("email"), answers.get("postcode")
    access_code = None if (email or postcode) else new_access_code()
    late = out_of_time(answers, today, rules)
    fields: dict[str, Any] = {
        "kind": kind.value,
        "service_area": area.id,
        "procedure": area.procedure,
        "status": Status.RECEIVED.value,
        "channel": "online",
        "language": language,
        "received": today,
        "reported_before": None if kind != Kind.COMPLAINT else answers.get("reported_before") == "yes",
        "happened": happened(answers),
        "out_of_time": late,
        "late_reason": answers.get("late_reason"),
        "description": answers["description"],
        "outcome_wanted": answers.get("outcome_wanted"),
        "praised": answers.get("praised"),
        "anonymous": anonymous,
        "name": answers.get("name"),
        "email": email,
        "phone": answers.get("phone"),
        "address": answers.get("address"),
        "postcode": postcode,
        "contact_method": answers.get("contact_method"),
        "on_behalf": answers.get("on_behalf") == "yes",
        "behalf_name": answers.get("behalf_name"),
        "behalf_relationship": answers.get("behalf_relationship"),
        "consent_confirmed": bool(answers.get("consent")),
        "formats": ",".join(answers.get("formats") or []),
        "interpreter_language": answers.get("interpreter_language"),
        "adjustments_other": answers.get("adjustments_other"),
        "email_key": normalise_email(email) if email else None,
        "postcode_key": normalise_postcode(postcode) if postcode else None,
        "access_code_hash": code_hash(secret_key, access_code) if access_code else None,
    }
    procedure = site.procedures[area.procedure]
    fields["next_due"] = next_deadline(Status.RECEIVED.value, procedure, CaseDates(received=today), rules)
    fields["stage1_due"] = acknowledgement_and_response(procedure, today)[1]
    for _attempt in range(5):
        try:
            with database.atomic():
                case = Case.create(reference=new_reference(), created_at=now(), **fields)
                record(case, "received", channel="online", kind=kind.value, service_area=area.id)
                if late:
                    record(case, "flagged", actor="system", flag="out_of_time", happened=happened(answers))
            return Submitted(case, access_code)
        except IntegrityError:  # pragma: no cover - a reference collision, about one in 2**51
            continue
    raise RuntimeError("could not find an unused reference")


def find_case(reference: str, secret: str, secret_key: str) -> Case | None:
    """The case only when the reference and the second factor both match; otherwise None, the same for a
    wrong reference, a wrong second factor or an unknown reference. Both paths do the same work, so the
    time taken does not tell a guesser whether a reference exists: one query for the keys alone (no
    exception when there is no row), every comparison made against the stored key or a stand-in."""
    keys: list[tuple[Any, ...]] = list(
        Case.select(Case.id, Case.email_key, Case.postcode_key, Case.access_code_hash)
        .where(Case.reference == reference)
        .limit(1)
        .tuples()  # type: ignore[arg-type]
    )
    case_id, email_key, postcode_key, code_key = keys[0] if keys else (None, None, None, None)
    typed = secret.strip()
    matches = (
        _same(email_key, normalise_email(typed)),
        _same(postcode_key, normalise_postcode(typed) or ""),
        _same(code_key, code_hash(secret_key, typed)),
    )
    if case_id is None or not any(matches):
        return None
    return Case.get_by_id(case_id)


def _same(stored: str | None, typed: str) -> bool:
    """A constant-time comparison, made against a stand-in when nothing is stored."""
    equal = hmac.compare_digest((stored if stored is not None else "\x00" + typed).encode(), typed.encode())
    return equal and stored is not None
