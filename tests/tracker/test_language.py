"""One language per request: `g.lang` and Babel's locale move together, and an email written in a resident's
language leaves the page being answered in its reader's."""

from __future__ import annotations

import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from flask_babel import get_locale, gettext

from sitekit.i18n import current_language, in_language, language_code_in, language_in_path, site_data
from tracker.models import Case, Message
from tracker.notify import send_received

from .conftest import DIRECTIONS, page, submit


def arabic(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in text)


def test_the_language_of_a_path(tracker: Flask) -> None:
    assert language_code_in("/ar/contact/") == "ar"
    assert language_code_in("ar") == "ar"
    assert language_code_in("/") == "" and language_code_in("") == ""
    with tracker.app_context():
        site = site_data()
        assert language_in_path("/ar/new/check").code == "ar"
        assert language_in_path("/pl").code == "pl"
        assert language_in_path("/staff/cases").code == site.languages[0].code
        assert language_in_path("/xx/new/").code == site.languages[0].code
        assert language_in_path("/", site).code == site.languages[0].code


def test_in_language_sets_both_and_restores_both(tracker: Flask) -> None:
    with tracker.test_request_context("/pl/new/"):
        tracker.preprocess_request()
        polish = gettext("We have received your message: %(reference)s", reference="X")
        assert current_language().code == "pl" and str(get_locale()) == "pl"
        with in_language(site_data().language("ar")):  # type: ignore[arg-type]
            assert current_language().code == "ar" and str(get_locale()) == "ar"
            assert arabic(gettext("We have received your message: %(reference)s", reference="X"))
        assert current_language().code == "pl" and str(get_locale()) == "pl"
        assert gettext("We have received your message: %(reference)s", reference="X") == polish
    with tracker.app_context():
        assert "lang" not in g
        with in_language(site_data().language("ta")):  # type: ignore[arg-type]
            assert str(get_locale()) == "ta"
        assert "lang" not in g  # what was unset is unset again


def test_a_received_email_leaves_the_request_in_its_language(tracker: Flask, resident: FlaskClient) -> None:
    made = submit(resident, "en")
    with tracker.test_request_context("/pl/new/done"):
        tracker.preprocess_request()
        case = Case.get_by_id(made.id)
        case.language = "ar"
        before = Message.select().count()
        send_received(case)
        sent = Message.select().order_by(Message.id.desc()).get()
        assert Message.select().count() == before + 1 and arabic(sent.subject)
        assert current_language().code == "pl"
        assert str(get_locale()) == "pl"
        assert not arabic(gettext("We have received your message: %(reference)s", reference="X"))


def test_the_page_helper_reads_the_languages_and_their_directions_from_languages_yaml() -> None:
    """Every language in content/site/languages.yaml passes with its own direction and fails with the other;
    a language that is not listed there fails."""
    shown = Flask(__name__)

    @shown.get("/<lang>/<direction>")
    def html(lang: str, direction: str) -> str:
        body = "<title>A page</title><main><h1>A page</h1></main>"
        return f'<!DOCTYPE html><html lang="{lang}" dir="{direction}">{body}</html>'

    client = shown.test_client()
    for lang, direction in DIRECTIONS.items():
        page(client.get(f"/{lang}/{direction}"))
        with pytest.raises(AssertionError):
            page(client.get(f"/{lang}/{'ltr' if direction == 'rtl' else 'rtl'}"))
    with pytest.raises(AssertionError):
        page(client.get("/xx/ltr"))
