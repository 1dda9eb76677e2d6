"""The words on the performance pages, through the shared catalogue."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from casecore.decisions import Determination, NotAcceptedReason, Outcome

MEASURES = {
    "stage1_received": _l("Complaints received at stage 1"),
    "stage2_received": _l("Complaints escalated to stage 2"),
    "stage1_per_1000": _l("Stage 1 complaints per 1,000 homes (CH01)"),
    "stage2_per_1000": _l("Stage 2 complaints per 1,000 homes (CH01)"),
    "acknowledged_in_time": _l("Acknowledged within 5 working days"),
    "stage1_in_time": _l("Stage 1 responses within the Code's timescales (CH02)"),
    "stage2_in_time": _l("Stage 2 responses within the Code's timescales (CH02)"),
    "escalation_rate": _l("Share of complaints escalated to stage 2"),
    "stage1_median_days": _l("Median working days to respond at stage 1"),
    "stage2_median_days": _l("Median working days to respond at stage 2"),
    "open_at_end": _l("Complaints open at the end of the period"),
    "overdue_at_end": _l("Complaints overdue at the end of the period"),
}
TABLES = {
    "headlines": _l("Headline measures"),
    "outcomes": _l("Outcomes of responses"),
    "service_areas": _l("Complaints by service"),
    "not_accepted": _l("Complaints not accepted, by reason"),
    "feedback": _l("Compliments, suggestions and the Ombudsman"),
    "regulator": _l("Council homes: the regulator's measures (CH01 and CH02)"),
    "council": _l("The council's other services"),
    "statutory": _l("Social care complaints and service requests"),
    "compliments": _l("Compliments by service"),
    "remedies": _l("Putting things right: what we promised, done by the date we gave"),
    "survey": _l("How residents rated our handling of their complaint: a survey at closure"),
}
# How each table is counted, in one plain sentence under it (the rules are tracker/export.py's docstring).
RULES = {
    "headlines": _l(
        "These count complaints about the council as your landlord, which follow the Housing Ombudsman's "
        "Complaint Handling Code."
    ),
    "regulator": _l(
        "CH01 is the complaints received in the period for every 1,000 homes of that kind; CH02 is the share "
        "of responses sent in the period by the Code's deadline, or by an extended date agreed before that "
        "deadline passed and within the Code's limit. Leaseholders and residents whose tenure we do not know "
        "are in neither column."
    ),
    "council": _l(
        "Complaints about council tax, bins, parking and our other services, measured against the Local "
        "Government and Social Care Ombudsman's code: acknowledged within 5 working days, answered within "
        "10 working days at stage 1 and 20 at stage 2 (plus any extension agreed in time)."
    ),
    "outcomes": _l("The decision in each response sent in the period, for complaints about council homes."),
    "service_areas": _l(
        "Every complaint received in the period, by the service it is about. Social care follows its own "
        "statutory procedure, so no Code timescale applies to it."
    ),
    "statutory": _l(
        "Adult and children's social care complaints follow a procedure set in law, so we count them but do "
        "not measure them against a Code's timescales. A service request is a first report of a problem, "
        "such as a repair; we count them here and never as complaints."
    ),
    "not_accepted": _l("Complaints closed in the period without an investigation, with the policy's reason."),
    "feedback": _l(
        "Compliments and suggestions received in the period; complaints referred to an Ombudsman and the "
        "Ombudsman's decisions made in the period."
    ),
    "compliments": _l(
        "Compliments received in the period, by the service they praised. We pass each one on."
    ),
    "remedies": _l(
        "Every remedy or action we promised in a response that was due in the period: done by the date we "
        "gave, done later, or not done yet when these figures were made. Each is a number of promises, and "
        "the last three add up to the first."
    ),
    "survey": _l(
        "When a complaint closes, we email a share of residents one question: how satisfied they are with "
        "how we handled it, from 1 to 5. Satisfied means 4 or 5. We publish the results only when at least 5 "
        "people answered. This is our own survey at closure, not the regulator's measure TP09, which comes "
        "from the tenant perception survey."
    ),
}
COLUMNS = {
    "measure": _l("Measure"),
    "value": _l("This period"),
    "previous": _l("Previous period"),
    "year_before": _l("A year before"),
    "outcome": _l("Outcome"),
    "stage1": _l("Stage 1"),
    "stage2": _l("Stage 2"),
    "service": _l("Service"),
    "received": _l("Received"),
    "responded": _l("Responses"),
    "in_time_share": _l("Responded in time"),
    "reason": _l("Reason"),
    "count": _l("Number"),
    "lcra": _l("Council tenants (low-cost rental)"),
    "lcho": _l("Shared owners (low-cost home ownership)"),
    "together": _l("Both together"),
}
# The rows for the lists in casecore.decisions, keyed by their codes (a test checks each covers its list).
OUTCOME_ROWS = {
    Outcome.UPHELD: _l("Upheld"),
    Outcome.PARTIALLY_UPHELD: _l("Partly upheld"),
    Outcome.NOT_UPHELD: _l("Not upheld"),
}
NOT_ACCEPTED_ROWS = {
    NotAcceptedReason.TIME_LIMIT: _l("Outside the 12-month time limit"),
    NotAcceptedReason.LEGAL_PROCEEDINGS: _l("Legal proceedings had started"),
    NotAcceptedReason.OTHER_PROCEDURE: _l("Another procedure or appeal applies"),
    NotAcceptedReason.ALREADY_DECIDED: _l("Already decided by a court, tribunal or Ombudsman"),
    NotAcceptedReason.STAFF_MATTER: _l("A staff matter"),
    NotAcceptedReason.OTHER: _l("Another reason"),
}
DETERMINATION_ROWS = {
    Determination.MALADMINISTRATION: _l("Ombudsman found maladministration"),
    Determination.SERVICE_FAILURE: _l("Ombudsman found service failure"),
    Determination.NO_MALADMINISTRATION: _l("Ombudsman found no maladministration"),
    Determination.RESOLVED: _l("Resolved before an Ombudsman investigation"),
    Determination.OUTSIDE_JURISDICTION: _l("Outside the Ombudsman's jurisdiction"),
}
ROWS = {
    **{code.value: words for code, words in OUTCOME_ROWS.items()},
    **{code.value: words for code, words in NOT_ACCEPTED_ROWS.items()},
    "compliments": _l("Compliments received"),
    "suggestions": _l("Suggestions received"),
    "ombudsman_referrals": _l("Complaints referred to an Ombudsman"),
    **{f"determination_{code.value}": words for code, words in DETERMINATION_ROWS.items()},
    "homes": _l("Homes"),
    "stage1_received": MEASURES["stage1_received"],
    "stage2_received": MEASURES["stage2_received"],
    "acknowledged_in_time": MEASURES["acknowledged_in_time"],
    "stage1_in_time": _l("Stage 1 responses in time"),
    "stage2_in_time": _l("Stage 2 responses in time"),
    "ch01_stage1": _l("CH01: stage 1 complaints per 1,000 homes"),
    "ch01_stage2": _l("CH01: stage 2 complaints per 1,000 homes"),
    "ch02_stage1": _l("CH02: stage 1 responses within the Code's timescales"),
    "ch02_stage2": _l("CH02: stage 2 responses within the Code's timescales"),
    "statutory_received": _l("Social care complaints received"),
    "statutory_responded": _l("Social care complaints answered"),
    "service_requests": _l("First reports handled as service requests"),
    "suggestions_used": _l("Suggestions answered: we will use them"),
    "suggestions_not_used": _l("Suggestions answered: we cannot use them"),
    "remedies_due": _l("Promised remedies and actions due"),
    "remedies_on_time": _l("Done by the date we gave"),
    "remedies_late": _l("Done, but later than the date we gave"),
    "remedies_not_done": _l("Not done yet"),
    "survey_responses": _l("Residents who answered"),
    "survey_satisfied": _l("Satisfied or very satisfied (4 or 5)"),
    "survey_mean": _l("Average score, from 1 to 5"),
}
# What each of the regulator's measures means, in one plain sentence under the regulator's table.
MEANINGS = {
    "ch01": _l(
        "CH01 tells you how many complaints we received for every 1,000 homes we rent out or part-own, so "
        "that landlords of different sizes can be compared."
    ),
    "ch02": _l(
        "CH02 tells you, of the replies we sent in the period, how many reached the resident within the time "
        "the Housing Ombudsman's Code allows."
    ),
}
# Said before the headline table: it counts housing only, while the table by service counts every service.
HEADLINE_SCOPE = _l(
    "These headline figures count complaints about council homes only. The table of complaints by service "
    "further down counts complaints about every council service."
)
# Said under the regulator's table: how its rates are rounded, and why a cell can be empty.
ROUNDING_RULE = _l(
    "Rates per 1,000 homes are rounded to one decimal place. A rate or a percentage worked out from fewer "
    "than 5 complaints is not published, so that no resident can be identified."
)
