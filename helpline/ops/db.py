"""The one SQLite file: sender profiles, processed message ids, rate-limit windows, anonymous
daily counts."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

import sqlite_utils
from flask import Flask, current_app

from helpline.ops.schema import apply_migrations

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
    apply_migrations(db)
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
