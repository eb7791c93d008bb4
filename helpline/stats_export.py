"""`flask stats`: the anonymous daily counts, with small counts suppressed."""

from __future__ import annotations

import csv
import io

import sqlite_utils

from helpline.stats import MIN_REPORTED_COUNT

SUPPRESSED = f"<{MIN_REPORTED_COUNT}"


def export_counts(db: sqlite_utils.Database, since: str | None = None) -> str:
    """CSV of day, topic, state, language, count; any count below 5 is shown as "<5"."""
    where, params = ("day >= ?", [since]) if since else (None, None)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["day", "topic", "state", "language", "count"])
    for row in db["daily_counts"].rows_where(where, params, order_by="day, topic, state, language"):
        count = row["count"] if row["count"] >= MIN_REPORTED_COUNT else SUPPRESSED
        writer.writerow([row["day"], row["topic"], row["state"], row["language"], count])
    return out.getvalue()
