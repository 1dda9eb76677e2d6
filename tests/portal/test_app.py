"""The portal app itself, through Flask's test client: what the development server and the freezer see."""

from __future__ import annotations

from datetime import date

from bs4 import BeautifulSoup
from flask import Flask, g
from flask.testing import FlaskClient

from sitekit.i18n import format_day, format_hours
from sitekit.sitedata import Hours


def soup(client: FlaskClient, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, url
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_an_unknown_page_is_a_404_in_the_readers_language(client: FlaskClient) -> None:
    page = soup(client, "/ar/no-such-page/", 404)
    assert page.html["lang"] == "ar" and page.html["dir"] == "rtl"
    assert page.select_one("footer .footer-links a")["href"].startswith("/ar/")


def test_an_unknown_language_is_a_404_in_english(client: FlaskClient) -> None:
    page = soup(client, "/xx/", 404)
    assert page.html["lang"] == "en"


def test_home_and_not_found_have_one_address_each(client: FlaskClient) -> None:
    assert client.get("/en/home/").status_code == 404
    assert client.get("/en/not-found/").status_code == 404


def test_the_language_does_not_leak_between_requests(app: Flask) -> None:
    client = app.test_client()
    with app.app_context():
        # One app context across requests, as the freezer has: each request still gets its own language.
        assert client.get("/ar/").get_data(as_text=True).count('lang="ar" dir="rtl"') >= 1
        english = BeautifulSoup(client.get("/404.html").get_data(as_text=True), "html.parser")
        assert english.html["lang"] == "en"
        assert english.select_one(".skip-link").get_text() == "Skip to main content"


def test_hours_and_dates_are_formatted_for_the_locale(app: Flask) -> None:
    hours = Hours(first_day=0, last_day=4, opens="09:15", closes="17:15")
    site = app.extensions["portal"].site
    with app.test_request_context("/en/"):
        g.lang = site.language("en")
        assert format_hours(hours) == "Monday to Friday, 09:15 to 17:15"
        assert format_day(date(2026, 12, 25)) == "25 December 2026"
    with app.test_request_context("/ar/"):
        g.lang = site.language("ar")
        assert format_hours(hours) == "من الاثنين إلى الجمعة، من 9:15 ص إلى 5:15 م"
        assert "ديسمبر" in format_day(date(2026, 12, 25))
