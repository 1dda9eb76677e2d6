"""Errors in content files, reported with the file, the line and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ContentError(Exception):
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentErrors(Exception):
    """Every problem found in one pass, so the comms team can fix them all at once."""

    def __init__(self, errors: list[ContentError]) -> None:
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors
