"""Today's date in the UK, in one place so tests and demonstrations can set it.

With `TODAY=2026-12-15` (allowed only with `DEVELOPMENT` on) every page and command of the app takes that
day as today, so a day's reminders or a quarter's casework can be replayed without changing the machine's
time. Outside an app (or without TODAY) it is the real date in London."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

LONDON = ZoneInfo("Europe/London")


def today() -> date:
    if has_app_context():
        config = current_app.extensions.get("tracker")
        fixed = getattr(config, "fixed_today", None)
        if isinstance(fixed, date):
            return fixed
    return datetime.now(LONDON).date()
