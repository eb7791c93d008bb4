"""The schema's migrations: a new database gets every table; an old one is upgraded safely."""

from __future__ import annotations

import sqlite3

from helpline.ops.db import open_database
from helpline.ops.schema import migrations


def test_a_new_database_gets_every_table_and_records_each_migration(tmp_path):
    db = open_database(tmp_path / "new.db")
    assert {"profiles", "processed_messages", "rate_limits", "usage_counts", "identity_links"} <= set(db.table_names())
    assert [m.name for m in migrations.applied(db)] == [m.name for m in migrations._migrations]
    assert migrations.pending(db) == []


def test_a_database_from_before_migrations_is_upgraded_and_its_old_keys_erased(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE profiles (pseudonym TEXT PRIMARY KEY, language TEXT, state TEXT, opted_out INTEGER, last_seen TEXT);"
        "INSERT INTO profiles VALUES ('" + "a" * 64 + "', 'es', 'TX', 0, '2026-11-01');"
        "CREATE TABLE processed_messages (sid_hash TEXT PRIMARY KEY, received_at TEXT);"
        "CREATE TABLE rate_limits (pseudonym TEXT PRIMARY KEY, window_start INTEGER, count INTEGER, notified INTEGER);"
        "CREATE TABLE daily_counts (day TEXT, topic TEXT, state TEXT, language TEXT, count INTEGER);"
        "INSERT INTO daily_counts VALUES ('2026-11-01', 'license_eligibility', 'WY', 'es', 1);"
    )
    conn.commit()
    conn.close()
    db = open_database(path)
    assert db["profiles"].count == 0  # keyed by plain-HMAC pseudonyms that can never match again
    assert "daily_counts" not in db.table_names() and "usage_counts" in db.table_names()
    assert {"awaiting_state", "restart_hint_day"} <= set(db["profiles"].columns_dict)
    assert b"a" * 64 not in path.read_bytes()


def test_opening_an_up_to_date_database_changes_nothing(tmp_path):
    db = open_database(tmp_path / "h.db")
    db.execute("INSERT INTO profiles (pseudonym, language, state, opted_out, awaiting_state, last_seen) "
               "VALUES ('p', 'en', 'WA', 0, 0, '2026-12-01')")
    db.conn.commit()
    assert open_database(tmp_path / "h.db")["profiles"].count == 1
