"""The static portal: a Flask app that Frozen-Flask writes out as files (see build.py)."""

from __future__ import annotations

from flask import Flask
from jinja2 import StrictUndefined

from .config import PortalConfig
from .content import load_pages
from .sitedata import load_site_data
from .state import PortalState


def create_app(config: PortalConfig | None = None) -> Flask:
    """Wiring only: read the content, then register the language machinery and the views."""
    config = config or PortalConfig.from_env()
    app = Flask(__name__)
    app.jinja_env.undefined = StrictUndefined
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    site = load_site_data(config.content_dir)
    app.extensions["portal"] = PortalState(config, site, load_pages(config.content_dir, site))

    from . import i18n, views

    i18n.init_app(app)
    views.init_app(app)
    return app
