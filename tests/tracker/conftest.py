"""Tracker fixtures: a fresh database per test (SQLite by default; PostgreSQL when DATABASE_URL points at it),
the app with CSRF on, and helpers that walk the form the way a resident does."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Page
from werkzeug.test import TestResponse

from sitekit.paths import ROOT
from sitekit.sitedata import load_site_data
from tracker import clock, create_app
from tracker.config import TrackerConfig
from tracker.db import database
from tracker.models import Case, Staff
from tracker.staff.auth import hash_password

TODAY = date(2026, 11, 23)  # a Monday
SITE = load_site_data(ROOT / "content")  # the facts pages show (contacts, procedures) and the languages
DIRECTIONS = {language.code: language.dir for language in SITE.languages}  # from content/site/languages.yaml
# Contact routes from content/site/contacts.yaml, so that a test of what a page or letter shows does not break
# when the comms team changes a number or an address.
COUNCIL = SITE.contacts[SITE.council.footer_contact]
HOUSING_OMBUDSMAN = SITE.contacts["housing-ombudsman"]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str | None]:
    """With DATABASE_URL=postgresql://…, one throwaway database for the run; it must be reachable."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield None
        return
    name = f"tracker_test_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture
def database_url(tmp_path: Path, postgres_server: str | None) -> Iterator[str]:
    if postgres_server is None:
        yield f"sqlite:///{tmp_path / 'tracker.sqlite3'}"
        return
    connection = psycopg2.connect(postgres_server)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    connection.close()
    yield postgres_server


@pytest.fixture
def config(tmp_path: Path, database_url: str) -> TrackerConfig:
    return TrackerConfig(
        database_url=database_url,
        secret_key="a-secret-for-tests-only",
        outbox_dir=str(tmp_path / "outbox"),
        lookup_limit="5 per minute",
        development=True,
        survey_share=0.0,  # the survey at closure is chosen by the (random) reference: on where a test asks
    )


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return TODAY


@pytest.fixture
def tracker(config: TrackerConfig, today: date) -> Iterator[Flask]:
    from tracker.cli import run_migrations

    run_migrations(config)
    app = create_app(config)
    app.config["TESTING"] = True  # CSRF stays on: WTF_CSRF_ENABLED is not touched
    yield app
    close_all()


def close_all() -> None:
    """Close a PostgreSQL pool's connections, so the next test's schema reset is not kept waiting."""
    db = database.obj
    if db is not None and hasattr(db, "close_all"):
        db.close_all()


PASSWORD = "correct horse battery"


@pytest.fixture
def team(tracker: Flask) -> dict[str, Staff]:
    with tracker.app_context():
        made = {
            username: Staff.create(
                username=username, name=name, role=role, team=team_name, password_hash=hash_password(PASSWORD)
            )
            for username, name, role, team_name in (
                ("asha", "Asha Patel", "handler", "Housing"),
                ("ben", "Ben Okoro", "handler", "Resident First"),
                ("mia", "Mia Novak", "manager", "Resident First"),
            )
        }
    return made


@pytest.fixture
def resident(tracker: Flask) -> FlaskClient:
    return tracker.test_client()


def sign_in(client: FlaskClient, username: str, password: str = PASSWORD) -> BeautifulSoup:
    """Sign a test client in on the sign-in form (one of the team, by default with its password); returns
    the page it lands on."""
    response = post(client, "/staff/login", {"username": username, "password": password}, follow=True)
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


@pytest.fixture
def officer(tracker: Flask, team: dict[str, Staff]) -> FlaskClient:
    """A test client signed in as Asha, a handler in the Housing team."""
    client = tracker.test_client()
    sign_in(client, "asha")
    return client


def sign_in_browser(tab: Page, base: str, username: str = "asha") -> None:
    """Sign a browser tab in on the sign-in form, as one of the team."""
    tab.goto(f"{base}/staff/login")
    tab.fill("#username", username)
    tab.fill("#password", PASSWORD)
    with tab.expect_navigation():
        tab.click("main form[method=post] button[type=submit]")


def page(response: TestResponse, status: int = 200) -> BeautifulSoup:
    """The page helper: status, a title, one h1, one main, unique ids, lang and dir on <html>."""
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:500])
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    html = soup.find("html")
    assert html is not None and html.get("lang") in DIRECTIONS, html and html.get("lang")
    assert html.get("dir") == DIRECTIONS[str(html["lang"])], (html["lang"], html.get("dir"))
    assert soup.title is not None and soup.title.get_text(strip=True)
    assert len(soup.find_all("h1")) == 1, soup.find_all("h1")
    assert len(soup.find_all("main")) == 1
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    return soup


def csrf(soup: BeautifulSoup) -> str:
    token = soup.select_one("input[name=csrf_token]")
    assert token is not None
    return str(token["value"])


def post(client: FlaskClient, url: str, data: dict[str, Any], follow: bool = False) -> TestResponse:
    """Post a form the way a browser does: fetch the page for its CSRF token first."""
    soup = page(client.get(url))
    return client.post(url, data={"csrf_token": csrf(soup), **data}, follow_redirects=follow)


COMPLAINT = {
    "kind": {"kind": "complaint"},
    "reported": {"reported_before": "yes"},
    "area": {"service_area": "housing-repairs"},
    "tenure": {"tenure": "tenant"},
    "hazard": {"hazard": "no"},
    "details": {"description": "The boiler has been broken for three weeks.\nNobody came."},
    "evidence": {},
    "when": {"day": "2", "month": "11", "year": "2026"},
    "outcome": {"outcome_wanted": "Fix the boiler and say sorry."},
    "behalf": {"on_behalf": "no"},
    "contact": {
        "contact_method": "email",
        "name": "Ada Lovelace",
        "email": "Ada@Example.org",
        "postcode": "ha3 3qt",
    },
    "home-address": {
        "home_address": "Flat 4, 12 Station Road\nHarrow",
        "home_postcode": "ha1 2xy",
    },  # a hazard
    "adjustments": {"formats": ["large-print"]},
}


def send(client: FlaskClient, lang: str = "en") -> Case:
    """Send the form from the check page; returns the case it made."""
    check = page(client.get(f"/{lang}/new/check"))
    response = client.post(f"/{lang}/new/check", data={"csrf_token": csrf(check)})
    assert response.status_code == 302 and response.headers["Location"] == f"/{lang}/new/done"
    with client.application.app_context():
        return Case.select().order_by(Case.id.desc()).get()


def submit(client: FlaskClient, lang: str = "en", **answers: dict[str, Any]) -> Case:
    """A complaint from start to finish: COMPLAINT's answers, with any page's answers replaced."""
    walk(client, lang, {**COMPLAINT, **answers})
    return send(client, lang)


def walk(client: FlaskClient, lang: str, answers: dict[str, dict[str, Any]]) -> TestResponse:
    """Answer each page as the form asks for it, until the check page; returns the check page."""
    response = client.get(f"/{lang}/new/", follow_redirects=True)
    for _ in range(20):
        path = response.request.path
        step = path.rsplit("/", 1)[-1]
        if step == "check":
            return response
        assert step in answers, f"the form asked for '{step}', which this walk has no answer for"
        response = post(client, path, answers[step], follow=True)
        assert not re.search(r"There is a problem|هناك مشكلة", response.get_data(as_text=True)), step
    raise AssertionError("the form never reached the check page")
