"""Every wrong shape of a figure file's narrative fails the build with the file, the line and what is
expected, never a traceback or "Unexpected status 500"; the documented example loads and is published."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest

from portal.build import BuildError, build
from portal.config import PortalConfig
from portal.performance import load
from sitekit.errors import ContentErrors
from tests.conftest import SAMPLE_FIGURES

TODAY = date(2026, 11, 23)
EMPTY = "narrative:\n  learning:\n    en: []\n  you_said_we_did: []\n"


def with_narrative(folder: Path, narrative: str) -> tuple[Path, int]:
    """The 2026/27 Q2 sample file with its narrative replaced; the line the narrative starts on."""
    path = folder / "2026-27-q2.yaml"
    text = (SAMPLE_FIGURES / path.name).read_text()
    assert text.endswith(EMPTY)
    body = text[: -len(EMPTY)]
    path.write_text(body + narrative, encoding="utf-8")
    return path, body.count("\n") + 1


def problems(folder: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        load(folder, TODAY)
    return [str(error) for error in caught.value.errors]


@pytest.mark.parametrize(
    ("narrative", "offset", "expected"),
    [
        ("narrative: We learned a lot.\n", 0, "narrative has 'learning' and 'you_said_we_did' under it"),
        ("narrative:\n  lessons: []\n", 1, "narrative has no 'lessons'"),
        ("narrative:\n  learning: We learned a lot.\n", 1, "learning is sentences per language"),
        ("narrative:\n  learning:\n    - We learned a lot.\n", 1, "learning is sentences per language"),
        ("narrative:\n  learning:\n    en: We learned a lot.\n", 2, "'en' must be a list of sentences"),
        ("narrative:\n  learning:\n    en:\n      - {point: x}\n", 2, "'en' must be a list of sentences"),
        ("narrative:\n  learning:\n    English: [x]\n", 2, "'English' is not a language code"),
        ("narrative:\n  learning:\n    ar: [نص]\n", 1, "learning needs its English sentences (en:) first"),
        ("narrative:\n  you_said_we_did: You said, we did.\n", 1, "you_said_we_did is a list"),
        ("narrative:\n  you_said_we_did:\n    - Repairs were slow.\n", 1, "has 'you_said' and 'we_did'"),
        (
            "narrative:\n  you_said_we_did:\n    - you_said: Repairs were slow.\n      we_did: {en: No.}\n",
            2,
            "you_said needs its English text",
        ),
        (
            "narrative:\n  you_said_we_did:\n    - you_said: {en: Repairs were slow.}\n",
            2,
            "we_did needs its English text",
        ),
        (
            "narrative:\n  you_said_we_did:\n    - you_said: {ar: بطيء}\n      we_did: {en: Faster.}\n",
            2,
            "you_said needs its English text",
        ),
        (
            "narrative:\n  you_said_we_did:\n    - you_said: {en: Slow.}\n      we_did: {en: Faster.}\n"
            "      because: {en: x}\n",
            4,
            "'because' is not part of a pair",
        ),
    ],
)
def test_a_wrong_narrative_names_the_file_the_line_and_what_is_expected(
    tmp_path: Path, narrative: str, offset: int, expected: str
) -> None:
    path, first = with_narrative(tmp_path, narrative)
    (problem,) = problems(tmp_path)
    assert problem.startswith(f"{path}:{first + offset}:"), problem
    assert expected in problem, problem


def test_the_documented_example_loads(tmp_path: Path) -> None:
    example = (
        "narrative:\n  learning:\n    en:\n      - Repairs appointments were missed.\n"
        "    ar:\n      - فاتت مواعيد الإصلاح.\n  you_said_we_did:\n    - you_said:\n"
        "        en: You could not tell when a repair would happen.\n      we_did:\n"
        "        en: Every repair letter now gives the appointment window.\n"
    )
    with_narrative(tmp_path, example)
    (publication,) = load(tmp_path, TODAY)
    assert publication.data["narrative"]["learning"]["en"] == ["Repairs appointments were missed."]
    readme = (Path(__file__).parents[2] / "content" / "README.md").read_text()
    assert "you_said_we_did:" in readme and "learning:" in readme


def test_the_build_fails_with_the_line_not_a_500(tmp_path: Path) -> None:
    folder = tmp_path / "figures"
    folder.mkdir()
    shutil.copy(SAMPLE_FIGURES / "2026-27-q1.yaml", folder)
    path, first = with_narrative(folder, "narrative:\n  you_said_we_did:\n    - you_said: Slow.\n")
    with pytest.raises(BuildError) as caught:
        build(PortalConfig(build_dir=tmp_path / "site", sample_performance_dir=folder), out=io.StringIO())
    message = str(caught.value)
    assert f"{path}:{first + 2}: you_said needs its English text" in message
    assert "500" not in message and "Traceback" not in message
