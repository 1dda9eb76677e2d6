"""Staff sign-in: argon2 password hashes, a temporary lockout after repeated failures, sessions that end
after inactivity, and roles (handler < manager < admin)."""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import abort, g, redirect, request, session, url_for

from ..models import ROLES, Staff, now
from ..settings import tracker_config

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
SESSION_KEY, SEEN_KEY = "staff", "staff_seen"
_hasher = PasswordHasher()
# Verified when the user name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY = _hasher.hash("not a password anybody has")
F = TypeVar("F", bound=Callable[..., Any])


class LoginRefused(Exception):
    def __init__(self, locked: bool) -> None:
        super().__init__("locked" if locked else "wrong")
        self.locked = locked


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def authenticate(username: str, password: str) -> Staff:
    """The staff member, or LoginRefused; five failures lock the account for 15 minutes."""
    staff = Staff.get_or_none((Staff.username == username.strip().lower()) & (Staff.active == True))  # noqa: E712
    if staff is None:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY, password)
        raise LoginRefused(locked=False)
    if staff.locked_until and staff.locked_until > now():
        raise LoginRefused(locked=True)
    try:
        _hasher.verify(staff.password_hash, password)
    except (VerificationError, InvalidHashError) as wrong:
        failures = staff.failed_logins + 1
        locked = failures >= MAX_FAILURES
        Staff.update(
            failed_logins=0 if locked else failures, locked_until=now() + LOCKOUT if locked else None
        ).where(Staff.id == staff.id).execute()
        raise LoginRefused(locked=locked) from wrong
    changes: dict[str, Any] = {"failed_logins": 0, "locked_until": None}
    if _hasher.check_needs_rehash(staff.password_hash):
        changes["password_hash"] = hash_password(password)
    Staff.update(**changes).where(Staff.id == staff.id).execute()
    return staff


def sign_in(staff: Staff) -> None:
    session.clear()  # a new session for the signed-in user: nothing carried over from before
    session[SESSION_KEY] = staff.id
    session[SEEN_KEY] = time.time()


def sign_out() -> None:
    session.pop(SESSION_KEY, None)
    session.pop(SEEN_KEY, None)


def current_staff() -> Staff | None:
    """The signed-in staff member, unless the session has been idle too long."""
    staff_id, seen = session.get(SESSION_KEY), session.get(SEEN_KEY)
    if not isinstance(staff_id, int) or not isinstance(seen, float | int):
        return None
    if time.time() - seen > tracker_config().staff_idle_minutes * 60:
        sign_out()
        return None
    staff = Staff.get_or_none((Staff.id == staff_id) & (Staff.active == True))  # noqa: E712
    if staff is not None:
        session[SEEN_KEY] = time.time()
    return staff


def has_role(staff: Staff, role: str) -> bool:
    return ROLES.index(staff.role) >= ROLES.index(role)


def staff_required(role: str = "handler") -> Callable[[F], F]:
    """Every staff page: signed in (else to the sign-in page), with at least `role` (else 403)."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            staff = current_staff()
            if staff is None:
                return redirect(url_for("staff.login", next=request.full_path.rstrip("?")))
            if not has_role(staff, role):
                abort(403)
            g.staff = staff
            return view(*args, **kwargs)

        wrapped.required_role = role  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorate
