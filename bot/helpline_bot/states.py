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

try:  # inside Rasa (package import) or loaded by file from the web app (helpline.dialogue.bot_rules)
    from helpline_bot.registry import state_cues, state_names
except ImportError:  # pragma: no cover - the web app mounts this folder under another name
    from helpline_bot_rules.registry import state_cues, state_names

DATA_PATH = Path(__file__).with_name("jurisdictions.yml")

# Cues read on the few folded words just before a place, within its clause (apostrophes dropped:
# "don't" -> "dont", "I'm" -> "im"), from every language's `state_cues` (registry/languages.yml).
# Checked in this order, so "don't live in" is a negation and "used to live in" a former home
# before "live in" can say current. Bare "no"/"not" negate only when right before the place or
# before "en"/"in" + place, so "no se si en Texas" keeps Texas. Where someone comes from is often
# still where they live ("I'm from Texas"), so an origin is kept when nothing else is named, but
# loses to any other place ("soy de Texas pero vivo en Ohio"). The state that issued someone's
# card is their home state: "license from Connecticut" is a current cue. A trip's end ("can I
# drive to Indiana?") is checked last, so "moved to" stays current, and loses to any other place.
ROLES = ("not", "former", "origin", "current", "destination")
# ...and so is a place written right before the card: "my Connecticut license", "a NY DL".
CARD_AFTER = re.compile(r"^\s*(?:'s\s*)?(?:drivers?\s*|driving\s*|driver's\s*)?(?:license|licence|lic|card|dl|permit|privilege card)\b")
# "and"/"or" in each language: "Oregon voi Idaho", "Florid ak New York", "纽约和新泽西".
CONJUNCTION = re.compile(r"\s*(?:and|or|y|o|e|u|et|ou|ak|oswa|va|voi|hoac|和|或|跟|与|與|&|/)\s*")
CUE_WINDOW = 4  # words before the place; the longest cue is "no longer live in"
# "I live in the state of Texas": the cue is read before these words.
STATE_OF = re.compile(r"\b(?:the |el )?(?:state|estado) (?:of|de)\s*$")
# pick_state prefers current places, then unmarked ones, origins, then a trip's end; "not"/"former" never win.
ROLE_RANK = {"current": 0, "": 1, "origin": 2, "destination": 3}

# A code that is also a word ("ok", "la", "pa") is a state only when the whole message is the
# code, or one of the registry's `answer` cues and the code: "state: ok", "vivo en pa", "im in la".
# Codes that are also everyday replies or greetings: a message of just "OK" or "HI" is not a state
# unless the bot has just asked for one, and lowercase "ok", "hi" alone never are.
CHAT_WORDS = frozenset({"HI", "OK", "OH", "ME", "IN", "OR", "AL", "DE", "MI"})


@dataclass(frozen=True)
class StateMatch:
    """A place in the text: one USPS code, or several when the place or the message is ambiguous."""

    codes: tuple[str, ...]
    start: int
    end: int
    text: str
    # The cue before the place: "not", "former", "origin", "current", or "" for none.
    cue: str = ""

    @property
    def is_ambiguous(self) -> bool:
        """True when the words name more than one state (Kansas City, "Texas or California?")."""
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
def _lead_in_words() -> frozenset[str]:
    """The last word of every current-place or answer cue ("live in" -> "in", "vivo en" -> "en"),
    less the place words after which a lowercase texting word stays a word ("bang lai dc ko")."""
    words = {cue.split()[-1] for kind in ("current", "answer") for cue in state_cues(kind) if cue.split()}
    return frozenset(words - set(_not_lead_in_words()))


def _not_lead_in_words() -> tuple[str, ...]:
    return tuple(_gazetteer_data().get("not_lead_in_words") or ())


@lru_cache(maxsize=1)
def _gazetteer_data() -> dict:
    return yaml.safe_load(DATA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load_gazetteer() -> tuple[list[tuple[str, tuple[str, ...]]], frozenset[str], frozenset[str], frozenset[str]]:
    """Load names, aliases and cities (longest first), the word-like codes, all codes, and the codes
    that are texting abbreviations when typed in lowercase (Vietnamese "dc", French "ca")."""
    data = _gazetteer_data()
    phrases: dict[str, tuple[str, ...]] = {}
    codes = set()
    names_by_code = state_names()  # every registered language's names (registry/languages.yml)
    for row in data["jurisdictions"]:
        code = row["code"]
        codes.add(code)
        names = [name for listed in names_by_code.get(code, {}).values() for name in listed]
        for phrase in [*names, *row["aliases"], *row["cities"]]:
            phrases[fold_text(phrase)] = (code,)
    for phrase, candidates in data["ambiguous_cities"].items():
        phrases[fold_text(phrase)] = tuple(candidates)
    ordered = sorted(phrases.items(), key=lambda item: -len(item[0]))
    return ordered, frozenset(data["word_codes"]), frozenset(codes), frozenset(data.get("lowercase_word_codes") or ())


# A word character that is not Chinese, Japanese or Korean: those scripts need no spaces around a name.
LATIN_WORD = r"[^\W\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]"


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    # Dots and spaces in names ("d.c.", "st. louis") may be typed with or without them.
    parts = [re.escape(p) for p in re.split(r"[\s.]+", phrase) if p]
    body = r"[\s.]*".join(parts)
    if re.search(r"[\u3400-\u9fff]", phrase):
        return re.compile(body)  # Chinese is written without spaces between words
    # A Latin name touching Chinese ("我住San Gabriel", "Houston的DMV") still has its edges.
    return re.compile(r"(?<!" + LATIN_WORD + ")" + body + r"\.?(?!" + LATIN_WORD + ")")


@lru_cache(maxsize=None)
def _compiled(phrase: str) -> re.Pattern[str]:
    return _phrase_pattern(phrase)


def _words(text: str) -> list[str]:
    """The words of folded text, with apostrophes dropped ("don't" -> "dont")."""
    return re.findall(r"\w+", re.sub(r"['’`]", "", text))


def _cue(folded: str, start: int) -> str:
    """The role the words just before a place give it: "not", "former", "origin", "current" or ""."""
    # A cue does not cross punctuation: in "No, Texas" the "no" answers something else.
    clause = STATE_OF.sub("", re.split(r"[,.;:!?¡¿()\n]", folded[:start])[-1])
    tail = " ".join(_words(clause)[-CUE_WINDOW:])
    for role in ROLES:
        cues = state_cues(role)
        # Chinese runs are one "word" with the place's own characters cut off: "我住在" ends in "住在".
        if any(tail == cue or tail.endswith(" " + cue) or (not cue.isascii() and tail.endswith(cue)) for cue in cues):
            return role
    return ""


def _is_answer(folded: str, raw: str, start: int, end: int, expecting_state: bool) -> bool:
    """True when a code that is also a word ("ok", "la", "pa") is the whole answer, not a word."""
    if re.search(r"\w", folded[end:]):
        return False
    before = _words(folded[:start])
    if before:
        return " ".join(before) in state_cues("answer")
    # Alone: "PA" is a state; "OK"/"HI" only after "which state?"; "la" only after the question.
    if raw.upper() in CHAT_WORDS:
        return expecting_state and raw.isupper()
    return expecting_state or raw.isupper()


def _is_texting_word(folded: str, raw: str, start: int, end: int, expecting_state: bool) -> bool:
    """True for a lowercase code that is a texting abbreviation here ("lam bang lai dc ko" = can I,
    "ca marche" = that works, "ajudou mt" = helped a lot), not an answer or a place after "in"."""
    if not (len(raw) == 2 and raw.islower() and raw.upper() in load_gazetteer()[3]):
        return False
    before = _words(folded[:start])
    after_place_word = bool(before) and before[-1] in _lead_in_words()
    return not (after_place_word or _is_answer(folded, raw, start, end, expecting_state))


def find_states(text: str, expecting_state: bool = False) -> list[StateMatch]:
    """Return the places named in `text`, in order of appearance, each with its cue.

    `expecting_state` is true when the bot has just asked "which state?": then a message of just a
    code that is also a word ("la", "pa", "OK") is read as the state.
    """
    phrases, word_codes, all_codes, _ = load_gazetteer()
    folded = fold_text(text)
    taken = [False] * len(folded)
    spans: list[tuple[tuple[str, ...], int, int]] = []

    for phrase, codes in phrases:
        for match in _compiled(phrase).finditer(folded):
            start, end = match.span()
            if any(taken[start:end]) or _is_texting_word(folded, text[start:end], start, end, expecting_state):
                continue  # "d.c." also matches "dc", which in Vietnamese is "duoc"
            for i in range(start, end):
                taken[i] = True
            spans.append((codes, start, end))

    for token in re.finditer(r"(?<![.]|" + LATIN_WORD + r")[A-Za-z]{2}(?!" + LATIN_WORD + ")", text):
        start, end = token.span()
        code = token.group(0).upper()
        if code not in all_codes or any(taken[start:end]):
            continue
        if code in word_codes and not _is_answer(folded, token.group(0), start, end, expecting_state):
            continue
        if _is_texting_word(folded, text[start:end], start, end, expecting_state):
            continue
        spans.append(((code,), start, end))

    found: list[StateMatch] = []
    for codes, start, end in sorted(spans, key=lambda span: span[1]):
        cue = _cue(folded, start)
        # Spanish "no" right before a place is Portuguese "no" (in the): "moro no Texas". It negates
        # only a place after another one: "California, no Texas".
        if cue == "not" and not found and _words(folded[:start])[-1:] == ["no"]:
            cue = ""
        # "I don't live in Texas or Florida", "vivo en Texas y California": one cue for both.
        if found and CONJUNCTION.fullmatch(folded[found[-1].end:start]):
            cue = found[-1].cue
        if not cue and CARD_AFTER.match(folded[end:]):
            cue = "current"
        found.append(StateMatch(codes, start, end, text[start:end], cue))
    return found


def pick_state(matches: list[StateMatch]) -> StateMatch | None:
    """Choose the place the message is about, or one ambiguous match when the cues do not decide."""
    # "California, not Texas" and "moved from TX to NY": negated and former homes never win.
    kept = [m for m in matches if m.cue in ROLE_RANK]
    if not kept:
        return None
    best = min(ROLE_RANK[m.cue] for m in kept)
    kept = [m for m in kept if ROLE_RANK[m.cue] == best]
    common = set(kept[0].codes).intersection(*(m.codes for m in kept[1:]))
    if common:
        # "Kansas City, Missouri", "Houston, Texas": the mentions agree on a state.
        exact = [m for m in kept if set(m.codes) == common]
        if exact:
            return exact[-1]
        codes = tuple(code for code in kept[0].codes if code in common)
    else:
        # "Texas or California?": guessing could give the wrong state's rights, so ask.
        codes = tuple(dict.fromkeys(code for m in kept for code in m.codes))
    # Spans every mention; `text` lists them, since the words between are not a place.
    return StateMatch(codes, kept[0].start, kept[-1].end, ", ".join(m.text for m in kept), kept[-1].cue)
