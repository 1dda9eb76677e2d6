"""Reporting periods: calendar quarters (`2026-Q2` is 1 April to 30 June 2026) and financial years
(`2025-26` is 1 April 2025 to 31 March 2026)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date  # inclusive
    id: str
    kind: str  # "quarter" or "year"

    @classmethod
    def parse(cls, text: str) -> Period:
        text = text.strip().upper()
        if match := _QUARTER.match(text):
            year, quarter = int(match.group(1)), int(match.group(2))
            start = date(year, 3 * quarter - 2, 1)
            end = (date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)) - timedelta(
                days=1
            )
            return cls(start, end, f"{year}-Q{quarter}", "quarter")
        if (match := _YEAR.match(text)) and (int(match.group(1)) + 1) % 100 == int(match.group(2)):
            year = int(match.group(1))
            return cls(date(year, 4, 1), date(year + 1, 3, 31), f"{year}-{(year + 1) % 100:02d}", "year")
        raise ValueError(
            f"'{text}' is not a period: write a quarter like 2026-Q2 or a financial year like 2025-26"
        )

    @property
    def slug(self) -> str:
        return self.id.lower()

    def previous(self) -> Period:
        """The quarter or year just before."""
        return self.containing(self.start - timedelta(days=1), self.kind)

    def a_year_before(self) -> Period:
        return self.containing(self.start.replace(year=self.start.year - 1), self.kind)

    @classmethod
    def containing(cls, day: date, kind: str = "quarter") -> Period:
        if kind == "quarter":
            return cls.parse(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
        first = day.year if day.month >= 4 else day.year - 1
        return cls.parse(f"{first}-{(first + 1) % 100:02d}")

    def is_complete(self, today: date) -> bool:
        return self.end < today
