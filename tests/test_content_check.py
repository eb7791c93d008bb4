"""`flask content check`: passes on shipped content; each check fails on a broken fixture."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from helpline.content.check import find_problems
from helpline.content.facts import load_cross_state, parse_facts, refusers_of
from helpline.content.reports import stale_items
from helpline.registries.jurisdictions import load_jurisdiction_names
from helpline.registries.languages import language_codes, load_registry

REPO = Path(__file__).resolve().parent.parent
LOCALES = REPO / "locales"
TODAY = dt.date(2026, 12, 2)


@pytest.fixture
def content(tmp_path):
    """A private copy of content/ to break."""
    target = tmp_path / "content"
    shutil.copytree(REPO / "content", target)
    return target


def errors(content_dir, today=TODAY, only=None):
    """The error problems `content check` reports."""
    return [p for p in find_problems(content_dir, LOCALES, today, only=only) if p.level == "error"]


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a content file, failing loudly if the text is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def change_yaml(path: Path, change) -> None:
    """Load a YAML file, let `change` edit the data, write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def facts_path(content, code):
    """A jurisdiction's facts.yml."""
    return content / "states" / code.lower() / "facts.yml"


def test_shipped_content_passes_the_check():
    assert [str(p) for p in errors(REPO / "content", dt.date.today())] == []


def test_broken_facts_yaml_is_reported_with_file_and_line(content):
    path = facts_path(content, "ut")
    edit(path, "facts:\n", "facts: [oops\n")
    found = errors(content, only="UT")
    assert any(p.path == str(path) and "not valid YAML" in p.message and p.line > 1 for p in found)


def test_facts_written_in_a_language_file_are_reported(content):
    path = content / "states" / "wa" / "es.md"
    edit(path, "language: es\n", "language: es\nfacts:\n  court_order_required: none\n")
    assert any(p.path == str(path) and "'facts' belongs in facts.yml" in p.message for p in errors(content, only="WA"))


def test_unknown_state_code_folder_is_reported(content):
    shutil.copytree(content / "states" / "ut", content / "states" / "zz")
    assert any("unknown state code" in p.message for p in errors(content))


def test_unknown_topic_section_is_reported(content):
    path = content / "states" / "ca" / "en.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n## green_cards\nText.\n\nSources: x\n", encoding="utf-8")
    assert any("unknown topic" in p.message for p in errors(content, only="CA"))


def test_missing_language_file_is_reported(content):
    (content / "states" / "vt" / "es.md").unlink()
    assert any("VT has no es file" in p.message for p in errors(content, only="VT"))


@pytest.mark.parametrize("section", ["facial_recognition", "driving_in_other_states"])
def test_missing_required_section_is_reported(content, section):
    edit(content / "states" / "ga" / "es.md", f"## {section}", "## not_a_section_heading_anymore")
    assert any(f"'## {section}' is missing" in p.message for p in errors(content, only="GA"))


def test_invalid_fact_value_is_reported(content):
    change_yaml(facts_path(content, "wa"), lambda d: d["facts"]["court_order_required"].update(value="maybe"))
    assert any("court_order_required is 'maybe'" in p.message for p in errors(content, only="WA"))


def test_a_fact_without_a_source_is_reported(content):
    change_yaml(facts_path(content, "or"), lambda d: d["facts"]["law"].update(sources=[]))
    assert any("law has no source" in p.message for p in errors(content, only="OR"))


def test_a_fact_citing_a_source_the_file_does_not_hold_is_reported(content):
    change_yaml(facts_path(content, "or"), lambda d: d["facts"]["law"].update(sources=["no-such-source"]))
    assert any("law cites 'no-such-source'" in p.message for p in errors(content, only="OR"))


def test_a_fact_without_an_as_of_date_is_reported(content):
    change_yaml(facts_path(content, "nm"), lambda d: d["facts"]["credential_name"].update(as_of=None))
    assert any("credential_name has no as_of" in p.message for p in errors(content, only="NM"))


@pytest.mark.parametrize(("field", "value", "message"), [
    ("kind", "blog", "has kind 'blog'"), ("kind", None, "lacks kind"), ("publisher", None, "lacks publisher"),
    ("accessed", "2030-01-01", "is not a past date"), ("published", "last spring", "is not a date"),
])
def test_a_source_missing_its_metadata_is_reported(content, field, value, message):
    change_yaml(facts_path(content, "nj"), lambda d: d["sources"][0].update({field: value}))
    assert any(message in p.message for p in errors(content, only="NJ"))


def test_a_positive_claim_listed_as_unverified_is_reported(content):
    def claim(data):
        data["facts"]["facial_recognition_searches"]["value"] = "yes"
        data["facts"]["facial_recognition_searches"]["sources"] = [data["sources"][0]["id"]]
        data["facts"]["facial_recognition_searches"]["as_of"] = "2026-01-01"
        data["unverified"] = ["facial_recognition_searches"]
    change_yaml(facts_path(content, "mn"), claim)
    assert any("facial_recognition_searches is 'yes' while listed as unverified" in p.message
               for p in errors(content, only="MN"))


def test_section_citing_a_source_facts_yml_does_not_hold_is_reported(content):
    path = content / "states" / "co" / "es.md"
    text = path.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.startswith("Sources:"))
    edit(path, first, "Sources: no-such-source")
    assert any("'no-such-source', which is not in facts.yml" in p.message for p in errors(content, only="CO"))


def test_general_answer_citing_an_unknown_source_is_reported(content):
    path = content / "general" / "rights_at_home" / "en.md"
    last = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("Sources:")][-1]
    edit(path, last, "Sources: no-such-source")
    assert any("no-such-source" in p.message for p in errors(content))


def test_answer_over_the_segment_budget_is_reported(content):
    path = content / "states" / "ny" / "en.md"
    edit(path, "## license_eligibility\n", "## license_eligibility\n" + "Very long sentence that goes on. " * 12)
    assert any("SMS segments" in p.message for p in errors(content, only="NY"))


def test_license_fact_contradicted_by_the_answer_is_reported_in_every_language(content):
    change_yaml(facts_path(content, "tx"), lambda d: d["facts"]["licenses_regardless_of_status"].update(value="yes"))
    found = [p for p in errors(content, only="TX") if "licenses_regardless_of_status" in p.message]
    assert {Path(p.path).name for p in found} == {f"{code}.md" for code in language_codes()}


def test_a_state_claiming_a_refusal_the_refusing_state_does_not_make_is_reported(content):
    cross = load_cross_state(content)
    refuser = sorted(cross["refusing_states"])[0]
    victim = next(code for code in sorted(load_jurisdiction_names()) if refuser not in refusers_of(cross, code) and code != refuser)
    source = cross["sources"][0]

    def claim(data):
        data["facts"]["cards_refused_by"] = {"value": sorted(refusers_of(cross, victim) | {refuser}),
                                             "sources": [source["id"]], "as_of": "2026-01-01"}
        if source["id"] not in {s["id"] for s in data["sources"]}:
            data["sources"].append(source)
    change_yaml(facts_path(content, victim), claim)
    assert any("cards_refused_by" in p.message and "cross_state.yml" in p.message for p in errors(content, only=victim))


def test_a_refusal_the_issuing_state_does_not_reflect_is_reported(content):
    cross = load_cross_state(content)
    refuser = sorted(cross["refusing_states"])[0]
    victim = next(code for code in sorted(load_jurisdiction_names()) if refuser not in refusers_of(cross, code) and code != refuser)
    change_yaml(content / "cross_state.yml",
                lambda d: d["refusing_states"][refuser].setdefault("refuses_cards_from", []).append(victim))
    assert any("cards_refused_by" in p.message and victim in p.path.upper() for p in errors(content, only=victim))


def test_a_driving_answer_that_does_not_name_a_refusing_state_is_reported(content):
    cross = load_cross_state(content)
    victim = next(code for code in sorted(load_jurisdiction_names()) if refusers_of(cross, code))
    refuser = sorted(refusers_of(cross, victim))[0]
    name = load_jurisdiction_names()[refuser]["en"]
    path = content / "states" / victim.lower() / "en.md"
    text = path.read_text(encoding="utf-8")
    start = text.index("## driving_in_other_states")
    end = text.index("\n## ", start + 1)
    path.write_text(text[:start] + text[start:end].replace(name, "another state") + text[end:], encoding="utf-8")
    assert any("does not name" in p.message and name in p.message for p in errors(content, only=victim))


def test_cross_state_entry_without_a_source_is_reported(content):
    refuser = sorted(load_cross_state(content)["refusing_states"])[0]
    change_yaml(content / "cross_state.yml", lambda d: d["refusing_states"][refuser].update(sources=[]))
    assert any(f"{refuser} has no source" in p.message for p in errors(content))


def test_old_review_date_is_a_warning_not_an_error(content):
    later = TODAY + dt.timedelta(days=400)
    problems = [p for p in find_problems(content, LOCALES, later, only="UT")]
    assert any(p.level == "warning" and "over 12 months" in p.message for p in problems)


def test_review_date_in_the_future_is_an_error(content):
    change_yaml(facts_path(content, "ut"), lambda d: d.update(last_reviewed="2030-01-01"))
    assert any("in the future" in p.message for p in errors(content, only="UT"))


def test_hotline_without_a_cited_source_is_reported(content):
    edit(content / "general" / "emergency" / "en.md", "    source: ice-dril", "    source: someone-told-me")
    assert any("1-888-351-4024" in p.message and "cites no source" in p.message for p in errors(content))


@pytest.mark.parametrize("code", sorted(load_jurisdiction_names()))
def test_license_answer_agrees_with_license_fact_in_both_languages(code):
    from helpline.content.store import parse_document

    fact = parse_facts(facts_path(REPO / "content", code), facts_path(REPO / "content", code).read_text()).value(
        "licenses_regardless_of_status")
    for lang in language_codes():
        path = REPO / "content" / "states" / code.lower() / f"{lang}.md"
        doc = parse_document(path, path.read_text(encoding="utf-8"), sectioned=True)
        assert load_registry().get(lang).opening(fact).search(doc.sections["license_eligibility"].short), (code, lang)


def test_stale_lists_old_facts_and_facts_resting_only_on_secondary_sources(content):
    def age(data):
        data["facts"]["law"]["as_of"] = "2019-01-01"
        secondary = next(s for s in data["sources"] if s["id"] in data["facts"]["law"]["sources"])
        for source in data["sources"]:
            if source["id"] in data["facts"]["law"]["sources"]:
                source["kind"] = "secondary"
        assert secondary
    change_yaml(facts_path(content, "wa"), age)
    items = [i for i in stale_items(content, today=TODAY) if i.path.endswith("wa/facts.yml") and i.what == "fact law"]
    assert items and "older than 12 months" in items[0].reason and "only secondary sources" in items[0].reason
    dates = [i.date for i in stale_items(content, today=TODAY) if i.date]
    assert dates == sorted(dates)  # oldest first


def test_a_cross_state_source_copied_with_different_details_is_reported(content):
    cross_ids = {s["id"] for s in load_cross_state(content)["sources"]}
    code = next(c for c in sorted(load_jurisdiction_names())
                if cross_ids & {s["id"] for s in parse_facts(facts_path(content, c), facts_path(content, c).read_text()).sources})

    def drift(data):
        source = next(s for s in data["sources"] if s["id"] in cross_ids)
        source["url"] = "https://example.org/another-page"
    change_yaml(facts_path(content, code), drift)
    assert any("differs from the entry with the same id in cross_state.yml" in p.message for p in errors(content, only=code))
