"""Sender profiles keyed by pseudonym: preferred language, state, opt-out, last day seen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils


@dataclass
class Profile:
    """What the helpline remembers about one pseudonymous sender."""

    pseudonym: str
    language: str | None = None
    state: str | None = None
    opted_out: bool = False
    is_new: bool = True


def load_profile(db: sqlite_utils.Database, pseudonym: str) -> Profile:
    """The sender's profile, or a new empty one."""
    rows = list(db["profiles"].rows_where("pseudonym = ?", [pseudonym]))
    if not rows:
        return Profile(pseudonym)
    row = rows[0]
    return Profile(pseudonym, row["language"] or None, row["state"] or None, bool(row["opted_out"]), False)


def save_profile(db: sqlite_utils.Database, profile: Profile, today: dt.date) -> None:
    """Store the profile; last_seen keeps only the day, not the time of the message."""
    db["profiles"].upsert(
        {
            "pseudonym": profile.pseudonym,
            "language": profile.language or "",
            "state": profile.state or "",
            "opted_out": int(profile.opted_out),
            "last_seen": today.isoformat(),
        },
        pk="pseudonym",
    )


def erase_profile(db: sqlite_utils.Database, pseudonym: str) -> bool:
    """Delete the sender's profile; return whether one existed."""
    with db.conn:
        cursor = db.execute("DELETE FROM profiles WHERE pseudonym = ?", [pseudonym])
    return cursor.rowcount > 0
