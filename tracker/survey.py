"""The survey at closure (policy s.21): when a complaint closes, a share of the residents who gave an
email address (SURVEY_SHARE) are sent a link to one question about how their complaint was handled. The
link needs no sign-in and works once: its token is random, kept only as a hash, and an answer is taken by a
conditional update, so two answers sent at once record one. This is a transactional survey at closure, not
the regulator's TP09 (which comes from the tenant perception survey)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date
from typing import Any

from flask import current_app, has_request_context
from flask_babel import gettext
from peewee import fn

from casecore.feedback import SCORES, Satisfaction, chosen_for_survey, satisfaction
from casecore.states import Kind
from sitekit.i18n import in_language, site_data

from . import links
from .db import database
from .models import Case, Survey, now, record
from .outbox import deliver, queue
from .settings import tracker_config


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def offer(case: Case, today: date) -> Survey | None:
    """On closing a complaint: the survey, if this resident is in the share asked and gave an email."""
    share = tracker_config().survey_share
    if Kind(case.kind) != Kind.COMPLAINT or not case.email or not chosen_for_survey(case.reference, share):
        return None
    if Survey.select().where(Survey.case == case.id).exists():
        return None  # asked once, even if the case is reopened and closed again
    token = secrets.token_urlsafe(32)
    # Written before the transaction: outside a request (the auto-close command) the email is written in a
    # request context of its own, and its end would roll back a transaction left open inside it.
    subject, body = _email(case, token)
    with database.atomic():
        survey = Survey.create(
            case=case, token_hash=token_hash(token), language=case.language, sent_on=today, created_at=now()
        )
        message = queue(case, case.email, subject, body)
        record(case, "survey_sent", actor="system")
    deliver(tracker_config(), only=[message.id])
    return survey


def _email(case: Case, token: str) -> tuple[str, str]:
    if not has_request_context():  # a scheduled command closing cases
        with current_app.test_request_context():
            return _email(case, token)
    site = site_data()
    language = site.language(case.language) or site.languages[0]
    with in_language(language):
        link = links.external("survey.answer", lang=language.code, token=token)  # TRACKER_URL, if set
        subject = gettext("How did we handle your complaint? %(reference)s", reference=case.reference)
        body = "\n\n".join(
            (
                gettext("We have closed your complaint %(reference)s.", reference=case.reference),
                gettext(
                    "Please tell us how we handled it. There is one question and space for a comment. "
                    "The link works once, and you do not need to sign in."
                ),
                link,
                gettext("If you do not want to answer, you do not need to do anything."),
            )
        )
    return str(subject), body + "\n"


def find(token: str) -> Survey | None:
    if not token or len(token) > 100:
        return None
    return Survey.get_or_none(Survey.token_hash == token_hash(token))


def answer(survey: Survey, score: int, comment: str | None, today: date) -> bool:
    """Record the answer once; False when it had been answered already (the link works once)."""
    if score not in SCORES:
        raise ValueError("a score is 1 to 5")
    with database.atomic():
        taken = (
            Survey.update(answered_on=today, score=score, comment=comment or None)
            .where((Survey.id == survey.id) & Survey.answered_on.is_null())
            .execute()
        )
        if taken:
            record(survey.case, "survey_answered", actor="resident")  # the answer itself stays in surveys
    return bool(taken)


def figures(start: date, end: date) -> Satisfaction:
    """Answers given from `start` to `end`, by score."""
    rows: list[tuple[Any, ...]] = list(
        Survey.select(Survey.score, fn.COUNT(Survey.id))
        .where(Survey.answered_on.between(start, end), Survey.score.is_null(False))
        .group_by(Survey.score)
        .tuples()  # type: ignore[arg-type]
    )
    return satisfaction({int(score): int(n) for score, n in rows})
