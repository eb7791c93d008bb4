"""One message's path after the webhook: keywords, language, Rasa, rendering, SMS bodies.

The Twilio webhook, `flask chat`, `flask ask` and the browser chat all call `handle_message`, so
every way of talking to the helpline takes the same path.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field

from flask import current_app

from helpline.db import get_db
from helpline.keywords import match_keyword, shortcut_intent
from helpline.language import choose_language, explicit_choice
from helpline.profiles import Profile, erase_profile, load_profile, save_profile
from helpline.rasa_client import BotTurn, RasaClient, RasaUnavailable
from helpline.render import (
    RenderContext,
    deleted_text,
    finish_for_channel,
    help_text,
    menu_text,
    render_payload,
    stop_text,
    unavailable_text,
)
from helpline.stats import count_topic

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 1600
# Control characters, zero-width and bidi marks say nothing to the classifier.
INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
FRAME_KINDS = {"greet", "help", "stop", "start", "delete_data", "set_language", "not_sure", "thanks"}


@dataclass
class Reply:
    """What the helpline sends back for one message, and what it understood."""

    bodies: list[str] = field(default_factory=list)
    language: str = "en"
    intent: str | None = None
    confidence: float | None = None
    state: str | None = None
    topic: str | None = None


def clean_text(text: str | None) -> str:
    """Strip invisible characters and bound the length of an incoming message."""
    return INVISIBLE.sub("", text or "").strip()[:MAX_TEXT_CHARS]


def handle_message(pseudonym: str, raw_text: str | None, channel: str = "sms", has_media: bool = False) -> Reply:
    """Answer one message from one (pseudonymous) sender."""
    config = current_app.config
    db = get_db()
    rasa: RasaClient = current_app.extensions["helpline"].rasa
    text = clean_text(raw_text)
    profile = load_profile(db, pseudonym)
    language, other_language = choose_language(text, profile.language) if text else (profile.language or "en", None)
    ctx = _render_context(language, channel)
    reply = Reply(language=language, state=profile.state)
    today = dt.date.today()

    keyword = match_keyword(text)
    if keyword == "delete":
        _erase_sender(db, rasa, pseudonym)
        return _finish(reply, [deleted_text(ctx)], "delete_data", channel)
    if keyword == "stop":
        profile.opted_out = True
        profile.language = language
        save_profile(db, profile, today)
        return _finish(reply, [stop_text(ctx)], "stop", channel)
    if profile.opted_out and keyword != "start":
        return reply  # opted out: silence until START
    if keyword == "start":
        profile.opted_out = False
        _remember(db, profile, language, today)
        return _finish(reply, [ctx.gettext("Welcome back.") + "\n" + menu_text(ctx)], "start", channel)
    if keyword == "help":
        _remember(db, profile, language, today)
        return _finish(reply, [help_text(ctx) + "\n" + menu_text(ctx)], "help", channel)
    if not text:
        _remember(db, profile, language, today)
        opening = ctx.gettext("I can only read text messages.") if has_media else ctx.gettext("Your message was empty.")
        return _finish(reply, [opening + "\n" + menu_text(ctx)], "help", channel)

    shortcut = "set_language" if explicit_choice(text) else shortcut_intent(text)
    try:
        turn = rasa.send_message(pseudonym, f"/{shortcut}" if shortcut else text, {"state": profile.state})
    except RasaUnavailable as exc:
        logger.warning("rasa unavailable: %s", exc)
        _remember(db, profile, language, today)
        return _finish(reply, [unavailable_text(ctx)], None, channel)

    texts = [render_payload(p, ctx) for p in turn.payloads] or [render_payload({"kind": "not_sure"}, ctx)]
    if other_language:
        texts.insert(0, _other_language_note())
    reply.intent, reply.confidence = turn.intent, turn.confidence
    reply.state = turn.state or profile.state
    topic = describe_topic(turn)
    kinds = {p.get("kind") for p in turn.payloads}
    if "delete_data" in kinds:
        _erase_sender(db, rasa, pseudonym)
    else:
        profile.opted_out = "stop" in kinds and "start" not in kinds
        profile.state = reply.state
        _remember(db, profile, language, today)
        if topic:
            count_topic(db, today, topic, reply.state, language)
    if config.get("LOG_TURNS"):
        logger.info("turn intent=%s topic=%s language=%s", turn.intent, topic, language)
    return _finish(reply, texts, topic, channel)


def describe_topic(turn: BotTurn) -> str | None:
    """The topic of a turn: the answered or pending topic, else the frame (greet, help...)."""
    for payload in turn.payloads:
        kind, topic = payload.get("kind"), payload.get("topic")
        if kind in ("answer", "ask_state", "more", "source") and topic and topic != "None":
            return topic
        if kind == "answer":
            return "set_state"
        if kind in FRAME_KINDS:
            return kind
    return "not_sure" if turn.intent == "nlu_fallback" else None


def _render_context(language: str, channel: str) -> RenderContext:
    services = current_app.extensions["helpline"]
    return RenderContext(
        language=language,
        channel=channel,
        content=services.content,
        locales_dir=str(current_app.config["LOCALES_DIR"]),
        privacy_values=services.privacy_values,
    )


def _other_language_note() -> str:
    # Shown in both languages: the reader reads neither well, so give both.
    return "Full answers are in English or Spanish. / Respuestas completas en inglés o español."


def _remember(db, profile: Profile, language: str, today: dt.date) -> None:
    profile.language = language
    save_profile(db, profile, today)


def _erase_sender(db, rasa: RasaClient, pseudonym: str) -> None:
    erase_profile(db, pseudonym)
    rasa.forget_conversation(pseudonym)


def _finish(reply: Reply, texts: list[str], topic: str | None, channel: str) -> Reply:
    reply.topic = topic
    reply.bodies = [body for text in texts for body in finish_for_channel(text, channel)]
    return reply
