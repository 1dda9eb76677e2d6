"""The one look shared by the portal and the tracker: layout, components, catalogue and language context.

Each app calls `init_ui` with its site data and how it links to the portal's pages; the templates in
`sitekit/templates/` (layout.html, components/) then work the same in both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, current_app, request, url_for
from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import i18n
from .i18n import current_language, site_data
from .sitedata import Language, Translated, pick

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


@dataclass(frozen=True)
class Ui:
    page_url: Callable[..., str]  # page_url(slug, lang=None) -> the address of a portal page
    site_url: Callable[[], str]  # the absolute base for hreflang links


def ui() -> Ui:
    found = current_app.extensions["ui"]
    assert isinstance(found, Ui)
    return found


def alternates() -> list[tuple[Language, str]]:
    """This page in every language: the same endpoint with another `lang`, or each language's home."""
    endpoint, args = request.endpoint, dict(request.view_args or {})
    languages = site_data().languages
    if endpoint and current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        return [(lang, url_for(endpoint, **{**args, "lang": lang.code})) for lang in languages]
    return [(lang, ui().page_url("home", lang.code)) for lang in languages]


def form_errors(form: Any) -> list[tuple[str, str]]:
    """(anchor, message) for each error in a form, in field order, for the error summary. A group of
    radios or checkboxes is reached through its first option."""
    found = []
    for field in form:
        grouped = field.type in ("RadioField", "MultiCheckboxField")
        for message in field.errors:
            found.append((f"{field.id}-0" if grouped else field.id, str(message)))
    return found


def init_ui(app: Flask, site: Any, shared: Ui, translations_dir: Path) -> None:
    app.extensions["site"] = site
    app.extensions["ui"] = shared
    app.jinja_env.undefined = StrictUndefined
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    if app.jinja_loader is not None and Path(app.root_path) / "templates" != TEMPLATES:
        app.jinja_loader = ChoiceLoader([app.jinja_loader, FileSystemLoader(TEMPLATES)])
    i18n.init_app(app, str(translations_dir))
    app.jinja_env.filters["form_errors"] = form_errors

    @app.context_processor
    def shared_context() -> dict[str, Any]:
        language = current_language()
        site = site_data()

        def text(value: Translated) -> str:
            return pick(value, language.code)

        def marked(value: Translated) -> Markup:
            """Text in the reader's language, or its English marked as English where there is none yet."""
            if language.code in value or not value.get("en"):
                return Markup.escape(pick(value, language.code))
            return Markup('<span lang="en" dir="ltr">%s</span>') % value["en"]

        return {
            "lang": language,
            "languages": site.languages,
            "t": text,
            "tm": marked,
            "site": site,
            "footer_contact": site.contacts[site.council.footer_contact],
            "page_url": ui().page_url,
            "site_url": ui().site_url(),
            "alternates": alternates(),
            "Markup": Markup,
        }
