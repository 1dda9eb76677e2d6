"""The export's fast queries (grouped along the indexes of migration 0013, never sorting a period's rows)
give exactly what a straightforward count over every case gives: hand-built cases of every kind, status,
procedure, tenure and outcome, with missing values, inside and outside the period, on both of SQLite's
plans (with the planner's statistics and without)."""

from __future__ import annotations

import random
import statistics
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from flask import Flask

from casecore.channels import Tenure
from casecore.figures import OUTCOMES
from casecore.periods import Period
from casecore.procedures import Regime
from casecore.states import Kind, Status
from sitekit.sitedata import load_site_data
from tracker.db import database
from tracker.export import figures
from tracker.models import Case

SITE = load_site_data(Path("content"))
YEAR = Period.parse("2026/27")
AREAS = list(SITE.service_areas)


def _seed(count: int) -> list[dict[str, Any]]:
    """Cases spread over the year and the months either side, with every field the export groups by."""
    rng = random.Random(15)
    rows = []
    for n in range(count):
        area = rng.choice(AREAS)
        received = date(2026, 2, 1) + timedelta(days=rng.randrange(480))
        responded = received + timedelta(days=rng.randint(3, 40)) if rng.random() < 0.8 else None
        rows.append(
            {
                "reference": f"T{n:011d}",
                "kind": rng.choice(
                    [Kind.COMPLAINT.value] * 6 + [Kind.COMPLIMENT.value, Kind.SUGGESTION.value]
                ),
                "service_area": area,
                # now and then a procedure other than the area's (changed since), or one no longer known
                "procedure": rng.choice([SITE.service_areas[area].procedure] * 8 + ["housing", "gone"]),
                "status": rng.choice(
                    [Status.CLOSED.value, Status.RESPONDED.value, Status.SERVICE_REQUEST.value, "received"]
                ),
                "language": "en",
                "received": received,
                "description": "x",
                "tenure": rng.choice([*(tenure.value for tenure in Tenure), None]),
                "acknowledged": received + timedelta(days=rng.randint(0, 9)) if rng.random() < 0.9 else None,
                "ack_on_time": rng.choice([True, False, None]),
                "responded": responded,
                "stage1_on_time": rng.choice([True, False, None]) if responded else None,
                "stage1_days": rng.choice([rng.randint(1, 30), None]) if responded else None,
                "outcome": rng.choice([*OUTCOMES, None, "withdrawn"]) if responded else None,
            }
        )
    return rows


def _by_hand(rows: list[dict[str, Any]], period: Period) -> dict[str, Any]:
    """The same figures, counted one case at a time in Python, straight from the rules."""
    regime_of = {pid: procedure.regime for pid, procedure in SITE.procedures.items()}
    group_of = {tenure.value: tenure.group for tenure in Tenure}
    inside = lambda day: day is not None and period.start <= day <= period.end  # noqa: E731
    found: dict[str, Any] = {"compliments": 0, "suggestions": 0, "service_requests": 0, "statutory": [0, 0]}
    for regime in (Regime.HOUSING_CODE, Regime.LGSCO_CODE):
        found[regime] = {"received": 0, "ack": [0, 0], "responses": [0, 0], "outcomes": {}, "days": []}
    found["tenure"] = {group: {"received": 0, "responses": [0, 0]} for group in ("lcra", "lcho")}
    found["areas"] = {area: {"received": 0, "responses": [0, 0]} for area in AREAS}
    for row in rows:
        regime = regime_of.get(row["procedure"], Regime.STATUTORY)
        complaint = row["kind"] == Kind.COMPLAINT.value
        group = group_of.get(row["tenure"]) if regime == Regime.HOUSING_CODE else None
        if inside(row["received"]):
            if row["kind"] == Kind.COMPLIMENT.value:
                found["compliments"] += 1
            elif row["kind"] == Kind.SUGGESTION.value:
                found["suggestions"] += 1
            elif row["status"] == Status.SERVICE_REQUEST.value:
                found["service_requests"] += 1
            else:
                found["areas"][row["service_area"]]["received"] += 1
                if regime == Regime.STATUTORY:
                    found["statutory"][0] += 1
                else:
                    found[regime]["received"] += 1
                    if group:
                        found["tenure"][group]["received"] += 1
        if complaint and inside(row["acknowledged"]) and regime != Regime.STATUTORY:
            found[regime]["ack"][0] += bool(row["ack_on_time"])
            found[regime]["ack"][1] += 1
        if complaint and inside(row["responded"]):
            if regime == Regime.STATUTORY:
                found["statutory"][1] += 1
                continue
            block, on_time = found[regime], bool(row["stage1_on_time"])
            block["responses"][0] += on_time
            block["responses"][1] += 1
            if row["outcome"] in OUTCOMES:
                block["outcomes"][row["outcome"]] = block["outcomes"].get(row["outcome"], 0) + 1
            if row["stage1_days"] is not None:
                block["days"].append(row["stage1_days"])
            if regime_of.get(SITE.service_areas[row["service_area"]].procedure) != Regime.STATUTORY:
                found["areas"][row["service_area"]]["responses"][0] += on_time
                found["areas"][row["service_area"]]["responses"][1] += 1
            if group:
                found["tenure"][group]["responses"][0] += on_time
                found["tenure"][group]["responses"][1] += 1
    return found


def _compare(computed: dict[str, Any], hand: dict[str, Any]) -> None:
    for name in ("compliments", "suggestions", "service_requests"):
        assert computed[name] == hand[name], name
    assert [computed["statutory"]["received"], computed["statutory"]["responded"]] == hand["statutory"]
    for regime, block in ((Regime.HOUSING_CODE, computed), (Regime.LGSCO_CODE, computed["council"])):
        mine = hand[regime]
        assert block["stage1_received"] == mine["received"]
        assert [block["acknowledged"]["within"], block["acknowledged"]["total"]] == mine["ack"]
        assert [block["stage1_responses"]["in_time"], block["stage1_responses"]["total"]] == mine["responses"]
        assert block["stage1_outcomes"] == {outcome: mine["outcomes"].get(outcome, 0) for outcome in OUTCOMES}
        assert block["median_days"]["stage1"] == (statistics.median(mine["days"]) if mine["days"] else None)
    for group, counted in hand["tenure"].items():
        shown = computed["tenure"][group]
        assert shown["stage1_received"] == counted["received"], group
        assert [shown["stage1_responses"]["in_time"], shown["stage1_responses"]["total"]] == counted[
            "responses"
        ]
    for area, counted in hand["areas"].items():
        shown = computed["by_service_area"][area]
        assert shown["received"] == counted["received"], area
        if "responses" in shown:
            assert [shown["responses"]["in_time"], shown["responses"]["total"]] == counted["responses"], area


def test_the_grouped_queries_equal_a_count_by_hand_on_either_plan(tracker: Flask) -> None:
    rows = _seed(900)
    periods = [YEAR, *(Period.parse(f"2026/27 Q{n}") for n in range(1, 5))]
    with tracker.app_context():
        Case.insert_many(rows).execute()
        hand = {period.id: _by_hand(rows, period) for period in periods}
        assert hand[YEAR.id][Regime.HOUSING_CODE]["days"], "the sample has stage 1 responses in the year"
        for period in periods:
            _compare(figures(period, SITE), hand[period.id])
        if database.obj.__class__.__name__.startswith("Sqlite"):
            database.execute_sql("ANALYZE")  # the statistics that let SQLite skip from group to group
            for period in periods:
                _compare(figures(period, SITE), hand[period.id])


def test_sqlite_never_sorts_a_periods_responses(tracker: Flask) -> None:
    """The year's responses are grouped along the index, in its order: no temporary B-tree to sort them."""
    from tracker import export

    seen: list[str] = []
    with tracker.app_context():
        if not database.obj.__class__.__name__.startswith("Sqlite"):
            return
        Case.insert_many(_seed(200)).execute()
        execute = database.obj.execute_sql

        def explained(sql: str, params: Any = None, *args: Any, **kwargs: Any) -> Any:
            if "INDEXED BY" in sql:
                plan = execute("EXPLAIN QUERY PLAN " + sql, params).fetchall()
                seen.append(" / ".join(str(step[-1]) for step in plan))
            return execute(sql, params, *args, **kwargs)

        database.obj.execute_sql = explained
        try:
            export.figures(YEAR, SITE)
        finally:
            del database.obj.execute_sql
    assert len(seen) == 4, seen
    assert all("TEMP B-TREE" not in plan for plan in seen), seen
