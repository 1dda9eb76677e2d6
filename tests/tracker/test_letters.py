"""Letters that read like a council's letters: letterhead, date, the person written to (and for whom),
the reference, the officer and their direct contact, the policy's sections as headings, each promise on its
own line with its date; a printable page; numbers and references that read correctly right to left."""

from __future__ import annotations

import email
import email.policy
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from casecore.procedures import Rules
from tracker import casework, clock, scheduled
from tracker.config import TrackerConfig
from tracker.lettertext import FSI, LRI, PDI, Isolate, blocks, strip_isolates
from tracker.models import Case, Letter, Message, Staff

from .aftercare_helpers import SITE, at, new_case, staff
from .conftest import COUNCIL, TODAY, page, sign_in, submit
from .test_staff import act


def letters_of(tracker: Flask, case: Case, kind: str) -> list[Letter]:
    with tracker.app_context():
        return list(
            Letter.select().where((Letter.case == case.id) & (Letter.kind == kind)).order_by(Letter.id)
        )


def with_contact(tracker: Flask, username: str) -> None:
    with tracker.app_context():
        Staff.update(
            job_title="Complaints officer", phone="020 8424 1111", email="asha.patel@harrow.gov.uk"
        ).where(Staff.username == username).execute()


def respond(tracker: Flask, team: dict[str, Staff], **extra: str) -> tuple[Case, str]:
    with_contact(tracker, "asha")
    case = submit(tracker.test_client())
    with tracker.app_context():
        Case.update(address="12 Station Road\nHarrow", postcode="HA1 2XY").where(Case.id == case.id).execute()
    staff = tracker.test_client()
    sign_in(staff, "asha")
    assert act(staff, case, "acknowledge", {"definition": "Damp and mould in the bedroom."})[0] == 200
    status, soup = act(
        staff,
        case,
        "respond",
        {
            "outcome": "partially_upheld",
            "reasons": "The repair was late.",
            "remedy": "We will treat the mould and pay for the inconvenience.",
            "promise1_kind": "action",
            "promise1_description": "Treat the mould and repaint",
            "promise1_due": "2026-12-18",
            "promise2_kind": "payment",
            "promise2_description": "For the inconvenience",
            "promise2_amount": "75",
            "promise2_due": "2026-12-11",
            **extra,
        },
    )
    assert status == 200, [e.get_text(" ", strip=True) for e in soup.select(".error-summary")]
    return case, letters_of(tracker, case, "response")[-1].body


def test_a_response_letter_reads_like_a_councils_letter(tracker: Flask, team: dict[str, Staff]) -> None:
    case, text = respond(tracker, team)
    lines = text.splitlines()
    # Letterhead: the council's name and postal address, the date, the person written to.
    name = SITE.council.name["en"]
    address = [line for line in COUNCIL.address if line != name]  # the name is not written twice
    assert lines[: 1 + len(address)] == [name, *address]
    assert "Date: 23 November 2026" in lines
    assert lines.index("Ada Lovelace") < lines.index("12 Station Road") < lines.index("HA1 2XY")
    assert f"Reference: {case.reference}" in lines
    assert "Dealt with by: Asha Patel, Complaints officer (Housing)" in lines
    assert "Phone: 020 8424 1111" in lines and "Email: asha.patel@harrow.gov.uk" in lines
    # The sections of policy 7.5 as headings, each underlined, none running into the text after it.
    found = blocks(text)
    headings = [block.lines[0] for block in found if block.kind == "heading"]
    for section in (
        "What your complaint is about",
        "Our decision",
        "Why we made this decision",
        "Putting things right",
        "What we still need to do",
        "If you are still unhappy",
    ):
        assert section in headings, section
    assert "inconvenience.We" not in text
    # Each promise on its own line, with its date; one wording for the outcome.
    items = next(block.lines for block in found if block.kind == "list")
    assert items == (
        "A payment (£75.00): For the inconvenience. By 11 December 2026.",
        "A repair or other work: Treat the mould and repaint. By 18 December 2026.",
    )
    assert "Partly upheld" in text and "Partially" not in text
    # Promised work is outstanding: the letter does not say that nothing is.
    assert "Nothing is outstanding" not in text
    assert "Yours sincerely,\nAsha Patel\nComplaints officer\nLondon Borough of Harrow" in text


def test_the_decision_has_one_wording_from_form_to_letter(tracker: Flask, team: dict[str, Staff]) -> None:
    case = submit(tracker.test_client())
    staff = tracker.test_client()
    sign_in(staff, "asha")
    act(staff, case, "acknowledge", {"definition": "d"})
    soup = page(staff.get(f"/staff/cases/{case.reference}"))
    options = [option.get_text(strip=True) for option in soup.select("#respond-outcome option")]
    assert "Partly upheld" in options and "Partially upheld" not in options
    # The decision has no default: the first choice is a prompt, and sending it is an error.
    assert soup.select("#respond-outcome option")[0]["value"] == ""
    status, soup = act(staff, case, "respond", {"outcome": "", "reasons": "x"})
    assert status == 400 and "Choose the decision" in soup.get_text()


def test_an_advocate_is_written_to_on_behalf_of_the_resident(tracker: Flask, team: dict[str, Staff]) -> None:
    staff = tracker.test_client()
    sign_in(staff, "asha")
    case = submit(tracker.test_client())
    with tracker.app_context():
        Case.update(on_behalf=True, behalf_name="Grace Hopper", name="Ada Lovelace").where(
            Case.id == case.id
        ).execute()
    act(staff, case, "acknowledge", {"definition": "d"})
    text = letters_of(tracker, case, "acknowledgement")[0].body
    assert "Ada Lovelace\nOn behalf of Grace Hopper\n" in text and "Dear Ada Lovelace," in text


@pytest.mark.parametrize("email", ["ada@example.org", None])
def test_the_letter_page_says_an_email_went_only_when_one_did(
    tracker: Flask, team: dict[str, Staff], email: str | None
) -> None:
    case, _text = respond(tracker, team)
    with tracker.app_context():
        Case.update(email=email).where(Case.id == case.id).execute()
    staff = tracker.test_client()
    sign_in(staff, "asha")
    letter = letters_of(tracker, case, "response")[-1]
    shown = page(staff.get(f"/staff/cases/{case.reference}/letters/{letter.id}"))
    said = next(p for p in shown.select("p.no-print") if "Sent " in p.get_text())
    assert ("The email said the same." in said.get_text()) is bool(email)
    assert ("print it and post it" in said.get_text()) is not bool(email)


def test_the_printable_letter_is_a4_without_the_sites_chrome(tracker: Flask, team: dict[str, Staff]) -> None:
    case, _text = respond(tracker, team)
    staff = tracker.test_client()
    sign_in(staff, "asha")
    letter = letters_of(tracker, case, "response")[-1]
    shown = page(staff.get(f"/staff/cases/{case.reference}/letters/{letter.id}"))
    link = shown.select_one("a[href$='/print']")
    assert link is not None
    response = staff.get(link["href"])
    assert response.status_code == 200
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert not soup.select(".site-header, .site-footer, nav")
    assert soup.select_one("link[href$='letter.css']") is not None
    css = (Path(__file__).parents[2] / "sitekit" / "static" / "letter.css").read_text()
    assert "size: A4" in css
    headings = [h.get_text(strip=True) for h in soup.select("article h2")]
    assert "Our decision" in headings and "What we still need to do" in headings
    assert len(soup.select("article ul li")) == 2


def test_the_email_is_the_letter(tracker: Flask, team: dict[str, Staff], config: TrackerConfig) -> None:
    _case, text = respond(tracker, team)
    message = email.message_from_bytes(
        sorted(Path(config.outbox_dir).glob("*.eml"))[-1].read_bytes(), policy=email.policy.default
    )
    body = message.get_body(preferencelist=("plain",))
    assert body is not None and body.get_content().strip() == text.strip()


def test_numbers_and_references_are_isolated_right_to_left(tracker: Flask, team: dict[str, Staff]) -> None:
    with_contact(tracker, "asha")
    case = submit(tracker.test_client(), "ar")
    staff = tracker.test_client()
    sign_in(staff, "asha")
    act(staff, case, "acknowledge", {"definition": "الغلاية معطلة"})
    text = letters_of(tracker, case, "acknowledgement")[0].body
    numbered = [line for line in COUNCIL.address if any(char.isdigit() for char in line)]  # PO box, postcode
    for value in (f"{COUNCIL.phone}", "020 8424 1111", case.reference, *numbered):
        assert f"{LRI}{value}{PDI}" in text, value
    assert f"{COUNCIL.phone}" in strip_isolates(text)
    # Not in a left-to-right letter, where they are not needed.
    english = submit(tracker.test_client())
    act(staff, english, "acknowledge", {"definition": "d"})
    assert LRI not in letters_of(tracker, english, "acknowledgement")[0].body


def test_a_social_care_complaint_is_acknowledged_with_its_procedure(
    tracker: Flask, team: dict[str, Staff]
) -> None:
    case = submit(tracker.test_client(), area={"service_area": "adult-social-care"})
    staff = tracker.test_client()
    sign_in(staff, "asha")
    queue = page(staff.get("/staff/"))
    row = next(tr for tr in queue.select("tbody tr") if case.reference in tr.get_text())
    assert "None" not in row.get_text() and "Set by law" in row.get_text()
    assert act(staff, case, "acknowledge", {"definition": "Care visits missed."})[0] == 200
    sent = letters_of(tracker, case, "acknowledgement")
    assert len(sent) == 1
    text = sent[0].body
    assert "statutory social care complaints procedure" in text and "6 months" in text
    assert "Local Government and Social Care Ombudsman" in text and TODAY.year == 2026
    # the law's procedure, not our two stages: no "Stage 1 of our complaints procedure" above it
    assert "of our complaints procedure" not in text


def test_a_case_closed_by_itself_is_told_to_the_resident(tracker: Flask) -> None:
    """Responded on 14 December 2026; with the one-month window the case closes by itself on 15 January
    2027, and the resident gets a letter dated that day saying what they can still do."""
    with tracker.test_request_context():
        asha = staff("asha", "handler", "Housing")
        case = new_case(date(2026, 12, 1))
        casework.acknowledge(case, asha, "The boiler.", at(date(2026, 12, 1)))
        casework.respond(case, asha, "upheld", None, at(date(2026, 12, 14)), {"reasons": "It was late."})
        assert scheduled.close_quiet_cases(SITE, Rules(), date(2027, 1, 15)) == [case.reference]
        (letter,) = Letter.select().where((Letter.case == case.id) & (Letter.kind == "closed"))
    assert "Date: 15 January 2027" in letter.body
    assert "We sent you our response on 14 December 2026" in letter.body
    assert "ask us to look at your complaint again (stage 2)" in letter.body
    assert "Yours sincerely,\nAsha\n" in letter.body


def test_a_case_closed_by_itself_after_stage_2_is_told_in_the_residents_language(tracker: Flask) -> None:
    """A Polish resident's final response on Monday 14 December 2026: no window after stage 2, so the case
    closes by itself once 10 working days have passed without contact (they skip Christmas: 30 December),
    with a letter in Polish, emailed, pointing to the Ombudsman and signed by the stage 2 officer."""
    with tracker.test_request_context():
        asha, ben = staff("asha", "handler", "Housing"), staff("ben", "handler", "Resident First")
        case = new_case(date(2026, 11, 2), language="pl")
        casework.acknowledge(case, asha, "Kocioł.", at(date(2026, 11, 3)))
        casework.respond(case, asha, "not_upheld", None, at(date(2026, 11, 16)), {"reasons": "x"})
        casework.escalate(
            Case.get_by_id(case.id), "resident", date(2026, 11, 20), "Nadal zimno", at(date(2026, 11, 20))
        )
        casework.acknowledge(Case.get_by_id(case.id), ben, "Etap 2.", at(date(2026, 11, 23)))
        casework.respond(
            Case.get_by_id(case.id), ben, "upheld", None, at(date(2026, 12, 14)), {"reasons": "y"}
        )
        assert scheduled.close_quiet_cases(SITE, Rules(), date(2026, 12, 30)) == []
        assert scheduled.close_quiet_cases(SITE, Rules(), date(2026, 12, 31)) == [case.reference]
        (letter,) = Letter.select().where((Letter.case == case.id) & (Letter.kind == "closed"))
        sent = Message.get(Message.case == case.id, Message.subject == letter.subject)
    assert (letter.stage, letter.language, sent.to) == (2, "pl", "ada@example.org")
    assert letter.subject == f"Zamknęliśmy Twoją skargę: {case.reference}"
    assert "Wysłaliśmy Ci naszą odpowiedź 14 grudnia 2026" in letter.body
    assert "możesz poprosić Rzecznika o zbadanie Twojej skargi" in letter.body
    assert "Housing Ombudsman" in letter.body and "Ben\n" in letter.body
    assert "stage 2" not in letter.body.lower() and "We sent you" not in letter.body


def test_the_arabic_confirmation_email_isolates_its_numbers(
    tracker: Flask, team: dict[str, Staff], config: TrackerConfig
) -> None:
    case = submit(tracker.test_client(), "ar")
    message = email.message_from_bytes(
        sorted(Path(config.outbox_dir).glob("*.eml"))[-1].read_bytes(), policy=email.policy.default
    )
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    assert f"{LRI}{COUNCIL.phone}{PDI}" in text and f"{LRI}{case.reference}{PDI}" in text


def test_what_an_officer_wrote_keeps_its_own_direction_in_an_arabic_letter() -> None:
    isolate = Isolate(True)
    assert (
        isolate.text("The repair was late.\n\nSorry.")
        == f"{FSI}The repair was late.{PDI}\n\n{FSI}Sorry.{PDI}"
    )
    assert Isolate(False).text("The repair was late.") == "The repair was late."


def test_what_we_still_need_to_do_reads_after_the_officers_words(
    tracker: Flask, team: dict[str, Staff]
) -> None:
    # The officer wrote what is outstanding: no boilerplate line straight after it; an apology given in the
    # letter (due today) is listed as given, not as a promise "By 23 November 2026".
    _, text = respond(
        tracker,
        team,
        outstanding="We will inspect the loft in January.",
        promise3_kind="apology",
        promise3_description="We are sorry the repair was late",
        promise3_due=TODAY.isoformat(),
    )
    section = text.split("What we still need to do\n", 1)[1].split("If you are still unhappy", 1)[0]
    assert "We will inspect the loft in January." in section
    assert "What we promised under" not in section
    items = next(block.lines for block in blocks(text) if block.kind == "list")
    assert "An apology: We are sorry the repair was late. Given in this letter." in items
    assert "By 23 November 2026" not in text
    # Without the officer's words, the pending promises are pointed to.
    _, plain = respond(tracker, team)
    assert 'What we promised under "Putting things right", by the dates given.' in plain


def test_the_stage_2_letter_lists_every_open_promise(tracker: Flask, team: dict[str, Staff]) -> None:
    case, _ = respond(tracker, team)
    asha, ben = tracker.test_client(), tracker.test_client()
    sign_in(asha, "asha")
    sign_in(ben, "ben")
    assert act(asha, case, "escalate", {"asked_on": "2026-11-23", "reason": "Still cold"})[0] == 200
    assert act(ben, case, "acknowledge", {"definition": "Stage 2: the repair is too slow."})[0] == 200
    status, _ = act(
        ben,
        case,
        "respond",
        {
            "outcome": "upheld",
            "reasons": "We agree it took too long.",
            "learning": "We now chase contractors sooner.",
            "promise1_kind": "payment",
            "promise1_description": "For the delay",
            "promise1_amount": "50",
            "promise1_due": "2026-12-04",
        },
    )
    assert status == 200
    final = letters_of(tracker, case, "response")[-1]
    assert final.stage == 2
    items = next(block.lines for block in blocks(final.body) if block.kind == "list")
    assert items == (
        "A payment (£50.00): For the delay. By 4 December 2026.",
        "A payment (£75.00): For the inconvenience. By 11 December 2026.",
        "A repair or other work: Treat the mould and repaint. By 18 December 2026.",
    )


def test_stage_2_letters_do_not_read_like_stage_1(tracker: Flask, team: dict[str, Staff]) -> None:
    # At stage 1: received, and our response. At stage 2: looking at it again, and our final response.
    case, first = respond(tracker, team)
    stage1_ack = letters_of(tracker, case, "acknowledgement")[-1]
    assert stage1_ack.subject == f"We have received your complaint: {case.reference}"
    assert "Thank you for your complaint. We received it on" in stage1_ack.body
    assert (
        letters_of(tracker, case, "response")[-1].subject
        == f"Our response to your complaint: {case.reference}"
    )
    assert "This is our response to your complaint at stage 1." in first
    asha, ben = tracker.test_client(), tracker.test_client()
    sign_in(asha, "asha")
    sign_in(ben, "ben")
    assert act(asha, case, "escalate", {"asked_on": "2026-11-23", "reason": "Still cold"})[0] == 200
    assert act(ben, case, "acknowledge", {"definition": "Stage 2: the repair is too slow."})[0] == 200
    ack = letters_of(tracker, case, "acknowledgement")[-1]
    assert ack.stage == 2
    assert ack.subject == f"We are looking at your complaint again: {case.reference}"
    assert (
        "We have received your complaint" not in ack.body and "Thank you for your complaint" not in ack.body
    )
    opening = "Thank you for asking us to look at your complaint again. We received your request on"
    assert f"{opening} 23 November 2026." in ack.body
    status, _ = act(
        ben,
        case,
        "respond",
        {"outcome": "upheld", "reasons": "We agree it took too long.", "learning": "Chase sooner."},
    )
    assert status == 200
    final = letters_of(tracker, case, "response")[-1]
    assert final.stage == 2
    assert final.subject == f"Our final response to your complaint: {case.reference}"
    assert (
        "This is our final response to your complaint, at stage 2 of our complaints procedure." in final.body
    )
    assert "This is our response to your complaint at stage" not in final.body


def test_stage_2_letters_in_arabic_have_their_own_subjects(tracker: Flask, team: dict[str, Staff]) -> None:
    case = submit(tracker.test_client(), "ar")
    asha, ben = tracker.test_client(), tracker.test_client()
    sign_in(asha, "asha")
    sign_in(ben, "ben")
    assert act(asha, case, "acknowledge", {"definition": "Damp."})[0] == 200
    assert act(asha, case, "respond", {"outcome": "not_upheld", "reasons": "It was fixed."})[0] == 200
    assert act(asha, case, "escalate", {"asked_on": "2026-11-23", "reason": "Still damp"})[0] == 200
    assert act(ben, case, "acknowledge", {"definition": "Stage 2: damp."})[0] == 200
    assert act(ben, case, "respond", {"outcome": "upheld", "reasons": "We agree.", "learning": "x"})[0] == 200
    acks = letters_of(tracker, case, "acknowledgement")
    responses = letters_of(tracker, case, "response")
    subjects = [strip_isolates(letter.subject) for letter in (acks[0], acks[-1], responses[0], responses[-1])]
    assert subjects == [
        f"تلقينا شكواك: {case.reference}",
        f"نعيد النظر في شكواك: {case.reference}",
        f"ردّنا على شكواك: {case.reference}",
        f"ردّنا النهائي على شكواك: {case.reference}",
    ]
    assert "شكرًا لك على طلبك أن ننظر في شكواك مرة أخرى." in acks[-1].body
    assert "هذا ردّنا النهائي على شكواك، في المرحلة 2" in strip_isolates(responses[-1].body)


def test_the_arabic_response_letter_is_arabic_and_isolates_what_was_typed(
    tracker: Flask, team: dict[str, Staff]
) -> None:
    # The decision in the letter's language (not the officer's), the outcome wanted under a translated
    # heading, and every text someone typed in its own direction: ".Two bills..." no more.
    case = submit(tracker.test_client(), "ar")
    staff = tracker.test_client()
    sign_in(staff, "asha")
    # The definition starts as the resident's words only: no English label for the officer to send on.
    start = page(staff.get(f"/staff/cases/{case.reference}")).select_one("#acknowledge-definition")
    assert start is not None and start.get_text().strip() and "Outcome wanted" not in start.get_text()
    assert act(staff, case, "acknowledge", {"definition": "The boiler is broken."})[0] == 200
    acknowledgement = letters_of(tracker, case, "acknowledgement")[0].body
    assert "Outcome wanted" not in acknowledgement
    assert f"{FSI}Fix the boiler and say sorry.{PDI}" in acknowledgement
    status, _ = act(
        staff,
        case,
        "respond",
        {
            "outcome": "partially_upheld",
            "reasons": "Two bills were sent in error.",
            "learning": "We now check bills twice.",
            "promise1_kind": "action",
            "promise1_description": "Cancel the second bill.",
            "promise1_due": "2026-12-04",
        },
    )
    assert status == 200
    text = letters_of(tracker, case, "response")[-1].body
    assert "Partly upheld" not in text and "we agreed with part of your complaint" not in text
    assert "مؤيَّدة جزئيًا: اتفقنا مع جزء من شكواك" in text
    assert "Outcome wanted" not in text
    for typed in (
        "The boiler is broken.",
        "Fix the boiler and say sorry.",
        "Two bills were sent in error.",
        "We now check bills twice.",
        "Cancel the second bill.",
        "Asha Patel",
    ):
        assert f"{FSI}{typed}{PDI}" in text, typed
    # The officer's full stop is the only one: no ".." after the description.
    assert f"{FSI}Cancel the second bill.{PDI} " in text
    assert f"{FSI}Cancel the second bill.{PDI}." not in text
    # The letterhead reads on the same side as the rest of a right-to-left letter.
    css = (Path(__file__).parents[2] / "sitekit" / "static" / "letter.css").read_text()
    assert '[dir="rtl"] .letter-from { text-align: start; }' in css
    letter = letters_of(tracker, case, "response")[-1]
    printable = page(staff.get(f"/staff/cases/{case.reference}/letters/{letter.id}/print"))
    html = printable.select_one("html")
    assert html is not None and html["dir"] == "rtl" and html["lang"] == "ar"
    article = printable.select_one("article.letter")
    assert article is not None and article["dir"] == "rtl"


def test_the_stage_1_letter_says_what_we_have_learned_when_the_officer_wrote_it(
    tracker: Flask, team: dict[str, Staff]
) -> None:
    _, text = respond(tracker, team, learning="We now send a text before each visit.")
    found = blocks(text)
    headings = [block.lines[0] for block in found if block.kind == "heading"]
    assert "What we have learned" in headings
    assert "We now send a text before each visit." in text
    # Nothing entered at stage 1: no section, rather than stage 2's general sentence.
    _, plain = respond(tracker, team)
    assert "What we have learned" not in plain


def _stage_2_letter(
    tracker: Flask, ben: FlaskClient, case: Case, definition: str
) -> tuple[Letter, list[str]]:
    """Ben acknowledges and upholds the stage 2 request: the stage 2 response letter and its list of
    promises."""
    assert act(ben, case, "acknowledge", {"definition": definition})[0] == 200
    status, _ = act(
        ben, case, "respond", {"outcome": "upheld", "reasons": "We agree.", "learning": "Check the work."}
    )
    assert status == 200
    final = letters_of(tracker, case, "response")[-1]
    assert final.stage == 2
    return final, next(block.lines for block in blocks(final.body) if block.kind == "list")


def test_an_apology_given_at_stage_1_is_credited_to_that_letter_at_stage_2(
    tracker: Flask, team: dict[str, Staff], monkeypatch: pytest.MonkeyPatch
) -> None:
    case, first = respond(
        tracker,
        team,
        promise3_kind="apology",
        promise3_description="We are sorry the repairs were late.",
        promise3_due=TODAY.isoformat(),
    )
    assert "An apology: We are sorry the repairs were late. Given in this letter." in first
    assert "late.." not in first
    asha, ben = tracker.test_client(), tracker.test_client()
    sign_in(asha, "asha")
    sign_in(ben, "ben")
    assert act(asha, case, "escalate", {"asked_on": "2026-11-23", "reason": "Still cold"})[0] == 200
    later = date(2026, 12, 1)
    monkeypatch.setattr(clock, "today", lambda: later)
    final, items = _stage_2_letter(tracker, ben, case, "Stage 2: the repair is too slow.")
    assert "An apology: We are sorry the repairs were late. Given in our letter of 23 November 2026." in items
    assert "Given in this letter." not in final.body


def test_an_apology_given_at_stage_1_is_not_given_again_by_a_stage_2_letter_the_same_day(
    tracker: Flask, team: dict[str, Staff]
) -> None:
    """The walk's path: stage 1 and stage 2 answered on one day (TODAY fixed), the apology given with no
    date at stage 1. The stage 2 letter credits it to the stage 1 letter, not to itself."""
    case, first = respond(
        tracker, team, promise3_kind="apology", promise3_description="Apology for missed repairs"
    )
    assert "An apology: Apology for missed repairs. Given in this letter." in first
    asha, ben = tracker.test_client(), tracker.test_client()
    sign_in(asha, "asha")
    sign_in(ben, "ben")
    assert act(asha, case, "escalate", {"asked_on": TODAY.isoformat(), "reason": "Still cold"})[0] == 200
    final, items = _stage_2_letter(tracker, ben, case, "Stage 2: the mould is back.")
    assert "An apology: Apology for missed repairs. Given in our letter of 23 November 2026." in items
    assert "Given in this letter." not in final.body


def test_a_stage_2_response_must_say_what_we_have_learned_and_the_letter_invents_nothing(
    tracker: Flask, team: dict[str, Staff]
) -> None:
    case, _ = respond(tracker, team)
    asha, ben = tracker.test_client(), tracker.test_client()
    sign_in(asha, "asha")
    sign_in(ben, "ben")
    assert act(asha, case, "escalate", {"asked_on": TODAY.isoformat(), "reason": "Still cold"})[0] == 200
    assert act(ben, case, "acknowledge", {"definition": "Stage 2: the mould is back."})[0] == 200
    status, soup = act(ben, case, "respond", {"outcome": "upheld", "reasons": "We agree."})
    assert status == 400
    errors = soup.select_one(".error-summary")
    assert errors is not None and "Say what we have learned" in errors.get_text()
    assert len(letters_of(tracker, case, "response")) == 1
    # A letter composed without learning (a script, a command) leaves the section out, claiming nothing.
    with tracker.test_request_context(), tracker.app_context():
        from tracker.letters import compose

        row = Case.get_by_id(case.id)
        _, body = compose(
            row,
            "response",
            2,
            Staff.get(Staff.username == "ben"),
            definition="x",
            issues=[],
            decision="Upheld",
            promises=[],
            remedy_due=None,
            escalate_by=None,
            reasons="r",
            remedy=None,
            outstanding=None,
            learning=None,
        )
    assert "We have reviewed how we handled your complaint." not in body
    assert "What we have learned" not in body


def test_an_officer_writing_a_letter_in_another_language_is_told_which(
    tracker: Flask, team: dict[str, Staff]
) -> None:
    with_contact(tracker, "asha")
    arabic, english = submit(tracker.test_client(), "ar"), submit(tracker.test_client())
    staff = tracker.test_client()
    sign_in(staff, "asha")
    notice = "This letter will be sent in Arabic. Write your text in Arabic, or arrange a translation."
    soup = page(staff.get(f"/staff/cases/{arabic.reference}"))
    form = soup.select_one("form[action$='/acknowledge']")
    assert form is not None and notice in form.get_text(" ", strip=True)
    note = soup.select_one("form[action$='/note']")  # an internal note writes no letter
    assert note is not None and "will be sent in" not in note.get_text()
    assert "will be sent in" not in page(staff.get(f"/staff/cases/{english.reference}")).get_text()
    # The officer's name, title and team read as one left-to-right run in the Arabic letter, not
    # "(Housing) Complaints officer ،Asha Patel".
    assert act(staff, arabic, "acknowledge", {"definition": "The boiler is broken."})[0] == 200
    body = letters_of(tracker, arabic, "acknowledgement")[0].body
    assert f"{FSI}Asha Patel, Complaints officer (Housing){PDI}" in body


def test_an_advocates_case_reads_right_from_the_receipt_to_the_letter(
    tracker: Flask, team: dict[str, Staff], config: TrackerConfig
) -> None:
    behalf = {
        "on_behalf": "yes",
    }
    about = {
        "behalf_name": "Grace Hopper",
        "behalf_relationship": "my mother",
        "behalf_address": "12 High Street, Harrow",
        "behalf_postcode": "ha1 1aa",
        "consent_basis": "agreed",
    }
    adjustments = {"formats": ["large-print"], "adjustments_for": "resident"}
    case = submit(tracker.test_client(), behalf=behalf, adjustments=adjustments, **{"behalf-details": about})
    # The receipt tells the advocate on whose behalf they wrote.
    sent = [email.message_from_bytes(p.read_bytes()) for p in sorted(Path(config.outbox_dir).glob("*.eml"))]
    receipt = next(m for m in sent if m["To"] == case.email)
    payload = receipt.get_payload(decode=True)
    assert isinstance(payload, bytes) and "You sent this on behalf of Grace Hopper." in payload.decode()
    staff = tracker.test_client()
    sign_in(staff, "asha")
    soup = page(staff.get(f"/staff/cases/{case.reference}"))
    rows = {r.dt.get_text(strip=True): r.dd.get_text() for r in soup.select(".summary-row")}
    assert rows["The resident's own address"] == "12 High Street, Harrow\nHA1 1AA"
    # Large print was asked for (COMPLAINT's adjustments): the letter does not offer it as if unknown.
    assert act(staff, case, "acknowledge", {"definition": "d"})[0] == 200
    text = letters_of(tracker, case, "acknowledgement")[0].body
    assert "We are sending this letter in the format you asked for." in text
    assert "such as large print" not in text
    other = submit(tracker.test_client(), adjustments={})
    assert act(staff, other, "acknowledge", {"definition": "d"})[0] == 200
    assert "such as large print" in letters_of(tracker, other, "acknowledgement")[0].body
