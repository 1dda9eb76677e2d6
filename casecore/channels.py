"""How a case reached the council (policy 7.0: any channel), and the resident's tenure."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    ONLINE = "online"
    PHONE = "phone"
    LETTER = "letter"
    EMAIL = "email"
    IN_PERSON = "in_person"
    COUNCILLOR = "councillor"
    MP = "mp"
    LINKED = "linked"  # a further issue after a response, logged by staff as a new complaint (policy 7.4)


class Tenure(StrEnum):
    """Asked on every housing case. The regulator reports CH01 and CH02 for low-cost rental accommodation
    (council tenants) and low-cost home ownership (shared owners) separately; leaseholders are neither."""

    TENANT = "tenant"  # low-cost rental accommodation (LCRA)
    SHARED_OWNER = "shared_owner"  # low-cost home ownership (LCHO)
    LEASEHOLDER = "leaseholder"
    OTHER = "other"
    UNKNOWN = "unknown"  # the resident did not know, or was not asked (a case logged before tenure was)

    @property
    def group(self) -> str | None:
        """The regulator's group: 'lcra', 'lcho' or None (counted in neither)."""
        return {Tenure.TENANT: "lcra", Tenure.SHARED_OWNER: "lcho"}.get(self)


TSM_GROUPS = ("lcra", "lcho")


class Consent(StrEnum):
    """When someone complains for a resident (policy 7.1, s.10): on what footing they act for them."""

    AGREED = "agreed"  # the resident has agreed
    AUTHORITY = "authority"  # legal authority: a lasting power of attorney, a deputy, an appointee
    CANNOT = "cannot"  # the resident cannot agree (the reason is recorded, and a manager decides)

    @property
    def confirmed(self) -> bool:
        """The advocate may act for the resident without a further decision."""
        return self is not Consent.CANNOT
