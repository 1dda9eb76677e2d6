"""A seeded fuzz of every endpoint: hostile and broken requests of every kind the tracker has been seen to
fall over on, as a resident, a signed-out visitor and a signed-in manager. Nothing may answer 500 or above,
and every answer carries the security headers. Runs on SQLite, and on PostgreSQL in CI (which refuses a NUL
that SQLite stores).

`pytest tests/tracker/test_fuzz.py -s` prints the count of answers by status."""

from __future__ import annotations

import dataclasses
import io
import json
import random
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from tracker.config import TrackerConfig
from tracker.journey import NAMES
from tracker.models import Case, Letter, Staff, Survey
from tracker.survey import token_hash
from tracker.views.casepage import ACTIONS

from .conftest import csrf, page, sign_in, submit

SEED = 20261201
SURVEY_TOKEN = "a-survey-token-for-the-fuzz-only-0123456789"
NASTY_TEXT = [
    "\x00",
    "before\x00after",
    "\x1b[31m\x07",
    "x" * 10_000,
    "\u202eevil\u202c",
    "مرحبا\u200f",
    "'; DROP TABLE cases; --",
    "{{ 7*7 }}<script>alert(1)</script>",
    "%00",
    "\ud7ff\ufeff",
    "  ",
    "-1",
    "99999999999999999999",
    "2026-02-30",
    "",
]
NASTY_PATH = ["\x00", "%00", "..%2f..%2fetc%2fpasswd", "x" * 500, "K7PM-QX4R-HT3C\x00", "ü", "%ff%fe", "0"]
NASTY_HOSTS = ["..", "evil.example", "a b", "[::1", "exa\x00mple", "localhost:99999", ""]
JSON_BODIES: list[Any] = [
    5,
    "text",
    None,
    [1, 2],
    {"username": 5, "password": ["x"]},
    {"reference": {"a": 1}},
]
HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options")


def _check(response: Any, what: str, counts: Counter[int]) -> None:
    response.close()
    counts[response.status_code] += 1
    assert response.status_code < 500, (what, response.status_code, response.get_data(as_text=True)[:300])
    for header in HEADERS:
        assert header in response.headers, (what, header)


def _field_names(client: FlaskClient, urls: list[str]) -> list[str]:
    names: set[str] = set()
    for url in urls:
        soup = BeautifulSoup(client.get(url).get_data(as_text=True), "html.parser")
        names.update(str(tag["name"]) for tag in soup.select("input[name], textarea[name], select[name]"))
    names.discard("csrf_token")
    return sorted(names)


def _urls(tracker: Flask, rng: random.Random, reference: str, letter: int) -> Iterator[tuple[Rule, str]]:
    """Each rule with good values, then with hostile ones in each of its parts."""
    good: dict[str, Any] = {
        "lang": "en",
        "reference": reference,
        "letter_id": letter,
        "remedy_id": 1,
        "filename": "site.css",
    }
    good.update(step="details", name="note", file_id=1, token=SURVEY_TOKEN)
    for rule in tracker.url_map.iter_rules():
        choices: dict[str, list[Any]] = {
            "lang": ["en", "ar", "zz", *NASTY_PATH],
            "step": [*NAMES, "done", *NASTY_PATH],
            "name": [*ACTIONS, *NASTY_PATH],
            "reference": [reference, reference.lower(), *NASTY_PATH],
            "letter_id": [letter, 0, 10**12],
            "file_id": [1, 0, 10**12],
            "remedy_id": [1, 0, 10**12],
            "filename": ["site.css", "../secret_key", "nothing.css"],
            "token": [SURVEY_TOKEN, "unknown", "x" * 101, *NASTY_PATH],
        }
        yield (
            rule,
            rule.build({k: v for k, v in good.items() if k in rule.arguments}, append_unknown=False)[1],
        )
        for argument in rule.arguments:
            for value in rng.sample(choices[argument], min(6, len(choices[argument]))):
                values = {**{k: v for k, v in good.items() if k in rule.arguments}, argument: value}
                if argument == "step" and rule.endpoint == "journey.step":
                    values["step"] = value
                try:
                    yield rule, rule.build(values, append_unknown=False)[1]
                except Exception:  # a value the URL converter cannot write: send it raw instead
                    yield rule, rule.rule.replace(f"<{argument}>", str(value))


@pytest.fixture
def config(config: TrackerConfig) -> TrackerConfig:
    """Limits high enough that the fuzz reaches the forms behind them (the limits have their own tests)."""
    return dataclasses.replace(config, lookup_limit="100000 per minute", login_limit="100000 per minute")


@pytest.fixture
def manager(tracker: Flask, team: dict[str, Staff]) -> FlaskClient:
    client = tracker.test_client()
    sign_in(client, "mia")
    return client


def test_no_request_gets_a_server_error(tracker: Flask, manager: FlaskClient) -> None:
    rng = random.Random(SEED)
    counts: Counter[int] = Counter()
    resident = tracker.test_client()
    case = submit(resident)
    manager.post(  # an acknowledgement, so there is a letter to ask for
        f"/staff/cases/{case.reference}/acknowledge",
        data={
            "csrf_token": csrf(page(manager.get(f"/staff/cases/{case.reference}"))),
            "acknowledge-definition": "The boiler.",
        },
    )
    with tracker.app_context():
        letter = Letter.select().get().id
        Survey.create(  # a survey link to answer (once) and to break
            case=case, token_hash=token_hash(SURVEY_TOKEN), language="en", sent_on=case.received
        )
    names = _field_names(manager, [f"/staff/cases/{case.reference}", "/staff/cases/new", "/staff/login"])
    names += _field_names(
        resident, [f"/en/new/{step}" for step in NAMES] + ["/en/status/", f"/en/survey/{SURVEY_TOKEN}"]
    )
    visitor = tracker.test_client()
    clients = {"resident": resident, "visitor": visitor, "manager": manager}
    tokens = {who: csrf(page(c.get("/en/status/"))) for who, c in clients.items()}

    for rule, url in _urls(tracker, rng, case.reference, letter):
        methods = [*sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}), "PUT"]
        for who, client in clients.items():
            token = tokens[who]
            for method in methods:
                what = f"{who} {method} {url!r}"
                if method in ("GET", "PUT"):
                    query = {rng.choice(names): rng.choice(NASTY_TEXT) for _ in range(3)}
                    _check(client.open(url, method=method, query_string=query), what, counts)
                    continue
                fields = {name: rng.choice(NASTY_TEXT) for name in names}
                _check(client.post(url, data={"csrf_token": token, **fields}), f"{what} form", counts)
                # Every field as a file part instead of text.
                files = {
                    name: (io.BytesIO(rng.choice(NASTY_TEXT).encode("utf-8", "replace")), "f.txt")
                    for name in rng.sample(names, 6)
                }
                _check(client.post(url, data={"csrf_token": token, **files}), f"{what} files", counts)
                body = rng.choice(JSON_BODIES)
                _check(
                    client.post(
                        url,
                        data=json.dumps(body),
                        content_type="application/json",
                        headers={"X-CSRFToken": token},
                    ),
                    f"{what} json {body!r}",
                    counts,
                )
            host = rng.choice(NASTY_HOSTS)
            _check(client.get(url, headers={"Host": host}), f"{who} GET {url!r} Host {host!r}", counts)

    with tracker.app_context():
        assert Case.select().count() >= 1
    print("\nfuzz: answers by status:", dict(sorted(counts.items())), "in all", sum(counts.values()))
    assert sum(counts.values()) > 1000
