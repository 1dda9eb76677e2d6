"""Staff forms: signing in, logging a case, and one form per action on a case. Staff pages are in English."""

from __future__ import annotations

from typing import Any

from wtforms import BooleanField, DateField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp

from casecore.states import Kind

from . import BaseForm

CHANNELS = [
    SelectChoice("phone", "Phone"),
    SelectChoice("letter", "Letter"),
    SelectChoice("email", "Email"),
    SelectChoice("in_person", "In person"),
    SelectChoice("councillor", "Through a councillor"),
    SelectChoice("mp", "Through an MP"),
    SelectChoice("online", "Online form"),
]
OUTCOME_CHOICES = [
    SelectChoice("upheld", "Upheld"),
    SelectChoice("partially_upheld", "Partially upheld"),
    SelectChoice("not_upheld", "Not upheld"),
]
DETERMINATION_CHOICES = [
    SelectChoice("maladministration", "Maladministration"),
    SelectChoice("service_failure", "Service failure"),
    SelectChoice("no_maladministration", "No maladministration"),
    SelectChoice("resolved", "Resolved before investigation"),
    SelectChoice("outside_jurisdiction", "Outside jurisdiction"),
]


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


class RespondForm(BaseForm):
    outcome = SelectField("Decision", choices=OUTCOME_CHOICES)
    reasons = TextAreaField(
        "Reasons for the decision", validators=[required("Give the reasons"), Length(max=5000)]
    )
    remedy = TextAreaField("Remedy: how we will put things right", validators=[Optional(), Length(max=3000)])
    remedy_due = DateField("Remedy to be done by", validators=[Optional()])
    outstanding = TextAreaField("Outstanding actions", validators=[Optional(), Length(max=3000)])
    learning = TextAreaField("What we have learned", validators=[Optional(), Length(max=3000)])


class ReasonForm(BaseForm):
    reason = TextAreaField("Reason", validators=[required("Give the reason"), Length(max=3000)])


NOT_ACCEPTED_CHOICES = [
    SelectChoice("time_limit", "More than 12 months ago, no good reason (policy 6.0)"),
    SelectChoice("legal_proceedings", "Legal proceedings have started"),
    SelectChoice("other_procedure", "Another procedure or appeal applies"),
    SelectChoice("already_decided", "Already decided by a court, tribunal or Ombudsman"),
    SelectChoice("staff_matter", "A staff personnel matter"),
    SelectChoice("other", "Another reason under section 6"),
]


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
    pass


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


class SafeguardingForm(BaseForm):
    concern = TextAreaField(
        "The safeguarding concern", validators=[required("Describe the concern"), Length(max=3000)]
    )


class RestrictForm(BaseForm):
    reason = TextAreaField(
        "Why contact is restricted (policy section 13)",
        validators=[required("Give the reason"), Length(max=3000)],
    )
    review = DateField("Review date", validators=[required("Enter a review date")])


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
    praised = StringField(
        "Team or person praised", validators=[required("Enter who was praised"), Length(max=200)]
    )


class SuggestionForm(BaseForm):
    action_taken = TextAreaField(
        "What we did with it", validators=[required("Say what we did"), Length(max=3000)]
    )
    told = BooleanField("The resident has been told")
