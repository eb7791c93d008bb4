"""Documentation stays true: the coverage table is generated, every command is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpline.content_check import coverage_table

REPO = Path(__file__).resolve().parent.parent


def test_coverage_table_in_content_md_is_current():
    text = (REPO / "CONTENT.md").read_text(encoding="utf-8")
    assert text.rstrip().endswith(coverage_table(REPO / "content").rstrip())


def test_coverage_is_complete():
    assert "❌" not in coverage_table(REPO / "content")


@pytest.mark.parametrize("command", ["chat", "ask", "content", "purge", "stats", "rotate-key"])
def test_every_cli_command_has_help_and_is_in_the_readme(app, command):
    result = app.test_cli_runner().invoke(args=[command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output
    assert f"flask --app app {command}" in (REPO / "README.md").read_text(encoding="utf-8")
