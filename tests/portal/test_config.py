"""The portal's settings: each read from its variable, with its default when unset or empty."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.config import PortalConfig
from sitekit.paths import ROOT


def test_the_defaults_when_nothing_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, _default, _help in PortalConfig.documented():
        monkeypatch.delenv(name, raising=False)
    config = PortalConfig.from_env()
    assert config == PortalConfig()
    assert config.site_url == "http://localhost:8000"
    assert config.cache == ROOT / "build" / "cache"
    assert config.sample_performance_dir is None and config.tracker_url is None


def test_each_setting_is_read_from_its_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SITE_URL", "https://example.org/")
    monkeypatch.setenv("BUILD_DIR", str(tmp_path / "site"))
    monkeypatch.setenv("BUILD_CACHE", str(tmp_path / "kept"))
    monkeypatch.setenv("SAMPLE_PERFORMANCE_DIR", str(tmp_path / "sample"))
    monkeypatch.setenv("TRACKER_URL", "")
    monkeypatch.setenv("BUILD_WORKERS", "3")
    config = PortalConfig.from_env()
    assert config.site_url == "https://example.org"
    assert config.build_dir == tmp_path / "site" and config.cache == tmp_path / "kept"
    assert config.sample_performance_dir == tmp_path / "sample"
    assert config.tracker_url is None
    assert config.build_workers == 3


def test_every_setting_has_help() -> None:
    names = [name for name, _default, _help in PortalConfig.documented()]
    assert "SAMPLE_PERFORMANCE_DIR" in names and "BUILD_CACHE" in names and "SITE_URL" in names
    assert all(help_text for _name, _default, help_text in PortalConfig.documented())
