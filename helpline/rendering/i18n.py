"""Interface strings through gettext catalogs in locales/ (compiled to .mo by the build)."""

from __future__ import annotations

import gettext
from functools import lru_cache

DOMAIN = "messages"


@lru_cache(maxsize=None)
def load_translations(locales_dir: str, language: str) -> gettext.NullTranslations:
    """The catalog for one language; English text (the msgids) when a catalog is missing."""
    try:
        return gettext.translation(DOMAIN, localedir=locales_dir, languages=[language])
    except OSError:
        return gettext.NullTranslations()


def _(message: str) -> str:
    """Mark a string for extraction by `pybabel extract`; it is translated at render time."""
    return message
