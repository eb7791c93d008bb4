"""Emergency word rules, shared by the bot's EmergencyGuard and the web app's degraded mode."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

WORDS_PATH = Path(__file__).with_name("emergency_words.yml")


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " " + " ".join(re.sub(r"[^\w\s]", " ", letters).split()) + " "


@lru_cache(maxsize=1)
def load_words() -> dict[str, tuple[str, ...]]:
    """The word lists, padded with spaces for whole-word matching."""
    data = yaml.safe_load(WORDS_PATH.read_text(encoding="utf-8"))
    return {group: tuple(f" {w} " for w in words) for group, words in data.items()}


# "in 2019", "en 2015": a year written out is a past event (the current year is caught by "now" words).
PAST_YEAR = re.compile(r" (?:in|en|since|desde) (?:19|20)\d\d ")
PAST_AGO = re.compile(r" (?:hace (?:\d+|dos|tres|cuatro|cinco|unos|varios|muchos) (?:anos|meses)|\d+ (?:years|months) ago) ")


def tells_of_the_past(text: str) -> bool:
    """True when the text places events long ago and says nothing is happening now."""
    plain = _plain(text)
    words = load_words()
    past = any(w in plain for w in words["past"]) or bool(PAST_YEAR.search(plain) or PAST_AGO.search(plain))
    return past and not any(w in plain for w in words["now"])


def looks_like_emergency(text: str) -> bool:
    """True when the text reads as something happening now with enforcement agents."""
    plain = _plain(text)
    words = load_words()
    if tells_of_the_past(text):
        return False
    if any(w in plain for w in words["events"]):
        return True
    return any(w in plain for w in words["enforcement"]) and any(w in plain for w in words["urgency"])
