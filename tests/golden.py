"""The golden site (Pelican's habit): the small content tree in tests/fixtures/site/ is built and compared,
file by file, with the output committed in tests/golden/site/, so a change to rendering shows as a diff.
`make golden` (this module run as a script) writes the expected output again from the fixture."""

from __future__ import annotations

import difflib
import io
import shutil
import tempfile
from pathlib import Path

from portal.build import build
from portal.config import PortalConfig

FIXTURE = Path(__file__).parent / "fixtures" / "site" / "content"
GOLDEN = Path(__file__).parent / "golden" / "site"
SITE_URL = "https://complaints.example.org"
# Left out of the comparison: nothing, today. A file that varies between runs is listed here by its path
# under the site, or normalised, so that the golden tree is the same on every machine and every day.
LEFT_OUT: frozenset[str] = frozenset()
DIFF_LINES = 40  # of the first differing file, in the failure message
LINE_WIDTH = 200  # the stylesheet is minified to one line


def build_fixture_site(folder: Path) -> Path:
    """Build the fixture content into `folder`/site (its cache beside it, not the project's); returns it."""
    site = folder / "site"
    config = PortalConfig(
        content_dir=FIXTURE,
        build_dir=site,
        cache_dir=folder / "cache",
        site_url=SITE_URL,
        tracker_url="/tracker",
    )
    build(config, out=io.StringIO())
    return site


def files(root: Path) -> dict[str, bytes]:
    return {
        name: path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and (name := path.relative_to(root).as_posix()) not in LEFT_OUT
    }


def differences(built: Path, golden: Path = GOLDEN) -> str | None:
    """None when the two trees hold the same files, byte for byte; otherwise what differs, with a diff of the
    first differing file and what to run if the change is meant."""
    have, want = files(built), files(golden)
    problems = [f"not built, but in the golden site: {name}" for name in sorted(want.keys() - have.keys())]
    problems += [f"built, but not in the golden site: {name}" for name in sorted(have.keys() - want.keys())]
    changed = [name for name in sorted(want.keys() & have.keys()) if want[name] != have[name]]
    problems += [f"differs from the golden site: {name}" for name in changed]
    if not problems:
        return None
    message = [
        f"The fixture site (tests/fixtures/site/) no longer builds to {golden}:",
        *problems,
        "If the change is meant, run `make golden` and commit tests/golden/site/ with it.",
    ]
    if changed:
        name = changed[0]
        diff = difflib.unified_diff(
            want[name].decode("utf-8", "replace").splitlines(),
            have[name].decode("utf-8", "replace").splitlines(),
            f"golden/{name}",
            f"built/{name}",
            lineterm="",
        )
        shown = [line[:LINE_WIDTH] for line in diff]
        message += [f"The first differing file, {name}:", *shown[:DIFF_LINES]]
        if len(shown) > DIFF_LINES:
            message.append(f"… and {len(shown) - DIFF_LINES} more lines of diff")
    return "\n".join(message)


def main() -> None:
    """Write tests/golden/site/ again from the fixture content."""
    with tempfile.TemporaryDirectory() as folder:
        site = build_fixture_site(Path(folder))
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(site, GOLDEN, ignore=shutil.ignore_patterns(*LEFT_OUT))
    print(f"wrote tests/golden/site/ ({len(files(GOLDEN))} files): review the diff, then commit it")


if __name__ == "__main__":
    main()
