"""The bot's pure-Python rules (state gazetteer, emergency words), loaded for degraded mode.

They live in bot/helpline_bot/ so Rasa uses them; these modules import nothing from Rasa, so the
web app loads the very same files instead of keeping a copy that could drift.
"""

from __future__ import annotations

import importlib
import sys
from functools import lru_cache
from pathlib import Path
from types import ModuleType

BOT_PACKAGE = Path(__file__).resolve().parents[2] / "bot" / "helpline_bot"


PACKAGE_ALIAS = "helpline_bot_rules"


@lru_cache(maxsize=None)
def load_bot_module(name: str) -> ModuleType:
    """Import bot/helpline_bot/<name>.py without running the package's __init__ (the bot's
    package imports Rasa): the folder is mounted as a bare package under another name."""
    if PACKAGE_ALIAS not in sys.modules:
        package = ModuleType(PACKAGE_ALIAS)
        package.__path__ = [str(BOT_PACKAGE)]
        sys.modules[PACKAGE_ALIAS] = package
    return importlib.import_module(f"{PACKAGE_ALIAS}.{name}")


def looks_like_emergency(text: str) -> bool:
    """The bot's emergency rule."""
    return load_bot_module("safety").looks_like_emergency(text)


def at_a_traffic_stop(text: str) -> bool:
    """The bot's rule for an emergency in a stopped car."""
    return load_bot_module("safety").at_a_traffic_stop(text)


def find_state(text: str, expecting_state: bool = False) -> str | None:
    """The one state a message names (None if none or ambiguous)."""
    states = load_bot_module("states")
    match = states.pick_state(states.find_states(text, expecting_state))
    return match.codes[0] if match and not match.is_ambiguous else None
