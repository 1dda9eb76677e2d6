"""`make build`: freeze the portal into build/site/, then prove every page was written and every link works.

Every (language, page) pair whose inputs changed is listed explicitly, rather than found by replaying
`url_for` calls, which can drop a whole language silently; afterwards the build checks each expected file
exists. Frozen-Flask freezes exactly those addresses (`make_freezer`). Pages are parsed and frozen on every
core; links are collected as each page is rendered and checked without reading the files again.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import stat
import sys
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import click
from flask import Flask, Response, request
from flask_frozen import Freezer, MissingURLGeneratorWarning
from jinja2 import FileSystemBytecodeCache

from sitekit.catalogue import compile_all
from sitekit.errors import ContentError, ContentErrors

from . import create_app, parallel, stylesheet
from .buildcache import REASONS, FileDigests, Inputs, Manifest, PageStore, Written, digest
from .config import PortalConfig
from .content import HOME, NOT_FOUND, Page
from .linkcheck import Found, check, scan, url_to_name
from .parallel import map_chunks
from .state import state


class BuildError(Exception):
    """The site could not be built; the message lists every problem."""


@dataclass(frozen=True)
class Expected:
    endpoint: str
    values: dict[str, str]
    lang: str | None


def expected_pages(app: Flask) -> list[Expected]:
    portal = state(app)
    wanted = [
        Expected("portal.choose_language", {}, None),
        Expected("portal.root_not_found", {}, None),
        Expected("portal.sitemap", {}, None),
        Expected("portal.robots", {}, None),
        Expected("portal.favicon", {}, None),
    ]
    from .views_performance import expected as performance_pages

    with app.app_context():
        wanted.extend(
            Expected(endpoint, values, lang)
            for endpoint, values, lang in performance_pages(portal.site.codes)
        )
    for lang in portal.site.codes:
        wanted.append(Expected("pages.home", {"lang": lang}, lang))
        wanted.append(Expected("pages.not_found", {"lang": lang}, lang))
        wanted.extend(
            Expected("pages.page", {"lang": lang, "slug": slug}, lang)
            for slug in portal.pages.slugs
            if slug not in (HOME, NOT_FOUND)
        )
    return wanted


def make_freezer(app: Flask, destination: Path, urls: list[str]) -> Freezer:
    """A Frozen-Flask freezer for exactly `urls`: static files and clean-up are the build's own work.
    Frozen-Flask requests each address, fails on any status but 200 or a file name whose type is not the
    response's, and writes a file only when its bytes change."""
    app.config.update(
        FREEZER_DESTINATION=str(destination),
        FREEZER_REMOVE_EXTRA_FILES=False,
        FREEZER_IGNORE_404_NOT_FOUND=False,
        FREEZER_REDIRECT_POLICY="error",
        FREEZER_BASE_URL=state(app).config.site_url + "/",
    )
    freezer = Freezer(app, with_static_files=False, with_no_argument_rules=False, log_url_for=False)

    def every_page() -> Iterator[str]:
        yield from urls

    freezer.register_generator(every_page)
    return freezer


def _collect_links(app: Flask) -> dict[str, Found]:
    """Keep each page's links and ids as it is rendered, by its address."""
    collected: dict[str, Found] = {}

    @app.after_request
    def collect(response: Response) -> Response:
        if response.status_code == 200 and response.mimetype == "text/html":
            collected[request.path] = scan(response.get_data(as_text=True))
        return response

    return collected


# What forked workers inherit: the app, where to write, and where the links of each page are collected.
_FREEZING: tuple[Flask, Path, dict[str, Found]] | None = None


def _freeze_run(run: list[str]) -> dict[str, Found]:
    """Freeze one run of addresses, in a worker process or this one; returns what each page holds."""
    assert _FREEZING is not None
    app, destination, collected = _FREEZING
    collected.clear()
    for _ in make_freezer(app, destination, run).freeze_yield():
        pass
    return dict(collected)


def source_page(app: Flask, page: Expected) -> Page | None:
    """The content page a frozen file shows, if it shows one."""
    portal = state(app)
    if page.endpoint == "portal.root_not_found":
        return portal.pages.get(portal.site.codes[0], NOT_FOUND)
    slug = {"pages.home": HOME, "pages.not_found": NOT_FOUND}.get(page.endpoint, page.values.get("slug"))
    if page.endpoint.startswith("pages.") and page.lang and slug:
        return portal.pages.get(page.lang, slug)
    return None


def output_key(
    app: Flask, page: Expected, inputs: Inputs, store: PageStore, every_page: str
) -> dict[str, str]:
    """The digests of everything one frozen file is made from."""
    key = {
        "code": inputs.code,
        "settings": inputs.settings,
        "site": inputs.site,
        "catalogue": inputs.catalogue(page.lang),
    }
    source = source_page(app, page)
    if source is not None:
        key["page"] = store.sources.get(source.path, "")
    else:
        key["pages"] = every_page
    return key


def write_static(app: Flask, destination: Path, pages: list[Found]) -> list[str]:
    """Copy the static files, stylesheets minified and without the rules none of `pages` can match;
    returns their names in the site. A file is written only when its bytes change."""
    classes = {name for page in pages for name in page.classes}
    elements = {name for page in pages for name in page.elements}
    folder = Path(app.static_folder or ".")
    prefix = (app.static_url_path or "/static").strip("/")
    names = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = f"{prefix}/{path.relative_to(folder).as_posix()}"
        data = path.read_bytes()
        if path.suffix == ".css":
            data = stylesheet.prune(stylesheet.minify(data.decode("utf-8")), classes, elements).encode()
        target = destination / name
        if not target.is_file() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        names.append(name)
    return names


def remove_extra_files(destination: Path, keep: set[str]) -> list[str]:
    """Delete what an earlier build wrote and this one did not (a deleted page, say), and the folders that
    leaves empty: bottom up, so a folder that held only an emptied folder goes too."""
    removed = []
    root = len(str(destination)) + 1
    emptier: set[str] = set()  # folders that lost a file or a folder
    for folder, _, names in os.walk(destination, topdown=False):
        for name in names:
            path = os.path.join(folder, name)  # strings, not Path objects: every file of every build
            relative = path[root:].replace(os.sep, "/")
            if relative not in keep:
                os.unlink(path)
                removed.append(relative)
                emptier.add(folder)
        if folder in emptier and folder != str(destination):
            with contextlib.suppress(OSError):  # not empty: it still holds something kept
                os.rmdir(folder)
                emptier.add(os.path.dirname(folder))
    return removed


def _folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _stat(path: str) -> os.stat_result | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found if stat.S_ISREG(found.st_mode) else None


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "es" if word.endswith("s") else "s")


def _report_rebuild(reasons: dict[str, str], total: int, changed_data: list[str], out: TextIO) -> None:
    if not reasons:
        print(f"Nothing to rebuild: all {total} pages are as their inputs.", file=out)
        return
    print(f"Rebuilding {len(reasons)} of {total} pages:", file=out)
    by_reason: dict[str, list[str]] = {}
    for url, reason in reasons.items():
        by_reason.setdefault(reason, []).append(url)
    for reason, urls in by_reason.items():
        shown = ", ".join(urls[:4]) + (", …" if len(urls) > 4 else "")
        detail = f" ({', '.join(changed_data)})" if reason == REASONS["site"] and changed_data else ""
        print(f"  {_plural(len(urls), 'page')}: {reason}{detail}: {shown}", file=out)


def build(config: PortalConfig, out: TextIO = sys.stdout) -> Counter[str]:
    """Build the site; returns the number of pages per language. Raises BuildError listing what is wrong.

    Only the files whose inputs changed since the last build into the same folder are written again
    (see buildcache.py); the rest of the checks run on every page every time.

    The cyclic garbage collector is off while it runs (and in the workers it forks): a build makes few
    cycles, and the collector's passes over every parsed page were about 5% of a cold build's time
    (about 30 MB more memory at 1,000 pages)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(config, out)
    finally:
        if enabled:
            gc.enable()


def _build(config: PortalConfig, out: TextIO) -> Counter[str]:
    global _FREEZING
    started = time.perf_counter()
    compile_all(config.translations_dir, only_changed=True)
    files = FileDigests(config.cache / "digests.marshal")
    inputs = Inputs.read(config, files)
    store = PageStore(config.cache, inputs.code, config.content_dir, files)
    try:
        app = create_app(config, page_cache=store)
    except ContentErrors as exc:
        raise BuildError(
            f"{len(exc.errors)} problem(s) in content/:\n" + "\n".join(map(str, exc.errors))
        ) from exc
    except ContentError as exc:
        raise BuildError(f"1 problem in content/:\n{exc}") from exc
    # Templates compiled once, not by every build.
    app.jinja_env.bytecode_cache = FileSystemBytecodeCache(str(_folder(config.cache / "templates")))
    collected = _collect_links(app)
    destination = config.build_dir
    destination.mkdir(parents=True, exist_ok=True)
    wanted = expected_pages(app)
    static_files = sum(1 for path in Path(app.static_folder or ".").rglob("*") if path.is_file())
    print(
        f"Building {len(wanted)} pages and {static_files} static file(s) into {destination}"
        f" ({_plural(parallel.workers(), 'process')})",
        file=out,
        flush=True,
    )
    with app.test_request_context():
        from flask import url_for

        urls = {url_for(page.endpoint, _external=False, **page.values): page for page in wanted}
    manifest_path = config.cache / "outputs.marshal"
    previous = Manifest.load(manifest_path, destination)
    every_page = digest(repr(sorted(state(app).pages.by_key)))
    keys = {url: output_key(app, page, inputs, store, every_page) for url, page in urls.items()}
    # Plain strings rather than Path objects: this runs for every page of every build.
    names = {url: url_to_name(url) for url in urls}
    root = f"{destination}{os.sep}"
    reasons = {
        url: reason
        for url in urls
        if (reason := previous.why(names[url], keys[url], f"{root}{names[url]}")) is not None
    }
    _report_rebuild(reasons, len(urls), previous.changed_shared(inputs.shared), out)
    stale = list(reasons)
    found: dict[str, Found] = {}
    # Templates compiled here once, before workers are forked, rather than in each of them.
    app.jinja_env.get_template("views/pages/page.html")
    _FREEZING = (app, destination, collected)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            # Each freezer is given only some pages; the build checks every page was written.
            warnings.simplefilter("ignore", MissingURLGeneratorWarning)
            done = 0
            kept = False
            for run, links in map_chunks(_freeze_run, stale):
                if not kept:
                    # The parsed pages and the inputs' digests are right whatever the rest of the build
                    # finds: this process writes them while the workers freeze the other pages.
                    store.save()
                    files.save()
                    kept = True
                found |= links
                done += len(run)
                print(f"  [{done}/{len(stale)}] {run[-1]}", file=out, flush=True)
    except ValueError as exc:
        raise BuildError(str(exc)) from exc
    finally:
        _FREEZING = None
    stats = {url: _stat(f"{root}{names[url]}") for url in urls}
    missing = [url for url, found_stat in stats.items() if found_stat is None]
    if missing:
        raise BuildError("pages that should have been written were not:\n" + "\n".join(missing))

    manifest = Manifest(str(destination), inputs.shared)
    pages: dict[str, Found] = {}
    for url in urls:
        name, file_stat = names[url], stats[url]
        assert file_stat is not None
        if url in found:
            page = found[url]
        elif url in reasons:  # frozen, but not HTML
            page = Found()
        else:
            entry = previous.files[name]
            page = Found(entry.links, set(entry.ids), set(entry.classes), set(entry.elements))
        if name.endswith(".html"):
            pages[name] = page
        manifest.files[name] = Written(
            keys[url],
            file_stat.st_size,
            file_stat.st_mtime_ns,
            page.links,
            sorted(page.ids),
            sorted(page.classes),
            sorted(page.elements),
        )
    static_names = write_static(app, destination, list(pages.values()))
    remove_extra_files(destination, set(names.values()) | set(static_names))
    tracker = state(app).tracker_url
    skip = (tracker,) if tracker.startswith("/") else ()
    broken = check(pages, [*manifest.files, *static_names], skip_prefixes=skip)
    if broken:
        raise BuildError(f"{len(broken)} broken link(s):\n" + "\n".join(broken))
    manifest.save(manifest_path)
    if not kept:
        store.save()
        files.save()
    # What the previous format of the cache kept: a pickle per page, and the manifest as JSON.
    shutil.rmtree(config.cache / "pages", ignore_errors=True)
    (config.cache / "outputs.json").unlink(missing_ok=True)

    per_language = Counter(page.lang or "(root)" for page in wanted)
    seconds = time.perf_counter() - started
    summary = ", ".join(f"{lang}: {count}" for lang, count in sorted(per_language.items()))
    print(f"Built {len(wanted)} pages in {seconds:.1f} s ({summary}); links checked.", file=out)
    return per_language


@click.command("portal-build")
def main() -> None:
    """Build the static site into BUILD_DIR (build/site/), checking every link; exit 1 when it cannot be
    built. Settings: SITE_URL, TRACKER_URL, CONTENT_DIR, BUILD_DIR, BUILD_CACHE, SAMPLE_PERFORMANCE_DIR."""
    config = PortalConfig.from_env()
    try:
        build(config)
    except BuildError as exc:
        click.echo(f"The site was not built.\n{exc}", err=True)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
