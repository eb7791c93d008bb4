"""Choose the reply language: the user's explicit choice, else their stored one, else detection.

Every list here comes from the language registry (registry/languages.yml).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from helpline.dialogue.keywords import plain_words
from helpline.dialogue.texting_model import texting_model
from helpline.registries.jurisdictions import (
    load_all_state_names,
    load_city_names,
    load_jurisdiction_names,
    load_state_aliases,
)
from helpline.registries.languages import Registry, load_registry, registry_path

# A message must be at least this long and this clear to override a language already in use:
# "ok", "si" or "gracias" alone never flips a conversation.
MIN_WORDS_TO_SWITCH = 3
MIN_CONFIDENCE_TO_SWITCH = 0.75
# A message whose words one registered language's examples nearly all use is in that language,
# whatever py3langid says of a language we do not answer in.
REGISTERED_COVERAGE = 0.8
MIN_CONFIDENCE_FIRST = 0.3
# Typical words (registry `marker_words`): at least this many, and this many more than any other
# language's, decide; otherwise the statistical model does.
MIN_MARKERS, MARKER_MARGIN, MARKER_CONFIDENCE = 2, 2, 0.9
# How much py3langid's opinion weighs against the texting model's (a log-probability multiplier,
# chosen by 5-fold cross-validation on the NLU examples; docs/performance.md).
DETECTOR_WEIGHT = 3.0
# Menu item 0 lists the languages; a language's code or name (EN, español) chooses it.
LANGUAGE_MENU_NUMBER = "0"
# How far before a language's name a word of negation reaches: words (characters in Chinese).
NEGATION_REACH = 3


def explicit_choice(text: str) -> str | None:
    """The language the user asked for in so many words ("english please", "en español", "ES")."""
    return _choice_words(registry_path()).get(plain_words(text))


def named_language(text: str) -> str | None:
    """The one language a longer message asks for by name ("manda em ingles pfv", "能用英文回我吗"),
    or None when it names none or several, or only the ones it says it cannot read."""
    padded = f" {plain_words(text)} "
    names, negations, negations_after = _language_names(registry_path())
    written_in = detect_language(text)[0]
    # Only the words of negation of the language the message is in: Kreyol "pa" (not) is Spanish
    # "pa" (for), as in "en ingles? es pa mi hija".
    negating = negations.get(written_in) or frozenset().union(*negations.values())
    after = negations_after.get(written_in, frozenset())
    wanted = {code for name, code in names.items()
              if any(not _negated(padded, at, name, negating, after) for at in _mentions(padded, name))}
    if len(wanted) > 1:
        # "reply in spanish pls my english not so good": of several, the one asked for with a
        # phrase of the registry's `choose` ("in spanish", "em portugues") is the one wanted.
        wanted = {code for code in wanted if any(_mentions(padded, phrase) for phrase in _request_phrases(code))}
    return wanted.pop() if len(wanted) == 1 else None


def _request_phrases(code: str) -> tuple[str, ...]:
    """A language's `choose` phrases of two words or more ("in english", "em portugues", "请用中文")."""
    phrases = (plain_words(choice) for choice in load_registry().get(code).choose)
    return tuple(p for p in phrases if " " in p or (not p.isascii() and len(p) >= 4))


def _mentions(padded: str, word: str) -> list[int]:
    """Where the space-padded plain message has the word (a whole word; Chinese anywhere)."""
    needle = f" {word} " if word.isascii() else word
    return [m.start() for m in re.finditer(re.escape(needle), padded)]


def _negated(padded: str, at: int, name: str, negations: frozenset[str], after: frozenset[str] = frozenset()) -> bool:
    """Whether a word of negation comes just before the name at `at` ("no lee bien español",
    "nao em ingles", "我看不懂英文") or, in Chinese, just after it ("英文看不懂"), or one of the
    language's `negations_after` follows it ("tieng viet ko gioi"): the name is then the one they
    cannot read."""
    before = " " + " ".join(padded[:at].split()[-NEGATION_REACH:]) + " "
    end = at + len(name) + (1 if name.isascii() else 0)  # a Latin name's mention starts at its space
    following = " " + " ".join(padded[end:].split()[:NEGATION_REACH]) + " "
    if any(f" {word} " in following for word in after):
        return True
    return any(f" {word} " in before if word.isascii()
               else word in padded[max(0, at - NEGATION_REACH - 1):at] or padded.startswith(word, at + len(name))
               for word in negations)


@lru_cache(maxsize=4)
def _language_names(path) -> tuple[dict[str, str], dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Each language's names (its `choose` words of four letters or more, its own name, and what
    the other languages call it: registry `names`) -> its code, and each language's words of
    negation (`negations`). Two-letter codes (EN, ES) are ordinary words inside a sentence: not names."""
    table: dict[str, str] = {}
    negations: dict[str, frozenset[str]] = {}
    after: dict[str, frozenset[str]] = {}
    for language in load_registry().languages:
        for name in (*language.choose, language.name_native, *language.names):
            name = plain_words(name)
            if len(name) >= 4 or not name.isascii():
                table.setdefault(name, language.code)
        negations[language.code] = frozenset(plain_words(word) for word in language.negations)
        after[language.code] = frozenset(plain_words(word) for word in language.negations_after)
    return table, negations, after


@lru_cache(maxsize=4)
def _choice_words(path) -> dict[str, str]:
    """Every way of choosing a language (its words, code, native name) -> its code; the first
    language listing a word keeps it, as the registry's order says."""
    table: dict[str, str] = {}
    for language in load_registry().languages:
        for word in (*language.choose, language.code, plain_words(language.name_native)):
            table.setdefault(word, language.code)
    return table


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
    registry = load_registry()
    plain = plain_words(text or "")
    words = {word for word in plain.split() if not word.isdigit()}
    if not words:  # "9", "?": a menu number or a sign says nothing about language
        return None, 0.0
    owners = _keyword_owners(registry_path()).get(plain, ())
    if len(owners) == 1:  # a keyword or command only one language uses ("para", "efase", "tro giup")
        return owners[0], 1.0
    if registry.codes[0] in owners:  # "menu", "ok": shared with the default language, no evidence
        return None, 0.0
    if owners:  # "parar", "continua": the same word in several languages; the likelier one
        return _likeliest(owners, registry), 1.0 / len(owners)
    words -= _codes_in_capitals(text)  # "MA" is Massachusetts, whatever French "ma" means
    if not words:
        return None, 0.0
    sharing = tuple(lang.code for lang in registry.languages if words <= lang.common_words)
    if len(sharing) == 1:  # "gracias", "obrigado", "mesi"
        return sharing[0], 1.0
    named_by = _state_name_owners(registry_path()).get(plain, ())
    if len(named_by) == 1:  # "Florid" is the Kreyol name of Florida, "Floride" the French one
        return named_by[0], 1.0
    if words <= place_words():  # "Texas", "NJ": no language at all
        return None, 0.0
    # Characters of a script only some of our languages use (Chinese) outweigh the English words
    # mixed in: "my brother got detained 就刚才" is written by a Chinese reader.
    scripted = _languages_by_script(text, registry)
    marked = None if scripted else _by_marker_words(words, registry)
    if marked:
        return marked, MARKER_CONFIDENCE
    detectable = _detectable(registry)
    ranked = dict(_detector(tuple(sorted(detectable))).rank(text)) if len(detectable) > 1 else {}
    top = max(ranked, key=ranked.get) if ranked else None
    if (top and detectable[top] not in registry.codes and ranked[top] >= MIN_CONFIDENCE_TO_SWITCH
            and not _in_a_registered_language(text, registry)):
        return detectable[top], float(ranked[top])  # a language we detect but do not answer in
    # Everyday words more than one language uses ("oi" is Portuguese and Vietnamese): one of those.
    candidates = sharing or scripted or registry.codes
    return _combined_guess(text, registry, {detectable[code]: p for code, p in ranked.items()}, candidates)


def _in_a_registered_language(text: str, registry: Registry) -> bool:
    """Whether one language's NLU examples use nearly every word of the message: py3langid reads
    unaccented Vietnamese ("ko muon nhan nua") as Tagalog, which our examples know better."""
    coverage = texting_model(registry.codes, place_words()).word_coverage(text)
    return max(coverage.values(), default=0.0) >= REGISTERED_COVERAGE


# The letters of each non-Latin script a registered language may declare (`script` in the
# registry); a language in a script missing here is detected by its words and models alone.
SCRIPT_LETTERS = {"han": re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002a6df]")}


def _languages_by_script(text: str, registry: Registry) -> tuple[str, ...]:
    """The full languages written in a non-Latin script the message uses, if any."""
    return tuple(lang.code for lang in registry.languages
                 if lang.script in SCRIPT_LETTERS and SCRIPT_LETTERS[lang.script].search(text))


def _codes_in_capitals(text: str) -> set[str]:
    """The USPS codes written in capitals ("MA", "NJ"), lowercased: they name a place, not a word."""
    codes = load_jurisdiction_names()
    return {token.lower() for token in re.findall(r"\w+", text) if len(token) == 2 and token.isupper() and token in codes}


def _share(code: str, registry: Registry) -> float:
    """The registry's expected share of messages in a language (uniform when not given)."""
    language = registry.get(code)
    share = language.extra.get("share") if language else None
    return float(share) if share else 1.0 / len(registry.codes)


def _likeliest(codes: tuple[str, ...], registry: Registry) -> str:
    """Of languages the words fit equally, the one most messages are written in."""
    return max(codes, key=lambda code: _share(code, registry))


def _combined_guess(text: str, registry: Registry, detector_probs: dict[str, float],
                    candidates: tuple[str, ...]) -> tuple[str | None, float]:
    """The candidate the texting model and py3langid together find likeliest, with its share."""
    scores, known = texting_model(registry.codes, place_words()).log_likelihoods(text)
    if not known and not detector_probs:
        return None, 0.0
    uniform = 1.0 / max(len(detector_probs), 1)  # for a language py3langid has no model of

    def evidence(code: str) -> float:
        detector = DETECTOR_WEIGHT * math.log(max(detector_probs.get(code, uniform), 1e-9))
        return detector + math.log(_share(code, registry))

    # A language without NLU examples has no texting score; it can still win on py3langid alone
    # when no language has one.
    modelled = [code for code in candidates if code in scores]
    combined = ({code: scores[code] + evidence(code) for code in modelled} if modelled
                else {code: evidence(code) for code in candidates})
    best = max(combined, key=combined.get)
    total = sum(math.exp(value - combined[best]) for value in combined.values())
    return best, 1.0 / total


@lru_cache(maxsize=4)
def _state_name_owners(path) -> dict[str, tuple[str, ...]]:
    """A state's name in a language, where it differs from the default language's ("nueva york",
    "florid", "floride") -> the languages that write it so."""
    registry = load_registry()
    default = registry.codes[0]
    owners: dict[str, set[str]] = {}
    for by_language in load_all_state_names().values():
        usual = plain_words(by_language.get(default, [""])[0])
        for language, spellings in by_language.items():
            for name in spellings:
                if language != default and plain_words(name) != usual:
                    owners.setdefault(plain_words(name), set()).add(language)
    return {name: tuple(sorted(languages)) for name, languages in owners.items()}


def place_words() -> frozenset[str]:
    """The words that name a place in every language (below): never evidence of a language."""
    return _place_words(registry_path())


@lru_cache(maxsize=4)
def _place_words(path) -> frozenset[str]:
    """The words of the default language's state names and their misspellings, the USPS codes and
    the cities written in Latin letters: they name a place in every language, so a message made
    only of them ("Texas", "NJ", "chicago", "Cali") says nothing about its language. (芝加哥 is
    Chinese: it stays evidence.)"""
    default = load_registry().codes[0]
    names = load_jurisdiction_names()
    translated = {word for by_language in names.values() for code, name in by_language.items() if code != default
                  for word in plain_words(name).split()}  # "nueva" (Nueva York) is Spanish
    words = {word for city in load_city_names() if city.isascii() for word in plain_words(city).split()}
    # Misspellings of a state's name, one word that starts as the name does ("cali",
    # "massachussets"); "tejas" and "nuevayork" are Spanish, so they stay evidence.
    for alias, code in load_state_aliases().items():
        alias, name = plain_words(alias), plain_words(names[code].get(default, ""))
        if alias.isascii() and len(alias) >= 4 and " " not in alias and alias[:3] == name[:3]:
            words.add(alias)
    words -= translated
    for code, by_language in names.items():
        words.add(code.lower())
        words.update(plain_words(by_language.get(default, "")).split())
    return frozenset(words)


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
    words = len(plain_words(text).split())
    if stored and words < MIN_WORDS_TO_SWITCH:
        return stored, None  # most messages in a conversation ("1", "more", "TX"): no detection to run
    detected, confidence = detect_language(text)
    if stored:
        if detected in registry.codes and detected != stored and confidence >= MIN_CONFIDENCE_TO_SWITCH:
            return detected, None
        return stored, None
    if detected in registry.codes and confidence >= MIN_CONFIDENCE_FIRST:
        return detected, None
    if detected and detected not in registry.codes and confidence >= MIN_CONFIDENCE_TO_SWITCH:
        return default, detected
    return default, None
