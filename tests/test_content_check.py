"""`flask content check`: passes on shipped content; each check fails on a broken fixture."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from helpline.content_check import find_problems
from helpline.render import load_jurisdiction_names

REPO = Path(__file__).resolve().parent.parent
LOCALES = REPO / "locales"
TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def content(tmp_path):
    """A private copy of content/ to break."""
    target = tmp_path / "content"
    shutil.copytree(REPO / "content", target)
    return target


def errors(content_dir, today=TODAY):
    """The error messages `content check` reports."""
    return [p for p in find_problems(content_dir, LOCALES, today) if p.level == "error"]


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a content file, failing loudly if the text is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_shipped_content_passes_the_check():
    assert [str(p) for p in errors(REPO / "content", dt.date.today())] == []


def test_broken_front_matter_is_reported_with_file_and_line(content):
    path = content / "states" / "ut" / "en.md"
    edit(path, "facts:\n", "facts: [oops\n")
    found = errors(content)
    assert any(p.path == str(path) and "not valid YAML" in p.message and p.line > 1 for p in found)


def test_unknown_state_code_folder_is_reported(content):
    shutil.copytree(content / "states" / "ut", content / "states" / "zz")
    assert any("unknown state code" in p.message for p in errors(content))


def test_unknown_topic_section_is_reported(content):
    path = content / "states" / "ca" / "en.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n## green_cards\nText.\n\nSources: x\n", encoding="utf-8")
    assert any("unknown topic" in p.message for p in errors(content))


def test_missing_language_file_is_reported(content):
    (content / "states" / "vt" / "es.md").unlink()
    assert any("VT has no es file" in p.message for p in errors(content))


def test_missing_required_section_is_reported(content):
    path = content / "states" / "ga" / "es.md"
    edit(path, "## facial_recognition", "## not_a_section_heading_anymore")
    messages = [p.message for p in errors(content)]
    assert any("'## facial_recognition' is missing" in m for m in messages)


def test_facts_that_differ_between_languages_are_reported(content):
    path = content / "states" / "wa" / "es.md"
    edit(path, "court_order_required: yes", "court_order_required: no")
    assert any("court_order_required" in p.message and "in" in p.message for p in errors(content))


def test_invalid_fact_value_is_reported(content):
    edit(content / "states" / "wa" / "en.md", "court_order_required: yes", "court_order_required: maybe")
    assert any("court_order_required is 'maybe'" in p.message for p in errors(content))


def test_section_citing_an_unknown_source_is_reported(content):
    path = content / "general" / "rights_at_home" / "en.md"
    text = path.read_text(encoding="utf-8")
    last = [line for line in text.splitlines() if line.startswith("Sources:")][-1]
    edit(path, last, "Sources: no-such-source")
    assert any("no-such-source" in p.message for p in errors(content))


def test_file_without_sources_is_reported(content):
    path = content / "general" / "apply_safely" / "es.md"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("sources:"), text.index("\n---", 4)
    path.write_text(text[:start] + text[end + 1:], encoding="utf-8")
    assert any(p.path == str(path) and "no sources" in p.message for p in errors(content))


def test_answer_over_the_segment_budget_is_reported(content):
    path = content / "states" / "ny" / "en.md"
    edit(path, "## license_eligibility\n", "## license_eligibility\n" + "Very long sentence that goes on. " * 12)
    assert any("SMS segments" in p.message for p in errors(content))


def test_license_fact_contradicted_by_the_answer_is_reported(content):
    path = content / "states" / "tx" / "en.md"
    edit(path, "licenses_regardless_of_status: no", "licenses_regardless_of_status: yes")
    edit(content / "states" / "tx" / "es.md", "licenses_regardless_of_status: no", "licenses_regardless_of_status: yes")
    found = [p for p in errors(content) if "licenses_regardless_of_status" in p.message]
    assert {Path(p.path).name for p in found} == {"en.md", "es.md"}


def test_old_review_date_is_a_warning_not_an_error(content):
    later = TODAY + dt.timedelta(days=400)
    problems = find_problems(content, LOCALES, later)
    assert any(p.level == "warning" and "over 12 months" in p.message for p in problems)
    assert not [p for p in problems if p.level == "error"]


def test_review_date_in_the_future_is_an_error(content):
    edit(content / "states" / "ut" / "en.md", "last_reviewed: 2026-11-22", "last_reviewed: 2030-01-01")
    assert any("in the future" in p.message for p in errors(content))


@pytest.mark.parametrize("code", sorted(load_jurisdiction_names()))
def test_license_answer_agrees_with_license_fact_in_both_languages(code):
    from helpline.content import parse_document
    from helpline.content_check import LICENSE_OPENINGS, normalize_fact

    for lang in ("en", "es"):
        path = REPO / "content" / "states" / code.lower() / f"{lang}.md"
        doc = parse_document(path, path.read_text(encoding="utf-8"), sectioned=True)
        fact = normalize_fact(doc.meta["facts"]["licenses_regardless_of_status"])
        assert LICENSE_OPENINGS[lang][fact].search(doc.sections["license_eligibility"].short), (code, lang)


def test_hotline_without_a_cited_source_is_reported(content):
    path = content / "general" / "emergency" / "en.md"
    edit(path, "    source: ice-dril", "    source: someone-told-me")
    assert any("1-888-351-4024" in p.message and "cites no source" in p.message for p in errors(content))
