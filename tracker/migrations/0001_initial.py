"""The first schema: cases, their events, form drafts and the outbox."""

from __future__ import annotations

from peewee import Database

from ..models import TABLES


def up(db: Database) -> None:
    with db.bind_ctx(TABLES):
        db.create_tables(TABLES)
