"""Languages: the `/<lang>/` URL prefix, Babel catalogues, and locale-aware formatting for templates.

The language comes from the URL (never guessed per page), so every page freezes to one file per language.
Used by the portal and the tracker alike, through `sitekit.ui.init_ui`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, time
from typing import Any, cast

from babel.dates import (
    format_date,
    format_skeleton,
    format_time,
    get_day_names,
    get_period_names,
    get_time_format,
)
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent
from flask import Flask, abort, current_app, g
from flask_babel import Babel, force_locale, get_locale, gettext, refresh
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from .sitedata import Hours, Language, SiteData


def site_data() -> SiteData:
    site = current_app.extensions["site"]
    assert isinstance(site, SiteData)
    return site


def current_language() -> Language:
    lang = g.get("lang")
    if isinstance(lang, Language):
        return lang
    return site_data().languages[0]


def set_language(language: Language) -> None:
    """The language of the rest of this request (or app context): `g.lang` and Babel's locale together."""
    g.lang = language
    refresh()


_UNSET = object()


@contextmanager
def in_language(language: Language) -> Iterator[Language]:
    """Within the block, `g.lang` and Babel's locale are `language` (an email in the resident's language);
    after it, both are what they were, so the page being answered keeps the reader's language."""
    before = g.get("lang", _UNSET)
    g.lang = language
    try:
        with force_locale(language.locale):
            yield language
    finally:
        if before is _UNSET:
            g.pop("lang", None)
        else:
            g.lang = before


def language_code_in(path: str) -> str:
    """The language prefix of an address: "ar" for "/ar/contact/", "" for "/" (whether or not it is a
    language the site has)."""
    return path.strip("/").split("/", 1)[0]


def language_in_path(path: str, site: SiteData | None = None) -> Language:
    """The site's language the address starts with, or the first language when it starts with none."""
    site = site or site_data()
    return site.language(language_code_in(path)) or site.languages[0]


def _locale_selector() -> str:
    return current_language().locale


def pull_language(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """URL value preprocessor for every request: `/ar/...` sets the language, an unknown one is a 404,
    and an address without one is in the first language. The freezer keeps one app context (and so one
    `g`) across all its requests, so the language and Babel's cached locale are set afresh each time."""
    site = site_data()
    code = values.pop("lang") if values and "lang" in values else site.languages[0].code
    language = site.language(code)
    set_language(language or site.languages[0])
    if language is None:
        abort(404)


def add_language(endpoint: str, values: dict[str, Any]) -> None:
    """URL defaults: `url_for` inside a page keeps the reader's language unless told otherwise."""
    if "lang" not in values and "lang" in g and current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        values["lang"] = current_language().code


def format_clock(moment: time, locale: str) -> str:
    """A time of day as the locale writes it: its own short format ("09:00", "9:00 ص"), except where the
    locale's data has no words of its own for morning and afternoon and falls back on the English "AM" and
    "PM" (Gujarati, Tamil, Urdu): then its words for the time of day ("9:00 સવારે", "மாலை 5:00")."""
    periods = get_period_names("abbreviated", "format", locale=locale)
    if "H" in get_time_format("short", locale=locale).pattern or periods.get("am") != "AM":
        return format_time(moment, "short", locale=locale)
    return format_skeleton("Bhm", moment, locale=locale)


def format_hours(hours: Hours) -> str:
    """Opening hours in the reader's words ("Monday to Friday, 09:00 to 17:00"): worked out once per app,
    locale and hours (every page's footer shows them)."""
    locale = current_language().locale
    known: dict[tuple[Any, str, Hours], str] = current_app.extensions.setdefault("portal.hours", {})
    key = (get_locale(), locale, hours)
    if key not in known:
        known[key] = _format_hours(hours, locale)
    return known[key]


def _format_hours(hours: Hours, locale: str) -> str:
    days = get_day_names("wide", locale=locale)
    opens, closes = (time.fromisoformat(t) for t in (hours.opens, hours.closes))
    return str(
        gettext(
            "%(first)s to %(last)s, %(opens)s to %(closes)s",
            first=days[hours.first_day],
            last=days[hours.last_day],
            opens=format_clock(opens, locale),
            closes=format_clock(closes, locale),
        )
    )


def format_day(day: date) -> str:
    return format_date(day, "long", locale=current_language().locale)


def format_day_with_weekday(day: date) -> str:
    return format_date(day, "full", locale=current_language().locale)


def format_month(day: date) -> str:
    return format_skeleton("yMMMM", day, locale=current_language().locale)


def format_number(number: float) -> str:
    return format_decimal(number, locale=current_language().locale)


def format_rate(rate: float) -> str:
    """A rate per 1,000 homes, to one decimal place: 17.6, 2.5, 66.7."""
    return format_decimal(rate, format="#,##0.0", locale=current_language().locale)


def format_share(share: float) -> str:
    return format_percent(share, locale=current_language().locale)


def format_items(items: Iterable[str]) -> Markup:
    """Items as a list in the reader's language, from Babel's list patterns: "CSV and JSON" in English,
    "CSV وJSON" in Arabic. Each item is escaped unless it is Markup already (a link)."""
    return Markup(format_list([str(escape(item)) for item in items], locale=current_language().locale))


# The languages written in Arabic script, whose comma is the Arabic comma (U+060C).
ARABIC_COMMA = frozenset({"ar", "fa", "ur", "ps", "sd", "ckb", "ug"})


def with_commas(parts: Iterable[str]) -> str:
    """Parts of one phrase separated by the reader's comma (a table's name, then its period): "Outcomes,
    July 2026 to September 2026", and in Arabic, Farsi and Urdu with the Arabic comma "،"."""
    comma = "، " if current_language().code in ARABIC_COMMA else ", "
    return comma.join(str(part) for part in parts)


def _cache_template_gettext(app: Flask) -> None:
    """Flask-Babel finds the domain, the locale and its catalogue again for every string a template shows.
    A catalogue never changes once loaded (Flask-Babel keeps it for the process), so a template's `_` and
    `gettext` without variables keep each answer (Jinja's, already escaped or Markup) by locale and
    escaping; with variables, and `ngettext`, they are Flask-Babel's and Jinja's own."""
    env = app.jinja_env
    plain = cast("Callable[..., str]", env.globals["gettext"])
    found: dict[tuple[Any, bool, str], str] = {}

    @pass_context
    def cached_gettext(context: Context, message: str, **variables: Any) -> str:
        if variables:
            return plain(context, message, **variables)
        key = (get_locale(), context.eval_ctx.autoescape, message)
        if key not in found:
            found[key] = plain(context, message)
        return found[key]

    env.globals["gettext"] = cached_gettext  # `_` is Jinja's alias for whatever `gettext` is


def init_app(app: Flask, translations_dir: str) -> None:
    Babel(app, locale_selector=_locale_selector, default_translation_directories=translations_dir)
    _cache_template_gettext(app)
    app.url_value_preprocessor(pull_language)
    app.url_defaults(add_language)
    app.jinja_env.filters.update(
        hours=format_hours,
        day=format_day,
        weekday=format_day_with_weekday,
        month=format_month,
        number=format_number,
        share=format_share,
        items=format_items,
        with_commas=with_commas,
    )
