"""Staff forms: signing in, logging a case, and one form per action on a case. Staff pages are in English."""

from __future__ import annotations

from typing import Any

from wtforms import (
    BooleanField,
    DateField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from casecore.channels import Channel, Consent, Tenure
from casecore.decisions import Determination, NotAcceptedReason, Outcome
from casecore.feedback import NEEDS_DETAIL, RESTRICTIONS, REVIEW_OUTCOMES, RestrictionKind, ReviewOutcome
from casecore.hazards import HazardKind, HazardStep
from casecore.remedies import GIVEN_IN_LETTER, STAFF_LABELS, RemedyKind, RemedyProblem, parse_pounds
from casecore.states import Kind

from .. import clock, staffwords
from . import BaseForm, required_if
from .journey import normalise_postcode

CHANNEL_NAMES = {
    Channel.PHONE: "Phone",
    Channel.LETTER: "Letter",
    Channel.EMAIL: "Email",
    Channel.IN_PERSON: "In person",
    Channel.COUNCILLOR: "Through a councillor",
    Channel.MP: "Through an MP",
    Channel.ONLINE: "Online form",
}
CHANNELS = [SelectChoice(channel.value, name) for channel, name in CHANNEL_NAMES.items()]
TENURE_NAMES = {
    Tenure.TENANT: "Council tenant (low-cost rental)",
    Tenure.SHARED_OWNER: "Shared owner (low-cost home ownership)",
    Tenure.LEASEHOLDER: "Leaseholder",
    Tenure.OTHER: "Other (for example a private tenant or a resident nearby)",
    Tenure.UNKNOWN: "Not known",
}
FORMAT_CHOICES = [
    SelectChoice("large-print", "Large print"),
    SelectChoice("easy-read", "Easy read"),
    SelectChoice("braille", "Braille"),
    SelectChoice("bsl", "BSL interpreter"),
]
CONSENT_NAMES = {
    Consent.AGREED: "The resident has agreed",
    Consent.AUTHORITY: "Legal authority (lasting power of attorney, deputy, appointee)",
    Consent.CANNOT: "The resident cannot agree (give the reason)",
}
ADJUSTMENTS_FOR = [
    SelectChoice("resident", "The resident"),
    SelectChoice("advocate", "The advocate"),
    SelectChoice("both", "Both"),
]
PROMISE_ROWS = 3  # rows for promised actions on the response form; blank rows are ignored
REMEDY_CHOICES = [SelectChoice(kind.value, label) for kind, label in STAFF_LABELS.items()]
# The lists are casecore.decisions', in staff's words (tracker.staffwords); residents read
# tracker.wording's in the letter and on the status page.
OUTCOME_CHOICES = [
    SelectChoice("", "Choose the decision"),
    *(SelectChoice(outcome.value, staffwords.OUTCOMES[outcome]) for outcome in Outcome),
]
DETERMINATION_CHOICES = [SelectChoice(d.value, staffwords.DETERMINATIONS[d]) for d in Determination]


EMAIL = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Enter a real email address")


def required(message: str) -> Any:
    return InputRequired(message)


class LoginForm(BaseForm):
    username = StringField("Username", validators=[required("Enter your username"), Length(max=80)])
    password = PasswordField("Password", validators=[required("Enter your password"), Length(max=200)])


class NewCaseForm(BaseForm):
    kind = SelectField("What is it?", choices=[SelectChoice(k.value, k.value.capitalize()) for k in Kind])
    channel = SelectField("How did it arrive?", choices=CHANNELS)
    received = DateField(
        "Date the council received it", validators=[required("Enter the date it was received")]
    )
    service_area = SelectField("Service", choices=[])
    language = SelectField("Resident's language", choices=[])
    description = TextAreaField(
        "What it is about", validators=[required("Enter what it is about"), Length(max=5000)]
    )
    outcome_wanted = TextAreaField("Outcome wanted", validators=[Optional(), Length(max=2000)])
    name = StringField("Name", validators=[Optional(), Length(max=200)])
    email = StringField(
        "Email",
        validators=[
            Optional(),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Enter a real email address"),
            Length(max=254),
        ],
    )
    phone = StringField("Phone", validators=[Optional(), Length(max=40)])
    address = TextAreaField("Postal address", validators=[Optional(), Length(max=500)])
    postcode = StringField("Postcode", validators=[Optional(), Length(max=10)])
    contact_method = SelectField(  # the values the online form stores (tracker.forms.journey.ContactForm)
        "How should we reply?",
        choices=[
            SelectChoice("", "Not asked"),
            SelectChoice("email", "By email"),
            SelectChoice("phone", "By phone"),
            SelectChoice("letter", "By post"),
            SelectChoice("anonymous", "Do not contact them: they want to stay anonymous"),
        ],
        default="",
    )
    happened = DateField("When it happened (if the resident said)", validators=[Optional()])
    happened_month_only = BooleanField("The resident gave the month only, not the day")
    still_happening = BooleanField("It is still happening (never out of time: the date is when it started)")
    late_reason = TextAreaField(
        "If over 12 months ago: why they are telling us now", validators=[Optional(), Length(max=2000)]
    )
    tenure = SelectField(
        "Resident's tenure (housing services only)",
        choices=[
            SelectChoice("", "Not a housing case"),
            *(SelectChoice(t.value, n) for t, n in TENURE_NAMES.items()),
        ],
        default="",
    )
    hazard = BooleanField(
        "The problem includes damp, mould or anything that is a danger to health or safety in a council home "
        "(Awaab's Law: the repairs team is alerted at once)"
    )
    hazard_at_risk = SelectField(
        "Is anyone in the home especially at risk (a baby, an older person, someone pregnant, with a lung or "
        "heart condition, a weak immune system or a disability)?",
        choices=[SelectChoice("", "Not known"), SelectChoice("yes", "Yes"), SelectChoice("no", "No")],
        default="",
    )
    hazard_address = TextAreaField(
        "Address of the home with the hazard (needed with a hazard: the repairs team visits it)",
        validators=[Optional(), Length(max=500)],
    )
    hazard_postcode = StringField(
        "Postcode of the home with the hazard", validators=[Optional(), Length(max=10)]
    )
    on_behalf = BooleanField("Someone is complaining for the resident (an advocate, councillor or MP)")
    behalf_name = StringField("Name of the resident they act for", validators=[Optional(), Length(max=200)])
    behalf_relationship = StringField("Who the advocate is to them", validators=[Optional(), Length(max=200)])
    behalf_address = TextAreaField("The resident's own address", validators=[Optional(), Length(max=500)])
    behalf_postcode = StringField("The resident's own postcode", validators=[Optional(), Length(max=10)])
    consent_basis = SelectField(
        "Consent",
        choices=[
            SelectChoice("", "Choose"),
            *(SelectChoice(c.value, n) for c, n in CONSENT_NAMES.items()),
        ],
        default="",
    )
    consent_reason = TextAreaField("Why the resident cannot agree", validators=[Optional(), Length(max=2000)])
    adjustments_for = SelectField(
        "Whose the adjustments are",
        choices=[SelectChoice("", "Not made for someone else"), *ADJUSTMENTS_FOR],
        default="",
    )
    formats = SelectMultipleField(
        "Formats needed",
        choices=FORMAT_CHOICES,
        validators=[Optional()],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    interpreter_language = StringField("Interpreter in a language", validators=[Optional(), Length(max=80)])
    adjustments_other = TextAreaField("Other adjustments", validators=[Optional(), Length(max=2000)])

    def validate_postcode(self, field: Any) -> None:
        if field.data and normalise_postcode(field.data) is None:
            raise ValidationError("Enter a real UK postcode, like HA1 2XY, or leave it blank")

    def validate_hazard_postcode(self, field: Any) -> None:
        if field.data and normalise_postcode(field.data) is None:
            raise ValidationError("Enter a real UK postcode for the home, like HA1 2XY")

    def validate_behalf_postcode(self, field: Any) -> None:
        if field.data and normalise_postcode(field.data) is None:
            raise ValidationError(
                "Enter a real UK postcode for the resident, like HA1 2XY, or leave it blank"
            )

    def validate(self, extra_validators: Any = None) -> bool:
        """A case made for someone else needs the resident's name and the footing the advocate acts on
        (and, when the resident cannot agree, why): checked here, since an empty optional field stops
        its own validators."""
        valid = super().validate(extra_validators)
        method = self.contact_method.data
        required_if(
            method == "email", self.email, "Enter the email address to reply to, or choose another way"
        )
        required_if(
            method == "phone", self.phone, "Enter the phone number to reply to, or choose another way"
        )
        required_if(
            method == "letter", self.address, "Enter the postal address to reply to, or choose another way"
        )
        valid = valid and not any(f.errors for f in (self.email, self.phone, self.address))
        required_if(
            bool(self.hazard.data), self.hazard_address, "Enter the address of the home with the hazard"
        )
        required_if(
            bool(self.hazard.data), self.hazard_postcode, "Enter the postcode of the home with the hazard"
        )
        valid = valid and not (self.hazard_address.errors or self.hazard_postcode.errors)
        if not self.on_behalf.data:
            return valid
        required_if(True, self.behalf_name, "Enter the name of the resident the advocate acts for")
        required_if(
            True,
            self.consent_basis,
            "Choose the footing the advocate acts on: the resident agreed, legal authority, "
            "or the resident cannot agree",
        )
        required_if(
            self.consent_basis.data == Consent.CANNOT.value,
            self.consent_reason,
            "Say why the resident cannot agree",
        )
        return valid and not any(
            f.errors for f in (self.behalf_name, self.consent_basis, self.consent_reason)
        )


class AcknowledgeForm(BaseForm):
    definition = TextAreaField(
        "The complaint definition: what it is about and the outcome wanted",
        validators=[required("Write the complaint definition"), Length(max=3000)],
    )


class ExtendForm(BaseForm):
    new_date = DateField("New response date", validators=[required("Enter the new response date")])
    reason = TextAreaField(
        "Reason, for the resident", validators=[required("Give the reason"), Length(max=2000)]
    )


class PromiseRows:
    """Rows of promised remedies and actions on a form: `promise1_kind`, `promise1_description`, …
    A row left blank is ignored; a row begun must say what, by when and (a payment) how much. On the
    response form an apology or explanation with no date is given in the letter: due the day it is sent."""

    PREFIXES: tuple[str, ...] = ()
    IN_LETTER = False  # the rows are sent in a letter written now (the response)

    def _given_in_letter(self, row: dict[str, Any]) -> bool:
        return self.IN_LETTER and not row["due"].data and row["kind"].data in GIVEN_IN_LETTER

    @staticmethod
    def _which(row: dict[str, Any]) -> str:
        """The row as an error names it: "Promised action 2 (Payment)", with its kind once chosen."""
        title = str(row["kind"].label.text).rsplit(": ", 1)[0]
        kind = row["kind"].data
        return f"{title} ({STAFF_LABELS[RemedyKind(kind)]})" if kind in set(RemedyKind) else title

    def _row(self, prefix: str) -> dict[str, Any]:
        return {
            part: getattr(self, f"{prefix}_{part}")
            for part in ("kind", "description", "amount", "owner", "due")
        }

    def check_rows(self) -> bool:
        valid = True
        for prefix in self.PREFIXES:
            row = self._row(prefix)
            if not any(row[part].data for part in ("kind", "description", "amount", "due")):
                continue
            which = self._which(row)
            for part, message in (
                ("kind", "choose what kind of remedy or action it is"),
                ("description", "say what was promised"),
                ("due", "enter the date it is to be done by"),
            ):
                if part == "due" and self._given_in_letter(row):
                    continue
                if not row[part].data and not row[part].errors:
                    row[part].errors = [*row[part].errors, f"{which}: {message}"]
                    valid = False
            if row["amount"].data:
                try:
                    parse_pounds(row["amount"].data)
                except RemedyProblem as problem:
                    row["amount"].errors = [*row["amount"].errors, f"{which}: {problem}"]
                    valid = False
        return valid

    def promises(self) -> list[Any]:
        from ..remedies import Promise

        found = []
        for prefix in self.PREFIXES:
            row = self._row(prefix)
            if not any(row[part].data for part in ("kind", "description", "amount", "due")):
                continue
            owner = row["owner"].data
            found.append(
                Promise(
                    kind=row["kind"].data,
                    description=row["description"].data,
                    due=clock.today() if self._given_in_letter(row) else row["due"].data,
                    amount_pence=parse_pounds(row["amount"].data) if row["amount"].data else None,
                    owner_id=_owner_id(owner),
                )
            )
        return found


def _owner_id(value: Any) -> int | None:
    """Blank: the member of staff recording it. Anything but a staff id from the list is -1, which no one
    has, so the promise is refused with a reason rather than given to someone else."""
    if not value:
        return None
    text = str(value)
    return int(text) if text.isdigit() and len(text) < 10 else -1


def _promise_fields(form: type[BaseForm], prefix: str, title: str) -> None:
    setattr(
        form,
        f"{prefix}_kind",
        SelectField(
            f"{title}: kind", choices=[SelectChoice("", "None"), *REMEDY_CHOICES], validate_choice=False
        ),
    )
    setattr(form, f"{prefix}_description", StringField(f"{title}: what", validators=[Length(max=500)]))
    setattr(
        form,
        f"{prefix}_amount",
        StringField(f"{title}: amount in pounds, for a payment", validators=[Length(max=20)]),
    )
    # Both checked when the promise is recorded (a blank row has neither), so not as a choice here.
    setattr(form, f"{prefix}_owner", SelectField(f"{title}: owner", choices=[], validate_choice=False))
    setattr(
        form,
        f"{prefix}_due",
        DateField(
            f"{title}: to be done by",
            validators=[Optional()],
            description="An apology or explanation given in this letter needs no date."
            if form is RespondForm
            else "",
        ),
    )


class RespondForm(PromiseRows, BaseForm):
    outcome = SelectField(
        "Decision", choices=OUTCOME_CHOICES, validators=[required("Choose the decision")], default=""
    )
    reasons = TextAreaField(
        "Reasons for the decision", validators=[required("Give the reasons"), Length(max=5000)]
    )
    remedy = TextAreaField(
        "Remedy: how we will put things right, in the letter's words",
        validators=[Optional(), Length(max=3000)],
    )
    outstanding = TextAreaField("Outstanding actions", validators=[Optional(), Length(max=3000)])
    learning = TextAreaField("What we have learned", validators=[Optional(), Length(max=3000)])
    PREFIXES = tuple(f"promise{number}" for number in range(1, PROMISE_ROWS + 1))
    IN_LETTER = True
    learning_required = False  # a stage 2 response says what was learned (policy 7.7): at_stage(2)

    def at_stage(self, stage: int) -> None:
        """A stage 2 response must say what we have learned (policy 7.7); the letter invents nothing."""
        self.learning_required = stage == 2
        self.learning.description = (
            "Required at stage 2 (policy 7.7): it goes in the final response letter."
            if stage == 2
            else "Optional at stage 1: left blank, the letter has no such section."
        )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.learning_required and not (self.learning.data or "").strip():
            self.learning.errors = [*self.learning.errors, "Say what we have learned from this complaint"]
            valid = False
        return self.check_rows() and valid


for _number in range(1, PROMISE_ROWS + 1):
    _promise_fields(RespondForm, f"promise{_number}", f"Promised action {_number}")


class PromiseForm(PromiseRows, BaseForm):
    PREFIXES = ("promise",)

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if not self.promise_kind.data:
            self.promise_kind.errors = [
                *self.promise_kind.errors,
                "Choose what kind of remedy or action it is",
            ]
            valid = False
        return self.check_rows() and valid


_promise_fields(PromiseForm, "promise", "Promised action")


class CompleteRemedyForm(BaseForm):
    done_on = DateField("Done on", validators=[required("Enter the day it was done")])
    what = TextAreaField(
        "What was done, for the resident", validators=[required("Say what was done"), Length(max=3000)]
    )


class ChangeDueForm(BaseForm):
    due = DateField("New date it is to be done by", validators=[required("Enter the new date")])
    reason = TextAreaField(
        "Why the date changed", validators=[required("Say why the date changed"), Length(max=3000)]
    )


class ContactForm(BaseForm):
    on = DateField("Day the resident was in touch", validators=[required("Enter the day")])
    summary = TextAreaField("What they said", validators=[required("Say what they said"), Length(max=3000)])


class IssueForm(BaseForm):
    text = TextAreaField(
        "The further issue, in a sentence or two",
        validators=[required("Describe the issue"), Length(max=3000)],
    )


class DuplicateForm(BaseForm):
    of = StringField(
        "Reference of the case this repeats",
        validators=[required("Enter the reference of the case this repeats"), Length(max=40)],
    )


class SameTeamForm(BaseForm):
    reason = TextAreaField(
        "Why an officer from the stage 1 team may review stage 2",
        validators=[required("Give the reason"), Length(max=3000)],
    )


class ReasonForm(BaseForm):
    reason = TextAreaField("Reason", validators=[required("Give the reason"), Length(max=3000)])


NOT_ACCEPTED_CHOICES = [SelectChoice(r.value, staffwords.NOT_ACCEPTED[r]) for r in NotAcceptedReason]


class NotAcceptedForm(BaseForm):
    code = SelectField("Why it is outside the complaints procedure", choices=NOT_ACCEPTED_CHOICES)
    reason = TextAreaField(
        "Explanation, for the resident", validators=[required("Give the reason"), Length(max=3000)]
    )


class EscalateForm(BaseForm):
    asked_on = DateField(
        "Date the resident asked for stage 2", validators=[required("Enter the date they asked")]
    )
    reason = TextAreaField("What they are still unhappy about", validators=[Optional(), Length(max=3000)])


class CloseForm(BaseForm):
    reason = TextAreaField(
        "If promised actions are still open: why close now (managers only)",
        validators=[Optional(), Length(max=3000)],
    )


class AssignForm(BaseForm):
    to = SelectField("Assign to", choices=[], coerce=int)


class NoteForm(BaseForm):
    text = TextAreaField("Internal note", validators=[required("Write the note"), Length(max=5000)])


class NeedsForm(BaseForm):
    vulnerability = TextAreaField(
        "Disability or vulnerability the resident told us about",
        validators=[required("Describe it"), Length(max=2000)],
    )
    adjustment = TextAreaField(
        "Adjustment agreed", validators=[required("Describe the adjustment agreed"), Length(max=2000)]
    )


# casecore.hazards' kinds and steps as the officer chooses them, with what each means (in this order).
HAZARD_KIND_CHOICES = {
    HazardKind.EMERGENCY: "Emergency hazard: investigate and make safe within 24 hours",
    HazardKind.DAMP_MOULD: "Significant damp and mould: investigate within 10 working days",
    HazardKind.POSSIBLE: "Possible hazard, not yet assessed",
    HazardKind.NOT_HAZARD: "Not a hazard: no hazard clock",
}
HAZARD_STEP_CHOICES = {
    HazardStep.MADE_SAFE: "Investigated and made safe (emergency)",
    HazardStep.INVESTIGATED: "Investigation ended",
    HazardStep.SUMMARY: "Written summary of the findings sent to the resident",
    HazardStep.WORKS_BEGUN: "Safety works begun",
}


class HazardKindForm(BaseForm):
    kind = SelectField(
        "What the officer found",
        choices=[SelectChoice(kind.value, label) for kind, label in HAZARD_KIND_CHOICES.items()],
    )
    reason = TextAreaField("Why (optional)", validators=[Optional(), Length(max=2000)])


class HazardStepForm(BaseForm):
    step = SelectField(
        "Which step was done",
        choices=[SelectChoice(step.value, label) for step, label in HAZARD_STEP_CHOICES.items()],
    )
    on = DateField("The day it was done", validators=[required("Enter the day it was done")])


class SafeguardingDoneForm(BaseForm):
    action = TextAreaField(
        "What was done about the concern",
        validators=[required("Say what was done about the concern"), Length(max=3000)],
    )


class SafeguardingForm(BaseForm):
    concern = TextAreaField(
        "The safeguarding concern", validators=[required("Describe the concern"), Length(max=3000)]
    )


RESTRICTION_CHOICES = [SelectChoice(kind.value, RESTRICTIONS[kind]) for kind in RestrictionKind]
WHY_NOW_HINT = (
    "Needed only before the internal procedure is exhausted (no stage 2 response yet): policy 13.1 expects "
    "it to be exhausted first."
)


class RestrictForm(BaseForm):
    """Policy section 13: what is restricted, why, until when; the resident gets a letter saying so."""

    reason = TextAreaField(
        "Why contact is restricted (policy section 13), for the resident",
        validators=[required("Give the reason"), Length(max=3000)],
    )
    kind = SelectField("What is restricted", choices=RESTRICTION_CHOICES)
    detail = TextAreaField(
        "The detail, for the resident: the officer's name, the days and times, or the form of contact",
        validators=[Length(max=2000)],
    )
    review = DateField("Review date", validators=[required("Enter a review date")])
    why_now = TextAreaField(
        "Why the restriction is needed now, before the procedure is exhausted",
        validators=[Optional(), Length(max=3000)],
        description=WHY_NOW_HINT,
    )

    def validate_detail(self, field: Any) -> None:
        if self.kind.data in NEEDS_DETAIL and not (field.data or "").strip():
            raise ValidationError("Say who, when or what: the resident needs to know exactly what applies")


REVIEW_CHOICES = [SelectChoice(outcome.value, REVIEW_OUTCOMES[outcome]) for outcome in ReviewOutcome]
UNCHANGED = "unchanged"


class ReviewRestrictionForm(BaseForm):
    """Policy section 13: the outcome of a restriction's review. Lifted, the resident is told they can
    contact us in the usual ways; kept, what stays restricted, why, and the next review date."""

    outcome = SelectField("Outcome of the review", choices=REVIEW_CHOICES)
    reason = TextAreaField(
        "Why: kept in the timeline; if the restriction is kept, also sent to the resident",
        validators=[required("Give the reason for the outcome"), Length(max=3000)],
    )
    review = DateField(
        "Next review date (if it is kept)",
        validators=[Optional()],
        description="Needed only if the restriction is kept: a date in the future.",
    )
    kind = SelectField(
        "What stays restricted (if it is kept)",
        choices=[SelectChoice(UNCHANGED, "As now"), *RESTRICTION_CHOICES],
    )
    detail = TextAreaField(
        "New detail, for the resident (if the terms change): the officer's name, the days and times, or the "
        "form of contact",
        validators=[Length(max=2000)],
        description="Leave it empty to keep the detail as it is now.",
    )

    def validate(self, extra_validators: Any = None) -> bool:
        """A kept restriction needs its next review date: checked here, since an empty optional field
        stops its own validators."""
        valid = super().validate(extra_validators)
        required_if(self.outcome.data == ReviewOutcome.KEEP, self.review, "Enter the next review date")
        return valid and not self.review.errors

    def validate_detail(self, field: Any) -> None:
        changed = self.outcome.data == ReviewOutcome.KEEP and self.kind.data != UNCHANGED
        if changed and self.kind.data in NEEDS_DETAIL and not (field.data or "").strip():
            raise ValidationError("Say who, when or what: the resident needs to know exactly what applies")


class ReferralForm(BaseForm):
    body = SelectField(
        "Ombudsman",
        choices=[SelectChoice("housing-ombudsman", "Housing Ombudsman"), SelectChoice("lgsco", "LGSCO")],
    )
    referred = DateField("Date referred", validators=[required("Enter the date")])


class DeterminationForm(BaseForm):
    determination = SelectField("Determination", choices=DETERMINATION_CHOICES)
    on = DateField("Date of the determination", validators=[required("Enter the date")])


class ComplimentForm(BaseForm):
    """Pass a compliment on to the officer or team praised and their manager (policy s.14)."""

    team = StringField("Team praised", validators=[required("Enter the team"), Length(max=200)])
    officer = StringField("Officer praised, if the resident named one", validators=[Length(max=200)])
    officer_email = StringField(
        "The officer's email, to pass it on to them", validators=[Optional(), Length(max=254), EMAIL]
    )
    manager_email = StringField(
        "Their manager's email",
        validators=[required("Enter the manager's email"), Length(max=254), EMAIL],
    )


class SuggestionForm(BaseForm):
    """Answer a suggestion (policy s.15): how we will use it, or why we cannot. The resident gets a letter."""

    used = SelectField(
        "What came of it",
        choices=[SelectChoice("used", "We will use it"), SelectChoice("not_used", "We cannot use it")],
    )
    answer = TextAreaField(
        "How we will use it, or why we cannot, for the resident",
        validators=[required("Say how we will use it or why we cannot"), Length(max=3000)],
    )


class EmptyForm(BaseForm):
    """An action that needs no more than the button."""
