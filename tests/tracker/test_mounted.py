"""The tracker as `make run` serves it: mounted under /tracker beside the built portal, and at the root.
Every redirect, `next=` value, link and form action must keep the tracker's prefix."""

from __future__ import annotations

import email
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from werkzeug.test import Client, TestResponse

from sitekit.paths import ROOT
from tracker.config import TrackerConfig
from tracker.models import Case, Staff
from tracker.serve import MOUNT, mounted

from .conftest import COMPLAINT, PASSWORD, page

MOUNTS = ["", MOUNT]


@pytest.fixture(params=MOUNTS, ids=["at the root", "under /tracker"])
def prefix(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def browser(tracker: Flask, prefix: str, tmp_path: Path) -> Iterator[Client]:
    """A client of the app exactly as deployed: the tracker alone, or the portal with the tracker mounted."""
    app = tracker if not prefix else mounted(tracker, tmp_path / "site", prefix)
    yield Client(app, use_cookies=True)


def token(response: TestResponse) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True))
    assert found, "no CSRF token on the page"
    return found.group(1)


def location(response: TestResponse) -> str:
    assert response.status_code in (302, 303), (response.status_code, response.get_data(as_text=True)[:300])
    return response.headers["Location"]


def sign_in_from(browser: Client, prefix: str, target: str) -> str:
    """Open a staff page signed out, follow the way to the sign-in page, sign in; returns where it lands."""
    login = location(browser.get(target))
    assert login.startswith(f"{prefix}/staff/login?")
    assert parse_qs(urlsplit(login).query)["next"] == [target]
    form = browser.get(login)
    assert form.status_code == 200
    return location(
        browser.post(login, data={"csrf_token": token(form), "username": "asha", "password": PASSWORD})
    )


def resident_sends(browser: Client, prefix: str) -> str:
    """A resident walks the whole form under the prefix; returns the confirmation page's reference."""
    response = browser.get(f"{prefix}/en/new/")
    for _ in range(20):
        where = location(response)
        assert where.startswith(f"{prefix}/en/new/"), where
        step = where.rsplit("/", 1)[-1].split("?")[0]
        shown = browser.get(where)
        assert shown.status_code == 200, where
        if step == "done":
            found = BeautifulSoup(shown.get_data(as_text=True), "html.parser").select_one(".reference")
            assert found is not None
            return found.get_text(strip=True)
        answers = {} if step == "check" else COMPLAINT[step]
        response = browser.post(where, data={"csrf_token": token(shown), **answers})
    raise AssertionError("the form never reached the confirmation")


def test_sign_in_deep_link_and_sign_out(
    browser: Client, prefix: str, team: dict[str, Staff], tracker: Flask
) -> None:
    reference = resident_sends(browser, prefix)
    # The queue, signed out: to sign-in and back to the queue, under the prefix.
    assert sign_in_from(browser, prefix, f"{prefix}/staff/") == f"{prefix}/staff/"
    queue = browser.get(f"{prefix}/staff/")
    assert "Open cases" in page(queue).get_text()
    signed_out = browser.post(f"{prefix}/staff/logout", data={"csrf_token": token(queue)})
    assert location(signed_out) == f"{prefix}/staff/login"
    # A deep link to a case, with a query: sign in, land on that case.
    deep = f"{prefix}/staff/cases/{reference}?tab=timeline"
    assert sign_in_from(browser, prefix, deep) == deep
    assert reference in page(browser.get(deep)).get_text()


def test_no_link_form_or_redirect_leaves_the_prefix(
    browser: Client, prefix: str, team: dict[str, Staff], tracker: Flask, config: TrackerConfig
) -> None:
    """Crawl what residents and staff reach: every address the tracker writes is under its prefix (or is a
    portal page), and every one it serves answers."""
    reference = resident_sends(browser, prefix)
    sign_in_from(browser, prefix, f"{prefix}/staff/")
    case_page = browser.get(f"{prefix}/staff/cases/{reference}")
    acknowledged = browser.post(
        f"{prefix}/staff/cases/{reference}/acknowledge",
        data={"csrf_token": token(case_page), "acknowledge-definition": "The boiler is broken."},
    )
    assert location(acknowledged).startswith(f"{prefix}/staff/cases/{reference}")  # and a letter to link to
    slugs = {path.stem for path in (ROOT / "content" / "pages" / "en").glob("*.md")} | {"performance"}
    portal_pages = re.compile(rf"^/[a-z]{{2}}/(({'|'.join(sorted(slugs))})/)?$")
    seen: set[str] = set()
    queue = [f"{prefix}/staff/", f"{prefix}/staff/cases/{reference}", f"{prefix}/en/status/"]
    queue += [f"{prefix}/ar/new/kind", f"{prefix}/staff/find?reference={reference.lower()}"]
    queue += [f"{prefix}/staff/?overdue=1&sort=received", f"{prefix}/staff/?assignee=nobody&page=2"]
    while queue:
        url = queue.pop()
        if url in seen or url.endswith("/logout"):
            continue
        seen.add(url)
        response = browser.get(url)
        if response.status_code in (302, 303):
            target = location(response)
            assert target.startswith(f"{prefix}/"), (url, target)
            queue.append(target)
            continue
        assert response.status_code == 200, (url, response.status_code)
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        for tag, attribute in (("a", "href"), ("form", "action"), ("link", "href"), ("img", "src")):
            for element in soup.find_all(tag):
                value = element.get(attribute)
                if not value or value.startswith(("#", "http://localhost/", "mailto:", "tel:")):
                    continue
                path = urlsplit(value).path
                if portal_pages.match(path):
                    continue  # a page of the portal, which make run serves at the root
                assert path.startswith(f"{prefix}/"), (url, tag, value)
                if tag == "a":
                    queue.append(value.split("#")[0])
    staff_pages = [url for url in seen if url.startswith(f"{prefix}/staff/")]
    assert len(seen) > 25 and len(staff_pages) > 5, sorted(seen)
    stylesheet = browser.get(f"{prefix}/static/site.css")
    assert stylesheet.status_code == 200
    stylesheet.close()


def test_emailed_links_keep_the_prefix(
    browser: Client, prefix: str, team: dict[str, Staff], tracker: Flask, config: TrackerConfig
) -> None:
    reference = resident_sends(browser, prefix)
    sign_in_from(browser, prefix, f"{prefix}/staff/cases/{reference}")
    case_page = browser.get(f"{prefix}/staff/cases/{reference}")
    flagged = browser.post(
        f"{prefix}/staff/cases/{reference}/safeguarding",
        data={"csrf_token": token(case_page), "safeguarding-concern": "An older resident without heating."},
    )
    assert location(flagged).startswith(f"{prefix}/staff/cases/{reference}")
    alerts = [
        email.message_from_bytes(path.read_bytes())
        for path in sorted(Path(config.outbox_dir).glob("*.eml"))
        if b"Safeguarding" in path.read_bytes()
    ]
    assert len(alerts) == 1
    body = alerts[0].get_payload(decode=True).decode()
    assert f"http://localhost{prefix}/staff/cases/{reference}" in body
    received = [
        email.message_from_bytes(path.read_bytes())
        for path in sorted(Path(config.outbox_dir).glob("*.eml"))
        if reference.encode() in path.read_bytes() and b"Safeguarding" not in path.read_bytes()
    ]
    assert f"http://localhost{prefix}/en/status/" in received[0].get_payload(decode=True).decode()
    with tracker.app_context():
        assert Case.get(Case.reference == reference).safeguarding


def test_reminders_link_to_each_case_under_the_tracker_url(
    browser: Client, prefix: str, team: dict[str, Staff], tracker: Flask, config: TrackerConfig
) -> None:
    """Sent by the timer, outside any request: the link comes from TRACKER_URL, prefix and all, and opens the
    case in the tracker as it is mounted."""
    import dataclasses
    from datetime import date

    from tracker import scheduled
    from tracker.models import Message

    from .aftercare_helpers import SITE

    reference = resident_sends(browser, prefix)
    tracker.extensions["tracker"] = dataclasses.replace(
        config, tracker_url=f"https://complaints.example{prefix}"
    )
    with tracker.app_context():
        Staff.update(email="asha@harrow.example").where(Staff.username == "asha").execute()
        Case.update(assignee=team["asha"].id).where(Case.reference == reference).execute()
        scheduled.remind(tracker.extensions["tracker"], SITE, date(2026, 12, 1))  # acknowledgement overdue
        body = Message.get(Message.to == "asha@harrow.example").body
    link = f"https://complaints.example{prefix}/staff/cases/{reference}"
    assert f"\n  {link}\n" in body
    sign_in_from(browser, prefix, f"{prefix}/staff/")
    opened = browser.get(urlsplit(link).path)
    assert opened.status_code == 200 and reference in opened.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_tracker_header_offers_what_the_portal_header_does(
    tracker: Flask, built_site: Path, lang: str
) -> None:
    """One layout: the tracker's main navigation is the portal's, Performance included."""

    def nav(html: str) -> list[tuple[str, str]]:
        links = BeautifulSoup(html, "html.parser").select("nav.site-nav a")
        return [(link.get_text(strip=True), urlsplit(str(link["href"])).path) for link in links]

    portal = nav((built_site / lang / "index.html").read_text(encoding="utf-8"))
    form = tracker.test_client().get(f"/{lang}/new/kind")
    assert form.status_code == 200
    assert f"/{lang}/performance/" in [path for _, path in portal]
    assert nav(form.get_data(as_text=True)) == portal


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_language_alone_goes_to_that_languages_form(browser: Client, prefix: str, lang: str) -> None:
    # `/tracker/en/` was a 404 while `/tracker/` went to the form.
    start = location(browser.get(f"{prefix}/{lang}/"))
    assert urlsplit(start).path == f"{prefix}/{lang}/new/"
    form = location(browser.get(start))
    assert urlsplit(form).path == f"{prefix}/{lang}/new/kind"
    page_ = browser.get(form)
    assert page_.status_code == 200
    assert f'lang="{lang}"' in page_.get_data(as_text=True)
    page_.close()
    # Without the slash, the slash is added; a first segment that is not one of our languages stays a 404.
    slash = browser.get(f"{prefix}/{lang}")
    assert slash.status_code == 308 and urlsplit(slash.headers["Location"]).path == f"{prefix}/{lang}/"
    slash.close()
    for unknown in (f"{prefix}/xx/", f"{prefix}/favicon.ico"):
        missing = browser.get(unknown)
        assert missing.status_code == 404, unknown
        missing.close()


def test_the_favicon_a_tracker_page_links_is_served(browser: Client, prefix: str) -> None:
    soup = BeautifulSoup(browser.get(f"{prefix}/en/new/kind").get_data(as_text=True), "html.parser")
    [icon] = soup.select("link[rel=icon]")
    assert icon["href"] == f"{prefix}/static/favicon.svg"
    served = browser.get(icon["href"])
    body = served.get_data()
    served.close()
    assert served.status_code == 200 and served.mimetype == "image/svg+xml" and body.startswith(b"<svg")
