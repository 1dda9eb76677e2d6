"""Creating a case from the online form (sent once, then confirmed to the resident), and finding one for the
status check. Views call these."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from peewee import IntegrityError

from casecore.channels import Channel, Consent, Tenure
from casecore.deadlines import CaseDates, acknowledgement_and_response, next_deadline
from casecore.procedures import Regime, Rules, is_out_of_time
from casecore.references import new_access_code, new_reference, normalise_code
from casecore.states import Kind, Status
from sitekit.sitedata import SiteData

from . import attachments, drafts, hazards, notify
from .db import database
from .forms.journey import normalise_email, normalise_postcode
from .journey import Answers, happened
from .models import Case, Staff, now, record
from .outbox import deliver
from .procedures import procedure_named
from .settings import tracker_config


def code_hash(secret_key: str, code: str) -> str:
    return hmac.new(secret_key.encode(), normalise_code(code).encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Submitted:
    case: Case
    access_code: str | None  # given only when there is no email or postcode to check status with
    postcode_from_home: bool = False  # the case's postcode is the hazard's home's: they gave no other


@dataclass(frozen=True)
class Intake:
    """Everything a new case starts with, whatever the channel. Contact details already checked (a postcode
    normalised: the form refuses one that is not a UK postcode rather than dropping it)."""

    kind: Kind
    channel: Channel
    service_area: str
    language: str
    received: date
    description: str
    happened: date | None = None
    happened_day_known: bool | None = None  # False: the month and year only (`happened` is then its last day)
    still_happening: bool | None = None  # an ongoing problem is not out of time
    late_reason: str | None = None
    reported_before: bool | None = None
    tenure: Tenure | None = None  # on every housing case; None asked nothing: recorded as unknown
    outcome_wanted: str | None = None
    praised: str | None = None
    contact_method: str | None = None
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    postcode: str | None = None
    on_behalf: bool = False
    behalf_name: str | None = None
    behalf_relationship: str | None = None
    behalf_address: str | None = None  # the resident's own address; the contact details are the advocate's
    behalf_postcode: str | None = None
    consent: Consent | None = None  # on what footing the advocate acts (None: not made for someone else)
    consent_reason: str | None = None  # why the resident cannot agree
    formats: tuple[str, ...] = ()
    interpreter_language: str | None = None
    adjustments_other: str | None = None
    adjustments_for: str | None = (
        None  # made for someone else: whose the adjustments are (resident, advocate, both)
    )

    @property
    def consent_confirmed(self) -> bool:
        return self.on_behalf and self.consent is not None and self.consent.confirmed

    hazard: bool = False  # damp, mould or a danger to health or safety in a council home (Awaab's Law)
    hazard_at_risk: bool | None = None  # someone in the home especially at risk; None: not known
    hazard_address: str | None = None  # the home's address, for the repairs team (postcode normalised)
    hazard_postcode: str | None = None


def open_case(
    intake: Intake,
    site: SiteData,
    rules: Rules,
    secret_key: str,
    actor: str = "resident",
    assignee: Staff | None = None,
    linked_from: Case | None = None,
) -> Submitted:
    """The one door for a new case, from any channel. Sets every date and flag the figures and the queue
    read: status, the next deadline, the stage 1 due date, the 12-month flag, the tenure on a housing case,
    the keys for the status check.
    A further issue logged as a new complaint (`linked_from`) keeps the first case's keys for the status
    check and its agreed adjustments, and is linked to it.
    Records the received event (and the out-of-time flag) in one transaction; a possible hazard starts its
    clock in the same transaction, and the repairs team's alert is queued with it and sent once."""
    if intake.contact_method == "anonymous":  # whatever was typed before the choice: nothing is kept
        intake = replace(intake, name=None, email=None, phone=None, address=None, postcode=None)
    # A hazard in a council home is in the home the resident lives in: with no postcode of their own, the
    # home's is theirs, so the status check works with it. An advocate's contact details are their own, and
    # an anonymous resident keeps none.
    from_home = bool(
        intake.hazard
        and intake.hazard_postcode
        and not intake.postcode
        and not intake.on_behalf
        and intake.contact_method != "anonymous"
    )
    if from_home:
        intake = replace(intake, postcode=intake.hazard_postcode)
    area = site.service_areas[intake.service_area]
    procedure = procedure_named(area.procedure, site)
    complaint = intake.kind == Kind.COMPLAINT
    late = (
        complaint
        and intake.happened is not None
        and is_out_of_time(intake.happened, intake.received, rules, ongoing=bool(intake.still_happening))
    )
    housing = procedure.regime == Regime.HOUSING_CODE
    tenure = (intake.tenure or Tenure.UNKNOWN) if housing else None
    access_code = None if (intake.email or intake.postcode or linked_from) else new_access_code()
    anonymous = intake.contact_method == "anonymous" or not (
        intake.name or intake.email or intake.phone or intake.address
    )
    fields: dict[str, Any] = {
        "kind": intake.kind.value,
        "service_area": area.id,
        "procedure": procedure.id,
        "status": Status.RECEIVED.value,
        "channel": intake.channel.value,
        "language": intake.language,
        "received": intake.received,
        "reported_before": intake.reported_before if complaint else None,
        "happened": intake.happened,
        "happened_day_known": intake.happened_day_known if intake.happened else None,
        "still_happening": intake.still_happening if complaint else None,
        "out_of_time": late,
        "late_reason": intake.late_reason,
        "tenure": tenure.value if tenure else None,
        "description": intake.description,
        "outcome_wanted": intake.outcome_wanted,
        "praised": intake.praised,
        "anonymous": anonymous,
        "name": intake.name,
        "email": intake.email,
        "phone": intake.phone,
        "address": intake.address,
        "postcode": intake.postcode,
        "contact_method": intake.contact_method,
        "on_behalf": intake.on_behalf,
        "behalf_name": intake.behalf_name,
        "behalf_relationship": intake.behalf_relationship,
        "consent_confirmed": intake.consent_confirmed,
        "behalf_address": intake.behalf_address if intake.on_behalf else None,
        "behalf_postcode": intake.behalf_postcode if intake.on_behalf else None,
        "consent_basis": intake.consent.value if intake.on_behalf and intake.consent else None,
        "consent_reason": intake.consent_reason if intake.consent == Consent.CANNOT else None,
        "adjustments_for": intake.adjustments_for if intake.on_behalf else None,
        "formats": ",".join(intake.formats),
        "interpreter_language": intake.interpreter_language,
        "adjustments_other": intake.adjustments_other,
        "email_key": normalise_email(intake.email) if intake.email else None,
        "postcode_key": normalise_postcode(intake.postcode) if intake.postcode else None,
        "access_code_hash": code_hash(secret_key, access_code) if access_code else None,
        "next_due": next_deadline(Status.RECEIVED, procedure, CaseDates(received=intake.received), rules),
        "stage1_due": acknowledgement_and_response(procedure, intake.received)[1],
        "assignee": assignee,
    }
    feedback = not complaint
    if feedback:  # a compliment or suggestion has no complaint deadlines (policy s.14, s.15)
        fields.update(next_due=None, stage1_due=None)
    if linked_from is not None:
        fields.update(
            related_to=linked_from,
            access_code_hash=linked_from.access_code_hash,
            vulnerability=linked_from.vulnerability,
            adjustment_agreed=linked_from.adjustment_agreed,
            anonymous=linked_from.anonymous,
        )
    for _attempt in range(5):
        try:
            with database.atomic():
                case = Case.create(reference=new_reference(), created_at=now(), **fields)
                record(
                    case,
                    "received",
                    actor=actor,
                    channel=intake.channel.value,
                    received=intake.received,
                    kind=intake.kind.value,
                    service_area=area.id,
                    **({"linked_from": linked_from.reference} if linked_from is not None else {}),
                )
                if late:
                    record(case, "flagged", actor="system", flag="out_of_time", happened=intake.happened)
                alert = (
                    hazards.start(
                        case,
                        intake.received,
                        intake.hazard_at_risk,
                        actor,
                        hazards.Home(intake.hazard_address, intake.hazard_postcode),
                    )
                    if intake.hazard
                    else None
                )
            if alert is not None:
                deliver(tracker_config(), only=[alert.id])
            return Submitted(case, access_code, from_home)
        except IntegrityError:  # pragma: no cover - a reference collision, about one in 2**51
            continue
    raise RuntimeError("could not find an unused reference")


def create_case(
    answers: Answers, language: str, site: SiteData, rules: Rules, today: date, secret_key: str
) -> Submitted:
    """A case from the online form's answers, through the one door."""
    kind = Kind(answers["kind"])
    tenure = answers.get("tenure")
    intake = Intake(
        kind=kind,
        channel=Channel.ONLINE,
        service_area=answers["service_area"],
        language=language,
        received=today,
        description=answers["description"],
        happened=happened(answers),
        happened_day_known=bool(answers.get("happened_day_known")) if happened(answers) else None,
        still_happening=bool(answers.get("still_happening")) if kind == Kind.COMPLAINT else None,
        late_reason=answers.get("late_reason"),
        reported_before=answers.get("reported_before") == "yes" if kind == Kind.COMPLAINT else None,
        tenure=Tenure(tenure) if tenure else None,
        outcome_wanted=answers.get("outcome_wanted"),
        praised=answers.get("praised"),
        contact_method=answers.get("contact_method"),
        name=answers.get("name"),
        email=answers.get("email"),
        phone=answers.get("phone"),
        address=answers.get("address"),
        postcode=answers.get("postcode"),
        on_behalf=answers.get("on_behalf") == "yes",
        behalf_name=answers.get("behalf_name"),
        behalf_relationship=answers.get("behalf_relationship"),
        behalf_address=answers.get("behalf_address"),
        behalf_postcode=answers.get("behalf_postcode"),
        consent=Consent(answers["consent_basis"]) if answers.get("consent_basis") else None,
        consent_reason=answers.get("consent_reason"),
        formats=tuple(answers.get("formats") or ()),
        interpreter_language=answers.get("interpreter_language"),
        adjustments_other=answers.get("adjustments_other"),
        adjustments_for=answers.get("adjustments_for"),
        hazard=answers.get("hazard") == "yes",
        hazard_at_risk={"yes": True, "no": False}.get(answers.get("at_risk") or ""),
        hazard_address=answers.get("home_address"),
        hazard_postcode=answers.get("home_postcode"),
    )
    return open_case(intake, site, rules, secret_key)


def send_form(
    language: str, site: SiteData, rules: Rules, today: date, secret_key: str
) -> drafts.Sent | None:
    """The online form sent: the case made from this browser's draft exactly once, with the draft's files,
    in the transaction that claims the draft (`drafts.send_once`); then, only by the press of Send that made
    it, the resident's confirmation email. Another press, at the same moment or later, gets the same case and
    sends nothing. None when there is no draft to send."""
    token = drafts.current_token()

    def create(answers: Answers) -> tuple[int, str | None]:
        made = create_case(answers, language, site, rules, today, secret_key)
        attachments.move_to_case(token, made.case)
        return made.case.id, made.access_code

    sent = drafts.send_once(create)
    if sent is not None and sent.now:  # committed: the email names a case that exists
        notify.send_received(Case.get_by_id(sent.case_id))
    return sent


def find_case(reference: str, secret: str, secret_key: str) -> int | None:
    """The case's id only when the reference and the second factor both match; otherwise None, the same for a
    wrong reference, a wrong second factor or an unknown reference. Both paths do the same work, so the
    time taken does not tell a guesser whether a reference exists: one query for the keys alone (no
    exception when there is no row), every comparison made against the stored key or a stand-in."""
    keys: list[tuple[Any, ...]] = database.execute_sql(_keys_sql(), (reference, 1)).fetchall()
    case_id, email_key, postcode_key, code_key = keys[0] if keys else (None, None, None, None)
    typed = secret.strip()
    matches = (
        _same(email_key, normalise_email(typed)),
        _same(postcode_key, normalise_postcode(typed) or ""),
        _same(code_key, code_hash(secret_key, typed)),
    )
    if case_id is None or not any(matches):
        return None
    return int(case_id)  # the id alone: loading the whole row costs more than the rest of the lookup


_KEYS_SQL: dict[type, str] = {}


def _keys_sql() -> str:
    """find_case's one query, written once per kind of database: building it again for every lookup took
    longer than running it (issue 15)."""
    kind = type(database.obj)
    if kind not in _KEYS_SQL:
        query = Case.select(Case.id, Case.email_key, Case.postcode_key, Case.access_code_hash)
        sql, params = query.where(Case.reference == "").limit(1).sql()
        assert params == ["", 1], params
        _KEYS_SQL[kind] = sql
    return _KEYS_SQL[kind]


def _same(stored: str | None, typed: str) -> bool:
    """A constant-time comparison, made against a stand-in when nothing is stored."""
    equal = hmac.compare_digest((stored if stored is not None else "\x00" + typed).encode(), typed.encode())
    return equal and stored is not None
