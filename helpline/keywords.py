"""Keywords handled before Rasa (STOP, START, HELP, DELETE) and shortcuts passed to it."""

from __future__ import annotations

import re
import unicodedata

# Carriers' opt-out words plus the Spanish ones people actually send.
STOP_WORDS = {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "parar", "alto", "baja", "cancelar", "detener"}
START_WORDS = {"start", "unstop", "empezar", "iniciar", "reanudar"}
HELP_WORDS = {"help", "info", "ayuda", "informacion"}
DELETE_WORDS = {"delete", "borrar", "eliminar", "delete my data", "borrar mis datos", "borra mis datos"}

# Menu numbers and one-word commands become Rasa intents directly ("/intent"), so the reply
# does not depend on a classifier guessing what "3" means.
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
}
COMMAND_INTENTS = {
    "more": "more", "mas": "more",
    "source": "source", "sources": "source", "why": "source", "fuente": "source", "fuentes": "source",
    "por que": "source",
    "menu": "help",
}


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", (text or "").lower())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", letters).split())


def match_keyword(text: str) -> str | None:
    """'stop', 'start', 'help' or 'delete' when the whole message is that keyword."""
    plain = _plain(text)
    for name, words in (("stop", STOP_WORDS), ("start", START_WORDS), ("help", HELP_WORDS), ("delete", DELETE_WORDS)):
        if plain in words:
            return name
    return None


def shortcut_intent(text: str) -> str | None:
    """The intent for a menu number or one-word command, or None for ordinary text."""
    plain = _plain(text)
    return MENU_INTENTS.get(plain) or COMMAND_INTENTS.get(plain)
