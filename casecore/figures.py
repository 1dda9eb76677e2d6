"""Published figures: the rules that apply whatever the data source. Suppression of small numbers, shares,
and the checks every figure file must pass (used by the portal build with file and line)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .decisions import Determination, NotAcceptedReason, Outcome, values

SUPPRESS_BELOW = 5  # a count of 1 to 4 is not published, so no resident can be identified
# The codes the figure files count by, as plain strings: the lists themselves are in casecore.decisions.
OUTCOMES = values(Outcome)
NOT_ACCEPTED_REASONS = values(NotAcceptedReason)
DETERMINATIONS = values(Determination)


def suppressed(count: int | None) -> int | None:
    """The count as published: None (shown as 'fewer than 5') for 1 to 4."""
    if count is None or 0 < count < SUPPRESS_BELOW:
        return None
    return count


def share(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide by or either side would identify someone."""
    if whole <= 0 or suppressed(part) is None or suppressed(whole) is None:
        return None
    return part / whole


def per_thousand(count: int, homes: int) -> float | None:
    return None if homes <= 0 else round(count * 1000 / homes, 2)


@dataclass(frozen=True)
class Problem:
    path: tuple[str, ...]  # where in the file, e.g. ("figures", "acknowledged", "within")
    message: str


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def check(data: dict[str, Any]) -> Iterator[Problem]:
    """Every problem in a tracker or sample figure file's `figures` block."""
    figures = data.get("figures")
    if not isinstance(figures, dict):
        yield Problem(("figures",), "missing field 'figures'")
        return
    required = {
        "stage1_received": "count",
        "stage2_received": "count",
        "acknowledged": "part",
        "stage1_responses": "part",
        "stage2_responses": "part",
        "stage1_outcomes": "outcomes",
        "stage2_outcomes": "outcomes",
        "open_at_end": "count",
        "overdue_at_end": "count",
        "compliments": "count",
        "suggestions": "count",
        "not_accepted": "reasons",
        "ombudsman": "ombudsman",
        "by_service_area": "areas",
        "median_days": "medians",
        "service_requests": "count",
        "tenure": "tenure",
        "council": "block",
        "statutory": "statutory",
    }
    for key, kind in required.items():
        value = figures.get(key)
        where = ("figures", key)
        if value is None:
            yield Problem(where, f"missing field '{key}'")
        elif kind == "count" and not _count(value):
            yield Problem(where, f"'{key}' must be a whole number of 0 or more")
        elif kind == "part":
            yield from _part(
                where, value, ("in_time", "total") if key != "acknowledged" else ("within", "total")
            )
        elif kind == "outcomes":
            yield from _parts(where, value, OUTCOMES)
        elif kind == "reasons":
            yield from _parts(where, value, NOT_ACCEPTED_REASONS, all_required=False)
        elif kind == "tenure":
            yield from _tenure(where, value)
        elif kind == "block":
            yield from _block(where, value)
        elif kind == "statutory":
            for name in ("received", "responded"):
                if not (isinstance(value, dict) and _count(value.get(name))):
                    yield Problem((*where, name), f"'{name}' must be a whole number of 0 or more")
    overdue, still_open = figures.get("overdue_at_end"), figures.get("open_at_end")
    if isinstance(overdue, int) and isinstance(still_open, int) and overdue > still_open:
        yield Problem(("figures", "overdue_at_end"), "more cases overdue than open at the end of the period")
    for stage in ("stage1", "stage2"):
        outcomes, responses = figures.get(f"{stage}_outcomes"), figures.get(f"{stage}_responses")
        if not (isinstance(outcomes, dict) and isinstance(responses, dict)):
            continue
        if all(_count(v) for v in outcomes.values()) and sum(outcomes.values()) != responses.get("total"):
            added = sum(outcomes.values())
            yield Problem(
                ("figures", f"{stage}_outcomes"),
                f"the outcomes add up to {added}, not the {responses.get('total')} responses",
            )
    areas = figures.get("by_service_area")
    if isinstance(areas, dict) and _count(figures.get("stage1_received")):
        total = 0
        for area, counts in areas.items():
            if not (isinstance(counts, dict) and _count(counts.get("received"))):
                yield Problem(("figures", "by_service_area", str(area)), "each service needs 'received'")
                continue
            total += counts["received"]
            if "responses" in counts:
                yield from _part(
                    ("figures", "by_service_area", str(area), "responses"),
                    counts["responses"],
                    ("in_time", "total"),
                )
        council, statutory = figures.get("council"), figures.get("statutory")
        expected = figures["stage1_received"]
        expected += council.get("stage1_received", 0) if isinstance(council, dict) else 0
        expected += statutory.get("received", 0) if isinstance(statutory, dict) else 0
        if isinstance(expected, int) and total != expected:
            yield Problem(
                ("figures", "by_service_area"),
                f"the services add up to {total}, not the {expected} complaints received "
                "(housing, council services and statutory together)",
            )
    ombudsman = figures.get("ombudsman")
    if isinstance(ombudsman, dict):
        if not _count(ombudsman.get("referrals")):
            yield Problem(("figures", "ombudsman", "referrals"), "'referrals' must be a whole number")
        yield from _parts(
            ("figures", "ombudsman", "determinations"),
            ombudsman.get("determinations", {}),
            DETERMINATIONS,
            all_required=False,
        )
    yield from _feedback(figures)
    medians = figures.get("median_days")
    if isinstance(medians, dict):
        for stage in ("stage1", "stage2"):
            value = medians.get(stage)
            if value is not None and not (isinstance(value, int | float) and value >= 0):
                yield Problem(
                    ("figures", "median_days", stage), "a median is a number of working days, or blank"
                )


SURVEY_SCORES = ("1", "2", "3", "4", "5")
REMEDY_PARTS = ("due", "on_time", "late", "not_done")


def _feedback(figures: dict[str, Any]) -> Iterator[Problem]:
    """Compliments by service, what came of suggestions, remedies done by their date and the survey at
    closure: files exported before these were counted do not have them; where present they are checked."""
    by_service = figures.get("compliments_by_service")
    if by_service is not None:
        where = ("figures", "compliments_by_service")
        if not isinstance(by_service, dict) or not all(_count(n) for n in by_service.values()):
            yield Problem(where, "give each service's compliments as a whole number")
        elif _count(figures.get("compliments")) and sum(by_service.values()) != figures["compliments"]:
            yield Problem(
                where,
                f"the services add up to {sum(by_service.values())}, not the "
                f"{figures['compliments']} compliments received",
            )
    if "suggestions_answered" in figures:
        yield from _parts(
            ("figures", "suggestions_answered"), figures["suggestions_answered"], ("used", "not_used")
        )
    if "survey_at_closure" in figures:
        survey = figures["survey_at_closure"]
        scores = survey.get("scores") if isinstance(survey, dict) else None
        yield from _parts(("figures", "survey_at_closure", "scores"), scores, SURVEY_SCORES)
    if "remedies" in figures:
        promised = figures["remedies"]
        where = ("figures", "remedies")
        yield from _parts(where, promised, REMEDY_PARTS)
        counted = isinstance(promised, dict) and all(_count(promised.get(name)) for name in REMEDY_PARTS)
        if counted and promised["on_time"] + promised["late"] + promised["not_done"] != promised["due"]:
            yield Problem(where, "done on time, done late and not done must add up to those due")


def _tenure(where: tuple[str, ...], value: Any) -> Iterator[Problem]:
    if not isinstance(value, dict):
        yield Problem(where, "must list lcra and lcho (CH01 and CH02 by tenure)")
        return
    for group in ("lcra", "lcho"):
        counts = value.get(group)
        if not isinstance(counts, dict):
            yield Problem((*where, group), f"missing '{group}'")
            continue
        for name in ("stage1_received", "stage2_received"):
            if not _count(counts.get(name)):
                yield Problem((*where, group, name), f"'{name}' must be a whole number of 0 or more")
        for name in ("stage1_responses", "stage2_responses"):
            yield from _part((*where, group, name), counts.get(name), ("in_time", "total"))


def _block(where: tuple[str, ...], value: Any) -> Iterator[Problem]:
    """The council's services: the same counts as housing, against the LGSCO's code."""
    if not isinstance(value, dict):
        yield Problem(where, "must hold stage1_received, stage2_received, acknowledged and responses")
        return
    for name in ("stage1_received", "stage2_received"):
        if not _count(value.get(name)):
            yield Problem((*where, name), f"'{name}' must be a whole number of 0 or more")
    yield from _part((*where, "acknowledged"), value.get("acknowledged"), ("within", "total"))
    for name in ("stage1_responses", "stage2_responses"):
        yield from _part((*where, name), value.get(name), ("in_time", "total"))


def _part(where: tuple[str, ...], value: Any, names: tuple[str, str]) -> Iterator[Problem]:
    part, whole = names
    if not isinstance(value, dict) or not _count(value.get(part)) or not _count(value.get(whole)):
        yield Problem(where, f"needs '{part}' and '{whole}', each a whole number")
        return
    if value[part] > value[whole]:
        yield Problem(
            (*where, part),
            f"'{part}' ({value[part]}) is more than '{whole}' ({value[whole]}): a share over 100%",
        )


def _parts(
    where: tuple[str, ...], value: Any, names: tuple[str, ...], all_required: bool = True
) -> Iterator[Problem]:
    if not isinstance(value, dict):
        yield Problem(where, f"must list {', '.join(names)}")
        return
    for name in value:
        if name not in names:
            yield Problem((*where, str(name)), f"'{name}' is not one of {', '.join(names)}")
        elif not _count(value[name]):
            yield Problem((*where, str(name)), f"'{name}' must be a whole number of 0 or more")
    if all_required:
        for name in names:
            if name not in value:
                yield Problem(where, f"missing '{name}'")
