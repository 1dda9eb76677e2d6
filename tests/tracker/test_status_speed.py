"""What a status lookup no longer does on every request (issue 15), and that nothing it kept is lost: the
SQLite connection is kept open between requests (never carried across a fork, never with a transaction
left open), the rate limiter makes one round trip (no X-RateLimit headers), and a refused lookup still
says when to try again."""

from __future__ import annotations

import os

from flask import Flask

from tests.tracker.conftest import post, submit
from tracker import db as tracker_db
from tracker.db import database


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
