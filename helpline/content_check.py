"""`flask content check|preview|stale|coverage`: keep content/ complete, consistent and sendable.

Every problem names the file and line and says how to fix it, for organizers who are not
programmers (see CONTENT.md).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
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
from helpline.facts import (
    CROSS_STATE_FILE,
    FACTS_FILE,
    SOURCE_KINDS,
    FactsFile,
    as_date,
    load_cross_state,
    parse_facts,
    refusers_of,
)
from helpline.jurisdictions import known_state
from helpline.languages import language_codes, load_registry
from helpline.render import (
    RenderContext,
    finish_for_channel,
    load_jurisdiction_names,
    render_answer,
    render_more,
    state_name,
)
from helpline.sms import measure

SEGMENT_BUDGET = 3
STALE_AFTER_MONTHS = 12
YES_NO = {"yes", "no"}
TRI_STATE = {"yes", "no", "unknown"}
COURT_ORDER = {"all_records", "documents_only", "none", "unknown"}
FEDERAL_ACCESS = {"direct_and_networks", "direct", "via_networks", "none_found", "unknown"}
FACT_RULES = {
    "licenses_regardless_of_status": YES_NO,
    "credential_name": str,
    "law": str,
    "law_year": int,
    "court_order_required": COURT_ORDER,
    "federal_access_documented": FEDERAL_ACCESS,
    "facial_recognition_searches": TRI_STATE,
    "cards_refused_by": list,
}
# Values that claim something firmer than "no" or "we do not know": never while unverified.
POSITIVE_CLAIMS = {"yes", "all_records", "documents_only", "direct_and_networks", "direct", "via_networks"}
LANGUAGE_FILE_KEYS = {"jurisdiction", "name", "language"}
SOURCE_FIELDS = ("id", "title", "url", "publisher", "published", "accessed", "kind")
PUBLISHED = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
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


def _line_of(doc_text: str, needle: str) -> int:
    for number, line in enumerate(doc_text.splitlines(), start=1):
        if line.strip().startswith(needle):
            return number
    return 1


def check_facts_file(path: Path, code: str, today: dt.date, cross_state: dict) -> tuple[FactsFile | None, list[Problem]]:
    """Parse and validate one jurisdiction's facts.yml."""
    if not path.is_file():
        return None, [Problem("error", str(path), 1, f"{code} has no facts.yml", "Create it from CONTENT.md's example.")]
    text = path.read_text(encoding="utf-8")
    try:
        facts = parse_facts(path, text)
    except (yaml.YAMLError, ValueError) as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, [Problem("error", str(path), mark.line + 1 if mark else 1, f"not valid YAML ({getattr(exc, 'problem', exc)})",
                              "Compare with CONTENT.md's facts.yml example (indentation, quotes).")]
    problems = []
    if facts.jurisdiction.upper() != code:
        problems.append(Problem("error", str(path), _line_of(text, "jurisdiction"), f"jurisdiction is {facts.jurisdiction!r} but the folder is {code.lower()}", f"Write jurisdiction: {code}."))
    problems += _check_review(path, text, facts.last_reviewed, today)
    problems += _check_source_list(path, text, facts.sources, today)
    ids = facts.source_ids()
    for name, rule in FACT_RULES.items():
        fact = facts.facts.get(name)
        line = _line_of(text, f"{name}:")
        if fact is None:
            problems.append(Problem("error", str(path), _line_of(text, "facts"), f"fact '{name}' is missing", f"Add {name}: (see the facts table in CONTENT.md)."))
            continue
        problems += _check_fact_value(path, line, name, fact.value, rule)
        if fact.value in ("unknown", None) or fact.value == []:
            continue
        if not fact.sources:
            problems.append(Problem("error", str(path), line, f"{name} has no source", "List the ids of the sources it rests on (sources: [id]), or make the value unknown."))
        for missing in [s for s in fact.sources if s not in ids]:
            problems.append(Problem("error", str(path), line, f"{name} cites {missing!r}, which is not in this file's sources", f"Add a source with id: {missing}, or fix the id."))
        if fact.as_of is None:
            problems.append(Problem("error", str(path), line, f"{name} has no as_of date", "Write as_of: YYYY-MM-DD, the newest date its sources show it was true."))
        elif fact.as_of > today:
            problems.append(Problem("error", str(path), line, f"{name} as_of {fact.as_of} is in the future", "Use the date the source shows."))
    for name in facts.unverified:
        if name not in FACT_RULES:
            problems.append(Problem("error", str(path), _line_of(text, "unverified"), f"unverified names an unknown fact {name!r}", f"Use fact names: {', '.join(FACT_RULES)}."))
        elif facts.value(name) in POSITIVE_CLAIMS:
            problems.append(Problem("error", str(path), _line_of(text, f"{name}:"), f"{name} is {facts.value(name)!r} while listed as unverified",
                                    "A claim the sources do not settle must be unknown (or no/none): verify it or change the value."))
    shared = {str(s.get("id")): s for s in cross_state["sources"] if isinstance(s, dict)}
    for source in facts.sources:
        original = shared.get(str(source.get("id")))
        # Compared as written: YAML reads 2025-07-28 as a date and "2025-07-28" as text.
        if original is not None and {k: str(source.get(k)) for k in SOURCE_FIELDS} != {k: str(original.get(k)) for k in SOURCE_FIELDS}:
            problems.append(Problem("error", str(path), _line_of(text, f"- id: {source.get('id')}"),
                                    f"source {source.get('id')} differs from the entry with the same id in cross_state.yml",
                                    "Copy the entry from content/cross_state.yml again (same id means the same source)."))
    expected = sorted(refusers_of(cross_state, code))
    claimed = facts.value("cards_refused_by")
    if isinstance(claimed, list) and sorted(claimed) != expected:
        problems.append(Problem("error", str(path), _line_of(text, "cards_refused_by:"),
                                f"cards_refused_by is {sorted(claimed)} but content/cross_state.yml says {expected or 'none'} refuse {code}'s cards",
                                "Make the two agree: correct this fact or the refusing state's entry in cross_state.yml."))
    return facts, problems


def _check_fact_value(path: Path, line: int, name: str, value: object, rule: object) -> list[Problem]:
    if isinstance(rule, set) and value not in rule:
        return [Problem("error", str(path), line, f"{name} is {value!r}", f"Use one of: {', '.join(sorted(rule))}.")]
    if rule is int and value is not None and not isinstance(value, int):
        return [Problem("error", str(path), line, f"{name} is {value!r}, not a year", "Write a year like 2019, or null if there is no such law.")]
    if rule is str and value is not None and not (isinstance(value, str) and value.strip()):
        return [Problem("error", str(path), line, f"{name} is empty", f"Write the {name.replace('_', ' ')}, or null.")]
    if rule is list and not (isinstance(value, list) and all(known_state(v) for v in value)):
        return [Problem("error", str(path), line, f"{name} must be a list of state codes", "Write [] or a list like [FL, TN].")]
    return []


def _check_source_list(path: Path, text: str, sources: tuple[dict, ...], today: dt.date) -> list[Problem]:
    problems = []
    if not sources:
        problems.append(Problem("error", str(path), _line_of(text, "sources"), "no sources", "Add at least one source (see CONTENT.md)."))
    for source in sources:
        sid = str(source.get("id", ""))
        line = _line_of(text, f"- id: {sid}") if sid else _line_of(text, "sources")
        missing = [f for f in SOURCE_FIELDS if f not in source or (f != "published" and source.get(f) in (None, ""))]
        if missing:
            problems.append(Problem("error", str(path), line, f"source {sid or '?'} lacks {', '.join(missing)}", "Each source needs id, title, url, publisher, published (or null), accessed and kind."))
            continue
        if not re.match(r"^https?://\S+$", str(source["url"])):
            problems.append(Problem("error", str(path), line, f"source {sid} has no valid url", "Add url: https://... for this source."))
        if source["kind"] not in SOURCE_KINDS:
            problems.append(Problem("error", str(path), line, f"source {sid} has kind {source['kind']!r}", f"Use one of: {', '.join(SOURCE_KINDS)}."))
        if source["published"] is not None and not PUBLISHED.match(str(source["published"])):
            problems.append(Problem("error", str(path), line, f"source {sid} published {source['published']!r} is not a date", "Write YYYY-MM-DD, YYYY-MM, YYYY, or null."))
        accessed = as_date(source["accessed"])
        if accessed is None or accessed > today:
            problems.append(Problem("error", str(path), line, f"source {sid} accessed {source['accessed']!r} is not a past date", "Write the day you read it, YYYY-MM-DD."))
    return problems


def check_state_file(path: Path, code: str, language: str, facts: FactsFile | None, store: ContentStore) -> tuple[Document | None, list[Problem]]:
    """Parse and validate one state's prose in one language (its facts live in facts.yml)."""
    problems: list[Problem] = []
    text = path.read_text(encoding="utf-8")
    try:
        own = parse_document(path, text, sectioned=True)
    except ContentError as exc:
        return None, [Problem("error", str(path), exc.line, exc.message, "Compare with CONTENT.md's example: the file starts with '---', the header, '---', then '## topic' sections.")]
    meta = own.meta
    if str(meta.get("jurisdiction", "")).upper() != code:
        problems.append(Problem("error", str(path), _line_of(text, "jurisdiction"), f"jurisdiction is {meta.get('jurisdiction')!r} but the folder is {code.lower()}", f'Write jurisdiction: "{code}".'))
    if meta.get("language") != language:
        problems.append(Problem("error", str(path), _line_of(text, "language"), f"language is {meta.get('language')!r} in {path.name}", f"Write language: {language}."))
    if not meta.get("name"):
        problems.append(Problem("error", str(path), 2, "name is missing", "Add name: with the state's name in this file's language."))
    for extra in sorted(set(meta) - LANGUAGE_FILE_KEYS):
        problems.append(Problem("error", str(path), _line_of(text, extra), f"'{extra}' belongs in facts.yml, not in a language file",
                                "Facts, sources and review dates are written once, in facts.yml; keep only jurisdiction, name and language here."))
    for topic in REQUIRED_STATE_SECTIONS:
        if topic not in own.sections:
            problems.append(Problem("error", str(path), own.body_line, f"section '## {topic}' is missing", f"Add a '## {topic}' section (see CONTENT.md)."))
    for topic, section in own.sections.items():
        if topic not in REQUIRED_STATE_SECTIONS and topic not in STATE_NOTE_TOPICS:
            problems.append(Problem("error", str(path), section.line, f"unknown topic '## {topic}'", f"Use one of: {', '.join(ALL_TOPICS)}."))
    doc = store.state(code, language)
    if doc is None or facts is None:
        return doc, problems
    problems += _check_citations(doc, facts)
    problems += _check_license_answer(doc, language, facts)
    problems += _check_cross_state_prose(doc, language, facts)
    return doc, problems


def _check_citations(doc: Document, facts: FactsFile) -> list[Problem]:
    ids = facts.source_ids()
    problems = []
    for topic, section in doc.sections.items():
        if not section.source_ids:
            problems.append(Problem("error", str(doc.path), section.line, f"'## {topic}' cites no source", "End the section with a line 'Sources: id1, id2'."))
        for missing in [i for i in section.source_ids if i not in ids]:
            problems.append(Problem("error", str(doc.path), section.line, f"'## {topic}' cites {missing!r}, which is not in facts.yml's sources",
                                    f"Add a source with id: {missing} to {facts.path.name}, or fix the id."))
        if not section.short:
            problems.append(Problem("error", str(doc.path), section.line, f"'## {topic}' has no text", "Write the short answer before <!-- more -->."))
    return problems


def _check_cross_state_prose(doc: Document, language: str, facts: FactsFile) -> list[Problem]:
    """Every state that refuses this state's cards is named in the driving answer."""
    section = doc.sections.get("driving_in_other_states")
    refusers = facts.value("cards_refused_by")
    if section is None or not isinstance(refusers, list):
        return []
    text = f"{section.short} {section.more}"
    missing = [code for code in refusers if state_name(code, language) not in text]
    if not missing:
        return []
    names = ", ".join(state_name(code, language) for code in missing)
    return [Problem("error", str(doc.path), section.line, f"driving_in_other_states does not name {names}, whose law refuses these cards",
                    "Name every state in cards_refused_by and say what a driver risks there.")]


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
    problems += _check_review(path, text, doc.last_reviewed, today)
    problems += _check_source_list(path, text, doc.sources, today)
    problems += _check_general_citations(doc)
    problems += _check_hotlines(doc, text)
    return doc, problems


def _check_general_citations(doc: Document) -> list[Problem]:
    ids = {str(s.get("id")) for s in doc.sources if isinstance(s, dict)}
    section = doc.sections[""]
    problems = []
    if not section.source_ids:
        problems.append(Problem("error", str(doc.path), section.line, "the answer cites no source", "End it with a line 'Sources: id1, id2'."))
    for missing in [i for i in section.source_ids if i not in ids]:
        problems.append(Problem("error", str(doc.path), section.line, f"the answer cites {missing!r}, which is not in the header's sources", f"Add a source with id: {missing}, or fix the id."))
    if not section.short:
        problems.append(Problem("error", str(doc.path), section.line, "the answer has no text", "Write the short answer before <!-- more -->."))
    return problems


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


def _check_review(path: Path, text: str, reviewed: dt.date | None, today: dt.date) -> list[Problem]:
    line = _line_of(text, "last_reviewed")
    if reviewed is None:
        return [Problem("error", str(path), line, "last_reviewed is missing or not a date", "Write last_reviewed: YYYY-MM-DD, the day the facts were last re-verified against their sources.")]
    if reviewed > today:
        return [Problem("error", str(path), line, f"last_reviewed {reviewed} is in the future", "Use the date the facts were actually re-verified.")]
    if _months_between(reviewed, today) >= STALE_AFTER_MONTHS:
        return [Problem("warning", str(path), line, f"last reviewed {reviewed}, over {STALE_AFTER_MONTHS} months ago", "Check each fact against its source, then run flask content review.")]
    return []


def _check_license_answer(doc: Document, language: str, facts: FactsFile) -> list[Problem]:
    """The license answer's first word must agree with licenses_regardless_of_status."""
    section = doc.sections.get("license_eligibility")
    expected = facts.value("licenses_regardless_of_status")
    if section is None or expected not in YES_NO:
        return []
    registered = load_registry().get(language)
    opening = registered.opening(expected) if registered else None
    if opening is None:
        return [Problem("error", str(doc.path), section.line, f"no license-answer opening is registered for language {language!r}",
                        "Add license_opening (yes and no) to this language in registry/languages.yml.")]
    if not opening.search(section.short):
        return [Problem("error", str(doc.path), section.line,
                        f"facts say licenses_regardless_of_status: {expected}, but the license answer does not start as registry/languages.yml requires ({opening.pattern})",
                        "Start the answer with the language's word for yes or no, or correct the fact.")]
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
    bodies = finish_for_channel(render_answer(topic, code, ctx), "sms", language)
    segments = sum(measure(b).segments for b in bodies)
    budget = load_registry().get(language).segment_budget if load_registry().get(language) else SEGMENT_BUDGET
    if segments > budget:
        problems.append(Problem("error", str(doc.path), line, f"the {topic} answer takes {segments} SMS segments (budget {budget})", "Shorten the part before <!-- more --> (about 330 characters) and move detail after it."))
    more_bodies = finish_for_channel(render_more(topic, code, ctx), "sms", language)
    if len(more_bodies) > 1:
        problems.append(Problem("error", str(doc.path), line, f"the {topic} MORE part is longer than one message (1600 characters)", "Shorten the part after <!-- more --> to about 900 characters."))
    return problems


def find_problems(content_dir: str | Path, locales_dir: str | Path, today: dt.date | None = None,
                  only: str | None = None) -> list[Problem]:
    """Every problem in content/ (or in one jurisdiction's files, `only`): parse errors, schema,
    sources, coverage, the license opening, cross-state consistency, budget."""
    root = Path(content_dir)
    today = today or dt.date.today()
    problems: list[Problem] = []
    codes = set(load_jurisdiction_names())
    store = ContentStore(root)
    cross_state = load_cross_state(root)
    states_dir = root / "states"
    if only is None:
        for folder in sorted(p for p in states_dir.iterdir() if p.is_dir()) if states_dir.is_dir() else []:
            if folder.name.upper() not in codes:
                problems.append(Problem("error", str(folder), 1, f"unknown state code folder '{folder.name}'", "Folders are two-letter postal codes in lowercase (tx, ny, dc, pr)."))
        problems += _check_cross_state_file(root, cross_state, codes)
    for code in sorted(codes) if only is None else [only.upper()]:
        facts, found = check_facts_file(states_dir / code.lower() / FACTS_FILE, code, today, cross_state)
        problems += found
        for language in language_codes():
            path = states_dir / code.lower() / f"{language}.md"
            if not path.is_file():
                problems.append(Problem("error", str(path), 1, f"{code} has no {language} file", f"Copy another language's file for {code} and translate the prose."))
                continue
            doc, found = check_state_file(path, code, language, facts, store)
            problems += found
            if doc is None:
                continue
            for topic in doc.sections:
                if topic in REQUIRED_STATE_SECTIONS or topic in STATE_NOTE_TOPICS:
                    problems += check_budget(store, str(locales_dir), code, topic, language)
    if only is not None:
        return problems
    for topic in GENERAL_TOPICS:
        for language in language_codes():
            path = root / "general" / topic / f"{language}.md"
            if not path.is_file():
                problems.append(Problem("error", str(path), 1, f"general topic {topic} has no {language} file", "Copy another language's file and translate it."))
                continue
            doc, found = check_general_file(path, topic, language, today)
            problems += found
            if doc is not None and topic != "legal_help":
                problems += check_budget(store, str(locales_dir), None, topic, language)
    return problems


def _check_cross_state_file(root: Path, cross_state: dict, codes: set[str]) -> list[Problem]:
    """content/cross_state.yml: known codes, and every entry's sources listed with all fields."""
    path = root / CROSS_STATE_FILE
    if not path.is_file():
        return [Problem("error", str(path), 1, "cross_state.yml is missing", "Create it: the states that refuse other states' cards (CONTENT.md).")]
    text = path.read_text(encoding="utf-8")
    problems = _check_source_list(path, text, tuple(cross_state["sources"]), dt.date.today())
    ids = {str(s.get("id")) for s in cross_state["sources"] if isinstance(s, dict)}
    for refuser, entry in cross_state["refusing_states"].items():
        line = _line_of(text, f"{refuser}:")
        entry = entry or {}
        if refuser not in codes:
            problems.append(Problem("error", str(path), line, f"unknown state code {refuser!r}", "Use two-letter postal codes."))
        for code in entry.get("refuses_cards_from") or []:
            if code not in codes:
                problems.append(Problem("error", str(path), line, f"{refuser} refuses cards from unknown code {code!r}", "Use two-letter postal codes."))
        cited = entry.get("sources") or []
        if not cited:
            problems.append(Problem("error", str(path), line, f"{refuser} has no source", "List the ids of the sources its entry rests on."))
        for missing in [c for c in cited if c not in ids]:
            problems.append(Problem("error", str(path), line, f"{refuser} cites {missing!r}, which is not in the file's sources", f"Add a source with id: {missing}."))
        if as_date(entry.get("as_of")) is None:
            problems.append(Problem("error", str(path), line, f"{refuser} has no as_of date", "Write as_of: YYYY-MM-DD."))
    return problems


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
        return f"older than {months} months" if _months_between(date, today) >= months else None

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
