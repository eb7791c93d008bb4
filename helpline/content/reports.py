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
from helpline.content.store import GENERAL_TOPICS, REQUIRED_STATE_SECTIONS, ContentError, parse_document
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
    """Markdown table: one row per jurisdiction, one column per topic, en/es marks."""
    root = Path(content_dir)
    topics = list(REQUIRED_STATE_SECTIONS)
    header = "| jurisdiction | " + " | ".join(topics) + " |"
    lines = [header, "|" + "---|" * (len(topics) + 1)]
    for code in sorted(load_jurisdiction_names()):
        cells = []
        for topic in topics:
            marks = []
            for language in language_codes():
                path = root / "states" / code.lower() / f"{language}.md"
                ok = False
                if path.is_file():
                    try:
                        ok = topic in parse_document(path, path.read_text(encoding="utf-8"), True).sections
                    except ContentError:
                        ok = False
                marks.append(f"{language} {'✅' if ok else '❌'}")
            cells.append(" ".join(marks))
        lines.append(f"| {code} | " + " | ".join(cells) + " |")
    general = []
    for topic in GENERAL_TOPICS:
        marks = [f"{lang} {'✅' if (root / 'general' / topic / f'{lang}.md').is_file() else '❌'}" for lang in language_codes()]
        general.append(f"| {topic} | " + " ".join(marks) + " |")
    return "\n".join(lines + ["", "| general topic | languages |", "|---|---|", *general])
