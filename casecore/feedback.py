"""Rules for restrictions (policy s.13), compliments and suggestions (s.14, s.15) and the survey at closure
(s.21). No Flask, no database."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .figures import SUPPRESS_BELOW
from .states import Kind


class RestrictionKind(StrEnum):
    """What a contact restriction limits (policy 13: the options most likely to be considered)."""

    LETTERS_ONLY = "letters_only"
    NAMED_OFFICER = "named_officer"
    SET_TIMES = "set_times"
    OTHER = "other"


# The restriction kinds in staff's words.
RESTRICTIONS = {
    RestrictionKind.LETTERS_ONLY: "Contact in writing only (for example letters only)",
    RestrictionKind.NAMED_OFFICER: "Contact only with a named officer",
    RestrictionKind.SET_TIMES: "Telephone calls or visits only on set days and times",
    RestrictionKind.OTHER: "Another limit (described below)",
}
# The kinds the resident cannot follow without the detail: who, when, or what.
NEEDS_DETAIL = frozenset({RestrictionKind.NAMED_OFFICER, RestrictionKind.SET_TIMES, RestrictionKind.OTHER})
SATISFIED_FROM = 4  # on the 1 to 5 scale, 4 (satisfied) and 5 (very satisfied) count as satisfied
SCORES = (1, 2, 3, 4, 5)


def procedure_exhausted(kind: Kind, stage2_responded: date | None) -> bool:
    """Policy 13.1: a restriction is for someone who has exhausted the internal procedure, which for a
    complaint means its stage 2 response has been sent. Before that a restriction needs a reason why now."""
    return kind == Kind.COMPLAINT and stage2_responded is not None


def restriction_problems(review: date | None, today: date, exhausted: bool, why_now: str | None) -> list[str]:
    """What stops a restriction being recorded, in words for the manager."""
    problems = []
    if review is None or review <= today:
        problems.append("the review date must be in the future")
    if not exhausted and not (why_now or "").strip():
        problems.append(
            "the internal procedure is not exhausted (there is no stage 2 response yet): policy 13.1 "
            "expects it to be, so say why the restriction is needed now"
        )
    return problems


class ReviewOutcome(StrEnum):
    """What a manager decides when a restriction's review date comes (policy 13)."""

    LIFT = "lift"
    KEEP = "keep"


# The review outcomes in staff's words.
REVIEW_OUTCOMES = {
    ReviewOutcome.LIFT: "Lift the restriction: the resident can contact us in the usual ways again",
    ReviewOutcome.KEEP: "Keep it, with a new review date (and changed terms if needed)",
}


def restriction_active(reason: str | None, lifted: date | None) -> bool:
    """A restriction is in force from when it is recorded until it is lifted."""
    return bool((reason or "").strip()) and lifted is None


def review_problems(
    outcome: str, active: bool, reason: str | None, next_review: date | None, today: date
) -> list[str]:
    """What stops a restriction's review being recorded, in words for the manager: only an active
    restriction is reviewed, every outcome has a reason, and one kept has a new review date in the future."""
    problems = []
    if outcome not in {o.value for o in ReviewOutcome}:
        problems.append(f"the outcome must be one of {', '.join(o.value for o in ReviewOutcome)}")
    if not active:
        problems.append("there is no active contact restriction on this case to review")
    if not (reason or "").strip():
        problems.append("give the reason for the outcome")
    if outcome == ReviewOutcome.KEEP and (next_review is None or next_review <= today):
        problems.append("the next review date must be in the future")
    return problems


def chosen_for_survey(reference: str, share: float) -> bool:
    """Whether a closed complaint's resident is asked about the handling: a fixed share of cases, chosen by
    the reference (a hash of it, read as a number from 0 to 1), so the choice is the same every time it is
    made and cannot be steered by whoever closes the case."""
    if share <= 0:
        return False
    if share >= 1:
        return True
    digest = hashlib.sha256(f"survey:{reference}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < share


@dataclass(frozen=True)
class Satisfaction:
    responses: int
    satisfied: int  # scored 4 or 5
    scores: dict[int, int]

    @property
    def published(self) -> bool:
        """Results are published only from 5 responses, so no resident can be identified."""
        return self.responses >= SUPPRESS_BELOW

    @property
    def share_satisfied(self) -> float | None:
        return self.satisfied / self.responses if self.published else None

    @property
    def mean(self) -> float | None:
        if not self.published:
            return None
        return round(sum(score * n for score, n in self.scores.items()) / self.responses, 2)


def satisfaction(scores: dict[int, int]) -> Satisfaction:
    counted = {score: int(scores.get(score, 0)) for score in SCORES}
    total = sum(counted.values())
    return Satisfaction(total, sum(n for score, n in counted.items() if score >= SATISFIED_FROM), counted)
