"""Remedies and actions promised in a response (policy s.8 and s.9, Code 6.6), and how their completion on
time is counted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class RemedyKind(StrEnum):
    APOLOGY = "apology"
    EXPLANATION = "explanation"
    ACTION = "action"  # a repair or another action
    PAYMENT = "payment"
    RECORD_AMENDED = "record_amended"
    DECISION_CHANGED = "decision_changed"
    POLICY_CHANGED = "policy_changed"


STAFF_LABELS = {
    RemedyKind.APOLOGY: "Apology",
    RemedyKind.EXPLANATION: "Explanation",
    RemedyKind.ACTION: "Repair or other action",
    RemedyKind.PAYMENT: "Payment",
    RemedyKind.RECORD_AMENDED: "Record amended",
    RemedyKind.DECISION_CHANGED: "Decision changed",
    RemedyKind.POLICY_CHANGED: "Policy or procedure changed",
}


# What a response gives in the letter itself (an apology, an explanation) when it is due by the letter's
# date: the letter lists it as given, and the status page says the same, not "to be done".
GIVEN_IN_LETTER = frozenset({RemedyKind.APOLOGY.value, RemedyKind.EXPLANATION.value})


def given_in_letter(kind: str, due: date | None, written: date) -> bool:
    """Whether a promise listed in a response letter written on `written` is given by that letter itself:
    an apology or an explanation due by the letter's date. The letters and the status page both ask this."""
    return kind in GIVEN_IN_LETTER and (due is None or due <= written)


class RemedyProblem(ValueError):
    """A promised action that cannot be recorded as given; the message says why."""


def check_promise(
    kind: str, description: str, amount_pence: int | None, due: date | None, today: date
) -> None:
    """Raise RemedyProblem unless this is a promise that can be tracked to completion."""
    if kind not in set(RemedyKind):
        raise RemedyProblem(f"the kind must be one of {', '.join(RemedyKind)}")
    if not description:
        raise RemedyProblem("say what was promised")
    if due is None:
        raise RemedyProblem("give the date it is to be done by")
    if due < today:
        raise RemedyProblem("the date it is to be done by cannot be in the past")
    if kind == RemedyKind.PAYMENT and not amount_pence:
        raise RemedyProblem("a payment needs its amount")
    if kind != RemedyKind.PAYMENT and amount_pence:
        raise RemedyProblem("only a payment has an amount")


@dataclass(frozen=True)
class RemedyTally:
    """Remedies due in a period: done by their date, done late, and not done."""

    due: int = 0
    on_time: int = 0
    late: int = 0
    not_done: int = 0

    @property
    def share_on_time(self) -> float | None:
        return self.on_time / self.due if self.due else None


def tally(promises: list[tuple[date, date | None]], start: date, end: date) -> RemedyTally:
    """From (due, completed) pairs: those due from `start` to `end` that were done by their due date, late,
    or are not done. The database function counts the same way in SQL; this is its definition. A promise
    given in a response letter itself (given_in_letter) is passed as completed on that letter's day; one whose
    date an officer changed is passed with the earliest date it was ever due (tracker.remedies.counted_due),
    not its current one."""
    due = on_time = late = not_done = 0
    for due_on, completed in promises:
        if not start <= due_on <= end:
            continue
        due += 1
        if completed is not None and completed <= due_on:
            on_time += 1
        elif completed is not None:
            late += 1
        else:
            not_done += 1
    return RemedyTally(due, on_time, late, not_done)


def pounds(amount_pence: int) -> str:
    return f"£{amount_pence // 100:,}.{amount_pence % 100:02d}"


def parse_pounds(text: str) -> int:
    """'50', '£50', '49.99', '1,200.50' to pence; RemedyProblem otherwise."""
    cleaned = text.strip().lstrip("£").replace(",", "").strip()
    whole, _, part = cleaned.partition(".")
    if not whole.isdigit() or (part and (not part.isdigit() or len(part) > 2)) or len(whole) > 7:
        raise RemedyProblem("write the amount in pounds, like 50 or 49.99")
    return int(whole) * 100 + int(part.ljust(2, "0") if part else 0)
