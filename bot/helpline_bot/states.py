"""Find US states, DC and Puerto Rico in a short text message.

Pure Python (no Rasa import) so it can be tested quickly; `state_extractor.py` wraps it as a Rasa
NLU component.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DATA_PATH = Path(__file__).with_name("jurisdictions.yml")

# Words that, placed right before a two-letter code, say "this is a place": "I'm in OK",
# "vivo en PA", "from CO". Without one of them "ok", "me", "la" stay ordinary words.
LOCATION_CUES = (
    "in", "from", "live in", "living in", "im in", "i'm in", "i am in", "state", "state of",
    "vivo en", "estoy en", "soy de", "estado", "estado de", "mi estado es", "desde",
)
# "en" and "de" are too common in Spanish ("de mi", "en la") to mark a lowercase word as a
# state; they count only before a code written in capitals ("licencia en CA").
WEAK_CUES = ("en", "de")
MAX_ANSWER_TOKENS = 4
# Codes that are also everyday replies or greetings: a message of just "OK" or "HI" is not a state
# unless the bot has just asked for one.
CHAT_WORDS = frozenset({"HI", "OK", "OH", "ME", "IN", "OR", "AL", "DE", "MI"})


@dataclass(frozen=True)
class StateMatch:
    """One place found in the text: a USPS code, or several codes when the place is ambiguous."""

    codes: tuple[str, ...]
    start: int
    end: int
    text: str

    @property
    def is_ambiguous(self) -> bool:
        """True when the words name a place in more than one state (Kansas City, Portland)."""
        return len(self.codes) > 1


def fold_text(text: str) -> str:
    """Lowercase and drop accents, except ñ, keeping one character per input character."""
    out = []
    for ch in text.lower():
        if ch == "ñ":
            out.append(ch)
            continue
        base = unicodedata.normalize("NFKD", ch)
        stripped = "".join(c for c in base if not unicodedata.combining(c))
        # Keep offsets aligned with the original text: one character in, one out.
        out.append(stripped[0] if len(stripped) == 1 else ch)
    return "".join(out)


@lru_cache(maxsize=1)
def load_gazetteer() -> tuple[list[tuple[str, tuple[str, ...]]], frozenset[str], frozenset[str]]:
    """Load names, aliases and cities (longest first), the word-like codes and all codes."""
    data = yaml.safe_load(DATA_PATH.read_text(encoding="utf-8"))
    phrases: dict[str, tuple[str, ...]] = {}
    codes = set()
    for row in data["jurisdictions"]:
        code = row["code"]
        codes.add(code)
        for phrase in [row["name_en"], row["name_es"], *row["aliases"], *row["cities"]]:
            phrases[fold_text(phrase)] = (code,)
    for phrase, candidates in data["ambiguous_cities"].items():
        phrases[fold_text(phrase)] = tuple(candidates)
    ordered = sorted(phrases.items(), key=lambda item: -len(item[0]))
    return ordered, frozenset(data["word_codes"]), frozenset(codes)


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    # Dots and spaces in names ("d.c.", "st. louis") may be typed with or without them.
    parts = [re.escape(p) for p in re.split(r"[\s.]+", phrase) if p]
    body = r"[\s.]*".join(parts)
    if re.search(r"[\u3400-\u9fff]", phrase):
        return re.compile(body)  # Chinese is written without spaces between words
    return re.compile(r"(?<![\w])" + body + r"\.?(?![\w])")


@lru_cache(maxsize=None)
def _compiled(phrase: str) -> re.Pattern[str]:
    return _phrase_pattern(phrase)


def _has_location_cue(folded: str, start: int, cues: tuple[str, ...] = LOCATION_CUES) -> bool:
    before = re.sub(r"[^\w' ]", " ", folded[:start]).split()
    tail = " ".join(before[-3:])
    return any(tail == cue or tail.endswith(" " + cue) for cue in cues)


def _reads_as_state(
    raw: str, text: str, folded: str, start: int, end: int, words: list[str], answering: bool
) -> bool:
    """Decide whether a code that is also a word ("ok", "la", "pa") names a state here."""
    if answering:
        return True
    at_end = end >= len(text.rstrip(" .!?"))
    written_as_code = raw.isupper() and not text.isupper()
    if _has_location_cue(folded, start) and (written_as_code or at_end):
        return True
    if written_as_code and _has_location_cue(folded, start, WEAK_CUES):
        return True
    # A message that is only "PA" or "CO" in capitals is a state; "ok", "hi" or "OK" alone is chat.
    return len(words) == 1 and raw.isupper() and raw.upper() not in CHAT_WORDS


def find_states(text: str, expecting_state: bool = False) -> list[StateMatch]:
    """Return the places named in `text`, in order of appearance.

    `expecting_state` is true when the bot has just asked "which state?": then a bare code that is
    also a word ("ok", "la", "pa") is read as the state.
    """
    phrases, word_codes, all_codes = load_gazetteer()
    folded = fold_text(text)
    taken = [False] * len(folded)
    found: list[StateMatch] = []

    for phrase, codes in phrases:
        for match in _compiled(phrase).finditer(folded):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            for i in range(start, end):
                taken[i] = True
            found.append(StateMatch(codes, start, end, text[start:end]))

    words = re.findall(r"\w+", text)
    short_answer = len(words) <= MAX_ANSWER_TOKENS
    for token in re.finditer(r"(?<![\w.])[A-Za-z]{2}(?![\w])", text):
        start, end = token.span()
        raw = token.group(0)
        code = raw.upper()
        if code not in all_codes or any(taken[start:end]):
            continue
        if code in word_codes and not _reads_as_state(
            raw, text, folded, start, end, words, expecting_state and short_answer
        ):
            continue
        found.append(StateMatch((code,), start, end, raw))
        for i in range(start, end):
            taken[i] = True

    return sorted(found, key=lambda m: m.start)


def pick_state(matches: list[StateMatch]) -> StateMatch | None:
    """Choose the place the message is about: the last unambiguous one ("moved from TX to NY")."""
    clear = [m for m in matches if not m.is_ambiguous]
    if clear:
        return clear[-1]
    return matches[-1] if matches else None
