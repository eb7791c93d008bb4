"""The facts about one jurisdiction, once, in no language: content/states/<code>/facts.yml.

Each fact has a value, the ids of the sources it rests on and `as_of`, the date those sources say
it was true. Sources carry title, url, publisher, published, accessed and kind. `last_reviewed`
and `reviewed_by` record when a person last re-verified the facts (`flask content review`); the
language files hold only prose that cites these source ids. content/cross_state.yml lists, once,
the states that refuse other states' cards (see CONTENT.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FACTS_FILE = "facts.yml"
CROSS_STATE_FILE = "cross_state.yml"
SOURCE_KINDS = ("primary", "press", "secondary")


@dataclass(frozen=True)
class Fact:
    """One fact: its value, its source ids, and the date the sources say it was true."""

    value: object
    sources: tuple[str, ...] = ()
    as_of: dt.date | None = None


@dataclass(frozen=True)
class FactsFile:
    """A parsed facts.yml."""

    path: Path
    jurisdiction: str
    name: str
    facts: dict[str, Fact]
    unverified: tuple[str, ...]
    sources: tuple[dict, ...]
    last_reviewed: dt.date | None = None
    reviewed_by: str | None = None

    def value(self, name: str) -> object:
        """A fact's value (None when absent)."""
        fact = self.facts.get(name)
        return fact.value if fact else None

    def source_ids(self) -> set[str]:
        """The ids of every source in the file."""
        return {str(s.get("id")) for s in self.sources if isinstance(s, dict)}


def as_date(value: object) -> dt.date | None:
    """A YAML date or an ISO string as a date; None otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def normalize_value(value: object) -> object:
    """YAML reads bare yes/no as booleans; facts compare as the words organizers wrote."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value


def parse_facts(path: Path, text: str) -> FactsFile:
    """Parse one facts.yml (raises yaml.YAMLError or ValueError on a broken file)."""
    data = yaml.load(text, Loader=YAML_LOADER) or {}
    if not isinstance(data, dict):
        raise ValueError("the file must be a list of 'field: value' lines")
    facts = {}
    for name, entry in (data.get("facts") or {}).items():
        if isinstance(entry, dict):
            facts[name] = Fact(normalize_value(entry.get("value")), tuple(str(s) for s in entry.get("sources") or ()),
                               as_date(entry.get("as_of")))
        else:
            facts[name] = Fact(normalize_value(entry))
    reviewed_by = data.get("reviewed_by")
    return FactsFile(
        path=path,
        jurisdiction=str(data.get("jurisdiction", "")),
        name=str(data.get("name", "")),
        facts=facts,
        unverified=tuple(str(u) for u in data.get("unverified") or ()),
        sources=tuple(s for s in data.get("sources") or () if isinstance(s, dict)),
        last_reviewed=as_date(data.get("last_reviewed")),
        reviewed_by=str(reviewed_by) if reviewed_by else None,
    )


def load_cross_state(content_dir: Path) -> dict:
    """content/cross_state.yml: {refusing state code: entry}, plus its sources ({} if absent)."""
    path = Path(content_dir) / CROSS_STATE_FILE
    if not path.is_file():
        return {"refusing_states": {}, "sources": []}
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER) or {}
    return {"refusing_states": data.get("refusing_states") or {}, "sources": data.get("sources") or [],
            "as_of": as_date(data.get("as_of"))}


def refusers_of(cross_state: dict, code: str) -> set[str]:
    """The states whose laws refuse cards issued by `code`."""
    return {refuser for refuser, entry in cross_state["refusing_states"].items()
            if code in (entry or {}).get("refuses_cards_from", [])}


def record_review(path: Path, reviewer: str, today: dt.date) -> None:
    """Set last_reviewed and reviewed_by in a facts.yml, keeping the rest of the file as written."""
    lines = path.read_text(encoding="utf-8").splitlines()
    values = {"last_reviewed": today.isoformat(), "reviewed_by": yaml.safe_dump(reviewer, allow_unicode=True).strip().removesuffix("...").strip()}
    seen = set()
    for index, line in enumerate(lines):
        key = line.split(":", 1)[0]
        if key in values and not line.startswith(" "):
            lines[index] = f"{key}: {values[key]}"
            seen.add(key)
    for key in ("reviewed_by", "last_reviewed"):
        if key not in seen:
            lines.insert(next(i for i, line in enumerate(lines) if line.startswith("facts:")), f"{key}: {values[key]}")
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text("\n".join(lines) + "\n", encoding="utf-8")
    temporary.replace(path)
