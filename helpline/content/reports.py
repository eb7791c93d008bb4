"""`flask content preview|stale|coverage`: what an answer looks like, what needs review, what
is missing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml
from flask import Flask

from helpline.channels.bodies import finish_for_channel
from helpline.channels.sms import measure
from helpline.content.facts import FACTS_FILE, parse_facts
from helpline.content.problems import STALE_AFTER_MONTHS, months_between
from helpline.content.store import (
    GENERAL_TOPICS,
    REQUIRED_STATE_SECTIONS,
    ContentError,
    ContentStore,
    Document,
    parse_document,
)
from helpline.content.translations import CURRENT, OUTDATED, section_status, translation_record
from helpline.registries.jurisdictions import load_jurisdiction_names
from helpline.registries.languages import language_codes
from helpline.rendering.answers import render_answer, render_more
from helpline.rendering.wording import RenderContext


def preview_answer(app: Flask, state: str, topic: str, language: str, channel: str, more: bool = False):
    """The bodies a user would receive for a state and topic, each with its encoding."""
    services = app.extensions["helpline"]
    ctx = RenderContext(language, channel, services.content, str(app.config["LOCALES_DIR"]), services.privacy_values)
    code = None if state.lower() in ("-", "none", "general") else state.upper()
    text = render_more(topic, code, ctx) if more else render_answer(topic, code, ctx)
    return [(body, measure(body)) for body in finish_for_channel(text, channel, language)]


@dataclass(frozen=True)
class StaleItem:
    """A file or a fact, with the date it was last verified and why it needs review (if it does)."""

    path: str
    what: str
    date: dt.date | None
    reason: str | None


def stale_items(content_dir: str | Path, months: int = STALE_AFTER_MONTHS, today: dt.date | None = None) -> list[StaleItem]:
    """Every facts file and general file by review date, and every fact by its as_of, oldest
    first. A fact needs review when older than `months` or resting only on secondary sources."""
    today = today or dt.date.today()
    root = Path(content_dir)
    items: list[StaleItem] = []

    def age_reason(date: dt.date | None) -> str | None:
        if date is None:
            return "no date"
        return f"older than {months} months" if months_between(date, today) >= months else None

    for path in sorted((root / "states").glob(f"*/{FACTS_FILE}")):
        try:
            facts = parse_facts(path, path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, ValueError):
            items.append(StaleItem(str(path), "file", None, "unreadable"))
            continue
        reviewer = f"reviewed by {facts.reviewed_by}" if facts.reviewed_by else "no person has reviewed it"
        items.append(StaleItem(str(path), f"file ({reviewer})", facts.last_reviewed, age_reason(facts.last_reviewed)))
        kinds = {str(s.get("id")): s.get("kind") for s in facts.sources}
        for name, fact in facts.facts.items():
            if fact.value in ("unknown", None) or fact.value == []:
                continue
            reason = age_reason(fact.as_of)
            if fact.sources and all(kinds.get(s) == "secondary" for s in fact.sources):
                reason = "; ".join(r for r in (reason, "only secondary sources") if r)
            items.append(StaleItem(str(path), f"fact {name}", fact.as_of, reason))
    for path in sorted((root / "general").glob("*/*.md")):
        try:
            reviewed = parse_document(path, path.read_text(encoding="utf-8"), sectioned=False).last_reviewed
        except ContentError:
            reviewed = None
        items.append(StaleItem(str(path), "file", reviewed, age_reason(reviewed)))
    return sorted(items, key=lambda i: (i.date is not None, i.date or dt.date.min, i.path, i.what))


def coverage_table(content_dir: str | Path) -> str:
    """Markdown: per language, how many answers exist and are translated from the current source;
    then one row per jurisdiction (and general topic), one cell per language."""
    root = Path(content_dir)
    store = ContentStore(root)
    languages = language_codes()
    source_language = languages[0]
    rows: list[tuple[str, dict[str, tuple[int, int, int, str]]]] = []
    for code in sorted(load_jurisdiction_names()):
        source = store.state(code, source_language)
        rows.append((code, {lang: _cell_counts(store.state(code, lang), source, REQUIRED_STATE_SECTIONS, lang == source_language)
                            for lang in languages}))
    general_rows = []
    for topic in GENERAL_TOPICS:
        source = store.general(topic, source_language)
        general_rows.append((topic, {lang: _cell_counts(store.general(topic, lang), source, ("",), lang == source_language)
                                     for lang in languages}))
    total = len(REQUIRED_STATE_SECTIONS) * len(rows) + len(general_rows)
    lines = [f"{len(rows)} jurisdictions x {len(REQUIRED_STATE_SECTIONS)} state topics + {len(general_rows)} general topics = "
             f"{total} answers per language.", "",
             "| language | answers | from the current source | out of date | reviewed by a person |", "|---|---|---|---|---|"]
    for lang in languages:
        cells = [counts[lang] for _, counts in rows + general_rows]
        present = sum(c[0] for c in cells)
        current = sum(c[1] for c in cells)
        outdated = sum(c[2] for c in cells)
        reviewed = sum(c[0] for c in cells if c[3] == "reviewed")
        if lang == source_language:
            lines.append(f"| {lang} (source) | {present}/{total} | — | — | — |")
        else:
            lines.append(f"| {lang} | {present}/{total} | {current} | {outdated} | {reviewed} |")
    lines += ["", "Cells: sections present and translated from the current source / sections required; "
              "🤖 machine translation no person has reviewed, 👤 reviewed by a person, ⚠ out of date "
              "(the source changed since), ❌ missing. `flask content check` names each section.", "",
              "| | " + " | ".join(languages) + " |", "|" + "---|" * (len(languages) + 1)]
    for name, counts in rows + general_rows:
        lines.append(f"| {name} | " + " | ".join(_cell(counts[lang], lang == source_language) for lang in languages) + " |")
    return "\n".join(lines)


def _cell_counts(doc: Document | None, source: Document | None, sections, is_source: bool) -> tuple[int, int, int, str]:
    """(sections present, current translations, outdated ones, who translated: source/reviewed/machine)."""
    if doc is None:
        return 0, 0, 0, "missing"
    present = sum(1 for name in sections if name in doc.sections)
    if is_source or source is None:
        return present, present, 0, "source"
    statuses = [section_status(doc, source, name) for name in sections]
    record = translation_record(doc)
    return present, statuses.count(CURRENT), statuses.count(OUTDATED), "reviewed" if record.get("reviewed_by") else "machine"


def _cell(counts: tuple[int, int, int, str], is_source: bool) -> str:
    present, current, outdated, who = counts
    if who == "missing":
        return "❌"
    if is_source:
        return f"{present} ✅"
    mark = "👤" if who == "reviewed" else "🤖"
    return f"{current}/{present} {mark}" + (f" ⚠{outdated}" if outdated else "")
