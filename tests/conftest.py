"""Shared fixtures: a real Rasa server trained on bot/, a fresh app and database per test, and a
helper that signs webhook requests with Twilio's own RequestValidator."""

from __future__ import annotations

import secrets
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from twilio.request_validator import RequestValidator

from helpline import create_app
from helpline.ops.db import close_thread_handles
from tooling.rasa_server import RasaServer, free_port

TWILIO_TOKEN = "test-twilio-auth-token-0123456789"
PUBLIC_BASE_URL = "https://helpline.example.org"
SENDER = "+12025550123"  # fictional (555-01xx)


@pytest.fixture(scope="session")
def rasa_server(tmp_path_factory):
    """One real Rasa server for the whole session."""
    server = RasaServer(free_port(), secrets.token_hex(16), tmp_path_factory.mktemp("rasa") / "rasa.log").start()
    yield server
    server.stop()


def make_app(tmp_path: Path, rasa_url: str, rasa_token: str, **overrides):
    """An app with its own database file, configured like production."""
    config = {
        "TESTING": True,
        "DATABASE_PATH": str(tmp_path / "helpline.db"),
        "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        # A fresh key per app: the same test number gets a new pseudonym, hence a new conversation
        # in the session-wide Rasa server.
        "HELPLINE_SECRET_KEY": secrets.token_hex(32),
        # Never the developer's real key file (rotate-key writes here).
        "HELPLINE_KEY_FILE": str(tmp_path / "secrets" / "helpline.key"),
        "RASA_URL": rasa_url,
        "HELPLINE_RASA_TOKEN": rasa_token,
        "RASA_TIMEOUT_SECONDS": 5,
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """Tests never inherit the developer's settings (a RATE_LIMIT_MESSAGES in the shell, say)."""
    from helpline.ops.settings import SETTINGS

    for setting in SETTINGS:
        monkeypatch.delenv(setting.name, raising=False)


@pytest.fixture(autouse=True)
def close_database_handles():
    """Each test uses its own database file: close this thread's handles after it."""
    yield
    close_thread_handles()


@pytest.fixture
def app(tmp_path, rasa_server):
    """The app, talking to the real Rasa server."""
    return make_app(tmp_path, rasa_server.url, rasa_server.token)


@pytest.fixture
def offline_app(tmp_path):
    """The app with Rasa unreachable (a closed loopback port)."""
    return make_app(tmp_path, f"http://127.0.0.1:{free_port()}", "x" * 32, RASA_TIMEOUT_SECONDS=1)


@pytest.fixture
def client(app):
    """A test client for the real-Rasa app."""
    return app.test_client()


def sign(url: str, params: dict, token: str = TWILIO_TOKEN) -> str:
    """The X-Twilio-Signature Twilio would send for these parameters."""
    return RequestValidator(token).compute_signature(url, params)


def twilio_post(client, body: str | None = "", sender: str = SENDER, sid: str | None = None, extra: dict | None = None,
                signature: str | None = None):
    """POST a correctly signed inbound message, as Twilio would."""
    params = {
        "MessageSid": sid or "SM" + uuid.uuid4().hex,
        "AccountSid": "AC" + "0" * 32,
        "From": sender,
        "To": "+12025550100",
        "NumMedia": "0",
    }
    if body is not None:
        params["Body"] = body
    params.update(extra or {})
    url = PUBLIC_BASE_URL + "/twilio/messages"
    headers = {"X-Twilio-Signature": signature if signature is not None else sign(url, params)}
    return client.post("/twilio/messages", data=params, headers=headers)


def twiml_messages(response) -> list[str]:
    """The message bodies in a TwiML response (asserting it parses as TwiML)."""
    root = ET.fromstring(response.data)
    assert root.tag == "Response"
    return [m.text or "" for m in root.findall("Message")]
