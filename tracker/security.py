"""Security headers, cookie settings, the hosts and proxies we trust, and the error pages for refused
requests (400, 404, 413, 429) and for anything unexpected (500), each with the security headers."""

from __future__ import annotations

import logging
import re
import time
import traceback
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from flask import Flask, abort, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from itsdangerous import URLSafeTimedSerializer
from werkzeug.exceptions import (
    BadRequest,
    HTTPException,
    InternalServerError,
    NotFound,
    RequestEntityTooLarge,
)
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.sansio.utils import host_is_trusted
from werkzeug.wrappers import Response

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

from sitekit.i18n import language_in_path, set_language

from .config import TrackerConfig
from .extensions import limiter

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'none'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


BAD_HOST = "tracker.bad_host"
# C0 control characters (NUL included) and DEL: no address or form answer needs one, and PostgreSQL refuses
# a NUL outright. Tab, line feed and carriage return are allowed in form text, never in an address.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ADDRESS_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
log = logging.getLogger(__name__)


class HostGuard:
    """WSGI middleware: a Host header that is not one of ours, or not a host name at all, is answered with
    the app's own 400 page (in the reader's language, with the security headers) rather than being written
    into links or breaking the error page. The app sees a trusted host and a flag saying the real one was
    refused."""

    def __init__(self, app: WSGIApplication, hosts: Iterable[str]) -> None:
        self.app = app
        self.hosts = list(hosts)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        if not host_is_trusted(host, self.hosts):
            environ = {**environ, "HTTP_HOST": self.hosts[0], BAD_HOST: True}
        return self.app(environ, start_response)


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed session cookie, its signing serializer made once for each set of keys rather than
    twice on every request (issue 15): the same keys, salt, serializer and signature."""

    def __init__(self) -> None:
        self._made: dict[tuple[object, ...], URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if keys not in self._made:
            self._made[keys] = super().get_signing_serializer(app)
        return self._made[keys]


def _language_from_path() -> None:
    """An error before routing still answers in the language of the address."""
    set_language(language_in_path(request.path))


def init_app(app: Flask, config: TrackerConfig) -> None:
    app.config.update(
        MAX_CONTENT_LENGTH=config.max_content_length,
        MAX_FORM_MEMORY_SIZE=config.max_content_length,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=not config.development,
        PERMANENT_SESSION_LIFETIME=config.session_minutes * 60,
        SESSION_REFRESH_EACH_REQUEST=True,
    )

    app.session_interface = SessionCookies()

    # Outermost first: the proxies' headers are applied, then the host they give is checked.
    app.wsgi_app = HostGuard(app.wsgi_app, config.hosts or ["localhost"])  # type: ignore[method-assign]
    if config.proxy_count > 0:
        n = config.proxy_count
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]

    @app.before_request
    def refuse_hostile_requests() -> None:
        if request.environ.get(BAD_HOST):
            abort(400)
        if ADDRESS_CONTROL.search(request.path) or any(
            ADDRESS_CONTROL.search(key) or ADDRESS_CONTROL.search(value)
            for key, values in request.args.lists()
            for value in values
        ):
            abort(400)

    @app.before_request
    def session_expires_after_inactivity() -> None:
        from flask import session

        session.permanent = True

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if not config.development:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if request.endpoint and request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    def page(template: str, status: int, **context: object) -> tuple[str, int]:
        _language_from_path()
        return render_template(template, **context), status

    @app.errorhandler(BadRequest)
    def bad_request(error: BadRequest) -> tuple[str, int]:
        return page("views/errors/other.html", 400, code=400)

    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError) -> tuple[str, int]:
        return page("views/errors/session.html", 400)

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
        return page("views/errors/too_large.html", 413)

    @app.errorhandler(RateLimitExceeded)
    def too_many(error: RateLimitExceeded) -> tuple[str, int, dict[str, str]]:
        limit = limiter.current_limit
        seconds = max(1, int(limit.reset_at - time.time())) if limit else 60
        body, status = page("views/errors/too_many.html", 429, minutes=max(1, (seconds + 59) // 60))
        return body, status, {"Retry-After": str(seconds)}

    @app.errorhandler(NotFound)
    def not_found(error: NotFound) -> tuple[str, int]:
        return page("views/errors/not_found.html", 404)

    @app.errorhandler(HTTPException)
    def other(error: HTTPException) -> tuple[str, int]:
        return page("views/errors/other.html", error.code or 500, code=error.code or 500)

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError) -> tuple[str, int]:
        return page("views/errors/other.html", 500, code=500)

    def log_exception(exc_info: Any) -> None:
        """An unexpected error is logged by its type and the lines it passed through, never its message,
        which may hold what someone typed (a database error quotes the value it refused)."""
        kind, _, trace = exc_info
        lines = [f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in traceback.extract_tb(trace)]
        log.error(
            "unexpected %s on %s %s\n  %s", kind.__name__, request.method, request.path, "\n  ".join(lines)
        )

    app.log_exception = log_exception  # type: ignore[method-assign]
