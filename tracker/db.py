"""One database handle, bound in the app factory: SQLite by default, PostgreSQL in production."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from peewee import Database, DatabaseProxy, SqliteDatabase
from playhouse.db_url import connect

database = DatabaseProxy()
POOL_SIZE = 8  # connections per worker process


def open_database(url: str) -> Database:
    """A peewee database for `url`; SQLite files are created with their folder, in WAL mode."""
    if url.startswith("sqlite:///"):
        path = Path(urlsplit(url).path)
        if str(path) != "/:memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteDatabase(
            str(path),
            pragmas={"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000, "synchronous": "normal"},
        )
    if url.startswith(("postgres://", "postgresql://")):
        # A pool per worker: opening a PostgreSQL connection for every request costs more than the request.
        pooled = re.sub(r"^postgres(ql)?://", "postgresql+pool://", url)
        db: Database = connect(pooled, max_connections=POOL_SIZE, stale_timeout=300, timeout=10)
        return db
    raise ValueError(f"DATABASE_URL must be sqlite:///path or postgresql://…, not '{url.split(':')[0]}:…'")


def bind(url: str) -> Database:
    earlier = database.obj
    if isinstance(earlier, SqliteDatabase) and not earlier.is_closed():
        earlier.close()  # kept open between requests (below): not past the handle that replaces it
    db = open_database(url)
    database.initialize(db)
    return db


def init_app(app: Flask, url: str) -> None:
    # peewee logs every query with its parameters at DEBUG: residents' details. Never below INFO.
    logging.getLogger("peewee").setLevel(logging.INFO)
    bind(url)

    @app.before_request
    def connect_db() -> None:
        db = database.obj
        if isinstance(db, SqliteDatabase) and not db.is_closed() and _opened_in.get(id(db)) != os.getpid():
            db._state.reset()  # type: ignore[attr-defined]  # opened before a fork: the parent's, unused here
        database.connect(reuse_if_open=True)
        _opened_in[id(database.obj)] = os.getpid()

    @app.teardown_request
    def close_db(exc: BaseException | None) -> None:
        if database.is_closed():
            return
        if isinstance(database.obj, SqliteDatabase):
            # Kept open for the next request in this worker: opening a SQLite file and setting its pragmas
            # costs more than a status lookup's query (issue 15). Nothing carries over: any transaction a
            # failed request left open is rolled back.
            connection = database.obj.connection()  # type: ignore[no-untyped-call]
            if connection.in_transaction:
                connection.rollback()
            return
        database.close()  # PostgreSQL: back to the worker's pool


_opened_in: dict[int, int] = {}  # id of a SQLite handle: the process that opened its connection
