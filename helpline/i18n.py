"""Interface strings through gettext catalogs in locales/ (compiled to .mo by the build)."""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

SUPPORTED_LANGUAGES = ("en", "es")
DOMAIN = "messages"


@lru_cache(maxsize=None)
def load_translations(locales_dir: str, language: str) -> gettext.NullTranslations:
    """The catalog for one language; English text (the msgids) when a catalog is missing."""
    try:
        return gettext.translation(DOMAIN, localedir=locales_dir, languages=[language])
    except OSError:
        return gettext.NullTranslations()


def catalog_is_compiled(locales_dir: Path, language: str) -> bool:
    """True when the compiled .mo for a language exists (health checks report a missing one)."""
    return (Path(locales_dir) / language / "LC_MESSAGES" / f"{DOMAIN}.mo").exists()


def _(message: str) -> str:
    """Mark a string for extraction by `pybabel extract`; it is translated at render time."""
    return message
