"""The static portal: a Flask app that Frozen-Flask writes out as files (see build.py)."""

from __future__ import annotations

from flask import Flask

from .config import PortalConfig
from .content import load_pages
from .sitedata import load_site_data
from .state import PortalState
from .ui import Ui, init_ui


def create_app(config: PortalConfig | None = None) -> Flask:
    """Wiring only: read the content, then register the language machinery and the views."""
    config = config or PortalConfig.from_env()
    app = Flask(__name__)
    site = load_site_data(config.content_dir)
    app.extensions["portal"] = PortalState(config, site, load_pages(config.content_dir, site))

    from . import views

    init_ui(app, site, Ui(page_url=views.page_url, site_url=lambda: config.site_url), config.translations_dir)
    views.init_app(app)
    return app
