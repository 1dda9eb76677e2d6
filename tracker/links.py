"""Links to the tracker's pages in emails: from `TRACKER_URL` (its public address, with the prefix it is
mounted under) when set, else from the request being answered, else http://localhost. So a reminder sent by a
timer, outside any request, still links to the right host and prefix."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for

from .settings import tracker_config


def external(endpoint: str, **values: Any) -> str:
    """The full address of a tracker page, for an email."""
    base = tracker_config().tracker_url.strip()
    if not base and has_request_context():
        return url_for(endpoint, _external=True, **values)
    parts = urlsplit(base or "http://localhost")
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path.rstrip("/") or "/", url_scheme=parts.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def case_page(reference: str) -> str:
    return external("casepage.show", reference=reference)
