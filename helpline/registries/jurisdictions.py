"""The jurisdictions the helpline knows (bot/helpline_bot/jurisdictions.yml, one source of truth).

Only these codes are ever rendered, stored or used to find a file: a state that arrives any
other way (from Rasa, a payload, the database) is treated as no state at all.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from helpline.registries.languages import load_registry, registry_path

JURISDICTIONS_PATH = Path(__file__).resolve().parents[2] / "bot" / "helpline_bot" / "jurisdictions.yml"


def load_jurisdiction_names() -> dict[str, dict[str, str]]:
    """USPS code -> {language code: name}: the codes from jurisdictions.yml, the names from each
    registered language's `state_names` (a new language adds its own; English is the fallback)."""
    return _names(registry_path())


@lru_cache(maxsize=4)
def _names(path) -> dict[str, dict[str, str]]:
    # A list names the usual form first, then others people write.
    return {code: {language: spellings[0] for language, spellings in by_language.items()}
            for code, by_language in _all_names(path).items()}


@lru_cache(maxsize=1)
def _gazetteer() -> dict:
    """jurisdictions.yml, parsed once."""
    return yaml.safe_load(JURISDICTIONS_PATH.read_text(encoding="utf-8"))


def load_all_state_names() -> dict[str, dict[str, list[str]]]:
    """USPS code -> {language code: every spelling its `state_names` lists, the usual one first}."""
    return _all_names(registry_path())


@lru_cache(maxsize=4)
def _all_names(path) -> dict[str, dict[str, list[str]]]:
    data = _gazetteer()
    names: dict[str, dict[str, list[str]]] = {row["code"]: {} for row in data["jurisdictions"]}
    for language in load_registry().languages:
        for code, listed in (language.state_names or {}).items():
            if code in names:
                names[code][language.code] = [str(n) for n in (listed if isinstance(listed, list) else [listed])]
    return names


def known_state(value: object) -> str | None:
    """The value as a known USPS code ("tx" -> "TX"), or None for anything else."""
    if not isinstance(value, str) or len(value) != 2:
        return None
    code = value.upper()
    return code if code in load_jurisdiction_names() else None


@lru_cache(maxsize=1)
def load_city_names() -> frozenset[str]:
    """The cities the gazetteer knows, as people write them ("chicago", "芝加哥")."""
    data = _gazetteer()
    return frozenset(str(city) for row in data["jurisdictions"] for city in row.get("cities") or ())


@lru_cache(maxsize=1)
def load_state_aliases() -> dict[str, str]:
    """Other spellings of the states people write ("cali", "massachussets", "tejas") -> USPS code."""
    data = _gazetteer()
    return {str(alias): row["code"] for row in data["jurisdictions"] for alias in row.get("aliases") or ()}
