"""The content loader: every shipped file parses, edits apply without restart, broken files
never take the helpline down."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from helpline.content import GENERAL_TOPICS, REQUIRED_STATE_SECTIONS, ContentStore, parse_document
from helpline.render import RenderContext, load_jurisdiction_names, render_answer

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
LOCALES = str(REPO / "locales")
STATE_FILES = sorted((CONTENT / "states").glob("*/*.md"))
GENERAL_FILES = sorted((CONTENT / "general").glob("*/*.md"))


@pytest.mark.parametrize("path", STATE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_state_file_parses_with_all_required_sections(path):
    doc = parse_document(path, path.read_text(encoding="utf-8"), sectioned=True)
    assert set(REQUIRED_STATE_SECTIONS) <= set(doc.sections)
    assert doc.last_reviewed is not None
    assert doc.meta["jurisdiction"] == path.parent.name.upper()


@pytest.mark.parametrize("path", GENERAL_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_general_file_parses_with_a_cited_answer(path):
    doc = parse_document(path, path.read_text(encoding="utf-8"), sectioned=False)
    section = doc.sections[""]
    assert section.short and section.source_ids
    assert doc.meta["topic"] == path.parent.name


def test_every_jurisdiction_and_general_topic_has_english_and_spanish_files():
    for code in load_jurisdiction_names():
        for lang in ("en", "es"):
            assert (CONTENT / "states" / code.lower() / f"{lang}.md").is_file(), (code, lang)
    for topic in GENERAL_TOPICS:
        for lang in ("en", "es"):
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
