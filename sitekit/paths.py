"""The project's folders, for both apps' defaults."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
TRANSLATIONS = ROOT / "translations"
BUILT_SITE = ROOT / "build" / "site"  # where portal-build writes and tracker-serve reads (BUILD_DIR)
