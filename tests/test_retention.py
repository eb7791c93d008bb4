"""Retention purge, secure deletion, statistics suppression, privacy page, key rotation."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from helpline.ops.db import open_database
from helpline.privacy.retention import purge_expired
from helpline.privacy.stats import count_topic, fold_small_counts
from helpline.privacy.stats_export import export_counts
from tests.conftest import SENDER, twilio_post

NOW = dt.datetime(2026, 11, 22, 12, 0, 0)


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "helpline.db")
    yield database
    database.conn.close()


def test_purge_removes_only_rows_past_retention(db):
    db["profiles"].insert_all([
        {"pseudonym": "old" + "0" * 61, "language": "es", "state": "TX", "opted_out": 0, "last_seen": "2026-08-01"},
        {"pseudonym": "new" + "0" * 61, "language": "en", "state": "", "opted_out": 0, "last_seen": "2026-11-20"},
    ])
    db["processed_messages"].insert_all([
        {"sid_hash": "a" * 64, "received_at": "2026-11-19T12:00:00"},
        {"sid_hash": "b" * 64, "received_at": "2026-11-22T11:00:00"},
    ])
    erased = purge_expired(db, NOW, profile_days=90, dedupe_hours=48, stats_days=730)
    assert erased["profiles"] == 1 and erased["processed_messages"] == 1
    assert [r["pseudonym"][:3] for r in db["profiles"].rows] == ["new"]
    assert [r["sid_hash"][0] for r in db["processed_messages"].rows] == ["b"]


def test_purged_rows_leave_no_trace_in_the_file_or_wal(tmp_path, db):
    marker = "f00dcafe" * 8
    db["profiles"].insert({"pseudonym": marker, "language": "es", "state": "GA", "opted_out": 0, "last_seen": "2025-01-01"})
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    purge_expired(db, NOW, profile_days=90, dedupe_hours=48, stats_days=730)
    raw = (tmp_path / "helpline.db").read_bytes()
    wal = tmp_path / "helpline.db-wal"
    assert marker.encode() not in raw
    assert not wal.exists() or wal.stat().st_size == 0


def test_stats_export_suppresses_counts_below_five(db):
    day = dt.date(2026, 11, 22)  # a Sunday: its week starts on Monday 2026-11-16
    for _ in range(7):
        count_topic(db, day, "license_eligibility", "TX", "es")
    count_topic(db, day, "facial_recognition", "VT", "en")
    csv_text = export_counts(db)
    assert "2026-11-16,topic,license_eligibility,7" in csv_text
    assert "2026-11-16,state,TX,7" in csv_text
    assert "2026-11-16,state,VT,<5" in csv_text and "2026-11-16,topic,facial_recognition,<5" in csv_text


def test_counts_are_stored_as_marginals_so_no_row_joins_topic_state_and_language(db):
    count_topic(db, dt.date(2026, 11, 22), "facial_recognition", "VT", "en")
    rows = {(r["dimension"], r["value"]): r["count"] for r in db["usage_counts"].rows}
    assert rows == {("topic", "facial_recognition"): 1, ("state", "VT"): 1, ("language", "en"): 1}


def test_a_finished_week_keeps_no_count_below_five(db):
    for _ in range(6):
        count_topic(db, dt.date(2026, 11, 17), "license_eligibility", "TX", "es")
    count_topic(db, dt.date(2026, 11, 18), "facial_recognition", "VT", "en")
    count_topic(db, dt.date(2026, 11, 24), "facial_recognition", "VT", "en")  # the current week
    assert fold_small_counts(db, dt.date(2026, 11, 25)) == 3
    past = {(r["dimension"], r["value"]): r["count"] for r in db["usage_counts"].rows_where("week = '2026-11-16'")}
    assert past == {("topic", "license_eligibility"): 6, ("topic", "other"): 1, ("state", "TX"): 6,
                    ("state", "other"): 1, ("language", "es"): 6, ("language", "other"): 1}
    current = {(r["dimension"], r["value"]) for r in db["usage_counts"].rows_where("week = '2026-11-23'")}
    assert ("state", "VT") in current  # the week in progress is folded only once it ends


def test_privacy_page_quotes_the_configured_retention(tmp_path, rasa_server):
    from tests.conftest import make_app

    app = make_app(tmp_path, rasa_server.url, rasa_server.token, PROFILE_RETENTION_DAYS=30, RASA_TRACKER_TTL_SECONDS=7200)
    client = app.test_client()
    english = client.get("/privacy").get_data(as_text=True)
    spanish = client.get("/privacy?lang=es").get_data(as_text=True)
    assert "30 days" in english and "2 hours" in english and "never store your phone number" in english
    assert "30 días" in spanish and "2 horas" in spanish


def test_privacy_answer_quotes_the_configured_retention(tmp_path, rasa_server):
    from tests.conftest import make_app, twiml_messages

    app = make_app(tmp_path, rasa_server.url, rasa_server.token, PROFILE_RETENTION_DAYS=45)
    body = twiml_messages(twilio_post(app.test_client(), "9"))[0]
    assert "45 days" in body and "{" not in body


def test_logs_carry_no_number_or_message_text(client, caplog):
    caplog.set_level(logging.DEBUG)
    canary = "CANARYLOG7731"
    twilio_post(client, f"can I get a license in Utah? {canary}", extra={"FromCity": "SPRINGFIELD", "ProfileName": "Maria"})
    twilio_post(client, "DELETE")
    text = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (canary, SENDER, SENDER[2:], "SPRINGFIELD", "Maria"):
        assert secret not in text


def test_app_refuses_to_start_without_a_strong_key(tmp_path):
    from tests.conftest import make_app

    with pytest.raises(RuntimeError, match="HELPLINE_SECRET_KEY"):
        make_app(tmp_path, "http://127.0.0.1:9", "x" * 32, HELPLINE_SECRET_KEY=None)
    with pytest.raises(RuntimeError, match="128 bits"):
        make_app(tmp_path, "http://127.0.0.1:9", "x" * 32, HELPLINE_SECRET_KEY="abcd")


def test_key_rotation_makes_old_profiles_unlinkable(tmp_path, rasa_server):
    from tests.conftest import make_app

    app = make_app(tmp_path, rasa_server.url, rasa_server.token)
    app.instance_path = str(tmp_path / "instance")
    twilio_post(app.test_client(), "I live in Texas")
    result = app.test_cli_runner().invoke(args=["rotate-key", "--yes"])
    assert result.exit_code == 0, result.output
    key_text = Path(app.config["HELPLINE_KEY_FILE"]).read_text()
    assert len(bytes.fromhex(key_text.strip())) == 32
    assert Path(app.config["HELPLINE_KEY_FILE"]).stat().st_mode & 0o077 == 0
    assert open_database(app.config["DATABASE_PATH"])["profiles"].count == 0


def test_the_key_is_read_from_its_own_file_outside_the_database_folder(tmp_path):
    from helpline import DEFAULT_KEY_FILE, REPO_ROOT
    from tests.conftest import make_app

    key_file = tmp_path / "secrets" / "helpline.key"
    key_file.parent.mkdir()
    key_file.write_text("ab" * 32 + "\n")
    app = make_app(tmp_path / "data", "http://127.0.0.1:9", "x" * 32, HELPLINE_SECRET_KEY=None,
                   HELPLINE_KEY_FILE=str(key_file))
    assert app.extensions["helpline"].secret_key == bytes.fromhex("ab" * 32)
    # The shipped default keeps the key out of instance/, the database folder.
    assert DEFAULT_KEY_FILE.parent == REPO_ROOT / "secrets"
