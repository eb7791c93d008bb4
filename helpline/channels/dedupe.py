"""Exactly-once handling of Twilio deliveries, keyed on a keyed hash of the MessageSid."""

from __future__ import annotations

import datetime as dt
import sqlite3

import sqlite_utils


def claim_message(db: sqlite_utils.Database, sid_hash: str, now: dt.datetime) -> bool:
    """Record the message id; False if it was already recorded (a retry or a replay).

    A single INSERT on the primary key is atomic across processes: two concurrent deliveries of
    the same message cannot both succeed.
    """
    try:
        with db.conn:
            db.execute(
                "INSERT INTO processed_messages (sid_hash, received_at) VALUES (?, ?)",
                [sid_hash, now.replace(microsecond=0).isoformat()],
            )
    except sqlite3.IntegrityError:
        return False
    return True
