"""What a case can be decided to be, each list defined once: the outcome of a response (policy s.8), why a
complaint is not accepted (policy s.6) and what the Ombudsman determined. The database stores their values;
the forms, the timeline, the letters, the export, the figures' checks and the published words all read
these, and a test checks every words mapping covers exactly each list."""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """The decision of a stage 1 or stage 2 response."""

    UPHELD = "upheld"
    PARTIALLY_UPHELD = "partially_upheld"
    NOT_UPHELD = "not_upheld"


class NotAcceptedReason(StrEnum):
    """Why a complaint is outside the complaints procedure (policy s.6)."""

    TIME_LIMIT = "time_limit"
    LEGAL_PROCEEDINGS = "legal_proceedings"
    OTHER_PROCEDURE = "other_procedure"
    ALREADY_DECIDED = "already_decided"
    STAFF_MATTER = "staff_matter"
    OTHER = "other"


class Determination(StrEnum):
    """What the Ombudsman decided about a complaint referred to it."""

    MALADMINISTRATION = "maladministration"
    SERVICE_FAILURE = "service_failure"
    NO_MALADMINISTRATION = "no_maladministration"
    RESOLVED = "resolved"
    OUTSIDE_JURISDICTION = "outside_jurisdiction"


def values(codes: type[StrEnum]) -> tuple[str, ...]:
    """The stored codes of a list, as plain strings (for YAML files and messages), in its order."""
    return tuple(code.value for code in codes)


def is_one_of(codes: type[StrEnum], code: str | None) -> bool:
    """Whether a stored or submitted code is in the list (a plain string, so no ValueError to catch)."""
    return code in values(codes)
