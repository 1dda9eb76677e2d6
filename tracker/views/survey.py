"""The survey at closure (policy s.21): one page, no sign-in, in the resident's language; the link works
once. An unknown or used link gets a polite page, never an error."""

from __future__ import annotations

from flask import Blueprint, render_template
from werkzeug.wrappers import Response

from .. import clock, survey
from ..extensions import limiter
from ..forms.survey import SurveyForm
from ..settings import tracker_config

bp = Blueprint("survey", __name__, url_prefix="/<lang>/survey")


@bp.route("/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: tracker_config().lookup_limit, methods=["POST"])
def answer(token: str) -> Response | tuple[str, int] | str:
    found = survey.find(token)
    if found is None:
        return render_template("views/survey/gone.html", answered=False), 404
    if found.answered_on is not None:
        return render_template("views/survey/gone.html", answered=True), 410
    form = SurveyForm()
    if not form.validate_on_submit():
        return render_template("views/survey/answer.html", form=form), 400 if form.is_submitted() else 200
    if not survey.answer(found, int(form.score.data or 0), form.comment.data or None, clock.today()):
        return render_template("views/survey/gone.html", answered=True), 410
    return render_template("views/survey/thanks.html")
