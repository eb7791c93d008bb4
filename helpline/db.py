"""The one SQLite file: sender profiles, processed message ids, rate-limit windows, anonymous
daily counts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils
from flask import Flask, current_app, g

BUSY_TIMEOUT_MS = 5000


def open_database(path: str | Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> sqlite_utils.Database:
    """Open the database with the settings privacy and concurrency need, creating tables."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=busy_timeout_ms / 1000, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    # Deleted rows are overwritten with zeros instead of lingering in free pages.
    db.execute("PRAGMA secure_delete = ON")
    # Workers wait for each other's short write transactions instead of failing at once.
    db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    db.enable_wal()
    ensure_schema(db)
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create the tables if they do not exist. No column ever holds a number or a message."""
    if "profiles" not in db.table_names():
        db["profiles"].create(
            {"pseudonym": str, "language": str, "state": str, "opted_out": int, "last_seen": str},
            pk="pseudonym",
            if_not_exists=True,
        )
    if "processed_messages" not in db.table_names():
        db["processed_messages"].create(
            {"sid_hash": str, "received_at": str}, pk="sid_hash", if_not_exists=True
        )
    if "rate_limits" not in db.table_names():
        db["rate_limits"].create(
            {"pseudonym": str, "window_start": int, "count": int, "notified": int}, pk="pseudonym", if_not_exists=True
        )
    if "daily_counts" not in db.table_names():
        db["daily_counts"].create(
            {"day": str, "topic": str, "state": str, "language": str, "count": int},
            pk=("day", "topic", "state", "language"),
            if_not_exists=True,
        )


def get_db() -> sqlite_utils.Database:
    """The request's database handle, opened on first use (after any gunicorn fork)."""
    if "db" not in g:
        g.db = open_database(current_app.config["DATABASE_PATH"], current_app.config["DATABASE_BUSY_TIMEOUT_MS"])
    return g.db


def close_db(exc: BaseException | None = None) -> None:
    """Close the request's database handle."""
    db = g.pop("db", None)
    if db is not None:
        db.conn.close()


def init_app(app: Flask) -> None:
    """Register the teardown that closes the handle."""
    app.teardown_appcontext(close_db)
