"""Complaint procedures as data: the timescales a service area follows, and the rules every case shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from .working_days import WorkingDays


class Regime(StrEnum):
    """The code a procedure answers to (casecore.regimes has the codes' timescales and Ombudsmen)."""

    HOUSING_CODE = "housing-ombudsman-code"
    LGSCO_CODE = "lgsco-code"
    STATUTORY = "statutory"


class CountedFrom(StrEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    RECEIPT = "receipt"


@dataclass(frozen=True)
class Stage:
    respond: int  # working days to respond
    counted_from: CountedFrom
    extension: int | None = None  # the most further working days allowed, with a reason; None: none allowed


@dataclass(frozen=True)
class Procedure:
    id: str
    stages: tuple[Stage, ...] = ()
    acknowledge: int | None = (
        None  # working days from receipt (each stage); None: no separate acknowledgement
    )
    statutory: bool = False  # set by law elsewhere: timescales not managed here
    ombudsman: str | None = None  # the contact route to go to after the final response (from the regime)
    name: dict[str, str] = field(default_factory=dict)
    source: str = ""
    regime: Regime = Regime.HOUSING_CODE
    # statutory: what the law sets, in words, by service area then language (told when we acknowledge)
    timescales: dict[str, dict[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.statutory and self.regime != Regime.STATUTORY:
            object.__setattr__(self, "regime", Regime.STATUTORY)
        object.__setattr__(self, "statutory", self.regime == Regime.STATUTORY)

    def stage(self, number: int) -> Stage:
        if self.statutory or not 1 <= number <= len(self.stages):
            raise ValueError(f"procedure '{self.id}' has no stage {number}")
        return self.stages[number - 1]


@dataclass(frozen=True)
class EscalationWindow:
    """How long after a stage 1 response a resident may ask for stage 2 without the request being flagged.

    The policy gives two figures (7.6: 15 days; 7.4: one month from the full response). The default is the
    longer, one calendar month; a later request is accepted and flagged for discretion, never refused.
    A month that ends on a weekend or bank holiday runs to the next working day: the date we give the
    resident to ask by is always a day they can reach us.
    """

    months: int | None = 1
    working_days: int | None = None

    def closes(self, responded: date, calendar: WorkingDays) -> date:
        if self.working_days is not None:
            return calendar.on_or_after(calendar.add(responded, self.working_days))
        return calendar.on_or_after(add_months(responded, self.months or 0))

    @classmethod
    def parse(cls, text: str) -> EscalationWindow:
        """'1 month', '2 months' or '15 working days'."""
        words = text.strip().lower().split()
        if len(words) >= 2 and words[0].isdigit():
            number, unit = int(words[0]), " ".join(words[1:])
            if unit in ("month", "months") and number > 0:
                return cls(months=number)
            if unit in ("working day", "working days") and number > 0:
                return cls(months=None, working_days=number)
        raise ValueError(f"escalation window '{text}': write '1 month' or '15 working days'")


@dataclass(frozen=True)
class Rules:
    """The rules every case shares; each is a setting with the policy's figure as its default."""

    escalation_window: EscalationWindow = EscalationWindow()
    time_limit_months: int = 12  # policy 6.0, 7.5: older complaints are accepted on discretion, and flagged
    service_request_days: int = 10  # policy 4.24
    close_after_offer_days: int = 10  # policy 7.4: closed if no contact within 10 working days of an offer


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later, or the month's last day if it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def is_out_of_time(happened: date, received: date, rules: Rules | None = None, ongoing: bool = False) -> bool:
    """True when the problem happened more than the time limit (12 months) before the complaint arrived.
    A problem still happening when the complaint arrives is never out of time, however long ago it began:
    it is still happening within the limit (`happened` is then when it started)."""
    if ongoing:
        return False
    return happened < add_months(received, -(rules or Rules()).time_limit_months)
