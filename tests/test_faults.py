"""Fault drills: Rasa dead, stalled, killed or answering garbage; a broken database; a corrupt
content file; the rate limit. Every authentic message still gets 200 and a useful TwiML reply."""

from __future__ import annotations

import secrets
import shutil
import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from helpline.dialogue.rasa_client import CircuitBreaker
from tests.conftest import make_app, twilio_post, twiml_messages
from tooling.rasa_server import RasaServer, free_port

REPO = Path(__file__).resolve().parent.parent
DEADLINE_SECONDS = 8  # the bound; Twilio itself gives up at 15 s


class StubRasa(BaseHTTPRequestHandler):
    """A fake Rasa on loopback: stalls, or answers garbage, and counts the calls it gets."""

    mode = "garbage"
    stall_seconds = 20.0
    calls = 0

    def do_GET(self):  # noqa: N802
        self._answer()

    def do_POST(self):  # noqa: N802
        self._answer()

    def _answer(self):
        StubRasa.calls += 1
        if StubRasa.mode == "stall":
            time.sleep(StubRasa.stall_seconds)
        body = b"<html>not json</html>" if StubRasa.mode == "garbage" else b'{"messages": "nope"}'
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def stub_rasa():
    StubRasa.calls = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), StubRasa)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def reply_to(app, text, sender="+12025550123"):
    response = twilio_post(app.test_client(), text, sender=sender)
    assert response.status_code == 200
    return twiml_messages(response)


def test_rasa_down_emergency_still_gets_the_emergency_answer(offline_app):
    body = reply_to(offline_app, "ICE agents are outside my house right now")[0]
    assert "Not legal advice" in body and "warrant" in body.lower()


def test_rasa_down_spanish_emergency_is_answered_in_spanish(offline_app):
    reply_to(offline_app, "hola, necesito ayuda con la licencia por favor")
    body = reply_to(offline_app, "la migra esta afuera ahorita")[0]
    assert "No es asesoria legal" in body


def test_rasa_down_menu_numbers_and_states_still_work(offline_app):
    assert "Which state" in reply_to(offline_app, "1")[0]
    assert "Texas" in reply_to(offline_app, "I live in Texas")[0]
    assert reply_to(offline_app, "1")[0].startswith("No.")


def test_rasa_down_anything_else_gets_apology_and_menu(offline_app):
    body = reply_to(offline_app, "tell me about my rights")[0]
    assert "trouble" in body and "Reply with a number" in body


def test_stalled_rasa_is_abandoned_within_the_deadline(tmp_path, stub_rasa):
    StubRasa.mode, StubRasa.stall_seconds = "stall", 20.0
    app = make_app(tmp_path, stub_rasa, "x" * 32, RASA_TIMEOUT_SECONDS=3)
    started = time.monotonic()
    body = reply_to(app, "can I get a license?")[0]
    assert time.monotonic() - started < DEADLINE_SECONDS
    assert "Which state" in body or "trouble" in body


def test_garbage_from_rasa_gets_the_degraded_reply(tmp_path, stub_rasa):
    StubRasa.mode = "garbage"
    app = make_app(tmp_path, stub_rasa, "x" * 32)
    assert "trouble" in reply_to(app, "hello there")[0]


def test_circuit_opens_after_repeated_failures_and_stops_calling_rasa(tmp_path, stub_rasa):
    StubRasa.mode = "shape"
    app = make_app(tmp_path, stub_rasa, "x" * 32)
    rasa = app.extensions["helpline"].rasa
    rasa.PROBE_INTERVAL_SECONDS = 3600  # keep the background probe out of the count
    for i in range(6):
        reply_to(app, f"hello {i}")
    assert rasa.breaker.is_open
    assert StubRasa.calls == rasa.breaker.threshold


def test_circuit_breaker_lets_a_trial_call_through_after_cooldown():
    now = [0.0]
    breaker = CircuitBreaker(threshold=2, cooldown=10, clock=lambda: now[0])
    breaker.record_failure()
    assert breaker.record_failure() is True and not breaker.allow()
    now[0] = 11
    assert breaker.allow() and not breaker.allow()
    breaker.record_success()
    assert breaker.allow() and not breaker.is_open


def test_killing_rasa_mid_conversation_degrades_then_recovers(tmp_path):
    server = RasaServer(free_port(), secrets.token_hex(16), tmp_path / "rasa.log").start()
    try:
        app = make_app(tmp_path, server.url, server.token, RASA_TIMEOUT_SECONDS=2)
        assert "Which state" in reply_to(app, "can I get a drivers license?")[0]
        server.stop()
        body = reply_to(app, "Utah")[0]
        assert "Utah" in body  # remembered by the degraded path, not by Rasa
        assert reply_to(app, "ICE is at my door right now")[0].count("Not legal advice") == 1
    finally:
        server.stop()


def test_corrupt_database_file_degrades_the_reply_not_the_status(tmp_path, rasa_server):
    db_path = tmp_path / "broken.db"
    db_path.write_bytes(b"this is not a database" * 100)
    app = make_app(tmp_path, rasa_server.url, rasa_server.token, DATABASE_PATH=str(db_path))
    assert "California" in reply_to(app, "can I get a license in California?")[0]


def test_locked_database_degrades_the_reply_not_the_status(tmp_path, rasa_server):
    app = make_app(tmp_path, rasa_server.url, rasa_server.token, DATABASE_BUSY_TIMEOUT_MS=50)
    reply_to(app, "hello")  # creates the file and tables
    locker = sqlite3.connect(app.config["DATABASE_PATH"], isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")  # holds the write lock: every write by the app times out
    locker.execute("INSERT INTO usage_counts VALUES ('2026-01-01', 'topic', 'x', 1)")
    try:
        assert "California" in reply_to(app, "can I get a license in California?")[0]
    finally:
        locker.rollback()
        locker.close()


def test_unparseable_content_file_without_a_good_version_degrades_the_answer(tmp_path, rasa_server):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    (content / "states" / "or" / "en.md").write_text("---\n: : broken [\n---\n", encoding="utf-8")
    app = make_app(tmp_path, rasa_server.url, rasa_server.token, CONTENT_DIR=str(content))
    body = reply_to(app, "can I get a license in Oregon?")[0]
    assert "do not have that answer for Oregon" in body and "Reply with a number" in body


def test_missing_catalog_falls_back_to_english_strings(tmp_path, rasa_server):
    app = make_app(tmp_path, rasa_server.url, rasa_server.token, LOCALES_DIR=str(tmp_path / "no-locales"))
    assert "Reply with a number" in reply_to(app, "hola")[0]


def test_rate_limit_sends_one_notice_then_silence_and_spares_others(tmp_path, rasa_server):
    app = make_app(tmp_path, rasa_server.url, rasa_server.token, RATE_LIMIT_MESSAGES=3)
    for _ in range(3):
        assert reply_to(app, "hello")
    notice = reply_to(app, "hello")
    assert len(notice) == 1 and "many messages" in notice[0]
    assert reply_to(app, "hello") == []
    assert reply_to(app, "hello", sender="+12025550124")  # someone else is unaffected
    assert "Not legal advice" in reply_to(app, "ICE agents are at my door right now")[0]  # emergencies always
    assert "no more messages" in reply_to(app, "STOP")[0]  # opting out always works


def test_rasa_down_an_emergency_in_a_stopped_car_gets_the_traffic_stop_answer(offline_app):
    body = reply_to(offline_app, "officer at my window right now asking for my license", sender="+12025550178")[0]
    assert body.startswith("If you drive, stop safely") and "Not legal advice" in body
