"""Writing systems within one language: Chinese written in Traditional characters is answered in
Traditional (OpenCC), though the content is written once, in Simplified.

The registry says which languages have such a variant (`traditional: {detect, convert}` on zh);
nothing here names a language.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

from helpline.registries.languages import load_registry

TRADITIONAL = "hant"
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=8)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def _variant(language: str) -> dict | None:
    registered = load_registry().get(language)
    return registered.extra.get("traditional") if registered else None


def choose_script(text: str, language: str, stored: str | None) -> str | None:
    """TRADITIONAL when this message is written in Traditional characters, None when it is in
    Simplified; a message without Han characters ("1", "MORE"), or the same in both, keeps the
    stored choice."""
    variant = _variant(language)
    if not variant:
        return None
    han = "".join(HAN.findall(text or ""))
    if not han:
        return stored
    # Traditional text changes when converted to Simplified; Simplified text changes the other
    # way; text written the same in both ("更多", "你好") keeps the stored choice.
    if _converter(variant["detect"]).convert(han) != han:
        return TRADITIONAL
    if _converter(variant["convert"]).convert(han) != han:
        return None
    return stored


def to_simplified(text: str, language: str, script: str | None) -> str:
    """The text as the bot was trained on it (Simplified), for a Traditional writer."""
    variant = _variant(language)
    return _converter(variant["detect"]).convert(text) if variant and script == TRADITIONAL else text


def in_script(text: str, language: str, script: str | None) -> str:
    """A reply in the writer's script: Simplified content converted to Traditional if they use it."""
    variant = _variant(language)
    return _converter(variant["convert"]).convert(text) if variant and script == TRADITIONAL else text
