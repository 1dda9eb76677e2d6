"""The case page as an officer reads it: everything the resident told us, in words; at stage 2 the
resident's reasons first and an empty definition; only the actions that would be allowed; the latest
extension date before it is refused; no POST-only address left in the address bar; no residents' footer."""

from __future__ import annotations

import re
from datetime import date

from flask import Flask

from tracker.models import Case, Staff

from .conftest import page, sign_in, submit
from .test_staff import act


def test_the_case_page_says_what_the_resident_told_us_in_words(
    tracker: Flask, team: dict[str, Staff]
) -> None:
    case = submit(tracker.test_client(), adjustments={"formats": ["large-print"]})
    with tracker.app_context():
        Case.update(on_behalf=True, behalf_name="Grace Hopper", behalf_relationship="daughter").where(
            Case.id == case.id
        ).execute()
    staff = tracker.test_client()
    sign_in(staff, "asha")
    act(staff, case, "acknowledge", {"definition": "d"})
    soup = page(staff.get(f"/staff/cases/{case.reference}"))
    rows = {r.dt.get_text(strip=True): r.dd.get_text(" ", strip=True) for r in soup.select(".summary-row")}
    assert rows["Reported to us before"].startswith("Yes")
    assert rows["Tenure"] == "Council tenant (low-cost rental)"
    assert rows["Postcode"] == "HA3 3QT"
    assert rows["When it happened"] == "2 November 2026"
    assert rows["Language"] == "English"
    assert rows["Stage and status"] == "Stage 1: Acknowledged"
    assert "Letters in large print" in rows["Adjustments asked for"]
    assert "complaining for Grace Hopper (daughter)" in rows["Advocate"]
    text = soup.get_text(" ", strip=True)
    for code in ("large-print", "Language en", "ack on time", "True", "stage2 acknowledged"):
        assert code not in text, code
    timeline = soup.select_one(".timeline").get_text(" ", strip=True)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", timeline), timeline
    assert "Acknowledged in time Yes" in timeline
    assert "Channel Online form" in timeline and "Service area Housing repairs" in timeline
    assert "housing-repairs" not in timeline


def test_stage_2_starts_from_the_residents_reasons(tracker: Flask, team: dict[str, Staff]) -> None:
    case = submit(tracker.test_client())
    asha, ben = tracker.test_client(), tracker.test_client()
    sign_in(asha, "asha")
    sign_in(ben, "ben")
    act(asha, case, "acknowledge", {"definition": "The boiler."})
    act(asha, case, "respond", {"outcome": "not_upheld", "reasons": "x"})
    act(asha, case, "escalate", {"asked_on": "2026-11-23", "reason": "Nobody has come to fix it"})
    soup = page(ben.get(f"/staff/cases/{case.reference}"))
    top = soup.select_one("#stage2-request")
    assert top is not None and "Nobody has come to fix it" in top.get_text()
    assert "23 November 2026" in top.get_text()
    assert soup.select_one("#acknowledge-definition").get_text() == ""
    # The stage 1 responder is not offered what would be refused.
    mine = page(asha.get(f"/staff/cases/{case.reference}"))
    assert mine.select_one("form[action$='/acknowledge']") is None
    assert soup.select_one("form[action$='/acknowledge']") is not None


def test_the_extension_form_gives_the_latest_date_first(tracker: Flask, team: dict[str, Staff]) -> None:
    case = submit(tracker.test_client())
    staff = tracker.test_client()
    sign_in(staff, "asha")
    act(staff, case, "acknowledge", {"definition": "d"})
    soup = page(staff.get(f"/staff/cases/{case.reference}"))
    # Acknowledged 23 November: due 7 December (10 working days), at most 10 more: 21 December.
    hint = soup.select_one("#extend-new_date-hint")
    assert hint is not None, soup.select_one("form[action$='/extend']")
    assert "after 7 December 2026" in hint.get_text() and "no later than 21 December 2026" in hint.get_text()


def test_a_refused_action_leaves_no_post_only_address(tracker: Flask, team: dict[str, Staff]) -> None:
    case = submit(tracker.test_client())
    staff = tracker.test_client()
    sign_in(staff, "asha")
    status, _soup = act(staff, case, "close", {})
    assert status == 409
    response = staff.get(f"/staff/cases/{case.reference}/close")  # a reload of the address bar
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/cases/{case.reference}#actions")
    assert staff.get(f"/staff/cases/{case.reference}/remedies/1/complete").status_code == 302


def test_staff_pages_do_not_carry_the_residents_footer(tracker: Flask, team: dict[str, Staff]) -> None:
    staff = tracker.test_client()
    sign_in(staff, "asha")
    case = submit(tracker.test_client(), area={"service_area": "adult-social-care"})
    for url in ("/staff/", f"/staff/cases/{case.reference}"):
        soup = page(staff.get(url))
        assert soup.select_one(".footer-links") is None and soup.select_one(".contact-help") is None
        assert "Need help" not in soup.get_text()
    queue = page(staff.get("/staff/"))
    headers = [th.get_text(strip=True) for th in queue.select("table.queue th")]
    assert headers[:3] == ["Reference", "Next deadline", "Working days left"]  # first, for phone width
    assert date(2026, 11, 23)


def test_a_month_only_date_and_a_restriction_read_as_given(tracker: Flask, team: dict[str, Staff]) -> None:
    case = submit(tracker.test_client())
    with tracker.app_context():
        Case.update(
            happened=date(2026, 9, 30),
            happened_day_known=False,
            restriction_reason="Forty calls in a week.",
            restriction_kind="named_officer",
            restriction_detail="Asha Patel, by email.",
            restriction_review=date(2027, 2, 1),
        ).where(Case.id == case.id).execute()
    staff = tracker.test_client()
    sign_in(staff, "asha")
    soup = page(staff.get(f"/staff/cases/{case.reference}"))
    rows = {r.dt.get_text(strip=True): r.dd.get_text(" ", strip=True) for r in soup.select(".summary-row")}
    assert rows["When it happened"] == "September 2026"  # not a made-up "30 September 2026"
    assert "Asha Patel, by email. Why: Forty calls in a week." in rows["Contact restriction"]
    assert ".." not in rows["Contact restriction"]


def test_the_ombudsman_and_its_determination_are_in_words(tracker: Flask, team: dict[str, Staff]) -> None:
    case = submit(tracker.test_client())
    manager = tracker.test_client()
    sign_in(manager, "mia")
    act(manager, case, "referral", {"body": "housing-ombudsman", "referred": "2026-11-20"})
    act(manager, case, "determination", {"determination": "resolved", "on": "2026-11-23"})
    soup = page(manager.get(f"/staff/cases/{case.reference}"))
    rows = {r.dt.get_text(strip=True): r.dd.get_text(" ", strip=True) for r in soup.select(".summary-row")}
    assert rows["Ombudsman"] == (
        "Housing Ombudsman Service: referred 20 November 2026; "
        "determination: Resolved before investigation (23 November 2026)"
    )
