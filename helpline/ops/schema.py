"""The database schema, as sqlite-utils migrations applied in order when a handle opens.

No column ever holds a phone number or a message. A migration that changes how people are keyed
erases the rows keyed the old way rather than keeping data that can never be matched again.
"""

from __future__ import annotations

import sqlite3

import sqlite_utils
from sqlite_utils.migrations import Migrations

migrations = Migrations("helpline")


@migrations()
def m001_initial_tables(db: sqlite_utils.Database) -> None:
    """Profiles, processed message ids, rate-limit windows (as first shipped)."""
    db["profiles"].create(
        {"pseudonym": str, "language": str, "state": str, "opted_out": int, "awaiting_state": int, "last_seen": str},
        pk="pseudonym", if_not_exists=True,
    )
    if "awaiting_state" not in db["profiles"].columns_dict:
        db["profiles"].add_column("awaiting_state", int)
    db["processed_messages"].create({"sid_hash": str, "received_at": str}, pk="sid_hash", if_not_exists=True)
    db["rate_limits"].create({"pseudonym": str, "window_start": int, "count": int, "notified": int},
                             pk="pseudonym", if_not_exists=True)


@migrations()
def m002_slow_pseudonyms_and_weekly_marginal_counts(db: sqlite_utils.Database) -> None:
    """Pseudonyms became HMAC + scrypt, so rows keyed by the old ones are erased; the joint daily
    counts (day x topic x state x language) could single people out and become weekly marginals."""
    if "restart_hint_day" not in db["profiles"].columns_dict:
        db["profiles"].add_column("restart_hint_day", str)
    db.execute("DELETE FROM profiles")
    db.execute("DELETE FROM rate_limits")
    if "daily_counts" in db.table_names():
        db["daily_counts"].drop()
    db["usage_counts"].create({"week": str, "dimension": str, "value": str, "count": int},
                              pk=("week", "dimension", "value"), if_not_exists=True)


@migrations()
def m003_whatsapp_identity_links(db: sqlite_utils.Database) -> None:
    """A WhatsApp user id seen with a phone number (both pseudonymised), so either finds the profile."""
    db["identity_links"].create({"alias": str, "pseudonym": str, "last_seen": str}, pk="alias", if_not_exists=True)


@migrations()
def m004_profile_script(db: sqlite_utils.Database) -> None:
    """The writing system a sender uses within their language (Traditional Chinese), so "1" or
    "MORE" is answered in the same script as their last question."""
    if "script" not in db["profiles"].columns_dict:
        db["profiles"].add_column("script", str)


@migrations()
def m005_organizer_console(db: sqlite_utils.Database) -> None:
    """Organizer accounts (name and scrypt hash only), failed sign-ins by keyed hash for the rate
    limit, and the audit log of content edits (organizer, time, file, section; never user data)."""
    db["organizers"].create({"name": str, "password_hash": str, "created": str}, pk="name", if_not_exists=True)
    db["console_signin_failures"].create({"key": str, "at": int}, if_not_exists=True)
    db["console_audit"].create({"at": str, "organizer": str, "action": str, "file": str, "section": str}, if_not_exists=True)


def apply_migrations(db: sqlite_utils.Database) -> None:
    """Bring the schema up to date; another worker migrating at the same moment is fine."""
    if not migrations.pending(db):
        return
    try:
        migrations.apply(db)
    except (sqlite3.IntegrityError, sqlite3.OperationalError):
        # A worker that started at the same time applied it first; what is left (if anything) now.
        migrations.apply(db)
    # Erased rows must not survive in the WAL either.
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
