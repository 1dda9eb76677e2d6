"""What one build keeps for the next: parsed pages, and what each written file was made from.

Every key is a digest of the inputs themselves, never of times: a parsed page is keyed by its file's bytes,
its path, its language's direction and the code version (the portal's and casecore's files, and the
libraries that shape the HTML); a written file by the digests of its inputs (code, settings, site data, its
language's catalogue, its page's file or, for the sitemap and the like, the list of pages). A file is
written again only when one of those changed, when it is missing, or when it is not the size and time the
last build left; the build says which input changed.

Reading every input to digest it would be a large part of a warm build, so `FileDigests` keeps each input
file's digest with its size, modification and change times and inode, and reads the file again only when
one of those differs. A digest is only reused when the file had not been modified for `SETTLED_NS` before
it was read, so a second write within the file system's time resolution cannot go unseen (as Git does for
its index).

The cache lives beside the site (`build/cache/` for `build/site/`, or BUILD_CACHE): `pages.pickle` and
`pages-recent.pickle` (the parsed pages), `digests.marshal` and `outputs.marshal` (what each file was made
from), which only this build writes; delete the folder to start clean.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import pickle
import re
import stat
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import Any

from sitekit.catalogue import languages, po_path
from sitekit.paths import ROOT

from .config import PortalConfig
from .content import Page

FORMAT = "3"
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


# A file's digest is reused only when it had not been modified for this long before it was read.
SETTLED_NS = 2_000_000_000


class FileDigests:
    """The digest of a file's bytes, read again only when its size, times or inode changed (see above).
    Kept in one marshal file; `save` writes it when something changed."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.started = time.time_ns()
        self.known: dict[str, tuple[int, int, int, int, str]] = {}
        self.now: dict[str, tuple[int, int, int, int, str]] = {}
        if path is not None:
            try:
                with open(path, "rb") as handle:
                    found = marshal.load(handle)
            except (OSError, EOFError, ValueError, TypeError):
                found = None
            if isinstance(found, dict) and found.get("format") == FORMAT:
                self.known = found["files"]

    def of(self, path: str, found: os.stat_result | None = None) -> str:
        """The digest of the bytes of the file at `path` (a string: this runs for every input)."""
        return self.read(path, found)[0]

    def read(self, path: str, found: os.stat_result | None = None) -> tuple[str, bytes | None]:
        """The digest of the file at `path`, and its bytes when they had to be read (None when the digest
        was known). The file is looked at before it is read, so a change while it is read is seen next
        time."""
        found = found or os.stat(path)
        seen = (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)
        entry = self.known.get(path)
        if entry is not None and entry[:4] == seen:
            self.now[path] = entry
            return entry[4], None
        with open(path, "rb") as handle:
            data = handle.read()
        value = digest(data)
        if max(found.st_mtime_ns, found.st_ctime_ns) + SETTLED_NS < self.started:
            self.now[path] = (*seen, value)
        return value, data

    def save(self) -> None:
        if self.path is None or self.now == self.known:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        partial.write_bytes(marshal.dumps({"format": FORMAT, "files": self.now}))
        partial.replace(self.path)


def _walk(folder: str, skip: str | None = None) -> list[tuple[str, str, os.stat_result]]:
    """(path, path relative to `folder` with '/', stat) of every file under `folder`, sorted, without the
    folder `skip` and `__pycache__`; strings rather than Path objects (every input of every build)."""
    found = []
    root = len(folder) + 1
    for parent, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "__pycache__" and os.path.join(parent, d) != skip]
        for name in names:
            path = os.path.join(parent, name)
            try:
                entry = os.stat(path)
            except OSError:
                continue
            if stat.S_ISREG(entry.st_mode):
                found.append((path, path[root:].replace(os.sep, "/"), entry))
    return sorted(found, key=lambda item: item[1].split("/"))


_NORMAL = re.compile(r"[-_.]+")


def library_versions() -> list[str]:
    """`name==version` of each of LIBRARIES, from the names of the installed `.dist-info` folders (one
    listing per folder on the path, instead of importlib.metadata's search for each library)."""
    wanted = {_NORMAL.sub("_", name).lower(): name for name in LIBRARIES}
    versions: dict[str, str] = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in names:
            if entry.endswith(".dist-info") and "-" in entry:
                name, _, version = entry[: -len(".dist-info")].partition("-")
                library = wanted.get(_NORMAL.sub("_", name).lower())
                if library is not None and library not in versions:
                    versions[library] = version
    return [f"{name}=={versions.get(name) or metadata.version(name)}" for name in LIBRARIES]


def code_version(files: FileDigests | None = None) -> str:
    files = files or FileDigests()
    parts = [FORMAT, sys.version, *library_versions()]
    for folder in CODE_FOLDERS:
        for path, relative, entry in _walk(str(folder)):
            parts += [f"{folder.name}/{relative}", files.of(path, entry)]
    return digest(*parts)


def _files(folder: Path, label: str, files: FileDigests, skip: Path | None = None) -> dict[str, str]:
    """`label/relative path` -> digest for every file under `folder`: a copy of the same files elsewhere has
    the same digests."""
    if not folder.is_dir():
        return {}
    return {
        f"{label}/{relative}": files.of(path, entry)
        for path, relative, entry in _walk(str(folder), str(skip) if skip else None)
    }


@dataclass(frozen=True)
class Inputs:
    """The digests of everything but the pages that shapes the site."""

    code: str
    settings: str
    shared: dict[str, str]  # file -> digest: site data, performance figures, the self-assessment
    catalogues: dict[str, str]  # language -> digest of its .po

    @classmethod
    def read(cls, config: PortalConfig, files: FileDigests | None = None) -> Inputs:
        files = files or FileDigests()
        shared = _files(config.content_dir, "content", files, skip=config.content_dir / "pages")
        if config.sample_performance_dir:
            shared |= _files(config.sample_performance_dir, "sample figures", files)
        catalogues = {
            lang: files.of(str(po_path(lang, config.translations_dir)))
            for lang in languages(config.translations_dir)
        }
        # Where the files are read from and written to does not shape the pages; today's date decides
        # which periods are published.
        settings = digest(config.site_url, repr(config.tracker_url), date.today().isoformat())
        return cls(code_version(files), settings, shared, catalogues)

    @cached_property
    def site(self) -> str:
        return digest(*(part for item in sorted(self.shared.items()) for part in item))

    @cached_property
    def every_catalogue(self) -> str:
        return digest(*(part for item in sorted(self.catalogues.items()) for part in item))

    def catalogue(self, lang: str | None) -> str:
        """A language's catalogue; for a file in no language (the chooser, the sitemap), all of them."""
        if lang is None:
            return self.every_catalogue
        return self.catalogues.get(lang, "")


class PageStore:
    """Parsed pages, named by the digest of what shapes them (content.PageCache). They are kept in one
    pickle, read in one go on the first `get`, and a second, small one for the pages parsed since the first
    was written: a build that parsed a few pages writes only those. The first is written again when the
    second, or the pages no longer used, reach a tenth of it. Every page is under the digest of its inputs,
    so a page is right whichever file holds it."""

    def __init__(self, folder: Path, code: str, content_dir: Path, files: FileDigests | None = None) -> None:
        self.path, self.code, self.content_dir = folder / "pages.pickle", code, content_dir
        self.recent_path = folder / "pages-recent.pickle"
        self.files = files or FileDigests()
        self.used: set[str] = set()
        self.sources: dict[Path, str] = {}  # page file -> digest of its path and bytes, for output keys
        self._root = f"{content_dir}{os.sep}"
        self._pages: dict[str, Page] | None = None
        self._bulk: set[str] = set()  # the keys in the first pickle
        self._recent: set[str] = set()  # the keys in the second
        self._added = False

    def key(self, path: Path, lang: str, rtl: bool, data: bytes) -> str:
        """By the page's place in the content, not on disk: a copy of the content reuses the cache (the
        page's `path`, for error messages, is set anew when it is read back)."""
        return self._key(str(path), path, lang, rtl, digest(data))

    def lookup(self, path: Path, lang: str, rtl: bool) -> tuple[str, bytes | None]:
        """`key` from the file's digest in FileDigests; and the file's bytes if they had to be read."""
        text = str(path)
        content, data = self.files.read(text)
        return self._key(text, path, lang, rtl, content), data

    def _key(self, text: str, path: Path, lang: str, rtl: bool, content: str) -> str:
        # Plain strings rather than Path methods: this runs for every page of every build.
        root = self._root
        name = text[len(root) :].replace(os.sep, "/") if text.startswith(root) else text
        self.sources[path] = digest(name, content)
        key = digest(self.code, name, lang, "rtl" if rtl else "ltr", content)
        self.used.add(key)
        return key

    @staticmethod
    def _read(path: Path) -> dict[str, Page]:
        try:
            with open(path, "rb") as handle:
                found = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
            return {}
        ok = isinstance(found, dict) and found.get("format") == FORMAT and isinstance(found["pages"], dict)
        return found["pages"] if ok else {}

    def _all(self) -> dict[str, Page]:
        if self._pages is None:
            bulk, recent = self._read(self.path), self._read(self.recent_path)
            self._bulk, self._recent = set(bulk), set(recent)
            self._pages = bulk | recent
        return self._pages

    def get(self, key: str) -> Page | None:
        found = self._all().get(key)
        return found if isinstance(found, Page) else None

    def put(self, key: str, page: Page) -> None:
        """Called in the building process, with each page it parsed (or a worker parsed for it)."""
        self._all()[key] = page
        self._added = True

    def save(self) -> None:
        """Write the pages parsed since the first pickle was written; or, when those or the pages no longer
        in the content reach a tenth of it, the first again with only the pages still used (so the cache
        does not grow without end) and no second."""
        pages = self._all()
        unused = len(self._bulk - self.used)
        recent = {key: pages[key] for key in self.used if key in pages and key not in self._bulk}
        if not self._added and unused == 0 and recent.keys() == self._recent:
            return
        if 10 * (len(recent) + unused) < len(self._bulk):
            self._write(self.recent_path, recent)
            return
        self._write(self.path, {key: page for key, page in pages.items() if key in self.used})
        self.recent_path.unlink(missing_ok=True)

    @staticmethod
    def _write(path: Path, pages: dict[str, Page]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        # Kept without their paths, which `load_pages` sets again on every page it takes from the cache
        # (about a third of the time of reading them back is making Path objects).
        paths = {key: page.path for key, page in pages.items()}
        try:
            for page in pages.values():
                page.path = None  # type: ignore[assignment]
            with open(partial, "wb") as handle:
                pickle.dump({"format": FORMAT, "pages": pages}, handle, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            for key, page in pages.items():
                page.path = paths[key]
        partial.replace(path)


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
            with open(path, "rb") as handle:
                data: Any = marshal.load(handle)
        except (OSError, EOFError, ValueError, TypeError):
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
        partial.write_bytes(marshal.dumps(data))  # a sixth of the time of JSON, for a file only we read
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
            found = os.stat(path)
        except OSError:
            return "its file is missing"
        if (found.st_size, found.st_mtime_ns) != (previous.size, previous.mtime_ns):
            return "its file was changed after the last build"
        return None

    def changed_shared(self, shared: dict[str, str]) -> list[str]:
        """The site data files added, changed or removed since the last build."""
        return sorted(
            name for name in shared.keys() | self.shared.keys() if shared.get(name) != self.shared.get(name)
        )
