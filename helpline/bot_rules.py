"""The bot's pure-Python rules (state gazetteer, emergency words), loaded for degraded mode.

They live in bot/helpline_bot/ so Rasa uses them; these modules import nothing from Rasa, so the
web app loads the very same files instead of keeping a copy that could drift.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import lru_cache
from pathlib import Path
from types import ModuleType

BOT_PACKAGE = Path(__file__).resolve().parent.parent / "bot" / "helpline_bot"


@lru_cache(maxsize=None)
def load_bot_module(name: str) -> ModuleType:
    """Import bot/helpline_bot/<name>.py without importing the package (which needs Rasa)."""
    qualified = f"helpline_bot_rules.{name}"
    spec = importlib.util.spec_from_file_location(qualified, BOT_PACKAGE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[qualified] = module
    spec.loader.exec_module(module)
    return module


def looks_like_emergency(text: str) -> bool:
    """The bot's emergency rule."""
    return load_bot_module("safety").looks_like_emergency(text)


def find_state(text: str, expecting_state: bool = False) -> str | None:
    """The one state a message names (None if none or ambiguous)."""
    states = load_bot_module("states")
    match = states.pick_state(states.find_states(text, expecting_state))
    return match.codes[0] if match and not match.is_ambiguous else None
