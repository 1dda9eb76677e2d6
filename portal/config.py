"""Settings for the portal, from the environment, with the defaults a developer's machine needs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PortalConfig:
    content_dir: Path = ROOT / "content"
    translations_dir: Path = ROOT / "translations"
    build_dir: Path = ROOT / "build" / "site"
    # Where the site will be published; sitemap.xml and hreflang need absolute addresses.
    site_url: str = "http://localhost:8000"
    # Overrides council.yaml's tracker_url when set (the tracker may live on another host).
    tracker_url: str | None = None
    # Generated sample figures (`tracker-demo`), published labelled as sample data, never over real ones.
    sample_performance_dir: Path | None = None
    # What one build keeps for the next (parsed pages, what each file was made from); beside the site.
    cache_dir: Path | None = None

    @property
    def cache(self) -> Path:
        return self.cache_dir or self.build_dir.parent / "cache"

    @classmethod
    def from_env(cls) -> PortalConfig:
        defaults = cls()
        return cls(
            content_dir=Path(os.environ.get("CONTENT_DIR", defaults.content_dir)),
            build_dir=Path(os.environ.get("BUILD_DIR", defaults.build_dir)),
            site_url=os.environ.get("SITE_URL", defaults.site_url).rstrip("/"),
            tracker_url=os.environ.get("TRACKER_URL") or None,
            sample_performance_dir=Path(os.environ["SAMPLE_PERFORMANCE_DIR"])
            if os.environ.get("SAMPLE_PERFORMANCE_DIR")
            else None,
            cache_dir=Path(os.environ["BUILD_CACHE"]) if os.environ.get("BUILD_CACHE") else None,
        )
