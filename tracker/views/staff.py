"""Staff pages: sign in and out, the queue of open cases, and logging a case that arrived another way."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from peewee import JOIN
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from casecore.channels import Channel, Consent, Tenure
from casecore.procedures import Regime
from casecore.references import InvalidReference, parse
from casecore.remedies import STAFF_LABELS, pounds
from casecore.states import FINAL, Kind, Status
from casecore.working_days import england_and_wales
from sitekit.i18n import site_data

from .. import clock, hazards, remedies, staffwords
from ..cases import Intake, open_case
from ..extensions import limiter
from ..forms.journey import normalise_postcode
from ..forms.staff import LoginForm, NewCaseForm
from ..models import Case, Staff
from ..settings import tracker_config
from ..staff.auth import LoginRefused, authenticate, sign_in, sign_out, staff_required

bp = Blueprint("staff", __name__, url_prefix="/staff")
PAGE_SIZE = 50
OPEN = [status.value for status in Status if status not in FINAL]
# After a response the case's next date is the day it closes by itself if the resident stays quiet: not a
# deadline anyone can miss, so never "overdue".
AUTO_CLOSE = (Status.RESPONDED.value, Status.STAGE2_RESPONDED.value)
DATE_LABELS = {
    Status.RECEIVED.value: "Acknowledge by",
    Status.ESCALATION_REQUESTED.value: "Acknowledge stage 2 by",
    Status.ACKNOWLEDGED.value: "Respond by",
    Status.EXTENDED.value: "Respond by (extended)",
    Status.STAGE2_ACKNOWLEDGED.value: "Respond to stage 2 by",
    Status.STAGE2_EXTENDED.value: "Respond to stage 2 by (extended)",
    Status.RESPONDED.value: "Closes by itself after",
    Status.STAGE2_RESPONDED.value: "Closes by itself after",
}
SORTS = {
    "due": (Case.next_due.asc(nulls="LAST"), Case.id),
    "received": (Case.received.desc(), Case.id.desc()),
    "reference": (Case.reference,),
}


def _safe_next(target: str | None) -> str:
    """Only a staff page of this tracker, wherever it is mounted: never an address elsewhere (open
    redirect), never a page outside the tracker's own prefix."""
    staff_pages = url_for("staff.queue")
    if (
        target
        and target.startswith(staff_pages)
        and "\\" not in target
        and not urlsplit(target).netloc
        and not urlsplit(target).scheme
    ):
        return target
    return staff_pages


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: tracker_config().login_limit, methods=["POST"])
def login() -> Response | str:
    form = LoginForm()
    problem = None
    if form.validate_on_submit():
        try:
            staff = authenticate(form.username.data or "", form.password.data or "")
        except LoginRefused as refused:
            problem = (
                "This account is locked for 15 minutes after too many wrong passwords. Try again later."
                if refused.locked
                else "The username or password is wrong."
            )
        else:
            sign_in(staff)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("views/staff/login.html", form=form, problem=problem)


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    sign_out()
    return redirect(url_for("staff.login"))


@bp.route("/")
@staff_required()
def queue() -> str:
    today = clock.today()
    calendar = england_and_wales()
    args = request.args
    conditions = [Case.status.in_(OPEN)]
    if args.get("stage") in ("1", "2"):
        conditions.append(Case.stage == int(args["stage"]))
    if args.get("status") in OPEN:
        conditions.append(Case.status == args["status"])
    if args.get("area") in site_data().service_areas:
        conditions.append(Case.service_area == args["area"])
    if args.get("assignee") == "me":
        conditions.append(Case.assignee == g.staff.id)
    elif args.get("assignee") == "nobody":
        conditions.append(Case.assignee.is_null())
    if args.get("overdue") == "1":
        conditions.extend([Case.next_due < today, Case.status.not_in(AUTO_CLOSE)])
    if args.get("due") == "soon":
        conditions.extend([Case.next_due <= calendar.add(today, 2), Case.status.not_in(AUTO_CLOSE)])
    # Counted without the join: over 100,000 cases the join alone costs more than the page.
    total = Case.select(Case.id).where(*conditions).count()
    page = max(1, min(request.args.get("page", 1, type=int) or 1, max(1, -(-total // PAGE_SIZE))))
    # The page's ids first, sorted on the indexes alone; then only those 50 rows in full.
    order = SORTS.get(args.get("sort", "due"), SORTS["due"])
    ids = [
        row.id for row in Case.select(Case.id).where(*conditions).order_by(*order).paginate(page, PAGE_SIZE)
    ]
    found = {
        case.id: case
        for case in Case.select(Case, Staff.name.alias("assignee_name"))
        .join(Staff, JOIN.LEFT_OUTER, on=(Case.assignee == Staff.id))
        .where(Case.id.in_(ids))
        .objects()
    }
    rows = [found[case_id] for case_id in ids]
    hazard_of = hazards.open_of(ids)
    soon = calendar.add(today, 2)
    statutory = {key for key, procedure in site_data().procedures.items() if procedure.statutory}
    # A procedure without a separate acknowledgement (the corporate one): its next date is the response's.
    procedures = site_data().procedures
    unacknowledged = {key for key, procedure in procedures.items() if procedure.acknowledge is None}
    cases = []
    for case in rows:
        deadline = case.next_due if case.status not in AUTO_CLOSE else None
        hazard = hazard_of.get(case.id)
        cases.append(
            {
                "case": case,
                "date_label": (
                    "Respond by"
                    if case.status == Status.RECEIVED.value and case.procedure in unacknowledged
                    else DATE_LABELS.get(case.status, "Next date")
                ),
                "auto_close": case.status in AUTO_CLOSE,
                "left": calendar.between(today, case.next_due) if case.next_due else None,
                "overdue": bool(deadline and deadline < today),
                "soon": bool(deadline and today <= deadline <= soon),
                "hazard": hazard,
                "hazard_overdue": bool(hazard and hazard.next_due and hazard.next_due < today),
                "statutory": case.procedure in statutory,
            }
        )
    return render_template(
        "views/staff/queue.html",
        cases=cases,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        areas=site_data().service_areas,
        statuses=OPEN,
        words=staffwords,
        filters=args,
        safeguarding=list(  # the safeguarding lead's concerns, at the top until they record what was done
            Case.select(Case.id, Case.reference, Case.received)
            .where(
                Case.safeguarding_lead == g.staff.id,
                Case.safeguarding == True,  # noqa: E712
                Case.safeguarding_done.is_null(),
            )
            .order_by(Case.received, Case.id)
        ),
        # Overdue on the cases the queue lists; a case whose complaint is over has its own list, below.
        hazards_overdue=[h for h in hazards.overdue_list(today) if h.case.status not in hazards.ENDED],
        hazards_ended=hazards.due_on_ended(today),
        hazard_labels=hazards.STAFF_LABELS,
        step_labels=hazards.STEP_LABELS,
    )


@bp.route("/actions")
@staff_required()
def actions_due() -> str:
    """Promised remedies and actions not done: overdue, and due within 2 working days (or, with
    `when=all`, every open one), most overdue first; `owner=me` for one's own."""
    today = clock.today()
    calendar = england_and_wales()
    soon = calendar.add(today, 2)
    horizon = date.max if request.args.get("when") == "all" else soon
    owner = g.staff.id if request.args.get("owner") == "me" else None
    rows = [
        {
            "remedy": remedy,
            "overdue": remedy.due < today,
            "soon": today <= remedy.due <= soon,
            "left": calendar.between(today, remedy.due),
        }
        for remedy in remedies.due_by(horizon, owner)
    ]
    return render_template(
        "views/staff/actions.html", rows=rows, labels=STAFF_LABELS, pounds=pounds, filters=request.args
    )


@bp.route("/find")
@staff_required()
def find() -> Response:
    typed = request.args.get("reference", "")
    try:
        reference = parse(typed)
    except InvalidReference:
        flash("That is not a valid reference: check each letter and number.")
        return redirect(url_for("staff.queue"))
    if Case.get_or_none(Case.reference == reference) is None:
        flash(f"No case has the reference {reference}.")
        return redirect(url_for("staff.queue"))
    return redirect(url_for("casepage.show", reference=reference))


@bp.route("/cases/new", methods=["GET", "POST"])
@staff_required()
def new_case() -> Response | str:
    site = site_data()
    form = NewCaseForm()
    form.service_area.choices = [SelectChoice(a.id, a.name["en"]) for a in site.service_areas.values()]
    form.language.choices = [SelectChoice(lang.code, lang.name) for lang in site.languages]
    if request.method == "GET":
        form.received.data = clock.today()
    if form.validate_on_submit():
        received: date = form.received.data
        regime = site.regime(form.service_area.data)
        if received > clock.today():
            form.received.errors = [*form.received.errors, "The date received cannot be in the future"]
        elif form.happened.data and form.happened.data > received:
            form.happened.errors = [*form.happened.errors, "It cannot have happened after it was received"]
        elif regime == Regime.HOUSING_CODE and not form.tenure.data:
            form.tenure.errors = [
                *form.tenure.errors,
                "Choose the resident's tenure for a housing service (or 'Not known')",
            ]
        else:
            submitted = open_case(
                Intake(
                    kind=Kind(form.kind.data),
                    channel=Channel(form.channel.data),
                    service_area=form.service_area.data,
                    language=form.language.data,
                    received=received,
                    description=form.description.data,
                    happened=form.happened.data,
                    late_reason=form.late_reason.data or None,
                    tenure=Tenure(form.tenure.data) if form.tenure.data else None,
                    outcome_wanted=form.outcome_wanted.data or None,
                    contact_method=form.contact_method.data or None,
                    name=form.name.data or None,
                    email=form.email.data or None,
                    phone=form.phone.data or None,
                    address=form.address.data or None,
                    postcode=normalise_postcode(form.postcode.data) if form.postcode.data else None,
                    happened_day_known=not form.happened_month_only.data if form.happened.data else None,
                    still_happening=bool(form.still_happening.data),
                    formats=tuple(form.formats.data or ()),
                    interpreter_language=form.interpreter_language.data or None,
                    adjustments_other=form.adjustments_other.data or None,
                    **_behalf(form),
                    hazard=bool(form.hazard.data),
                    hazard_at_risk={"yes": True, "no": False}.get(form.hazard_at_risk.data or "")
                    if form.hazard.data
                    else None,
                    hazard_address=form.hazard_address.data if form.hazard.data else None,
                    hazard_postcode=normalise_postcode(form.hazard_postcode.data or "")
                    if form.hazard.data
                    else None,
                ),
                site,
                tracker_config().rules,
                tracker_config().secret_key,
                actor=g.staff.username,
                assignee=g.staff,
            )
            # What to tell the caller, shown once on the case page: the reference and, with no email or
            # postcode to check progress with, the access code (kept only as a hash, as online); a postcode
            # that is the hazard's home's, said so.
            session["logged"] = {
                "reference": submitted.case.reference,
                "code": submitted.access_code,
                "home_postcode": submitted.postcode_from_home,
            }
            return redirect(url_for("casepage.show", reference=submitted.case.reference))
    return render_template("views/staff/new_case.html", form=form)


def _behalf(form: NewCaseForm) -> dict[str, Any]:
    """A case made for someone else: who the resident is and on what footing the advocate acts."""
    if not form.on_behalf.data:
        return {}
    consent = Consent(form.consent_basis.data)
    postcode = form.behalf_postcode.data
    return {
        "on_behalf": True,
        "behalf_name": form.behalf_name.data or None,
        "behalf_relationship": form.behalf_relationship.data or None,
        "behalf_address": form.behalf_address.data or None,
        "behalf_postcode": normalise_postcode(postcode) if postcode else None,
        "consent": consent,
        "consent_reason": form.consent_reason.data or None if consent == Consent.CANNOT else None,
        "adjustments_for": form.adjustments_for.data or None,
    }


@bp.app_errorhandler(403)
def forbidden(error: Exception) -> tuple[str, int]:
    return render_template("views/staff/forbidden.html"), 403
