"""The built site as a WSGI app, the way a static host serves it: folders answer with index.html, and an
unknown address gets the 404 page of its language. For `make run` and the tests; production uses any
static host."""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .i18n import language_code_in

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment


class StaticSite:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def find(self, path: str) -> Path | None:
        target = (self.root / path.lstrip("/")).resolve()
        if not target.is_relative_to(self.root):
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/") or "/"
        if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
            start_response("405 Method Not Allowed", [("Allow", "GET, HEAD"), ("Content-Type", "text/plain")])
            return [b"Method not allowed"]
        found = self.find(path)
        if (
            found is not None
            and not path.endswith("/")
            and found.name == "index.html"
            and not path.endswith(".html")
        ):
            # /en/contact -> /en/contact/ so relative anchors and the canonical address work.
            start_response("301 Moved Permanently", [("Location", path + "/")])
            return [b""]
        status = "200 OK"
        if found is None:
            lang = language_code_in(path)
            found = self.find(f"/{lang}/404.html") if lang else None
            found = found or self.find("/404.html")
            status = "404 Not Found"
        if found is None:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"Not found"]
        body = found.read_bytes()
        kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/xml", "application/json"):
            kind += "; charset=utf-8"
        start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body)))])
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else body]
