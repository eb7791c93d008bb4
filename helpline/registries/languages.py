"""The language registry (registry/languages.yml), read once: codes, names, SMS policy,
keywords, language choice and detection words, the license answer's opening words, emergency
words and state names.

Its path can be changed (HELPLINE_LANGUAGES) so a test can register a language from test data.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

DEFAULT_REGISTRY = Path(__file__).resolve().parents[2] / "registry" / "languages.yml"
KEYWORD_KINDS = ("stop", "start", "help", "delete")


@dataclass(frozen=True)
class Language:
    """One language the helpline answers in."""

    code: str
    name_en: str
    name_native: str
    sms: dict
    keywords: dict
    commands: dict
    choose: tuple[str, ...]
    common_words: frozenset[str]
    license_opening: dict
    marker_words: frozenset[str] = frozenset()
    detector: str | None = None
    emergency: dict = field(default_factory=dict)
    state_names: dict = field(default_factory=dict)
    script: str = "latin"
    direction: str = "ltr"
    # What people writing the other languages call this one ("ingles", "anglais", "英文").
    names: tuple[str, ...] = ()
    # Words that negate ("no", "pa", "不"): "no hablo ingles" does not ask for English.
    negations: tuple[str, ...] = ()
    # ...and those that come after the name ("tieng viet ko gioi": Vietnamese, not well).
    negations_after: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)

    @property
    def transliterate(self) -> bool:
        """Whether SMS text is folded into GSM-7 (á -> a) for this language."""
        return bool(self.sms.get("transliterate"))

    @property
    def segment_budget(self) -> int:
        """How many SMS segments a short answer may take."""
        return int(self.sms.get("segment_budget", 3))

    def opening(self, value: str) -> re.Pattern[str] | None:
        """The pattern a license answer must start with when the fact is `value` (yes/no)."""
        pattern = self.license_opening.get(value)
        return re.compile(pattern, re.I) if pattern else None


@dataclass(frozen=True)
class Registry:
    """Every language, plus the keywords every language honours."""

    languages: tuple[Language, ...]
    carrier_keywords: dict
    opt_in_only: frozenset[str]
    detect_only: tuple[dict, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the full languages, default first."""
        return tuple(language.code for language in self.languages)

    def get(self, code: str | None) -> Language | None:
        """The language with this code, or None."""
        return next((language for language in self.languages if language.code == code), None)


def registry_path() -> Path:
    """Where the registry is read from (HELPLINE_LANGUAGES overrides, for tests)."""
    return _path(os.environ.get("HELPLINE_LANGUAGES") or "")


@lru_cache(maxsize=8)
def _path(override: str) -> Path:
    # Every cached table is keyed by this path and asks for it on each message: build it once.
    return Path(override) if override else DEFAULT_REGISTRY


@lru_cache(maxsize=4)
def _load(path: Path) -> Registry:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    languages = []
    known = set(Language.__dataclass_fields__)
    for entry in data["languages"]:
        entry = dict(entry)
        extra = {k: entry.pop(k) for k in list(entry) if k not in known}
        entry["choose"] = tuple(str(c) for c in entry.get("choose", ()))
        entry["names"] = tuple(str(n) for n in entry.get("names", ()))
        entry["negations"] = tuple(str(n) for n in entry.get("negations", ()))
        entry["negations_after"] = tuple(str(n) for n in entry.get("negations_after", ()))
        entry["common_words"] = frozenset(str(w) for w in entry.get("common_words", ()))
        entry["marker_words"] = frozenset(str(w) for w in entry.get("marker_words", ()))
        entry["license_opening"] = {str(k).lower() if not isinstance(k, bool) else ("yes" if k else "no"): v
                                    for k, v in entry.get("license_opening", {}).items()}
        languages.append(Language(**entry, extra=extra))
    return Registry(tuple(languages), data.get("carrier_keywords") or {},
                    frozenset(str(w) for w in data.get("opt_in_only") or ()), tuple(data.get("detect_only") or ()))


def load_registry() -> Registry:
    """The registry in force."""
    return _load(registry_path())


def language_codes() -> tuple[str, ...]:
    """The full languages' codes, the default (the first) first."""
    return load_registry().codes


def default_language() -> str:
    """The language used when nothing else is known."""
    return load_registry().codes[0]
