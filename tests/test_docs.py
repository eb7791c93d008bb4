"""Documentation stays true: the coverage table is generated, every command is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpline.content.reports import coverage_table

REPO = Path(__file__).resolve().parent.parent


def test_coverage_table_in_content_md_is_current():
    text = (REPO / "CONTENT.md").read_text(encoding="utf-8")
    assert text.rstrip().endswith(coverage_table(REPO / "content").rstrip())


def test_coverage_is_complete():
    assert "| ❌" not in coverage_table(REPO / "content")  # no cell is missing (the legend names the mark)


@pytest.mark.parametrize("command", ["chat", "ask", "content", "purge", "stats", "rotate-key"])
def test_every_cli_command_has_help_and_is_in_the_readme(app, command):
    result = app.test_cli_runner().invoke(args=[command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output
    assert f"flask --app app {command}" in (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_settings_table_is_generated_from_the_settings_module():
    from helpline.ops.settings import settings_table

    assert settings_table() in (REPO / "README.md").read_text(encoding="utf-8")


def test_every_setting_the_app_reads_is_declared_once():
    import re

    from helpline.ops.settings import SETTINGS

    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names))
    used = set()
    for path in (REPO / "helpline").rglob("*.py"):
        used |= set(re.findall(r'config(?:\.get\(|\[)"([A-Z][A-Z0-9_]+)"', path.read_text(encoding="utf-8")))
    assert used - {"TESTING", "LOCALES_DIR"} <= set(names)
    procfile = (REPO / "Procfile").read_text(encoding="utf-8")
    assert set(re.findall(r"\$\{?([A-Z][A-Z0-9_]+)", procfile)) - {"RASA_CREDENTIALS", "RASA_EXTRA_ARGS"} <= set(names)
