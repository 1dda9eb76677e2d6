"""One FlaskForm per screen. The base form strips whitespace and carries a honeypot field for bots."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, StringField, TextAreaField
from wtforms.validators import ValidationError


def strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class BaseForm(FlaskForm):
    class Meta:
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

    def answers(self) -> dict[str, Any]:
        """What this screen adds to the resident's answers."""
        return {}


def required_if(condition: bool, field: Field, message: Any) -> None:
    """A field needed only for one choice: e.g. the email address when the resident chose email."""
    if condition and not field.data:
        field.errors = [*field.errors, message]
