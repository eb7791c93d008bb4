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

from helpline.dialogue.bot_rules import load_bot_module
from helpline.registries.languages import KEYWORD_KINDS, load_registry, registry_path
from helpline.registries.topics import menu_topics

# Menu numbers and one-word commands become Rasa intents directly ("/intent"), so the reply
# does not depend on a classifier guessing what "3" means. These are the only "/intent" messages
# that ever reach Rasa: user text is neutralised first (see neutralize_user_text).
MENU_INTENTS = {str(topic.menu): topic.intent for topic in menu_topics()}
# What each registry command means to Rasa.
COMMAND_TO_INTENT = {"more": "more", "source": "source", "menu": "help"}
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


# Letters NFKD leaves whole ("đ", "œ"), folded as the bot's emergency rule folds them.
UNDECOMPOSED = load_bot_module("safety").UNDECOMPOSED


def plain_words(text: str) -> str:
    """Lowercase words without accents, punctuation or look-alike letters: what keywords compare."""
    decomposed = unicodedata.normalize("NFKD", fold_confusables(text).lower().translate(UNDECOMPOSED))
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", letters).split())


def keyword_words(kind: str) -> frozenset[str]:
    """Every word for one keyword (stop, start, help, delete): the carriers' list and every
    registered language's, since people do not always write in the language they chose."""
    return _tables(registry_path())[0][kind]


def command_intents() -> dict[str, str]:
    """One-word commands of every language ("more", "mas", "fuente") -> the Rasa intent."""
    return _tables(registry_path())[1]


@lru_cache(maxsize=4)
def _tables(path) -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """Built once per registry file, not once per message."""
    registry = load_registry()
    words = {}
    for kind in KEYWORD_KINDS:
        found = set(registry.carrier_keywords.get(kind) or ())
        for language in registry.languages:
            found |= set(language.keywords.get(kind) or ())
        words[kind] = frozenset(str(w) for w in found)
    intents = {}
    for language in registry.languages:
        for command, listed in (language.commands or {}).items():
            for word in listed or ():
                intents[str(word)] = COMMAND_TO_INTENT[command]
    return words, intents


def is_opt_in_only(text: str) -> bool:
    """True for START words that are also everyday answers ("yes", "si")."""
    return plain_words(text) in load_registry().opt_in_only


def match_keyword(text: str) -> str | None:
    """'stop', 'start', 'help' or 'delete' when the whole message is that keyword."""
    plain = plain_words(text)
    for name in KEYWORD_KINDS:
        if plain in keyword_words(name):
            return name
    return None


def shortcut_intent(text: str) -> str | None:
    """The intent for a menu number or one-word command, or None for ordinary text."""
    plain = plain_words(text)
    return MENU_INTENTS.get(plain) or command_intents().get(plain)


def title_intent(text: str, locales_dir: str) -> str | None:
    """The intent of a menu title sent back as a message ("Agents at your door", a tapped quick
    reply, a copied line), in any registered language."""
    return _titles(locales_dir, registry_path()).get(plain_words(text))


@lru_cache(maxsize=4)
def _titles(locales_dir: str, path) -> dict[str, str]:
    from helpline.rendering.i18n import load_translations

    titles = {}
    for topic in menu_topics():
        for language in load_registry().languages:
            titles[plain_words(load_translations(locales_dir, language.code).gettext(topic.title))] = topic.intent
    return titles


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
