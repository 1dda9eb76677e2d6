"""What residents read (issue 13), the parts no other test held: the statutory social-care timescales come
from procedures.yaml alone, in the resident's language; the officer's name, title and team read as one run in
a right-to-left letter; working days are explained only beside a date on the confirmation page and email."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sitekit.errors import ContentErrors
from sitekit.i18n import site_data
from sitekit.sitedata import load_site_data
from tracker.config import TrackerConfig
from tracker.lettertext import FSI, PDI, strip_isolates
from tracker.models import Case, Letter, Remedy, Staff

from .conftest import COMPLAINT, csrf, page, send, sign_in, submit, walk
from .test_letters import letters_of
from .test_staff import act


def acknowledged(tracker: Flask, area: str, lang: str = "en") -> str:
    case = submit(tracker.test_client(), lang, area={"service_area": area})
    staff = tracker.test_client()
    sign_in(staff, "asha")
    assert act(staff, case, "acknowledge", {"definition": "Care visits missed."})[0] == 200
    (letter,) = letters_of(tracker, case, "acknowledgement")
    return letter.body


@pytest.mark.parametrize("area", ["childrens-services", "adult-social-care"])
def test_the_social_care_acknowledgement_gives_the_laws_timescales_from_procedures_yaml(
    tracker: Flask, team: dict[str, Staff], area: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with tracker.test_request_context():
        words = site_data().procedures["social-care"].timescales[area]
        monkeypatch.setitem(words, "en", "The law gives us 7 working days to reply, as procedures.yaml says.")
    text = acknowledged(tracker, area)
    assert "Which procedure applies" in text and "statutory social care complaints procedure" in text
    assert "The law gives us 7 working days to reply, as procedures.yaml says." in text
    for written_before in ("65 working days", "6 months", "review panel"):  # no copy left in the template
        assert written_before not in text, written_before
    assert (
        "Local Government and Social Care Ombudsman" in text and "We will send you our response" not in text
    )


def test_childrens_services_are_told_their_own_procedures_timescales_in_arabic(
    tracker: Flask, team: dict[str, Staff]
) -> None:
    with tracker.test_request_context():
        words = site_data().procedures["social-care"].timescales["childrens-services"]
    english = acknowledged(tracker, "childrens-services")
    assert words["en"] in english and "65 working days" in english and "review panel (stage 3)" in english
    assert words["ar"] in strip_isolates(acknowledged(tracker, "childrens-services", "ar"))


def test_a_statutory_service_without_its_timescales_is_a_content_error(content_copy: Path) -> None:
    procedures = content_copy / "site" / "procedures.yaml"
    text = procedures.read_text(encoding="utf-8")
    procedures.write_text(
        text.replace("    childrens-services:\n", "    childrens-servicez:\n"), encoding="utf-8"
    )
    with pytest.raises(ContentErrors) as raised:
        load_site_data(content_copy)
    found = str(raised.value)
    assert "'childrens-services' follows the statutory procedure 'social-care'" in found
    assert "timescales for 'childrens-servicez', but no service area 'childrens-servicez' follows it" in found


def test_the_officer_reads_as_one_run_in_an_arabic_letter(tracker: Flask, team: dict[str, Staff]) -> None:
    with tracker.app_context():
        Staff.update(job_title="Complaints officer", phone="020 8424 1111").where(
            Staff.username == "asha"
        ).execute()
    text = acknowledged(tracker, "housing-repairs", "ar")
    # one isolate: "Complaints officer ,Asha Patel" is what two isolates and a bare comma showed in Chromium
    assert f"{FSI}Asha Patel, Complaints officer (Housing){PDI}" in text
    english = acknowledged(tracker, "housing-repairs")
    # ...with the officer's direct line in the same block, under it
    assert "Dealt with by: Asha Patel, Complaints officer (Housing)\nPhone: 020 8424 1111\n" in english


def test_working_days_are_explained_only_beside_a_date(
    resident: FlaskClient, tracker: Flask, config: TrackerConfig
) -> None:
    """The confirmation page and email explain working days where they give a date (a housing complaint),
    never where they give none (a social-care complaint, whose timescales come with the acknowledgement,
    or a compliment)."""
    seen = {}
    for name, answers in (
        ("housing", COMPLAINT),
        ("social care", {**COMPLAINT, "area": {"service_area": "adult-social-care"}}),
        ("compliment", COMPLIMENT),
    ):
        walk(resident, "en", answers)
        case = send(resident, "en")
        done = page(resident.get("/en/new/done")).main.get_text(" ", strip=True)
        with resident.session_transaction() as session:
            session.clear()
        (sent,) = [
            email.message_from_bytes(f.read_bytes(), policy=email.policy.default)
            for f in Path(config.outbox_dir).glob("*.eml")
            if case.reference in f.read_text(errors="replace")
        ]
        body = sent.get_body(preferencelist=("plain",))
        assert body is not None
        seen[name] = (done, body.get_content())
    housing_page, housing_mail = seen["housing"]
    for text in (housing_page, housing_mail):
        assert "Working days do not include weekends or bank holidays." in text
        assert "30 November 2026" in text
    for name in ("social care", "compliment"):
        for text in seen[name]:
            assert "working day" not in text.lower(), name
    assert "We will tell you the timescales when we acknowledge your complaint" in seen["social care"][0]
    with tracker.app_context():
        assert Case.select().count() == 3 and Letter.select().count() == 0


def test_the_case_page_names_who_added_an_issue_and_who_kept_a_promise(
    tracker: Flask, team: dict[str, Staff]
) -> None:
    """Officers by name on the case page, as in the timeline: "by Asha Patel", not the log-in "by asha"."""
    case = submit(tracker.test_client())
    staff = tracker.test_client()
    sign_in(staff, "asha")
    act(staff, case, "acknowledge", {"definition": "The boiler."})
    assert act(staff, case, "add-issue", {"text": "The radiator leaks too."})[0] == 200
    act(
        staff,
        case,
        "respond",
        {
            "outcome": "upheld",
            "reasons": "It was late.",
            "promise1_kind": "payment",
            "promise1_description": "For the wait",
            "promise1_amount": "50",
            "promise1_due": "2026-12-11",
        },
    )
    with tracker.app_context():
        payment = Remedy.get(Remedy.case == case.id)
    staff.post(
        f"/staff/cases/{case.reference}/remedies/{payment.id}/complete",
        data={
            "csrf_token": csrf(page(staff.get(f"/staff/cases/{case.reference}"))),
            f"complete{payment.id}-done_on": "2026-11-23",
            f"complete{payment.id}-what": "Paid by bank transfer",
        },
    )
    soup = page(staff.get(f"/staff/cases/{case.reference}"))
    issue = next(li for li in soup.select("li") if "The radiator leaks too." in li.get_text())
    assert "(added by Asha Patel)" in issue.get_text()
    done = next(td for td in soup.select("td") if "Paid by bank transfer" in td.get_text())
    assert "23 November 2026 by Asha Patel" in done.get_text(" ", strip=True)
    assert "by asha" not in soup.select_one("main").get_text(" ", strip=True)


def test_stage_2_reasons_come_first_and_the_acknowledgement_starts_empty(
    tracker: Flask, team: dict[str, Staff]
) -> None:
    """At stage 2 the independent officer reads the resident's reasons before anything else on the case
    page, and writes the stage 2 definition from nothing, not over stage 1's."""
    case = submit(tracker.test_client())
    asha, ben = tracker.test_client(), tracker.test_client()
    sign_in(asha, "asha")
    sign_in(ben, "ben")
    act(asha, case, "acknowledge", {"definition": "The boiler is broken."})
    act(asha, case, "respond", {"outcome": "not_upheld", "reasons": "x"})
    act(asha, case, "escalate", {"asked_on": "2026-11-23", "reason": "Nobody has come to fix it"})
    soup = page(ben.get(f"/staff/cases/{case.reference}"))
    main = soup.select_one("main")
    first = main.find(["h2", "dl", "form", "table"])
    assert first is not None and first.find_parent(id="stage2-request") is not None, first
    assert "Nobody has come to fix it" in soup.select_one("#stage2-request").get_text()
    field = soup.select_one("#acknowledge-definition")
    assert field is not None and field.get_text() == "" and "The boiler is broken." not in str(field)


COMPLIMENT = {
    "kind": {"kind": "compliment"},
    "area": {"service_area": "environment"},
    "details": {"description": "The bin crew were brilliant."},
    "evidence": {},
    "contact": {"contact_method": "email", "name": "Ada", "email": "ada@example.org"},
    "adjustments": {},
}
