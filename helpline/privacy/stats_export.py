"""`flask stats`: the anonymous weekly counts, with small counts suppressed."""

from __future__ import annotations

import csv
import io

import sqlite_utils

from helpline.privacy.stats import MIN_REPORTED_COUNT

SUPPRESSED = f"<{MIN_REPORTED_COUNT}"


def export_counts(db: sqlite_utils.Database, since: str | None = None) -> str:
    """CSV of week, dimension (topic, state or language), value, count; below 5 shows as "<5"."""
    where, params = ("week >= ?", [since]) if since else (None, None)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["week", "dimension", "value", "count"])
    for row in db["usage_counts"].rows_where(where, params, order_by="week, dimension, value"):
        count = row["count"] if row["count"] >= MIN_REPORTED_COUNT else SUPPRESSED
        writer.writerow([row["week"], row["dimension"], row["value"], count])
    return out.getvalue()
