"""What a status lookup no longer does on every request (issue 15), and that nothing it kept is lost: the
SQLite connection is kept open between requests (never carried across a fork, never with a transaction
left open), the rate limiter makes one round trip (no X-RateLimit headers), and a refused lookup still
says when to try again."""

from __future__ import annotations

import dataclasses
import os
from datetime import date
from typing import Any

import flask_wtf.csrf
import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature
from limits import RateLimitItem

from tests.tracker.conftest import csrf, page, post, submit
from tracker import create_app
from tracker import db as tracker_db
from tracker.config import TrackerConfig
from tracker.db import database
from tracker.extensions import limiter
from tracker.forms.status import StatusForm
from tracker.security import SessionCookies


def _sqlite() -> bool:
    return database.obj.__class__.__name__.startswith("Sqlite")


def test_the_sqlite_connection_is_kept_between_requests_with_no_transaction_left_open(tracker: Flask) -> None:
    case = submit(tracker.test_client())
    client = tracker.test_client()
    seen = []
    for _ in range(3):
        response = post(client, "/en/status/", {"reference": case.reference, "secret": "HA3 3QT"})
        assert response.status_code == 302
        if _sqlite():
            assert not database.is_closed()
            seen.append(id(database.connection()))
            assert not database.connection().in_transaction
    if _sqlite():
        assert len(set(seen)) == 1, "one connection for every request"


def test_a_transaction_a_failed_request_left_open_is_rolled_back(tracker: Flask) -> None:
    if not _sqlite():
        return
    client = tracker.test_client()
    client.get("/en/status/")
    database.begin()
    database.execute_sql("CREATE TABLE IF NOT EXISTS left_open (x INTEGER)")
    with tracker.test_request_context("/en/status/"):
        tracker.do_teardown_request()
    assert not database.connection().in_transaction
    found = database.execute_sql("SELECT name FROM sqlite_master WHERE name = 'left_open'").fetchall()
    assert found == []


def test_a_connection_opened_before_a_fork_is_not_used_after_it(tracker: Flask) -> None:
    if not _sqlite():
        return
    client = tracker.test_client()
    client.get("/en/status/")
    before = database.connection()
    tracker_db._opened_in[id(database.obj)] = os.getpid() + 1  # as if opened in the parent process
    client.get("/en/status/")
    assert database.connection() is not before
    assert tracker_db._opened_in[id(database.obj)] == os.getpid()


def test_lookups_carry_no_rate_limit_headers_but_a_refusal_says_when_to_try_again(tracker: Flask) -> None:
    case = submit(tracker.test_client())
    client = tracker.test_client()
    response = post(client, "/en/status/", {"reference": case.reference, "secret": "wrong@example.org"})
    assert response.status_code == 200
    assert not any(name.lower().startswith("x-ratelimit") for name, _ in response.headers)
    for _ in range(10):
        response = post(client, "/en/status/", {"reference": case.reference, "secret": "wrong@example.org"})
        if response.status_code == 429:
            break
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 60


def test_the_lookup_limit_is_counted_once_per_limit_under_flask_limiters_own_keys(
    config: TrackerConfig, today: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No Flask-Limiter check before every request (the tracker has no app-wide or default limits), and
    a lookup's limits go straight to the store: one count for each limit, shortest window first, under the
    keys Flask-Limiter's `limit()` used (the client's address and the endpoint), so counts carry over."""
    from tracker.cli import run_migrations

    run_migrations(config)
    app = create_app(dataclasses.replace(config, lookup_limit="50 per hour;10 per minute"))
    assert limiter._check_request_limit not in app.before_request_funcs[None]
    counted: list[tuple[str, str]] = []
    strategy = limiter.limiter
    real_hit = strategy.hit

    def hit(item: RateLimitItem, *keys: str, cost: int = 1) -> bool:
        counted.append((str(item), item.key_for(*keys)))
        return real_hit(item, *keys, cost=cost)

    monkeypatch.setattr(strategy, "hit", hit)
    client = app.test_client()
    client.get("/en/status/")
    assert counted == [], "a GET is not counted"
    post(client, "/en/status/", {"reference": "K7PM-QX4R-HT3C", "secret": "nobody@example.org"})
    assert counted == [
        ("10 per 1 minute", "LIMITER/127.0.0.1/status.lookup/10/1/minute"),
        ("50 per 1 hour", "LIMITER/127.0.0.1/status.lookup/50/1/hour"),
    ]


def test_a_refusal_by_the_longer_limit_says_when_that_one_lets_the_resident_try_again(
    config: TrackerConfig, today: date
) -> None:
    from tracker.cli import run_migrations

    run_migrations(config)
    app = create_app(dataclasses.replace(config, lookup_limit="5 per minute;2 per hour"))
    client = app.test_client()
    answers = [
        post(client, "/en/status/", {"reference": "K7PM-QX4R-HT3C", "secret": "nobody@example.org"})
        for _ in range(3)
    ]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert 60 < int(answers[-1].headers["Retry-After"]) <= 3600
    assert "Try again in" in answers[-1].get_data(as_text=True)


def test_a_lookup_answered_with_a_redirect_makes_no_new_csrf_token_and_a_page_still_shows_one(
    tracker: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = submit(tracker.test_client())
    client = tracker.test_client()
    soup = page(client.get("/en/status/"))
    made: list[str] = []
    real = flask_wtf.csrf.generate_csrf

    def generate(*args: Any, **kwargs: Any) -> str:
        made.append("token")
        return str(real(*args, **kwargs))

    monkeypatch.setattr(flask_wtf.csrf, "generate_csrf", generate)
    data = {"csrf_token": csrf(soup), "reference": case.reference, "secret": "HA3 3QT"}
    response = client.post("/en/status/", data=data)
    assert response.status_code == 302
    assert made == [], "the lookup was checked and redirected without signing a new token"
    # Not found: the page is shown again, with a token that is still accepted.
    again = client.post("/en/status/", data={**data, "secret": "wrong@example.org"})
    assert made, "the page shown made its token"
    assert client.post("/en/status/", data={**data, "csrf_token": csrf(page(again))}).status_code == 302
    # Without the token, refused as before.
    assert client.post("/en/status/", data={**data, "csrf_token": ""}).status_code == 400


def test_the_form_field_renders_the_requests_token_when_a_template_shows_it(tracker: Flask) -> None:
    with tracker.test_request_context("/en/status/"):
        form = StatusForm(meta={"csrf": True})
        rendered = str(form.csrf_token())
        assert f'value="{flask_wtf.csrf.generate_csrf()}"' in rendered


def test_the_session_cookie_is_signed_as_flask_signs_it_with_the_serializer_made_once(tracker: Flask) -> None:
    interface = tracker.session_interface
    assert isinstance(interface, SessionCookies)
    made = interface.get_signing_serializer(tracker)
    assert made is interface.get_signing_serializer(tracker)
    stock = SecureCookieSessionInterface().get_signing_serializer(tracker)
    assert made is not None and stock is not None
    assert stock.loads(made.dumps({"viewing": 7})) == {"viewing": 7}
    assert made.loads(stock.dumps({"viewing": 8})) == {"viewing": 8}
    # A new secret key (a rotation) gets its own serializer: a cookie signed with the old one is refused.
    old = made.dumps({"viewing": 9})
    tracker.secret_key = "another-secret"
    with pytest.raises(BadSignature):
        interface.get_signing_serializer(tracker).loads(old)  # type: ignore[union-attr]
    tracker.config["SECRET_KEY_FALLBACKS"] = ["a-secret-for-tests-only"]
    assert interface.get_signing_serializer(tracker).loads(old) == {"viewing": 9}  # type: ignore[union-attr]
