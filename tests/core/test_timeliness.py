"""On time under the code, the rules behind the acknowledgement and CH02 figures, worked out by hand."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from casecore.procedures import CountedFrom, Procedure, Regime, Stage
from casecore.regimes import Gap, gaps, ombudsman_for
from casecore.timeliness import acknowledged_in_time, code_deadlines, responded_in_time
from casecore.working_days import england_and_wales

HOUSING = Regime.HOUSING_CODE
CALENDAR = england_and_wales()


def test_an_acknowledgement_on_the_5th_working_day_is_in_time_and_on_the_6th_late() -> None:
    # Received Monday 6 July 2026: the 5th working day is Monday 13 July, the 6th Tuesday 14 July.
    assert acknowledged_in_time(HOUSING, date(2026, 7, 6), date(2026, 7, 13)) is True
    assert acknowledged_in_time(HOUSING, date(2026, 7, 6), date(2026, 7, 14)) is False
    assert acknowledged_in_time(Regime.STATUTORY, date(2026, 7, 6), date(2026, 8, 14)) is None


def test_a_late_acknowledgement_moves_the_response_clock_as_the_code_says() -> None:
    # Acknowledged late on 14 July: the response is due 10 working days later, 28 July.
    due = code_deadlines(HOUSING, 1, date(2026, 7, 6), date(2026, 7, 14))
    assert due is not None and due.respond == date(2026, 7, 28)
    assert responded_in_time(HOUSING, 1, date(2026, 7, 6), date(2026, 7, 14), None, None, date(2026, 7, 28))


def test_an_extension_counts_only_when_set_before_the_date_it_extends() -> None:
    # Received 2 November 2026, acknowledged 9 November: due 23 November, the code's limit 7 December.
    received, acknowledged, answered = date(2026, 11, 2), date(2026, 11, 9), date(2026, 12, 7)
    in_line = responded_in_time(HOUSING, 1, received, acknowledged, answered, date(2026, 11, 20), answered)
    on_the_day = responded_in_time(HOUSING, 1, received, acknowledged, answered, date(2026, 11, 23), answered)
    too_late = responded_in_time(HOUSING, 1, received, acknowledged, answered, date(2026, 12, 4), answered)
    never_set = responded_in_time(HOUSING, 1, received, acknowledged, answered, None, answered)
    assert (in_line, on_the_day, too_late, never_set) == (True, True, False, False)
    # Past the code's limit (8 December is 11 more working days): measured against 23 November.
    past_limit = date(2026, 12, 8)
    assert not responded_in_time(
        HOUSING, 1, received, acknowledged, past_limit, date(2026, 11, 20), past_limit
    )
    assert responded_in_time(
        HOUSING, 1, received, acknowledged, past_limit, date(2026, 11, 20), date(2026, 11, 23)
    )


def test_council_services_are_measured_against_the_lgsco_code_not_the_slower_procedure() -> None:
    # Received 2 November, acknowledged 3 November: the code wants a response by 17 November; the council's
    # own procedure (15 working days from receipt) would allow 23 November. Answered on the 20th: late.
    received, acknowledged = date(2026, 11, 2), date(2026, 11, 3)
    assert not responded_in_time(Regime.LGSCO_CODE, 1, received, acknowledged, None, None, date(2026, 11, 20))
    assert responded_in_time(Regime.LGSCO_CODE, 1, received, acknowledged, None, None, date(2026, 11, 17))
    assert (
        responded_in_time(Regime.STATUTORY, 1, received, acknowledged, None, None, date(2027, 5, 1)) is None
    )


def test_stage_2_across_a_bank_holiday() -> None:
    # Stage 2 asked for on Monday 17 August 2026, acknowledged on the 18th: 20 working days, with the
    # 31 August bank holiday inside, is 16 September (15 September would be without the holiday).
    due = code_deadlines(HOUSING, 2, date(2026, 8, 17), date(2026, 8, 18))
    assert due is not None and due.respond == date(2026, 9, 16)
    assert responded_in_time(HOUSING, 2, date(2026, 8, 17), date(2026, 8, 18), None, None, date(2026, 9, 16))
    assert not responded_in_time(
        HOUSING, 2, date(2026, 8, 17), date(2026, 8, 18), None, None, date(2026, 9, 17)
    )


def test_the_ombudsman_follows_from_the_regime_and_the_gap_is_shown() -> None:
    assert ombudsman_for(HOUSING) == "housing-ombudsman"
    assert ombudsman_for(Regime.LGSCO_CODE) == ombudsman_for(Regime.STATUTORY) == "lgsco"
    corporate = Procedure(
        "corporate",
        (Stage(15, CountedFrom.RECEIPT), Stage(20, CountedFrom.RECEIPT)),
        regime=Regime.LGSCO_CODE,
    )
    assert gaps(corporate) == [
        Gap("acknowledgement", "no deadline set", "5 working days"),
        Gap("stage 1", "15 working days from the receipt", "10 working days from the acknowledgement"),
    ]
    housing = Procedure(
        "housing",
        (Stage(10, CountedFrom.ACKNOWLEDGEMENT, 10), Stage(20, CountedFrom.ACKNOWLEDGEMENT, 20)),
        5,
    )
    assert gaps(housing) == [] and gaps(Procedure("care", statutory=True)) == []


DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2029, 12, 31))


@given(DAYS, st.integers(0, 12), st.integers(0, 60), st.integers(-5, 25), st.integers(-10, 30))
def test_an_extension_set_after_the_due_date_never_changes_the_verdict(
    received: date, ack_after: int, answer_after: int, set_after_due: int, extend_by: int
) -> None:
    acknowledged = CALENDAR.add(received, ack_after)
    due = code_deadlines(HOUSING, 1, received, acknowledged)
    assert due is not None
    responded = received + timedelta(days=answer_after)
    extended_to = CALENDAR.add(due.respond, max(extend_by, 1))
    set_on = due.respond + timedelta(days=set_after_due)
    verdict = responded_in_time(HOUSING, 1, received, acknowledged, extended_to, set_on, responded)
    without = responded_in_time(HOUSING, 1, received, acknowledged, None, None, responded)
    if set_on > due.respond or extended_to > (due.extension_limit or due.respond):
        assert verdict == without
    else:
        assert verdict == (responded <= extended_to)
    # Answering earlier is never worse.
    earlier = responded_in_time(
        HOUSING, 1, received, acknowledged, extended_to, set_on, responded - timedelta(days=1)
    )
    assert earlier or not verdict
