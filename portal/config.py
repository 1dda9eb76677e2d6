"""Portal settings: each has a name, a default and help, read from the environment (see the README)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from sitekit.paths import BUILT_SITE, CONTENT, TRANSLATIONS


def setting(default: Any, help: str, env: str | None = None) -> Any:
    """A setting with its default and help; `env` names the variable when it is not the field's name."""
    return field(default=default, metadata={"help": help, "env": env})


def env_name(item: Any) -> str:
    return str(item.metadata.get("env") or item.name.upper())


@dataclass(frozen=True)
class PortalConfig:
    content_dir: Path = setting(CONTENT, "where the content is read from")
    translations_dir: Path = setting(TRANSLATIONS, "the shared catalogue")
    build_dir: Path = setting(BUILT_SITE, "where the site is written")
    site_url: str = setting(
        "http://localhost:8000",
        "where the site is published (sitemap.xml and hreflang need absolute addresses)",
    )
    tracker_url: str | None = setting(
        None,
        "where 'complain online' and 'check your complaint' lead; unset: tracker_url in council.yaml",
    )
    sample_performance_dir: Path | None = setting(
        None,
        "generated sample figures (`tracker-demo`), published labelled as sample data, never over real ones",
    )
    cache_dir: Path | None = setting(
        None,
        "what one build keeps for the next (parsed pages, what each file was made from); unset: "
        "cache/ beside the site",
        env="BUILD_CACHE",
    )
    build_workers: int | None = setting(
        None, "how many processes parse and freeze pages; unset: every core (read by portal.parallel)"
    )

    @property
    def cache(self) -> Path:
        return self.cache_dir or self.build_dir.parent / "cache"

    @classmethod
    def from_env(cls) -> PortalConfig:
        values: dict[str, object] = {}
        for item in fields(cls):
            raw = os.environ.get(env_name(item))
            if not raw:
                continue
            if item.name == "site_url":
                values[item.name] = raw.rstrip("/")
            elif item.type == "int | None":
                values[item.name] = max(1, int(raw))
            elif item.type in ("Path", "Path | None"):
                values[item.name] = Path(raw)
            else:
                values[item.name] = raw
        return cls(**values)  # type: ignore[arg-type]

    @classmethod
    def documented(cls) -> list[tuple[str, object, str]]:
        return [(env_name(item), item.default, item.metadata["help"]) for item in fields(cls)]
