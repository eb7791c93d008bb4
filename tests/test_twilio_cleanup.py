"""Deleting Twilio's message records, against a local stub of Twilio's REST API."""

from __future__ import annotations

import base64
import json
import threading
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from helpline.channels import twilio_cleanup
from tests.conftest import PUBLIC_BASE_URL, SENDER, TWILIO_TOKEN, make_app, sign, twilio_post, twiml_messages

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


def signed_post(client, path: str, params: dict):
    """POST to any /twilio/ path (query string included in what is signed), as Twilio would."""
    return client.post(path, data=params, headers={"X-Twilio-Signature": sign(PUBLIC_BASE_URL + path, params)})


def test_a_final_receipt_deletes_the_reply_and_the_message_it_answered(tmp_path, rasa_server, twilio_stub):
    TwilioStub.refuse_first_delete = False
    app = make_app(tmp_path, rasa_server.url, rasa_server.token, TWILIO_ACCOUNT_SID=ACCOUNT,
                   TWILIO_API_BASE=twilio_stub)
    client = app.test_client()
    inbound = "SM" + "9" * 32
    response = twilio_post(client, "hola", sid=inbound, extra={"AccountSid": ACCOUNT})
    action = ET.fromstring(response.data).find("Message").get("action")
    assert action == f"{PUBLIC_BASE_URL}/twilio/status?inbound={inbound}"
    path = action.removeprefix(PUBLIC_BASE_URL)
    reply = "SM" + "a" * 32
    receipt = {"MessageSid": reply, "AccountSid": ACCOUNT, "From": "+12025550100", "To": SENDER}
    sent = signed_post(client, path, {**receipt, "MessageStatus": "sent"})
    assert sent.status_code == 204 and sent.data == b""
    assert not [c for c in TwilioStub.calls if c[0] == "DELETE"]  # "sent" is not final: nothing yet
    delivered = signed_post(client, path, {**receipt, "MessageStatus": "delivered"})
    assert delivered.status_code == 204 and delivered.data == b""
    prefix = f"/2010-04-01/Accounts/{ACCOUNT}/Messages/"
    deleted = {path for method, path, _, _ in TwilioStub.calls if method == "DELETE"}
    assert deleted == {f"{prefix}{reply}.json", f"{prefix}{inbound}.json"}
    assert app.extensions["helpline"].twilio_cleaner.jobs.unfinished_tasks == 0  # nothing was queued
    assert all(auth == f"{ACCOUNT}:{TWILIO_TOKEN}" for *_, auth in TwilioStub.calls)


def test_an_unsigned_receipt_deletes_nothing(tmp_path, rasa_server, twilio_stub):
    app = make_app(tmp_path, rasa_server.url, rasa_server.token, TWILIO_ACCOUNT_SID=ACCOUNT, TWILIO_API_BASE=twilio_stub)
    params = {"MessageSid": "SM" + "b" * 32, "MessageStatus": "delivered"}
    response = app.test_client().post("/twilio/status?inbound=SM" + "c" * 32, data=params,
                                      headers={"X-Twilio-Signature": "forged"})
    assert response.status_code == 403 and TwilioStub.calls == []


def test_a_message_answered_with_silence_is_deleted_on_a_timer(tmp_path, rasa_server, twilio_stub):
    app = make_app(tmp_path, rasa_server.url, rasa_server.token, TWILIO_ACCOUNT_SID=ACCOUNT,
                   TWILIO_API_BASE=twilio_stub, TWILIO_DELETE_DELAY_SECONDS=0)
    client = app.test_client()
    twilio_post(client, "STOP", extra={"AccountSid": ACCOUNT})
    twilio_post(client, "hello", extra={"AccountSid": ACCOUNT})  # the one restart line of the day
    silent = "SM" + "9" * 32
    assert twiml_messages(twilio_post(client, "hello again", sid=silent, extra={"AccountSid": ACCOUNT})) == []
    assert app.extensions["helpline"].twilio_cleaner.drain(timeout=10)
    deleted = [path for method, path, _, _ in TwilioStub.calls if method == "DELETE"]
    assert f"/2010-04-01/Accounts/{ACCOUNT}/Messages/{silent}.json" in deleted
    listing = [query for method, _, query, _ in TwilioStub.calls if method == "GET"]
    assert listing and listing[0]["To"] == [SENDER] and listing[0]["From"] == ["+12025550100"]


def test_deletion_is_off_without_an_account_sid(app):
    assert app.extensions["helpline"].twilio_cleaner is None
    assert "not set up to delete" in app.test_client().get("/privacy").get_data(as_text=True)


def test_deletion_can_be_turned_off(tmp_path, rasa_server, twilio_stub):
    app = make_app(tmp_path, rasa_server.url, rasa_server.token, TWILIO_ACCOUNT_SID=ACCOUNT,
                   TWILIO_API_BASE=twilio_stub, TWILIO_DELETE_MESSAGES="0")
    assert app.extensions["helpline"].twilio_cleaner is None
