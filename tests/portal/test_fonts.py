"""Every font the stylesheet names is installed (fonts-noto-core, which .ci/run installs), so no script
falls back to boxes: Gujarati, Tamil, Arabic, Persian, and Urdu in a Nastaliq face."""

from __future__ import annotations

import re
import shutil
import subprocess

from sitekit.paths import ROOT

GENERIC = {"system-ui", "sans-serif", "serif", "monospace", "ui-monospace", "inherit"}


def named_fonts() -> set[str]:
    css = (ROOT / "sitekit" / "static" / "site.css").read_text()
    names = set()
    for stack in re.findall(r"font-family:\s*([^;}]+)", css):
        for name in stack.split(","):
            name = name.strip().strip('"')
            if name and name not in GENERIC:
                names.add(name)
    return names


def test_the_stylesheet_names_a_font_for_each_script() -> None:
    names = named_fonts()
    for needed in ("Noto Sans Gujarati", "Noto Sans Tamil", "Noto Naskh Arabic", "Noto Nastaliq Urdu"):
        assert needed in names


def test_every_named_font_is_installed() -> None:
    fc_list = shutil.which("fc-list")
    assert fc_list, "fontconfig is missing: .ci/run installs it"
    installed = set()
    for line in subprocess.run(
        [fc_list, ":", "family"], capture_output=True, text=True, check=True
    ).stdout.splitlines():
        installed.update(part.strip() for part in line.split(","))
    missing = sorted(named_fonts() - installed)
    assert missing == [], f"not installed: {missing} (apt-get install fonts-noto-core)"
