"""Emergency word rules, shared by the bot's EmergencyGuard and the web app's degraded mode."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

try:  # inside Rasa (package import) or loaded by file from the web app (helpline.dialogue.bot_rules)
    from helpline_bot.registry import emergency_words, registry_path
except ImportError:  # pragma: no cover - the web app loads this file without the package
    from helpline_bot_rules.registry import emergency_words, registry_path

GROUPS = ("enforcement", "urgency", "events", "past", "now", "hypothetical", "whether", "ongoing", "someday", "calm",
          "rumour", "applying", "traffic", "yesterday", "alone")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+")
# Letters Unicode does not decompose into a base letter and an accent: without this, Vietnamese
# "đang bắt" would never match "dang bat". The web app's keyword folding uses the same table.
UNDECOMPOSED = str.maketrans({"đ": "d", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe"})


def _plain(text: str) -> str:
    # Chinese is written without spaces: set its runs apart so "ICE现在在门口" has the word "ice".
    text = CJK_RUN.sub(lambda m: f" {m.group(0)} ", text)
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(UNDECOMPOSED))
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " " + " ".join(re.sub(r"[^\w\s]", " ", letters).split()) + " "


def load_words() -> dict[str, tuple[str, ...]]:
    """Every registered language's words (registry/languages.yml, `emergency`), padded with
    spaces for whole-word matching; Chinese and Japanese words match anywhere (no spaces)."""
    return _load_words(registry_path())


@lru_cache(maxsize=4)
def _load_words(path) -> dict[str, tuple[str, ...]]:
    return {group: tuple(_plain(w) if not CJK.search(w) else _plain(w).strip() for w in emergency_words(group))
            for group in GROUPS}


# "in 2019", "en 2015": a year written out is a past event (the current year is caught by "now" words).
PAST_YEAR = re.compile(r" (?:in|en|em|an|since|desde|depuis|tu nam|nam|back in) (?:19|20)\d\d ")
# A number, or a word for some ("unos", "quelques"), perhaps after "about": "faz uns 2 meses".
_COUNT = r"(?:(?:unos|unas|uns|umas|about|like|environ|quelques) )?(?:\d+|un|une|uno|una|um|uma|one|two|dos|dois|duas|deux|de|tres|trois|twa|cuatro|quatro|quatre|kat|cinco|cinq|senk|hai|ba|bon|nam|unos|varios|varias|muchos|quelques|plusieurs|kek|mot)"
PAST_AGO = re.compile(r" (?:hace " + _COUNT + r" (?:anos|meses|semanas)"
                      r"|(?:ha|faz) " + _COUNT + r" (?:anos|meses|semanas)"
                      r"|(?:il y a|il ya|y a|ya) " + _COUNT + r" (?:ans|mois|semaines)"
                      r"|(?:sa gen|sa fe|gen) " + _COUNT + r" (?:lane|ane|mwa|semen)"
                      r"|" + _COUNT + r" (?:nam|thang|tuan) (?:truoc|ve truoc)|cach day " + _COUNT + r" (?:nam|thang|tuan)"
                      r"|" + _COUNT + r" (?:years|months|weeks) ago"
                      # Held "for 3 months", "depi 3 mwa", "3 thang nay": a long detention, not a raid now.
                      r"|(?:for|since|depi|depuis|pandan) " + _COUNT + r" (?:years|months|weeks|ane|lane|mwa|semen|ans|mois|semaines)"
                      r"|" + _COUNT + r" (?:nam|thang|tuan) (?:nay|roi)) ")
# The same in Chinese, which has no spaces: "两个月前", "三年前", "幾個星期前".
PAST_AGO_CJK = re.compile(r"(?:\d+|[一二两兩三四五六七八九十几幾半]+) ?(?:个|個)?多?(?:月|年|星期|礼拜|禮拜|周|週)(?:以前|之前|前|了)")


# "depuis 20min", "ca fait 1h", "hace 3 horas", "for 20 minutes": held or stopped for a while, still now.
HELD_FOR = re.compile(r" (?:depuis|ca fait|sa fait|faz|hace|desde hace|for|sa fe|gen) (?:like |about |environ |uns |unos )?"
                      r"(?:\d+ ?|une |un |an |one |uma |um |una |yon |mot )(?:min|mins|minute|minutes|minuto|minutos|minit|h|heure|heures|hora|horas|hour|hours|hr|hrs|edtan|tieng) ")
CJK_HELD_FOR = re.compile(r"(?:\d+|[一二两兩三四五六七八九十几幾半]+)(?:个|個)?多?(?:分钟|分鐘|小时|小時)了")


def _without(plain: str, phrases: tuple[str, ...]) -> str:
    for phrase in phrases:
        plain = plain.replace(phrase, " ")
    return plain


def _says_now(plain: str, words: dict[str, tuple[str, ...]]) -> bool:
    """Whether the text says something is happening now; "until now", "ate hoje", "到现在" (still
    held since then) and "现在没事了" (it is over now) do not."""
    return any(w in _without(plain, words["ongoing"]) for w in words["now"])


def _read(text: str) -> tuple[str, dict[str, tuple[str, ...]]]:
    """The folded text and the words; beside a word for applying, "now" is the time to apply
    ("is it safe to apply now?"), not a raid now, so it is left out."""
    plain = _plain(text)
    words = load_words()
    if any(w in plain for w in words["applying"]):
        plain = _without(plain, words["now"])
    return plain, words


def says_it_is_not_now(text: str) -> bool:
    """True when the writer places it in the past, one day to come, asks about a rumour or what
    might happen ("what if ICE comes while I am at work?") without saying anything is happening
    now, or says it is not urgent."""
    plain, words = _read(text)
    if not _says_now(plain, words):
        if any(w in plain for w in words["rumour"]):
            return True
        what_if = any(w in _without(plain, words["whether"]) for w in words["hypothetical"])
        if what_if and not any(w in plain for w in words["urgency"] + words["events"]):
            return True
    return _not_now(plain, words)


def _not_now(plain: str, words: dict[str, tuple[str, ...]]) -> bool:
    """The past, "not urgent", "one day", "next time": the writer says nothing is happening now."""
    return _in_the_past(plain, words) or any(w in plain for w in words["calm"] + words["someday"])


def _in_the_past(plain: str, words: dict[str, tuple[str, ...]]) -> bool:
    past = any(w in plain for w in words["past"]) or bool(PAST_YEAR.search(plain) or PAST_AGO.search(plain)
                                                          or PAST_AGO_CJK.search(plain))
    # A stop in a car yesterday is over; someone detained yesterday may still be held.
    past = past or (any(w in plain for w in words["yesterday"]) and any(w in plain for w in words["traffic"]))
    return past and not _says_now(plain, words)


def at_a_traffic_stop(text: str) -> bool:
    """True when the text places the person in a car stopped by police or agents ("the cop is at my
    window"): an emergency there needs the traffic-stop answer, not the one about the door."""
    plain, words = _read(text)
    return any(w in plain for w in words["traffic"])


def looks_like_emergency(text: str) -> bool:
    """True when the text reads as something happening now with enforcement agents."""
    plain, words = _read(text)
    # The whole message: "eles tao aqui" (Latin words are kept padded with spaces), "他们来了" (bare).
    if plain in words["alone"] or plain.strip() in words["alone"]:
        return True
    if _not_now(plain, words):
        return False
    asking = _without(plain, words["whether"])  # "I don't know if they have a warrant": not what if
    if any(w in asking for w in words["hypothetical"] + words["rumour"]) and not _says_now(plain, words):
        return False  # "what if agents come to my door?", "people say ICE is at Walmart, true?": a question
    if any(w in plain for w in words["events"]):
        return True
    # The "now" of "they're gone now" or "until now" is no urgency either.
    current = _without(plain, words["ongoing"])
    urgent = any(w in current for w in words["urgency"]) or bool(HELD_FOR.search(current) or CJK_HELD_FOR.search(current))
    return any(w in plain for w in words["enforcement"]) and urgent
