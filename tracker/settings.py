"""The tracker's settings for the running app."""

from __future__ import annotations

from flask import current_app

from .config import TrackerConfig


def tracker_config() -> TrackerConfig:
    found = current_app.extensions["tracker"]
    assert isinstance(found, TrackerConfig)
    return found
