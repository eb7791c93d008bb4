"""Choose the reply language: the user's explicit choice, else their stored one, else detection.

Every list here comes from the language registry (registry/languages.yml).
"""

from __future__ import annotations

import re
from functools import lru_cache

from lingua import Language, LanguageDetectorBuilder

from helpline.dialogue.keywords import plain_words
from helpline.registries.languages import Registry, load_registry

# A message must be at least this long and this clear to override a language already in use:
# "ok", "si" or "gracias" alone never flips a conversation.
MIN_WORDS_TO_SWITCH = 3
MIN_CONFIDENCE_TO_SWITCH = 0.75
MIN_CONFIDENCE_FIRST = 0.3
# Menu item 0 lists the languages; a language's code or name (EN, español) chooses it.
LANGUAGE_MENU_NUMBER = "0"


def explicit_choice(text: str) -> str | None:
    """The language the user asked for in so many words ("english please", "en español", "ES")."""
    plain = plain_words(text)
    for language in load_registry().languages:
        if plain in language.choose or plain == language.code or plain == plain_words(language.name_native):
            return language.code
    return None


@lru_cache(maxsize=4)
def _detector(names: tuple[str, ...]):
    # Models ship inside the lingua wheel; restricting the set makes short texts more reliable.
    return LanguageDetectorBuilder.from_languages(*(getattr(Language, n) for n in names)).with_preloaded_language_models().build()


def _detectable(registry: Registry) -> dict[str, str]:
    """lingua model name -> language code, for full and detect-only languages."""
    found = {lang.detector: lang.code for lang in registry.languages if lang.detector}
    found.update({entry["detector"]: entry["code"] for entry in registry.detect_only if entry.get("detector")})
    return found


def detect_language(text: str) -> tuple[str | None, float]:
    """Best guess of the message's language among those the helpline knows, with confidence."""
    if not re.search(r"\w", text or ""):
        return None, 0.0
    registry = load_registry()
    words = set(plain_words(text).split())
    for language in registry.languages:
        others = set().union(*(lang.common_words for lang in registry.languages if lang.code != language.code))
        if words and words <= language.common_words and not words <= others:
            return language.code, 1.0
    detectable = _detectable(registry)
    if len(detectable) < 2:
        return None, 0.0
    values = _detector(tuple(sorted(detectable))).compute_language_confidence_values(text)
    if not values:
        return None, 0.0
    top = values[0]
    return detectable.get(top.language.name), float(top.value)


def choose_language(text: str, stored: str | None) -> tuple[str, str | None]:
    """Return (reply language, detected language if it has no full content yet)."""
    registry = load_registry()
    default = registry.codes[0]
    stored = stored if stored in registry.codes else None
    chosen = explicit_choice(text)
    if chosen:
        return chosen, None
    detected, confidence = detect_language(text)
    words = len(plain_words(text).split())
    if stored:
        if detected in registry.codes and detected != stored and words >= MIN_WORDS_TO_SWITCH and confidence >= MIN_CONFIDENCE_TO_SWITCH:
            return detected, None
        return stored, None
    if detected in registry.codes and confidence >= MIN_CONFIDENCE_FIRST:
        return detected, None
    if detected and detected not in registry.codes and confidence >= MIN_CONFIDENCE_TO_SWITCH:
        return default, detected
    return default, None
