"""What the console shows: each jurisdiction's facts, review age and translation state as map
layers, a state's answers as phone bubbles, and what needs work."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from helpline.console.editing import render_bubbles
from helpline.content.facts import FACTS_FILE, FactsFile, parse_facts
from helpline.content.problems import months_between
from helpline.content.store import GENERAL_TOPICS, REQUIRED_STATE_SECTIONS, ContentStore
from helpline.content.translations import CURRENT, MISSING, OUTDATED, section_status
from helpline.registries.jurisdictions import load_jurisdiction_names
from helpline.registries.languages import language_codes
from helpline.rendering.i18n import _

TILEGRID = Path(__file__).with_name("tilegrid.yml")
# Okabe-Ito colours (readable with every common colour-vision deficiency); each value also has a
# letter on the tile, so no layer depends on colour alone.
COLOURS = {"blue": "#0072B2", "orange": "#E69F00", "sky": "#56B4E9", "vermillion": "#D55E00",
           "green": "#009E73", "yellow": "#F0E442", "purple": "#CC79A7", "grey": "#BBBBBB"}
LAYERS = {
    "license": (_("Licenses regardless of status"), {"yes": ("blue", "Y", _("Yes")), "no": ("vermillion", "N", _("No"))}),
    "court_order": (_("Court order needed before the DMV shares data"), {
        "all_records": ("blue", "A", _("For all records")), "documents_only": ("sky", "D", _("For some documents only")),
        "none": ("vermillion", "N", _("No such rule")), "unknown": ("grey", "?", _("Unknown"))}),
    "review": (_("Facts last checked"), {"fresh": ("green", "F", _("Under 6 months")), "due": ("yellow", "D", _("6 to 12 months")),
                                      "stale": ("vermillion", "S", _("Over 12 months")), "none": ("grey", "?", _("No date"))}),
    "cross_state": (_("Other states refuse its cards"), {"warned": ("orange", "!", _("Yes: drivers are warned")), "clear": ("sky", "-", _("None known"))}),
}
TRANSLATION_VALUES = {"current": ("blue", "C", _("Translated from the current English")), "outdated": ("orange", "O", _("Out of date")),
                      "missing": ("vermillion", "M", _("Missing"))}


@lru_cache(maxsize=1)
def tile_positions() -> dict[str, tuple[int, int]]:
    """Jurisdiction code -> (column, row) on the tile map."""
    return {code: tuple(place) for code, place in yaml.safe_load(TILEGRID.read_text(encoding="utf-8")).items()}


def layer_definitions() -> dict[str, tuple[str, dict]]:
    """Every layer: its title and its values (colour, letter, label); one per translated language."""
    layers = dict(LAYERS)
    for code in language_codes()[1:]:
        layers[f"translation_{code}"] = (_("Translation") + f": {code}", TRANSLATION_VALUES)
    return layers


@dataclass
class Jurisdiction:
    """One tile: its facts, where each layer puts it, and the details shown on hover or click."""

    code: str
    name: str
    column: int
    row: int
    layers: dict[str, str] = field(default_factory=dict)
    facts: list[dict] = field(default_factory=list)
    last_reviewed: str | None = None
    reviewed_by: str | None = None


def review_age(last: dt.date | None, today: dt.date) -> str:
    """fresh, due or stale, by months since the facts were last checked."""
    if last is None:
        return "none"
    months = months_between(last, today)
    return "fresh" if months < 6 else "due" if months < 12 else "stale"


def load_facts(root: Path, code: str) -> FactsFile | None:
    """A jurisdiction's facts.yml, or None when it cannot be read."""
    path = root / "states" / code.lower() / FACTS_FILE
    try:
        return parse_facts(path, path.read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError):
        return None


def jurisdictions(root: Path, today: dt.date | None = None) -> list[Jurisdiction]:
    """Every jurisdiction with its layer values, for the map."""
    today = today or dt.date.today()
    store = ContentStore(root)
    names = load_jurisdiction_names()
    source_language = language_codes()[0]
    out = []
    for code, (column, row) in sorted(tile_positions().items()):
        facts = load_facts(root, code)
        tile = Jurisdiction(code, names.get(code, {}).get(source_language, code), column, row)
        if facts:
            tile.layers["license"] = str(facts.value("licenses_regardless_of_status"))
            tile.layers["court_order"] = str(facts.value("court_order_required") or "unknown")
            tile.layers["review"] = review_age(facts.last_reviewed, today)
            tile.layers["cross_state"] = "warned" if facts.value("cards_refused_by") else "clear"
            tile.last_reviewed = facts.last_reviewed.isoformat() if facts.last_reviewed else None
            tile.reviewed_by = facts.reviewed_by
            tile.facts = fact_rows(facts)
        source = store.state(code, source_language)
        for language in language_codes()[1:]:
            tile.layers[f"translation_{language}"] = translation_state(store.state(code, language), source)
        out.append(tile)
    return out


def translation_state(doc, source) -> str:
    """current, outdated or missing for a whole file (its worst section)."""
    if doc is None or source is None:
        return "missing"
    statuses = {section_status(doc, source, name) for name in REQUIRED_STATE_SECTIONS}
    return "missing" if MISSING in statuses else "outdated" if statuses - {CURRENT} else "current"


def fact_rows(facts: FactsFile) -> list[dict]:
    """Each fact with its value, as_of and sources (title, url, kind, dates)."""
    by_id = {str(s.get("id")): s for s in facts.sources if isinstance(s, dict)}
    rows = []
    for name, fact in facts.facts.items():
        sources = [{"id": sid, "title": by_id.get(sid, {}).get("title", sid), "url": by_id.get(sid, {}).get("url", ""),
                    "kind": by_id.get(sid, {}).get("kind", ""), "published": str(by_id.get(sid, {}).get("published") or "")}
                   for sid in fact.sources]
        value = ", ".join(map(str, fact.value)) if isinstance(fact.value, list) else str(fact.value)
        rows.append({"name": name, "value": value, "as_of": fact.as_of.isoformat() if fact.as_of else "", "sources": sources})
    return rows


def state_answers(root: Path, locales_dir: str, code: str, privacy_values: dict) -> list[dict]:
    """Every topic x language of a state as the phone shows it, on SMS and WhatsApp, with drift."""
    store = ContentStore(root)
    source = store.state(code, language_codes()[0])
    rows = []
    topics = [*REQUIRED_STATE_SECTIONS, *(t for t in GENERAL_TOPICS if t != "legal_help")]
    for topic in topics:
        for language in language_codes():
            doc = store.state(code, language)
            if topic in REQUIRED_STATE_SECTIONS:
                status = "source" if language == language_codes()[0] else section_status(doc, source, topic) if source else MISSING
                editable = (code, topic)
            else:
                status = "general"
                editable = (None, topic)
            rows.append({
                "topic": topic, "language": language, "status": status, "edit": editable,
                "sms": render_bubbles(store, locales_dir, code, topic, language, "sms", privacy_values),
                "whatsapp": render_bubbles(store, locales_dir, code, topic, language, "whatsapp", privacy_values),
                "outdated": status == OUTDATED,
            })
    return rows
