"""Extensions bound in the app factory: CSRF protection and the rate limiter."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import ParamSpec, TypeVar

from flask import Flask, request
from flask_limiter import Limiter, RequestLimit
from flask_limiter._limits import RuntimeLimit
from flask_limiter.errors import RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_wtf import CSRFProtect
from limits import RateLimitItem, parse_many

csrf = CSRFProtect()
# No X-RateLimit-* headers on every answer: each costs the rate-limit store a second round trip (a lookup's
# largest cost after the query). A refused request still says when to try again (Retry-After, security.py).
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False)


def init_limiter(app: Flask) -> None:
    """Flask-Limiter bound to the app, without its check before every request: that check counts only
    application-wide, default and blueprint limits, and the tracker has none (each limit is on its view,
    checked there), so on every request it found nothing to count, at a cost (issue 15)."""
    limiter.init_app(app)
    manager = limiter.limit_manager
    if manager.application_limits or manager.default_limits or manager._blueprint_limits:
        raise RuntimeError("an app-wide, default or blueprint limit needs Flask-Limiter's check back")
    app.before_request_funcs[None].remove(limiter._check_request_limit)


P = ParamSpec("P")
R = TypeVar("R")


@lru_cache(maxsize=16)
def _parsed(limits: str) -> tuple[RateLimitItem, ...]:
    """A limits setting ("10 per minute;50 per hour") parsed once, the shortest window first."""
    return tuple(sorted(parse_many(limits)))


def post_limit(limits: Callable[[], str]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """The limits (a setting, read on each request) on a view's POSTs: Flask-Limiter's `limit(…,
    methods=["POST"])` without its per-request evaluation of every kind of limit it supports, which cost a
    status lookup more than its query and the Redis round trip together (issue 15). The same counts in the
    same store with the same strategy and keys (the client's address and the endpoint), tested shortest window
    first and stopping at the first refused; a refusal is Flask-Limiter's own RateLimitExceeded with its
    `current_limit` set, so the 429 page and its Retry-After are unchanged (security.py)."""

    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def limited(*args: P.args, **kwargs: P.kwargs) -> R:
            if request.method == "POST" and limiter.enabled:
                keys = [get_remote_address(), request.endpoint or view.__name__]
                strategy = limiter.limiter
                for item in _parsed(limits()):
                    if not strategy.hit(item, *keys):
                        refused = RequestLimit(limiter, item, keys, breached=True, shared=False)
                        limiter.context.view_rate_limit = refused
                        limiter.context.view_rate_limits = [refused]
                        raise RateLimitExceeded(RuntimeLimit(item, get_remote_address, keys[1]))
            return view(*args, **kwargs)

        return limited

    return decorate
