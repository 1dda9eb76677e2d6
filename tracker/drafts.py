"""A resident's answers between the pages of the form, kept in the database (any worker can serve the next
page) under a random token in their session cookie."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from typing import Any

from flask import session

from .models import Draft, now

KEY = "draft"
KEEP_FOR = timedelta(days=1)


def load() -> dict[str, Any]:
    token = session.get(KEY)
    if not isinstance(token, str):
        return {}
    draft = Draft.get_or_none(Draft.token == token)
    if draft is not None and draft.updated_at < now() - KEEP_FOR:
        draft.delete_instance()  # abandoned: its files go with it, and a fresh start has none of them
        return {}
    if draft is None:
        return {}
    answers = json.loads(draft.data)
    return answers if isinstance(answers, dict) else {}


def save(answers: dict[str, Any]) -> None:
    token = session.get(KEY)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session[KEY] = token
    data = json.dumps(answers)
    updated = Draft.update(data=data, updated_at=now()).where(Draft.token == token).execute()
    if not updated:
        Draft.create(token=token, data=data, updated_at=now())


def discard() -> None:
    token = session.pop(KEY, None)
    if isinstance(token, str):
        Draft.delete().where(Draft.token == token).execute()


def purge() -> int:
    """Delete abandoned drafts (they hold personal data) and, with them, their files; returns how many."""
    return int(Draft.delete().where(Draft.updated_at < now() - KEEP_FOR).execute())
