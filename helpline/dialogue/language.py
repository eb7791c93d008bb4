"""Choose the reply language: the user's explicit choice, else their stored one, else detection.

Every list here comes from the language registry (registry/languages.yml).
"""

from __future__ import annotations

import re
from functools import lru_cache

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from helpline.dialogue.keywords import plain_words
from helpline.registries.languages import Registry, load_registry, registry_path

# A message must be at least this long and this clear to override a language already in use:
# "ok", "si" or "gracias" alone never flips a conversation.
MIN_WORDS_TO_SWITCH = 3
MIN_CONFIDENCE_TO_SWITCH = 0.75
MIN_CONFIDENCE_FIRST = 0.3
# Typical words (registry `marker_words`): at least this many, and this many more than any other
# language's, decide; otherwise the statistical model does.
MIN_MARKERS, MARKER_MARGIN, MARKER_CONFIDENCE = 2, 2, 0.9
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
def _detector(codes: tuple[str, ...]) -> LanguageIdentifier:
    # py3langid's model ships inside its wheel and knows Haitian Creole (lingua has no model for
    # it); restricting it to the languages we know makes short texts more reliable.
    identifier = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(codes))
    return identifier


def _detectable(registry: Registry) -> dict[str, str]:
    """Detector code -> language code, for full and detect-only languages."""
    found = {lang.detector: lang.code for lang in registry.languages if lang.detector}
    found.update({entry["detector"]: entry["code"] for entry in registry.detect_only if entry.get("detector")})
    return found


def detect_language(text: str) -> tuple[str | None, float]:
    """Best guess of the message's language among those the helpline knows, with confidence."""
    if not re.search(r"\w", text or ""):
        return None, 0.0
    registry = load_registry()
    plain = plain_words(text)
    owners = _keyword_owners(registry_path()).get(plain, ())
    if len(owners) == 1:  # a keyword or command only one language uses ("para", "efase", "tro giup")
        return owners[0], 1.0
    words = set(plain.split())
    for language in registry.languages:
        others = set().union(*(lang.common_words for lang in registry.languages if lang.code != language.code))
        if words and words <= language.common_words and not words <= others:
            return language.code, 1.0
    marked = _by_marker_words(words, registry)
    if marked:
        return marked, MARKER_CONFIDENCE
    detectable = _detectable(registry)
    if len(detectable) < 2:
        return None, 0.0
    code, confidence = _detector(tuple(sorted(detectable))).classify(text)
    return detectable.get(code), float(confidence)


@lru_cache(maxsize=4)
def _keyword_owners(path) -> dict[str, tuple[str, ...]]:
    """Whole-message keyword or command -> the languages that use it. The carriers' words (STOP,
    OPTOUT...) belong to the default language, whatever other languages list them."""
    registry = load_registry()
    owners: dict[str, set[str]] = {}
    for language in registry.languages:
        listed = [*(w for words in language.keywords.values() for w in words or ()),
                  *(w for words in (language.commands or {}).values() for w in words or ())]
        for word in listed:
            owners.setdefault(str(word), set()).add(language.code)
    for words in registry.carrier_keywords.values():
        for word in words or ():
            owners[str(word)] = {registry.codes[0]}
    return {word: tuple(sorted(codes)) for word, codes in owners.items()}


def _by_marker_words(words: set[str], registry: Registry) -> str | None:
    """The language whose typical words the message uses clearly most (Vietnamese and Kreyol
    typed without accents fool statistical models; their function words do not)."""
    scores = sorted(((len(words & lang.marker_words), lang.code) for lang in registry.languages), reverse=True)
    if not scores or scores[0][0] < MIN_MARKERS:
        return None
    runner_up = scores[1][0] if len(scores) > 1 else 0
    return scores[0][1] if scores[0][0] >= runner_up + MARKER_MARGIN else None


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
