"""The language registry (registry/languages.yml) as the bot's components read it: emergency
words and state names of every language. Pure Python, no Rasa: the web app loads it too."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import yaml

DEFAULT_REGISTRY = Path(__file__).resolve().parents[2] / "registry" / "languages.yml"


def registry_path() -> Path:
    """The registry in force (HELPLINE_LANGUAGES overrides it, as in the web app)."""
    return Path(os.environ.get("HELPLINE_LANGUAGES") or DEFAULT_REGISTRY)


@lru_cache(maxsize=4)
def _languages(path: Path) -> tuple[dict, ...]:
    return tuple(yaml.safe_load(path.read_text(encoding="utf-8"))["languages"])


def registered_languages() -> tuple[dict, ...]:
    """Every language entry, the default first."""
    return _languages(registry_path())


def emergency_words(group: str) -> tuple[str, ...]:
    """One group of emergency words (enforcement, urgency, events, past, now), every language's."""
    words: list[str] = []
    for language in registered_languages():
        words += [str(w) for w in (language.get("emergency") or {}).get(group) or ()]
    return tuple(dict.fromkeys(words))


def state_names() -> dict[str, dict[str, tuple[str, ...]]]:
    """USPS code -> {language code: the names people write in that language, the usual one first}."""
    names: dict[str, dict[str, tuple[str, ...]]] = {}
    for language in registered_languages():
        for code, listed in (language.get("state_names") or {}).items():
            values = listed if isinstance(listed, list) else [listed]
            names.setdefault(str(code), {})[language["code"]] = tuple(str(v) for v in values)
    return names


def state_cues(kind: str) -> frozenset[str]:
    """One kind of state cue (not, former, origin, current, answer), every language's."""
    return _cues(registry_path()).get(kind, frozenset())


@lru_cache(maxsize=4)
def _cues(path: Path) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for language in _languages(path):
        for kind, words in (language.get("state_cues") or {}).items():
            found.setdefault(kind, set()).update(str(w) for w in words or ())
    return {kind: frozenset(words) for kind, words in found.items()}
