"""A resident's answers between the pages of the form, kept in the database (any worker can serve the next
page) under a random token in their session cookie.

Sending is done once per draft: the first press of Send claims the draft in the same transaction that
makes the case, and leaves in its place which case it made. A second press at the same moment (a double
click, or back and Send again) waits for the first, then finds that case and shows the same confirmation.
The marker keeps the case's id, and an anonymous sender's access code, until abandoned drafts are purged."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import session

from .db import database
from .models import Draft, now

KEY = "draft"
KEEP_FOR = timedelta(days=1)
SENT = "__sent__"


@dataclass(frozen=True)
class Sent:
    case_id: int
    access_code: str | None
    now: bool  # made by this request (False: by an earlier or simultaneous press of Send)


def _token() -> str | None:
    token = session.get(KEY)
    return token if isinstance(token, str) else None


def current_token() -> str | None:
    """This browser's draft (its files are kept under the same token)."""
    return _token()


def _data(draft: Draft | None) -> dict[str, Any]:
    if draft is None or draft.updated_at < now() - KEEP_FOR:
        return {}
    loaded = json.loads(draft.data)
    return loaded if isinstance(loaded, dict) else {}


def load() -> dict[str, Any]:
    token = _token()
    draft = Draft.get_or_none(Draft.token == token) if token else None
    if draft is not None and draft.updated_at < now() - KEEP_FOR:
        draft.delete_instance()  # abandoned: its files go with it, and a fresh start has none of them
        return {}
    answers = _data(draft)
    return {} if SENT in answers else answers


def save(answers: dict[str, Any]) -> None:
    token = _token()
    if token is None:
        token = secrets.token_urlsafe(32)
        session[KEY] = token
    data = json.dumps(answers)
    updated = Draft.update(data=data, updated_at=now()).where(Draft.token == token).execute()
    if not updated:
        Draft.create(token=token, data=data, updated_at=now())


def _marker(data: dict[str, Any]) -> Sent | None:
    found = data.get(SENT)
    if isinstance(found, list) and len(found) == 2 and isinstance(found[0], int):
        return Sent(found[0], found[1] if isinstance(found[1], str) else None, now=False)
    return None


def already_sent() -> Sent | None:
    """The case this draft was sent as, if it has been."""
    token = _token()
    return _marker(_data(Draft.get_or_none(Draft.token == token))) if token else None


def send_once(create: Callable[[dict[str, Any]], tuple[int, str | None]]) -> Sent | None:
    """Make the case from this draft exactly once: `create(answers)` returns (case id, access code) and runs
    in the transaction that claims the draft. None when there is no draft to send."""
    token = _token()
    if token is None:
        return None
    draft = Draft.get_or_none(Draft.token == token)
    answers = _data(draft)
    if draft is None or not answers:
        return None
    if SENT in answers:
        return _marker(answers)
    with database.atomic():
        claimed = (
            Draft.update(data=json.dumps({SENT: None}), updated_at=now())
            .where((Draft.token == token) & (Draft.data == draft.data))
            .execute()
        )
        if claimed:
            case_id, code = create(answers)
            Draft.update(data=json.dumps({SENT: [case_id, code]})).where(Draft.token == token).execute()
            return Sent(case_id, code, now=True)
    # Another press of Send claimed it first; its transaction has committed by the time ours could look.
    return already_sent()


def forget() -> None:
    """This browser is done with its draft (the row stays, as the record of what it was sent as)."""
    session.pop(KEY, None)


def purge() -> int:
    """Delete abandoned and sent drafts after a day (they hold personal data) and, with them, their files;
    returns how many."""
    return int(Draft.delete().where(Draft.updated_at < now() - KEEP_FOR).execute())
