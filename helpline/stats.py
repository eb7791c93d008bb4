"""Anonymous daily counts (day x topic x state x language); no per-sender rows."""

from __future__ import annotations

import datetime as dt

import sqlite_utils

# Counts below this are hidden when shown or exported, so a rare combination can't single anyone out.
MIN_REPORTED_COUNT = 5


def count_topic(db: sqlite_utils.Database, day: dt.date, topic: str, state: str | None, language: str) -> None:
    """Add one to the day's count for this topic, state and language."""
    with db.conn:
        db.execute(
            "INSERT INTO daily_counts (day, topic, state, language, count) VALUES (?, ?, ?, ?, 1) "
            "ON CONFLICT (day, topic, state, language) DO UPDATE SET count = count + 1",
            [day.isoformat(), topic, state or "", language],
        )
