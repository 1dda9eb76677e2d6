"""The Nu HTML Checker (npm's vnu-jar), run with Java over many files in one call."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from sitekit.paths import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def validate(files: list[Path], root: Path) -> list[str]:
    """Problems the checker finds (errors and warnings), one line each, in one run over every file."""
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML Checker: .ci/run installs default-jre-headless"
    assert VNU.is_file(), "the Nu HTML Checker is missing: run 'npm ci' (make test does)"
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--format",
            "json",
            "--also-check-css",
            # The checker's guess at a page's language is a heuristic (it took a Bulgarian figures page,
            # mostly numbers, for Macedonian); a page's lang is the language it was built for.
            "--no-langdetect",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    return [
        f"{m.get('url', '').split(str(root))[-1]}:{m.get('lastLine')}: {m['type']}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error") or m.get("subType") == "warning"
    ]
