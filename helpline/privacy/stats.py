"""Anonymous usage counts that cannot single anyone out.

Stored as weekly marginals: (week, "topic", value), (week, "state", value), (week, "language",
value), never the joint day x topic x state x language that let one rare combination point at one
person. When a week ends, every value counted fewer than 5 times is folded into "other", so no past
week keeps a small count; only the week in progress holds raw marginals.
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils

# Counts below this are never kept for a finished week, nor shown for the current one.
MIN_REPORTED_COUNT = 5
DIMENSIONS = ("topic", "state", "language")
OTHER = "other"


def week_of(day: dt.date) -> str:
    """The Monday that starts the day's ISO week, as YYYY-MM-DD."""
    return (day - dt.timedelta(days=day.weekday())).isoformat()


def count_topic(db: sqlite_utils.Database, day: dt.date, topic: str, state: str | None, language: str) -> None:
    """Add one to this week's count of the topic, of the state and of the language, separately."""
    week = week_of(day)
    rows = [(week, "topic", topic), (week, "state", state or "none"), (week, "language", language)]
    with db.conn:
        db.conn.executemany(
            "INSERT INTO usage_counts (week, dimension, value, count) VALUES (?, ?, ?, 1) "
            "ON CONFLICT (week, dimension, value) DO UPDATE SET count = count + 1",
            rows,
        )


def fold_small_counts(db: sqlite_utils.Database, today: dt.date) -> int:
    """Fold every finished week's counts below MIN_REPORTED_COUNT into "other"; return how many
    rows were folded."""
    current = week_of(today)
    with db.conn:
        small = db.execute(
            "SELECT week, dimension, value, count FROM usage_counts WHERE week < ? AND count < ? AND value != ?",
            [current, MIN_REPORTED_COUNT, OTHER],
        ).fetchall()
        for week, dimension, value, count in small:
            db.execute("DELETE FROM usage_counts WHERE week = ? AND dimension = ? AND value = ?", [week, dimension, value])
            db.execute(
                "INSERT INTO usage_counts (week, dimension, value, count) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (week, dimension, value) DO UPDATE SET count = count + excluded.count",
                [week, dimension, OTHER, count],
            )
    return len(small)
