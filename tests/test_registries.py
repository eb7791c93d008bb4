"""The registries are the one place a topic is declared: the bot, the menu and content agree."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
import yaml

from helpline.content.store import GENERAL_TOPICS, REQUIRED_STATE_SECTIONS
from helpline.dialogue.keywords import MENU_INTENTS, plain_words
from helpline.dialogue.texting_model import NLU_DIR, read_examples
from helpline.registries.languages import default_language, language_codes, load_registry
from helpline.registries.topics import load_topics, menu_topics

REPO = Path(__file__).resolve().parent.parent
DOMAIN = yaml.safe_load((REPO / "bot" / "domain.yml").read_text(encoding="utf-8"))
RULES = yaml.safe_load((REPO / "bot" / "data" / "rules" / "rules.yml").read_text(encoding="utf-8"))


def nlu_intents(language: str) -> set[str]:
    """The intents with training examples in one language's NLU folder."""
    found = set()
    for path in (REPO / "bot" / "data" / "nlu" / language).glob("*.yml"):
        found |= {item["intent"] for item in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"] if "intent" in item}
    return found


def test_every_topic_intent_is_in_the_domain_with_a_rule_and_examples():
    ruled = {step["intent"] for rule in RULES["rules"] for step in rule["steps"] if "intent" in step}
    for topic in load_topics():
        assert topic.intent in DOMAIN["intents"], topic.name
        assert topic.intent in ruled, topic.name
        for language in language_codes():
            assert topic.intent in nlu_intents(language), (topic.name, language)


def test_the_topic_slot_maps_each_intent_to_its_topic_name():
    mappings = {m["intent"]: m["value"] for m in DOMAIN["slots"]["topic"]["mappings"] if m["type"] == "from_intent"}
    assert mappings == {t.intent: t.name for t in load_topics()}


def test_only_the_emergency_guard_can_name_another_answer_for_an_emergency():
    # The one entity mapping: set by the EmergencyGuard with a constant, read only for emergencies.
    entity = [m for m in DOMAIN["slots"]["topic"]["mappings"] if m["type"] == "from_entity"]
    assert entity == [{"type": "from_entity", "entity": "emergency_topic", "intent": "emergency"}]
    variants = DOMAIN["responses"]["utter_emergency"]
    assert [v["custom"]["topic"] for v in variants] == ["rights_traffic_stop", "emergency"]


def test_state_topics_ask_for_the_state_and_general_topics_answer_at_once():
    actions = {rule["steps"][0]["intent"]: rule["steps"][1]["action"] for rule in RULES["rules"]
               if len(rule["steps"]) == 2 and "intent" in rule["steps"][0]}
    for topic in load_topics():
        expected = {"state": "utter_state_topic", "general": "utter_general_topic", "both": "utter_general_topic"}[topic.scope]
        if topic.name == "emergency":
            expected = "utter_emergency"
        assert actions[topic.intent] == expected, topic.name


def test_menu_numbers_are_unique_and_the_shortcuts_follow_them():
    numbers = [t.menu for t in menu_topics()]
    assert len(numbers) == len(set(numbers)) and sorted(numbers) == list(range(1, len(numbers) + 1))
    assert MENU_INTENTS == {str(t.menu): t.intent for t in menu_topics()}


def test_content_rules_come_from_the_registry():
    assert set(REQUIRED_STATE_SECTIONS) == {t.name for t in load_topics() if t.scope in ("state", "both")}
    assert set(GENERAL_TOPICS) == {t.name for t in load_topics() if t.scope in ("general", "both")}


@pytest.mark.parametrize("code", language_codes())
def test_every_registered_language_has_content_a_catalog_keywords_and_nlu_examples(code):
    from helpline.registries.languages import load_registry

    language = load_registry().get(code)
    for english in (REPO / "content").glob("**/en.md"):
        assert (english.parent / f"{code}.md").is_file(), english.parent
    assert (REPO / "locales" / code / "LC_MESSAGES" / "messages.po").is_file()
    assert language.keywords.get("delete"), "a DELETE word people write in this language"
    if code != default_language():
        assert language.keywords.get("stop") and language.keywords.get("start") and language.keywords.get("help")
    assert language.choose and language.common_words and language.opening("yes") and language.opening("no")
    assert list((REPO / "bot" / "data" / "nlu" / code).glob("*.yml")), "NLU examples in bot/data/nlu/<code>/"
    emergency = language.emergency
    assert all(emergency.get(group) for group in ("enforcement", "urgency", "events")), "emergency words in the registry"


TOPIC_INTENTS = {t.intent for t in load_topics()} | {"out_of_scope"}


@pytest.mark.parametrize("code", language_codes())
def test_every_language_has_enough_examples_for_every_intent(code):
    import yaml

    counts: dict[str, int] = {}
    for path in (REPO / "bot" / "data" / "nlu" / code).glob("*.yml"):
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            if "intent" in item:
                examples = [line for line in item["examples"].splitlines() if line.strip().startswith("- ")]
                counts[item["intent"]] = counts.get(item["intent"], 0) + len(examples)
    domain = yaml.safe_load((REPO / "bot" / "domain.yml").read_text(encoding="utf-8"))
    for intent in domain["intents"]:
        name = intent if isinstance(intent, str) else next(iter(intent))
        if name in ("nlu_fallback",):
            continue
        needed = 40 if name in TOPIC_INTENTS else 15
        assert counts.get(name, 0) >= needed, f"{code}: {name} has {counts.get(name, 0)} examples, needs {needed}"


def test_every_word_in_the_language_registry_is_text():
    # YAML reads a bare no, yes, on or off as a boolean: "no" would silently stop being a cue.
    from helpline.registries.languages import registry_path

    def words(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key not in ("sms", "license_opening"):
                    yield from words(item)
        elif isinstance(value, list):
            for item in value:
                yield from words(item) if isinstance(item, (dict, list)) else [item]

    data = yaml.safe_load(registry_path().read_text(encoding="utf-8"))
    found = list(words(data["languages"])) + list(words(data["carrier_keywords"])) + list(words(data["opt_in_only"]))
    assert [w for w in found if not isinstance(w, str)] == []


@pytest.mark.parametrize("code", language_codes())
def test_no_word_is_both_a_keyword_and_a_command_in_one_language(code):
    language = load_registry().get(code)
    keywords = {str(w) for words in language.keywords.values() for w in words or ()}
    commands = {str(w) for words in (language.commands or {}).values() for w in words or ()}
    assert not keywords & commands, "a word that means START and MORE (\"tiep tuc\") can only do one"


@functools.lru_cache(maxsize=1)
def example_words() -> dict[str, list[set[str]]]:
    """Each language's NLU examples as sets of plain words."""
    return {code: [set(plain_words(text).split()) for text in read_examples(NLU_DIR / code)] for code in language_codes()}


def word_share(word: str, code: str) -> float:
    """How many of a language's examples use the word."""
    examples = example_words()[code]
    return sum(word in words for words in examples) / len(examples)


@pytest.mark.parametrize("code", language_codes())
def test_marker_words_are_at_least_twice_as_common_in_their_language_as_in_any_other(code):
    # "que", "si", "un" listed as French made a whole Spanish sentence French: a marker word must
    # tell its language from the others, as the examples people write show.
    others = [other for other in language_codes() if other != code]
    shared = sorted(word for word in load_registry().get(code).marker_words
                    if word_share(word, code) < 2 * max(word_share(word, other) for other in others))
    assert shared == []
