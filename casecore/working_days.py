"""Working days in England and Wales: weekends and bank holidays excluded.

Bank holidays come from the `holidays` package (substitute days and one-off holidays included, such as the
State Funeral on 19 September 2022 and the Coronation on 8 May 2023); England and Wales share one list.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache


class WorkingDays:
    """A calendar of working days. `add(day, n)` is the n-th working day after `day`."""

    def __init__(self, country: str = "GB", subdivision: str = "ENG") -> None:
        import holidays  # imported when a calendar is first needed (not by a site build that needs none)

        self._holidays = holidays.country_holidays(country, subdiv=subdivision)

    def holiday_name(self, day: date) -> str | None:
        name = self._holidays.get(day)
        return str(name) if name else None

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self._holidays

    def add(self, start: date, days: int) -> date:
        """The date `days` working days after `start`; `start` itself never counts, whatever day it is.

        So a complaint received on a Saturday, with 5 working days to acknowledge, is due on the Friday after.
        `add(start, 0)` is `start`.
        """
        if days < 0:
            raise ValueError("count forwards: days must be 0 or more")
        day = start
        remaining = days
        while remaining:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when `end` is before `start`).

        `between(d, add(d, n)) == n` for every d and n.
        """
        if end < start:
            return -self.between(end, start)
        return sum(
            1 for offset in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(offset))
        )

    def on_or_after(self, day: date) -> date:
        """`day` if it is a working day, else the next one."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day


@lru_cache(maxsize=1)
def england_and_wales() -> WorkingDays:
    return WorkingDays()
