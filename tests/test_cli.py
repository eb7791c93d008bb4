"""`flask ask` and `flask content` commands."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path


def test_ask_json_prints_one_object_per_line_with_the_contract_fields(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["ask", "--json"], input="can I get a license in New York?\nla migra esta afuera\n")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == 2
    for row in rows:
        assert {"language", "intent", "confidence", "state", "topic", "replies"} <= set(row)
    assert (rows[0]["language"], rows[0]["topic"], rows[0]["state"]) == ("en", "license_eligibility", "NY")
    assert (rows[1]["language"], rows[1]["topic"]) == ("es", "emergency")


def test_ask_lines_without_sender_are_separate_conversations(app):
    result = app.test_cli_runner().invoke(args=["ask", "--json"], input="I live in Texas\ncan I get a license?\n")
    second = json.loads(result.output.splitlines()[1])
    assert second["state"] is None and "state" in second["replies"][0]


def test_ask_lines_with_one_sender_form_one_conversation(app):
    result = app.test_cli_runner().invoke(args=["ask", "--json", "--sender", "org-test"], input="can I get a license?\nTexas\n")
    first, second = (json.loads(line) for line in result.output.splitlines())
    assert first["topic"] == "license_eligibility" and first["state"] is None
    assert second["state"] == "TX" and second["replies"][0].startswith("No.")


def test_content_preview_shows_segments_and_encoding(app):
    result = app.test_cli_runner().invoke(args=["content", "preview", "CA", "license_eligibility", "--lang", "es"])
    assert result.exit_code == 0
    assert "segment(s), GSM-7" in result.output and "No es asesoria legal" in result.output


def test_content_stale_lists_files_and_facts_oldest_first(app):
    result = app.test_cli_runner().invoke(args=["content", "stale", "--all"])
    lines = result.output.splitlines()
    assert len(lines) >= 52 * 7 and all(("ok" in line or "NEEDS REVIEW" in line) for line in lines)
    assert any("facts.yml  fact court_order_required" in line for line in lines)
    dates = [line.split()[0] for line in lines if not line.startswith("no date")]
    assert dates == sorted(dates)


def test_content_review_records_the_person_and_the_footer_then_says_reviewed(app, tmp_path):
    import shutil

    from helpline.content.store import ContentStore
    from helpline.rendering.answers import render_answer
    from helpline.rendering.wording import RenderContext

    content = tmp_path / "content"
    shutil.copytree(Path(app.config["CONTENT_DIR"]), content)
    app.config["CONTENT_DIR"] = str(content)
    ctx = RenderContext("en", "sms", ContentStore(content), app.config["LOCALES_DIR"])
    assert "Checked" in render_answer("license_eligibility", "WA", ctx)
    result = app.test_cli_runner().invoke(args=["content", "review", "WA", "--by", "Ana Pérez", "--yes"])
    assert result.exit_code == 0, result.output
    text = (content / "states" / "wa" / "facts.yml").read_text(encoding="utf-8")
    assert "reviewed_by: Ana Pérez" in text and f"last_reviewed: {dt.date.today().isoformat()}" in text
    assert "sources:" in text and "# Facts about this jurisdiction" in text  # the rest is kept
    assert "Reviewed" in render_answer("license_eligibility", "WA", ctx)


def test_content_review_refuses_a_jurisdiction_with_errors(app, tmp_path):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(Path(app.config["CONTENT_DIR"]), content)
    app.config["CONTENT_DIR"] = str(content)
    path = content / "states" / "wa" / "en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("## facial_recognition", "## oops"), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["content", "review", "WA", "--by", "Ana", "--yes"])
    assert result.exit_code != 0 and "reviewed_by: null" in (content / "states" / "wa" / "facts.yml").read_text()
