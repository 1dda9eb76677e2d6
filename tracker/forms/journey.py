"""The screens of the online form, one question (or one small group) each."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from wtforms import (
    BooleanField,
    MultipleFileField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from sitekit.i18n import format_number

from . import BaseForm, required_if

DESCRIPTION_LIMIT = 5000
SHORT_LIMIT = 2000
ADDRESS_LIMIT = 500
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$")


class Limit:
    """At most `limit` characters, said before typing (the page states it) and never enforced by cutting:
    too long, the answer comes back whole with how much too long it is."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.field_flags = {"limit": limit}

    def __call__(self, form: Any, field: Any) -> None:
        over = len(field.data or "") - self.limit
        if over > 0:
            raise ValidationError(
                ngettext(  # both numbers in the reader's locale: "6,999", not "6999"
                    "Write %(limit)s characters or fewer. Your answer is %(over)s character too long.",
                    "Write %(limit)s characters or fewer. Your answer is %(over)s characters too long.",
                    over,
                    limit=format_number(self.limit),
                    over=format_number(over),
                )
            )


def normalise_postcode(text: str) -> str | None:
    """'ha3 3qt' -> 'HA3 3QT'; None when it is not a UK postcode."""
    match = _POSTCODE.match(re.sub(r"\s+", " ", text.strip().upper()))
    return f"{match.group(1)} {match.group(2)}" if match else None


def normalise_email(text: str) -> str:
    return text.strip().lower()


class KindForm(BaseForm):
    kind = RadioField(
        _l("What would you like to do?"),
        choices=[
            SelectChoice("complaint", _l("Make a complaint")),
            SelectChoice("compliment", _l("Give a compliment")),
            SelectChoice("suggestion", _l("Make a suggestion")),
        ],
        validators=[InputRequired(_l("Choose a complaint, a compliment or a suggestion"))],
    )

    def answers(self) -> dict[str, Any]:
        return {"kind": self.kind.data}


class ReportedForm(BaseForm):
    reported_before = RadioField(
        _l("Have you already reported this problem to us?"),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No, this is the first time"))],
        validators=[InputRequired(_l("Choose yes if you have already reported this problem to us"))],
    )

    def answers(self) -> dict[str, Any]:
        return {"reported_before": self.reported_before.data}


class ServiceRequestForm(BaseForm):
    def answers(self) -> dict[str, Any]:
        return {"complain_anyway": True}


class AreaForm(BaseForm):
    service_area = RadioField(
        _l("Which service is it about?"),
        choices=[],
        validators=[InputRequired(_l("Choose the service it is about"))],
    )

    def answers(self) -> dict[str, Any]:
        return {"service_area": self.service_area.data}


class TenureForm(BaseForm):
    """Asked on every housing case: the regulator counts complaints from council tenants and from shared
    owners separately (casecore.channels.Tenure)."""

    tenure = RadioField(
        _l("Which of these best describes your home?"),
        choices=[
            SelectChoice("tenant", _l("I rent it from the council (I am a council tenant)")),
            SelectChoice("shared_owner", _l("I own part of it and rent the rest (shared ownership)")),
            SelectChoice(
                "leaseholder", _l("I own the lease of a flat in a council block (I am a leaseholder)")
            ),
            SelectChoice("other", _l("Something else, for example I rent from a private landlord")),
            SelectChoice("unknown", _l("I don't know")),
        ],
        validators=[InputRequired(_l("Choose what describes your home, or 'I don't know'"))],
    )

    def answers(self) -> dict[str, Any]:
        return {"tenure": self.tenure.data}


class HazardForm(BaseForm):
    """Awaab's Law: a hazard in a council home starts the council's legal clock, separate from the
    complaint's."""

    hazard = RadioField(
        _l("Does the problem include damp, mould or anything that is a danger to health or safety?"),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
        validators=[InputRequired(_l("Choose yes or no"))],
    )
    at_risk = RadioField(
        _l("Is anyone in the home especially at risk?"),
        choices=[
            SelectChoice("yes", _l("Yes")),
            SelectChoice("no", _l("No")),
            SelectChoice("unknown", _l("I don't know")),
        ],
        validators=[Optional()],
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        required_if(
            self.hazard.data == "yes",
            self.at_risk,
            _l("Choose yes if anyone in the home is especially at risk, or 'I don't know'"),
        )
        return valid and not self.at_risk.errors

    def answers(self) -> dict[str, Any]:
        yes = self.hazard.data == "yes"
        return {"hazard": self.hazard.data, "at_risk": self.at_risk.data if yes else None}


class DetailsForm(BaseForm):
    description = TextAreaField(
        _l("Tell us what happened"),
        validators=[
            InputRequired(_l("Tell us what happened")),
            Limit(DESCRIPTION_LIMIT),
        ],
    )
    praised = StringField(
        _l("Who would you like to thank? (optional)"),
        validators=[Optional(), Limit(200)],
    )

    def answers(self) -> dict[str, Any]:
        return {"description": self.description.data, "praised": self.praised.data or None}


class EvidenceForm(BaseForm):
    """Photos or documents, optional: each file is checked and kept as soon as it is sent
    (tracker.attachments), so the form itself only says the page was seen."""

    files = MultipleFileField(_l("Choose photos or documents"))

    def answers(self) -> dict[str, Any]:
        return {"evidence_seen": True}


class WhenForm(BaseForm):
    day = StringField(_l("Day"), validators=[Optional(), Length(max=2)])
    month = StringField(_l("Month"), validators=[Length(max=2)])
    year = StringField(_l("Year"), validators=[Length(max=4)])
    still_happening = BooleanField(_l("It is still happening"))

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or date.today()
        self.happened: date | None = None

    def validate_year(self, field: Any) -> None:
        month, year = self.month.data or "", self.year.data or ""
        if not month or not year:
            raise ValidationError(_l("Enter at least the month and year it happened"))
        if not (month.isdigit() and year.isdigit() and (not self.day.data or self.day.data.isdigit())):
            raise ValidationError(_l("Enter the date in numbers, for example 3 10 2026"))
        if len(year) != 4:
            raise ValidationError(_l("Enter the year as 4 numbers, for example 2026"))
        try:
            # Without a day, the last day of the month: the benefit of the doubt for the time limit.
            if self.day.data:
                when = earliest = date(int(year), int(month), int(self.day.data))
            else:
                earliest = date(int(year), int(month), 1)
                first_of_next = date(int(year) + int(month) // 12, int(month) % 12 + 1, 1)
                # This month so far counts as in the past: the latest day it can have been is today.
                when = min(date.fromordinal(first_of_next.toordinal() - 1), self.today)
        except ValueError as exc:
            raise ValidationError(_l("Enter a real date")) from exc
        if earliest > self.today:
            raise ValidationError(_l("The date must be today or in the past"))
        if when.year < 1900:
            raise ValidationError(_l("Enter a real date"))
        self.happened = min(when, self.today)

    def answers(self) -> dict[str, Any]:
        assert self.happened is not None
        return {
            "happened": self.happened.isoformat(),
            "happened_day_known": bool(self.day.data),
            # As typed, to show again on Change: "05", not "5".
            "happened_typed": [self.day.data or "", self.month.data or "", self.year.data or ""],
            "still_happening": bool(self.still_happening.data),
        }


class LateForm(BaseForm):
    late_reason = TextAreaField(
        _l("Why are you telling us now? (optional)"),
        validators=[Optional(), Limit(SHORT_LIMIT)],
    )

    def answers(self) -> dict[str, Any]:
        return {"late_seen": True, "late_reason": self.late_reason.data or None}


class OutcomeForm(BaseForm):
    outcome_wanted = TextAreaField(
        _l("What would you like us to do to put things right?"),
        validators=[
            InputRequired(_l("Tell us what you would like us to do")),
            Limit(SHORT_LIMIT),
        ],
    )

    def answers(self) -> dict[str, Any]:
        return {"outcome_wanted": self.outcome_wanted.data}


class BehalfForm(BaseForm):
    on_behalf = RadioField(
        _l("Are you complaining for someone else?"),
        choices=[
            SelectChoice("no", _l("No, it is about me")),
            SelectChoice("yes", _l("Yes, for someone else")),
        ],
        validators=[InputRequired(_l("Choose yes if you are complaining for someone else"))],
    )

    def answers(self) -> dict[str, Any]:
        return {"on_behalf": self.on_behalf.data}


class BehalfDetailsForm(BaseForm):
    """Asked only after "yes, for someone else": who the resident is (their own name and address: the
    contact details that follow are the advocate's), and on what footing the advocate acts for them."""

    behalf_name = StringField(_l("Their full name"), validators=[Optional(), Limit(200)])
    behalf_relationship = StringField(_l("How do you know them?"), validators=[Optional(), Limit(200)])
    behalf_address = TextAreaField(_l("Their address"), validators=[Optional(), Limit(ADDRESS_LIMIT)])
    behalf_postcode = StringField(_l("Their postcode (optional)"))  # checked as a postcode below
    consent_basis = RadioField(
        _l("Can you complain for them?"),
        choices=[
            SelectChoice("agreed", _l("Yes: they have agreed that I can complain for them")),
            SelectChoice(
                "authority",
                _l(
                    "Yes: I have legal authority to act for them, such as a lasting power of attorney, "
                    "as their deputy or as their appointee"
                ),
            ),
            SelectChoice("cannot", _l("They cannot agree, for example because they are too ill")),
        ],
        validators=[
            InputRequired(
                _l("Choose whether they have agreed, you have legal authority, or they cannot agree")
            )
        ],
    )
    consent_reason = TextAreaField(_l("Why can they not agree?"), validators=[Optional(), Limit(SHORT_LIMIT)])

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        required_if(True, self.behalf_name, _l("Enter the name of the person you are complaining for"))
        required_if(True, self.behalf_relationship, _l("Tell us how you know them, for example 'my father'"))
        required_if(True, self.behalf_address, _l("Enter their address"))
        if self.behalf_postcode.data and normalise_postcode(self.behalf_postcode.data) is None:
            self.behalf_postcode.errors = [
                *self.behalf_postcode.errors,
                _l("Enter a real postcode, like HA1 2XY"),
            ]
        required_if(
            self.consent_basis.data == "cannot", self.consent_reason, _l("Tell us why they cannot agree")
        )
        fields = (
            self.behalf_name,
            self.behalf_relationship,
            self.behalf_address,
            self.behalf_postcode,
            self.consent_reason,
        )
        return valid and not any(f.errors for f in fields)

    def answers(self) -> dict[str, Any]:
        postcode = self.behalf_postcode.data
        return {
            "behalf_name": self.behalf_name.data,
            "behalf_relationship": self.behalf_relationship.data,
            "behalf_address": self.behalf_address.data,
            "behalf_postcode": normalise_postcode(postcode) if postcode else None,
            "consent_basis": self.consent_basis.data,
            "consent_reason": self.consent_reason.data if self.consent_basis.data == "cannot" else None,
        }


class ContactForm(BaseForm):
    contact_method = RadioField(
        _l("How would you like us to contact you?"),
        choices=[
            SelectChoice("email", _l("Email")),
            SelectChoice("phone", _l("Phone")),
            SelectChoice("letter", _l("Letter")),
            SelectChoice("anonymous", _l("Do not contact me: I want to stay anonymous")),
        ],
        validators=[InputRequired(_l("Choose how you would like us to contact you"))],
    )
    name = StringField(_l("Your name"), validators=[Optional(), Length(max=200)])
    email = StringField(_l("Email address"), validators=[Optional(), Length(max=254)])
    phone = StringField(_l("Phone number"), validators=[Optional(), Length(max=40)])
    address = TextAreaField(_l("Postal address"), validators=[Optional(), Length(max=500)])
    postcode = StringField(_l("Postcode"), validators=[Optional(), Length(max=10)])

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        method = self.contact_method.data
        named = method in ("email", "phone", "letter")
        required_if(named, self.name, _l("Enter your name"))
        required_if(method == "email", self.email, _l("Enter your email address"))
        required_if(method == "phone", self.phone, _l("Enter your phone number"))
        required_if(method == "letter", self.address, _l("Enter your postal address"))
        required_if(method == "letter", self.postcode, _l("Enter your postcode"))
        if self.email.data and not _EMAIL.match(self.email.data):
            self.email.errors = [*self.email.errors, _l("Enter an email address like name@example.com")]
        if self.phone.data and not re.fullmatch(r"\+?[\d\s()-]{7,20}", self.phone.data):
            self.phone.errors = [*self.phone.errors, _l("Enter a phone number, like 020 8901 2630")]
        if self.postcode.data and normalise_postcode(self.postcode.data) is None:
            self.postcode.errors = [*self.postcode.errors, _l("Enter a real postcode, like HA1 2XY")]
        fields = (self.name, self.email, self.phone, self.address, self.postcode)
        return valid and not any(f.errors for f in fields)

    def answers(self) -> dict[str, Any]:
        if self.contact_method.data == "anonymous":
            return {
                "contact_method": "anonymous",
                "name": None,
                "email": None,
                "phone": None,
                "address": None,
                "postcode": None,
            }
        postcode = normalise_postcode(self.postcode.data) if self.postcode.data else None
        return {
            "contact_method": self.contact_method.data,
            "name": self.name.data,
            "email": self.email.data or None,
            "phone": self.phone.data or None,
            "address": self.address.data or None,
            "postcode": postcode,
        }


class HomeAddressForm(BaseForm):
    """Asked after a hazard in a council home: where it is, for the repairs team's visit. The same limits as
    the other addresses in the form; the postcode is needed too."""

    home_address = TextAreaField(_l("Address of the home"), validators=[Optional(), Limit(ADDRESS_LIMIT)])
    home_postcode = StringField(_l("Postcode of the home"))  # checked as a postcode below

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        required_if(True, self.home_address, _l("Enter the address of the home"))
        required_if(True, self.home_postcode, _l("Enter the postcode of the home"))
        if self.home_postcode.data and normalise_postcode(self.home_postcode.data) is None:
            self.home_postcode.errors = [
                *self.home_postcode.errors,
                _l("Enter a real postcode, like HA1 2XY"),
            ]
        return valid and not any(f.errors for f in (self.home_address, self.home_postcode))

    def answers(self) -> dict[str, Any]:
        return {
            "home_address": self.home_address.data,
            "home_postcode": normalise_postcode(self.home_postcode.data or ""),
        }


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AdjustmentsForm(BaseForm):
    formats = MultiCheckboxField(
        _l("Do you need anything to help you? (optional)"),
        choices=[
            SelectChoice("large-print", _l("Letters in large print")),
            SelectChoice("easy-read", _l("Letters in easy read")),
            SelectChoice("braille", _l("Letters in braille")),
            SelectChoice("bsl", _l("A British Sign Language (BSL) interpreter")),
            SelectChoice("interpreter", _l("An interpreter in another language")),
            SelectChoice("other", _l("Something else")),
        ],
        validators=[Optional()],
    )
    interpreter_language = StringField(_l("Which language?"), validators=[Optional(), Length(max=80)])
    adjustments_other = TextAreaField(_l("What would help you?"), validators=[Optional(), Limit(SHORT_LIMIT)])
    # Only when complaining for someone else: whose the adjustments are.
    adjustments_for = RadioField(
        _l("Who is the help for?"),
        choices=[
            SelectChoice("resident", _l("The person I am complaining for")),
            SelectChoice("advocate", _l("Me")),
            SelectChoice("both", _l("Both of us")),
        ],
        validators=[Optional()],
    )

    def __init__(self, *args: Any, behalf: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.behalf = behalf

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        chosen = self.formats.data or []
        required_if("interpreter" in chosen, self.interpreter_language, _l("Tell us which language you need"))
        required_if("other" in chosen, self.adjustments_other, _l("Tell us what would help you"))
        required_if(
            self.behalf and bool(chosen),
            self.adjustments_for,
            _l("Choose who the help is for: the person you are complaining for, you, or both of you"),
        )
        fields = (self.interpreter_language, self.adjustments_other, self.adjustments_for)
        return valid and not any(f.errors for f in fields)

    def answers(self) -> dict[str, Any]:
        chosen = self.formats.data or []
        return {
            "adjustments_seen": True,
            "formats": chosen,
            "interpreter_language": self.interpreter_language.data if "interpreter" in chosen else None,
            "adjustments_other": self.adjustments_other.data if "other" in chosen else None,
            "adjustments_for": self.adjustments_for.data if self.behalf and chosen else None,
        }


class CheckForm(BaseForm):
    pass


FORMS: dict[str, type[BaseForm]] = {
    "kind": KindForm,
    "reported": ReportedForm,
    "service-request": ServiceRequestForm,
    "area": AreaForm,
    "tenure": TenureForm,
    "hazard": HazardForm,
    "details": DetailsForm,
    "evidence": EvidenceForm,
    "when": WhenForm,
    "late": LateForm,
    "outcome": OutcomeForm,
    "behalf": BehalfForm,
    "behalf-details": BehalfDetailsForm,
    "contact": ContactForm,
    "home-address": HomeAddressForm,
    "adjustments": AdjustmentsForm,
    "check": CheckForm,
}
