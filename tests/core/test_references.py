"""References: random, grouped, without look-alike characters, with a check character that catches typos."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casecore.references import (
    ALPHABET,
    RANDOM_LENGTH,
    InvalidReference,
    check_character,
    group,
    is_valid,
    new_access_code,
    new_reference,
    normalise_code,
    parse,
)

bodies = st.text(alphabet=ALPHABET, min_size=RANDOM_LENGTH, max_size=RANDOM_LENGTH)


def make(body: str) -> str:
    return group(body + check_character(body))


def test_the_shape() -> None:
    reference = new_reference()
    assert re.fullmatch(
        r"[34679ACDEFGHJKMNPQRTUVWXY]{4}-[34679ACDEFGHJKMNPQRTUVWXY]{4}-[34679ACDEFGHJKMNPQRTUVWXY]{4}",
        reference,
    )
    assert parse(reference) == reference


def test_no_look_alikes_and_over_50_bits() -> None:
    assert not set("0O1IL5S8B2Z") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) == 25
    assert RANDOM_LENGTH * math.log2(len(ALPHABET)) > 50


def test_references_are_random_not_sequential() -> None:
    made = [new_reference() for _ in range(2000)]
    assert len(set(made)) == len(made)
    firsts = {reference[0] for reference in made}
    assert len(firsts) > 20  # every position varies: nothing counts up


@given(bodies)
def test_accepted_in_lower_case_with_spaces_or_no_dashes(body: str) -> None:
    reference = make(body)
    compact = reference.replace("-", "")
    for typed in (
        reference,
        reference.lower(),
        compact,
        compact.lower(),
        f"  {reference.replace('-', ' ')} ",
    ):
        assert parse(typed) == reference


@given(bodies, st.integers(min_value=0, max_value=RANDOM_LENGTH), st.sampled_from(ALPHABET))
def test_every_single_mistyped_character_is_caught(body: str, position: int, symbol: str) -> None:
    compact = body + check_character(body)
    typo = compact[:position] + symbol + compact[position + 1 :]
    if typo != compact:
        with pytest.raises(InvalidReference) as caught:
            parse(typo)
        assert caught.value.problem == "check"


LOOK_ALIKES = "0O1IL5S8B2Z"


@given(bodies, st.integers(min_value=0, max_value=RANDOM_LENGTH), st.sampled_from(LOOK_ALIKES))
def test_a_look_alike_typed_by_mistake_is_one_character_that_looks_wrong(
    body: str, position: int, symbol: str
) -> None:
    compact = body + check_character(body)
    typo = compact[:position] + symbol + compact[position + 1 :]
    with pytest.raises(InvalidReference) as caught:
        parse(typo.lower() if position % 2 else typo)
    assert caught.value.problem == "check"


@given(bodies, st.integers(min_value=0, max_value=RANDOM_LENGTH - 1))
def test_every_swap_of_neighbours_is_caught(body: str, position: int) -> None:
    compact = body + check_character(body)
    swapped = compact[:position] + compact[position + 1] + compact[position] + compact[position + 2 :]
    if swapped != compact:
        assert not is_valid(swapped)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("K7PM-QX4R-HT3", "length"),
        ("K7PM-QX4R-HT3CC", "length"),
        ("K0PM-QX4R-HT3C", "check"),  # one look-alike (a zero for a letter): nearly right
        ("K0PM-QX4R-HT3O", "characters"),
        ("K7PM-QX4R-HT3!", "characters"),
        ("", "length"),
    ],
)
def test_what_is_wrong_is_said(typed: str, problem: str) -> None:
    with pytest.raises(InvalidReference) as caught:
        parse(typed)
    assert caught.value.problem == problem


def test_access_codes() -> None:
    code = new_access_code()
    assert re.fullmatch(r"[34679ACDEFGHJKMNPQRTUVWXY]{5}-[34679ACDEFGHJKMNPQRTUVWXY]{5}", code)
    assert normalise_code(code.lower().replace("-", " ")) == code.replace("-", "")
