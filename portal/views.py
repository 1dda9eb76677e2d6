"""The portal's pages: the language chooser, content pages, 404, sitemap and robots.txt."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    has_request_context,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, gettext
from markupsafe import Markup, escape
from werkzeug.exceptions import NotFound

from sitekit.i18n import current_language, language_in_path, set_language
from sitekit.ui import STATIC

from .content import HOME, NOT_FOUND, ROOT_MARK, TRACKER_MARK, Html, Page, Segment
from .state import state

bp = Blueprint("portal", __name__)
pages_bp = Blueprint("pages", __name__, url_prefix="/<lang>")


def page_url(slug: str, lang: str | None = None, *, external: bool = False) -> str:
    """The address of a page. In a request it is built once per request's base and kept (the layout asks
    for the same few addresses on every page)."""
    code = lang or current_language().code
    if not has_request_context():
        return _build_page_url(slug, code, external)
    key = (slug, code, external, request.host_url if external else "", request.script_root)
    known: dict[tuple[str, str, bool, str, str], str] = current_app.extensions.setdefault("page_urls", {})
    if key not in known:
        known[key] = _build_page_url(slug, code, external)
    return known[key]


def _build_page_url(slug: str, code: str, external: bool) -> str:
    if slug == HOME:
        return url_for("pages.home", lang=code, _external=external)
    if slug == NOT_FOUND:
        return url_for("pages.not_found", lang=code, _external=external)
    if slug == "performance":
        return url_for("performance.index", lang=code, _external=external)
    return url_for("pages.page", lang=code, slug=slug, _external=external)


def per_language(part: str, render: Callable[[], str]) -> Markup:
    """A part of the layout that is the same on every content page in a language (the site's navigation,
    the footer): rendered once per language, locale and address base, then kept. Rendered every time when
    templates reload (the development server)."""
    if current_app.jinja_env.auto_reload:
        return Markup(render())
    key = (part, current_language().code, str(get_locale()), request.script_root)
    known: dict[tuple[str, str, str, str], Markup] = current_app.extensions.setdefault("per_language", {})
    if key not in known:
        known[key] = Markup(render())
    return known[key]


def _resolve(segment: Segment, lang: str) -> Segment:
    """Complete the portal and tracker links that content.py left marked in a page's HTML."""
    if not isinstance(segment, Html):
        return segment
    tracker = f"{state().tracker_url}/{lang}"
    return Html(segment.html.replace(ROOT_MARK, page_url(HOME, lang)).replace(TRACKER_MARK, tracker))


SECTION = re.compile(r"<h2[ >]")


def _back_to_contents(body: list[Segment]) -> list[Segment]:
    """On a page with contents, a link back to them at the end of every section (before each ## heading
    but the first, and at the end), so a reader on a phone need not scroll back up a long page."""
    label = escape(gettext("Back to contents"))
    link = f'<p class="back-to-contents"><a href="#contents">{label}</a></p>\n'
    seen = False

    def before(match: re.Match[str]) -> str:
        nonlocal seen
        found, seen = seen, True
        return (link if found else "") + match.group(0)

    marked: list[Segment] = [
        Html(SECTION.sub(before, segment.html)) if isinstance(segment, Html) else segment for segment in body
    ]
    return [*marked, Html(link)] if seen else marked


def render_page(slug: str, status: int = 200) -> tuple[str, int]:
    portal = state()
    language = current_language()
    found = portal.pages.get(language.code, slug)
    if found is None:
        abort(404)
    page: Page = found
    body = [_resolve(segment, language.code) for segment in page.segments]
    if page.contents:
        body = _back_to_contents(body)
    html = render_template(
        "views/pages/page.html",
        page=page,
        body=body,
        # The text is English under another language's address until a translation exists.
        fallback=page.lang != language.code,
        unreviewed=page.translated and page.reviewed is False,
        slug=slug,
        home=slug == HOME,
    )
    return html, status


@pages_bp.route("/")
def home() -> tuple[str, int]:
    return render_page(HOME)


@pages_bp.route("/<slug>/")
def page(slug: str) -> tuple[str, int]:
    if slug in (HOME, NOT_FOUND):
        abort(404)
    return render_page(slug)


@pages_bp.route("/404.html")
def not_found() -> tuple[str, int]:
    # Frozen as a file for the static host's error page, so it answers 200 to the freezer.
    return render_page(NOT_FOUND)


@bp.route("/")
def choose_language() -> str:
    choices = [(lang, page_url(HOME, lang.code)) for lang in state().site.languages]
    return render_template("views/choose_language.html", choices=choices)


@bp.route("/404.html")
def root_not_found() -> tuple[str, int]:
    return render_page(NOT_FOUND)


@bp.route("/sitemap.xml")
def sitemap() -> Response:
    portal = state()
    base = portal.config.site_url
    urls: list[tuple[str, list[tuple[str, str]]]] = []
    for slug in portal.pages.slugs:
        if slug == NOT_FOUND:
            continue
        alternates = [(lang.code, base + page_url(slug, lang.code)) for lang in portal.site.languages]
        urls.extend((href, alternates) for _, href in alternates)
    xml = render_template("sitemap.xml", urls=urls, default=base + url_for("portal.choose_language"))
    return Response(xml, mimetype="application/xml")


@bp.route("/robots.txt")
def robots() -> Response:
    base = state().config.site_url
    return Response(f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n", mimetype="text/plain")


@bp.route("/favicon.ico")
def favicon() -> Response:
    """The icon at the address browsers and tools ask for whatever a page links to (pages link the SVG)."""
    return Response((STATIC / "favicon.ico").read_bytes(), mimetype="image/vnd.microsoft.icon")


def handle_not_found(error: NotFound) -> tuple[str, int]:
    """In the development server, an unknown address gets the 404 page in the language of its prefix."""
    set_language(language_in_path(request.path, state().site))
    return render_page(NOT_FOUND, 404)


def init_app(app: Flask) -> None:
    app.add_template_global(per_language)
    app.register_blueprint(bp)
    app.register_blueprint(pages_bp)
    app.register_error_handler(404, handle_not_found)
