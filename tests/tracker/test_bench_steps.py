"""bench/submit.lua walks the form with fixed answers in a fixed order; when the journey changes, the bench
must change with it, or it measures refusals. This walks the bench's steps with the test client, the way
wrk does (one CSRF token, then each POST must lead to the next step's page), and checks the case exists."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

from flask import Flask

from sitekit.paths import ROOT
from tracker.models import Case

from .conftest import csrf, page

STEP = re.compile(r'^\s*\{"(/en/new/[a-z-]+)", "([^"]*)"\},$', re.M)


def test_the_submission_bench_walks_todays_journey(tracker: Flask) -> None:
    steps = STEP.findall((ROOT / "bench" / "submit.lua").read_text(encoding="utf-8"))
    assert steps and steps[0][0] == "/en/new/kind" and steps[-1][0] == "/en/new/check"
    client = tracker.test_client()
    token = csrf(page(client.get("/en/new/kind")))
    for (url, body), following in zip(steps, [*(s[0] for s in steps[1:]), "/en/new/done"], strict=True):
        response = client.post(url, data={"csrf_token": token, **dict(parse_qsl(body))})
        assert response.status_code == 302, url
        assert response.headers["Location"].endswith(following), (url, response.headers["Location"])
    with tracker.app_context():
        assert Case.select().count() == 1
