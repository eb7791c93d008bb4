"""The know-your-rights helpline web app: Twilio webhook, rendering, CLI. See create_app."""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask

from helpline.content import ContentStore
from helpline.rasa_client import RasaClient
from helpline.twilio_cleanup import TwilioCleaner

REPO_ROOT = Path(__file__).resolve().parent.parent
# Settings read from the environment (or instance/helpline.env) inside the factory.
ENV_SETTINGS = (
    "TWILIO_AUTH_TOKEN", "PUBLIC_BASE_URL", "HELPLINE_SECRET_KEY", "RASA_URL", "DATABASE_PATH",
    "HELPLINE_RASA_TOKEN", "RASA_TIMEOUT_SECONDS", "CONTENT_DIR", "ENABLE_WEB_CHAT",
    "PROFILE_RETENTION_DAYS", "DEDUPE_RETENTION_HOURS", "RASA_TRACKER_TTL_SECONDS", "STATS_RETENTION_DAYS",
    "PURGE_INTERVAL_SECONDS", "TWILIO_ACCOUNT_SID", "TWILIO_API_BASE", "TWILIO_DELETE_MESSAGES",
    "TWILIO_DELETE_DELAY_SECONDS", "RATE_LIMIT_MESSAGES", "RATE_LIMIT_WINDOW_SECONDS", "RASA_MAX_INFLIGHT",
    "HELPLINE_KEY_FILE", "WEB_CHAT_ALLOW_PUBLIC",
)
# The HMAC key lives apart from the data: not in instance/ (the database folder) and never in the
# environment Rasa sees. Production puts it in /etc/helpline/ (README, "Running in production").
DEFAULT_KEY_FILE = REPO_ROOT / "secrets" / "helpline.key"
MIN_KEY_BYTES = 16  # 128 bits


@dataclass
class Services:
    """Long-lived objects shared by requests in one process."""

    secret_key: bytes
    rasa: RasaClient
    content: ContentStore
    privacy_values: dict = field(default_factory=dict)
    twilio_cleaner: TwilioCleaner | None = None


def read_env_file(path: Path) -> dict[str, str]:
    """Parse KEY=value lines (the file `make run` writes with generated secrets)."""
    values: dict[str, str] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            key, sep, value = line.strip().partition("=")
            if sep and not key.startswith("#"):
                values[key.strip()] = value.strip()
    return values


def read_secret_key(config: dict) -> str | None:
    """HELPLINE_SECRET_KEY if given directly, else the contents of HELPLINE_KEY_FILE."""
    if config.get("HELPLINE_SECRET_KEY"):
        return config["HELPLINE_SECRET_KEY"]
    path = Path(config.get("HELPLINE_KEY_FILE") or DEFAULT_KEY_FILE)
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def decode_secret_key(value: str | None) -> bytes:
    """The HMAC key as bytes (hex accepted); refuse anything shorter than 128 bits."""
    if not value:
        raise RuntimeError("No HMAC key: HELPLINE_KEY_FILE (default secrets/helpline.key) is missing or empty and "
                           "HELPLINE_SECRET_KEY is not set. Run `make run` once to generate one.")
    try:
        key = bytes.fromhex(value)
    except ValueError:
        key = value.encode()
    if len(key) < MIN_KEY_BYTES:
        raise RuntimeError("HELPLINE_SECRET_KEY is shorter than 128 bits; generate one with `python -c 'import secrets; print(secrets.token_hex(32))'`.")
    return key


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then instance/helpline.env, then the environment, then test_config."""
    app = Flask(__name__, instance_path=str(REPO_ROOT / "instance"), instance_relative_config=True)
    app.config.from_mapping(
        DATABASE_PATH=str(Path(app.instance_path) / "helpline.db"),
        RASA_URL="http://127.0.0.1:5005",
        RASA_TIMEOUT_SECONDS=5.0,
        CONTENT_DIR=str(REPO_ROOT / "content"),
        LOCALES_DIR=str(REPO_ROOT / "locales"),
        PUBLIC_BASE_URL=None,
        TWILIO_AUTH_TOKEN=None,
        HELPLINE_SECRET_KEY=None,
        HELPLINE_KEY_FILE=str(DEFAULT_KEY_FILE),
        # The browser chat has no authentication: it refuses to start on a public address unless forced.
        WEB_CHAT_ALLOW_PUBLIC=False,
        HELPLINE_RASA_TOKEN="",
        ENABLE_WEB_CHAT=False,
        PROFILE_RETENTION_DAYS=90,
        DEDUPE_RETENTION_HOURS=48,
        RASA_TRACKER_TTL_SECONDS=86400,
        DATABASE_BUSY_TIMEOUT_MS=5000,
        # Calls to Rasa in flight per web process; more wait up to 0.25 s, then get keyword answers.
        RASA_MAX_INFLIGHT=4,
        STATS_RETENTION_DAYS=730,
        PURGE_INTERVAL_SECONDS=3600,
        TWILIO_ACCOUNT_SID=None,
        TWILIO_API_BASE="https://api.twilio.com",
        # On by default whenever Twilio credentials are configured.
        TWILIO_DELETE_MESSAGES=True,
        TWILIO_DELETE_DELAY_SECONDS=120,
        # Generous for a person, low for a script: 30 messages per 10 minutes per sender.
        RATE_LIMIT_MESSAGES=30,
        RATE_LIMIT_WINDOW_SECONDS=600,
        # Twilio never sends more than a few KB; anything bigger is not a Twilio message.
        MAX_CONTENT_LENGTH=64 * 1024,
    )
    overrides = read_env_file(Path(app.instance_path) / "helpline.env")
    overrides.update({k: os.environ[k] for k in ENV_SETTINGS if os.environ.get(k)})
    app.config.update(overrides)
    if test_config:
        app.config.update(test_config)
    _coerce_types(app)

    app.extensions["helpline"] = Services(
        secret_key=decode_secret_key(read_secret_key(app.config)),
        rasa=RasaClient(
            app.config["RASA_URL"],
            app.config["HELPLINE_RASA_TOKEN"],
            app.config["RASA_TIMEOUT_SECONDS"],
            max_inflight=app.config["RASA_MAX_INFLIGHT"],
        ),
        content=ContentStore(Path(app.config["CONTENT_DIR"])),
        twilio_cleaner=_make_twilio_cleaner(app),
    )
    app.extensions["helpline"].privacy_values = {
        "profile_days": app.config["PROFILE_RETENTION_DAYS"],
        "tracker_hours": app.config["RASA_TRACKER_TTL_SECONDS"] // 3600,
        "dedupe_hours": app.config["DEDUPE_RETENTION_HOURS"],
        "stats_days": app.config["STATS_RETENTION_DAYS"],
        "twilio_deleting": app.extensions["helpline"].twilio_cleaner is not None,
    }
    # Flask sessions (browser chat only) get their own key derived from the HMAC key.
    app.secret_key = hashlib.sha256(b"flask-session:" + app.extensions["helpline"].secret_key).hexdigest()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from helpline import cli, db, health, privacy, retention, webchat, webhook

    db.init_app(app)
    cli.init_app(app)
    app.register_blueprint(webhook.bp)  # Twilio-signed requests only
    app.register_blueprint(health.bp)  # public, reveals nothing
    app.register_blueprint(privacy.bp)  # public
    if app.config["ENABLE_WEB_CHAT"]:
        webchat.check_web_chat_allowed(app.config)
        app.register_blueprint(webchat.bp)  # local development only: no authentication
    if not app.config.get("TESTING"):
        retention.start_purge_timer(app)
    return app


def _make_twilio_cleaner(app: Flask) -> TwilioCleaner | None:
    """Delete Twilio's copies of messages when credentials are configured (unless turned off)."""
    config = app.config
    if not (config["TWILIO_DELETE_MESSAGES"] and config["TWILIO_ACCOUNT_SID"] and config["TWILIO_AUTH_TOKEN"]):
        return None
    return TwilioCleaner(config["TWILIO_API_BASE"], config["TWILIO_ACCOUNT_SID"], config["TWILIO_AUTH_TOKEN"],
                         config["TWILIO_DELETE_DELAY_SECONDS"])


def _coerce_types(app: Flask) -> None:
    """Environment values arrive as strings."""
    for key in ("PROFILE_RETENTION_DAYS", "DEDUPE_RETENTION_HOURS", "RASA_TRACKER_TTL_SECONDS",
                "STATS_RETENTION_DAYS", "PURGE_INTERVAL_SECONDS", "RATE_LIMIT_MESSAGES", "RATE_LIMIT_WINDOW_SECONDS",
                "DATABASE_BUSY_TIMEOUT_MS", "RASA_MAX_INFLIGHT"):
        app.config[key] = int(app.config[key])
    for key in ("RASA_TIMEOUT_SECONDS", "TWILIO_DELETE_DELAY_SECONDS"):
        app.config[key] = float(app.config[key])
    for key in ("ENABLE_WEB_CHAT", "TWILIO_DELETE_MESSAGES", "WEB_CHAT_ALLOW_PUBLIC"):
        app.config[key] = str(app.config[key]).lower() in ("1", "true", "yes", "on")
