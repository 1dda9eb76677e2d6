"""`make bench` without wrk installed stops at once and says how to install it (it is a system package)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import common  # noqa: E402


def test_the_load_benchmarks_say_how_to_install_wrk_when_it_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(SystemExit, match="apt-get install wrk"):
        common.need_wrk()


def test_make_bench_stops_before_any_benchmark_when_wrk_is_missing(tmp_path: Path) -> None:
    make = subprocess.run(["which", "make"], capture_output=True, text=True, check=True).stdout.strip()
    for tool in ("sh", "dirname", "touch"):  # what make and the recipe's first line need, and no wrk
        found = subprocess.run(["which", tool], capture_output=True, text=True, check=True).stdout.strip()
        (tmp_path / tool).symlink_to(found)
    result = subprocess.run(
        [make, "-o", ".venv/bin/.installed", "bench"],
        cwd=ROOT,
        env={"PATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode != 0
    assert "apt-get install wrk" in result.stdout + result.stderr
