"""The topic registry (registry/topics.yml), read once: scopes, menu numbers, titles, intents.

Everything that lists topics reads it: content loading and checking, the menu and its number
shortcuts, footers, degraded mode, and the test that the bot's domain agrees.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

REGISTRY = Path(__file__).resolve().parents[2] / "registry" / "topics.yml"


@dataclass(frozen=True)
class Topic:
    """One topic the helpline answers."""

    name: str
    intent: str
    scope: str  # state | general | both
    title: str
    legal: bool
    menu: int | None = None
    state_note: bool = False


def extract_titles(fileobj, keywords, comment_tags, options):
    """Babel extractor (babel.cfg): the registry's menu titles are msgids like those in the code."""
    data = yaml.safe_load(fileobj.read().decode("utf-8"))
    for number, entry in enumerate(data.get("topics", []), start=1):
        yield number, "_", entry["title"], []


@lru_cache(maxsize=1)
def load_topics() -> tuple[Topic, ...]:
    """Every topic, in registry order."""
    data = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
    return tuple(Topic(**entry) for entry in data["topics"])


def topics_where(**conditions) -> tuple[str, ...]:
    """The names of the topics whose fields equal `conditions` (scope may be a tuple of scopes)."""
    names = []
    for topic in load_topics():
        if all(getattr(topic, key) in (value if isinstance(value, tuple) else (value,)) for key, value in conditions.items()):
            names.append(topic.name)
    return tuple(names)


def menu_topics() -> tuple[Topic, ...]:
    """The topics on the SMS menu, by number."""
    return tuple(sorted((t for t in load_topics() if t.menu is not None), key=lambda t: t.menu))


def topic_titles() -> dict[str, str]:
    """Topic name -> English title (a msgid)."""
    return {t.name: t.title for t in load_topics()}
