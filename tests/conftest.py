"""Fixtures: the portal app, its test client, and the site built once per run into a temporary folder."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Browser

from portal import create_app
from portal.build import build
from portal.config import PortalConfig
from sitekit.catalogue import compile_all
from sitekit.paths import ROOT
from sitekit.sitedata import SiteData, load_site_data
from tests.browser import chromium

SAMPLE_FIGURES = (
    Path(__file__).parent / "fixtures" / "performance"
)  # three quarters, published as sample data


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues() -> None:
    """Compiled catalogues are build outputs: make them before any app renders a page."""
    compile_all()


@pytest.fixture(scope="session")
def site_data() -> SiteData:
    return load_site_data(ROOT / "content")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    build(PortalConfig(build_dir=out, sample_performance_dir=SAMPLE_FIGURES), out=io.StringIO())
    return out


@pytest.fixture(scope="session")
def site_pages(built_site: Path) -> dict[str, BeautifulSoup]:
    """Every frozen HTML page, by its address."""
    return {
        "/" + path.relative_to(built_site).as_posix().removesuffix("index.html"): BeautifulSoup(
            path.read_text(encoding="utf-8"), "html.parser"
        )
        for path in sorted(built_site.rglob("*.html"))
    }


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, once per run; each test opens its own page or context."""
    with chromium() as started:
        yield started


@pytest.fixture
def app() -> Flask:
    return create_app(PortalConfig())


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def content_copy(tmp_path: Path) -> Iterator[Path]:
    """A copy of content/ that a test may break, to see what the build says about it."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    yield target
