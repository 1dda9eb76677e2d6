"""One FlaskForm per screen. The base form reads only the posted form fields (never a JSON body, never a
file sent in place of a text field), strips whitespace, refuses control characters on the page where they
were typed, and carries a honeypot field for bots."""

from __future__ import annotations

import re
from typing import Any

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.csrf import _FlaskFormCSRF
from flask_wtf.form import _Auto, _is_submitted
from markupsafe import Markup, escape
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import Field, FileField, StringField, TextAreaField
from wtforms.validators import ValidationError

# NUL and the other C0 control characters (but tab and new lines) and DEL: never part of what someone
# means to write, and PostgreSQL refuses a NUL, so they are refused where they were typed, not at Send.
CONTROL_REMOVED = _l(
    "We took out an invisible character that cannot be kept. Check your answer and continue."
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class TokenOnRender:
    """A form's CSRF token, made (signed, its secret kept in the session) only if a page shows it: a form
    that is checked and answered with a redirect, like a status lookup, never needs a new one (issue 15).
    The token is checked as before, by CSRFProtect before the view."""

    def __init__(self, make: Any) -> None:
        self._make = make
        self._token: str | None = None

    def __str__(self) -> str:
        if self._token is None:
            self._token = str(self._make())
        return self._token

    def __html__(self) -> Markup:
        return escape(str(self))


class LazyTokenCSRF(_FlaskFormCSRF):
    def generate_csrf_token(self, csrf_token_field: Any) -> TokenOnRender:
        return TokenOnRender(lambda: super(LazyTokenCSRF, self).generate_csrf_token(csrf_token_field))


class BaseForm(FlaskForm):
    class Meta:
        csrf_class = LazyTokenCSRF

        def wrap_formdata(self, form: Any, formdata: Any) -> Any:
            """The form's own fields from a posted form, and files only for its file fields: a JSON body
            or a file part named like a text field reaches no validator."""
            if formdata is not _Auto:
                return formdata
            if not _is_submitted() or not (request.form or request.files):
                return None  # a JSON body or nothing: no answers, so each field says what is missing
            files = {
                name: request.files.getlist(name)
                for name, field in form._unbound_fields
                if issubclass(field.field_class, FileField)
            }
            if any(files.values()):
                return CombinedMultiDict([MultiDict(files), request.form])
            return request.form

        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            if issubclass(unbound_field.field_class, StringField | TextAreaField):
                filters = [*unbound_field.kwargs.get("filters", []), strip]
                return unbound_field.bind(form=form, filters=filters, **options)
            return unbound_field.bind(form=form, **options)

    # People never see this field (it is off screen and out of the tab order); bots fill it in.
    website = StringField(_l("Leave this field empty"))

    def validate_website(self, field: Field) -> None:
        if field.data:
            raise ValidationError(_l("Leave this field empty."))

    def validate(self, extra_validators: Any = None) -> bool:
        """A control character is taken out where it was typed, and the page says so: the answer comes back
        without it, to check and send again, and nothing else typed is lost."""
        valid = bool(super().validate(extra_validators))
        for field in self:
            if isinstance(field.data, str) and _CONTROL.search(field.data):
                field.data = _CONTROL.sub("", field.data)
                field.raw_data = [field.data]
                field.errors = [*field.errors, CONTROL_REMOVED]
                valid = False
        return valid

    def answers(self) -> dict[str, Any]:
        """What this screen adds to the resident's answers."""
        return {}


def required_if(condition: bool, field: Field, message: Any) -> None:
    """A field needed only for one choice: e.g. the email address when the resident chose email."""
    if condition and not field.data:
        field.errors = [*field.errors, message]
