"""What the views read: settings, site data and pages, loaded once when the app is made."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app

from sitekit.sitedata import SiteData

from .config import PortalConfig
from .content import Pages
from .performance import Publication


@dataclass(frozen=True)
class PortalState:
    config: PortalConfig
    site: SiteData
    pages: Pages
    publications: list[Publication] = field(default_factory=list)
    self_assessment: list[Any] = field(
        default_factory=list
    )  # annual.Provision, one per provision of the Code
    annual_reports: list[Any] = field(default_factory=list)  # annual.AnnualReport, one per complete year
    annual_texts: dict[str, Any] = field(default_factory=dict)  # annual.YearText, by the year's slug

    @property
    def by_period(self) -> dict[str, Publication]:
        return {publication.period.id: publication for publication in self.publications}

    @property
    def tracker_url(self) -> str:
        return (self.config.tracker_url or self.site.council.tracker_url).rstrip("/")


def state(app: Flask | None = None) -> PortalState:
    found = (app or current_app).extensions["portal"]
    assert isinstance(found, PortalState)
    return found
