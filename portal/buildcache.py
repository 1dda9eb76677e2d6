"""What one build keeps for the next: parsed pages, and what each written file was made from.

Every key is a digest of the inputs themselves, never of times: a parsed page is keyed by its file's bytes,
its path, its language's direction and the code version (the portal's and casecore's files, and the
libraries that shape the HTML); a written file by the digests of its inputs (code, settings, site data, its
language's catalogue, its page's file or, for the sitemap and the like, the list of pages). A file is
written again only when one of those changed, when it is missing, or when it is not the size and time the
last build left; the build says which input changed.

The cache lives beside the site (`build/cache/` for `build/site/`, or BUILD_CACHE). It holds pickles that
only this build writes; delete the folder to start clean.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import sys
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

from sitekit.catalogue import languages, po_path
from sitekit.paths import ROOT

from .config import PortalConfig
from .content import Page

FORMAT = "2"
# The libraries whose version can change what a page looks like.
LIBRARIES = (
    "markdown",
    "jinja2",
    "flask",
    "werkzeug",
    "frozen-flask",
    "flask-babel",
    "babel",
    "pyyaml",
    "markupsafe",
)
CODE_FOLDERS = (ROOT / "portal", ROOT / "sitekit", ROOT / "casecore")


def digest(*parts: bytes | str) -> str:
    found = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        found.update(len(data).to_bytes(8, "big"))
        found.update(data)
    return found.hexdigest()[:32]


def code_version() -> str:
    files = sorted(
        path
        for folder in CODE_FOLDERS
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )
    versions = [sys.version, *(f"{name}=={metadata.version(name)}" for name in LIBRARIES)]
    return digest(FORMAT, *versions, *(part for path in files for part in (str(path), path.read_bytes())))


def _files(folder: Path, label: str, skip: Path | None = None) -> dict[str, str]:
    """`label/relative path` -> digest for every file under `folder`: a copy of the same files elsewhere has
    the same digests."""
    if not folder.is_dir():
        return {}
    return {
        f"{label}/{path.relative_to(folder).as_posix()}": digest(path.read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not (skip and path.is_relative_to(skip))
    }


@dataclass(frozen=True)
class Inputs:
    """The digests of everything but the pages that shapes the site."""

    code: str
    settings: str
    shared: dict[str, str]  # file -> digest: site data, performance figures, the self-assessment
    catalogues: dict[str, str]  # language -> digest of its .po

    @classmethod
    def read(cls, config: PortalConfig) -> Inputs:
        shared = _files(config.content_dir, "content", skip=config.content_dir / "pages")
        if config.sample_performance_dir:
            shared |= _files(config.sample_performance_dir, "sample figures")
        catalogues = {
            lang: digest(po_path(lang, config.translations_dir).read_bytes())
            for lang in languages(config.translations_dir)
        }
        # Where the files are read from and written to does not shape the pages; today's date decides
        # which periods are published.
        settings = digest(config.site_url, repr(config.tracker_url), date.today().isoformat())
        return cls(code_version(), settings, shared, catalogues)

    @property
    def site(self) -> str:
        return digest(*(part for item in sorted(self.shared.items()) for part in item))

    def catalogue(self, lang: str | None) -> str:
        """A language's catalogue; for a file in no language (the chooser, the sitemap), all of them."""
        if lang is None:
            return digest(*(part for item in sorted(self.catalogues.items()) for part in item))
        return self.catalogues.get(lang, "")


class PageStore:
    """Parsed pages, one pickle each, named by the digest of what shapes them (content.PageCache)."""

    def __init__(self, folder: Path, code: str, content_dir: Path) -> None:
        self.folder, self.code, self.content_dir = folder / "pages", code, content_dir
        self.used: set[str] = set()
        self.sources: dict[Path, str] = {}  # page file -> digest of its path and bytes, for output keys
        self._root = f"{content_dir}{os.sep}"
        self._folder = f"{self.folder}{os.sep}"

    def key(self, path: Path, lang: str, rtl: bool, data: bytes) -> str:
        """By the page's place in the content, not on disk: a copy of the content reuses the cache (the
        page's `path`, for error messages, is set anew when it is read back)."""
        # Plain strings rather than Path methods: this runs for every page of every build.
        text, root = str(path), self._root
        name = text[len(root) :].replace(os.sep, "/") if text.startswith(root) else text
        self.sources[path] = digest(name, data)
        key = digest(self.code, name, lang, "rtl" if rtl else "ltr", data)
        self.used.add(key)
        return key

    def get(self, key: str) -> Page | None:
        try:
            with open(f"{self._folder}{key}", "rb") as handle:
                found = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None
        return found if isinstance(found, Page) else None

    def put(self, key: str, page: Page) -> None:
        """Called in worker processes too: it only writes a file."""
        self.folder.mkdir(parents=True, exist_ok=True)
        partial = self.folder / f".{key}.{os.getpid()}"
        partial.write_bytes(pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(self.folder / key)

    def prune(self) -> None:
        """Forget pages no longer in the content, so the cache does not grow without end."""
        if not self.folder.is_dir():
            return
        for entry in os.scandir(self.folder):
            if entry.name not in self.used:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


@dataclass
class Written:
    """A file the last build wrote: its key, its size and time then, and the links and ids it holds."""

    key: dict[str, str]
    size: int
    mtime_ns: int
    links: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    elements: list[str] = field(default_factory=list)


REASONS = {
    "code": "the code, a template or a library changed",
    "settings": "the settings or the date changed",
    "site": "site data changed",
    "catalogue": "its language's catalogue changed",
    "page": "its page changed",
    "pages": "the list of pages changed",
}


@dataclass
class Manifest:
    """Every file the last build left, and the inputs it was made from. Each file's size and time are
    checked before it is trusted, so a manifest read for another folder only costs a rebuild."""

    destination: str
    shared: dict[str, str] = field(default_factory=dict)
    files: dict[str, Written] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path, destination: Path) -> Manifest:
        empty = cls(str(destination))
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return empty
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return empty
        files = {name: Written(**entry) for name, entry in data["files"].items()}
        return cls(str(destination), data["shared"], files)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "format": FORMAT,
            "destination": self.destination,
            "shared": self.shared,
            "files": {name: vars(entry) for name, entry in sorted(self.files.items())},
        }
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        partial.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        partial.replace(path)

    def why(self, name: str, key: dict[str, str], path: str) -> str | None:
        """Why the file `name` (at `path`) must be written again; None when it is as its inputs."""
        previous = self.files.get(name)
        if previous is None:
            return "it was not built before"
        changed = [part for part in key if previous.key.get(part) != key[part]]
        if changed:
            return REASONS.get(changed[0], f"{changed[0]} changed")
        try:
            stat = os.stat(path)
        except OSError:
            return "its file is missing"
        if (stat.st_size, stat.st_mtime_ns) != (previous.size, previous.mtime_ns):
            return "its file was changed after the last build"
        return None

    def changed_shared(self, shared: dict[str, str]) -> list[str]:
        """The site data files added, changed or removed since the last build."""
        return sorted(
            name for name in shared.keys() | self.shared.keys() if shared.get(name) != self.shared.get(name)
        )
