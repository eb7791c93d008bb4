"""`content check` for facts: each jurisdiction's facts.yml and content/cross_state.yml.

Every fact has a value the model allows, sources the file holds and an `as_of` date; every
source carries its metadata; the cross-state list and each state's `cards_refused_by` agree.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from helpline.content.facts import CROSS_STATE_FILE, SOURCE_KINDS, FactsFile, as_date, parse_facts, refusers_of
from helpline.content.problems import Problem, check_review, line_of
from helpline.registries.jurisdictions import known_state

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
SOURCE_FIELDS = ("id", "title", "url", "publisher", "published", "accessed", "kind")
PUBLISHED = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

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
        problems.append(Problem("error", str(path), line_of(text, "jurisdiction"), f"jurisdiction is {facts.jurisdiction!r} but the folder is {code.lower()}", f"Write jurisdiction: {code}."))
    problems += check_review(path, text, facts.last_reviewed, today)
    problems += check_source_list(path, text, facts.sources, today)
    ids = facts.source_ids()
    for name, rule in FACT_RULES.items():
        fact = facts.facts.get(name)
        line = line_of(text, f"{name}:")
        if fact is None:
            problems.append(Problem("error", str(path), line_of(text, "facts"), f"fact '{name}' is missing", f"Add {name}: (see the facts table in CONTENT.md)."))
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
            problems.append(Problem("error", str(path), line_of(text, "unverified"), f"unverified names an unknown fact {name!r}", f"Use fact names: {', '.join(FACT_RULES)}."))
        elif facts.value(name) in POSITIVE_CLAIMS:
            problems.append(Problem("error", str(path), line_of(text, f"{name}:"), f"{name} is {facts.value(name)!r} while listed as unverified",
                                    "A claim the sources do not settle must be unknown (or no/none): verify it or change the value."))
    shared = {str(s.get("id")): s for s in cross_state["sources"] if isinstance(s, dict)}
    for source in facts.sources:
        original = shared.get(str(source.get("id")))
        # Compared as written: YAML reads 2025-07-28 as a date and "2025-07-28" as text.
        if original is not None and {k: str(source.get(k)) for k in SOURCE_FIELDS} != {k: str(original.get(k)) for k in SOURCE_FIELDS}:
            problems.append(Problem("error", str(path), line_of(text, f"- id: {source.get('id')}"),
                                    f"source {source.get('id')} differs from the entry with the same id in cross_state.yml",
                                    "Copy the entry from content/cross_state.yml again (same id means the same source)."))
    expected = sorted(refusers_of(cross_state, code))
    claimed = facts.value("cards_refused_by")
    if isinstance(claimed, list) and sorted(claimed) != expected:
        problems.append(Problem("error", str(path), line_of(text, "cards_refused_by:"),
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


def check_source_list(path: Path, text: str, sources: tuple[dict, ...], today: dt.date) -> list[Problem]:
    problems = []
    if not sources:
        problems.append(Problem("error", str(path), line_of(text, "sources"), "no sources", "Add at least one source (see CONTENT.md)."))
    for source in sources:
        sid = str(source.get("id", ""))
        line = line_of(text, f"- id: {sid}") if sid else line_of(text, "sources")
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


def check_cross_state_file(root: Path, cross_state: dict, codes: set[str]) -> list[Problem]:
    """content/cross_state.yml: known codes, and every entry's sources listed with all fields."""
    path = root / CROSS_STATE_FILE
    if not path.is_file():
        return [Problem("error", str(path), 1, "cross_state.yml is missing", "Create it: the states that refuse other states' cards (CONTENT.md).")]
    text = path.read_text(encoding="utf-8")
    problems = check_source_list(path, text, tuple(cross_state["sources"]), dt.date.today())
    ids = {str(s.get("id")) for s in cross_state["sources"] if isinstance(s, dict)}
    for refuser, entry in cross_state["refusing_states"].items():
        line = line_of(text, f"{refuser}:")
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
