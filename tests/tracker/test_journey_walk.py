"""Findings from a tester's walk through the resident's form: the receipt email's wording for every kind of
message, the status page of an anonymous case, the service-request page only where a first report is one, no
tenure question for compliments and suggestions, the advocate's row on the check page, the hazard error."""

from __future__ import annotations

import email
import json
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from tracker.config import TrackerConfig
from tracker.models import Case, Draft, Hazard

from .conftest import COMPLAINT, COUNCIL, page, post, send, walk

AREAS = ("housing-repairs", "environment", "adult-social-care")  # landlord, council service, statutory

WORDING = {
    "complaint": ("We expect to reply by", "This service follows its own procedure, set by law"),
    "compliment": ("We will pass your compliment on",),
    "suggestion": ("We will consider your suggestion",),
}

ADVOCATE = {
    "behalf": {"on_behalf": "yes"},
    "behalf-details": {
        "behalf_name": "Doris Evans",
        "behalf_relationship": "Her independent advocate (Harrow Advocacy)",
        "behalf_address": "2 Station Road\nHarrow",
        "behalf_postcode": "ha1 2xy",
        "consent_basis": "cannot",
        "consent_reason": "She cannot use a computer.",
    },
    "adjustments": {"formats": ["large-print"], "adjustments_for": "advocate"},
}


def answers_for(kind: str, area: str, advocate: bool) -> dict[str, dict[str, Any]]:
    answers: dict[str, dict[str, Any]] = {
        **COMPLAINT,
        "kind": {"kind": kind},
        "area": {"service_area": area},
        "details": {"description": "What happened, in my words.", "praised": "Sam at the front desk"},
    }
    return {**answers, **ADVOCATE} if advocate else answers


@pytest.mark.parametrize("advocate", [False, True], ids=["resident", "advocate"])
@pytest.mark.parametrize("area", AREAS)
@pytest.mark.parametrize("kind", list(WORDING))
def test_the_receipt_email_speaks_of_the_kind_sent(
    resident: FlaskClient, config: TrackerConfig, kind: str, area: str, advocate: bool
) -> None:
    walk(resident, "en", answers_for(kind, area, advocate))
    case = send(resident, "en")
    assert (case.kind, case.service_area) == (kind, area)
    (file,) = sorted(Path(config.outbox_dir).glob("*.eml"))
    body = email.message_from_bytes(file.read_bytes()).get_payload(decode=True).decode()  # type: ignore[union-attr]
    body = " ".join(body.split())
    statutory = area == "adult-social-care"
    if kind == "complaint":
        assert WORDING["complaint"][1 if statutory else 0] in body
        assert WORDING["complaint"][0 if statutory else 1] not in body
    else:
        assert WORDING[kind][0] in body
    for other, sentences in WORDING.items():
        if other != kind:
            assert not any(sentence in body for sentence in sentences), (other, body)


def test_the_status_page_of_an_anonymous_case_promises_no_letters(resident: FlaskClient) -> None:
    answers = {**COMPLAINT, "contact": {"contact_method": "anonymous"}}
    del answers["adjustments"]
    walk(resident, "en", answers)
    case = send(resident, "en")
    with resident.session_transaction() as session:
        code = session["submitted"]["code"]
    found = post(resident, "/en/status/", {"reference": case.reference, "secret": code}, follow=True)
    text = page(found).main.get_text(" ", strip=True)
    assert found.request.path == "/en/status/case"
    assert "tell you who is dealing with it" not in text
    assert "We will contact you in the way you asked" not in text
    assert text.count("so we cannot write to you") == 2
    assert "Check this page with your reference and access code" in text
    assert "Check this page again with your reference and access code" in text


def test_the_status_page_of_a_named_case_still_promises_contact(resident: FlaskClient) -> None:
    walk(resident, "en", COMPLAINT)
    case = send(resident, "en")
    found = post(resident, "/en/status/", {"reference": case.reference, "secret": "HA3 3QT"}, follow=True)
    text = page(found).main.get_text(" ", strip=True)
    assert "We will acknowledge it and tell you who is dealing with it" in text
    assert "We will contact you in the way you asked" in text and "cannot write to you" not in text


@pytest.mark.parametrize(
    ("area", "offered"),
    [
        ("housing-repairs", True),
        ("housing-asb", True),
        ("environment", False),
        ("adult-social-care", False),
        ("childrens-services", False),
    ],
)
def test_the_service_is_asked_first_and_only_a_landlord_service_has_service_requests(
    resident: FlaskClient, area: str, offered: bool
) -> None:
    post(resident, "/en/new/kind", {"kind": "complaint"})
    assert resident.get("/en/new/reported").headers["Location"] == "/en/new/area"  # the service comes first
    assert post(resident, "/en/new/area", {"service_area": area}).headers["Location"] == "/en/new/reported"
    response = post(resident, "/en/new/reported", {"reported_before": "no"})
    if offered:
        assert response.headers["Location"] == "/en/new/service-request"
        text = page(resident.get("/en/new/service-request")).main.get_text(" ", strip=True)
        assert f"{COUNCIL.phone}" in text and f"{COUNCIL.email}" in text
    else:
        assert response.headers["Location"] == "/en/new/details"  # a complaint, taken as one
        assert resident.get("/en/new/service-request").headers["Location"] == "/en/new/details"


@pytest.mark.parametrize("kind", ["compliment", "suggestion"])
def test_a_compliment_or_suggestion_about_housing_is_not_asked_its_tenure(
    resident: FlaskClient, kind: str
) -> None:
    post(resident, "/en/new/kind", {"kind": kind})
    response = post(resident, "/en/new/area", {"service_area": "housing-repairs"})
    assert response.headers["Location"] == "/en/new/details"
    assert resident.get("/en/new/tenure").headers["Location"] == "/en/new/details"
    assert resident.get("/en/new/hazard").headers["Location"] == "/en/new/details"
    checked = walk(resident, "en", answers_for(kind, "housing-repairs", False))
    check = page(checked).main.get_text(" ", strip=True)
    assert "Your home" not in check and "Damp, mould" not in check
    assert send(resident, "en").tenure in (None, "unknown")  # not asked: recorded as not known


def test_a_housing_complaint_is_still_asked_its_tenure(resident: FlaskClient) -> None:
    post(resident, "/en/new/kind", {"kind": "complaint"})
    post(resident, "/en/new/area", {"service_area": "housing-repairs"})
    response = post(resident, "/en/new/reported", {"reported_before": "yes"})
    assert response.headers["Location"] == "/en/new/tenure"


def test_the_check_page_keeps_the_person_and_the_advocate_apart(resident: FlaskClient) -> None:
    check = page(walk(resident, "en", answers_for("complaint", "adult-social-care", True)))
    rows = {
        row.dt.get_text(" ", strip=True): row.dd.get_text(" ", strip=True) for row in check.select("dl div")
    }
    assert rows["The person you are complaining for"] == "Doris Evans"
    assert rows["How do you know them?"] == "Her independent advocate (Harrow Advocacy)"
    assert "Doris Evans (" not in check.get_text()


def test_the_hazard_question_left_blank_asks_for_yes_or_no(resident: FlaskClient) -> None:
    for step in ("kind", "area", "reported", "tenure"):
        post(resident, f"/en/new/{step}", COMPLAINT[step])
    soup = page(post(resident, "/en/new/hazard", {}))
    assert [a.get_text() for a in soup.select(".error-summary a")] == ["Choose yes or no"]


HAZARD_HOME = {**COMPLAINT, "hazard": {"hazard": "yes", "at_risk": "yes"}}


def _changed(resident: FlaskClient, step: str, data: dict[str, Any], answers: dict[str, Any]) -> list[str]:
    """Change one answer from the check page; answer each page the form then asks for; the pages asked."""
    response = post(resident, f"/en/new/{step}?change=1", data)
    asked = []
    while (location := response.headers["Location"]) != "/en/new/check":
        assert location.endswith("?change=1"), location  # still changing: Back and Continue lead to check
        asked.append(location.split("/")[-1].split("?")[0])
        assert len(asked) < 10, asked
        response = post(resident, location, answers[asked[-1]])
    return asked


def _draft(resident: FlaskClient) -> dict[str, Any]:
    with resident.session_transaction() as stored:
        token = stored["draft"]
    with resident.application.app_context():
        return dict(json.loads(Draft.get_by_id(token).data))


def test_a_service_changed_from_housing_drops_the_answers_that_no_longer_apply(
    resident: FlaskClient,
) -> None:
    walk(resident, "en", HAZARD_HOME)
    assert _changed(resident, "area", {"service_area": "council-tax-benefits"}, HAZARD_HOME) == []
    text = page(resident.get("/en/new/check")).get_text(" ", strip=True)
    assert "Council tax and benefits" in text
    assert "Damp, mould" not in text and "especially at risk" not in text and "Your home" not in text
    assert "Address of the home" not in text
    assert not {"tenure", "hazard", "at_risk", "home_address"} & set(_draft(resident))  # not kept either
    case = send(resident)
    with resident.application.app_context():
        assert Case.get_by_id(case.id).tenure is None
        assert Hazard.select().where(Hazard.case == case.id).count() == 0


def test_a_service_changed_back_to_housing_asks_only_the_new_pages_then_the_check_page(
    resident: FlaskClient,
) -> None:
    answers = {**HAZARD_HOME, "reported": {"reported_before": "no"}, "service-request": {}}
    walk(resident, "en", answers)
    assert _changed(resident, "area", {"service_area": "council-tax-benefits"}, answers) == []
    # Back to a housing service: the service request page, the tenure and the hazard apply again.
    asked = _changed(resident, "area", {"service_area": "housing-repairs"}, answers)
    assert asked == ["service-request", "tenure", "hazard", "home-address"]
    check = page(resident.get("/en/new/check"))
    rows = [row.get_text(" ", strip=True) for row in check.select(".summary-row")]
    assert any(row.startswith("Damp, mould or a danger to health or safety Yes") for row in rows)
    # Changing to another housing service asks nothing again.
    assert _changed(resident, "area", {"service_area": "housing-repairs"}, answers) == []
