"""What the views read: settings, site data and pages, loaded once when the app is made."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from .config import PortalConfig
from .content import Pages
from .sitedata import SiteData


@dataclass(frozen=True)
class PortalState:
    config: PortalConfig
    site: SiteData
    pages: Pages

    @property
    def tracker_url(self) -> str:
        return (self.config.tracker_url or self.site.council.tracker_url).rstrip("/")


def state(app: Flask | None = None) -> PortalState:
    found = (app or current_app).extensions["portal"]
    assert isinstance(found, PortalState)
    return found
