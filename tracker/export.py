"""Export a period's figures from the cases, by SQL aggregation, to a file the comms team reviews and the
portal publishes: `tracker-export "2026/27 Q1"` (a quarter) or `tracker-export 2026/27` (a financial year).

How each figure is counted (also printed at the top of every file):
- which code: each service's procedure names its regime (content/site/procedures.yaml). The headline
  figures, CH01 and CH02 count complaints under the Housing Ombudsman's Complaint Handling Code only (the
  council as landlord). The council's other services are in their own block ("council") against the Local
  Government and Social Care Ombudsman's code. Statutory social care complaints are counted on their own
  ("statutory") and never against a code's timescales. Compliments and suggestions are not complaints;
- service requests: first reports handled as service requests, counted on their own, never as complaints;
- received (stage 1): complaints received in the period, less those handled as service requests;
  stage 2: requests for stage 2 made in the period;
- CH01, per 1,000 homes: for council tenants (low-cost rental, "lcra") and shared owners (low-cost home
  ownership, "lcho") separately and together, complaints from residents of that tenure received in the
  period, times 1,000, over the homes of that tenure that year (content/site/homes.yaml). Leaseholders,
  other residents and those whose tenure is not known are in neither;
- acknowledged within 5 working days: acknowledgements made in the period; one sent after the 5th working
  day after receipt is late, even though the response clock then runs from it, as the Code says;
- CH02, responded within the Code's timescales: of the responses sent in the period, those sent by the
  Code's due date (10 working days from the acknowledgement at stage 1, 20 at stage 2), or by an extended
  date that was agreed on or before that due date and is within the Code's limit (10 more working days at
  stage 1, 20 at stage 2). The tracker refuses a later or longer extension; any recorded otherwise does not
  count. A complaint received in one period and answered in the next counts as received in the first and
  responded in the second;
- median working days: from receipt (stage 1) or the stage 2 request to the response;
- open and overdue at the end: complaints received by the last day and not closed by then; overdue when the
  response due date in force had passed without a response, whatever the channel it arrived by;
- compliments by service: compliments received in the period, by the service praised;
- suggestions answered: suggestions answered in the period, by what came of them: used, or not used (with
  the reason given to the resident);
- promised remedies and actions (every code): those due in the period, done by their due date, done after
  it, or not done by the time of the export; one given in a response letter itself (an apology or an
  explanation due by the letter's date, tracker.remedies.given_on) counts as done on that letter's date;
  one whose date an officer changed (tracker.remedies.change_due) is counted against the earliest date it
  was ever due (tracker.remedies.counted_due), in that date's period: moved later, against the date first
  promised, so a later date cannot turn a late completion into one on time; moved earlier, the new date;
- survey at closure: answers given in the period to the one-question survey sent when a complaint closes
  (a share of residents who gave an email, SURVEY_SHARE), by score from 1 (very dissatisfied) to 5 (very
  satisfied). It is a transactional survey at closure, NOT the regulator's TP09, which comes from the
  tenant perception survey. Fewer than 5 answers: nothing about them is published.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import click
import yaml
from peewee import SQL, SqliteDatabase, fn
from peewee import Case as PeeweeCase

from casecore.channels import TSM_GROUPS, Tenure
from casecore.figures import DETERMINATIONS, NOT_ACCEPTED_REASONS, OUTCOMES
from casecore.periods import Period
from casecore.procedures import Regime
from casecore.states import Kind, Status
from sitekit.sitedata import SiteData

from . import remedies, survey
from .models import Case

COMPLAINT = Case.kind == Kind.COMPLAINT.value
GROUP_OF = {tenure.value: tenure.group for tenure in Tenure}


def _between(column: Any, period: Period) -> Any:
    return (column >= period.start) & (column <= period.end)


def _count(*conditions: Any) -> int:
    return int(Case.select(fn.COUNT(SQL("*"))).where(*conditions).scalar() or 0)


def _rows(columns: Iterable[Any], *conditions: Any) -> list[tuple[Any, ...]]:
    """One GROUP BY over `columns`: (value, …, count) rows. Every figure is built from a few of these."""
    columns = list(columns)
    query = Case.select(*columns, fn.COUNT(SQL("*"))).where(*conditions).group_by(*columns)
    return list(query.tuples())  # type: ignore[arg-type]


def _grouped(index: str, columns: Iterable[Any], *conditions: Any) -> list[tuple[Any, ...]]:
    """Like _rows, read on SQLite along `index` (migration 0013), whose leading columns are `columns` and
    whose last is the date in `conditions`: the groups come out in the index's order, so SQLite never sorts
    the period's rows (with statistics it skips from group to group; without, it reads the index once).
    A year at a million cases: about 0.2 s where sorting took 0.9 s. Other databases plan it themselves."""
    columns = list(columns)
    query = Case.select(*columns, fn.COUNT(SQL("*"))).where(*conditions).group_by(*columns)
    db = Case._meta.database
    if not isinstance(getattr(db, "obj", db), SqliteDatabase):
        return list(query.tuples())  # type: ignore[arg-type]
    sql, params = query.sql()
    table = 'FROM "cases" AS "t1"'
    assert sql.count(table) == 1, sql
    sql = sql.replace(table, f'{table} INDEXED BY "{index}"')
    return [tuple(row) for row in db.execute_sql(sql, params).fetchall()]


def _median(histogram: Counter[int]) -> float | None:
    """The median from counts per number of days: the middle one, or the mean of the middle two."""
    total = sum(histogram.values())
    if not total:
        return None
    wanted = [(total - 1) // 2, total // 2]
    values: list[int] = []
    seen = 0
    for days in sorted(histogram):
        seen += histogram[days]
        while wanted and wanted[0] < seen:
            values.append(days)
            wanted.pop(0)
    return sum(values) / len(values)


def _part() -> dict[str, int]:
    return {"in_time": 0, "total": 0}


def _block() -> dict[str, Any]:
    return {
        "stage1_received": 0,
        "stage2_received": 0,
        "acknowledged": {"within": 0, "total": 0},
        "stage1_responses": _part(),
        "stage2_responses": _part(),
        "stage1_outcomes": dict.fromkeys(OUTCOMES, 0),
        "stage2_outcomes": dict.fromkeys(OUTCOMES, 0),
        "median_days": {"stage1": None, "stage2": None},
    }


def _open_and_overdue(period: Period) -> tuple[int, int]:
    """Complaints open at the end (received by then, not closed by then) and, of those, overdue: the
    response due date in force had passed with no response by then, at stage 1 or at stage 2.

    Counted from the cases not closed by the end, found by `closed` (still open, or closed later), on an
    index that holds every date the question reads: never from every case received before."""
    end = period.end
    overdue = ((Case.responded.is_null() | (Case.responded > end)) & (Case.stage1_due < end)) | (
        Case.escalation_requested.is_null(False)
        & (Case.escalation_requested <= end)
        & (Case.stage2_responded.is_null() | (Case.stage2_responded > end))
        & (Case.stage2_due < end)
    )
    still_open, late = 0, 0
    for not_closed in (Case.closed.is_null(), Case.closed > end):
        query = Case.select(fn.COUNT(SQL("*")), fn.SUM(PeeweeCase(None, [(overdue, 1)], 0))).where(
            not_closed, COMPLAINT, Case.received <= end
        )
        counts: tuple[int | None, int | None] = query.tuples().get()  # type: ignore[assignment]
        still_open += int(counts[0] or 0)
        late += int(counts[1] or 0)
    return still_open, late


def figures(period: Period, site: SiteData) -> dict[str, Any]:
    regime_of = {pid: procedure.regime for pid, procedure in site.procedures.items()}
    statutory_areas = {
        area.id for area in site.service_areas.values() if regime_of.get(area.procedure) == Regime.STATUTORY
    }
    blocks = {Regime.HOUSING_CODE: _block(), Regime.LGSCO_CODE: _block()}
    tenure: dict[str, dict[str, Any]] = {
        group: {
            "stage1_received": 0,
            "stage2_received": 0,
            "stage1_responses": _part(),
            "stage2_responses": _part(),
        }
        for group in TSM_GROUPS
    }
    statutory = {"received": 0, "responded": 0}
    areas: dict[str, dict[str, Any]] = {
        area: {"received": 0} if area in statutory_areas else {"received": 0, "responses": _part()}
        for area in site.service_areas
    }
    counts = {"compliments": 0, "suggestions": 0, "service_requests": 0}

    # Received in the period.
    received = _grouped(
        "cases_export_arrived",
        (Case.procedure, Case.kind, Case.status, Case.tenure, Case.service_area),
        _between(Case.received, period),
    )
    for procedure, kind, status, tenure_value, area, n in received:
        if kind == Kind.COMPLIMENT:
            counts["compliments"] += n
            continue
        if kind == Kind.SUGGESTION:
            counts["suggestions"] += n
            continue
        if status == Status.SERVICE_REQUEST:
            counts["service_requests"] += n
            continue
        regime = regime_of.get(procedure, Regime.STATUTORY)
        if area in areas:
            areas[area]["received"] += n
        if regime == Regime.STATUTORY:
            statutory["received"] += n
            continue
        blocks[regime]["stage1_received"] += n
        group = GROUP_OF.get(tenure_value) if regime == Regime.HOUSING_CODE else None
        if group:
            tenure[group]["stage1_received"] += n

    # Stage 1 responses sent in the period.
    histograms = {regime: (Counter[int](), Counter[int]()) for regime in blocks}
    answered = _grouped(
        "cases_export_answered",
        (Case.procedure, Case.kind, Case.tenure, Case.service_area, Case.stage1_on_time),
        _between(Case.responded, period),
    )
    for procedure, kind, tenure_value, area, on_time, n in answered:
        regime = regime_of.get(procedure, Regime.STATUTORY)
        if kind != Kind.COMPLAINT:
            continue
        if regime == Regime.STATUTORY:
            statutory["responded"] += n
            continue
        block = blocks[regime]
        in_time = n if on_time else 0
        block["stage1_responses"]["total"] += n
        block["stage1_responses"]["in_time"] += in_time
        if area in areas and "responses" in areas[area]:
            areas[area]["responses"]["total"] += n
            areas[area]["responses"]["in_time"] += in_time
        group = GROUP_OF.get(tenure_value) if regime == Regime.HOUSING_CODE else None
        if group:
            tenure[group]["stage1_responses"]["total"] += n
            tenure[group]["stage1_responses"]["in_time"] += in_time
    for procedure, kind, outcome, days, n in _grouped(
        "cases_export_days",
        (Case.procedure, Case.kind, Case.outcome, Case.stage1_days),
        _between(Case.responded, period),
    ):
        regime = regime_of.get(procedure, Regime.STATUTORY)
        if kind != Kind.COMPLAINT or regime not in blocks:
            continue
        if outcome in blocks[regime]["stage1_outcomes"]:
            blocks[regime]["stage1_outcomes"][outcome] += n
        if days is not None:
            histograms[regime][0][int(days)] += n

    # Stage 2 requests and responses in the period.
    for procedure, tenure_value, n in _rows(
        (Case.procedure, Case.tenure), COMPLAINT, _between(Case.escalation_requested, period)
    ):
        regime = regime_of.get(procedure, Regime.STATUTORY)
        if regime in blocks:
            blocks[regime]["stage2_received"] += n
            group = GROUP_OF.get(tenure_value) if regime == Regime.HOUSING_CODE else None
            if group:
                tenure[group]["stage2_received"] += n
    for procedure, tenure_value, on_time, outcome, days, n in _rows(
        (Case.procedure, Case.tenure, Case.stage2_on_time, Case.stage2_outcome, Case.stage2_days),
        COMPLAINT,
        _between(Case.stage2_responded, period),
    ):
        regime = regime_of.get(procedure, Regime.STATUTORY)
        if regime not in blocks:
            continue
        block = blocks[regime]
        in_time = n if on_time else 0
        block["stage2_responses"]["total"] += n
        block["stage2_responses"]["in_time"] += in_time
        if outcome in block["stage2_outcomes"]:
            block["stage2_outcomes"][outcome] += n
        if days is not None:
            histograms[regime][1][int(days)] += n
        group = GROUP_OF.get(tenure_value) if regime == Regime.HOUSING_CODE else None
        if group:
            tenure[group]["stage2_responses"]["total"] += n
            tenure[group]["stage2_responses"]["in_time"] += in_time

    # Acknowledgements (stage 1) made in the period.
    for procedure, kind, on_time, n in _grouped(
        "cases_export_acked",
        (Case.procedure, Case.kind, Case.ack_on_time),
        _between(Case.acknowledged, period),
    ):
        regime = regime_of.get(procedure, Regime.STATUTORY)
        if kind == Kind.COMPLAINT and regime in blocks:
            blocks[regime]["acknowledged"]["total"] += n
            blocks[regime]["acknowledged"]["within"] += n if on_time else 0
    for regime, (stage1, stage2) in histograms.items():
        blocks[regime]["median_days"] = {"stage1": _median(stage1), "stage2": _median(stage2)}

    open_at_end, overdue_at_end = _open_and_overdue(period)
    not_accepted = dict.fromkeys(NOT_ACCEPTED_REASONS, 0)
    for code, n in _rows(
        (Case.not_accepted_code,),
        COMPLAINT,
        Case.status == Status.NOT_ACCEPTED.value,
        _between(Case.closed, period),
    ):
        if code in not_accepted:
            not_accepted[code] += n
    determinations = dict.fromkeys(DETERMINATIONS, 0)
    for name, n in _rows((Case.ombudsman_determination,), _between(Case.ombudsman_determined, period)):
        if name in determinations:
            determinations[name] += n
    compliments_by_service = dict.fromkeys(site.service_areas, 0)
    for area, n in _rows(
        (Case.service_area,), Case.kind == Kind.COMPLIMENT.value, _between(Case.received, period)
    ):
        if area in compliments_by_service:
            compliments_by_service[area] += n
    suggestions_answered = {"used": 0, "not_used": 0}
    for used, n in _rows(
        (Case.suggestion_used,),
        Case.kind == Kind.SUGGESTION.value,
        _between(Case.responded, period),
        Case.suggestion_used.is_null(False),
    ):
        suggestions_answered["used" if used else "not_used"] += n
    satisfaction = survey.figures(period.start, period.end)
    promised = remedies.figures(period.start, period.end)["all"]
    housing = blocks[Regime.HOUSING_CODE]
    return {
        **housing,
        "open_at_end": open_at_end,
        "overdue_at_end": overdue_at_end,
        "not_accepted": not_accepted,
        "compliments": counts["compliments"],
        "suggestions": counts["suggestions"],
        "service_requests": counts["service_requests"],
        "ombudsman": {
            "referrals": _count(_between(Case.ombudsman_referred, period)),
            "determinations": determinations,
        },
        "tenure": tenure,
        "council": blocks[Regime.LGSCO_CODE],
        "statutory": statutory,
        "by_service_area": areas,
        "compliments_by_service": compliments_by_service,
        "suggestions_answered": suggestions_answered,
        "survey_at_closure": {"scores": {str(k): v for k, v in satisfaction.scores.items()}},
        "remedies": {
            "due": promised.due,
            "on_time": promised.on_time,
            "late": promised.late,
            "not_done": promised.not_done,
        },
    }


def document(
    period: Period, figures_: dict[str, Any], homes: dict[str, int], source: str, today: date
) -> str:
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


def homes_for(period: Period, site: SiteData, typed: str | None) -> dict[str, int] | str:
    """Homes per tenure group for the period's financial year, or the problem in words."""
    if typed:
        parts = typed.split(",")
        if len(parts) != 2 or not all(part.strip().isdigit() for part in parts):
            return f"--homes '{typed}': give the low-cost rental and shared ownership homes, like 4590,210"
        return dict(zip(TSM_GROUPS, (int(part) for part in parts), strict=True))
    year = period.financial_year.id
    if year not in site.homes:
        return f"content/site/homes.yaml has no line for {year}: add one, or give --homes LCRA,LCHO"
    return dict(site.homes[year])


@click.command("tracker-export")
@click.argument("period")
@click.option(
    "--homes",
    default=None,
    help="homes that year as LCRA,LCHO (for example 4590,210); default: content/site/homes.yaml",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="folder (default content/performance/; with --source sample, instance/sample-performance/)",
)
@click.option("--source", type=click.Choice(["tracker", "sample"]), default="tracker", show_default=True)
@click.option("--force", is_flag=True, help="replace an existing file")
def main(period: str, homes: str | None, out: Path | None, source: str, force: bool) -> None:
    """Export a financial year (2026/27) or one of its quarters ("2026/27 Q1", or 2026-27-q1) to
    content/performance/<period>.yaml, for the comms team to review and publish."""
    from sitekit.sitedata import load_site_data

    from . import clock
    from .config import INSTANCE, TrackerConfig
    from .db import bind

    config = TrackerConfig.from_env()
    try:
        chosen = Period.parse(period)
    except ValueError as problem:
        raise click.BadParameter(str(problem), param_hint="PERIOD") from None
    today = clock.today()
    if not chosen.is_complete(today) and source != "sample":
        raise click.UsageError(f"{chosen.id} has not ended yet (it ends on {chosen.end.isoformat()})")
    published = Path(config.content_dir) / "performance"
    # Sample figures go where `make run` reads them, never into the folder that is published.
    out = out or (INSTANCE / "sample-performance" if source == "sample" else published)
    if source == "sample" and out.resolve() == published.resolve():
        raise click.UsageError(
            f"sample figures are never written to {published}, which is published: "
            "leave out --out (they go to instance/sample-performance/) or choose another folder"
        )
    target = out / f"{chosen.slug}.yaml"
    if target.exists() and not force:
        raise click.UsageError(
            f"{target} exists already: it may hold reviewed narrative. Use --force to replace it."
        )
    site = load_site_data(Path(config.content_dir))
    counts = homes_for(chosen, site, homes)
    if isinstance(counts, str):
        raise click.UsageError(counts)
    db = bind(config.database_url)
    with db.connection_context():
        samples = Case.select().where(Case.sample).count()
        if samples and source != "sample":
            raise click.UsageError(
                f"the database holds {samples} sample cases generated by tracker-demo, so its figures are "
                "not real and are not exported as real ones. To export them as sample data, which the pages "
                "label 'Sample data', add --source sample: they go to instance/sample-performance/, where "
                "make run reads them."
            )
        computed = figures(chosen, site)
    out.mkdir(parents=True, exist_ok=True)
    target.write_text(document(chosen, computed, counts, source, today), encoding="utf-8")
    received, escalated = computed["stage1_received"], computed["stage2_received"]
    click.echo(f"wrote {target}: {received} complaints received, {escalated} at stage 2")


if __name__ == "__main__":
    main()
