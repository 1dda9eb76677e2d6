"""Deadlines: worked examples for the housing and corporate procedures, and properties for the rest."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casecore.deadlines import (
    CaseDates,
    ExtensionRefused,
    acknowledgement_and_response,
    check_extension,
    deadlines,
    next_deadline,
)
from casecore.procedures import (
    CountedFrom,
    EscalationWindow,
    Procedure,
    Rules,
    Stage,
    add_months,
    is_out_of_time,
)
from casecore.working_days import england_and_wales

HOUSING = Procedure(
    "housing",
    (Stage(10, CountedFrom.ACKNOWLEDGEMENT, 10), Stage(20, CountedFrom.ACKNOWLEDGEMENT, 20)),
    acknowledge=5,
)
CORPORATE = Procedure("corporate", (Stage(15, CountedFrom.RECEIPT), Stage(20, CountedFrom.RECEIPT)))
STATUTORY = Procedure("social-care", statutory=True)
calendar = england_and_wales()
dates = st.dates(min_value=date(2021, 1, 1), max_value=date(2029, 12, 31))


def test_housing_on_the_day_a_resident_complains() -> None:
    # Received Friday 18 December 2026: acknowledge within 5 working days (Christmas and Boxing Day off),
    # respond within 10 working days of that.
    assert acknowledgement_and_response(HOUSING, date(2026, 12, 18)) == (
        date(2026, 12, 29),
        date(2027, 1, 13),
    )


def test_housing_counts_stage_1_from_the_real_acknowledgement() -> None:
    found = deadlines(HOUSING, CaseDates(received=date(2026, 11, 2), acknowledged=date(2026, 11, 3)))
    assert found.stage1 is not None
    assert found.stage1.acknowledge == date(2026, 11, 9)
    assert found.stage1.respond == date(2026, 11, 17)
    assert found.stage1.extension_limit == date(2026, 12, 1)


def test_an_extension_moves_the_due_date_but_not_past_the_limit() -> None:
    dates_ = CaseDates(
        received=date(2026, 11, 2), acknowledged=date(2026, 11, 3), extended_to=date(2026, 11, 27)
    )
    found = deadlines(HOUSING, dates_)
    assert found.stage1 is not None and found.stage1.respond_by == date(2026, 11, 27)
    check_extension(found.stage1, date(2026, 12, 1), date(2026, 11, 10))
    with pytest.raises(ExtensionRefused, match="the latest the procedure allows is Tuesday 1 December 2026"):
        check_extension(found.stage1, date(2026, 12, 2), date(2026, 11, 10))
    with pytest.raises(ExtensionRefused, match="after the date the response was first due, Tuesday 17 Nov"):
        check_extension(found.stage1, date(2026, 11, 17), date(2026, 11, 10))
    with pytest.raises(ExtensionRefused, match=r"^Saturday 28 November 2026 is not a working day$"):
        check_extension(found.stage1, date(2026, 11, 28), date(2026, 11, 10))


def test_corporate_counts_from_receipt_and_allows_no_extension() -> None:
    found = deadlines(CORPORATE, CaseDates(received=date(2026, 11, 2)))
    assert found.stage1 is not None
    assert found.stage1.acknowledge is None
    assert found.stage1.respond == date(2026, 11, 23)
    with pytest.raises(ExtensionRefused, match="does not allow an extension"):
        check_extension(found.stage1, date(2026, 11, 24), date(2026, 11, 10))


def test_an_extension_is_refused_once_the_date_it_extends_has_passed() -> None:
    # Received 2 November, acknowledged 9 November: due 23 November. Agreed on the 23rd: allowed. On
    # 24 November or 4 December (the case) the response is already late: refused, with the reason.
    dates_ = CaseDates(received=date(2026, 11, 2), acknowledged=date(2026, 11, 9))
    found = deadlines(HOUSING, dates_)
    assert found.stage1 is not None and found.stage1.respond == date(2026, 11, 23)
    check_extension(found.stage1, date(2026, 12, 7), date(2026, 11, 23))
    for late in (date(2026, 11, 24), date(2026, 12, 4)):
        with pytest.raises(ExtensionRefused, match="was due on Monday 23 November 2026, which has passed"):
            check_extension(found.stage1, date(2026, 12, 7), late)


def test_stage_2_and_the_escalation_window() -> None:
    found = deadlines(
        HOUSING,
        CaseDates(
            received=date(2026, 9, 1),
            acknowledged=date(2026, 9, 2),
            responded=date(2026, 9, 16),
            escalation_requested=date(2026, 10, 1),
            stage2_acknowledged=date(2026, 10, 5),
        ),
    )
    assert found.escalation_closes == date(2026, 10, 16)
    assert found.stage2 is not None
    assert found.stage2.acknowledge == date(2026, 10, 8)
    assert found.stage2.respond == date(2026, 11, 2)
    assert found.stage2.extension_limit == date(2026, 11, 30)


def test_the_escalation_window_is_a_setting() -> None:
    responded = date(2026, 1, 30)
    # A month on is Saturday 28 February 2026: the window runs to Monday 2 March.
    assert EscalationWindow().closes(responded, calendar) == date(2026, 3, 2)
    assert EscalationWindow.parse("15 working days").closes(responded, calendar) == date(2026, 2, 20)
    assert EscalationWindow.parse("2 months") == EscalationWindow(months=2)
    with pytest.raises(ValueError, match="write '1 month' or '15 working days'"):
        EscalationWindow.parse("a fortnight")


def test_the_escalation_window_never_ends_on_christmas_or_new_year() -> None:
    # A month after 1 December 2026 is New Year's Day (a Friday bank holiday): ask by Monday 4 January.
    assert EscalationWindow().closes(date(2026, 12, 1), calendar) == date(2027, 1, 4)
    # A month after 25 November 2026 is Christmas Day (Friday); Boxing Day falls on Saturday, so Monday
    # 28 December is its substitute bank holiday: the next working day is Tuesday 29 December.
    assert EscalationWindow().closes(date(2026, 11, 25), calendar) == date(2026, 12, 29)
    # An ordinary working day a month on is left alone.
    assert EscalationWindow().closes(date(2026, 11, 17), calendar) == date(2026, 12, 17)
    # And what the resident is told comes from here.
    found = deadlines(HOUSING, CaseDates(received=date(2026, 11, 2), responded=date(2026, 12, 1)))
    assert found.escalation_closes == date(2027, 1, 4)


@given(
    responded=st.dates(min_value=date(2024, 1, 1), max_value=date(2032, 12, 31)),
    window=st.one_of(
        st.builds(EscalationWindow, months=st.integers(1, 12), working_days=st.none()),
        st.builds(EscalationWindow, months=st.none(), working_days=st.integers(1, 40)),
    ),
)
def test_the_date_to_ask_for_stage_2_by_is_always_a_working_day(
    responded: date, window: EscalationWindow
) -> None:
    closes = window.closes(responded, calendar)
    assert calendar.is_working_day(closes)
    assert closes > responded
    if window.months:
        # Never earlier than the calendar month(s), and no later than the first working day after.
        assert closes >= add_months(responded, window.months)
        assert calendar.between(add_months(responded, window.months), closes) <= 1


def test_statutory_procedures_have_no_managed_deadlines() -> None:
    assert deadlines(STATUTORY, CaseDates(received=date(2026, 1, 5))).stage1 is None
    assert acknowledgement_and_response(STATUTORY, date(2026, 1, 5)) == (None, None)


@pytest.mark.parametrize(
    ("happened", "received", "late"),
    [
        (date(2025, 11, 22), date(2026, 11, 22), False),
        (date(2025, 11, 21), date(2026, 11, 22), True),
        (date(2023, 2, 28), date(2024, 2, 29), False),
    ],
)
def test_the_12_month_time_limit(happened: date, received: date, late: bool) -> None:
    assert is_out_of_time(happened, received, Rules()) is late


def test_add_months_keeps_to_the_end_of_short_months() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)


@given(dates, dates)
def test_deadlines_never_shorten_when_the_complaint_arrives_later(first: date, second: date) -> None:
    early, late = sorted((first, second))
    for procedure in (HOUSING, CORPORATE):
        a = deadlines(procedure, CaseDates(received=early)).stage1
        b = deadlines(procedure, CaseDates(received=late)).stage1
        assert a is not None and b is not None
        assert a.respond <= b.respond
        assert (a.acknowledge or a.respond) <= (b.acknowledge or b.respond)


@given(dates, st.integers(min_value=0, max_value=30))
def test_an_extension_never_brings_a_deadline_forward(received: date, extra: int) -> None:
    plain = deadlines(HOUSING, CaseDates(received=received, acknowledged=received)).stage1
    assert plain is not None
    extended = deadlines(
        HOUSING,
        CaseDates(received=received, acknowledged=received, extended_to=calendar.add(received, extra)),
    ).stage1
    assert extended is not None and extended.respond_by >= plain.respond_by


@given(dates)
def test_deadlines_fall_on_working_days(received: date) -> None:
    found = deadlines(HOUSING, CaseDates(received=received)).stage1
    assert found is not None
    for day in (found.acknowledge, found.respond, found.extension_limit):
        assert day is not None and calendar.is_working_day(day)


@pytest.mark.parametrize(
    ("status", "dates_", "due"),
    [
        ("received", CaseDates(received=date(2026, 11, 2)), date(2026, 11, 9)),
        (
            "acknowledged",
            CaseDates(received=date(2026, 11, 2), acknowledged=date(2026, 11, 3)),
            date(2026, 11, 17),
        ),
        (
            "extended",
            CaseDates(
                received=date(2026, 11, 2), acknowledged=date(2026, 11, 3), extended_to=date(2026, 11, 27)
            ),
            date(2026, 11, 27),
        ),
        (
            "responded",
            # Quiet for 10 working days to 30 November, but stage 2 may be asked for until 16 December.
            CaseDates(received=date(2026, 11, 2), responded=date(2026, 11, 16)),
            date(2026, 12, 16),
        ),
        (
            # After stage 2 there is no window: 10 quiet working days from the response.
            "stage2_responded",
            CaseDates(
                received=date(2026, 9, 1),
                responded=date(2026, 9, 16),
                escalation_requested=date(2026, 10, 1),
                stage2_responded=date(2026, 11, 16),
            ),
            date(2026, 11, 30),
        ),
        (
            "escalation_requested",
            CaseDates(
                received=date(2026, 9, 1), responded=date(2026, 9, 16), escalation_requested=date(2026, 10, 1)
            ),
            date(2026, 10, 8),
        ),
        ("closed", CaseDates(received=date(2026, 11, 2)), None),
        ("withdrawn", CaseDates(received=date(2026, 11, 2)), None),
    ],
)
def test_the_next_deadline_for_the_queue(status: str, dates_: CaseDates, due: date | None) -> None:
    assert next_deadline(status, HOUSING, dates_) == due


def test_no_deadline_for_a_statutory_procedure() -> None:
    assert next_deadline("received", STATUTORY, CaseDates(received=date(2026, 1, 5))) is None


def test_dates_in_officers_emails_have_no_leading_zero() -> None:
    from casecore.deadlines import written_date, written_day

    assert written_date(date(2026, 12, 1)) == "1 December 2026"
    assert written_day(date(2026, 12, 1)) == "Tuesday 1 December 2026"
    assert written_date(None) == "no date"
