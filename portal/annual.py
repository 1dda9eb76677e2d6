"""The annual complaints performance and service improvement report (policy 19.2 to 19.3) and the
self-assessment against the Complaint Handling Code it carries, one row per provision of the Code.

The year's figures are the sum of its four published quarters (every count is "in the period", so they add
up); what was open and overdue at the end is the fourth quarter's. A report is made for every financial year
whose four quarters are published. No Flask here: the views render what this returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casecore.periods import Period
from casecore.procedures import Procedure
from casecore.regimes import Gap, gaps
from sitekit.errors import ContentError, ContentErrors
from sitekit.yamlfile import LineDict, load_yaml

from .performance import Publication

TIMESCALES = ("acknowledgement", "stage 1", "stage 2", "stage 1 extension", "stage 2 extension")
AT_THE_END = ("open_at_end", "overdue_at_end")  # a snapshot on the last day, not a count over the period


@dataclass(frozen=True)
class Provision:
    """One row of the Ombudsman's self-assessment form."""

    provision: str  # the Code's number, "6.3"
    requirement: dict[str, str]
    complies: bool
    evidence: dict[str, str]
    commentary: dict[str, str]
    documents: tuple[str, ...] = ()
    timescale: str | None = None
    gaps: tuple[tuple[str, Gap], ...] = ()  # (procedure id, gap) where a council procedure is slower

    @property
    def section(self) -> str:
        return self.provision.split(".")[0]

    @property
    def meets(self) -> bool:
        """Comply yes or no, as published: a row with a gap does not comply, whatever the file says."""
        return self.complies and not self.gaps


def _texts(
    item: LineDict, key: str, path: Path, errors: list[ContentError], required: bool
) -> dict[str, str]:
    value = item.get(key)
    if value is None and not required:
        return {}
    if not isinstance(value, LineDict) or not isinstance(value.get("en"), str):
        errors.append(
            ContentError(path, item.line_of(key), f"'{key}' needs its English text, like '  en: …'")
        )
        return {"en": ""}
    return {lang: str(text) for lang, text in value.items()}


def load_self_assessment(path: Path, procedures: dict[str, Procedure] | None = None) -> list[Provision]:
    """content/self-assessment.yaml, checked with the line of every problem; gaps from the procedures."""
    if not path.exists():
        return []
    data = load_yaml(path)
    items = data.get("provisions") if isinstance(data, LineDict) else None
    if not isinstance(items, list):
        raise ContentErrors([ContentError(path, 1, "expected a list 'provisions' (one entry per provision)")])
    slower = [(pid, gap) for pid, procedure in (procedures or {}).items() for gap in gaps(procedure)]
    errors: list[ContentError] = []
    found: list[Provision] = []
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, LineDict):
            errors.append(
                ContentError(
                    path,
                    data.line_of("provisions"),
                    "each provision has provision, requirement, complies, evidence and documents",
                )
            )
            continue
        number = str(item.get("provision", ""))
        if not number or not number.split(".")[0].isdigit() or not 1 <= int(number.split(".")[0]) <= 9:
            errors.append(
                ContentError(
                    path,
                    item.line_of("provision"),
                    "provision must be a number like '6.3' in sections 1 to 9 of the Code",
                )
            )
        elif number in seen:
            errors.append(
                ContentError(path, item.line_of("provision"), f"provision {number} is listed twice")
            )
        seen.add(number)
        complies = item.get("complies")
        if not isinstance(complies, bool):
            errors.append(ContentError(path, item.line_of("complies"), "complies must be true or false"))
        documents = item.get("documents")
        if not isinstance(documents, list) or not documents or not all(isinstance(d, str) for d in documents):
            errors.append(
                ContentError(
                    path,
                    item.line_of("documents"),
                    "documents must list the published pages that show it, like [policy#stages]",
                )
            )
            documents = []
        timescale = item.get("timescale")
        if timescale is not None and timescale not in TIMESCALES:
            errors.append(
                ContentError(
                    path, item.line_of("timescale"), f"timescale must be one of: {', '.join(TIMESCALES)}"
                )
            )
        found.append(
            Provision(
                number,
                _texts(item, "requirement", path, errors, True),
                bool(complies),
                _texts(item, "evidence", path, errors, True),
                _texts(item, "commentary", path, errors, False),
                tuple(documents),
                timescale,
                tuple((pid, gap) for pid, gap in slower if timescale and gap.step == timescale),
            )
        )
    if errors:
        raise ContentErrors(errors)
    return found


def add_up(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """The sum of several periods' figures, key by key; medians are not added (they do not add up)."""
    total: dict[str, Any] = {}
    for key, value in parts[0].items():
        values = [part.get(key) for part in parts]
        if key == "median_days":
            total[key] = dict.fromkeys(value, None)
        elif isinstance(value, dict):
            total[key] = add_up([v if isinstance(v, dict) else {} for v in values])
        elif isinstance(value, int) and not isinstance(value, bool):
            total[key] = sum(v for v in values if isinstance(v, int))
        else:
            total[key] = value
    return total


@dataclass
class AnnualReport:
    year: Period
    quarters: list[Publication]
    figures: dict[str, Any]
    homes: dict[str, int]
    learning: list[dict[str, str]] = field(default_factory=list)  # one per quarter: {lang: [items]}
    you_said_we_did: list[Any] = field(default_factory=list)

    @property
    def sample(self) -> bool:
        return any(quarter.sample for quarter in self.quarters)

    @property
    def publication(self) -> Publication:
        """The year as a publication, for the same tables as a period page."""
        data = LineDict(figures=self.figures)
        data.key_lines = {}
        source = "sample" if self.sample else "tracker"
        return Publication(self.year, source, self.quarters[-1].path, data, self.homes)


def annual_reports(publications: list[Publication]) -> list[AnnualReport]:
    """A report for every financial year whose four quarters are published, oldest first."""
    by_id = {publication.period.id: publication for publication in publications}
    years = {
        p.period.financial_year.id: p.period.financial_year for p in publications if p.period.kind != "year"
    }
    found = []
    for year in sorted(years.values(), key=lambda period: period.start):
        quarters = [by_id.get(f"{year.id} Q{n}") for n in range(1, 5)]
        present = [q for q in quarters if q is not None and q.source in ("tracker", "sample")]
        if len(present) != 4:
            continue
        figures = add_up([q.figures for q in present])
        for key in AT_THE_END:
            figures[key] = present[-1].figures[key]
        report = AnnualReport(year, present, figures, dict(present[0].homes))
        for quarter in present:
            narrative = quarter.data.get("narrative") or {}
            if isinstance(narrative.get("learning"), dict):
                report.learning.append(narrative["learning"])
            report.you_said_we_did.extend(narrative.get("you_said_we_did") or [])
        found.append(report)
    return found


@dataclass(frozen=True)
class YearText:
    """What people write for a year's report (content/annual-reports/<year>.yaml): the analysis of the
    figures, and the governing body's response once it has considered the report."""

    analysis: dict[str, str] = field(default_factory=dict)
    response: dict[str, str] = field(default_factory=dict)
    responded_on: str = ""


def load_year_texts(folder: Path) -> dict[str, YearText]:
    """Every content/annual-reports/<year>.yaml, by the year's file name (2025-26); problems with lines."""
    found: dict[str, YearText] = {}
    errors: list[ContentError] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        data = load_yaml(path)
        if not isinstance(data, LineDict):
            errors.append(ContentError(path, 1, "expected fields 'analysis' and 'governing_body_response'"))
            continue
        try:
            year = Period.parse(path.stem)
        except ValueError as wrong:
            errors.append(ContentError(path, 1, f"the file name must be a financial year: {wrong}"))
            continue
        if year.kind != "year":
            errors.append(
                ContentError(
                    path, 1, f"the file name must be a financial year like {year.financial_year.slug}"
                )
            )
            continue
        texts = {
            key: _texts(data, key, path, errors, False) for key in ("analysis", "governing_body_response")
        }
        found[year.slug] = YearText(
            texts["analysis"], texts["governing_body_response"], str(data.get("responded_on") or "")
        )
    if errors:
        raise ContentErrors(errors)
    return found
