"""The jurisdictions the helpline knows (bot/helpline_bot/jurisdictions.yml, one source of truth).

Only these codes are ever rendered, stored or used to find a file: a state that arrives any
other way (from Rasa, a payload, the database) is treated as no state at all.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

JURISDICTIONS_PATH = Path(__file__).resolve().parent.parent / "bot" / "helpline_bot" / "jurisdictions.yml"


@lru_cache(maxsize=1)
def load_jurisdiction_names() -> dict[str, dict[str, str]]:
    """USPS code -> {language code: name}, from every `name_<code>` column (a new language adds one)."""
    data = yaml.safe_load(JURISDICTIONS_PATH.read_text(encoding="utf-8"))
    return {row["code"]: {key.removeprefix("name_"): value for key, value in row.items() if key.startswith("name_")}
            for row in data["jurisdictions"]}


def known_state(value: object) -> str | None:
    """The value as a known USPS code ("tx" -> "TX"), or None for anything else."""
    if not isinstance(value, str) or len(value) != 2:
        return None
    code = value.upper()
    return code if code in load_jurisdiction_names() else None
