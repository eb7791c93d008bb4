"""Per-sender rate limiting, shared by every worker process through SQLite.

Rows hold a pseudonym, the start of its current window and a count; they are purged soon after
the window ends. Over the limit a sender gets one short notice, then silence until the window ends.
"""

from __future__ import annotations

import sqlite_utils

OK, NOTIFY, SILENT = "ok", "notify", "silent"


def check_rate(db: sqlite_utils.Database, pseudonym: str, now: int, limit: int, window_seconds: int) -> str:
    """Count this message; return OK, NOTIFY (first message over the limit) or SILENT."""
    expired = now - window_seconds
    with db.conn:
        # One atomic statement: concurrent workers cannot both see a stale count.
        count = db.execute(
            "INSERT INTO rate_limits (pseudonym, window_start, count, notified) VALUES (?, ?, 1, 0) "
            "ON CONFLICT (pseudonym) DO UPDATE SET "
            "count = CASE WHEN window_start <= ? THEN 1 ELSE count + 1 END, "
            "notified = CASE WHEN window_start <= ? THEN 0 ELSE notified END, "
            "window_start = CASE WHEN window_start <= ? THEN excluded.window_start ELSE window_start END "
            "RETURNING count",
            [pseudonym, now, expired, expired, expired],
        ).fetchone()[0]
    if count <= limit:
        return OK
    with db.conn:
        claimed = db.execute(
            "UPDATE rate_limits SET notified = 1 WHERE pseudonym = ? AND notified = 0", [pseudonym]
        ).rowcount
    return NOTIFY if claimed else SILENT


def purge_rate_limits(db: sqlite_utils.Database, now: int, window_seconds: int) -> int:
    """Delete rows whose window has ended."""
    with db.conn:
        return db.execute("DELETE FROM rate_limits WHERE window_start <= ?", [now - window_seconds]).rowcount
