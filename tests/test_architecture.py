"""The may-import table in ARCHITECTURE.md, kept by a test: every import in each part's modules is one the
table allows (another project part by name, any other package by its distribution's name, the standard
library always), so a wrong arrow fails `make test`."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from sitekit.paths import ROOT

PARTS = ("casecore", "sitekit", "portal", "tracker")


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def allowed_by_table(text: str) -> dict[str, tuple[set[str], set[str]]]:
    """part -> (project parts it may import, distributions it may import), from the table's rows."""
    table: dict[str, tuple[set[str], set[str]]] = {}
    for line in text.splitlines():
        found = re.match(r"\| `(\w+)/` \|.*\| ([^|]+) \|$", line)
        if not found or found.group(1) not in PARTS:
            continue
        parts, dists = {found.group(1)}, set()
        for item in found.group(2).split(","):
            item = item.strip()
            if item.startswith("`"):
                parts.add(item.strip("`"))
            elif item != "the standard library":
                dists.add(normal(item))
        table[found.group(1)] = (parts, dists)
    return table


def imports_of(source: str, module: str) -> set[str]:
    """The top-level names a module imports (relative imports resolved to their part)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.add(module.split(".")[0] if node.level else (node.module or "").split(".")[0])
    return found - {"__future__", ""}


def wrong_imports(table: dict[str, tuple[set[str], set[str]]], root: Path) -> list[str]:
    distributions = packages_distributions()
    wrong = []
    for part, (parts, dists) in table.items():
        for path in sorted((root / part).rglob("*.py")):
            module = ".".join(path.relative_to(root).with_suffix("").parts)
            for name in sorted(imports_of(path.read_text(encoding="utf-8"), module)):
                if name in sys.stdlib_module_names or name == "_typeshed":
                    continue
                if name in PARTS:
                    if name not in parts:
                        wrong.append(f"{path.relative_to(root)} imports {name}")
                    continue
                owners = {normal(dist) for dist in distributions.get(name, [name])}
                if not owners & dists:
                    wrong.append(f"{path.relative_to(root)} imports {name} ({', '.join(sorted(owners))})")
    return wrong


def test_the_table_names_every_part() -> None:
    table = allowed_by_table((ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8"))
    assert set(table) == set(PARTS)
    assert table["casecore"] == ({"casecore"}, {"holidays"})
    assert "tracker" not in table["portal"][0] and "portal" not in table["tracker"][0]
    assert table["sitekit"][0] == {"sitekit", "casecore"}


def test_every_import_is_one_the_table_allows() -> None:
    table = allowed_by_table((ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8"))
    assert wrong_imports(table, ROOT) == []


@pytest.mark.parametrize(
    ("part", "source", "complaint"),
    [
        ("portal", "from tracker.models import Case\n", "imports tracker"),
        ("sitekit", "from portal import create_app\n", "imports portal"),
        ("tracker", "from portal.performance import load\n", "imports portal"),
        ("casecore", "import flask\n", "imports flask"),
        ("casecore", "from . import states\nimport peewee\n", "imports peewee"),
        ("sitekit", "import markdown\n", "imports markdown"),
    ],
)
def test_a_wrong_arrow_is_caught(tmp_path: Path, part: str, source: str, complaint: str) -> None:
    table = allowed_by_table((ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8"))
    (tmp_path / part).mkdir()
    (tmp_path / part / "wrong.py").write_text(source)
    assert [line for line in wrong_imports({part: table[part]}, tmp_path) if complaint in line] != []


def test_the_kit_loads_neither_app_nor_markdown() -> None:
    """What the tracker pays for the shared look: importing the kit runs no portal code."""
    script = (
        "import sys, sitekit.sitedata, sitekit.ui, sitekit.i18n, sitekit.static_site, sitekit.catalogue\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'portal', 'tracker', 'markdown', 'peewee'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "[]"
