"""Interface strings: every string in the code is in the catalogs and translated to Spanish."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpline.registries.languages import default_language, language_codes

REPO = Path(__file__).resolve().parent.parent


def msgids(po_text: str) -> dict[str, str]:
    """msgid -> msgstr from a .po/.pot file (single-line entries, as this project writes them)."""
    pairs = re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"$', po_text, re.M)
    return {k: v for k, v in pairs if k}


def test_template_lists_every_string_in_the_code(tmp_path):
    out = tmp_path / "fresh.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_", "-k", "gettext",
         "-k", "g", "-o", str(out), "--no-location", "--omit-header", "--no-wrap", "."],
        cwd=REPO, check=True, capture_output=True,
    )
    fresh = set(msgids(out.read_text(encoding="utf-8")))
    committed = set(msgids((REPO / "locales" / "messages.pot").read_text(encoding="utf-8")))
    assert fresh == committed, "run: pybabel extract (see README) and update the catalogs"


@pytest.mark.parametrize("language", [code for code in language_codes() if code != default_language()])
def test_every_string_is_translated(language):
    template = set(msgids((REPO / "locales" / "messages.pot").read_text(encoding="utf-8")))
    catalog = msgids((REPO / "locales" / language / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8"))
    assert template <= set(catalog)
    assert [k for k in template if not catalog[k]] == []


def test_placeholders_survive_translation():
    catalog = msgids((REPO / "locales" / "es" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8"))
    for msgid, msgstr in catalog.items():
        assert re.findall(r"%\(\w+\)s", msgid) == re.findall(r"%\(\w+\)s", msgstr), msgid


@pytest.mark.parametrize("language", language_codes())
def test_catalogs_are_compiled_by_the_build(language):
    assert (REPO / "locales" / language / "LC_MESSAGES" / "messages.mo").is_file()


def test_the_consoles_template_lists_every_string_and_spanish_translates_them_all(tmp_path):
    out = tmp_path / "console.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel-console.cfg", "-k", "_", "-o", str(out),
         "--no-location", "--omit-header", "--no-wrap", "helpline/console"],
        cwd=REPO, check=True, capture_output=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )
    fresh = set(msgids(out.read_text(encoding="utf-8")))
    assert fresh == set(msgids((REPO / "locales" / "console.pot").read_text(encoding="utf-8"))), "run scripts/console-catalog"
    spanish = msgids((REPO / "locales" / "es" / "LC_MESSAGES" / "console.po").read_text(encoding="utf-8"))
    assert [k for k in fresh if not spanish.get(k)] == []
    assert all(re.findall(r"%\(\w+\)s", k) == re.findall(r"%\(\w+\)s", v) for k, v in spanish.items())
