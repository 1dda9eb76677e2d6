"""`make build`: freeze the portal into build/site/, then prove every page was written and every link works.

Frozen-Flask is given every (language, page) pair by a URL generator rather than left to replay `url_for`
calls, which can drop a whole language silently; afterwards the build checks each expected file exists.
"""

from __future__ import annotations

import sys
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from flask import Flask
from flask_frozen import Freezer, MissingURLGeneratorWarning

from . import create_app
from .catalogue import compile_all
from .config import PortalConfig
from .content import HOME, NOT_FOUND
from .errors import ContentError, ContentErrors
from .linkcheck import broken_links, url_to_file
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


def make_freezer(app: Flask, destination: Path, wanted: list[Expected]) -> Freezer:
    app.config.update(
        FREEZER_DESTINATION=str(destination),
        FREEZER_REMOVE_EXTRA_FILES=True,
        FREEZER_IGNORE_404_NOT_FOUND=False,
        FREEZER_REDIRECT_POLICY="error",
        FREEZER_BASE_URL=state(app).config.site_url + "/",
    )
    freezer = Freezer(app, with_no_argument_rules=False, log_url_for=False)

    def every_page() -> Iterator[tuple[str, dict[str, str]]]:
        for page in wanted:
            yield page.endpoint, page.values

    freezer.register_generator(every_page)

    return freezer


def build(config: PortalConfig, out: TextIO = sys.stdout) -> Counter[str]:
    """Build the site; returns the number of pages per language. Raises BuildError listing what is wrong."""
    started = time.perf_counter()
    compile_all(config.translations_dir)
    try:
        app = create_app(config)
    except ContentErrors as exc:
        raise BuildError(
            f"{len(exc.errors)} problem(s) in content/:\n" + "\n".join(map(str, exc.errors))
        ) from exc
    except ContentError as exc:
        raise BuildError(f"1 problem in content/:\n{exc}") from exc
    destination = config.build_dir
    destination.mkdir(parents=True, exist_ok=True)
    wanted = expected_pages(app)
    freezer = make_freezer(app, destination, wanted)
    static_files = sum(1 for path in Path(app.static_folder or ".").rglob("*") if path.is_file())
    total = len(wanted) + static_files
    print(
        f"Building {len(wanted)} pages and {static_files} static file(s) into {destination}",
        file=out,
        flush=True,
    )
    with app.test_request_context():
        from flask import url_for

        urls = {url_for(page.endpoint, _external=False, **page.values): page for page in wanted}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            # Every page is given explicitly and checked afterwards; an endpoint with nothing to freeze
            # (no self-assessment written yet) is not a mistake.
            warnings.simplefilter("ignore", MissingURLGeneratorWarning)
            for number, url in enumerate(freezer.freeze_yield(), start=1):
                if number % 10 == 0 or number == total:
                    print(f"  [{number}/{total}] {url.url}", file=out, flush=True)
    except ValueError as exc:
        raise BuildError(str(exc)) from exc

    missing = [url for url in urls if not url_to_file(destination, url).is_file()]
    if missing:
        raise BuildError("pages that should have been written were not:\n" + "\n".join(missing))
    tracker = state(app).tracker_url
    broken = broken_links(destination, skip_prefixes=(tracker,) if tracker.startswith("/") else ())
    if broken:
        raise BuildError(f"{len(broken)} broken link(s):\n" + "\n".join(broken))

    per_language = Counter(page.lang or "(root)" for page in wanted)
    seconds = time.perf_counter() - started
    summary = ", ".join(f"{lang}: {count}" for lang, count in sorted(per_language.items()))
    print(f"Built {len(wanted)} pages in {seconds:.1f} s ({summary}); links checked.", file=out)
    return per_language


def main(argv: list[str] | None = None) -> int:
    config = PortalConfig.from_env()
    try:
        build(config)
    except BuildError as exc:
        print(f"The site was not built.\n{exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
