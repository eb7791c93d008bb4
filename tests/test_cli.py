"""`flask ask` and `flask content` commands."""

from __future__ import annotations

import json


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


def test_content_stale_lists_files_oldest_first(app):
    result = app.test_cli_runner().invoke(args=["content", "stale"])
    lines = result.output.splitlines()
    assert len(lines) >= 52 * 2 and all(("ok" in line or "NEEDS REVIEW" in line) for line in lines)
    dates = [line.split()[0] for line in lines]
    assert dates == sorted(dates)
