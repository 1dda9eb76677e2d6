"""Extensions bound in the app factory: CSRF protection and the rate limiter."""

from __future__ import annotations

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf import CSRFProtect

csrf = CSRFProtect()
# No X-RateLimit-* headers on every answer: each costs the rate-limit store a second round trip (a lookup's
# largest cost after the query). A refused request still says when to try again (Retry-After, security.py).
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False)
