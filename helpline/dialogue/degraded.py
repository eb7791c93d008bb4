"""Decide a reply without Rasa (down, slow, or answering garbage): emergency first, then menu
numbers and states, else an apology with the menu. The decisions are the same kind Rasa returns."""

from __future__ import annotations

from helpline.content.store import STATE_TOPICS
from helpline.dialogue.bot_rules import find_state, looks_like_emergency
from helpline.dialogue.decision import Decision, Turn
from helpline.dialogue.keywords import MENU_INTENTS, shortcut_intent
from helpline.registries.topics import load_topics


def decide_without_rasa(text: str, known_state: str | None, expecting_state: bool = False) -> Turn:
    """A turn like Rasa's, with the state to remember."""
    if looks_like_emergency(text):
        return Turn([Decision("answer", "emergency", known_state)], state=known_state)
    state = find_state(text, expecting_state) or known_state
    intent = shortcut_intent(text)
    if intent in MENU_INTENTS.values():
        topic = next(t.name for t in load_topics() if t.intent == intent)
        if topic in STATE_TOPICS and not state:
            return Turn([Decision("ask_state", topic)], state=state)
        return Turn([Decision("answer", topic, state)], state=state)
    if intent in ("more", "source", "help"):
        return Turn([Decision("help", state=state)], state=state)
    if state and state != known_state:
        return Turn([Decision("set_state", state=state)], state=state)
    return Turn([Decision("unavailable")], state=state)
