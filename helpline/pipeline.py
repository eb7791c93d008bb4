"""One message's path after the webhook: keywords, language, Rasa, rendering, SMS bodies.

The Twilio webhook, `flask chat`, `flask ask` and the browser chat all call `handle_message`, so
every way of talking to the helpline takes the same path.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sqlite3
import time
from dataclasses import dataclass, field

from flask import current_app

from helpline.bot_rules import looks_like_emergency
from helpline.db import get_db
from helpline.degraded import decide_without_rasa
from helpline.jurisdictions import known_state
from helpline.keywords import is_opt_in_only, match_keyword, neutralize_user_text, shortcut_intent
from helpline.language import LANGUAGE_MENU_NUMBER, choose_language, explicit_choice
from helpline.languages import default_language, load_registry
from helpline.profiles import Profile, erase_profile, load_profile, save_profile
from helpline.rasa_client import BotTurn, RasaClient, RasaUnavailable
from helpline.rate_limit import NOTIFY, OK, SILENT, check_rate
from helpline.render import (
    RenderContext,
    deleted_text,
    finish_for_channel,
    help_text,
    language_menu_text,
    menu_text,
    render_payload,
    restart_hint_text,
    stop_text,
)
from helpline.stats import count_topic

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 1600
# Control characters, zero-width and bidi marks say nothing to the classifier; lone surrogates and
# U+FFFE/U+FFFF cannot even be written into XML.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ud800-\udfff\ufffe\uffff]"
)
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


def handle_message(
    pseudonym: str, raw_text: str | None, channel: str = "sms", has_media: bool = False, count: bool = True
) -> Reply:
    """Answer one message from one (pseudonymous) sender; `count` adds it to the anonymous counts."""
    config = current_app.config
    rasa: RasaClient = current_app.extensions["helpline"].rasa
    store = SenderStore(pseudonym)
    text = clean_text(raw_text)
    profile = store.load()
    language, other_language = choose_language(text, profile.language) if text else (profile.language or default_language(), None)
    ctx = _render_context(language, channel)
    reply = Reply(language=language, state=profile.state)
    profile.language = language

    # STOP and DELETE always work: before the opt-out check and the rate limit. Only these
    # keywords opt out; nothing the classifier guesses ever does.
    keyword = match_keyword(text)
    if keyword == "start" and not profile.opted_out and is_opt_in_only(text):
        keyword = None  # "yes" from someone who never opted out is an answer, not a command
    if keyword == "delete":
        store.erase(rasa)
        return _finish(reply, [deleted_text(ctx)], "delete_data", channel)
    if keyword == "stop":
        profile.opted_out = True
        store.save(profile)
        return _finish(reply, [stop_text(ctx)], "stop", channel)
    rate = store.check_rate(config["RATE_LIMIT_MESSAGES"], config["RATE_LIMIT_WINDOW_SECONDS"])
    if (profile.opted_out or rate != OK) and keyword not in ("start", "help") and _is_emergency(rasa, text):
        # An emergency is never met with silence: not over the limit, not after STOP.
        emergency = {"kind": "answer", "topic": "emergency", "state": profile.state}
        return _finish(reply, [render_payload(emergency, ctx)], "emergency", channel)
    if profile.opted_out and keyword not in ("start", "help"):
        return _finish(reply, _restart_hint(store, profile, rate, ctx), "opted_out", channel)
    if rate != OK:
        notice = [ctx.gettext("You are sending many messages. Please wait a few minutes, then try again.")]
        return _finish(reply, notice if rate == NOTIFY else [], "rate_limited", channel)
    if keyword == "start":
        profile.opted_out = False
        store.save(profile)
        return _finish(reply, [ctx.gettext("Welcome back.") + "\n" + menu_text(ctx)], "start", channel)
    if keyword == "help":
        store.save(profile)
        return _finish(reply, [help_text(ctx) + "\n" + menu_text(ctx)], "help", channel)
    if not text:
        store.save(profile)
        opening = ctx.gettext("I can only read text messages.") if has_media else ctx.gettext("Your message was empty.")
        return _finish(reply, [opening + "\n" + menu_text(ctx)], "help", channel)

    if text == LANGUAGE_MENU_NUMBER:
        store.save(profile)
        return _finish(reply, [language_menu_text(ctx)], "set_language", channel)
    shortcut = "set_language" if explicit_choice(text) else shortcut_intent(text)
    try:
        metadata = {"state": profile.state, "expecting_state": profile.awaiting_state}
        if shortcut:
            # The app's own shortcut: the only "/intent" Rasa accepts (bot/helpline_bot/channel.py).
            turn = rasa.send_message(pseudonym, f"/{shortcut}", {**metadata, "shortcut": shortcut})
        else:
            turn = rasa.send_message(pseudonym, neutralize_user_text(text), metadata)
    except RasaUnavailable as exc:
        # Degraded but useful: emergency first, menu numbers, states; never silence.
        logger.warning("rasa unavailable (%s): answering without it", exc)
        payloads, state = decide_without_rasa(text, profile.state, profile.awaiting_state)
        turn = BotTurn(payloads=payloads, state=state)

    texts = [render_payload(p, ctx) for p in turn.payloads] or [render_payload({"kind": "not_sure"}, ctx)]
    if other_language:
        texts.insert(0, _other_language_note())
    reply.intent, reply.confidence = turn.intent, turn.confidence
    reply.state = known_state(turn.state) or known_state(profile.state)
    topic = describe_topic(turn)
    kinds = {p.get("kind") for p in turn.payloads}
    if "delete_data" in kinds:
        store.erase(rasa)
    else:
        profile.state = reply.state
        profile.awaiting_state = "ask_state" in kinds
        store.save(profile)
        if topic and count:
            store.count(topic, reply.state, language)
    return _finish(reply, texts, topic, channel)


def _is_emergency(rasa: RasaClient, text: str) -> bool:
    """The emergency rule, else the classifier's emergency intent (no conversation is touched)."""
    if not text:
        return False
    if looks_like_emergency(text):
        return True
    intent, _confidence = rasa.classify(neutralize_user_text(text))
    return intent == "emergency"


def _restart_hint(store: "SenderStore", profile: Profile, rate: str, ctx: RenderContext) -> list[str]:
    """One line a day telling an opted-out sender how to restart; otherwise nothing."""
    today = store.today.isoformat()
    if profile.restart_hint_day == today or rate == SILENT:
        return []
    profile.restart_hint_day = today
    store.save(profile)
    return [restart_hint_text(ctx)]


class SenderStore:
    """The sender's rows in SQLite. A locked, read-only or broken database degrades the reply
    (no memory of language or state for this message) but never stops it."""

    def __init__(self, pseudonym: str) -> None:
        self.pseudonym = pseudonym
        self.today = dt.date.today()

    def _run(self, action, default=None):
        try:
            return action(get_db())
        except (sqlite3.Error, OSError) as exc:
            logger.error("database unavailable (%s): replying without it", type(exc).__name__)
            return default

    def load(self) -> Profile:
        """The profile, or a blank one if the database cannot be read."""
        return self._run(lambda db: load_profile(db, self.pseudonym), Profile(self.pseudonym))

    def save(self, profile: Profile) -> None:
        """Store the profile (skipped if the database cannot be written)."""
        self._run(lambda db: save_profile(db, profile, self.today))

    def erase(self, rasa: RasaClient) -> None:
        """Erase the profile and Rasa's conversation."""
        self._run(lambda db: erase_profile(db, self.pseudonym))
        rasa.forget_conversation(self.pseudonym)

    def count(self, topic: str, state: str | None, language: str) -> None:
        """Add to the anonymous daily counts."""
        self._run(lambda db: count_topic(db, self.today, topic, state, language))

    def check_rate(self, limit: int, window_seconds: int) -> str:
        """The rate-limit verdict (OK when the database cannot tell)."""
        return self._run(lambda db: check_rate(db, self.pseudonym, int(time.time()), limit, window_seconds), OK)


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
    # In no one language: the reader reads none of ours well, so each language names itself.
    languages = load_registry().languages
    return "Answers in / " + " · ".join(f"{lang.name_native} ({lang.code.upper()})" for lang in languages)


def _finish(reply: Reply, texts: list[str], topic: str | None, channel: str) -> Reply:
    reply.topic = topic
    reply.bodies = [body for text in texts for body in finish_for_channel(text, channel, reply.language)]
    return reply
