"""The tracker: residents submit and follow complaints; staff work them (see ARCHITECTURE.md)."""

from __future__ import annotations

from typing import Any

from flask import Flask, redirect, request, url_for
from werkzeug.wrappers import Response

from sitekit.sitedata import load_site_data
from sitekit.ui import STATIC, Ui, init_ui

from .config import TrackerConfig


def create_app(config: TrackerConfig | None = None) -> Flask:
    """Wiring only: settings, the shared look, the database, extensions, pages and commands."""
    config = config or TrackerConfig.from_env()
    config.refuse_in_production()
    app = Flask(__name__, static_folder=str(STATIC), static_url_path="/static")
    app.config.update(SECRET_KEY=config.secret_key, WTF_CSRF_TIME_LIMIT=None)
    app.extensions["tracker"] = config

    from pathlib import Path

    site = load_site_data(Path(config.content_dir))
    portal = config.portal_url.rstrip("/")

    def page_url(slug: str, lang: str | None = None, **_: Any) -> str:
        from sitekit.i18n import current_language

        code = lang or current_language().code
        return f"{portal}/{code}/" if slug == "home" else f"{portal}/{code}/{slug}/"

    init_ui(
        app,
        site,
        Ui(page_url=page_url, site_url=lambda: request.host_url.rstrip("/")),
        Path(config.translations_dir),
    )
    # The portal publishes performance pages when there are figure files; the tracker's header links to
    # them the same way the portal's does.
    has_performance = any((Path(config.content_dir) / "performance").glob("*.yaml"))
    app.context_processor(lambda: {"has_performance": has_performance})

    from . import attachments, cli, db, security
    from .extensions import csrf, init_limiter
    from .views import casefiles, casepage, journey, staff, status, survey

    db.init_app(app, config.database_url)
    attachments.init_app(app)
    csrf.init_app(app)
    app.config.update(RATELIMIT_STORAGE_URI=config.redis_url or "memory://", RATELIMIT_HEADERS_ENABLED=False)
    init_limiter(app)
    security.init_app(app, config)
    app.register_blueprint(journey.bp)
    app.register_blueprint(status.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(casepage.bp)
    app.register_blueprint(casefiles.bp)
    app.register_blueprint(survey.bp)
    cli.init_app(app)

    @app.route("/")
    def choose_language() -> Response:
        """No language in the address: the browser's preferred one, if we have it."""
        codes = [lang.code for lang in site.languages]
        best = request.accept_languages.best_match(codes) or codes[0]
        return redirect(url_for("journey.start", lang=best))

    # Only the site's languages: any other first segment stays a plain 404, not a redirect to add a slash.
    @app.route(f"/<any({', '.join(lang.code for lang in site.languages)}):lang>/")
    def language_home() -> Response:
        """A language with no page (`/en/`, `/tracker/ar/`): that language's form."""
        return redirect(url_for("journey.start"))

    return app
