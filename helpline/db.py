"""The one SQLite file: sender profiles, processed message ids, rate-limit windows, anonymous
daily counts."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

import sqlite_utils
from flask import Flask, current_app

BUSY_TIMEOUT_MS = 5000


def open_database(path: str | Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> sqlite_utils.Database:
    """Open the database with the settings privacy and concurrency need, creating tables."""
    Path(path).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    restrict_file(Path(path))
    conn = sqlite3.connect(str(path), timeout=busy_timeout_ms / 1000, check_same_thread=False)
    db = sqlite_utils.Database(conn)
    # Deleted rows are overwritten with zeros instead of lingering in free pages.
    db.execute("PRAGMA secure_delete = ON")
    # Workers wait for each other's short write transactions instead of failing at once.
    db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    db.enable_wal()
    # With WAL, NORMAL loses at most the last commits on power loss (never corrupts) and skips an
    # fsync per commit; nothing here needs more durability than that.
    db.execute("PRAGMA synchronous = NORMAL")
    ensure_schema(db)
    return db


def restrict_file(path: Path) -> None:
    """Create the database file 0600 (SQLite gives its -wal and -shm files the same mode), and
    tighten files an older version left 0644."""
    if str(path) == ":memory:":
        return
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if candidate.exists():
            candidate.chmod(0o600)


SCHEMA_VERSION = 2


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create the tables if they do not exist. No column ever holds a number or a message."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if "profiles" not in db.table_names():
        db["profiles"].create(
            {"pseudonym": str, "language": str, "state": str, "opted_out": int, "awaiting_state": int,
             "last_seen": str, "restart_hint_day": str},
            pk="pseudonym",
            if_not_exists=True,
        )
    for column in ("awaiting_state", "restart_hint_day"):
        if column not in db["profiles"].columns_dict:
            db["profiles"].add_column(column, int if column == "awaiting_state" else str)
    if "processed_messages" not in db.table_names():
        db["processed_messages"].create(
            {"sid_hash": str, "received_at": str}, pk="sid_hash", if_not_exists=True
        )
    if "rate_limits" not in db.table_names():
        db["rate_limits"].create(
            {"pseudonym": str, "window_start": int, "count": int, "notified": int}, pk="pseudonym", if_not_exists=True
        )
    if "identity_links" not in db.table_names():
        # A WhatsApp user id seen with a phone number (both pseudonymised), so either finds the profile.
        db["identity_links"].create({"alias": str, "pseudonym": str, "last_seen": str}, pk="alias", if_not_exists=True)
    if "usage_counts" not in db.table_names():
        db["usage_counts"].create(
            {"week": str, "dimension": str, "value": str, "count": int},
            pk=("week", "dimension", "value"),
            if_not_exists=True,
        )
    if version < SCHEMA_VERSION:
        _upgrade_to_v2(db)


def _upgrade_to_v2(db: sqlite_utils.Database) -> None:
    """Version 2 changed the pseudonym scheme (HMAC + scrypt) and the counts (weekly marginals).

    Rows keyed by old pseudonyms can never match a sender again, and the old joint daily counts
    could single people out: both are erased rather than kept to expire."""
    with db.conn:
        db.execute("DELETE FROM profiles")
        db.execute("DELETE FROM rate_limits")
        if "daily_counts" in db.table_names():
            db.execute("DROP TABLE daily_counts")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


_local = threading.local()


def get_db() -> sqlite_utils.Database:
    """This thread's database handle, opened on first use after any gunicorn fork and then reused:
    opening a connection (pragmas, schema check) costs more than the queries of a whole message."""
    key = (os.getpid(), current_app.config["DATABASE_PATH"])
    handles = getattr(_local, "handles", None)
    if handles is None:
        handles = _local.handles = {}
    db = handles.get(key)
    if db is None:
        db = open_database(key[1], current_app.config["DATABASE_BUSY_TIMEOUT_MS"])
        handles[key] = db
    return db


def close_thread_handles() -> None:
    """Close this thread's handles (tests and CLI commands that finish with the database)."""
    for db in getattr(_local, "handles", {}).values():
        db.conn.close()
    _local.handles = {}


def init_app(app: Flask) -> None:
    """Nothing to register per request: handles live per thread."""
