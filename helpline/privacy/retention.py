"""Retention: erase what is past its time, in the database and in Rasa's memory.

Runs in-process on a timer (no external scheduler) and by hand as `flask purge`.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time

import sqlite_utils
from flask import Flask

from helpline.dialogue.rate_limit import purge_rate_limits
from helpline.ops.db import open_database
from helpline.privacy.stats import fold_small_counts

logger = logging.getLogger(__name__)


def purge_expired(
    db: sqlite_utils.Database, now: dt.datetime, profile_days: int, dedupe_hours: int, stats_days: int
) -> dict[str, int]:
    """Delete expired rows, then truncate the WAL so deleted rows do not survive in it."""
    today = now.date()
    cutoffs = {
        "profiles": ("DELETE FROM profiles WHERE last_seen < ?", (today - dt.timedelta(days=profile_days)).isoformat()),
        "identity_links": ("DELETE FROM identity_links WHERE last_seen < ?", (today - dt.timedelta(days=profile_days)).isoformat()),
        "processed_messages": (
            "DELETE FROM processed_messages WHERE received_at < ?",
            (now - dt.timedelta(hours=dedupe_hours)).replace(microsecond=0, tzinfo=None).isoformat(),
        ),
        "usage_counts": ("DELETE FROM usage_counts WHERE week < ?", (today - dt.timedelta(days=stats_days)).isoformat()),
    }
    erased = {}
    with db.conn:
        for table, (sql, cutoff) in cutoffs.items():
            erased[table] = db.execute(sql, [cutoff]).rowcount
    erased["small_counts_folded"] = fold_small_counts(db, today)
    # secure_delete zeroes the freed pages; the checkpoint copies them into the main file and
    # empties the -wal file, which would otherwise still hold the old page images.
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return erased


def purge_console(db: sqlite_utils.Database, now: dt.datetime, audit_days: int, signin_window: int) -> dict[str, int]:
    """The console's audit log past its retention, and failed sign-ins past their window."""
    with db.conn:
        audit = db.execute("DELETE FROM console_audit WHERE at < ?", [(now - dt.timedelta(days=audit_days)).isoformat(timespec="seconds")]).rowcount
        failures = db.execute("DELETE FROM console_signin_failures WHERE at <= ?", [int(now.timestamp()) - signin_window]).rowcount
    return {"console_audit": audit, "console_signin_failures": failures}


def purge_everything_expired(app: Flask) -> dict[str, int]:
    """Purge the database and ask Rasa to drop idle conversations."""
    config = app.config
    db = open_database(config["DATABASE_PATH"])
    try:
        erased = purge_expired(
            db,
            dt.datetime.now(dt.timezone.utc),
            config["PROFILE_RETENTION_DAYS"],
            config["DEDUPE_RETENTION_HOURS"],
            config["STATS_RETENTION_DAYS"],
        )
        erased["rate_limits"] = purge_rate_limits(db, int(time.time()), config["RATE_LIMIT_WINDOW_SECONDS"])
        erased.update(purge_console(db, dt.datetime.now(dt.timezone.utc), config["CONSOLE_AUDIT_RETENTION_DAYS"],
                                    config["CONSOLE_SIGNIN_WINDOW_SECONDS"]))
    finally:
        db.conn.close()
    trackers = app.extensions["helpline"].rasa.purge_expired()
    erased["rasa_conversations"] = -1 if trackers is None else trackers
    return erased


def start_purge_timer(app: Flask) -> threading.Thread | None:
    """Purge within a minute of start, then every PURGE_INTERVAL_SECONDS, in a daemon thread
    (0 disables it)."""
    interval = app.config["PURGE_INTERVAL_SECONDS"]
    if interval <= 0:
        return None

    def run() -> None:
        delay = min(interval, 60)  # first purge soon after start, then on the interval
        while True:
            time.sleep(delay)
            delay = interval
            try:
                erased = purge_everything_expired(app)
                logger.info("retention purge: %s", erased)
            except Exception as exc:  # noqa: BLE001 - keep the timer alive; try again next time
                logger.error("retention purge failed: %s", type(exc).__name__)

    thread = threading.Thread(target=run, name="retention-purge", daemon=True)
    thread.start()
    return thread
