"""A finding of `flask content check`, and where in a file it is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

STALE_AFTER_MONTHS = 12


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


def line_of(doc_text: str, needle: str) -> int:
    for number, line in enumerate(doc_text.splitlines(), start=1):
        if line.strip().startswith(needle):
            return number
    return 1


def months_between(earlier: dt.date, later: dt.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


def check_review(path: Path, text: str, reviewed: dt.date | None, today: dt.date) -> list[Problem]:
    line = line_of(text, "last_reviewed")
    if reviewed is None:
        return [Problem("error", str(path), line, "last_reviewed is missing or not a date", "Write last_reviewed: YYYY-MM-DD, the day the facts were last re-verified against their sources.")]
    if reviewed > today:
        return [Problem("error", str(path), line, f"last_reviewed {reviewed} is in the future", "Use the date the facts were actually re-verified.")]
    if months_between(reviewed, today) >= STALE_AFTER_MONTHS:
        return [Problem("warning", str(path), line, f"last reviewed {reviewed}, over {STALE_AFTER_MONTHS} months ago", "Check each fact against its source, then run flask content review.")]
    return []
