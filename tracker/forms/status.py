"""The status check and the request for stage 2."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import Field, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from casecore.references import InvalidReference, parse

from . import BaseForm
from .journey import Limit

ESCALATION_LIMIT = 5000

REFERENCE_PROBLEMS = {
    "length": _l("A reference has 12 letters and numbers, like K7PM-QX4R-HT3C"),
    "characters": _l(
        "A reference uses only the letters and numbers shown on your confirmation, like K7PM-QX4R-HT3C"
    ),
    "check": _l("Check the reference: one character looks wrong"),
}


class StatusForm(BaseForm):
    reference = StringField(
        _l("Reference"),
        validators=[InputRequired(_l("Enter your reference")), Length(max=40)],
    )
    secret = StringField(
        _l("The email address or postcode you gave us, or your access code"),
        validators=[
            InputRequired(_l("Enter the email address or postcode you gave us, or your access code")),
            Length(max=254),
        ],
    )

    def validate_reference(self, field: Field) -> None:
        try:
            field.data = parse(field.data or "")
        except InvalidReference as problem:
            raise ValidationError(REFERENCE_PROBLEMS[problem.problem]) from problem


class EscalateForm(BaseForm):
    reason = TextAreaField(
        _l("Why are you unhappy with our response? (optional)"),
        validators=[Optional(), Limit(ESCALATION_LIMIT)],  # too long: kept whole, with how much over
    )
