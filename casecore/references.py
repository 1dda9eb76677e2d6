"""Case references like K7PM-QX4R-HT3C: eleven random characters and one check character.

The alphabet leaves out look-alikes (0/O, 1/I/L, 5/S, 8/B, 2/Z): 25 symbols, so eleven random ones carry
51 bits. The check character makes every single mistyped character and every swap of two neighbours fail
the check, so a mistyped reference is caught before any lookup. References are random, never sequential
and never derived from a database id.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
RANDOM_LENGTH = 11
# Weights coprime with 25, and so are the differences of neighbours: every single substitution and every
# adjacent transposition changes the weighted sum modulo 25.
_WEIGHTS = (1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14)
_CHECK_WEIGHT_INVERSE = 9  # 14 * 9 = 126 = 1 (mod 25)
_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_.]+")


class InvalidReference(ValueError):
    """Why a typed reference cannot be right: 'length', 'characters' or 'check'."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def check_character(body: str) -> str:
    total = sum(weight * _VALUE[symbol] for weight, symbol in zip(_WEIGHTS, body, strict=False))
    return ALPHABET[(-total * _CHECK_WEIGHT_INVERSE) % len(ALPHABET)]


def group(compact: str, size: int = 4) -> str:
    return "-".join(compact[i : i + size] for i in range(0, len(compact), size))


def new_reference() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return group(body + check_character(body))


def parse(text: str) -> str:
    """The reference in its canonical form (upper case, grouped), or InvalidReference.

    Lower case, spaces, dashes or none are all accepted.
    """
    compact = _SEPARATORS.sub("", text).upper()
    if len(compact) != RANDOM_LENGTH + 1:
        raise InvalidReference("length")
    outside = [symbol for symbol in compact if symbol not in _VALUE]
    if outside:
        # One letter or digit the alphabet leaves out is a look-alike typed by mistake (an O for a 0, an
        # I for a 1): the reference is nearly right, so say that one character looks wrong.
        raise InvalidReference("check" if len(outside) == 1 and outside[0].isalnum() else "characters")
    if check_character(compact[:-1]) != compact[-1]:
        raise InvalidReference("check")
    return group(compact)


def is_valid(text: str) -> bool:
    try:
        parse(text)
    except InvalidReference:
        return False
    return True


def new_access_code() -> str:
    """A code for an anonymous complainant to check their case: 10 random characters, 46 bits."""
    return group("".join(secrets.choice(ALPHABET) for _ in range(10)), 5)


def normalise_code(text: str) -> str:
    return _SEPARATORS.sub("", text).upper()
