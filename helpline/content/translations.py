"""Which revision of the source each translated section was made from, and whether it still is.

A translated file's header carries a `translation:` record: the language it was made from, who
or what translated it, who reviewed it (null until a person has), and a short hash of every
source section as it was when translated. When the source section changes, its hash no longer
matches and the translation is reported out of date (`content check`, the coverage table).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import yaml

from helpline.content.store import Document, Section

CURRENT, OUTDATED, UNRECORDED, MISSING = "current", "outdated", "unrecorded", "missing"
HEADER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def section_hash(section: Section) -> str:
    """A short, stable fingerprint of a section's words and cited sources."""
    text = "\n".join([section.short, section.more, ",".join(section.source_ids)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def translation_record(doc: Document) -> dict:
    """The document's `translation:` header (empty for a source file)."""
    record = doc.meta.get("translation")
    return record if isinstance(record, dict) else {}


def section_status(translated: Document | None, source: Document, name: str) -> str:
    """CURRENT, OUTDATED (the source changed since), UNRECORDED (no hash) or MISSING."""
    if translated is None or name not in translated.sections:
        return MISSING
    recorded = (translation_record(translated).get("source_hashes") or {}).get(name or "answer")
    if not recorded:
        return UNRECORDED
    return CURRENT if recorded == section_hash(source.sections[name]) else OUTDATED


def stamp_translation(path: Path, source: Document, by: str, today: dt.date | None = None, reviewer: str | None = None) -> None:
    """Record in a translated file that it matches the source as it is now (after translating it,
    or after checking that an out-of-date section still says the same thing)."""
    text = path.read_text(encoding="utf-8")
    match = HEADER.match(text)
    if not match:
        raise ValueError(f"{path}: no header")
    header = match.group(1)
    record = {
        "from": str(source.meta.get("language")),
        "by": by,
        "date": (today or dt.date.today()).isoformat(),
        # Who read the translation against the source; a machine never fills this in.
        "reviewed_by": reviewer,
        "source_hashes": {name or "answer": section_hash(section) for name, section in source.sections.items()},
    }
    kept = re.sub(r"^translation:\n(?:[ \t]+.*\n?)*", "", header + "\n", flags=re.M).rstrip("\n")
    block = yaml.safe_dump({"translation": record}, allow_unicode=True, sort_keys=False, default_flow_style=False).rstrip("\n")
    path.write_text(f"---\n{kept}\n{block}\n---\n" + text[match.end():], encoding="utf-8")
