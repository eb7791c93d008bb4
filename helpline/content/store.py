"""Load the answers in content/: Markdown with YAML front matter, reloaded when a file changes.

Layout (see CONTENT.md): content/states/<code>/facts.yml holds one jurisdiction's facts and their
sources, once; content/states/<code>/<lang>.md holds one `## topic` section per topic, in prose that
cites those sources; content/general/<topic>/<lang>.md holds an answer shared by all states.
A file that stops parsing never takes the helpline down: the last good version keeps being served.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from helpline.content.facts import FACTS_FILE, FactsFile, as_date, parse_facts
from helpline.registries.jurisdictions import known_state
from helpline.registries.topics import topics_where

logger = logging.getLogger(__name__)

STATE_TOPICS = topics_where(scope="state")
GENERAL_TOPICS = topics_where(scope=("general", "both"))
REQUIRED_STATE_SECTIONS = topics_where(scope=("state", "both"))
# A state file may add a note to these general answers.
STATE_NOTE_TOPICS = topics_where(state_note=True)
ALL_TOPICS = tuple(dict.fromkeys((*STATE_TOPICS, *GENERAL_TOPICS)))
MORE_MARKER = "<!-- more -->"
SOURCES_LINE = re.compile(r"^\s*(?:Sources?|Fuentes?)\s*:\s*(.*)$", re.IGNORECASE)
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
# libyaml's loader when PyYAML was built with it (the wheels are): parsing is several times faster.
# Language codes become file names: letters, and a region or script after "-" at most.
SAFE_NAME = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentError(ValueError):
    """A content file that cannot be used, with the line where the problem is."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class Section:
    """One answer: the short part, the optional MORE part, and the ids of its sources."""

    short: str
    more: str
    source_ids: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Document:
    """One parsed content file (a state's or a general topic's, in one language)."""

    path: Path
    meta: dict
    sections: dict[str, Section]
    body_line: int = 1
    sources: tuple[dict, ...] = field(default_factory=tuple)

    @property
    def reviewed_by(self) -> str | None:
        """Who last re-verified the facts (a person), or None when no person has."""
        value = self.meta.get("reviewed_by")
        return str(value) if value else None

    @property
    def last_reviewed(self) -> dt.date | None:
        """The date in `last_reviewed`, or None if it is missing or malformed."""
        return as_date(self.meta.get("last_reviewed"))

    def sources_for(self, section: Section) -> list[dict]:
        """The source entries (title, url) a section cites, in the order it cites them."""
        by_id = {str(s.get("id")): s for s in self.sources if isinstance(s, dict)}
        return [by_id[i] for i in section.source_ids if i in by_id]


def parse_document(path: Path, text: str, sectioned: bool) -> Document:
    """Parse one file; raise ContentError naming the line of the first problem."""
    match = FRONT_MATTER.match(text)
    if not match:
        raise ContentError(path, 1, "the file must start with front matter between two '---' lines")
    try:
        meta = yaml.load(match.group(1), Loader=YAML_LOADER) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 2
        raise ContentError(path, line, f"the header is not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(meta, dict):
        raise ContentError(path, 2, "the header must be a list of 'field: value' lines")
    body_line = text[: match.end()].count("\n") + 1
    body = text[match.end():]
    sources = tuple(meta.get("sources") or ())
    if sectioned:
        sections = _parse_sections(path, body, body_line)
    else:
        sections = {"": _parse_section(path, body, body_line)}
    return Document(path, meta, sections, body_line, sources)


def _parse_sections(path: Path, body: str, first_line: int) -> dict[str, Section]:
    sections: dict[str, Section] = {}
    current, start, lines = None, first_line, []
    for offset, line in enumerate(body.splitlines()):
        heading = re.match(r"^##\s+(\S+)\s*$", line)
        if heading:
            if current is not None:
                sections[current] = _parse_section(path, "\n".join(lines), start)
            current, start, lines = heading.group(1), first_line + offset + 1, []
            if current in sections:
                raise ContentError(path, first_line + offset, f"section '## {current}' appears twice")
        elif current is not None:
            lines.append(line)
        elif line.strip():
            raise ContentError(path, first_line + offset, "text before the first '## topic' heading")
    if current is not None:
        sections[current] = _parse_section(path, "\n".join(lines), start)
    return sections


def _parse_section(path: Path, text: str, line: int) -> Section:
    source_ids: tuple[str, ...] = ()
    kept = []
    for raw in text.splitlines():
        found = SOURCES_LINE.match(raw)
        if found:
            source_ids = tuple(s.strip() for s in found.group(1).split(",") if s.strip())
        else:
            kept.append(raw)
    joined = "\n".join(kept)
    short, _, more = joined.partition(MORE_MARKER)
    return Section(_tidy(short), _tidy(more), source_ids, line)


def _tidy(text: str) -> str:
    """Join wrapped lines into paragraphs, as a phone would show them."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip())]
    return "\n".join(p for p in paragraphs if p)


class ContentStore:
    """Serves parsed content files, re-reading a file when its modification time changes."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._cache: dict[Path, tuple[tuple[int, int], Document]] = {}
        self._facts_cache: dict[Path, tuple[tuple[int, int], FactsFile]] = {}
        self._lock = threading.Lock()

    def state(self, code: str, language: str) -> Document | None:
        """The file for one known jurisdiction in one language, or None. Nothing else becomes a
        path: an unknown code, topic or language is never looked up."""
        known = known_state(code)
        if known is None or not SAFE_NAME.match(language or ""):
            return None
        folder = self.root / "states" / known.lower()
        doc = self._load(folder / f"{language}.md", sectioned=True)
        facts = self.facts(known)
        if doc is None or facts is None:
            return doc
        # The prose in this language, with the jurisdiction's one set of facts and sources.
        meta = {**doc.meta, "facts": {name: fact.value for name, fact in facts.facts.items()},
                "last_reviewed": facts.last_reviewed, "reviewed_by": facts.reviewed_by}
        return Document(doc.path, meta, doc.sections, doc.body_line, facts.sources)

    def facts(self, code: str) -> FactsFile | None:
        """A known jurisdiction's facts.yml, or None."""
        known = known_state(code)
        return self._load_facts(self.root / "states" / known.lower() / FACTS_FILE) if known else None

    def general(self, topic: str, language: str) -> Document | None:
        """The general answer for a known topic in one language, or None if there is none."""
        if topic not in GENERAL_TOPICS or not SAFE_NAME.match(language or ""):
            return None
        return self._load(self.root / "general" / topic / f"{language}.md", sectioned=False)

    def _load_facts(self, path: Path) -> FactsFile | None:
        return self._cached(path, self._facts_cache, lambda text: parse_facts(path, text),
                            (yaml.YAMLError, ValueError, OSError, UnicodeDecodeError))

    def _load(self, path: Path, sectioned: bool) -> Document | None:
        return self._cached(path, self._cache, lambda text: parse_document(path, text, sectioned),
                            (ContentError, OSError, UnicodeDecodeError))

    def _cached(self, path: Path, cache: dict, parse, errors: tuple):
        """The parsed file, re-read when its modification time or size changes. A file that stops
        parsing keeps its last good version; `flask content check` reports it."""
        try:
            stat = path.stat()
        except OSError:
            return None
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = cache.get(path)
        if cached and cached[0] == stamp:
            return cached[1]
        with self._lock:
            try:
                parsed = parse(path.read_text(encoding="utf-8"))
            except errors as exc:
                logger.error("content file unusable, serving last good version: %s", type(exc).__name__)
                if cached:
                    cache[path] = (stamp, cached[1])
                    return cached[1]
                return None
            cache[path] = (stamp, parsed)
            return parsed
