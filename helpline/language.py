"""Choose the reply language: the user's explicit choice, else their stored one, else detection."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from lingua import Language, LanguageDetectorBuilder

DEFAULT_LANGUAGE = "en"
# Languages with full answers. Others are recognised so the reply can say so (in English and
# Spanish) instead of guessing.
FULL_LANGUAGES = ("en", "es")
DETECTABLE = {
    Language.ENGLISH: "en",
    Language.SPANISH: "es",
    Language.PORTUGUESE: "pt",
    Language.FRENCH: "fr",
    Language.CHINESE: "zh",
    Language.VIETNAMESE: "vi",
}
# A message must be at least this long and this clear to override a language already in use:
# "ok", "si" or "gracias" alone never flips a conversation.
MIN_WORDS_TO_SWITCH = 3
MIN_CONFIDENCE_TO_SWITCH = 0.75
MIN_CONFIDENCE_FIRST = 0.3

# Statistical detection is unreliable on one or two words ("hello" scores as Spanish). Messages
# made only of these everyday words are decided by the list instead.
COMMON_WORDS = {
    "en": {"hello", "hi", "hey", "thanks", "thank", "you", "yes", "ok", "okay", "please", "help", "good",
           "morning", "afternoon", "evening", "license", "my", "i", "need", "info", "bye", "sorry"},
    "es": {"hola", "gracias", "si", "buenas", "buenos", "dias", "tardes", "noches", "ayuda", "por", "favor",
           "licencia", "necesito", "mi", "informacion", "oye", "porfa", "adios", "perdon", "que", "tal"},
}

EXPLICIT_CHOICES = {
    "en": re.compile(r"^(en|eng|english|ingles|in english|en ingles|english please|english pls|reply in english|inglés)$"),
    "es": re.compile(r"^(es|esp|espanol|spanish|en espanol|in spanish|espanol por favor|spanish please|castellano|spanish pls)$"),
}


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", letters).split())


def explicit_choice(text: str) -> str | None:
    """The language the user asked for in so many words ("english please", "en español")."""
    plain = _plain(text)
    for language, pattern in EXPLICIT_CHOICES.items():
        if pattern.match(plain):
            return language
    return None


@lru_cache(maxsize=1)
def _detector():
    # Models ship inside the lingua wheel; restricting the set makes short texts more reliable.
    return LanguageDetectorBuilder.from_languages(*DETECTABLE).with_preloaded_language_models().build()


def detect_language(text: str) -> tuple[str | None, float]:
    """Best guess of the message's language among those the helpline knows, with confidence."""
    if not re.search(r"\w", text or ""):
        return None, 0.0
    words = set(_plain(text).split())
    for language, common in COMMON_WORDS.items():
        others = set().union(*(c for lang, c in COMMON_WORDS.items() if lang != language))
        if words and words <= common and not words <= others:
            return language, 1.0
    values = _detector().compute_language_confidence_values(text)
    if not values:
        return None, 0.0
    top = values[0]
    return DETECTABLE.get(top.language), float(top.value)


# Menu item 0 switches to the other language (the menu shows "0 Español" / "0 English").
LANGUAGE_MENU_NUMBER = "0"


def choose_language(text: str, stored: str | None) -> tuple[str, str | None]:
    """Return (reply language, detected language if it has no full content yet)."""
    if text.strip() == LANGUAGE_MENU_NUMBER:
        return ("en" if stored == "es" else "es"), None
    chosen = explicit_choice(text)
    if chosen:
        return chosen, None
    detected, confidence = detect_language(text)
    words = len(_plain(text).split())
    if stored:
        if detected in FULL_LANGUAGES and detected != stored and words >= MIN_WORDS_TO_SWITCH and confidence >= MIN_CONFIDENCE_TO_SWITCH:
            return detected, None
        return stored, None
    if detected in FULL_LANGUAGES and confidence >= MIN_CONFIDENCE_FIRST:
        return detected, None
    if detected and detected not in FULL_LANGUAGES and confidence >= MIN_CONFIDENCE_TO_SWITCH:
        return DEFAULT_LANGUAGE, detected
    return DEFAULT_LANGUAGE, None
