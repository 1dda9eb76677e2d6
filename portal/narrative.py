"""The narrative a figure file carries, written by the comms team after the export: `learning` (per language,
a list of sentences) and `you_said_we_did` (a list of pairs, each side per language). Every wrong shape is
a ContentError with the file, the line and what is expected, never a traceback at build time.

    narrative:
      learning:
        en:
          - Repairs appointments were missed when a contractor changed; we now check every handover.
      you_said_we_did:
        - you_said:
            en: You could not tell when a repair would happen.
          we_did:
            en: Every repair letter now gives the appointment window.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sitekit.errors import ContentError
from sitekit.yamlfile import LineDict

LANGUAGE = re.compile(r"[a-z]{2,3}")
LEARNING = "learning is sentences per language, like 'learning: {en: [First point., Second point.]}'"
PAIR = "each entry of you_said_we_did has 'you_said' and 'we_did', each with its English text (en: …)"


def _line(node: Any, key: str, fallback: int) -> int:
    return node.line_of(key) if isinstance(node, LineDict) else fallback


def _texts(node: Any, path: Path, line: int, what: str) -> list[ContentError]:
    """A {language: text} mapping with English in it."""
    if not isinstance(node, LineDict) or not isinstance(node.get("en"), str) or not node["en"].strip():
        return [ContentError(path, line, f"{what} needs its English text, like '{what}: {{en: …}}'")]
    return [
        ContentError(path, node.line_of(lang), f"{what}: '{lang}' must be a language code with a text")
        for lang, text in node.items()
        if not LANGUAGE.fullmatch(str(lang)) or not isinstance(text, str)
    ]


def check(data: LineDict, path: Path) -> list[ContentError]:
    """Every problem in the file's `narrative` block (which may be left out)."""
    if "narrative" not in data or data["narrative"] is None:
        return []
    narrative = data["narrative"]
    top = data.line_of("narrative")
    if not isinstance(narrative, LineDict):
        return [ContentError(path, top, "narrative has 'learning' and 'you_said_we_did' under it")]
    errors = [
        ContentError(
            path, narrative.line_of(key), f"narrative has no '{key}': only learning and you_said_we_did"
        )
        for key in narrative
        if key not in ("learning", "you_said_we_did")
    ]
    learning = narrative.get("learning")
    if learning is not None:
        line = narrative.line_of("learning")
        if not isinstance(learning, LineDict):
            errors.append(ContentError(path, line, LEARNING))
        else:
            for lang, items in learning.items():
                at = learning.line_of(lang)
                if not LANGUAGE.fullmatch(str(lang)):
                    errors.append(
                        ContentError(path, at, f"learning: '{lang}' is not a language code; {LEARNING}")
                    )
                elif not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
                    errors.append(ContentError(path, at, f"learning: '{lang}' must be a list of sentences"))
            known = all(LANGUAGE.fullmatch(str(lang)) for lang in learning)
            if known and any(learning.get(lang) for lang in learning) and not learning.get("en"):
                errors.append(ContentError(path, line, "learning needs its English sentences (en:) first"))
    pairs = narrative.get("you_said_we_did")
    if pairs is not None:
        line = narrative.line_of("you_said_we_did")
        if not isinstance(pairs, list):
            errors.append(ContentError(path, line, f"you_said_we_did is a list: {PAIR}"))
        else:
            for pair in pairs:
                if not isinstance(pair, LineDict):
                    errors.append(ContentError(path, line, PAIR))
                    continue
                for key in ("you_said", "we_did"):
                    errors.extend(_texts(pair.get(key), path, _line(pair, key, pair.line), key))
                errors.extend(
                    ContentError(path, pair.line_of(key), f"'{key}' is not part of a pair: {PAIR}")
                    for key in pair
                    if key not in ("you_said", "we_did")
                )
    return errors
