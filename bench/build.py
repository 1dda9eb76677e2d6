"""The site build against Pelican on the same Markdown, and the real site's build time and page weight.

    .venv/bin/python bench/build.py [--pages 1000] [--runs 3]

1. Generates a deterministic English corpus (`--pages` pages of about 850 words, six headed sections, a
   list and a table each) twice: as portal content and as Pelican pages with the same Markdown bodies.
2. Cold builds, in turn: `portal-build` (empty output folder, empty cache) and `pelican` (no cache); each
   the median of `--runs`, wall-clock time of the whole command. Prints both and the ratio, and the CPU
   time of each (with its worker processes), which depends much less on other work on the machine, and its
   user part (the system part is mostly the file system's, which is slow after many files were deleted).
3. Warm rebuilds after one page changed: ours with its cache, Pelican with its content cache.
4. The real site (content/, every language): a cold build, a warm build with nothing changed, and the
   median page weight (HTML plus the stylesheet it loads), read from the built files.

`--only cold,warm,real` runs only those parts (`warm` alone starts from one untimed cold build of each).
`--no-pelican` leaves Pelican out. To time another checkout of the portal with this script, put it first
on PYTHONPATH (`PYTHONPATH=/path/to/checkout .venv/bin/python bench/build.py`): `portal-build` imports it.

Nothing is installed: Pelican comes from the lock (the `bench` extra). The project's modules are compiled
once before the timings (into their `__pycache__` folders, which git ignores), as Pelican's were when pip
installed it: an editable install under `PYTHONDONTWRITEBYTECODE` would compile them on every run.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Pages the layout links to on every page: the corpus has them, so every link resolves.
NAMED = ("home", "not-found", "contact", "accessibility", "privacy", "cookies", "how-to-complain", "policy")
# The vocabulary of the generated text: words a complaints site uses.
_VOCABULARY = (
    "complaint resident council housing repair response stage review officer service request",
    "time working days letter decision remedy evidence record contact phone email address",
    "policy team manager escalation ombudsman outcome learning apology delay update report",
    "property tenant landlord damp mould heating window door roof noise waste collection",
    "parking permit benefit payment account notice meeting visit inspection appointment support",
    "adjustment language interpreter accessible format deadline extension reason summary action",
    "plan improvement",
)
WORDS = [word for line in _VOCABULARY for word in line.split()]

PELICAN_CONF = """\
PATH = "content"
SITEURL = ""
SITENAME = "Bench"
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = []
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
# The default theme lists every page in every page's menu (a million links at 1,000 pages); ours has a fixed
# menu, so Pelican's is turned off to compare the same work.
DISPLAY_PAGES_ON_MENU = False
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.attr_list": {},
        "markdown.extensions.tables": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}
"""
PELICAN_CACHE = 'CACHE_CONTENT = True\nLOAD_CONTENT_CACHE = True\nCACHE_PATH = "cache"\n'


def slugs(count: int) -> list[str]:
    return [*NAMED, *(f"page-{n:04d}" for n in range(len(NAMED), count))][:count]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, words: int) -> str:
    out, left = [], words
    while left > 0:
        n = min(left, rng.randint(8, 16))
        out.append(sentence(rng, n))
        left -= n
    return " ".join(out)


def body(rng: random.Random, index: int, all_slugs: list[str]) -> str:
    """About 850 words of Markdown: six sections with anchors, a list, a table, links in and out."""
    target = all_slugs[(index + 1) % len(all_slugs)]
    target = "contact" if target == "not-found" else target  # the 404 page has no address of its own
    parts = []
    for section in range(1, 7):
        parts.append(f"## {sentence(rng, 4)[:-1]} {{#section-{section}}}")
        parts.append(paragraph(rng, 62))
        parts.append(paragraph(rng, 62))
        if section == 2:
            parts.append("\n".join(f"- {sentence(rng, 6)}" for _ in range(4)))
        if section == 3:
            rows = ["| what | when | who |", "| --- | --- | --- |"]
            rows += [
                f"| {rng.choice(WORDS)} | {rng.randint(1, 20)} days | {rng.choice(WORDS)} |" for _ in range(6)
            ]
            parts.append("\n".join(rows))
        if section == 4:
            parts.append(f"See [the next page](page:{target}#section-2) and [the first section](#section-1).")
    return "\n\n".join(parts) + "\n"


def generate(folder: Path, count: int) -> tuple[Path, Path]:
    """The corpus as portal content and as a Pelican project; returns both folders."""
    ours, theirs = folder / "ours" / "content", folder / "pelican"
    # The real site data in English only: every other language's line of translated text is dropped.
    (ours / "site").mkdir(parents=True)
    other = re.compile(r"^\s+(?!en:)[a-z]{2}: ")
    for path in (ROOT / "content" / "site").glob("*.yaml"):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        (ours / "site" / path.name).write_text("".join(x for x in lines if not other.match(x)), "utf-8")
    (ours / "site" / "languages.yaml").write_text(
        "- code: en\n  name: English\n  locale: en_GB\n  dir: ltr\n", encoding="utf-8"
    )
    (ours / "pages" / "en").mkdir(parents=True)
    (theirs / "content" / "pages").mkdir(parents=True)
    (theirs / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
    (theirs / "cacheconf.py").write_text(PELICAN_CONF + PELICAN_CACHE, encoding="utf-8")
    rng = random.Random(15)
    names = slugs(count)
    for index, slug in enumerate(names):
        title, summary = sentence(rng, 5)[:-1], sentence(rng, 12)
        text = body(rng, index, names)
        (ours / "pages" / "en" / f"{slug}.md").write_text(
            f"---\ntitle: {title}\nsummary: {summary}\ncontents: true\n---\n\n{text}", encoding="utf-8"
        )
        (theirs / "content" / "pages" / f"{slug}.md").write_text(
            f"Title: {title}\nSummary: {summary}\nSlug: {slug}\n\n{text}", encoding="utf-8"
        )
    return ours, theirs


# CPU seconds (user and system, the command and its worker processes) of every command run, by label:
# on a machine shared with other work, wall-clock time follows the other work; CPU time much less so.
# The system part of it is mostly the file system's: creating a file or folder soon after many were deleted
# (another build's, a test's) costs far more than otherwise, so the user part is kept apart too.
CPU: dict[str, list[float]] = {}
USER: dict[str, list[float]] = {}


def _children_cpu() -> tuple[float, float]:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime, usage.ru_utime


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None, label: str = "") -> float:
    started, (cpu, user) = time.perf_counter(), _children_cpu()
    result = subprocess.run(
        command, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    cpu_after, user_after = _children_cpu()
    CPU.setdefault(label or command[0], []).append(cpu_after - cpu)
    USER.setdefault(label or command[0], []).append(user_after - user)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return seconds


def cpu(label: str) -> str:
    """The median CPU time of the runs with this label since the last call, and forget them."""
    return f"{statistics.median(CPU.pop(label)):.2f}"


def user(label: str) -> str:
    """The same for the user part of the CPU time."""
    return f"{statistics.median(USER.pop(label)):.2f}"


# The project's own modules compiled once, before any timing, as Pelican's were when pip installed them: an
# editable install is not compiled, and with PYTHONDONTWRITEBYTECODE (this machine sets it, and the Makefile
# exports it) every run of ours would compile them again (about 0.05 s of its start-up). The files go in
# the usual `__pycache__` folders, which git ignores; Python reads them only while they match the source.
def compile_ours() -> None:
    packages = []
    for name in ("casecore", "sitekit", "portal"):
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.submodule_search_locations, name
        packages.append(str(Path(next(iter(spec.submodule_search_locations)))))
    subprocess.run([sys.executable, "-m", "compileall", "-q", *packages], check=True, capture_output=True)


def ours(content: Path, out: Path, cache: Path, cwd: Path) -> float:
    env = {"CONTENT_DIR": str(content), "BUILD_DIR": str(out), "BUILD_CACHE": str(cache)}
    return timed([str(BIN / "portal-build")], cwd, env, "ours")


def pelican(project: Path, settings: str) -> float:
    command = [str(BIN / "pelican"), "content", "-o", "output", "-s", settings, "-q"]
    return timed(command, project, label="pelican")


def touch_one_page(content: Path, pelican_project: Path, round_: int) -> None:
    """Change one paragraph of one page, the same way in both copies."""
    extra = f"\n\nA sentence added in round {round_}.\n"
    for path in (content / "pages" / "en" / "page-0500.md", pelican_project / "content/pages/page-0500.md"):
        if not path.exists():  # fewer pages than usual
            path = sorted(path.parent.glob("*.md"))[-1]
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")


def median_page_weight(site: Path) -> tuple[float, int]:
    """The median over every HTML page of its size plus the stylesheet's, in KB; and the stylesheet's size."""
    css = sum(path.stat().st_size for path in site.rglob("*.css"))
    sizes = [path.stat().st_size + css for path in site.rglob("*.html")]
    return statistics.median(sizes) / 1000, css


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def report(what: str, ours_seconds: list[float], theirs_seconds: list[float]) -> None:
    a = statistics.median(ours_seconds)
    if not theirs_seconds:
        print(f"{what:<12} portal-build {a:6.2f} s (CPU {cpu('ours')} s, user {user('ours')} s)")
        return
    b = statistics.median(theirs_seconds)
    print(f"{what:<12} portal-build {a:6.2f} s   pelican {b:6.2f} s   pelican/ours {b / a:.2f}")
    print(f"  CPU time   portal-build {cpu('ours'):>6} s   pelican {cpu('pelican'):>6} s")
    print(f"    user     portal-build {user('ours'):>6} s   pelican {user('pelican'):>6} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default="cold,warm,real", help="parts to run: cold, warm, real")
    parser.add_argument("--no-pelican", action="store_true", help="time portal-build only")
    args = parser.parse_args(argv)
    parts = set(args.only.split(","))
    theirs = not args.no_pelican
    print(f"load average at the start: {load()}")
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        work = Path(tmp)
        compile_ours()
        content, project = generate(work, args.pages)
        words = len((content / "pages" / "en" / "page-0010.md").read_text(encoding="utf-8").split())
        print(f"Corpus: {args.pages} English pages of about {words} words (headings, a list, a table each)")

        out, cache = work / "out-0", work / "cache-0"
        if "cold" in parts:
            cold_ours, cold_theirs = [], []
            for run in range(args.runs):
                out, cache = work / f"out-{run}", work / f"cache-{run}"
                cold_ours.append(ours(content, out, cache, work))
                if theirs:
                    shutil.rmtree(project / "output", ignore_errors=True)
                    cold_theirs.append(pelican(project, "pelicanconf.py"))
            report("cold build", cold_ours, cold_theirs)
        elif "warm" in parts:
            ours(content, out, cache, work)
            CPU.pop("ours"), USER.pop("ours")

        if "warm" in parts:
            # Warm: the cache of the last cold run, one page changed each round.
            if theirs:
                pelican(project, "cacheconf.py")
                CPU.pop("pelican"), USER.pop("pelican")
            warm_ours, warm_theirs = [], []
            for run in range(args.runs):
                touch_one_page(content, project, run)
                warm_ours.append(ours(content, out, cache, work))
                if theirs:
                    warm_theirs.append(pelican(project, "cacheconf.py"))
            report("one changed", warm_ours, warm_theirs)
        if "real" not in parts:
            print(f"load average at the end: {load()}")
            return 0

        site, cache = work / "real-site", work / "real-cache"
        cold = [ours(ROOT / "content", site, work / f"real-cache-{run}", work) for run in range(args.runs)]
        if (work / f"real-cache-{args.runs - 1}").is_dir():
            shutil.copytree(work / f"real-cache-{args.runs - 1}", cache)
        warm = [ours(ROOT / "content", site, cache, work) for _ in range(args.runs)]
        pages = sum(1 for _ in site.rglob("*.html"))
        weight, css = median_page_weight(site)
        print(
            f"real site    {pages} pages: cold {statistics.median(cold):.2f} s, "
            f"nothing changed {statistics.median(warm):.2f} s; "
            f"median page {weight:.1f} KB (stylesheet {css / 1000:.1f} KB)"
        )
    print(f"load average at the end: {load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
