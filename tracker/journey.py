"""The online form as a flow of short pages: which pages apply to these answers, and which comes next.

Plain Python over the answers so far (a dict kept in a Draft between pages): no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from casecore.procedures import Rules, is_out_of_time

Answers = dict[str, Any]


def is_complaint(answers: Answers) -> bool:
    return answers.get("kind") == "complaint"


def is_housing(answers: Answers) -> bool:
    """A service of the council as landlord (the Housing Ombudsman's Code): set when the service is chosen."""
    return answers.get("housing") is True


def wants_service_request_page(answers: Answers) -> bool:
    """A first report to a landlord service (a repair, a tenancy or estate problem, anti-social behaviour) is
    a service request: say so, and let the resident choose to complain all the same. Other services'
    complaints, social care's above all, are not turned away."""
    return is_complaint(answers) and is_housing(answers) and answers.get("reported_before") == "no"


def happened(answers: Answers) -> date | None:
    raw = answers.get("happened")
    return date.fromisoformat(raw) if isinstance(raw, str) and raw else None


def still_happening(answers: Answers) -> bool:
    return answers.get("still_happening") is True


def out_of_time(answers: Answers, today: date, rules: Rules | None = None) -> bool:
    """Over the time limit: never for a problem that is still happening, however long ago it started."""
    when = happened(answers)
    return (
        is_complaint(answers)
        and when is not None
        and is_out_of_time(when, today, rules, ongoing=still_happening(answers))
    )


def for_someone_else(answers: Answers) -> bool:
    return is_complaint(answers) and answers.get("on_behalf") == "yes"


def anonymous(answers: Answers) -> bool:
    """No contact details given: nothing to ask about letters, nobody to write to."""
    return answers.get("contact_method") == "anonymous"


COUNCIL_HOMES = ("tenant", "shared_owner", "leaseholder", "unknown")


def wants_hazard_page(answers: Answers) -> bool:
    """A housing complaint about a council home (or a home the resident is not sure about) is asked whether
    the problem is a hazard: Awaab's Law starts a clock once the council knows."""
    return is_complaint(answers) and answers.get("tenure") in COUNCIL_HOMES


def wants_home_address(answers: Answers) -> bool:
    """A hazard reported in a council home: the repairs team must know which home to visit, whatever the
    contact details say (an email address and a postcode are not an address)."""
    return wants_hazard_page(answers) and answers.get("hazard") == "yes"


def known_address(answers: Answers) -> tuple[str | None, str | None]:
    """A postal address already given, to start the home's address from: the resident's own when an advocate
    complains for them, otherwise the contact address."""
    if for_someone_else(answers):
        return answers.get("behalf_address"), answers.get("behalf_postcode")
    return answers.get("address"), answers.get("postcode")


@dataclass(frozen=True)
class Step:
    name: str
    applies: Callable[[Answers, date], bool]
    done: Callable[[Answers], bool]


def _always(answers: Answers, today: date) -> bool:
    return True


def _complaint(answers: Answers, today: date) -> bool:
    return is_complaint(answers)


def _has(*keys: str) -> Callable[[Answers], bool]:
    return lambda answers: all(key in answers for key in keys)


STEPS = (
    Step("kind", _always, _has("kind")),
    Step("area", _always, _has("service_area")),
    Step("reported", _complaint, _has("reported_before")),
    Step(
        "service-request",
        lambda answers, today: wants_service_request_page(answers),
        lambda answers: answers.get("complain_anyway") is True,
    ),
    Step("tenure", lambda answers, today: is_complaint(answers) and is_housing(answers), _has("tenure")),
    Step("hazard", lambda answers, today: wants_hazard_page(answers), _has("hazard")),
    Step("details", _always, _has("description")),
    Step("evidence", _always, _has("evidence_seen")),
    Step("when", _complaint, _has("happened")),
    Step("late", lambda answers, today: out_of_time(answers, today), _has("late_seen")),
    Step("outcome", _complaint, _has("outcome_wanted")),
    Step("behalf", _complaint, _has("on_behalf")),
    Step("behalf-details", lambda answers, today: for_someone_else(answers), _has("consent_basis")),
    Step("contact", _always, _has("contact_method")),
    Step("home-address", lambda answers, today: wants_home_address(answers), _has("home_address")),
    Step("adjustments", lambda answers, today: not anonymous(answers), _has("adjustments_seen")),
)
NAMES = (*(step.name for step in STEPS), "check")


def applicable(answers: Answers, today: date) -> list[str]:
    return [step.name for step in STEPS if step.applies(answers, today)]


def first_unanswered(answers: Answers, today: date) -> str:
    """The first page that applies and has no answer yet; 'check' when everything is answered."""
    for step in STEPS:
        if step.applies(answers, today) and not step.done(answers):
            return step.name
    return "check"


def next_step(answers: Answers, today: date, after: str, changing: bool = False) -> str:
    """Where to go after answering `after`: back to the check page when changing an answer, unless the change
    opened a page that still needs an answer."""
    if changing:
        return first_unanswered(answers, today)
    names = applicable(answers, today)
    following = names[names.index(after) + 1 :] if after in names else []
    return following[0] if following else first_unanswered(answers, today)


def reachable(answers: Answers, today: date, name: str) -> bool:
    """A page may be shown if it applies and every page before it is answered (or it is the check page)."""
    if name == "check":
        return first_unanswered(answers, today) == "check"
    if name not in applicable(answers, today):
        return False
    for step in STEPS:
        if step.name == name:
            return True
        if step.applies(answers, today) and not step.done(answers):
            return False
    return False


def clean(answers: Answers, today: date) -> Answers:
    """Only the answers that apply now: a compliment keeps no complaint-only answers, and a service changed
    from housing to council tax keeps neither the tenure nor what depended on it (the hazard question
    applies only with a council home's tenure). Repeated until nothing more drops out, since dropping one
    answer can make a later page stop applying."""
    while True:
        keep: set[str] = set()
        for step in STEPS:
            if step.applies(answers, today):
                keep.update(FIELDS[step.name])
        kept = {key: value for key, value in answers.items() if key in keep}
        if kept == answers:
            return kept
        answers = kept


FIELDS: dict[str, tuple[str, ...]] = {
    "kind": ("kind",),
    "area": ("service_area", "housing"),
    "reported": ("reported_before",),
    "service-request": ("complain_anyway",),
    "tenure": ("tenure",),
    "hazard": ("hazard", "at_risk"),
    "details": ("description", "praised"),
    "evidence": ("evidence_seen",),  # the files themselves are kept with the draft (tracker.attachments)
    "when": ("happened", "happened_day_known", "happened_typed", "still_happening"),
    "late": ("late_seen", "late_reason"),
    "outcome": ("outcome_wanted",),
    "behalf": ("on_behalf",),
    "behalf-details": (
        "behalf_name",
        "behalf_relationship",
        "behalf_address",
        "behalf_postcode",
        "consent_basis",
        "consent_reason",
    ),
    "contact": ("contact_method", "name", "email", "phone", "address", "postcode"),
    "home-address": ("home_address", "home_postcode"),
    "adjustments": (
        "adjustments_seen",
        "formats",
        "interpreter_language",
        "adjustments_other",
        "adjustments_for",
    ),
}
