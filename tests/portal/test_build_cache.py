"""The build cache is correct before it is fast: after each kind of change, a build that reuses the cache
writes exactly the tree a clean build writes, byte for byte, and says what it rebuilt and why."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from portal import buildcache
from portal.build import BuildError, build
from portal.config import PortalConfig
from portal.content import Page
from sitekit.paths import ROOT
from sitekit.sitedata import load_site_data


def tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


def folders(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_dir()}


def config_in(folder: Path) -> PortalConfig:
    return PortalConfig(
        content_dir=folder / "content", translations_dir=folder / "translations", build_dir=folder / "site"
    )


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """content/ and translations/ copied and built once, with the cache beside the site."""
    folder = tmp_path_factory.mktemp("built")
    shutil.copytree(ROOT / "content", folder / "content")
    shutil.copytree(ROOT / "translations", folder / "translations")
    build(config_in(folder), out=io.StringIO())
    return folder


@pytest.fixture
def sources(built_once: Path, tmp_path: Path) -> PortalConfig:
    """A copy of that built folder (sources, site and cache, times kept) that a test may change."""
    shutil.copytree(built_once, tmp_path / "copy")
    return config_in(tmp_path / "copy")


def rebuild_and_compare(config: PortalConfig, clean_dir: Path) -> str:
    """Build again over the cache, then clean into `clean_dir`; the trees must be equal. Returns what the
    cached build printed."""
    out = io.StringIO()
    build(config, out=out)
    build(
        PortalConfig(**{**vars(config), "build_dir": clean_dir / "site", "cache_dir": None}),
        out=io.StringIO(),
    )
    cached, clean = tree(config.build_dir), tree(clean_dir / "site")
    assert sorted(cached) == sorted(clean)
    assert [name for name in cached if cached[name] != clean[name]] == []
    assert folders(config.build_dir) == folders(clean_dir / "site")
    return out.getvalue()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_rebuilds_nothing(sources: PortalConfig, tmp_path: Path) -> None:
    said = rebuild_and_compare(sources, tmp_path / "clean")
    assert re.search(r"Nothing to rebuild: all \d+ pages are as their inputs\.", said)


def test_a_changed_page_rebuilds_that_page_only(sources: PortalConfig, tmp_path: Path) -> None:
    edit(sources.content_dir / "pages" / "en" / "policy.md", "\n## ", "\nA sentence added.\n\n## ")
    said = rebuild_and_compare(sources, tmp_path / "clean")
    assert "Rebuilding 1 of " in said
    assert "1 page: its page changed: /en/policy/" in said


def test_changed_site_data_rebuilds_what_depends_on_it(sources: PortalConfig, tmp_path: Path) -> None:
    phone = load_site_data(sources.content_dir).contacts["council"].phone  # shown in every page's footer
    assert phone is not None
    edit(sources.content_dir / "site" / "contacts.yaml", phone, f"{phone}9")
    said = rebuild_and_compare(sources, tmp_path / "clean")
    assert re.search(r"pages: site data changed \(.*contacts\.yaml\)", said)
    assert f"{phone}9" in (sources.build_dir / "en" / "index.html").read_text(encoding="utf-8")


def test_a_changed_catalogue_rebuilds_its_language(sources: PortalConfig, tmp_path: Path) -> None:
    edit(
        sources.translations_dir / "ar" / "LC_MESSAGES" / "messages.po",
        'msgstr "انتقل إلى المحتوى الرئيسي"',
        'msgstr "انتقل إلى المحتوى"',
    )
    said = rebuild_and_compare(sources, tmp_path / "clean")
    rebuilt = re.search(r"(\d+) pages: its language's catalogue changed", said)
    # Every Arabic file, and the five at the root (the chooser and the sitemap show every language; the
    # favicon and robots.txt are counted with them).
    arabic = [path for path in (sources.build_dir / "ar").rglob("*") if path.is_file()]
    assert rebuilt and int(rebuilt.group(1)) == len(arabic) + 5
    assert "انتقل إلى المحتوى<" in (sources.build_dir / "ar" / "index.html").read_text(encoding="utf-8")


def test_a_new_code_version_rebuilds_everything(
    sources: PortalConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real: Callable[..., str] = buildcache.code_version
    monkeypatch.setattr(buildcache, "code_version", lambda files=None: real(files) + "-changed")
    said = rebuild_and_compare(sources, tmp_path / "clean")
    assert re.search(r"(\d+) pages: the code, a template or a library changed", said)
    assert "Rebuilding" in said and "of" in said


def test_a_deleted_translation_falls_back_to_english(sources: PortalConfig, tmp_path: Path) -> None:
    (sources.content_dir / "pages" / "ar" / "cookies.md").unlink()
    said = rebuild_and_compare(sources, tmp_path / "clean")
    assert "1 page: its page changed: /ar/cookies/" in said


def test_an_added_then_deleted_page_leaves_no_trace(sources: PortalConfig, tmp_path: Path) -> None:
    extra = sources.content_dir / "pages" / "en" / "extra.md"
    extra.write_text("---\ntitle: Extra\nsummary: A page that comes and goes.\n---\n\nSome text.\n", "utf-8")
    said = rebuild_and_compare(sources, tmp_path / "clean-1")
    assert (sources.build_dir / "pl" / "extra" / "index.html").is_file()
    assert "11 pages: it was not built before" in said
    extra.unlink()
    rebuild_and_compare(sources, tmp_path / "clean-2")
    assert not (sources.build_dir / "en" / "extra").exists()


def test_a_file_changed_by_hand_is_written_again(sources: PortalConfig, tmp_path: Path) -> None:
    page = sources.build_dir / "en" / "contact" / "index.html"
    page.write_text("changed by hand", encoding="utf-8")
    said = rebuild_and_compare(sources, tmp_path / "clean")
    assert "1 page: its file was changed after the last build: /en/contact/" in said


def test_the_build_is_the_same_on_one_core(tmp_path: Path) -> None:
    """The pages parsed and frozen by worker processes are the pages one process makes. Run as commands,
    as `make build` runs it: forking is only done in a process without other threads."""

    def portal_build(folder: str, workers: str) -> str:
        env = {
            **os.environ,
            "BUILD_DIR": str(tmp_path / folder),
            "BUILD_CACHE": str(tmp_path / f"{folder}-cache"),
        }
        if workers:
            env["BUILD_WORKERS"] = workers
        command = [str(Path(sys.executable).parent / "portal-build")]
        return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout

    assert "(1 process)" in portal_build("one", "1")
    assert "(2 processes)" in portal_build("two", "2")
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def same_size_edit(path: Path, old: str, new: str) -> None:
    """Change a file without changing its size or modification time: only its change time and bytes say
    it changed."""
    assert len(old.encode()) == len(new.encode())
    before = path.stat()
    edit(path, old, new)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("page", "1 page: its page changed: /en/policy/"),
        ("site data", "site data changed"),
        ("catalogue", "its language's catalogue changed"),
        ("code", "the code, a template or a library changed"),
    ],
)
def test_digests_kept_between_builds_still_see_each_kind_of_change(
    kind: str, reason: str, sources: PortalConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A digest is kept with the file's size and times: a change that keeps the size and the modification
    time is still seen (by the change time), for pages, site data, catalogues and the code."""
    code = tmp_path / "code"
    for folder in buildcache.CODE_FOLDERS:
        shutil.copytree(folder, code / folder.name, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(buildcache, "CODE_FOLDERS", tuple(code / f.name for f in buildcache.CODE_FOLDERS))
    # Every digest is kept, however new the file (the copies above were made just now).
    monkeypatch.setattr(buildcache, "SETTLED_NS", -(10**12))
    build(sources, out=io.StringIO())
    assert "Nothing to rebuild" in rebuild_and_compare(sources, tmp_path / "clean-1")
    target, old, new = {
        "page": (sources.content_dir / "pages" / "en" / "policy.md", "\n## ", "\n##\t"),
        "site data": (sources.content_dir / "site" / "contacts.yaml", "020 8901 2630", "020 8901 2631"),
        "catalogue": (
            sources.translations_dir / "ar" / "LC_MESSAGES" / "messages.po",
            'msgstr "انتقل إلى المحتوى الرئيسي"',
            'msgstr "انتقل الى المحتوى الرئيسي"',  # the same number of bytes
        ),
        "code": (code / "sitekit" / "templates" / "layout.html", "<!DOCTYPE html>", "<!doctype html>"),
    }[kind]
    same_size_edit(target, old, new)
    said = rebuild_and_compare(sources, tmp_path / "clean-2")
    assert reason in said


def test_file_digests_keep_only_settled_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "digests.marshal"
    path = tmp_path / "a.txt"
    path.write_text("one", encoding="utf-8")
    files = buildcache.FileDigests(store)
    assert files.of(str(path)) == buildcache.digest(b"one")
    files.save()
    # Written just now: its digest is not kept, as a second write in the same tick could go unseen.
    assert str(path) not in buildcache.FileDigests(store).known
    monkeypatch.setattr(buildcache, "SETTLED_NS", -(10**12))
    files = buildcache.FileDigests(store)
    files.of(str(path))
    files.save()
    again = buildcache.FileDigests(store)
    assert again.known[str(path)][4] == buildcache.digest(b"one")
    path.write_text("two", encoding="utf-8")
    assert again.of(str(path)) == buildcache.digest(b"two")


def test_library_versions_are_the_installed_ones() -> None:
    from importlib import metadata

    assert buildcache.library_versions() == [
        f"{name}=={metadata.version(name)}" for name in buildcache.LIBRARIES
    ]


def test_a_damaged_page_cache_is_parsed_again(sources: PortalConfig, tmp_path: Path) -> None:
    (sources.cache / "pages.pickle").write_bytes(b"not a pickle")
    edit(sources.content_dir / "pages" / "en" / "policy.md", "\n## ", "\nA sentence added.\n\n## ")
    said = rebuild_and_compare(sources, tmp_path / "clean")
    assert "1 page: its page changed: /en/policy/" in said


def test_a_page_from_the_cache_is_named_by_its_file_in_errors(sources: PortalConfig) -> None:
    """Pages are kept without their paths; each one taken from the cache is given its file again, so a
    problem found with it (here a link to a page that was deleted) names the right file."""
    (sources.content_dir / "pages" / "en" / "compliments-and-suggestions.md").unlink()
    with pytest.raises(BuildError) as caught:
        build(sources, out=io.StringIO())
    policy = sources.content_dir / "pages" / "en" / "policy.md"
    assert re.search(
        rf"{re.escape(str(policy))}:\d+: link to page 'compliments-and-suggestions'", str(caught.value)
    )


def test_the_page_store_writes_the_few_pages_parsed_since_its_first_file(tmp_path: Path) -> None:
    def store_with(keys: list[str]) -> buildcache.PageStore:
        store = buildcache.PageStore(tmp_path, "code", tmp_path)
        for key in keys:
            store.used.add(key)
            if store.get(key) is None:
                store.put(key, Page("en", key, tmp_path / f"{key}.md", key.upper(), "S", False, None))
        return store

    first = [f"page-{n}" for n in range(40)]
    store_with(first).save()
    bulk = (tmp_path / "pages.pickle").read_bytes()
    # One page changed: its new version goes in the second file; the first is not written again.
    changed = [*first[:-1], "page-new"]
    store = store_with(changed)
    store.save()
    new = store.get("page-new")
    assert new is not None and new.path == tmp_path / "page-new.md"  # its path is kept in memory
    assert (tmp_path / "pages.pickle").read_bytes() == bulk
    again = buildcache.PageStore(tmp_path, "code", tmp_path)
    assert all(again.get(key) is not None for key in changed)
    kept = again.get("page-3")
    assert kept is not None and kept.title == "PAGE-3"
    # Enough changes: the first file is written again with only the pages used, and the second goes.
    many = [*first[:30], *(f"other-{n}" for n in range(5))]
    store_with(many).save()
    assert not (tmp_path / "pages-recent.pickle").exists()
    last = buildcache.PageStore(tmp_path, "code", tmp_path)
    assert set(last._all()) == set(many)
