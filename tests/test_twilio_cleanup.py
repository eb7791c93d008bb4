"""Deleting Twilio's message records, against a local stub of Twilio's REST API."""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from helpline import twilio_cleanup
from tests.conftest import SENDER, TWILIO_TOKEN, make_app, twilio_post

ACCOUNT = "AC" + "5" * 32
REPLY_SIDS = ["SM" + "r" * 32, "SM" + "s" * 32]


class TwilioStub(BaseHTTPRequestHandler):
    """Answers like api.twilio.com: lists replies, deletes messages (the first try is 'not final')."""

    calls: list[tuple[str, str, dict, str]] = []
    refuse_first_delete = True

    def _record(self) -> tuple[str, dict]:
        parsed = urlparse(self.path)
        auth = base64.b64decode(self.headers.get("Authorization", "Basic ").split(" ", 1)[1] or b"").decode()
        TwilioStub.calls.append((self.command, parsed.path, parse_qs(parsed.query), auth))
        return parsed.path, parse_qs(parsed.query)

    def do_GET(self):  # noqa: N802 - http.server naming
        self._record()
        body = json.dumps({"messages": [{"sid": sid} for sid in REPLY_SIDS]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def do_DELETE(self):  # noqa: N802
        self._record()
        if TwilioStub.refuse_first_delete:
            TwilioStub.refuse_first_delete = False
            self.send_response(409)  # Twilio's error 20009: not complete yet
        else:
            self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def twilio_stub(monkeypatch):
    monkeypatch.setattr(twilio_cleanup, "RETRY_DELAYS_SECONDS", (0.05, 0.05, 0.05))
    TwilioStub.calls = []
    TwilioStub.refuse_first_delete = True
    server = ThreadingHTTPServer(("127.0.0.1", 0), TwilioStub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_inbound_message_and_replies_are_deleted_after_the_reply(tmp_path, rasa_server, twilio_stub):
    app = make_app(tmp_path, rasa_server.url, rasa_server.token, TWILIO_ACCOUNT_SID=ACCOUNT,
                   TWILIO_API_BASE=twilio_stub, TWILIO_DELETE_DELAY_SECONDS=0)
    sid = "SM" + "9" * 32
    assert twilio_post(app.test_client(), "hola", sid=sid, extra={"AccountSid": ACCOUNT}).status_code == 200
    assert app.extensions["helpline"].twilio_cleaner.drain(timeout=10)
    deleted = [path for method, path, _, _ in TwilioStub.calls if method == "DELETE"]
    prefix = f"/2010-04-01/Accounts/{ACCOUNT}/Messages/"
    assert f"{prefix}{sid}.json" in deleted
    assert {f"{prefix}{s}.json" for s in REPLY_SIDS} <= set(deleted)
    listing = [query for method, _, query, _ in TwilioStub.calls if method == "GET"]
    assert listing and listing[0]["To"] == [SENDER] and listing[0]["From"] == ["+12025550100"]
    assert all(auth == f"{ACCOUNT}:{TWILIO_TOKEN}" for *_, auth in TwilioStub.calls)


def test_deletion_is_off_without_an_account_sid(app):
    assert app.extensions["helpline"].twilio_cleaner is None
    assert "not set up to delete" in app.test_client().get("/privacy").get_data(as_text=True)


def test_deletion_can_be_turned_off(tmp_path, rasa_server, twilio_stub):
    app = make_app(tmp_path, rasa_server.url, rasa_server.token, TWILIO_ACCOUNT_SID=ACCOUNT,
                   TWILIO_API_BASE=twilio_stub, TWILIO_DELETE_MESSAGES="0")
    assert app.extensions["helpline"].twilio_cleaner is None
