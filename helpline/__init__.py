"""The know-your-rights helpline web app: Twilio webhook, rendering, CLI. See create_app."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask

from helpline.channels.twilio_cleanup import TwilioCleaner
from helpline.content.store import ContentStore
from helpline.dialogue.rasa_client import RasaClient
from helpline.ops.settings import APP_SETTINGS, REPO_ROOT

SETTING_NAMES = {setting.name for setting in APP_SETTINGS}
# The HMAC key lives apart from the data: not in instance/ (the database folder) and never in the
# environment Rasa sees. Production puts it in /etc/helpline/ (README, "Running in production").
DEFAULT_KEY_FILE = Path(next(s.default for s in APP_SETTINGS if s.name == "HELPLINE_KEY_FILE"))
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
    app.config.from_mapping({setting.name: setting.default for setting in APP_SETTINGS})
    # Not settings an operator changes: where the catalogs are, and the request size cap (Twilio
    # never sends more than a few KB; anything bigger is not a Twilio message).
    app.config.update(LOCALES_DIR=str(REPO_ROOT / "locales"), MAX_CONTENT_LENGTH=64 * 1024)
    overrides = read_env_file(Path(app.instance_path) / "helpline.env")
    overrides.update({s.name: os.environ[s.name] for s in APP_SETTINGS if os.environ.get(s.name)})
    app.config.update({name: value for name, value in overrides.items() if name in SETTING_NAMES})
    if test_config:
        app.config.update(test_config)
    for setting in APP_SETTINGS:
        app.config[setting.name] = setting.parse(app.config[setting.name])

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
    # Flask sessions (browser chat, organizer console) get their own key derived from the HMAC key.
    app.secret_key = hashlib.sha256(b"flask-session:" + app.extensions["helpline"].secret_key).hexdigest()
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=str(app.config.get("PUBLIC_BASE_URL") or "").startswith("https://"),
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=app.config["CONSOLE_SESSION_HOURS"]),
    )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from helpline.channels import terminal, twilio, webchat
    from helpline.console import commands as console_commands
    from helpline.console import views as console_views
    from helpline.ops import commands, db, health
    from helpline.privacy import page, retention

    db.init_app(app)
    commands.init_app(app)
    terminal.init_app(app)
    app.register_blueprint(twilio.bp)  # Twilio-signed requests only
    app.register_blueprint(health.bp)  # public, reveals nothing
    app.register_blueprint(page.bp)  # public: /privacy
    # Organizers only: every page but sign-in needs an organizer's session (scrypt passwords in
    # SQLite, a sign-in rate limit, HttpOnly SameSite cookies), every form and JSON POST a
    # Flask-WTF CSRF token. It shows content and anonymous counts, never anything about senders.
    app.register_blueprint(console_views.bp)
    console_commands.init_app(app)
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


def warm_up(app: Flask) -> None:
    """Build what the first message of a process would otherwise wait for: the language
    detector, and every content file parsed once."""
    from helpline.dialogue.language import detect_language
    from helpline.registries.jurisdictions import load_jurisdiction_names
    from helpline.registries.languages import language_codes

    detect_language("can I get a driver license here")
    content = app.extensions["helpline"].content
    for code in load_jurisdiction_names():
        for language in language_codes():
            content.state(code, language)
