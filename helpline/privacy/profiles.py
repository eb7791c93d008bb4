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
    # The day an opted-out sender was last told how to restart: at most one such line a day.
    restart_hint_day: str | None = None
    # "hant" when they write Chinese in Traditional characters (helpline.rendering.scripts).
    script: str | None = None


def load_profile(db: sqlite_utils.Database, pseudonym: str) -> Profile:
    """The sender's profile, or a new empty one."""
    row = db.execute(
        "SELECT language, state, opted_out, awaiting_state, restart_hint_day, script FROM profiles WHERE pseudonym = ?",
        [pseudonym],
    ).fetchone()
    if row is None:
        return Profile(pseudonym)
    language, state, opted_out, awaiting_state, hint_day, script = row
    return Profile(pseudonym, language or None, state or None, bool(opted_out), bool(awaiting_state), hint_day or None,
                   script or None)


def save_profile(db: sqlite_utils.Database, profile: Profile, today: dt.date) -> None:
    """Store the profile; last_seen keeps only the day, not the time of the message."""
    # Plain SQL rather than Table.upsert: upsert introspects the table on every call, which was
    # the largest cost of a message after Rasa itself (see docs/benchmark.md).
    with db.conn:
        db.execute(
            "INSERT INTO profiles (pseudonym, language, state, opted_out, awaiting_state, last_seen, restart_hint_day, script) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (pseudonym) DO UPDATE SET language = excluded.language, "
            "state = excluded.state, opted_out = excluded.opted_out, awaiting_state = excluded.awaiting_state, "
            "last_seen = excluded.last_seen, restart_hint_day = excluded.restart_hint_day, script = excluded.script",
            [profile.pseudonym, profile.language or "", profile.state or "", int(profile.opted_out),
             int(profile.awaiting_state), today.isoformat(), profile.restart_hint_day or "", profile.script or ""],
        )


def link_alias(db: sqlite_utils.Database, alias: str, pseudonym: str, today: dt.date | None = None) -> None:
    """Remember that a WhatsApp user id (pseudonymised) belongs to a phone number's profile."""
    with db.conn:
        db.execute(
            "INSERT INTO identity_links (alias, pseudonym, last_seen) VALUES (?, ?, ?) "
            "ON CONFLICT (alias) DO UPDATE SET pseudonym = excluded.pseudonym, last_seen = excluded.last_seen",
            [alias, pseudonym, (today or dt.date.today()).isoformat()],
        )


def linked_pseudonym(db: sqlite_utils.Database, alias: str) -> str | None:
    """The profile pseudonym a WhatsApp user id was linked to, if any."""
    row = db.execute("SELECT pseudonym FROM identity_links WHERE alias = ?", [alias]).fetchone()
    return row[0] if row else None


def erase_profile(db: sqlite_utils.Database, pseudonym: str) -> bool:
    """Delete every row keyed by the sender (profile and rate-limit window), then empty the WAL so
    neither the database file nor its -wal file keeps the pseudonym; return whether a profile existed."""
    with db.conn:
        cursor = db.execute("DELETE FROM profiles WHERE pseudonym = ?", [pseudonym])
        db.execute("DELETE FROM rate_limits WHERE pseudonym = ?", [pseudonym])
        db.execute("DELETE FROM identity_links WHERE pseudonym = ? OR alias = ?", [pseudonym, pseudonym])
    # secure_delete has zeroed the freed cells; the checkpoint writes those pages into the main file
    # and truncates the -wal, which would otherwise still hold the old page images.
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return cursor.rowcount > 0
