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

from helpline.channels.bodies import finish_for_channel
from helpline.dialogue.bot_rules import at_a_traffic_stop, looks_like_emergency
from helpline.dialogue.decision import Decision, Turn, describe_topic
from helpline.dialogue.degraded import decide_without_rasa
from helpline.dialogue.keywords import (
    is_opt_in_only,
    match_keyword,
    neutralize_user_text,
    shortcut_intent,
    title_intent,
)
from helpline.dialogue.language import LANGUAGE_MENU_NUMBER, choose_language, explicit_choice, named_language
from helpline.dialogue.rasa_client import RasaClient, RasaUnavailable
from helpline.dialogue.rate_limit import NOTIFY, OK, SILENT, check_rate
from helpline.ops.db import get_db
from helpline.privacy.profiles import Profile, erase_profile, load_profile, save_profile
from helpline.privacy.stats import count_topic
from helpline.registries.jurisdictions import known_state
from helpline.registries.languages import default_language
from helpline.rendering.render import render_turn
from helpline.rendering.scripts import choose_script, in_script, to_simplified
from helpline.rendering.wording import RenderContext

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 1600
# Control characters, zero-width and bidi marks say nothing to the classifier; lone surrogates and
# U+FFFE/U+FFFF cannot even be written into XML.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ud800-\udfff\ufffe\uffff]"
)


@dataclass
class Reply:
    """What the helpline sends back for one message, and what it understood."""

    bodies: list[str] = field(default_factory=list)
    language: str = field(default_factory=default_language)
    intent: str | None = None
    confidence: float | None = None
    state: str | None = None
    topic: str | None = None


def clean_text(text: str | None) -> str:
    """Strip invisible characters and bound the length of an incoming message."""
    return INVISIBLE.sub("", text or "").strip()[:MAX_TEXT_CHARS]


def handle_message(
    pseudonym: str, raw_text: str | None, channel: str = "sms", has_media: bool = False, count: bool = True,
    store: "SenderStore | None" = None,
) -> Reply:
    """Answer one message from one (pseudonymous) sender; `count` adds it to the anonymous counts.
    `store` replaces the database (the console's simulator keeps nothing on disk)."""
    bot: RasaClient = current_app.extensions["helpline"].rasa
    store = store or SenderStore(pseudonym)
    text = clean_text(raw_text)
    profile = store.load()
    language, other_language = choose_language(text, profile.language) if text else (profile.language or default_language(), None)
    profile.language = language
    profile.script = choose_script(text, language, profile.script)
    turn = decide_turn(text, profile, store, bot, has_media)
    if turn.source == "bot" and "set_language" in turn.kinds and not explicit_choice(text):
        language = follow_language_request(turn, text, profile)
    if other_language and turn.source == "bot":
        turn.decisions.insert(0, Decision("other_language"))
    apply_effects(turn, profile, store, bot, language, count)
    reply = Reply(language=language, intent=turn.intent, confidence=turn.confidence, topic=turn.topic)
    reply.state = profile.state if turn.source != "bot" else (turn.state or known_state(profile.state))
    texts = [in_script(t, language, profile.script) for t in render_turn(turn, _render_context(language, channel))]
    reply.bodies = [body for text in texts for body in finish_for_channel(text, channel, language)]
    return reply


def follow_language_request(turn: Turn, text: str, profile: Profile) -> str:
    """Rasa heard a request for a language: switch to the one the message names ("manda em
    ingles pfv"), or list the languages when it names none; return the reply language."""
    named = named_language(text)
    if named:
        profile.language = named
        profile.script = choose_script(text, named, profile.script)
    else:
        turn.decisions[:] = [Decision("language_menu") if d.kind == "set_language" else d for d in turn.decisions]
    return profile.language


def decide_turn(text: str, profile: Profile, store: "SenderStore", bot: RasaClient, has_media: bool = False) -> Turn:
    """What to say: keywords first (STOP and DELETE before every limit), then the emergency guard
    for those opted out or over the limit, then Rasa (or the degraded fallback)."""
    config = current_app.config
    # Only these keywords opt out; nothing the classifier guesses ever does.
    keyword = match_keyword(text)
    if keyword == "start" and not profile.opted_out and is_opt_in_only(text):
        keyword = None  # "yes" from someone who never opted out is an answer, not a command
    if keyword == "delete":
        return Turn([Decision("delete_data")], source="keyword", topic="delete_data")
    if keyword == "stop":
        return Turn([Decision("opted_out")], source="keyword", topic="stop")
    rate = store.check_rate(config["RATE_LIMIT_MESSAGES"], config["RATE_LIMIT_WINDOW_SECONDS"])
    if (profile.opted_out or rate != OK) and keyword not in ("start", "help") and _is_emergency(bot, text):
        # An emergency is never met with silence: not over the limit, not after STOP.
        turn = Turn([Decision("answer", "emergency", profile.state)], source="guard")
        fit_emergency_answer(turn, text)
        turn.topic = describe_topic(turn)
        return turn
    if profile.opted_out and keyword not in ("start", "help"):
        hint = profile.restart_hint_day != store.today.isoformat() and rate != SILENT
        return Turn([Decision("restart_hint")] if hint else [], source="keyword", topic="opted_out")
    if rate != OK:
        return Turn([Decision("rate_notice")] if rate == NOTIFY else [], source="keyword", topic="rate_limited")
    if keyword == "start":
        return Turn([Decision("opted_in")], source="keyword", topic="start")
    if keyword == "help":
        return Turn([Decision("help")], source="keyword", topic="help")
    if not text:
        return Turn([Decision("media" if has_media else "empty")], source="keyword", topic="help")
    if text == LANGUAGE_MENU_NUMBER:
        return Turn([Decision("language_menu")], source="keyword", topic="set_language")
    return ask_bot(text, profile, store.pseudonym, bot)


def ask_bot(text: str, profile: Profile, pseudonym: str, bot: RasaClient) -> Turn:
    """Rasa's turn for an ordinary message; without Rasa, the degraded fallback's."""
    shortcut = "set_language" if explicit_choice(text) else (
        shortcut_intent(text) or title_intent(text, str(current_app.config["LOCALES_DIR"])))
    metadata = {"state": profile.state, "expecting_state": profile.awaiting_state}
    try:
        if shortcut:
            # The app's own shortcut: the only "/intent" Rasa accepts (bot/helpline_bot/channel.py).
            turn = bot.send_message(pseudonym, f"/{shortcut}", {**metadata, "shortcut": shortcut})
        else:
            turn = bot.send_message(pseudonym, neutralize_user_text(to_simplified(text, profile.language, profile.script)), metadata)
    except RasaUnavailable as exc:
        # Degraded but useful: emergency first, menu numbers, states; never silence.
        logger.warning("rasa unavailable (%s): answering without it", exc)
        turn = decide_without_rasa(text, profile.state, profile.awaiting_state)
    turn.state = known_state(turn.state) or known_state(profile.state)
    fit_emergency_answer(turn, text)
    turn.topic = describe_topic(turn)
    return turn


def fit_emergency_answer(turn: Turn, text: str) -> None:
    """The emergency answer is about agents at the door; in a car stopped by police or agents the
    traffic-stop answer is the one that helps (show your license if you have one, stay silent
    about your status). The turn stays an emergency: its intent, and the guard's reach."""
    door = [i for i, d in enumerate(turn.decisions) if (d.kind, d.topic) == ("answer", "emergency")]
    if door and at_a_traffic_stop(text):
        for i in door:
            turn.decisions[i] = Decision("answer", "rights_traffic_stop", turn.decisions[i].state)


def apply_effects(turn: Turn, profile: Profile, store: "SenderStore", bot: RasaClient, language: str, count: bool) -> None:
    """The one place a turn changes anything: erase, opt out or in, remember, count."""
    kinds = turn.kinds
    if turn.source == "guard":
        return  # the emergency answer for someone opted out or over the limit changes nothing
    if "delete_data" in kinds:
        store.erase(bot)
        return
    if "opted_out" in kinds:
        profile.opted_out = True
    if "opted_in" in kinds:
        profile.opted_out = False
    if "restart_hint" in kinds:
        profile.restart_hint_day = store.today.isoformat()
    if turn.topic in ("opted_out", "rate_limited") and "restart_hint" not in kinds:
        return  # silence and the rate notice remember nothing
    if turn.source == "bot":
        profile.state = turn.state
        profile.awaiting_state = "ask_state" in kinds
    store.save(profile)
    if turn.source == "bot" and turn.topic and count:
        store.count(turn.topic, turn.state, language)


def _is_emergency(bot: RasaClient, text: str) -> bool:
    """The emergency rule, else the classifier's emergency intent (no conversation is touched)."""
    if not text:
        return False
    if looks_like_emergency(text):
        return True
    intent, _confidence = bot.classify(neutralize_user_text(text))
    return intent == "emergency"


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


def _render_context(language: str, channel: str) -> RenderContext:
    services = current_app.extensions["helpline"]
    return RenderContext(
        language=language,
        channel=channel,
        content=services.content,
        locales_dir=str(current_app.config["LOCALES_DIR"]),
        privacy_values=services.privacy_values,
    )
