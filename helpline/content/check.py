"""`flask content check`: keep content/ complete, consistent and sendable.

Every problem names the file and line and says how to fix it, for organizers who are not
programmers (see CONTENT.md). The facts' own checks live in fact_checks.py; preview, stale and
coverage in content_reports.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpline.channels.bodies import finish_for_channel
from helpline.channels.sms import measure
from helpline.content.fact_checks import YES_NO, check_cross_state_file, check_facts_file, check_source_list
from helpline.content.facts import FACTS_FILE, FactsFile, load_cross_state
from helpline.content.problems import Problem, check_review, line_of
from helpline.content.store import (
    ALL_TOPICS,
    GENERAL_TOPICS,
    REQUIRED_STATE_SECTIONS,
    STATE_NOTE_TOPICS,
    ContentError,
    ContentStore,
    Document,
    parse_document,
)
from helpline.content.translation_checks import check_translation
from helpline.registries.jurisdictions import load_jurisdiction_names
from helpline.registries.languages import default_language, language_codes, load_registry
from helpline.rendering.answers import render_answer, render_more
from helpline.rendering.wording import RenderContext, state_name

# `translation` records which version of the source a translated file was made from.
LANGUAGE_FILE_KEYS = {"jurisdiction", "name", "language", "translation"}


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
        problems.append(Problem("error", str(path), line_of(text, "jurisdiction"), f"jurisdiction is {meta.get('jurisdiction')!r} but the folder is {code.lower()}", f'Write jurisdiction: "{code}".'))
    if meta.get("language") != language:
        problems.append(Problem("error", str(path), line_of(text, "language"), f"language is {meta.get('language')!r} in {path.name}", f"Write language: {language}."))
    if not meta.get("name"):
        problems.append(Problem("error", str(path), 2, "name is missing", "Add name: with the state's name in this file's language."))
    for extra in sorted(set(meta) - LANGUAGE_FILE_KEYS):
        problems.append(Problem("error", str(path), line_of(text, extra), f"'{extra}' belongs in facts.yml, not in a language file",
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
    # The state named in this language or in English (answers may keep official names in English).
    missing = [code for code in refusers if state_name(code, language) not in text and state_name(code, default_language()) not in text]
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
        problems.append(Problem("error", str(path), line_of(text, "topic"), f"topic is {doc.meta.get('topic')!r} but the folder is {topic}", f"Write topic: {topic}."))
    if doc.meta.get("language") != language:
        problems.append(Problem("error", str(path), line_of(text, "language"), f"language is {doc.meta.get('language')!r}", f"Write language: {language}."))
    problems += check_review(path, text, doc.last_reviewed, today)
    problems += check_source_list(path, text, doc.sources, today)
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
        line = line_of(text, "hotlines")
        if not isinstance(hotline, dict) or not hotline.get("name") or not hotline.get("number"):
            problems.append(Problem("error", str(doc.path), line, f"a hotline lacks a name or number: {hotline!r}", "Each hotline needs name:, number: and source:."))
        elif str(hotline.get("source")) not in ids:
            problems.append(Problem("error", str(doc.path), line, f"hotline {hotline['number']} cites no source from the header", "Add source: with the id of the page (the organization's own, or an official one) where you read the number."))
    return problems


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
    budget = load_registry().get(language).segment_budget
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
        problems += check_cross_state_file(root, cross_state, codes)
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
            source = store.state(code, default_language()) if language != default_language() else None
            if source is not None:
                problems += check_translation(doc, source, f"flask --app app content stamp --lang {language} --state {code} --by NAME")
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
            source = store.general(topic, default_language()) if language != default_language() else None
            if doc is not None and source is not None:
                problems += check_translation(doc, source, f"flask --app app content stamp --lang {language} --topic {topic} --by NAME")
            if doc is not None and topic != "legal_help":
                problems += check_budget(store, str(locales_dir), None, topic, language)
    return problems
