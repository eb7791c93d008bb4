"""Decide a reply without Rasa (down, slow, or answering garbage): emergency first, then menu
numbers and states, else an apology with the menu. Rendering is the same as for Rasa's payloads."""

from __future__ import annotations

from helpline.bot_rules import find_state, looks_like_emergency
from helpline.content import STATE_TOPICS
from helpline.keywords import MENU_INTENTS, shortcut_intent
from helpline.topics import load_topics


def decide_without_rasa(
    text: str, known_state: str | None, expecting_state: bool = False
) -> tuple[list[dict], str | None]:
    """Payloads like Rasa's, and the state to remember."""
    if looks_like_emergency(text):
        return [{"kind": "answer", "topic": "emergency", "state": known_state}], known_state
    state = find_state(text, expecting_state) or known_state
    intent = shortcut_intent(text)
    if intent in MENU_INTENTS.values():
        topic = next(t.name for t in load_topics() if t.intent == intent)
        if topic in STATE_TOPICS and not state:
            return [{"kind": "ask_state", "topic": topic}], state
        return [{"kind": "answer", "topic": topic, "state": state}], state
    if intent in ("more", "source", "help"):
        return [{"kind": "help", "state": state}], state
    if state and state != known_state:
        return [{"kind": "answer", "topic": None, "state": state}], state
    return [{"kind": "unavailable"}], state
