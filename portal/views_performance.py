"""The performance pages: an index of periods, a page per quarter and year with tables, charts and
downloads, the annual self-assessment, and an Atom feed of publications."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from flask import Blueprint, Flask, Response, abort, render_template
from flask_babel import gettext

from sitekit.i18n import current_language, format_number, format_rate, format_share
from sitekit.sitedata import pick

from . import performance
from .annual import AnnualReport
from .charts import bar_chart
from .performance import (
    FEWER_THAN_5,
    NO_EARLIER_FIGURE,
    NOT_APPLICABLE,
    NOT_MEASURED,
    NOTHING_TO_COUNT,
    Measure,
    Publication,
    Table,
    headlines,
    tables,
)
from .performance_words import COLUMNS, HEADLINE_SCOPE, MEANINGS, MEASURES, ROUNDING_RULE, ROWS, RULES, TABLES
from .state import state

bp = Blueprint("performance", __name__, url_prefix="/<lang>/performance")
downloads = Blueprint("downloads", __name__, url_prefix="/performance")
FORMATS = ("csv", "json")
TABLE_IDS = (
    "headlines",
    "regulator",
    "council",
    "outcomes",
    "service_areas",
    "statutory",
    "not_accepted",
    "feedback",
)


def _publication(slug: str, years: bool = False) -> Publication:
    """A published period by its slug; with `years`, also a year added up from its four quarters (its
    annual report's downloads)."""
    for publication in state().publications:
        if publication.period.slug == slug:
            return publication
    for report in state().annual_reports if years else []:
        if report.year.slug == slug:
            return report.publication  # type: ignore[no-any-return]
    abort(404)


def _quarter_medians(report: AnnualReport) -> list[tuple[str, Measure, Measure]]:
    """Each quarter's median working days to respond at stage 1 and 2: medians do not add up to a year's."""
    found = []
    for quarter in report.quarters:
        values = {m.key: m for m in headlines(quarter, {})}
        found.append((quarter.period.id, values["stage1_median_days"], values["stage2_median_days"]))
    return found


def shown(value: float | str | None, kind: str, hidden: bool = False) -> str:
    """A figure as the reader sees it, in their locale; 'fewer than 5' where it is suppressed."""
    if value == NOT_APPLICABLE:
        return str(gettext("does not apply"))
    if value == NOT_MEASURED:
        return str(gettext("not measured against a code"))
    if isinstance(value, str):
        return value
    if value is None:
        if hidden and kind in ("rate", "share"):  # "fewer than 5" in a rate's cell reads as a value
            return str(gettext("not published: fewer than 5 complaints"))
        return gettext("fewer than 5") if hidden else "\u2013"
    if kind == "share":
        return format_share(value)
    if kind == "rate":
        return format_rate(value)
    return format_number(value)


def _area_names() -> dict[str, str]:
    lang = current_language().code
    return {area_id: pick(area.name, lang) for area_id, area in state().site.service_areas.items()}


def _period_label(publication: Publication) -> str:
    from babel.dates import format_date

    locale = current_language().locale
    start = format_date(publication.period.start, "MMMM y", locale=locale)
    end = format_date(publication.period.end, "MMMM y", locale=locale)
    return f"{start} \u2013 {end}"


@bp.route("/")
def index() -> str:
    publications = sorted(state().publications, key=lambda p: p.period.start, reverse=True)
    return render_template(
        "views/performance/index.html",
        publications=publications,
        label=_period_label,
        assessment=bool(state().self_assessment),
        annual_reports=list(reversed(state().annual_reports)),
    )


@bp.route("/<slug>/")
def period(slug: str) -> str:
    publication = _publication(slug)
    if publication.source == "annual-report":
        return render_template("views/performance/annual.html", publication=publication, label=_period_label)
    names = _area_names()
    measures: list[Measure] = headlines(publication, state().by_period)
    found: list[Table] = tables(publication, names)
    by_id = {table.id: table for table in found}
    outcomes, areas = by_id["outcomes"], by_id["service_areas"]
    rtl, lang = current_language().rtl, current_language().code
    charts = {
        "outcomes": bar_chart(
            "chart-outcomes",
            str(gettext("Outcomes at stage 1 only")),
            [(str(ROWS[row[0]]), row[1], shown(row[1], "count", True)) for row in outcomes.rows],
            rtl,
            lang,
        ),
        "service_areas": bar_chart(
            "chart-areas",
            str(TABLES["service_areas"]),
            [(row[0], row[1], shown(row[1], "count", True)) for row in areas.rows],
            rtl,
            lang,
        ),
    }
    return render_template(
        "views/performance/period.html",
        publication=publication,
        measures=measures,
        tables=found,
        charts=charts,
        shown=shown,
        label=_period_label,
        MEASURES=MEASURES,
        TABLES=TABLES,
        COLUMNS=COLUMNS,
        ROWS=ROWS,
        RULES=RULES,
        MEANINGS=MEANINGS,
        ROUNDING_RULE=ROUNDING_RULE,
        HEADLINE_SCOPE=HEADLINE_SCOPE,
        formats=FORMATS,
    )


@bp.route("/self-assessment/")
def self_assessment() -> str:
    if not state().self_assessment:
        abort(404)
    return render_template(
        "views/performance/self_assessment.html",
        provisions=state().self_assessment,
        procedure_names=_procedure_names(),
    )


def _procedure_names() -> dict[str, str]:
    lang = current_language().code
    return {pid: pick(procedure.name, lang) for pid, procedure in state().site.procedures.items()}


def _annual(slug: str) -> AnnualReport:
    for report in state().annual_reports:
        if report.year.slug == slug:
            return report  # type: ignore[no-any-return]
    abort(404)


@bp.route("/<slug>/annual-report/")
def annual_report(slug: str) -> str:
    report = _annual(slug)
    publication = report.publication
    names = _area_names()
    by_id = {table.id: table for table in tables(publication, names)}
    regulator = performance.regulator(report.figures)
    return render_template(
        "views/performance/annual_report.html",
        report=report,
        publication=publication,
        measures=headlines(publication, state().by_period),
        medians=_quarter_medians(report),
        MEASURES=MEASURES,
        MEANINGS=MEANINGS,
        ROUNDING_RULE=ROUNDING_RULE,
        formats=FORMATS,
        TABLE_IDS=TABLE_IDS,
        tables=by_id,
        together=regulator,
        provisions=state().self_assessment,
        procedure_names=_procedure_names(),
        texts=state().annual_texts.get(report.year.slug),
        shown=shown,
        label=_period_label,
        TABLES=TABLES,
        COLUMNS=COLUMNS,
        ROWS=ROWS,
        RULES=RULES,
    )


def _english_name(procedure_id: str) -> str:
    procedure = state().site.procedures.get(procedure_id)
    return procedure.name.get("en", procedure_id) if procedure else procedure_id


def document_url(document: str) -> str:
    """A published document's address, from a self-assessment row's `documents` entry (English pages)."""
    base = state().config.site_url.rstrip("/")
    slug, _, anchor = document.partition("#")
    return f"{base}/en/{slug}/" + (f"#{anchor}" if anchor else "")


@downloads.route("/<slug>/housing-ombudsman-submission.csv")
def submission(slug: str) -> Response:
    """The Housing Ombudsman's annual submission: yes or no per provision, with links to the documents."""
    report = _annual(slug)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["provision", "requirement", "complies", "evidence", "commentary", "documents"])
    own = document_url(f"performance/{report.year.slug}/annual-report")
    for row in state().self_assessment:
        commentary = " ".join(
            [row.commentary.get("en", "")]
            + [
                f"Gap: our {pid} procedure: {gap.step}: {gap.ours}; the code: {gap.code}."
                for pid, gap in row.gaps
            ]
        ).strip()
        links = [document_url(document) for document in row.documents]
        writer.writerow(
            [
                row.provision,
                row.requirement["en"],
                "yes" if row.meets else "no",
                row.evidence["en"],
                commentary,
                " ".join([*links, own] if row.provision.startswith("8.") else links),
            ]
        )
    return Response(out.getvalue(), mimetype="text/csv")


@bp.route("/feed.xml")
def feed() -> Response:
    publications = sorted(state().publications, key=lambda p: p.period.start, reverse=True)
    base = state().config.site_url
    xml = render_template(
        "views/performance/feed.xml", publications=publications, base=base, label=_period_label
    )
    return Response(xml, mimetype="application/xml")  # what a static host serves a .xml file as


def _rows(publication: Publication, table_id: str) -> tuple[list[str], list[list[Any]], list[str]]:
    """A table with English headings and plain values, for the downloads, and each row's note saying why
    its empty cells (None) are empty."""
    if table_id == "headlines":
        measures = headlines(publication, state().by_period)
        return (
            ["measure", "value", "previous", "year_before"],
            [[m.key, m.value, m.previous, m.year_before] for m in measures],
            [_headline_note(m) for m in measures],
        )
    for table in tables(publication, {k: a.name["en"] for k, a in state().site.service_areas.items()}):
        if table.id == table_id:
            return table.columns, table.rows, [_note(row) for row in table.rows]
    abort(404)


# The downloads' rules for an empty cell and for rounding, said in each file: a CSV's empty cell is
# explained in its row's note, as fewer than 5 or as not measured against a code (social care).
CSV_NOTE = "an empty cell is not published: fewer than 5, so that no resident can be identified"
NOT_MEASURED_NOTE = (
    "an empty cell in responded and in_time_share is not measured: social care complaints follow their "
    "own statutory procedure, never a code's timescales"
)
EMPTY_CELLS = "an empty cell is explained in this column: fewer than 5, or not measured against a code"
# The headlines' empty cells: this period's figure hidden or with nothing to count, or an earlier period's
# (the previous quarter, a year before) hidden, with nothing to count, or never published.
HEADLINE_REASONS = (
    f"'{FEWER_THAN_5}', so that no resident can be identified; '{NO_EARLIER_FIGURE}' for that period (or "
    f"none comparable: real figures are never compared with sample ones); or '{NOTHING_TO_COUNT}' (a share "
    "or a median of no responses)"
)
HEADLINE_EMPTY_CELLS = f"an empty cell is explained in this column: {HEADLINE_REASONS}"
ROUNDING = "shares are fractions rounded to 4 decimal places; rates per 1,000 homes to 2 decimal places"


def _plain(cell: Any) -> Any:
    """A cell of a download: a share or a rate rounded (0.7528, not 0.7528089887640449)."""
    return round(cell, 4) if isinstance(cell, float) else cell


def _headline_note(measure: Measure) -> str:
    """Why a headline row's empty cells are empty, columns with the same reason together: 'value: fewer
    than 5, not published; previous and year_before: no earlier figure published'."""
    columns: dict[str, list[str]] = {}
    for column, why in measure.empty_cells().items():
        columns.setdefault(why, []).append(column)
    return "; ".join(
        f"{' and '.join([', '.join(names[:-1]), names[-1]] if len(names) > 1 else names)}: {why}"
        for why, names in columns.items()
    )


def _note(row: list[Any]) -> str:
    """What a CSV row's empty cells mean, if it has any."""
    notes = [CSV_NOTE] if None in row[1:] else []
    if NOT_MEASURED in row[1:]:
        notes.append(NOT_MEASURED_NOTE)
    return "; ".join(notes)


@downloads.route("/<slug>/<table_id>.<fmt>")
def download(slug: str, table_id: str, fmt: str) -> Response:
    publication = _publication(slug, years=True)
    if fmt not in FORMATS or publication.source == "annual-report":
        abort(404)
    columns, rows, notes = _rows(publication, table_id)
    headline = table_id == "headlines"
    if fmt == "json":
        explained: dict[str, Any] = (
            {
                "note": f"null is explained in the row's entry in notes: {HEADLINE_REASONS}; {ROUNDING}",
                "notes": notes,
            }
            if headline
            else {
                "note": "null means fewer than 5, not published so that no resident can be identified; "
                + ROUNDING
            }
        )
        body = json.dumps(
            {
                "period": publication.period.id,
                "source": publication.source,
                "table": table_id,
                "columns": columns,
                "rows": [[_plain(cell) for cell in row] for row in rows],
                **explained,
            },
            indent=1,
            ensure_ascii=False,
        )
        return Response(body, mimetype="application/json")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*columns, f"note ({HEADLINE_EMPTY_CELLS if headline else EMPTY_CELLS}; {ROUNDING})"])
    writer.writerows(
        [*["" if cell is None or cell == NOT_MEASURED else _plain(cell) for cell in row], note]
        for row, note in zip(rows, notes, strict=True)
    )
    return Response(out.getvalue(), mimetype="text/csv")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(downloads)

    @app.context_processor
    def performance_link() -> dict[str, Any]:
        return {
            "has_performance": bool(state().publications),
            "has_self_assessment": bool(state().self_assessment),
        }


def expected(codes: tuple[str, ...]) -> list[tuple[str, dict[str, str], str | None]]:
    """Every performance URL the build must write: (endpoint, values, language)."""
    found: list[tuple[str, dict[str, str], str | None]] = []
    portal = state()
    for lang in codes:
        found.append(("performance.index", {"lang": lang}, lang))
        found.append(("performance.feed", {"lang": lang}, lang))
        if portal.self_assessment:
            found.append(("performance.self_assessment", {"lang": lang}, lang))
        found.extend(
            ("performance.annual_report", {"lang": lang, "slug": r.year.slug}, lang)
            for r in portal.annual_reports
        )
        found.extend(
            ("performance.period", {"lang": lang, "slug": p.period.slug}, lang) for p in portal.publications
        )
    found.extend(
        ("downloads.submission", {"slug": report.year.slug}, None)
        for report in portal.annual_reports
        if portal.self_assessment
    )
    published = {publication.period.slug for publication in portal.publications}
    years = [report.publication for report in portal.annual_reports if report.year.slug not in published]
    for publication in [*portal.publications, *years]:
        if publication.source == "annual-report":
            continue
        for table_id in ("headlines", *(table.id for table in tables(publication, {}))):
            found.extend(
                (
                    "downloads.download",
                    {"slug": publication.period.slug, "table_id": table_id, "fmt": fmt},
                    None,
                )
                for fmt in FORMATS
            )
    return found
