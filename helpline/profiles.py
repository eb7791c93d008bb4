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
    # The last reply asked "which state?": a bare "ok" or "pa" now means Oklahoma or Pennsylvania.
    awaiting_state: bool = False


def load_profile(db: sqlite_utils.Database, pseudonym: str) -> Profile:
    """The sender's profile, or a new empty one."""
    row = db.execute(
        "SELECT language, state, opted_out, awaiting_state FROM profiles WHERE pseudonym = ?", [pseudonym]
    ).fetchone()
    if row is None:
        return Profile(pseudonym)
    language, state, opted_out, awaiting_state = row
    return Profile(pseudonym, language or None, state or None, bool(opted_out), bool(awaiting_state))


def save_profile(db: sqlite_utils.Database, profile: Profile, today: dt.date) -> None:
    """Store the profile; last_seen keeps only the day, not the time of the message."""
    # Plain SQL rather than Table.upsert: upsert introspects the table on every call, which was
    # the largest cost of a message after Rasa itself (see docs/benchmark.md).
    with db.conn:
        db.execute(
            "INSERT INTO profiles (pseudonym, language, state, opted_out, awaiting_state, last_seen) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (pseudonym) DO UPDATE SET language = excluded.language, "
            "state = excluded.state, opted_out = excluded.opted_out, awaiting_state = excluded.awaiting_state, "
            "last_seen = excluded.last_seen",
            [profile.pseudonym, profile.language or "", profile.state or "", int(profile.opted_out),
             int(profile.awaiting_state), today.isoformat()],
        )


def erase_profile(db: sqlite_utils.Database, pseudonym: str) -> bool:
    """Delete the sender's profile; return whether one existed."""
    with db.conn:
        cursor = db.execute("DELETE FROM profiles WHERE pseudonym = ?", [pseudonym])
    return cursor.rowcount > 0
