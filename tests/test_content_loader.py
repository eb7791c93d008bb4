"""The content loader: every shipped file parses, edits apply without restart, broken files
never take the helpline down."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from helpline.content.facts import parse_facts
from helpline.content.store import GENERAL_TOPICS, REQUIRED_STATE_SECTIONS, ContentStore, parse_document
from helpline.registries.jurisdictions import load_jurisdiction_names
from helpline.registries.languages import language_codes
from helpline.rendering.answers import render_answer
from helpline.rendering.wording import RenderContext

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
LOCALES = str(REPO / "locales")
STATE_FILES = sorted((CONTENT / "states").glob("*/*.md"))
FACTS_FILES = sorted((CONTENT / "states").glob("*/facts.yml"))
GENERAL_FILES = sorted((CONTENT / "general").glob("*/*.md"))


@pytest.mark.parametrize("path", STATE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_state_file_parses_with_all_required_sections(path):
    doc = parse_document(path, path.read_text(encoding="utf-8"), sectioned=True)
    assert set(REQUIRED_STATE_SECTIONS) <= set(doc.sections)
    assert doc.meta["jurisdiction"] == path.parent.name.upper()
    # Facts live in facts.yml only; a translation also records what it was made from.
    expected = {"jurisdiction", "name", "language"} | ({"translation"} if path.name != "en.md" else set())
    assert set(doc.meta) == expected


@pytest.mark.parametrize("path", FACTS_FILES, ids=lambda p: p.parent.name)
def test_every_facts_file_parses_with_dated_sourced_facts(path):
    facts = parse_facts(path, path.read_text(encoding="utf-8"))
    assert facts.jurisdiction == path.parent.name.upper() and facts.last_reviewed is not None
    for name, fact in facts.facts.items():
        if fact.value not in ("unknown", None, []):
            assert fact.sources and fact.as_of, name


def test_the_store_serves_one_languages_prose_with_the_jurisdictions_one_set_of_facts():
    store = ContentStore(CONTENT)
    english, spanish = store.state("WA", "en"), store.state("WA", "es")
    assert english.meta["facts"] == spanish.meta["facts"] and english.sources == spanish.sources
    assert english.sections["license_eligibility"].short != spanish.sections["license_eligibility"].short
    assert english.last_reviewed == store.facts("WA").last_reviewed


def test_an_edited_facts_file_is_reloaded_without_restart(content_copy):
    store = ContentStore(content_copy)
    path = content_copy / "states" / "wa" / "facts.yml"
    assert store.state("WA", "en").reviewed_by is None
    path.write_text(path.read_text(encoding="utf-8").replace("reviewed_by: null", "reviewed_by: Ana"), encoding="utf-8")
    touch_later(path)
    assert store.state("WA", "en").reviewed_by == "Ana"


def test_a_broken_facts_file_keeps_serving_the_last_good_facts(content_copy):
    store = ContentStore(content_copy)
    good = store.state("WA", "en").meta["facts"]
    path = content_copy / "states" / "wa" / "facts.yml"
    path.write_text("facts: [unclosed\n", encoding="utf-8")
    touch_later(path)
    assert store.state("WA", "en").meta["facts"] == good


def test_unknown_codes_topics_and_languages_are_never_looked_up():
    store = ContentStore(CONTENT)
    assert store.state("../../content/states/ca", "en") is None and store.state("ZZ", "en") is None
    assert store.state("CA", "../en") is None and store.general("../states", "en") is None


@pytest.mark.parametrize("path", GENERAL_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_general_file_parses_with_a_cited_answer(path):
    doc = parse_document(path, path.read_text(encoding="utf-8"), sectioned=False)
    section = doc.sections[""]
    assert section.short and section.source_ids
    assert doc.meta["topic"] == path.parent.name


def test_every_jurisdiction_and_general_topic_has_english_and_spanish_files():
    for code in load_jurisdiction_names():
        for lang in language_codes():
            assert (CONTENT / "states" / code.lower() / f"{lang}.md").is_file(), (code, lang)
    for topic in GENERAL_TOPICS:
        for lang in language_codes():
            assert (CONTENT / "general" / topic / f"{lang}.md").is_file(), (topic, lang)


@pytest.fixture
def content_copy(tmp_path):
    """A private copy of content/ that a test may edit."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def touch_later(path: Path) -> None:
    """Make sure the new modification time differs from the cached one."""
    stamp = time.time() + 2
    os.utime(path, (stamp, stamp))


def test_editing_a_file_changes_the_next_answer_without_restart(content_copy):
    store = ContentStore(content_copy)
    ctx = RenderContext("en", "sms", store, LOCALES)
    before = render_answer("license_eligibility", "UT", ctx)
    path = content_copy / "states" / "ut" / "en.md"
    text = path.read_text(encoding="utf-8")
    first_line = text.split("## license_eligibility\n", 1)[1].splitlines()[0]
    path.write_text(text.replace(first_line, "Yes. ORGANIZER EDIT: new wording for Utah."), encoding="utf-8")
    touch_later(path)
    after = render_answer("license_eligibility", "UT", ctx)
    assert "ORGANIZER EDIT" not in before
    assert after.startswith("Yes. ORGANIZER EDIT")


def test_broken_file_keeps_serving_the_last_good_version(content_copy, caplog):
    store = ContentStore(content_copy)
    ctx = RenderContext("en", "sms", store, LOCALES)
    good = render_answer("dmv_data_sharing", "WA", ctx)
    path = content_copy / "states" / "wa" / "en.md"
    path.write_text("---\nfacts: [unclosed\n---\n## dmv_data_sharing\nbroken", encoding="utf-8")
    touch_later(path)
    assert render_answer("dmv_data_sharing", "WA", ctx) == good
    assert any("last good version" in r.getMessage() for r in caplog.records)
