"""Adding a language is data, not code: a language registered from test data alone (a registry
entry, content files, a catalog) works end to end through the signed webhook and real Rasa."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from helpline.ops.db import open_database
from helpline.privacy.pseudonym import pseudonymize
from helpline.registries.languages import DEFAULT_REGISTRY
from tests.conftest import SENDER, make_app, twilio_post, twiml_messages

REPO = Path(__file__).resolve().parent.parent
MARK = "[xx]"
XX = {
    "code": "xx", "name_en": "Test language", "name_native": "Xxish", "script": "latin", "direction": "ltr",
    "sms": {"encoding": "gsm7", "transliterate": True, "segment_budget": 3}, "detector": None,
    "keywords": {"stop": ["pare"], "start": ["comece"], "help": ["socorro"], "delete": ["apague"]},
    "commands": {"more": ["mais"], "source": ["fonte"], "menu": ["cardapio"]},
    "choose": ["xx", "em xxish"], "common_words": ["ola"],
    "license_opening": {"yes": r"^\[xx\] yes\b", "no": r"^\[xx\] no\b"},
}
CATALOG = {
    "OK, I will answer in English.": f"{MARK} OK, xxish.",
    "Which state do you live in? Reply with its name or its 2 letters, like TX.": f"{MARK} Which state?",
    "Reply with a number:": f"{MARK} Reply with a number:",
    "You will get no more messages. Reply START to start again.": f"{MARK} No more messages.",
    "Welcome back.": f"{MARK} Welcome back.",
}


def add_language_files(content: Path) -> None:
    """xx.md beside every en.md: the English prose, marked, with language: xx."""
    for english in content.glob("**/en.md"):
        text = english.read_text(encoding="utf-8").replace("language: en\n", "language: xx\n", 1)
        head, sep, body = text.partition("\n---\n")
        lines = [(f"{MARK} {line}" if line and not line.startswith(("#", "<!--", "Sources:")) else line)
                 for line in body.splitlines()]
        (english.parent / "xx.md").write_text(head + sep + "\n".join(lines) + "\n", encoding="utf-8")


def add_catalog(locales: Path) -> None:
    """locales/xx: the template with a few strings translated, compiled to .mo."""
    with open(REPO / "locales" / "messages.pot", "rb") as handle:
        catalog = read_po(handle, locale="en")
    for message in catalog:
        if message.id in CATALOG:
            message.string = CATALOG[message.id]
    target = locales / "xx" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with open(target / "messages.mo", "wb") as handle:
        write_mo(handle, catalog)


@pytest.fixture
def xx_app(tmp_path, rasa_server, monkeypatch):
    """The app with a fixture language registered from files under tmp_path only."""
    registry = yaml.safe_load(DEFAULT_REGISTRY.read_text(encoding="utf-8"))
    registry["languages"].append(XX)
    registry_path = tmp_path / "languages.yml"
    registry_path.write_text(yaml.safe_dump(registry, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("HELPLINE_LANGUAGES", str(registry_path))
    content, locales = tmp_path / "content", tmp_path / "locales"
    shutil.copytree(REPO / "content", content)
    shutil.copytree(REPO / "locales", locales)
    add_language_files(content)
    add_catalog(locales)
    return make_app(tmp_path, rasa_server.url, rasa_server.token, CONTENT_DIR=str(content), LOCALES_DIR=str(locales))


def test_a_language_added_as_data_only_carries_a_whole_conversation(xx_app):
    client = xx_app.test_client()
    say = lambda text: twiml_messages(twilio_post(client, text))  # noqa: E731
    assert "XX Xxish" in say("0")[0]  # the language menu lists it
    assert say("em xxish")[0].startswith(f"{MARK} OK, xxish.")  # language choice
    assert say("1")[0].startswith(f"{MARK} Which state?")  # menu number, in xx
    answer = say("TX")[0]
    assert answer.startswith(f"{MARK} No.")  # the state answer, from content/states/tx/xx.md
    assert say("mais")[0].startswith(MARK)  # MORE, by the language's own command
    assert "http" in say("fonte")[0]  # SOURCE
    assert say("pare")[0].startswith(f"{MARK} No more messages.")  # STOP, in xx
    assert say("comece")[0].startswith(f"{MARK} Welcome back.")
    pseudonym = pseudonymize(SENDER, xx_app.extensions["helpline"].secret_key)
    db = open_database(xx_app.config["DATABASE_PATH"])
    assert db["profiles"].get(pseudonym)["language"] == "xx"
    say("apague")  # DELETE, in xx
    assert db["profiles"].count == 0


def test_the_content_check_holds_the_new_language_to_the_same_rules(xx_app, tmp_path):
    from helpline.content.check import find_problems

    problems = [p for p in find_problems(tmp_path / "content", tmp_path / "locales", only="TX") if p.level == "error"]
    assert problems == []
    (tmp_path / "content" / "states" / "tx" / "xx.md").unlink()
    assert any("TX has no xx file" in p.message for p in find_problems(tmp_path / "content", tmp_path / "locales", only="TX"))
