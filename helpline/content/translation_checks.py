"""Checks of a translated file against its source: drift (the source changed since), the
translation record, and phone numbers and web addresses, which must be copied, never invented."""

from __future__ import annotations

import re

from helpline.content.problems import Problem
from helpline.content.store import Document
from helpline.content.translations import OUTDATED, UNRECORDED, section_status, translation_record

# Phone numbers (1-800-777-0133, (202) 555-0100, 800.354.0365) and web addresses, ASCII only so
# Chinese punctuation written right after a link is not taken as part of it.
PHONE = re.compile(r"(?<!\d)(?:1[-. ]?)?\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}(?!\d)")
URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#@!$&'*+=%]+|\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:org|gov|com|net|us|edu)(?:/[A-Za-z0-9\-._~:/?#@!$&'*+=%]*)?")


def _phones(text: str) -> set[str]:
    found = set()
    for match in PHONE.findall(text):
        digits = re.sub(r"\D", "", match)
        found.add(digits[1:] if len(digits) == 11 and digits.startswith("1") else digits)
    return found


def _urls(text: str) -> set[str]:
    found = set()
    for match in URL.findall(text):
        address = re.sub(r"^(?:https?://)?(?:www\.)?", "", match.lower()).rstrip(".:!?'/")
        found.add(address)
    return found


def check_translation(doc: Document, source: Document, command: str) -> list[Problem]:
    """Problems of one translated file; `command` is how to record a fresh translation."""
    path = str(doc.path)
    problems: list[Problem] = []
    record = translation_record(doc)
    if not record:
        problems.append(Problem("warning", path, 2, "the file does not record which version of the source it was translated from",
                                f"After translating, run {command}."))
    else:
        if record.get("reviewed_by") is not None and not str(record.get("reviewed_by")).strip():
            problems.append(Problem("error", path, 2, "translation reviewed_by is blank", "Write the reviewer's name, or null if no person has reviewed it."))
        for name in source.sections:
            status = section_status(doc, source, name)
            label = f"'## {name}'" if name else "the answer"
            if status == OUTDATED:
                problems.append(Problem("warning", path, doc.sections[name].line,
                                        f"{label} was translated from an older version of {source.path.name}: the source has changed since",
                                        f"Update the translation to match {source.path.name}, then run {command}."))
            elif status == UNRECORDED:
                problems.append(Problem("warning", path, doc.sections[name].line, f"{label} has no recorded source version", f"Run {command}."))
    for name, section in doc.sections.items():
        original = source.sections.get(name)
        if original is None:
            continue
        theirs_text, ours_text = f"{original.short} {original.more}", f"{section.short} {section.more}"
        for kind, read in (("phone number", _phones), ("web address", _urls)):
            theirs, ours = read(theirs_text), read(ours_text)
            for extra in sorted(ours - theirs):
                problems.append(Problem("error", path, section.line, f"the translation has the {kind} {extra}, which {source.path.name} does not",
                                        f"Copy every {kind} exactly from {source.path.name}; never add one."))
            for missing in sorted(theirs - ours):
                problems.append(Problem("warning", path, section.line, f"the translation lacks the {kind} {missing} that {source.path.name} gives",
                                        f"Copy it exactly from {source.path.name}."))
    return problems
