"""The static portal: a Flask app that Frozen-Flask writes out as files (see build.py)."""

from __future__ import annotations

from datetime import date

from flask import Flask

from sitekit.errors import ContentError, ContentErrors
from sitekit.sitedata import load_site_data
from sitekit.ui import STATIC, Ui, init_ui

from . import annual, performance
from .config import PortalConfig
from .content import PageCache, load_pages
from .state import PortalState


def create_app(config: PortalConfig | None = None, page_cache: PageCache | None = None) -> Flask:
    """Wiring only: read the content (parsed pages from `page_cache` where unchanged), then register the
    language machinery and the views."""
    config = config or PortalConfig.from_env()
    app = Flask(__name__, static_folder=str(STATIC), static_url_path="/static")
    site = load_site_data(config.content_dir)
    errors: list[ContentError] = []
    try:
        pages = load_pages(config.content_dir, site, page_cache)
    except ContentErrors as problems:
        errors.extend(problems.errors)
    try:
        publications = performance.load(
            config.content_dir / "performance", date.today(), config.sample_performance_dir
        )
    except ContentErrors as problems:
        errors.extend(problems.errors)
    try:
        assessment = annual.load_self_assessment(config.content_dir / "self-assessment.yaml", site.procedures)
    except ContentErrors as problems:
        errors.extend(problems.errors)
    try:
        texts = annual.load_year_texts(config.content_dir / "annual-reports")
    except ContentErrors as problems:
        errors.extend(problems.errors)
    if errors:
        raise ContentErrors(errors)
    app.extensions["portal"] = PortalState(
        config, site, pages, publications, assessment, annual.annual_reports(publications), texts
    )

    from . import views, views_performance

    init_ui(app, site, Ui(page_url=views.page_url, site_url=lambda: config.site_url), config.translations_dir)
    views.init_app(app)
    views_performance.init_app(app)
    return app
