"""What each status means, in plain words for residents (translated through the shared catalogue)."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from casecore.decisions import Outcome
from casecore.feedback import RestrictionKind
from casecore.hazards import HazardStep
from casecore.remedies import RemedyKind
from casecore.states import Kind, Status

STATUS_NAMES = {
    Status.RECEIVED: _l("Received"),
    Status.ACKNOWLEDGED: _l("Being looked into"),
    Status.EXTENDED: _l("Being looked into: we need more time"),
    Status.RESPONDED: _l("We have replied"),
    Status.ESCALATION_REQUESTED: _l("Stage 2 asked for"),
    Status.STAGE2_ACKNOWLEDGED: _l("Stage 2: being reviewed"),
    Status.STAGE2_EXTENDED: _l("Stage 2: we need more time"),
    Status.STAGE2_RESPONDED: _l("Stage 2: we have replied"),
    Status.CLOSED: _l("Closed"),
    Status.WITHDRAWN: _l("Withdrawn"),
    Status.NOT_ACCEPTED: _l("Not accepted as a complaint"),
    Status.SERVICE_REQUEST: _l("Dealt with as a service request"),
    Status.DUPLICATE: _l("Joined with another case"),
}

ANONYMOUS_RECEIVED = _l(
    "We have your message. You did not give us any contact details, so we cannot write to you. Check this "
    "page with your reference and access code to see how it is going."
)

STATUS_EXPLANATIONS = {
    Status.RECEIVED: _l("We have your message. We will acknowledge it and tell you who is dealing with it."),
    Status.ACKNOWLEDGED: _l("We have acknowledged your complaint and are looking into it."),
    Status.EXTENDED: _l("We need more time to reply. We have told you why and when you will hear from us."),
    Status.RESPONDED: _l(
        "We have sent you our reply. If you are not happy with it, you can ask for stage 2."
    ),
    Status.ESCALATION_REQUESTED: _l(
        "You have asked us to look at your complaint again. A different officer will review it."
    ),
    Status.STAGE2_ACKNOWLEDGED: _l("A different officer is reviewing your complaint at stage 2."),
    Status.STAGE2_EXTENDED: _l(
        "We need more time for the stage 2 review. We have told you why and when you will hear from us."
    ),
    Status.STAGE2_RESPONDED: _l(
        "We have sent you our final reply. If you are still not happy, you can go to the Ombudsman."
    ),
    Status.CLOSED: _l("This case is closed."),
    Status.WITHDRAWN: _l("This case was withdrawn, so we are no longer looking into it."),
    Status.NOT_ACCEPTED: _l(
        "We could not accept this as a complaint. We have told you why. "
        "You can ask the Ombudsman to look at our decision."
    ),
    Status.SERVICE_REQUEST: _l(
        "We are dealing with this as a request for a service rather than a complaint."
    ),
    Status.DUPLICATE: _l(
        "You told us about this in another case, so we are dealing with it there. You will hear from us "
        "about that case."
    ),
}

# A compliment or suggestion has no stages and no complaint reply: where a status means something else for
# it, its own words (the status page falls back to STATUS_NAMES and STATUS_EXPLANATIONS).
FEEDBACK_NAMES = {
    (Kind.COMPLIMENT, Status.RESPONDED): _l("Passed on"),
    (Kind.SUGGESTION, Status.RESPONDED): _l("Answered"),
}
FEEDBACK_EXPLANATIONS = {
    (Kind.COMPLIMENT, Status.ACKNOWLEDGED): _l(
        "We have acknowledged your compliment. We will pass it on to the people involved and their manager."
    ),
    (Kind.COMPLIMENT, Status.RESPONDED): _l(
        "We have passed your compliment on to the people involved and their manager. "
        "Thank you for telling us."
    ),
    (Kind.SUGGESTION, Status.ACKNOWLEDGED): _l(
        "We have acknowledged your suggestion and are considering it. "
        "We will write to tell you what we decide."
    ),
    (Kind.SUGGESTION, Status.RESPONDED): _l(
        "We have written to tell you how we will use your suggestion, or why we cannot."
    ),
}

OUTCOMES: dict[str, LazyString] = {  # casecore.decisions.Outcome, looked up by the stored value
    Outcome.UPHELD: _l("Upheld: we agreed with your complaint"),
    Outcome.PARTIALLY_UPHELD: _l("Partly upheld: we agreed with part of your complaint"),
    Outcome.NOT_UPHELD: _l("Not upheld: we did not find that we got it wrong"),
}

KINDS = {"complaint": _l("Complaint"), "compliment": _l("Compliment"), "suggestion": _l("Suggestion")}

# What we promised in a response, in plain words (casecore.remedies.RemedyKind).
REMEDY_KINDS = {
    RemedyKind.APOLOGY: _l("An apology"),
    RemedyKind.EXPLANATION: _l("An explanation"),
    RemedyKind.ACTION: _l("A repair or other work"),
    RemedyKind.PAYMENT: _l("A payment"),
    RemedyKind.RECORD_AMENDED: _l("Correcting our records"),
    RemedyKind.DECISION_CHANGED: _l("Changing our decision"),
    RemedyKind.POLICY_CHANGED: _l("Changing how we do things"),
}

# What a contact restriction limits, for the resident's letter (casecore.feedback.RestrictionKind).
RESTRICTION_KINDS = {
    RestrictionKind.LETTERS_ONLY: _l("Please contact us in writing only, by letter or email."),
    RestrictionKind.NAMED_OFFICER: _l("Please contact only the officer named below."),
    RestrictionKind.SET_TIMES: _l("Please phone or visit us only on the days and at the times below."),
    RestrictionKind.OTHER: _l("We have limited how you can contact us, as set out below."),
}

# Awaab's Law's steps as the resident reads them: the status page, the confirmation, the receipt email and
# the acknowledgement letter.
HAZARD_STEPS: dict[str, LazyString] = {
    HazardStep.MADE_SAFE: _l("Check the danger and make your home safe"),
    HazardStep.INVESTIGATED: _l("Inspect the problem"),
    HazardStep.SUMMARY: _l("Send you a written summary of what we found"),
    HazardStep.WORKS_BEGUN: _l("Start the work to make your home safe"),
}
