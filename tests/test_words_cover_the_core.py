"""Each list of codes is defined once, in the core (casecore.decisions, casecore.feedback, casecore.remedies),
and every mapping of words, every form's choices and the figures' checks cover exactly that list: adding an
outcome, a reason, a determination or a restriction without its words fails here."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

import pytest

from casecore import figures, hazards
from casecore.decisions import Determination, NotAcceptedReason, Outcome, is_one_of, values
from casecore.feedback import NEEDS_DETAIL, RESTRICTIONS, REVIEW_OUTCOMES, RestrictionKind, ReviewOutcome
from casecore.remedies import STAFF_LABELS, RemedyKind
from portal import performance_words
from tracker import staffwords, wording
from tracker.forms import staff as staff_forms

WORDS: list[tuple[str, Iterable[Any], type[StrEnum]]] = [
    ("tracker.wording.OUTCOMES (letters, status page)", wording.OUTCOMES, Outcome),
    ("tracker.staffwords.OUTCOMES (timeline)", staffwords.OUTCOMES, Outcome),
    ("tracker.staffwords.NOT_ACCEPTED", staffwords.NOT_ACCEPTED, NotAcceptedReason),
    ("tracker.staffwords.DETERMINATIONS", staffwords.DETERMINATIONS, Determination),
    ("portal.performance_words.OUTCOME_ROWS", performance_words.OUTCOME_ROWS, Outcome),
    ("portal.performance_words.NOT_ACCEPTED_ROWS", performance_words.NOT_ACCEPTED_ROWS, NotAcceptedReason),
    ("portal.performance_words.DETERMINATION_ROWS", performance_words.DETERMINATION_ROWS, Determination),
    ("casecore.feedback.RESTRICTIONS (staff)", RESTRICTIONS, RestrictionKind),
    ("tracker.wording.RESTRICTION_KINDS (letter)", wording.RESTRICTION_KINDS, RestrictionKind),
    ("casecore.feedback.REVIEW_OUTCOMES (staff)", REVIEW_OUTCOMES, ReviewOutcome),
    ("casecore.remedies.STAFF_LABELS", STAFF_LABELS, RemedyKind),
    ("tracker.wording.REMEDY_KINDS (letter, status page)", wording.REMEDY_KINDS, RemedyKind),
    ("casecore.hazards.STAFF_LABELS", hazards.STAFF_LABELS, hazards.HazardKind),
    ("casecore.hazards.STEP_LABELS", hazards.STEP_LABELS, hazards.HazardStep),
    ("tracker.forms.staff.HAZARD_KIND_CHOICES", staff_forms.HAZARD_KIND_CHOICES, hazards.HazardKind),
    ("tracker.forms.staff.HAZARD_STEP_CHOICES", staff_forms.HAZARD_STEP_CHOICES, hazards.HazardStep),
]


def _chosen(choices: list[Any]) -> list[str]:
    return [choice.value for choice in choices if choice.value != ""]


FORMS: list[tuple[str, list[str], type[StrEnum]]] = [
    ("RespondForm's decision", _chosen(staff_forms.OUTCOME_CHOICES), Outcome),
    ("NotAcceptedForm's reason", _chosen(staff_forms.NOT_ACCEPTED_CHOICES), NotAcceptedReason),
    ("DeterminationForm's determination", _chosen(staff_forms.DETERMINATION_CHOICES), Determination),
    ("RestrictForm's kind", _chosen(staff_forms.RESTRICTION_CHOICES), RestrictionKind),
    ("ReviewRestrictionForm's outcome", _chosen(staff_forms.REVIEW_CHOICES), ReviewOutcome),
]


@pytest.mark.parametrize(("where", "words", "codes"), WORDS, ids=[w[0] for w in WORDS])
def test_each_words_mapping_covers_exactly_the_cores_list(
    where: str, words: Iterable[Any], codes: type[StrEnum]
) -> None:
    have = set(words)
    assert have - set(values(codes)) == set(), f"{where} has words for codes {codes.__name__} does not list"
    assert set(values(codes)) - have == set(), f"{where} has no words for some of {codes.__name__}"


@pytest.mark.parametrize(("where", "offered", "codes"), FORMS, ids=[f[0] for f in FORMS])
def test_each_form_offers_the_cores_list_in_its_order(
    where: str, offered: list[str], codes: type[StrEnum]
) -> None:
    assert offered == list(values(codes)), where


def test_the_published_rows_are_the_cores_lists() -> None:
    rows = performance_words.ROWS
    for code in (*values(Outcome), *values(NotAcceptedReason)):
        assert code in rows
    for code in values(Determination):
        assert f"determination_{code}" in rows


def test_the_figure_files_count_by_the_cores_codes_as_plain_strings() -> None:
    """The export writes these as YAML keys: plain `str`, which a YAML safe dumper writes (not an Enum)."""
    for plain, codes in (
        (figures.OUTCOMES, Outcome),
        (figures.NOT_ACCEPTED_REASONS, NotAcceptedReason),
        (figures.DETERMINATIONS, Determination),
    ):
        assert plain == tuple(code.value for code in codes)
        assert all(type(code) is str for code in plain)


def test_a_code_is_one_of_its_list_and_nothing_else_is() -> None:
    assert is_one_of(Outcome, "partially_upheld")
    assert not is_one_of(Outcome, "withdrawn")
    assert not is_one_of(Outcome, None)
    assert not is_one_of(Determination, "upheld")


def test_only_a_letters_only_restriction_needs_no_detail() -> None:
    assert set(RestrictionKind) - NEEDS_DETAIL == {RestrictionKind.LETTERS_ONLY}
