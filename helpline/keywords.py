"""Keywords handled before Rasa (STOP, START, HELP, DELETE) and shortcuts passed to it.

Only these words change whether someone gets messages: Rasa's classifier never opts anyone out
("no", "nada", "ya" are answers, not opt-outs). Words are compared after Unicode normalisation
and confusable folding, so "SТOP" typed with a Cyrillic Т, "𝐒𝐓𝐎𝐏" or "DE\u00adLETE" still count.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from confusable_homoglyphs.confusables import confusables_data

# Twilio's and the carriers' English lists (every language honours them), then the words
# Spanish speakers actually send.
TWILIO_STOP_WORDS = {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout", "opt out"}
TWILIO_START_WORDS = {"start", "unstop", "yes"}
TWILIO_HELP_WORDS = {"help", "info"}
STOP_WORDS = TWILIO_STOP_WORDS | {"parar", "alto", "baja", "cancelar", "detener", "darme de baja"}
START_WORDS = TWILIO_START_WORDS | {"empezar", "iniciar", "reanudar"}
HELP_WORDS = TWILIO_HELP_WORDS | {"ayuda", "informacion"}
DELETE_WORDS = {"delete", "borrar", "eliminar", "delete my data", "borrar mis datos", "borra mis datos"}

# Menu numbers and one-word commands become Rasa intents directly ("/intent"), so the reply
# does not depend on a classifier guessing what "3" means. These are the only "/intent" messages
# that ever reach Rasa: user text is neutralised first (see neutralize_user_text).
MENU_INTENTS = {
    "1": "ask_license_eligibility",
    "2": "ask_dmv_data_sharing",
    "3": "ask_facial_recognition",
    "4": "ask_data_collected",
    "5": "ask_apply_safely",
    "6": "ask_rights_traffic_stop",
    "7": "ask_rights_at_home",
    "8": "ask_legal_help",
    "9": "ask_helpline_privacy",
    "10": "ask_driving_in_other_states",
}
COMMAND_INTENTS = {
    "more": "more", "mas": "more",
    "source": "source", "sources": "source", "why": "source", "fuente": "source", "fuentes": "source",
    "por que": "source",
    "menu": "help",
}
SHORTCUT_INTENTS = frozenset(MENU_INTENTS.values()) | frozenset(COMMAND_INTENTS.values()) | {"set_language"}
# Rasa reads a message that starts with "/" as "/intent{entities}" and skips NLU.
INTENT_PREFIX = "/"


@lru_cache(maxsize=4096)
def _ascii_lookalike(ch: str) -> str:
    """The ASCII letter a non-Latin character is confusable with (Unicode's confusables data)."""
    for glyph in confusables_data.get(ch, ()):
        target = glyph.get("c", "")
        if len(target) == 1 and target.isascii() and target.isalnum():
            return target
    return ch


def fold_confusables(text: str) -> str:
    """NFKC, drop invisible format characters (soft hyphens, zero-width marks), and replace
    Cyrillic or Greek letters that look like Latin ones by those Latin letters."""
    normalized = unicodedata.normalize("NFKC", text or "")
    visible = "".join(ch for ch in normalized if unicodedata.category(ch) != "Cf")
    # Below U+0250 is Latin (with accents): those letters are what they look like.
    return "".join(_ascii_lookalike(ch) if ord(ch) >= 0x250 else ch for ch in visible)


def plain_words(text: str) -> str:
    """Lowercase words without accents, punctuation or look-alike letters: what keywords compare."""
    decomposed = unicodedata.normalize("NFKD", fold_confusables(text).lower())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", letters).split())


def match_keyword(text: str) -> str | None:
    """'stop', 'start', 'help' or 'delete' when the whole message is that keyword."""
    plain = plain_words(text)
    for name, words in (("stop", STOP_WORDS), ("start", START_WORDS), ("help", HELP_WORDS), ("delete", DELETE_WORDS)):
        if plain in words:
            return name
    return None


def shortcut_intent(text: str) -> str | None:
    """The intent for a menu number or one-word command, or None for ordinary text."""
    plain = plain_words(text)
    return MENU_INTENTS.get(plain) or COMMAND_INTENTS.get(plain)


def neutralize_user_text(text: str) -> str:
    """User text as Rasa must see it: never starting with "/" (which Rasa would obey as an intent
    with entities), whatever look-alike slash, space or invisible character comes first."""
    start = 0
    while start < len(text) and _is_leading_junk(text[start]):
        start += 1
    return text[start:]


def _is_leading_junk(ch: str) -> bool:
    if ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc"):
        return True
    return unicodedata.normalize("NFKC", ch) == INTENT_PREFIX or any(
        glyph.get("c") == INTENT_PREFIX for glyph in confusables_data.get(ch, ())
    )
