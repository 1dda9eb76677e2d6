"""Security headers, cookie settings and the error pages for refused requests (400, 404, 413, 429)."""

from __future__ import annotations

import time

from flask import Flask, render_template, request
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, NotFound, RequestEntityTooLarge
from werkzeug.wrappers import Response

from portal.i18n import set_language, site_data

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


def _language_from_path() -> None:
    """An error before routing still answers in the language of the address."""
    site = site_data()
    parts = request.path.strip("/").split("/")
    code = parts[0] if parts else ""
    set_language(site.language(code) or site.languages[0])


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

    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError) -> tuple[str, int]:
        return page("views/errors/session.html", 400)

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
        return page("views/errors/too_large.html", 413)

    @app.errorhandler(RateLimitExceeded)
    def too_many(error: RateLimitExceeded) -> tuple[str, int]:
        limit = limiter.current_limit
        seconds = max(1, int(limit.reset_at - time.time())) if limit else 60
        return page("views/errors/too_many.html", 429, minutes=max(1, (seconds + 59) // 60))

    @app.errorhandler(NotFound)
    def not_found(error: NotFound) -> tuple[str, int]:
        return page("views/errors/not_found.html", 404)

    @app.errorhandler(HTTPException)
    def other(error: HTTPException) -> tuple[str, int]:
        return page("views/errors/other.html", error.code or 500, code=error.code or 500)
