"""SMS encoding facts: GSM-7 vs UCS-2, segment counts, and splitting long replies."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

# GSM 03.38 basic character set, and the extension table (each costs two septets).
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = set("^{}\\[~]|€")

# Characters outside GSM-7 that have a readable GSM-7 stand-in. Without this, one "á" would switch
# a Spanish answer to UCS-2 and cut its room from 459 to 201 characters in three segments.
SMS_FOLDS = str.maketrans(
    {
        "á": "a", "í": "i", "ó": "o", "ú": "u", "Á": "A", "Í": "I", "Ó": "O", "Ú": "U",
        "â": "a", "ê": "e", "î": "i", "ô": "o", "û": "u", "ã": "a", "õ": "o", "ç": "c",
        "È": "E", "Ì": "I", "Ò": "O", "Ù": "U", "À": "A", "ë": "e", "ï": "i",
        "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
        "\u2026": "...", "\u00a0": " ", "\u200b": "", "\u2022": "-",
        "«": '"', "»": '"', "œ": "oe", "Œ": "OE", "\u202f": " ", "\u2009": " ",
    }
)

MAX_BODY_CHARS = 1600
GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67


# What XML 1.0 allows in text (lone surrogates, U+FFFE/U+FFFF and most C0 controls are not): one
# such character in a body makes the whole TwiML invalid, and Twilio drops every message in it.
XML_INVALID = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """Drop characters an XML document cannot contain."""
    return XML_INVALID.sub("", text)


@dataclass(frozen=True)
class Encoding:
    """How a message body travels: its encoding and how many segments it costs."""

    name: str
    segments: int
    length: int


def is_gsm7(text: str) -> bool:
    """True when every character fits the GSM-7 alphabet (basic or extension)."""
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def fold_for_sms(text: str) -> str:
    """Replace characters outside GSM-7 by close stand-ins so the text stays in GSM-7: the table
    above, else the letter without its accent ("ê" -> "e", "º" -> "o"); others are kept."""
    folded = text.translate(SMS_FOLDS)
    if is_gsm7(folded):
        return folded
    return "".join(ch if ch in GSM7_BASIC or ch in GSM7_EXTENSION else _without_accent(ch) for ch in folded)


def _without_accent(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return base if base and is_gsm7(base) else ch


def measure(text: str) -> Encoding:
    """Return the encoding and the segment count of one message body."""
    if is_gsm7(text):
        length = sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)
        single, part, name = GSM7_SINGLE, GSM7_PART, "GSM-7"
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, part, name = UCS2_SINGLE, UCS2_PART, "UCS-2"
    segments = 1 if length <= single else math.ceil(length / part)
    return Encoding(name, segments, length)


def split_body(text: str, limit: int = MAX_BODY_CHARS) -> list[str]:
    """Split text into message bodies of at most `limit` characters, at paragraph, sentence or
    word boundaries where possible."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    pieces = re.split(r"(?<=\n)|(?<=[.!?])\s+", text)
    bodies: list[str] = []
    current = ""
    for piece in _fit_pieces(pieces, limit):
        joiner = "" if not current or current.endswith("\n") else " "
        if len(current) + len(joiner) + len(piece) <= limit:
            current = f"{current}{joiner}{piece}"
        else:
            bodies.append(current.strip())
            current = piece
    if current.strip():
        bodies.append(current.strip())
    return bodies


def _fit_pieces(pieces: list[str], limit: int) -> list[str]:
    """Break any piece longer than `limit` at word boundaries (or hard, for one huge word)."""
    fitted: list[str] = []
    for piece in pieces:
        while len(piece) > limit:
            cut = piece.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            fitted.append(piece[:cut])
            piece = piece[cut:].lstrip()
        if piece:
            fitted.append(piece)
    return fitted
