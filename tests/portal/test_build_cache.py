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
from portal.build import build
from portal.config import PortalConfig
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
    # Every Arabic file, and the four at the root (the chooser and the sitemap show every language).
    arabic = [path for path in (sources.build_dir / "ar").rglob("*") if path.is_file()]
    assert rebuilt and int(rebuilt.group(1)) == len(arabic) + 4
    assert "انتقل إلى المحتوى<" in (sources.build_dir / "ar" / "index.html").read_text(encoding="utf-8")


def test_a_new_code_version_rebuilds_everything(
    sources: PortalConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real: Callable[[], str] = buildcache.code_version
    monkeypatch.setattr(buildcache, "code_version", lambda: real() + "-changed")
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
