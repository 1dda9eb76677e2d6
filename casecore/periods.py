"""Reporting periods in the council's financial year, the year the regulator works in.

`2026/27` is the year 1 April 2026 to 31 March 2027; `2026/27 Q1` is its first quarter, April to June 2026
(Q2 July to September, Q3 October to December, Q4 January to March 2027). The same periods are written in
file names and web addresses as `2026-27` and `2026-27-q1`; both forms are accepted wherever a period is
typed. The calendar names used before (`2026-Q2` for April to June) are refused with the name to type
instead, because `2026-Q2` read as a financial quarter would be July to September.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

# 2026/27, 2026-27 (a year); 2026/27 Q1, 2026/27-Q1, 2026-27-q1 (a quarter). Upper case before matching.
_NAME = re.compile(r"^(\d{4})[/-](\d{2})(?:[ -]Q([1-4]))?$")
_CALENDAR_QUARTER = re.compile(r"^(\d{4}) ?-? ?Q([1-4])$")
_EXAMPLES = 'a financial year like 2026/27 or a quarter like "2026/27 Q1" (in file names 2026-27-q1)'


class PeriodKind(StrEnum):
    QUARTER = "quarter"
    YEAR = "year"


class PeriodError(ValueError):
    """A period name that cannot be read; the message says what to type."""


def _year_name(first: int) -> str:
    return f"{first}/{(first + 1) % 100:02d}"


def _quarter_start(first: int, quarter: int) -> date:
    month = 4 + 3 * (quarter - 1)
    return date(first + (month - 1) // 12, (month - 1) % 12 + 1, 1)


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # inclusive
    id: str  # "2026/27" or "2026/27 Q1": what pages and files call it
    kind: PeriodKind

    @classmethod
    def year(cls, first: int) -> Period:
        """The financial year starting on 1 April of `first`."""
        return cls(date(first, 4, 1), date(first + 1, 3, 31), _year_name(first), PeriodKind.YEAR)

    @classmethod
    def quarter(cls, first: int, quarter: int) -> Period:
        """Quarter 1 to 4 of the financial year starting in `first`."""
        if not 1 <= quarter <= 4:
            raise PeriodError(f"a financial year has quarters 1 to 4, not {quarter}")
        start = _quarter_start(first, quarter)
        end = (_quarter_start(first + 1, 1) if quarter == 4 else _quarter_start(first, quarter + 1)) - (
            timedelta(days=1)
        )
        return cls(start, end, f"{_year_name(first)} Q{quarter}", PeriodKind.QUARTER)

    @classmethod
    def parse(cls, text: str) -> Period:
        typed = " ".join(str(text).split()).upper()
        if match := _NAME.match(typed):
            first, second, quarter = int(match.group(1)), int(match.group(2)), match.group(3)
            if (first + 1) % 100 != second:
                raise PeriodError(
                    f"'{text}' is not a financial year: the second year must follow the first, as in "
                    f"{_year_name(first)}"
                )
            return cls.quarter(first, int(quarter)) if quarter else cls.year(first)
        if match := _CALENDAR_QUARTER.match(typed):
            calendar_year, calendar_quarter = int(match.group(1)), int(match.group(2))
            start = date(calendar_year, 3 * calendar_quarter - 2, 1)
            same = cls.containing(start, PeriodKind.QUARTER)
            raise PeriodError(
                f"'{text}' is a calendar quarter, and periods are now named by the financial year: "
                f'{start:%B} to {same.end:%B %Y} is "{same.id}" (file name {same.slug})'
            )
        raise PeriodError(f"'{text}' is not a period: write {_EXAMPLES}")

    @property
    def slug(self) -> str:
        """The name in file names and web addresses: 2026-27, 2026-27-q1."""
        return self.id.replace("/", "-").replace(" ", "-").lower()

    @property
    def first_year(self) -> int:
        """The calendar year the financial year starts in: 2026 for 2026/27 and each of its quarters."""
        return self.start.year if self.start.month >= 4 else self.start.year - 1

    @property
    def financial_year(self) -> Period:
        return Period.year(self.first_year)

    @property
    def number(self) -> int | None:
        """1 to 4 for a quarter, None for a year."""
        if self.kind == PeriodKind.YEAR:
            return None
        return (self.start.month - 4) % 12 // 3 + 1

    def quarters(self) -> list[Period]:
        """The four quarters of a year; a quarter is its own only quarter."""
        if self.kind == PeriodKind.QUARTER:
            return [self]
        return [Period.quarter(self.first_year, n) for n in (1, 2, 3, 4)]

    def previous(self) -> Period:
        """The quarter or year just before."""
        return self.containing(self.start - timedelta(days=1), self.kind)

    def a_year_before(self) -> Period:
        return self.containing(self.start.replace(year=self.start.year - 1), self.kind)

    @classmethod
    def containing(cls, day: date, kind: str = PeriodKind.QUARTER) -> Period:
        first = day.year if day.month >= 4 else day.year - 1
        if kind == PeriodKind.YEAR:
            return cls.year(first)
        return cls.quarter(first, (day.month - 4) % 12 // 3 + 1)

    def is_complete(self, today: date) -> bool:
        return self.end < today
