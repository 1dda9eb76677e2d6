"""Published performance: figure files under content/performance/ (and, for a demonstration, generated
sample files), checked with the file and line of every problem, and turned into the tables pages show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from casecore.feedback import satisfaction
from casecore.figures import OUTCOMES, check, per_thousand, share, suppressed
from casecore.periods import Period
from sitekit.errors import ContentError, ContentErrors
from sitekit.yamlfile import LineDict, load_yaml

from . import narrative

SOURCES = ("tracker", "sample", "annual-report")
NOT_APPLICABLE = "n/a"  # a cell where no figure applies (no homes of that tenure)
NOT_MEASURED = "not measured"  # a statutory service: its complaints are counted, never against a code
DASH = "\u2013"  # a cell with nothing to count


@dataclass
class Publication:
    period: Period
    source: str
    path: Path
    data: LineDict
    homes: dict[str, int] = field(default_factory=dict)  # per tenure group: lcra, lcho
    exported: date | None = None  # when the tracker wrote the file (`exported:`): when it was published

    @property
    def updated(self) -> date:
        """When the publication appeared, for the feed: the day its figures were exported. A file without
        `exported` (the council's own annual report) is dated by the end of its period."""
        return self.exported or self.period.end

    @property
    def sample(self) -> bool:
        return self.source == "sample"

    @property
    def figures(self) -> dict[str, Any]:
        found = self.data.get("figures")
        return found if isinstance(found, dict) else {}


def _line(data: Any, path: tuple[str, ...]) -> int:
    """The line of the deepest key on `path` that the file has."""
    line = data.line if isinstance(data, LineDict) else 1
    node = data
    for key in path:
        if not isinstance(node, LineDict):
            break
        line = node.line_of(key)
        node = node.get(key)
    return line


def _check_annual(data: LineDict, path: Path) -> list[ContentError]:
    errors = []
    for key in ("headlines", "tables"):
        if not isinstance(data.get(key), list):
            errors.append(
                ContentError(path, data.line_of(key), f"an annual report file needs a list '{key}'")
            )
    for table in data.get("tables") or []:
        if not isinstance(table, LineDict):
            continue
        columns, rows = table.get("columns"), table.get("rows")
        if not isinstance(columns, list) or not isinstance(rows, list):
            errors.append(ContentError(path, table.line, "a table needs 'columns' and 'rows'"))
            continue
        for number, row in enumerate(rows):
            if not isinstance(row, list) or len(row) != len(columns):
                errors.append(
                    ContentError(
                        path,
                        table.line_of("rows"),
                        f"row {number + 1} of table '{table.get('id')}' does not have {len(columns)} cells",
                    )
                )
    return errors


def _exported(data: LineDict, path: Path) -> tuple[date | None, list[ContentError]]:
    """The file's `exported:` date (YAML gives a date, or a string when quoted), or the problem."""
    value = data.get("exported")
    if value is None:
        return None, []
    if isinstance(value, date):
        return value, []
    try:
        return date.fromisoformat(str(value)), []
    except ValueError:
        return None, [ContentError(path, data.line_of("exported"), "exported is a date, like 2026-10-14")]


def load(folder: Path, today: date, sample_folder: Path | None = None) -> list[Publication]:
    """Every publication, oldest first. Raises ContentErrors listing every problem in every file."""
    errors: list[ContentError] = []
    found: dict[str, Publication] = {}
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    samples = sorted(sample_folder.glob("*.yaml")) if sample_folder and sample_folder.is_dir() else []
    for path in [*files, *samples]:
        try:
            data = load_yaml(path)
        except ContentError as problem:
            errors.append(problem)
            continue
        if not isinstance(data, LineDict):
            errors.append(ContentError(path, 1, "a figure file is fields like 'period: 2026/27 Q1'"))
            continue
        problems = []
        for key in ("period", "source"):
            if key not in data:
                problems.append(ContentError(path, 1, f"missing field '{key}'"))
        try:
            period = Period.parse(str(data.get("period", "")))
        except ValueError as wrong:
            problems.append(ContentError(path, data.line_of("period"), str(wrong)))
            errors.extend(problems)
            continue
        source = data.get("source")
        if source not in SOURCES:
            problems.append(
                ContentError(path, data.line_of("source"), f"source must be one of {', '.join(SOURCES)}")
            )
        if period.start > today:
            problems.append(ContentError(path, data.line_of("period"), f"{period.id} is in the future"))
        if path.stem != period.slug:
            problems.append(
                ContentError(
                    path, data.line_of("period"), f"the file for {period.id} must be named {period.slug}.yaml"
                )
            )
        if source in ("tracker", "sample"):
            homes = data.get("homes")
            if not (
                isinstance(homes, dict)
                and all(isinstance(homes.get(g), int) and homes[g] >= 0 for g in ("lcra", "lcho"))
                and homes["lcra"] + homes["lcho"] > 0
            ):
                problems.append(
                    ContentError(
                        path,
                        data.line_of("homes"),
                        "homes must give the homes of each tenure, like 'homes: {lcra: 4590, lcho: 210}'",
                    )
                )
            for issue in check(data):
                problems.append(ContentError(path, _line(data, issue.path), issue.message))
        elif source == "annual-report":
            problems.extend(_check_annual(data, path))
        problems.extend(narrative.check(data, path))
        exported, wrong_date = _exported(data, path)
        problems.extend(wrong_date)
        if period.id in found:
            if found[period.id].sample and source != "sample":
                del found[period.id]  # real figures win over sample ones
            elif source == "sample":
                continue
            else:
                problems.append(
                    ContentError(
                        path,
                        data.line_of("period"),
                        f"{period.id} is published twice: also in {found[period.id].path.name}",
                    )
                )
        errors.extend(problems)
        if not problems:
            homes = data.get("homes")
            found[period.id] = Publication(
                period, str(source), path, data, dict(homes) if isinstance(homes, dict) else {}, exported
            )
    if errors:
        raise ContentErrors(errors)
    return sorted(found.values(), key=lambda publication: (publication.period.start, publication.period.kind))


# Why a headline cell is empty, as the downloads say it (the page shows "fewer than 5" or a dash).
FEWER_THAN_5 = "fewer than 5, not published"
NOTHING_TO_COUNT = "nothing to count"
NO_EARLIER_FIGURE = "no earlier figure published"


@dataclass(frozen=True)
class Measure:
    """One headline row: a count or a share, with its change on the previous period and a year before."""

    key: str
    value: float | None
    kind: str  # "count", "share", "rate" or "days"
    previous: float | None = None
    year_before: float | None = None
    suppressed: bool = False
    # Why `previous` and `year_before` are empty, when they are: one of the three reasons above.
    previous_empty: str = NO_EARLIER_FIGURE
    year_before_empty: str = NO_EARLIER_FIGURE

    @property
    def previous_suppressed(self) -> bool:
        return self.previous is None and self.previous_empty == FEWER_THAN_5

    @property
    def year_before_suppressed(self) -> bool:
        return self.year_before is None and self.year_before_empty == FEWER_THAN_5

    def empty_cells(self) -> dict[str, str]:
        """Each empty cell's column, with why it is empty."""
        found = {}
        if self.value is None:
            found["value"] = FEWER_THAN_5 if self.suppressed else NOTHING_TO_COUNT
        if self.previous is None:
            found["previous"] = self.previous_empty
        if self.year_before is None:
            found["year_before"] = self.year_before_empty
        return found


def regulator(figures: dict[str, Any]) -> dict[str, Any]:
    """CH01 and CH02 for low-cost rental and low-cost home ownership together: the sum of the two groups."""
    groups = [figures["tenure"][group] for group in ("lcra", "lcho")]
    return {
        "stage1_received": sum(g["stage1_received"] for g in groups),
        "stage2_received": sum(g["stage2_received"] for g in groups),
        **{
            name: {part: sum(g[name][part] for g in groups) for part in ("in_time", "total")}
            for name in ("stage1_responses", "stage2_responses")
        },
    }


def _headline_values(
    figures: dict[str, Any], homes: dict[str, int]
) -> dict[str, tuple[float | None, str, bool]]:
    together = regulator(figures)
    all_homes = homes.get("lcra", 0) + homes.get("lcho", 0)
    s1, s2 = figures["stage1_received"], figures["stage2_received"]
    t1, t2 = together["stage1_received"], together["stage2_received"]
    ack, r1, r2 = figures["acknowledged"], together["stage1_responses"], together["stage2_responses"]

    def count(n: int) -> tuple[float | None, str, bool]:
        return suppressed(n), "count", suppressed(n) is None

    def ratio(part: int, whole: int) -> tuple[float | None, str, bool]:
        value = share(part, whole)
        return value, "share", value is None and whole > 0

    medians = figures.get("median_days") or {}
    return {
        "stage1_received": count(s1),
        "stage2_received": count(s2),
        "stage1_per_1000": (
            per_thousand(t1, all_homes) if suppressed(t1) is not None else None,
            "rate",
            suppressed(t1) is None,
        ),
        "stage2_per_1000": (
            per_thousand(t2, all_homes) if suppressed(t2) is not None else None,
            "rate",
            suppressed(t2) is None,
        ),
        "acknowledged_in_time": ratio(ack["within"], ack["total"]),
        "stage1_in_time": ratio(r1["in_time"], r1["total"]),
        "stage2_in_time": ratio(r2["in_time"], r2["total"]),
        "escalation_rate": ratio(s2, s1),
        "stage1_median_days": (
            medians.get("stage1") if figures["stage1_responses"]["total"] >= 5 else None,
            "days",
            0 < figures["stage1_responses"]["total"] < 5,
        ),
        "stage2_median_days": (
            medians.get("stage2") if figures["stage2_responses"]["total"] >= 5 else None,
            "days",
            0 < figures["stage2_responses"]["total"] < 5,
        ),
        "open_at_end": count(figures["open_at_end"]),
        "overdue_at_end": count(figures["overdue_at_end"]),
    }


def comparable(publication: Publication, other: Publication | None) -> Publication | None:
    """`other` if its figures may stand beside `publication`'s: real figures are never compared with sample
    ones (`make run` publishes sample quarters around real ones), nor sample ones with real."""
    return other if other is not None and other.sample == publication.sample else None


def headlines(publication: Publication, by_id: dict[str, Publication]) -> list[Measure]:
    now = _headline_values(publication.figures, publication.homes)
    before = comparable(publication, by_id.get(publication.period.previous().id))
    last_year = comparable(publication, by_id.get(publication.period.a_year_before().id))
    compare = {
        name: _headline_values(other.figures, other.homes) if other and other.figures else {}
        for name, other in (("previous", before), ("year_before", last_year))
    }

    def earlier(name: str, key: str) -> tuple[float | None, str]:
        """An earlier period's figure, or None with why: not published then, or hidden, or nothing."""
        if key not in compare[name]:
            return None, NO_EARLIER_FIGURE
        value, _, hidden = compare[name][key]
        return value, FEWER_THAN_5 if hidden else NOTHING_TO_COUNT

    found = []
    for key, (value, kind, hidden) in now.items():
        (previous, previous_empty), (year_before, year_before_empty) = (
            earlier("previous", key),
            earlier("year_before", key),
        )
        found.append(
            Measure(key, value, kind, previous, year_before, hidden, previous_empty, year_before_empty)
        )
    return found


@dataclass(frozen=True)
class Table:
    id: str
    columns: list[str]  # keys of column headings
    rows: list[list[Any]] = field(
        default_factory=list
    )  # first cell: a row heading key; then counts or shares
    shares: frozenset[str] = frozenset()  # row keys whose cells are shares
    rates: frozenset[str] = frozenset()  # row keys whose cells are rates per 1,000 homes

    def kind(self, row_key: str, column: str) -> str:
        """How a cell is shown: a share, a rate or a count."""
        if row_key in self.shares or column == "in_time_share":
            return "share"
        return "rate" if row_key in self.rates else "count"


def _share_cell(part: int, whole: int) -> float | str | None:
    """A share for a table: a dash when there was nothing to count, None when it would identify someone."""
    return DASH if whole == 0 else share(part, whole)


def tables(publication: Publication, area_names: dict[str, str]) -> list[Table]:
    figures = publication.figures
    outcomes = Table(
        "outcomes",
        ["outcome", "stage1", "stage2"],
        [
            [name, suppressed(figures["stage1_outcomes"][name]), suppressed(figures["stage2_outcomes"][name])]
            for name in OUTCOMES
        ],
    )
    areas = Table(
        "service_areas",
        ["service", "received", "responded", "in_time_share"],
        [
            [
                area_names.get(area, area),
                suppressed(counts["received"]),
                *(
                    [
                        suppressed(counts["responses"]["total"]),
                        _share_cell(counts["responses"]["in_time"], counts["responses"]["total"]),
                    ]
                    if "responses" in counts
                    else [NOT_MEASURED, NOT_MEASURED]  # statutory: counted, never against a code
                ),
            ]
            for area, counts in figures["by_service_area"].items()
        ],
    )
    not_accepted = Table(
        "not_accepted",
        ["reason", "count"],
        [[reason, suppressed(count)] for reason, count in figures["not_accepted"].items()],
    )
    ombudsman = figures["ombudsman"]
    feedback = Table(
        "feedback",
        ["measure", "count"],
        [
            ["compliments", suppressed(figures["compliments"])],
            ["suggestions", suppressed(figures["suggestions"])],
            ["ombudsman_referrals", suppressed(ombudsman["referrals"])],
            *[
                [f"determination_{name}", suppressed(count)]
                for name, count in ombudsman.get("determinations", {}).items()
            ],
        ],
    )
    answered = figures.get("suggestions_answered")
    if isinstance(answered, dict):
        feedback.rows[2:2] = [
            ["suggestions_used", suppressed(answered["used"])],
            ["suggestions_not_used", suppressed(answered["not_used"])],
        ]
    return [
        _regulator_table(figures, publication.homes),
        _council_table(figures["council"]),
        outcomes,
        areas,
        _statutory_table(figures["statutory"], figures["service_requests"]),
        not_accepted,
        feedback,
        *_later_tables(figures, area_names),
    ]


def _later_tables(figures: dict[str, Any], area_names: dict[str, str]) -> list[Table]:
    """Tables from figures the tracker began to export later (issue 12): only where the file has them."""
    found = []
    by_service = figures.get("compliments_by_service")
    if isinstance(by_service, dict):
        found.append(
            Table(
                "compliments",
                ["service", "count"],
                [[area_names.get(area, area), suppressed(n)] for area, n in by_service.items()],
            )
        )
    promised = figures.get("remedies")
    if isinstance(promised, dict):
        found.append(
            Table(
                "remedies",
                ["measure", "value"],
                [
                    ["remedies_due", suppressed(promised["due"])],
                    # counts, all four: the last three add up to those due, and read 0 when none were
                    ["remedies_on_time", suppressed(promised["on_time"])],
                    ["remedies_late", suppressed(promised["late"])],
                    ["remedies_not_done", suppressed(promised["not_done"])],
                ],
            )
        )
    survey = figures.get("survey_at_closure")
    if isinstance(survey, dict):
        result = satisfaction({int(score): n for score, n in survey["scores"].items()})
        found.append(
            Table(
                "survey",
                ["measure", "value"],
                [
                    ["survey_responses", suppressed(result.responses)],
                    ["survey_satisfied", result.share_satisfied if result.responses else DASH],
                    ["survey_mean", result.mean if result.responses else DASH],
                ],
                shares=frozenset({"survey_satisfied"}),
                rates=frozenset({"survey_mean"}),
            )
        )
    return found


def _regulator_table(figures: dict[str, Any], homes: dict[str, int]) -> Table:
    """CH01 and CH02 for low-cost rental, low-cost home ownership and the two together."""
    groups = {**figures["tenure"], "together": regulator(figures)}
    homes_of = {**homes, "together": homes.get("lcra", 0) + homes.get("lcho", 0)}
    columns = ("lcra", "lcho", "together")

    def rate(stage: str, group: str) -> float | str | None:
        count, all_homes = groups[group][f"{stage}_received"], homes_of.get(group, 0)
        if all_homes <= 0:
            return NOT_APPLICABLE
        return None if suppressed(count) is None else per_thousand(count, all_homes)

    def in_time(stage: str, group: str) -> float | str | None:
        part = groups[group][f"{stage}_responses"]
        return _share_cell(part["in_time"], part["total"])

    return Table(
        "regulator",
        ["measure", *columns],
        [
            ["homes", *[homes_of.get(group, 0) for group in columns]],
            ["ch01_stage1", *[rate("stage1", group) for group in columns]],
            ["ch01_stage2", *[rate("stage2", group) for group in columns]],
            ["ch02_stage1", *[in_time("stage1", group) for group in columns]],
            ["ch02_stage2", *[in_time("stage2", group) for group in columns]],
        ],
        shares=frozenset({"ch02_stage1", "ch02_stage2"}),
        rates=frozenset({"ch01_stage1", "ch01_stage2"}),
    )


def _council_table(block: dict[str, Any]) -> Table:
    """The council's other services against the Local Government and Social Care Ombudsman's code."""
    ack, r1, r2 = block["acknowledged"], block["stage1_responses"], block["stage2_responses"]
    return Table(
        "council",
        ["measure", "value"],
        [
            ["stage1_received", suppressed(block["stage1_received"])],
            ["stage2_received", suppressed(block["stage2_received"])],
            ["acknowledged_in_time", _share_cell(ack["within"], ack["total"])],
            ["stage1_in_time", _share_cell(r1["in_time"], r1["total"])],
            ["stage2_in_time", _share_cell(r2["in_time"], r2["total"])],
        ],
        shares=frozenset({"acknowledged_in_time", "stage1_in_time", "stage2_in_time"}),
    )


def _statutory_table(statutory: dict[str, Any], service_requests: int) -> Table:
    """Counts only: statutory complaints have no Code timescale, service requests are not complaints."""
    return Table(
        "statutory",
        ["measure", "count"],
        [
            ["statutory_received", suppressed(statutory["received"])],
            ["statutory_responded", suppressed(statutory["responded"])],
            ["service_requests", suppressed(service_requests)],
        ],
    )
