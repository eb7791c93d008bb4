"""What the stack writes and who can read it: file modes, log format, telemetry, the key's home,
the browser chat's limits (issue 9, findings 7-9)."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest

from helpline import REPO_ROOT
from helpline.ops.db import open_database
from tests.conftest import make_app

PROCFILE = (REPO_ROOT / "Procfile").read_text(encoding="utf-8")


def procfile_line(name: str) -> str:
    """One process's command line from the Procfile."""
    return next(line for line in PROCFILE.splitlines() if line.startswith(name + ":"))


def test_database_and_wal_files_are_created_owner_only(tmp_path):
    db = open_database(tmp_path / "h.db")
    db.execute("INSERT INTO processed_messages VALUES ('x', 'y')")
    db.conn.commit()
    for path in tmp_path.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_an_older_world_readable_database_is_tightened(tmp_path):
    path = tmp_path / "h.db"
    open_database(path).conn.close()
    path.chmod(0o644)
    open_database(path).conn.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_access_log_records_no_response_size_or_timing():
    web = procfile_line("web")
    log_format = re.search(r"--access-logformat '([^']*)'", web).group(1)
    assert "%(b)s" not in log_format and "%(B)s" not in log_format and "%(L)s" not in log_format
    assert "%(q)s" not in log_format and "%(U)s" in log_format  # path only, never a query string


def test_every_procfile_process_writes_owner_only_files():
    for name in ("web", "rasa"):
        assert "umask 077" in procfile_line(name)


def test_rasa_never_receives_the_key_or_the_twilio_token_and_has_telemetry_off():
    rasa = procfile_line("rasa")
    for name in ("HELPLINE_SECRET_KEY", "HELPLINE_KEY_FILE", "TWILIO_AUTH_TOKEN"):
        assert f"-u {name}" in rasa
    assert "RASA_TELEMETRY_ENABLED=false" in rasa
    for script in ("scripts/run", "scripts/test", "scripts/train-bot"):
        assert "RASA_TELEMETRY_ENABLED=false" in (REPO_ROOT / script).read_text(encoding="utf-8")


def test_the_browser_chat_refuses_to_start_on_a_public_address(tmp_path):
    with pytest.raises(RuntimeError, match="WEB_CHAT_ALLOW_PUBLIC"):
        make_app(tmp_path, "http://127.0.0.1:9", "x" * 32, ENABLE_WEB_CHAT=True)  # PUBLIC_BASE_URL is https://helpline.example.org
    forced = make_app(tmp_path, "http://127.0.0.1:9", "x" * 32, ENABLE_WEB_CHAT=True, WEB_CHAT_ALLOW_PUBLIC=True)
    assert "webchat" in forced.blueprints
    local = make_app(tmp_path, "http://127.0.0.1:9", "x" * 32, ENABLE_WEB_CHAT=True, PUBLIC_BASE_URL="http://127.0.0.1:5000")
    assert "webchat" in local.blueprints


@pytest.fixture
def chat_app(tmp_path, rasa_server):
    """The app with the browser chat on, as `make run` starts it."""
    return make_app(tmp_path, rasa_server.url, rasa_server.token, ENABLE_WEB_CHAT=True,
                    PUBLIC_BASE_URL="http://127.0.0.1:5000")


def test_the_browser_chat_writes_nothing_without_its_session_cookie(chat_app):
    client = chat_app.test_client()
    response = client.post("/chat/send", json={"text": "can I get a license in Texas?"})
    assert response.status_code == 400
    db = open_database(chat_app.config["DATABASE_PATH"])
    assert db["profiles"].count == 0 and db["rate_limits"].count == 0


def test_the_browser_chat_answers_but_never_counts_toward_statistics(chat_app):
    client = chat_app.test_client()
    client.get("/chat")
    reply = client.post("/chat/send", json={"text": "can I get a license in Texas?"}).get_json()
    assert reply["replies"] and reply["topic"] == "license_eligibility"
    assert open_database(chat_app.config["DATABASE_PATH"])["usage_counts"].count == 0


def test_the_browser_chat_is_rate_limited_for_the_whole_process(chat_app, monkeypatch):
    from helpline.channels import webchat

    monkeypatch.setattr(webchat, "budget", webchat.MinuteBudget(2))
    client = chat_app.test_client()
    client.get("/chat")
    codes = [client.post("/chat/send", json={"text": "hello"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_privacy_page_says_counts_are_weekly_marginals(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert "week" in page.lower()


def test_the_key_file_and_the_database_default_to_different_folders(tmp_path):
    app = make_app(tmp_path, "http://127.0.0.1:9", "x" * 32)
    assert Path(app.config["HELPLINE_KEY_FILE"]).parent != Path(app.config["DATABASE_PATH"]).parent
