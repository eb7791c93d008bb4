"""The console's own words, in the organizers' languages (the `console` gettext domain: English
msgids, translated in locales/<lang>/LC_MESSAGES/console.po)."""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

from flask import current_app

DOMAIN = "console"
DEFAULT = "en"  # the console's own msgids are English (unrelated to the helpline's languages)


def console_languages() -> tuple[str, ...]:
    """English, plus every language with a compiled console catalog."""
    return _languages(str(current_app.config["LOCALES_DIR"]))


@lru_cache(maxsize=4)
def _languages(locales_dir: str) -> tuple[str, ...]:
    found = sorted(p.parent.parent.name for p in Path(locales_dir).glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return (DEFAULT, *(code for code in found if code != DEFAULT))


def console_language(chosen: str | None, accept_languages) -> str:
    """The organizer's choice, else the browser's preference, else English."""
    languages = console_languages()
    if chosen in languages:
        return chosen
    return accept_languages.best_match(languages) or DEFAULT


def console_gettext(language: str):
    """gettext for the console in one language."""
    return _translations(str(current_app.config["LOCALES_DIR"]), language).gettext


@lru_cache(maxsize=16)
def _translations(locales_dir: str, language: str) -> gettext.NullTranslations:
    try:
        return gettext.translation(DOMAIN, localedir=locales_dir, languages=[language])
    except OSError:
        return gettext.NullTranslations()
