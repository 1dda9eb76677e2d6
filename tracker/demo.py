"""`tracker-demo`: on an empty database, generated sample cases over the last eight quarters, and their
figures exported to instance/sample-performance/ (never to content/), so the performance pages show
something from the first minute. `make run` calls it; the pages label these figures as sample data."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click

from casecore.channels import Tenure
from casecore.deadlines import CaseDates, deadlines
from casecore.figures import NOT_ACCEPTED_REASONS, OUTCOMES
from casecore.periods import Period
from casecore.procedures import Regime
from casecore.references import new_reference
from casecore.timeliness import acknowledged_in_time, responded_in_time
from casecore.working_days import england_and_wales
from sitekit.sitedata import load_site_data

from . import clock
from .config import INSTANCE, TrackerConfig
from .db import bind
from .export import document, figures
from .models import Case
from .procedures import procedure_named

SAMPLE_DIR = INSTANCE / "sample-performance"
SAMPLE_HOMES = {"lcra": 4600, "lcho": 200}  # for a year homes.yaml does not list yet


def quarters(today: date, count: int = 8) -> list[Period]:
    found = [Period.containing(today).previous()]
    while len(found) < count:
        found.append(found[-1].previous())
    return sorted(found)


def _case(rng: random.Random, received: date, area: Any, procedure: Any, today: date) -> dict[str, Any]:
    calendar = england_and_wales()
    kind = rng.choices(["complaint", "compliment", "suggestion"], [85, 10, 5])[0]
    row: dict[str, Any] = {
        "reference": new_reference(),
        "kind": kind,
        "service_area": area.id,
        "procedure": procedure.id,
        "status": "closed",
        "language": "en",
        "received": received,
        "channel": rng.choice(["online", "phone", "email"]),
        "description": "Sample case, generated for the demonstration.",
        "anonymous": True,
        "sample": True,  # tracker-export refuses to publish figures from sample cases as real ones
    }
    if procedure.regime == Regime.HOUSING_CODE:
        row["tenure"] = rng.choices(list(Tenure), [70, 6, 14, 5, 5])[0].value
    if kind != "complaint" or procedure.statutory:
        row["closed"] = calendar.add(received, 10)
        return row
    if rng.random() < 0.03:
        row.update(
            status="not_accepted",
            not_accepted_code=rng.choice(NOT_ACCEPTED_REASONS),
            closed=calendar.add(received, 3),
        )
        return row
    acknowledged = calendar.add(received, rng.choices([1, 2, 3, 4, 5, 6, 8], [20, 25, 20, 15, 10, 6, 4])[0])
    due = deadlines(procedure, CaseDates(received=received, acknowledged=acknowledged))
    assert due.stage1 is not None
    extended = due.stage1.extension_limit and rng.random() < 0.1
    extended_to = calendar.add(due.stage1.respond, rng.randint(3, 10)) if extended else None
    limit = extended_to or due.stage1.respond
    responded = calendar.add(acknowledged, rng.choices([4, 7, 9, 10, 12, 16], [15, 25, 25, 15, 12, 8])[0])
    if extended_to:
        responded = min(responded, extended_to)
    extended_on = acknowledged if extended_to else None
    row.update(
        acknowledged=acknowledged,
        ack_on_time=acknowledged_in_time(procedure.regime, received, acknowledged),
        extended_to=extended_to,
        extended_on=extended_on,
        responded=responded,
        outcome=rng.choices(OUTCOMES, [30, 35, 35])[0],
        stage1_on_time=responded_in_time(
            procedure.regime, 1, received, acknowledged, extended_to, extended_on, responded
        ),
        stage1_days=calendar.between(received, responded),
        stage1_due=limit,
    )
    if rng.random() < 0.12:
        asked = calendar.add(responded, rng.randint(2, 25))
        stage2_ack = calendar.add(asked, rng.randint(1, 6))
        due2 = deadlines(
            procedure,
            CaseDates(
                received=received,
                acknowledged=acknowledged,
                responded=responded,
                escalation_requested=asked,
                stage2_acknowledged=stage2_ack,
            ),
        ).stage2
        assert due2 is not None
        answered = calendar.add(stage2_ack, rng.choices([12, 18, 20, 24], [30, 40, 20, 10])[0])
        row.update(
            stage=2,
            escalation_requested=asked,
            stage2_acknowledged=stage2_ack,
            stage2_responded=answered,
            stage2_outcome=rng.choices(OUTCOMES, [25, 30, 45])[0],
            stage2_ack_on_time=acknowledged_in_time(procedure.regime, asked, stage2_ack),
            stage2_on_time=responded_in_time(procedure.regime, 2, asked, stage2_ack, None, None, answered),
            stage2_days=calendar.between(asked, answered),
            stage2_due=due2.respond_by,
        )
        if rng.random() < 0.2:
            row.update(ombudsman=procedure.ombudsman, ombudsman_referred=calendar.add(answered, 20))
        responded = answered
    closing = calendar.add(responded, 10)
    if closing > today:
        row.update(status="stage2_responded" if row.get("stage") == 2 else "responded", next_due=closing)
    else:
        row["closed"] = closing
    return row


def generate(today: date, seed: int = 2026, per_quarter: int = 320) -> int:
    site = load_site_data(Path(TrackerConfig().content_dir))
    rng = random.Random(seed)
    areas = list(site.service_areas.values())
    rows = []
    for period in quarters(today):
        days = (period.end - period.start).days + 1
        for _ in range(rng.randint(per_quarter - 60, per_quarter + 60)):
            area = rng.choice(areas)
            received = period.start + timedelta(days=rng.randrange(days))
            rows.append(_case(rng, received, area, procedure_named(area.procedure, site), today))
    # insert_many takes its columns from the first row: every row gets every key.
    keys = {key for row in rows for key in row}
    defaults = {"stage": 1}
    rows = [{key: row.get(key, defaults.get(key)) for key in sorted(keys)} for row in rows]
    for start in range(0, len(rows), 500):
        Case.insert_many(rows[start : start + 500]).execute()
    return len(rows)


@click.command("tracker-demo")
def main() -> None:
    """Fill an empty database with sample cases over the last 8 quarters and export their figures to
    instance/sample-performance/ (never to content/); does nothing when there are cases already."""
    config = TrackerConfig.from_env()
    db = bind(config.database_url)
    today = clock.today()
    with db.connection_context():
        if Case.select().exists():
            click.echo("the database has cases already: no sample data added")
            return
        made = generate(today)
        SAMPLE_DIR.mkdir(parents=True, exist_ok=True)
        site = load_site_data(Path(config.content_dir))
        for period in quarters(today):
            computed = figures(period, site)
            homes = site.homes.get(period.financial_year.id) or SAMPLE_HOMES
            (SAMPLE_DIR / f"{period.slug}.yaml").write_text(
                document(period, computed, homes, "sample", today)
            )
    click.echo(f"added {made} sample cases and exported 8 quarters of sample figures to {SAMPLE_DIR}")


if __name__ == "__main__":
    main()
