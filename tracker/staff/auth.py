"""Staff sign-in: argon2 password hashes, a temporary lockout after repeated failures, sessions kept on the
server that end on sign-out, password change, deactivation or inactivity, and roles (handler < manager <
admin).

A wrong user name is treated exactly like a wrong password for a real one: the same message, the same
lockout after five tries, and a password hash checked either way, so names cannot be found by trying.
Each try takes one of the five places before it is checked, so tries sent at once are never checked more
than five times."""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import abort, g, redirect, request, session, url_for
from peewee import Case as When

from ..models import ROLES, LoginAttempt, Staff, StaffSession, now
from ..settings import tracker_config

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
SESSION_KEY = "staff_session"
SEEN_EVERY = timedelta(minutes=1)  # how often a session's last activity is written back
_hasher = PasswordHasher()
# Checked when the user name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY = _hasher.hash("not a password anybody has")
F = TypeVar("F", bound=Callable[..., Any])


class LoginRefused(Exception):
    def __init__(self, locked: bool) -> None:
        super().__init__("locked" if locked else "wrong")
        self.locked = locked


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _take_a_try(username: str) -> bool:
    """One of the five tries for this name, taken atomically; False while the name is locked."""
    at = now()
    LoginAttempt.insert(username=username).on_conflict_ignore().execute()
    LoginAttempt.update(failures=0, locked_until=None).where(
        (LoginAttempt.username == username) & (LoginAttempt.locked_until < at)
    ).execute()
    taken = (
        LoginAttempt.update(
            failures=LoginAttempt.failures + 1,
            locked_until=When(
                None, [((LoginAttempt.failures + 1) >= MAX_FAILURES, at + LOCKOUT)], LoginAttempt.locked_until
            ),
        )
        .where((LoginAttempt.username == username) & (LoginAttempt.failures < MAX_FAILURES))
        .execute()
    )
    return bool(taken)


def authenticate(username: str, password: str) -> Staff:
    """The staff member, or LoginRefused; five wrong tries lock the name for 15 minutes."""
    name = username.strip().lower()
    staff = Staff.get_or_none((Staff.username == name) & (Staff.active == True))  # noqa: E712
    if not _take_a_try(name):
        raise LoginRefused(locked=True)
    try:
        _hasher.verify(staff.password_hash if staff else _DUMMY, password)
        if staff is None:
            raise VerificationError("unknown user")
    except (VerificationError, InvalidHashError) as wrong:
        attempt = LoginAttempt.get(LoginAttempt.username == name)
        raise LoginRefused(locked=attempt.failures >= MAX_FAILURES) from wrong
    LoginAttempt.update(failures=0, locked_until=None).where(LoginAttempt.username == name).execute()
    if _hasher.check_needs_rehash(staff.password_hash):
        Staff.update(password_hash=hash_password(password)).where(Staff.id == staff.id).execute()
    return staff


def sign_in(staff: Staff) -> None:
    session.clear()  # a new session for the signed-in user: nothing carried over from before
    token = secrets.token_urlsafe(32)
    StaffSession.create(token=token, staff=staff, created_at=now(), seen_at=now())
    session[SESSION_KEY] = token


def sign_out() -> None:
    token = session.pop(SESSION_KEY, None)
    if isinstance(token, str):
        StaffSession.delete().where(StaffSession.token == token).execute()


def end_sessions(staff: Staff) -> int:
    """Every session of this member of staff ends (a password change, a deactivation)."""
    return int(StaffSession.delete().where(StaffSession.staff == staff).execute())


def set_password(staff: Staff, password: str) -> None:
    Staff.update(password_hash=hash_password(password)).where(Staff.id == staff.id).execute()
    end_sessions(staff)


def deactivate(staff: Staff) -> None:
    Staff.update(active=False).where(Staff.id == staff.id).execute()
    end_sessions(staff)


def current_staff() -> Staff | None:
    """The signed-in staff member, unless their session was ended or has been idle too long."""
    token = session.get(SESSION_KEY)
    if not isinstance(token, str):
        return None
    found = StaffSession.get_or_none(StaffSession.token == token)
    at = now()
    if found is None or at - found.seen_at > timedelta(minutes=tracker_config().staff_idle_minutes):
        sign_out()
        return None
    staff = Staff.get_or_none((Staff.id == found.__data__["staff"]) & (Staff.active == True))  # noqa: E712
    if staff is None:
        sign_out()
        return None
    if at - found.seen_at > SEEN_EVERY:
        StaffSession.update(seen_at=at).where(StaffSession.token == token).execute()
    return staff


def has_role(staff: Staff, role: str) -> bool:
    return ROLES.index(staff.role) >= ROLES.index(role)


def here() -> str:
    """This page's address as the browser sees it, prefix included, for coming back after signing in."""
    return request.script_root + request.full_path.rstrip("?")


def staff_required(role: str = "handler") -> Callable[[F], F]:
    """Every staff page: signed in (else to the sign-in page), with at least `role` (else 403)."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            staff = current_staff()
            if staff is None:
                return redirect(url_for("staff.login", next=here()))
            if not has_role(staff, role):
                abort(403)
            g.staff = staff
            return view(*args, **kwargs)

        wrapped.required_role = role  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorate
