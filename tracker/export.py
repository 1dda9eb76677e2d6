"""Export a period's figures from the cases, by SQL aggregation, to a file the comms team reviews and the
portal publishes: `tracker-export "2026/27 Q1"` (a quarter) or `tracker-export 2026/27` (a financial year).

How each figure is counted (also printed at the top of every file):
- complaints received: complaints received in the period, less those dealt with as service requests;
  stage 2: requests for stage 2 made in the period;
- acknowledged within 5 working days: stage 1 acknowledgements made in the period, on time or not;
- responded within the Code's timescales (the Regulator of Social Housing's CH02): responses sent in the
  period by the due date in force. A response after an extension counts as in time when it was sent by the
  extended date: the tracker refuses any extension beyond the Code's limit (10 more working days at stage 1,
  20 at stage 2) and records the reason given to the resident, as the Code requires;
- per 1,000 homes (CH01): received counts times 1,000 over the homes managed that year (a setting);
- median working days: from receipt (stage 1) or the stage 2 request to the response;
- open and overdue at the end: received by the last day, not closed by then; overdue when its response
  due date in force had passed without a response.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from peewee import fn

from casecore.figures import DETERMINATIONS, NOT_ACCEPTED_REASONS, OUTCOMES
from casecore.periods import Period

from .models import Case

COMPLAINT = Case.kind == "complaint"
NOT_SERVICE_REQUEST = Case.status != "service_request"


def _between(column: Any, period: Period) -> Any:
    return (column >= period.start) & (column <= period.end)


def _count(*conditions: Any) -> int:
    return int(Case.select(fn.COUNT(Case.id)).where(*conditions).scalar() or 0)


def _grouped(column: Any, names: Iterable[str], *conditions: Any) -> dict[str, int]:
    rows = Case.select(column.alias("key"), fn.COUNT(Case.id).alias("n")).where(*conditions).group_by(column)
    found: dict[str, int] = {row["key"]: row["n"] for row in rows.dicts()}  # type: ignore[index]
    return {name: int(found.get(name, 0)) for name in names}


def _median(column: Any, *conditions: Any) -> float | None:
    """The median by SQL on both databases: the middle one or two rows in order."""
    count = _count(column.is_null(False), *conditions)
    if not count:
        return None
    middle = (
        Case.select(column.alias("v"))
        .where(column.is_null(False), *conditions)
        .order_by(column)
        .offset((count - 1) // 2)
        .limit(2 - count % 2)
    )
    values = [float(row["v"]) for row in middle.dicts()]  # type: ignore[index]
    return sum(values) / len(values)


def figures(period: Period, areas: Iterable[str]) -> dict[str, Any]:
    received = (COMPLAINT, NOT_SERVICE_REQUEST, _between(Case.received, period))
    answered1 = (COMPLAINT, _between(Case.responded, period))
    answered2 = (COMPLAINT, _between(Case.stage2_responded, period))
    acknowledged = (COMPLAINT, _between(Case.acknowledged, period))
    still_open = (
        COMPLAINT,
        Case.received <= period.end,
        (Case.closed.is_null()) | (Case.closed > period.end),
    )
    overdue = (
        (Case.responded.is_null() | (Case.responded > period.end)) & (Case.stage1_due < period.end)
    ) | (
        Case.escalation_requested.is_null(False)
        & (Case.escalation_requested <= period.end)
        & (Case.stage2_responded.is_null() | (Case.stage2_responded > period.end))
        & (Case.stage2_due < period.end)
    )
    by_area_received = _grouped(Case.service_area, areas, *received)
    by_area_answered = _grouped(Case.service_area, areas, *answered1)
    by_area_in_time = _grouped(Case.service_area, areas, *answered1, Case.stage1_on_time == True)  # noqa: E712
    return {
        "stage1_received": _count(*received),
        "stage2_received": _count(COMPLAINT, _between(Case.escalation_requested, period)),
        "acknowledged": {
            "within": _count(*acknowledged, Case.ack_on_time == True),  # noqa: E712
            "total": _count(*acknowledged),
        },
        "stage1_responses": {
            "in_time": _count(*answered1, Case.stage1_on_time),
            "total": _count(*answered1),
        },
        "stage2_responses": {
            "in_time": _count(*answered2, Case.stage2_on_time),
            "total": _count(*answered2),
        },
        "stage1_outcomes": _grouped(Case.outcome, OUTCOMES, *answered1),
        "stage2_outcomes": _grouped(Case.stage2_outcome, OUTCOMES, *answered2),
        "median_days": {
            "stage1": _median(Case.stage1_days, *answered1),
            "stage2": _median(Case.stage2_days, *answered2),
        },
        "open_at_end": _count(*still_open),
        "overdue_at_end": _count(*still_open, overdue),
        "not_accepted": _grouped(
            Case.not_accepted_code,
            NOT_ACCEPTED_REASONS,
            COMPLAINT,
            Case.status == "not_accepted",
            _between(Case.closed, period),
        ),
        "compliments": _count(Case.kind == "compliment", _between(Case.received, period)),
        "suggestions": _count(Case.kind == "suggestion", _between(Case.received, period)),
        "ombudsman": {
            "referrals": _count(_between(Case.ombudsman_referred, period)),
            "determinations": _grouped(
                Case.ombudsman_determination, DETERMINATIONS, _between(Case.ombudsman_determined, period)
            ),
        },
        "by_service_area": {
            area: {
                "received": by_area_received[area],
                "responses": {"in_time": by_area_in_time[area], "total": by_area_answered[area]},
            }
            for area in areas
        },
    }


def document(period: Period, figures_: dict[str, Any], homes: int, source: str, today: date) -> str:
    body = {
        "period": period.id,
        "source": source,
        "exported": today.isoformat(),
        "homes": homes,
        "figures": figures_,
        "narrative": {"learning": {"en": []}, "you_said_we_did": []},
    }
    how = "\n".join(f"# {line}".rstrip() for line in (__doc__ or "").strip().splitlines())
    header = (
        f"# Complaint figures for {period.id} ({period.start.isoformat()} to {period.end.isoformat()}),\n"
        "# computed by the tracker. Review them, write the narrative (learning; you said, we did), build.\n"
        "# Counts of 1 to 4 are published as 'fewer than 5'. Do not edit the figures by hand.\n#\n"
    )
    return header + how + "\n" + yaml.safe_dump(body, sort_keys=False, allow_unicode=True)


def main(argv: list[str] | None = None) -> int:
    from portal.sitedata import load_site_data

    from . import clock
    from .config import TrackerConfig
    from .db import bind

    parser = argparse.ArgumentParser(
        description='Export a financial year (2026/27) or one of its quarters ("2026/27 Q1", or 2026-27-q1).'
    )
    parser.add_argument("period")
    parser.add_argument(
        "--homes",
        type=int,
        default=int(__import__("os").environ.get("HOMES", "4800")),
        help="homes managed that year, for the rate per 1,000 homes (HOMES)",
    )
    parser.add_argument("--out", type=Path, default=None, help="folder (default content/performance/)")
    parser.add_argument("--source", choices=["tracker", "sample"], default="tracker")
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    args = parser.parse_args(argv)
    config = TrackerConfig.from_env()
    try:
        period = Period.parse(args.period)
    except ValueError as problem:
        parser.error(str(problem))
    today = clock.today()
    if not period.is_complete(today) and args.source != "sample":
        parser.error(f"{period.id} has not ended yet (it ends on {period.end.isoformat()})")
    out = args.out or Path(config.content_dir) / "performance"
    target = out / f"{period.slug}.yaml"
    if target.exists() and not args.force:
        parser.error(f"{target} exists already: it may hold reviewed narrative. Use --force to replace it.")
    site = load_site_data(Path(config.content_dir))
    db = bind(config.database_url)
    with db.connection_context():
        computed = figures(period, [area for area in site.service_areas])
    out.mkdir(parents=True, exist_ok=True)
    target.write_text(document(period, computed, args.homes, args.source, today), encoding="utf-8")
    received, escalated = computed["stage1_received"], computed["stage2_received"]
    print(f"wrote {target}: {received} complaints received, {escalated} at stage 2")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
