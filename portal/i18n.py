"""Languages: the `/<lang>/` URL prefix, Babel catalogues, and locale-aware formatting for templates.

The language comes from the URL alone (never the browser), so every page freezes to one file per language.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from babel.dates import format_date, format_time, get_day_names
from flask import Flask, abort, g
from flask_babel import Babel, gettext, refresh

from .sitedata import Hours, Language, Translated, pick
from .state import state


def current_language() -> Language:
    lang = g.get("lang")
    if isinstance(lang, Language):
        return lang
    return state().site.languages[0]


def _locale_selector() -> str:
    return current_language().locale


def pull_language(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """URL value preprocessor for every request: `/ar/...` sets the language, an unknown one is a 404,
    and an address without one is in the first language. The freezer keeps one app context (and so one
    `g`) across all its requests, so the language and Babel's cached locale are set afresh each time."""
    site = state().site
    code = values.pop("lang") if values and "lang" in values else site.languages[0].code
    language = site.language(code)
    g.lang = language or site.languages[0]
    refresh()
    if language is None:
        abort(404)


def add_language(endpoint: str, values: dict[str, Any]) -> None:
    """URL defaults: `url_for` inside a page keeps the reader's language unless told otherwise."""
    if "lang" not in values and "lang" in g:
        values["lang"] = current_language().code


def format_hours(hours: Hours) -> str:
    locale = current_language().locale
    days = get_day_names("wide", locale=locale)
    opens, closes = (time.fromisoformat(t) for t in (hours.opens, hours.closes))
    return str(
        gettext(
            "%(first)s to %(last)s, %(opens)s to %(closes)s",
            first=days[hours.first_day],
            last=days[hours.last_day],
            opens=format_time(opens, "short", locale=locale),
            closes=format_time(closes, "short", locale=locale),
        )
    )


def format_day(day: date) -> str:
    return format_date(day, "long", locale=current_language().locale)


def init_app(app: Flask) -> None:
    portal = state(app)
    Babel(
        app,
        locale_selector=_locale_selector,
        default_translation_directories=str(portal.config.translations_dir),
    )
    app.url_value_preprocessor(pull_language)
    app.jinja_env.filters["hours"] = format_hours
    app.jinja_env.filters["day"] = format_day

    @app.context_processor
    def language_context() -> dict[str, Any]:
        language = current_language()

        def text(value: Translated) -> str:
            return pick(value, language.code)

        return {"lang": language, "languages": portal.site.languages, "t": text}
