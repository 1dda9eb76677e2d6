"""The words on the performance pages, through the shared catalogue."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

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
}
ROWS = {
    "upheld": _l("Upheld"),
    "partially_upheld": _l("Partly upheld"),
    "not_upheld": _l("Not upheld"),
    "time_limit": _l("Outside the 12-month time limit"),
    "legal_proceedings": _l("Legal proceedings had started"),
    "other_procedure": _l("Another procedure or appeal applies"),
    "already_decided": _l("Already decided by a court, tribunal or Ombudsman"),
    "staff_matter": _l("A staff matter"),
    "other": _l("Another reason"),
    "compliments": _l("Compliments received"),
    "suggestions": _l("Suggestions received"),
    "ombudsman_referrals": _l("Complaints referred to an Ombudsman"),
    "determination_maladministration": _l("Ombudsman found maladministration"),
    "determination_service_failure": _l("Ombudsman found service failure"),
    "determination_no_maladministration": _l("Ombudsman found no maladministration"),
    "determination_resolved": _l("Resolved before an Ombudsman investigation"),
    "determination_outside_jurisdiction": _l("Outside the Ombudsman's jurisdiction"),
}
