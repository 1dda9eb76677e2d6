"""The survey at closure: one question and a comment, for residents (translated)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from . import BaseForm

SCORE_CHOICES = [
    SelectChoice("5", _l("Very satisfied")),
    SelectChoice("4", _l("Satisfied")),
    SelectChoice("3", _l("Neither satisfied nor dissatisfied")),
    SelectChoice("2", _l("Dissatisfied")),
    SelectChoice("1", _l("Very dissatisfied")),
]


class SurveyForm(BaseForm):
    score = RadioField(
        _l("How satisfied are you with how we handled your complaint?"),
        choices=SCORE_CHOICES,
        validators=[InputRequired(_l("Choose how satisfied you are with how we handled your complaint"))],
    )
    comment = TextAreaField(
        _l("Anything you would like to tell us (optional)"),
        validators=[Length(max=2000, message=_l("Write %(max)d characters or fewer"))],
    )
