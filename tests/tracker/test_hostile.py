"""Hostile and unlucky requests against a real server: Send pressed twice at once, a copied session cookie
after signing out, sign-in tries sent all at once, names that do not exist, a forged Host header, and
clients behind a proxy."""

from __future__ import annotations

import dataclasses
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from tracker import create_app
from tracker.cli import run_migrations
from tracker.config import TrackerConfig
from tracker.models import Case, Message, Staff
from tracker.staff import auth

from .conftest import COMPLAINT, csrf, page, post, sign_in, walk


@pytest.fixture
def config(config: TrackerConfig) -> TrackerConfig:
    return dataclasses.replace(config, login_limit="1000 per minute")


@pytest.fixture
def server(tracker: Flask) -> Iterator[str]:
    """The app on a real threaded server on loopback, so requests really overlap."""
    running = make_server("127.0.0.1", 0, tracker, threaded=True)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{running.server_port}"
    running.shutdown()
    thread.join(5)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def at_once(count: int, send: Any) -> list[Any]:
    """`count` calls of send() released together."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        barrier.wait()
        results[index] = send()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def raw_post(
    url: str, data: dict[str, str], cookie: str, headers: dict[str, str] | None = None
) -> tuple[int, str]:
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(data).encode(),
        headers={"Cookie": cookie, **(headers or {})},
        method="POST",
    )
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers.get("Location", "") + answer.read().decode()


def test_send_pressed_twice_at_once_makes_one_case(tracker: Flask, server: str) -> None:
    for attempt in range(10):
        client = tracker.test_client()
        walk(client, "en", COMPLAINT)
        token = csrf(page(client.get("/en/new/check")))
        cookie = client.get_cookie("session")
        assert cookie is not None
        with tracker.app_context():
            before = Case.select().count()
        form, session = {"csrf_token": token}, f"session={cookie.value}"
        answers = at_once(2, lambda: raw_post(f"{server}/en/new/check", form, session))  # noqa: B023
        assert [status for status, _ in answers] == [302, 302], answers
        assert all(where.startswith("/en/new/done") for _, where in answers), answers
        with tracker.app_context():
            assert Case.select().count() == before + 1, f"two cases on attempt {attempt}"
            made = Case.select().order_by(Case.id.desc()).get()
            confirmations = Message.select().where(Message.case == made.id).count()
            assert confirmations == 1, f"{confirmations} confirmation emails on attempt {attempt}"


def test_send_again_after_going_back_shows_the_same_confirmation(
    resident: FlaskClient, tracker: Flask
) -> None:
    walk(resident, "en", COMPLAINT)
    check = page(resident.get("/en/new/check"))
    first = resident.post("/en/new/check", data={"csrf_token": csrf(check)})
    assert first.headers["Location"] == "/en/new/done"
    reference = page(resident.get("/en/new/done")).select_one(".reference").get_text()
    # The browser's back button, and Send on the old page again.
    again = resident.post("/en/new/check", data={"csrf_token": csrf(check)})
    assert again.headers["Location"] == "/en/new/done"
    assert page(resident.get("/en/new/done")).select_one(".reference").get_text() == reference
    assert resident.get("/en/new/check").headers["Location"] == "/en/new/done"
    with tracker.app_context():
        assert Case.select().count() == 1


def test_a_nul_in_an_answer_is_taken_out_on_its_page_and_the_form_still_sends(
    resident: FlaskClient, tracker: Flask
) -> None:
    answers = {k: v for k, v in COMPLAINT.items() if k not in ("details", "adjustments")}
    walk(resident, "en", {**answers, "details": COMPLAINT["details"], "adjustments": {"formats": []}})
    response = post(resident, "/en/new/details?change=1", {"description": "Damp in the bed\x00room."})
    soup = page(response)  # the same page, with the message and the answer without the NUL
    assert "invisible character" in soup.select_one(".error-summary").get_text()
    assert soup.select_one("textarea#description").get_text() == "Damp in the bedroom."
    post(resident, "/en/new/details?change=1", {"description": "Damp in the bedroom."})
    check = page(resident.get("/en/new/check"))
    sent = resident.post("/en/new/check", data={"csrf_token": csrf(check)})
    assert sent.headers["Location"] == "/en/new/done"
    with tracker.app_context():
        assert Case.get().description == "Damp in the bedroom."


def test_a_nul_in_a_user_name_is_a_message_not_an_error(tracker: Flask, team: dict[str, Staff]) -> None:
    soup = page(post(tracker.test_client(), "/staff/login", {"username": "asha\x00", "password": "x"}))
    assert "invisible character" in soup.get_text()


@pytest.mark.parametrize("how", ["sign out", "password change", "deactivation", "idle"])
def test_a_copied_session_cookie_stops_working(
    tracker: Flask, team: dict[str, Staff], how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = tracker.test_client()
    assert "Open cases" in sign_in(client, "asha").get_text()
    copied = client.get_cookie("session")
    assert copied is not None
    if how == "sign out":
        client.post("/staff/logout", data={"csrf_token": csrf(page(client.get("/staff/")))})
    elif how == "password change":
        with tracker.app_context():
            auth.set_password(Staff.get(Staff.username == "asha"), "a new password for asha")
    elif how == "deactivation":
        with tracker.app_context():
            auth.deactivate(Staff.get(Staff.username == "asha"))
    else:
        later = auth.now() + auth.timedelta(minutes=31)
        monkeypatch.setattr(auth, "now", lambda: later)
    thief = tracker.test_client()
    thief.set_cookie("session", copied.value)
    assert thief.get("/staff/").headers["Location"].startswith("/staff/login")


def test_the_cli_ends_sessions(tracker: Flask, team: dict[str, Staff]) -> None:
    client = tracker.test_client()
    sign_in(client, "asha")
    runner = tracker.test_cli_runner()
    result = runner.invoke(args=["set-password", "asha", "--password", "another long password"])
    assert result.exit_code == 0, result.output
    assert client.get("/staff/").status_code == 302
    assert "Open cases" in sign_in(client, "asha", "another long password").get_text()
    assert runner.invoke(args=["sign-out-staff", "asha"]).output.startswith("ended 1 session")
    assert runner.invoke(args=["deactivate-staff", "asha"]).exit_code == 0
    assert "The username or password is wrong." in sign_in(client, "asha", "another long password").get_text()
    assert runner.invoke(args=["deactivate-staff", "nobody"]).exit_code != 0


def counting_hasher(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password hash check from now on, in a list."""
    checked: list[str] = []
    real = auth._hasher

    class Counting:
        def verify(self, hash_: str, password: str) -> bool:
            checked.append(password)
            return bool(real.verify(hash_, password))

        def check_needs_rehash(self, hash_: str) -> bool:
            return bool(real.check_needs_rehash(hash_))

    monkeypatch.setattr(auth, "_hasher", Counting())
    return checked


@pytest.mark.parametrize("username", ["asha", "nobody"])
def test_thirty_tries_at_once_are_checked_at_most_five_times(
    tracker: Flask, team: dict[str, Staff], server: str, username: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = counting_hasher(monkeypatch)
    client = tracker.test_client()
    token = csrf(page(client.get("/staff/login")))
    cookie = client.get_cookie("session")
    assert cookie is not None
    answers = at_once(
        30,
        lambda: raw_post(
            f"{server}/staff/login",
            {"csrf_token": token, "username": username, "password": "wrong password"},
            f"session={cookie.value}",
        ),
    )
    assert len(checked) <= auth.MAX_FAILURES
    wrong = sum("The username or password is wrong." in body for _, body in answers)
    locked = sum("locked for 15 minutes" in body for _, body in answers)
    assert wrong + locked == 30 and wrong <= auth.MAX_FAILURES - 1 and locked >= 25


def test_an_unknown_name_behaves_like_a_known_one(
    tracker: Flask, team: dict[str, Staff], monkeypatch: pytest.MonkeyPatch
) -> None:
    verified = counting_hasher(monkeypatch)

    def messages(username: str) -> list[str]:
        client = tracker.test_client()
        found = []
        for _ in range(auth.MAX_FAILURES + 1):
            text = sign_in(client, username, "wrong password").get_text()
            found.append("wrong" if "password is wrong" in text else "locked" if "locked" in text else text)
        return found

    known, unknown = messages("asha"), messages("nobody")
    assert known == unknown == ["wrong"] * (auth.MAX_FAILURES - 1) + ["locked", "locked"]
    # A password hash was checked for each of the first five tries of both, none once locked.
    assert len(verified) == 2 * auth.MAX_FAILURES


def test_only_configured_hosts_are_served(config: TrackerConfig, today: Any) -> None:
    run_migrations(config)
    app = create_app(dataclasses.replace(config, trusted_hosts="complaints.harrow.gov.uk"))
    client = app.test_client()
    ours = client.get("/en/new/kind", headers={"Host": "complaints.harrow.gov.uk"})
    assert ours.status_code == 200
    assert 'href="http://complaints.harrow.gov.uk/ar/new/kind"' in ours.get_data(as_text=True)
    for host in ("evil.example", "..", "complaints.harrow.gov.uk.evil.example", "a b"):
        refused = client.get("/ar/new/kind", headers={"Host": host})
        soup = page(refused, 400)  # in the reader's language, with the security headers
        assert soup.find("html")["lang"] == "ar"
        assert "Content-Security-Policy" in refused.headers
        assert host not in refused.get_data(as_text=True)


@pytest.mark.parametrize("proxies", [0, 1])
def test_rate_limits_key_on_the_client_behind_the_trusted_proxies(
    config: TrackerConfig, today: Any, proxies: int
) -> None:
    run_migrations(config)
    app = create_app(dataclasses.replace(config, proxy_count=proxies, lookup_limit="2 per minute"))
    client = app.test_client()
    token = csrf(page(client.get("/en/status/")))

    def lookup(address: str) -> int:
        return client.post(
            "/en/status/",
            data={"csrf_token": token, "reference": "K7PM-QX4R-HT3C", "secret": "x@example.org"},
            headers={"X-Forwarded-For": address},
        ).status_code

    first = [lookup("203.0.113.1") for _ in range(3)]
    other = lookup("203.0.113.2")
    assert first == [200, 200, 429]
    # Behind a trusted proxy, another resident has their own limit; trusting none, the header is ignored.
    assert other == (200 if proxies else 429)


def test_every_setting_reaches_the_app_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTED_HOSTS", "a.example, .b.example")
    monkeypatch.setenv("PROXY_COUNT", "2")
    loaded = TrackerConfig.from_env(secret_key="x")
    assert loaded.hosts == ["a.example", ".b.example"] and loaded.proxy_count == 2


def test_two_outbox_senders_at_once_send_each_message_once(
    tracker: Flask, config: TrackerConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker import outbox

    with tracker.app_context():
        for number in range(20):
            outbox.queue(None, f"resident{number}@example.org", "Subject", "Body")
    built: list[str] = []
    real = outbox._email

    def counting(message: Message, sender: str) -> Any:
        built.append(message.to)
        return real(message, sender)

    monkeypatch.setattr(outbox, "_email", counting)

    def send() -> tuple[int, int]:
        with tracker.app_context():
            from tracker.db import database

            with database.connection_context():
                return outbox.deliver(config)

    results = at_once(2, send)
    assert sum(sent for sent, _ in results) == 20 and sorted(built) == sorted(set(built)) and len(built) == 20
    with tracker.app_context():
        assert Message.select().where(Message.sent_at.is_null()).count() == 0
