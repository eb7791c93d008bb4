"""`flask content check|preview|stale|coverage`: keep content/ complete, consistent and sendable.

Every problem names the file and line and says how to fix it, for organizers who are not
programmers (see CONTENT.md).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from helpline.content import (
    ALL_TOPICS,
    GENERAL_TOPICS,
    REQUIRED_STATE_SECTIONS,
    STATE_NOTE_TOPICS,
    ContentError,
    ContentStore,
    Document,
    parse_document,
)
from helpline.i18n import SUPPORTED_LANGUAGES
from helpline.render import RenderContext, finish_for_channel, load_jurisdiction_names, render_answer, render_more
from helpline.sms import measure

SEGMENT_BUDGET = 3
STALE_AFTER_MONTHS = 12
TRI_STATE = {"yes", "no", "unknown"}
FACT_RULES = {
    "licenses_regardless_of_status": {"yes", "no"},
    "credential_name": str,
    "law": str,
    "law_year": int,
    "court_order_required": TRI_STATE,
    "federal_access_documented": TRI_STATE,
    "facial_recognition_searches": TRI_STATE,
    "unverified": list,
}
# The license answer must open with the same yes/no as the facts, in every language.
LICENSE_OPENINGS = {
    "en": {"yes": re.compile(r"^yes\b", re.I), "no": re.compile(r"^no\b", re.I)},
    "es": {"yes": re.compile(r"^s[ií]\b", re.I), "no": re.compile(r"^no\b", re.I)},
}


@dataclass(frozen=True)
class Problem:
    """One finding of `content check`."""

    level: str  # "error" or "warning"
    path: str
    line: int
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.level.upper()}: {self.path}:{self.line}: {self.message}\n    How to fix: {self.fix}"


def normalize_fact(value: object) -> object:
    """YAML reads bare yes/no as booleans; facts compare as the words organizers wrote."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return value


def _facts(doc: Document) -> dict:
    facts = doc.meta.get("facts") or {}
    return {k: normalize_fact(v) for k, v in facts.items()} if isinstance(facts, dict) else {}


def _line_of(doc_text: str, needle: str) -> int:
    for number, line in enumerate(doc_text.splitlines(), start=1):
        if line.strip().startswith(needle):
            return number
    return 1


def check_state_file(path: Path, code: str, language: str, today: dt.date) -> tuple[Document | None, list[Problem]]:
    """Parse and validate one state file."""
    problems: list[Problem] = []
    text = path.read_text(encoding="utf-8")
    try:
        doc = parse_document(path, text, sectioned=True)
    except ContentError as exc:
        return None, [Problem("error", str(path), exc.line, exc.message, "Compare with CONTENT.md's example: the file starts with '---', the header, '---', then '## topic' sections.")]
    meta = doc.meta
    if str(meta.get("jurisdiction", "")).upper() != code:
        problems.append(Problem("error", str(path), _line_of(text, "jurisdiction"), f"jurisdiction is {meta.get('jurisdiction')!r} but the folder is {code.lower()}", f'Write jurisdiction: "{code}".'))
    if meta.get("language") != language:
        problems.append(Problem("error", str(path), _line_of(text, "language"), f"language is {meta.get('language')!r} in {path.name}", f"Write language: {language}."))
    if not meta.get("name"):
        problems.append(Problem("error", str(path), 2, "name is missing", "Add name: with the state's name in this file's language."))
    problems += _check_review_date(doc, text, today)
    facts = meta.get("facts")
    if not isinstance(facts, dict):
        problems.append(Problem("error", str(path), _line_of(text, "facts"), "facts are missing", "Add the facts block from CONTENT.md."))
    else:
        problems += _check_facts(path, text, _facts(doc))
    problems += _check_sources(doc, text)
    for topic in REQUIRED_STATE_SECTIONS:
        if topic not in doc.sections:
            problems.append(Problem("error", str(path), doc.body_line, f"section '## {topic}' is missing", f"Add a '## {topic}' section (see CONTENT.md)."))
    for topic, section in doc.sections.items():
        if topic not in REQUIRED_STATE_SECTIONS and topic not in STATE_NOTE_TOPICS:
            problems.append(Problem("error", str(path), section.line, f"unknown topic '## {topic}'", f"Use one of: {', '.join(ALL_TOPICS)}."))
    problems += _check_license_answer(doc, language)
    return doc, problems


def check_general_file(path: Path, topic: str, language: str, today: dt.date) -> tuple[Document | None, list[Problem]]:
    """Parse and validate one general topic file."""
    text = path.read_text(encoding="utf-8")
    try:
        doc = parse_document(path, text, sectioned=False)
    except ContentError as exc:
        return None, [Problem("error", str(path), exc.line, exc.message, "Compare with CONTENT.md's 'A general file' example.")]
    problems = []
    if doc.meta.get("topic") != topic:
        problems.append(Problem("error", str(path), _line_of(text, "topic"), f"topic is {doc.meta.get('topic')!r} but the folder is {topic}", f"Write topic: {topic}."))
    if doc.meta.get("language") != language:
        problems.append(Problem("error", str(path), _line_of(text, "language"), f"language is {doc.meta.get('language')!r}", f"Write language: {language}."))
    problems += _check_review_date(doc, text, today)
    problems += _check_sources(doc, text)
    problems += _check_hotlines(doc, text)
    return doc, problems


def _check_hotlines(doc: Document, text: str) -> list[Problem]:
    """Every hotline number must name the primary source it was verified on."""
    hotlines = doc.meta.get("hotlines") or []
    ids = {str(s.get("id")) for s in doc.sources if isinstance(s, dict)}
    problems = []
    for hotline in hotlines if isinstance(hotlines, list) else [hotlines]:
        line = _line_of(text, "hotlines")
        if not isinstance(hotline, dict) or not hotline.get("name") or not hotline.get("number"):
            problems.append(Problem("error", str(doc.path), line, f"a hotline lacks a name or number: {hotline!r}", "Each hotline needs name:, number: and source:."))
        elif str(hotline.get("source")) not in ids:
            problems.append(Problem("error", str(doc.path), line, f"hotline {hotline['number']} cites no source from the header", "Add source: with the id of the page (the organization's own, or an official one) where you read the number."))
    return problems


def _check_review_date(doc: Document, text: str, today: dt.date) -> list[Problem]:
    line = _line_of(text, "last_reviewed")
    reviewed = doc.last_reviewed
    if reviewed is None:
        return [Problem("error", str(doc.path), line, "last_reviewed is missing or not a date", "Write last_reviewed: YYYY-MM-DD, the day you checked the facts.")]
    if reviewed > today:
        return [Problem("error", str(doc.path), line, f"last_reviewed {reviewed} is in the future", "Use the date you actually reviewed the file.")]
    if _months_between(reviewed, today) >= STALE_AFTER_MONTHS:
        return [Problem("warning", str(doc.path), line, f"last reviewed {reviewed}, over {STALE_AFTER_MONTHS} months ago", "Check each fact against its source, then update last_reviewed.")]
    return []


def _check_facts(path: Path, text: str, facts: dict) -> list[Problem]:
    problems = []
    for name, rule in FACT_RULES.items():
        line = _line_of(text, name) if name in facts else _line_of(text, "facts")
        if name not in facts:
            problems.append(Problem("error", str(path), line, f"fact '{name}' is missing", f"Add {name}: (see the facts table in CONTENT.md)."))
            continue
        value = facts[name]
        if isinstance(rule, set) and value not in rule:
            problems.append(Problem("error", str(path), line, f"{name} is {value!r}", f"Use one of: {', '.join(sorted(rule))}."))
        elif rule is int and value is not None and not isinstance(value, int):
            problems.append(Problem("error", str(path), line, f"{name} is {value!r}, not a year", "Write a year like 2019, or null if there is no such law."))
        elif rule is str and not (isinstance(value, str) and value.strip()):
            problems.append(Problem("error", str(path), line, f"{name} is empty", f"Write the {name.replace('_', ' ')}."))
        elif rule is list and not isinstance(value, list):
            problems.append(Problem("error", str(path), line, f"{name} must be a list", "Write unverified: [] or a list like [law_year]."))
    for name in facts.get("unverified") or []:
        if name not in FACT_RULES:
            problems.append(Problem("error", str(path), _line_of(text, "unverified"), f"unverified names an unknown fact {name!r}", f"Use fact names: {', '.join(FACT_RULES)}."))
    return problems


def _check_sources(doc: Document, text: str) -> list[Problem]:
    problems = []
    line = _line_of(text, "sources")
    ids = set()
    if not doc.sources:
        problems.append(Problem("error", str(doc.path), line, "no sources", "Add at least one source (id, title, url) to the header."))
    for source in doc.sources:
        if not isinstance(source, dict) or not source.get("id") or not source.get("title"):
            problems.append(Problem("error", str(doc.path), line, f"a source lacks an id or title: {source!r}", "Each source needs id:, title: and url:."))
            continue
        if not re.match(r"^https?://\S+$", str(source.get("url", ""))):
            problems.append(Problem("error", str(doc.path), _line_of(text, f"- id: {source['id']}"), f"source {source['id']} has no valid url", "Add url: https://... for this source."))
        ids.add(str(source["id"]))
    for topic, section in doc.sections.items():
        where = f"'## {topic}'" if topic else "the answer"
        if not section.source_ids:
            problems.append(Problem("error", str(doc.path), section.line, f"{where} cites no source", "End the section with a line 'Sources: id1, id2'."))
        for missing in [i for i in section.source_ids if i not in ids]:
            problems.append(Problem("error", str(doc.path), section.line, f"{where} cites {missing!r}, which is not in the header's sources", f"Add a source with id: {missing}, or fix the id."))
        if not section.short:
            problems.append(Problem("error", str(doc.path), section.line, f"{where} has no text", "Write the short answer before <!-- more -->."))
    return problems


def _check_license_answer(doc: Document, language: str) -> list[Problem]:
    """The license answer's first word must agree with licenses_regardless_of_status."""
    section = doc.sections.get("license_eligibility")
    expected = _facts(doc).get("licenses_regardless_of_status")
    openings = LICENSE_OPENINGS.get(language, {})
    if section is None or expected not in openings:
        return []
    if not openings[expected].search(section.short):
        word = {"yes": {"en": "Yes", "es": "Sí"}, "no": {"en": "No", "es": "No"}}[expected].get(language, expected)
        return [Problem("error", str(doc.path), section.line, f"facts say licenses_regardless_of_status: {expected}, but the license answer does not start with '{word}.'", f"Start the answer with '{word}.' or correct the fact.")]
    return []


def _months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


def check_budget(store: ContentStore, locales_dir: str, code: str | None, topic: str, language: str) -> list[Problem]:
    """The default SMS rendering must fit the segment budget; MORE must fit one message body."""
    ctx = RenderContext(language, "sms", store, locales_dir, {"profile_days": 90, "tracker_hours": 24, "dedupe_hours": 48})
    problems = []
    doc = store.state(code, language) if code else store.general(topic, language)
    if doc is None:
        return []
    section = doc.sections.get(topic if code else "")
    line = section.line if section else 1
    bodies = finish_for_channel(render_answer(topic, code, ctx), "sms")
    segments = sum(measure(b).segments for b in bodies)
    if segments > SEGMENT_BUDGET:
        problems.append(Problem("error", str(doc.path), line, f"the {topic} answer takes {segments} SMS segments (budget {SEGMENT_BUDGET})", "Shorten the part before <!-- more --> (about 330 characters) and move detail after it."))
    more_bodies = finish_for_channel(render_more(topic, code, ctx), "sms")
    if len(more_bodies) > 1:
        problems.append(Problem("error", str(doc.path), line, f"the {topic} MORE part is longer than one message (1600 characters)", "Shorten the part after <!-- more --> to about 900 characters."))
    return problems


def find_problems(content_dir: str | Path, locales_dir: str | Path, today: dt.date | None = None) -> list[Problem]:
    """Every problem in content/: parse errors, schema, coverage, cross-language facts, budget."""
    root = Path(content_dir)
    today = today or dt.date.today()
    problems: list[Problem] = []
    codes = set(load_jurisdiction_names())
    store = ContentStore(root)
    states_dir = root / "states"
    for folder in sorted(p for p in states_dir.iterdir() if p.is_dir()) if states_dir.is_dir() else []:
        if folder.name.upper() not in codes:
            problems.append(Problem("error", str(folder), 1, f"unknown state code folder '{folder.name}'", "Folders are two-letter postal codes in lowercase (tx, ny, dc, pr)."))
    for code in sorted(codes):
        facts_by_language: dict[str, tuple[Path, dict]] = {}
        for language in SUPPORTED_LANGUAGES:
            path = states_dir / code.lower() / f"{language}.md"
            if not path.is_file():
                problems.append(Problem("error", str(path), 1, f"{code} has no {language} file", f"Copy another language's file for {code} and translate the prose (keep the facts)."))
                continue
            doc, found = check_state_file(path, code, language, today)
            problems += found
            if doc is None:
                continue
            facts_by_language[language] = (path, _facts(doc))
            for topic in doc.sections:
                if topic in REQUIRED_STATE_SECTIONS or topic in STATE_NOTE_TOPICS:
                    problems += check_budget(store, str(locales_dir), code, topic, language)
        problems += _compare_facts(facts_by_language)
    for topic in GENERAL_TOPICS:
        for language in SUPPORTED_LANGUAGES:
            path = root / "general" / topic / f"{language}.md"
            if not path.is_file():
                problems.append(Problem("error", str(path), 1, f"general topic {topic} has no {language} file", "Copy another language's file and translate it."))
                continue
            doc, found = check_general_file(path, topic, language, today)
            problems += found
            if doc is not None and topic != "legal_help":
                problems += check_budget(store, str(locales_dir), None, topic, language)
    return problems


def _compare_facts(facts_by_language: dict[str, tuple[Path, dict]]) -> list[Problem]:
    if len(facts_by_language) < 2:
        return []
    (_, (base_path, base)), *others = facts_by_language.items()
    problems = []
    for _, (path, facts) in others:
        for name in sorted(set(base) | set(facts)):
            if base.get(name) != facts.get(name):
                problems.append(Problem("error", str(path), 1, f"fact {name} is {facts.get(name)!r} here but {base.get(name)!r} in {base_path}", "Facts must be identical in every language: copy the facts block from the other file."))
    return problems


def preview_answer(app: Flask, state: str, topic: str, language: str, channel: str, more: bool = False):
    """The bodies a user would receive for a state and topic, each with its encoding."""
    services = app.extensions["helpline"]
    ctx = RenderContext(language, channel, services.content, str(app.config["LOCALES_DIR"]), services.privacy_values)
    code = None if state.lower() in ("-", "none", "general") else state.upper()
    text = render_more(topic, code, ctx) if more else render_answer(topic, code, ctx)
    return [(body, measure(body)) for body in finish_for_channel(text, channel)]


def stale_files(content_dir: str | Path, months: int = STALE_AFTER_MONTHS) -> list[tuple[str, dt.date | None, bool]]:
    """Every content file with its review date, oldest (or undated) first."""
    today = dt.date.today()
    rows = []
    for path in sorted(Path(content_dir).glob("*/*/*.md")):
        try:
            doc = parse_document(path, path.read_text(encoding="utf-8"), sectioned=path.parent.parent.name == "states")
            reviewed = doc.last_reviewed
        except ContentError:
            reviewed = None
        rows.append((str(path), reviewed, reviewed is None or _months_between(reviewed, today) >= months))
    return sorted(rows, key=lambda r: (r[1] is not None, r[1] or dt.date.min, r[0]))


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
            for language in SUPPORTED_LANGUAGES:
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
        marks = [f"{lang} {'✅' if (root / 'general' / topic / f'{lang}.md').is_file() else '❌'}" for lang in SUPPORTED_LANGUAGES]
        general.append(f"| {topic} | " + " ".join(marks) + " |")
    return "\n".join(lines + ["", "| general topic | languages |", "|---|---|", *general])
