"""The online form: complaint, compliment or suggestion, one short page at a time, then check and send."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from casecore.deadlines import acknowledgement_and_response
from casecore.procedures import Regime
from sitekit.i18n import current_language, format_day, format_month, site_data
from sitekit.sitedata import pick

from .. import attachments, clock, drafts, hazards, journey
from ..cases import send_form
from ..forms import BaseForm
from ..forms.journey import FORMS
from ..models import Case
from ..procedures import procedure_of
from ..settings import tracker_config
from ..wording import HAZARD_STEPS
from . import evidence

bp = Blueprint("journey", __name__, url_prefix="/<lang>/new")


def _form(step: str, answers: dict[str, Any]) -> BaseForm:
    form_class = FORMS[step]
    extra: dict[str, Any] = {}
    if step == "when":
        extra["today"] = clock.today()
    if step == "adjustments":
        extra["behalf"] = journey.for_someone_else(answers)
    if request.method == "POST":
        form = form_class(**extra)
    else:
        form = form_class(data=_prefill(step, answers), **extra)
    if step == "area":
        lang = current_language().code
        form.service_area.choices = [
            SelectChoice(area.id, pick(area.name, lang)) for area in site_data().service_areas.values()
        ]
    return form


def _prefill(step: str, answers: dict[str, Any]) -> dict[str, Any]:
    data = {key: answers.get(key) for key in journey.FIELDS.get(step, ())}
    if step == "home-address" and not answers.get("home_address"):  # from a postal address already given
        data["home_address"], data["home_postcode"] = journey.known_address(answers)
    when = journey.happened(answers)
    typed = answers.get("happened_typed")
    if step == "when" and isinstance(typed, list) and len(typed) == 3:
        data.update(day=typed[0], month=typed[1], year=typed[2])  # exactly as it was typed
    elif step == "when" and when:
        data.update(
            day=str(when.day) if answers.get("happened_day_known") else "",
            month=str(when.month),
            year=str(when.year),
        )
    return data


def _back(step: str, answers: dict[str, Any], changing: bool) -> str:
    if changing:
        return url_for(".step", step="check")
    names = journey.applicable(answers, clock.today())
    before = names[: names.index(step)] if step in names else names
    if step == "check":
        before = names
    return url_for(".step", step=before[-1]) if before else current_app.extensions["ui"].page_url("home")


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
    """Over the request limit: on the page for files, what the limits are and the way back to it."""
    if not attachments.takes_files(request):
        return render_template("views/errors/too_large.html"), 413
    config = tracker_config()
    return render_template(
        "views/errors/too_large_files.html",
        max_files=config.max_files,
        max_file_mb=config.max_file_mb,
        back=url_for(".step", step="evidence"),
    ), 413


@bp.route("/")
def start() -> Response:
    return redirect(url_for(".step", step="kind"))


@bp.route("/<step>", methods=["GET", "POST"])
def step(step: str) -> Response | str:
    if step not in journey.NAMES:
        abort(404)
    today = clock.today()
    answers = drafts.load()
    changing = request.args.get("change") == "1"
    if step == "check" and not answers and (sent := _sent_before()):
        return sent  # this form was sent already (back, or Send pressed again): the same confirmation
    if not journey.reachable(answers, today, step):
        return redirect(url_for(".step", step=journey.first_unanswered(answers, today)))
    if step == "evidence":
        return evidence.page(answers, today, changing, _back(step, answers, changing))
    form = _form(step, answers)
    if form.validate_on_submit():
        if step == "check":
            return _submit()
        added = form.answers()
        if step == "area":  # the tenure question applies to housing services only
            added["housing"] = site_data().regime(added["service_area"]) == Regime.HOUSING_CODE
        answers = journey.clean({**answers, **added}, today)
        drafts.save(answers)
        following = journey.next_step(answers, today, step, changing)
        keep_changing = changing and following != "check"
        return redirect(url_for(".step", step=following, change="1" if keep_changing else None))
    context: dict[str, Any] = {"form": form, "answers": answers, "step": step, "changing": changing}
    if step == "check":
        context["rows"] = _summary(answers)
    if step == "late":
        context["happened"] = journey.happened(answers)
    return render_template(f"views/journey/{step}.html", back=_back(step, answers, changing), **context)


def _summary(answers: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(question, answer, the page to change it) for the check page, in the reader's language."""
    lang = current_language().code
    site = site_data()
    kinds = {
        "complaint": gettext("A complaint"),
        "compliment": gettext("A compliment"),
        "suggestion": gettext("A suggestion"),
    }
    methods = {
        "email": gettext("Email"),
        "phone": gettext("Phone"),
        "letter": gettext("Letter"),
        "anonymous": gettext("Anonymous: do not contact me"),
    }
    formats = {choice.value: choice.label for choice in FORMS["adjustments"]().formats.choices}
    rows = [(gettext("What you are telling us"), kinds[answers["kind"]], "kind")]
    rows.append((gettext("Service"), pick(site.service_areas[answers["service_area"]].name, lang), "area"))
    if "reported_before" in answers:
        rows.append(
            (
                gettext("Reported before"),
                gettext("Yes") if answers["reported_before"] == "yes" else gettext("No"),
                "reported",
            )
        )
    if answers.get("tenure"):
        tenures = {choice.value: choice.label for choice in FORMS["tenure"]().tenure.choices}
        rows.append((gettext("Your home"), str(tenures[answers["tenure"]]), "tenure"))
    if answers.get("hazard"):
        hazard = gettext("Yes") if answers["hazard"] == "yes" else gettext("No")
        if answers.get("at_risk"):
            risks = {choice.value: choice.label for choice in FORMS["hazard"]().at_risk.choices}
            hazard = gettext(
                "%(hazard)s; someone especially at risk: %(at_risk)s",
                hazard=hazard,
                at_risk=str(risks[answers["at_risk"]]),
            )
        rows.append((gettext("Damp, mould or a danger to health or safety"), hazard, "hazard"))
    rows.append((gettext("Details"), answers["description"], "details"))
    if answers.get("praised"):
        rows.append((gettext("Who you would like to thank"), answers["praised"], "details"))
    held = attachments.for_draft(session.get(drafts.KEY))
    files = ", ".join(f"{f.label} ({attachments.file_size(f.size)})" for f in held)
    rows.append((gettext("Photos and documents"), files or gettext("None"), "evidence"))
    when = journey.happened(answers)
    if when:
        shown = format_day(when) if answers.get("happened_day_known") else format_month(when)
        if journey.still_happening(answers):
            rows.append((gettext("When it started"), shown, "when"))
            rows.append((gettext("Still happening"), gettext("Yes"), "when"))
        else:
            rows.append((gettext("When it happened"), shown, "when"))
    if answers.get("late_reason"):
        rows.append((gettext("Why you are telling us now"), answers["late_reason"], "late"))
    if "outcome_wanted" in answers:
        rows.append((gettext("What you would like us to do"), answers["outcome_wanted"], "outcome"))
    if "on_behalf" in answers:
        behalf = gettext("No") if answers["on_behalf"] == "no" else gettext("Yes")
        rows.append((gettext("Complaining for someone else"), behalf, "behalf"))
    if journey.for_someone_else(answers) and answers.get("consent_basis"):
        consents = {c.value: c.label for c in FORMS["behalf-details"]().consent_basis.choices}
        rows.append((gettext("The person you are complaining for"), answers["behalf_name"], "behalf-details"))
        rows.append((gettext("How do you know them?"), answers["behalf_relationship"], "behalf-details"))
        address = "\n".join(filter(None, (answers.get("behalf_address"), answers.get("behalf_postcode"))))
        rows.append((gettext("Their address"), address, "behalf-details"))
        rows.append(
            (gettext("Can you complain for them?"), str(consents[answers["consent_basis"]]), "behalf-details")
        )
        if answers.get("consent_reason"):
            rows.append((gettext("Why they cannot agree"), answers["consent_reason"], "behalf-details"))
    rows.append((gettext("How to contact you"), methods[answers["contact_method"]], "contact"))
    if journey.for_someone_else(answers):  # the contact details are the advocate's own
        rows[-1] = (gettext("How to contact you (the person complaining)"), rows[-1][1], "contact")
    for key, label in (
        ("name", gettext("Name")),
        ("email", gettext("Email address")),
        ("phone", gettext("Phone number")),
        ("address", gettext("Postal address")),
        ("postcode", gettext("Postcode")),
    ):
        if answers.get(key):
            rows.append((label, answers[key], "contact"))
    if answers.get("home_address"):
        home = "\n".join(filter(None, (answers["home_address"], answers.get("home_postcode"))))
        rows.append((gettext("Address of the home"), home, "home-address"))
    if journey.anonymous(answers):
        return rows  # nobody to write to: no letters, no help with them
    chosen = [str(formats[f]) for f in answers.get("formats") or []]
    if answers.get("interpreter_language"):
        chosen.append(gettext("Interpreter: %(language)s", language=answers["interpreter_language"]))
    if answers.get("adjustments_other"):
        chosen.append(answers["adjustments_other"])
    rows.append((gettext("Help you need"), "; ".join(chosen) or gettext("None"), "adjustments"))
    whose = {
        "resident": gettext("For the person you are complaining for"),
        "advocate": gettext("For you"),
        "both": gettext("For both of you"),
    }
    if journey.for_someone_else(answers) and answers.get("adjustments_for") in whose:
        rows.append((gettext("Who the help is for"), whose[answers["adjustments_for"]], "adjustments"))
    return rows


def _submit() -> Response:
    """One case per resident's form, however often and however fast Send is pressed."""
    config = tracker_config()
    sent = send_form(current_language().code, site_data(), config.rules, clock.today(), config.secret_key)
    if sent is None:
        return redirect(url_for(".step", step="kind"))
    drafts.forget()
    session["submitted"] = {"id": sent.case_id, "code": sent.access_code}
    return redirect(url_for(".done"))


def _sent_before() -> Response | None:
    sent = drafts.already_sent()
    if sent is not None:
        drafts.forget()
        session["submitted"] = {"id": sent.case_id, "code": sent.access_code}
    return redirect(url_for(".done")) if sent is not None or session.get("submitted") else None


@bp.route("/done")
def done() -> Response | str:
    submitted = session.get("submitted")
    case = Case.get_or_none(Case.id == submitted["id"]) if isinstance(submitted, dict) else None
    if case is None:
        return redirect(url_for(".step", step="kind"))
    procedure = procedure_of(case)
    acknowledge_by, respond_by = acknowledgement_and_response(procedure, case.received)
    return render_template(
        "views/journey/done.html",
        case=case,
        access_code=submitted.get("code") if isinstance(submitted, dict) else None,
        acknowledge_by=acknowledge_by,
        respond_by=respond_by,
        procedure=procedure,
        area=site_data().service_areas[case.service_area],
        hazard=hazards.clock_of(case, clock.today()),
        hazard_steps=HAZARD_STEPS,
        back=None,
    )
