"""The conversation logic with a fake bot: decisions in, effects and wording out, no trained model.

The integration tests talk to a real Rasa; these pin down what the app does with each decision,
whoever made it (keywords, Rasa, the degraded fallback).
"""

from __future__ import annotations

import pytest

from helpline.dialogue.decision import BOT_KINDS, Decision, Turn, decision_from_payload
from helpline.dialogue.pipeline import handle_message
from helpline.dialogue.rasa_client import RasaUnavailable
from helpline.ops.db import get_db
from helpline.privacy.profiles import load_profile

SENDER = "fake-bot-sender"


class FakeBot:
    """Stands in for Rasa: returns the turns it is given and records what it was asked."""

    def __init__(self, *turns: Turn, emergency: bool = False) -> None:
        self.turns = list(turns)
        self.sent: list[tuple[str, dict]] = []
        self.classified: list[str] = []
        self.forgotten: list[str] = []
        self.emergency = emergency

    def send_message(self, sender: str, text: str, metadata: dict) -> Turn:
        self.sent.append((text, metadata))
        if not self.turns:
            raise RasaUnavailable("no turn scripted")
        return self.turns.pop(0)

    def classify(self, text: str):
        self.classified.append(text)
        return ("emergency", 0.99) if self.emergency else ("greet", 0.9)

    def forget_conversation(self, sender: str) -> bool:
        self.forgotten.append(sender)
        return True


@pytest.fixture
def talk(offline_app):
    """Send one message through the real pipeline with a fake bot; returns (reply, bot)."""

    def send(text, *turns, bot=None, **kwargs):
        bot = bot or FakeBot(*turns)
        offline_app.extensions["helpline"].rasa = bot
        with offline_app.app_context():
            return handle_message(SENDER, text, **kwargs), bot

    return send


def profile_of(app):
    with app.app_context():
        return load_profile(get_db(), SENDER)


def count_rows(app):
    with app.app_context():
        return sum(row["n"] for row in get_db().query("select sum(count) as n from usage_counts") if row["n"])


def test_a_bot_answer_is_rendered_from_content_remembered_and_counted(talk, offline_app):
    reply, bot = talk("can I get a license in texas", Turn([Decision("answer", "license_eligibility", "TX")], state="TX"))
    assert reply.bodies[0].startswith("No.")
    assert reply.topic == "license_eligibility" and reply.state == "TX"
    assert profile_of(offline_app).state == "TX"
    assert count_rows(offline_app) == 3  # one row each for topic, state and language


def test_an_ask_state_decision_makes_the_next_message_expect_a_state(talk, offline_app):
    reply, _ = talk("can I get a license", Turn([Decision("ask_state", "license_eligibility")]))
    assert "Which state" in reply.bodies[0]
    assert profile_of(offline_app).awaiting_state
    _, bot = talk("oregon", Turn([Decision("answer", "license_eligibility", "OR")], state="OR"))
    assert bot.sent[0][1]["expecting_state"] is True


def test_the_bots_stop_guess_points_to_stop_and_opts_nobody_out(talk, offline_app):
    reply, _ = talk("nada", Turn([Decision("stop")]))
    assert "STOP" in reply.bodies[0]  # "reply STOP", "responda STOP": Spanish and Portuguese alike
    assert not profile_of(offline_app).opted_out


def test_the_bots_delete_decision_erases_the_profile_and_the_conversation(talk, offline_app):
    talk("texas", Turn([Decision("set_state", state="TX")], state="TX"))
    assert profile_of(offline_app).state == "TX"
    reply, bot = talk("please erase everything about me", Turn([Decision("delete_data")]))
    assert reply.bodies[0].startswith("Erased")
    assert bot.forgotten == [SENDER]
    assert profile_of(offline_app).state is None


def test_stop_is_decided_before_the_bot_and_then_one_restart_hint_a_day(talk, offline_app):
    reply, bot = talk("STOP")
    assert "no more messages" in reply.bodies[0] and bot.sent == []
    assert profile_of(offline_app).opted_out
    hint, bot = talk("hello?")
    assert "Reply START" in hint.bodies[0] and bot.sent == []
    silent, bot = talk("hello again")
    assert silent.bodies == [] and bot.sent == []
    back, _ = talk("START")
    assert back.bodies[0].startswith("Welcome back") and not profile_of(offline_app).opted_out


def test_an_emergency_reaches_an_opted_out_sender_and_changes_nothing(talk, offline_app):
    talk("STOP")
    reply, bot = talk("my husband is in their van", bot=FakeBot(emergency=True))  # no listed word
    assert reply.topic == "emergency" and "lawyer" in reply.bodies[0].lower()
    assert bot.sent == [] and bot.classified
    assert profile_of(offline_app).opted_out


def test_without_the_bot_the_degraded_fallback_decides_the_same_kinds(talk, offline_app):
    talk("texas", Turn([Decision("set_state", state="TX")], state="TX"))
    reply, bot = talk("1")  # no scripted turn: the fake bot is "down"
    assert bot.sent and reply.bodies[0].startswith("No.")  # Texas's license answer, from content
    apology, _ = talk("what is the weather")
    assert apology.bodies[0].startswith("Sorry, the helpline is having trouble")


def test_a_bot_turn_with_nothing_to_say_still_gets_an_answer(talk):
    reply, _ = talk("???", Turn([]))
    assert reply.bodies and "did not understand" in reply.bodies[0]


@pytest.mark.parametrize("payload", [
    {"kind": "erase_everyone"}, {"kind": "answer", "topic": "../../etc/passwd"}, "answer", None,
    {"kind": "answer", "topic": "None", "state": "None"}, {"kind": "ask_state", "options": "TX <b>"},
])
def test_a_payload_the_app_does_not_know_is_never_obeyed(payload):
    decision = decision_from_payload(payload)
    assert decision.kind in BOT_KINDS
    assert decision.topic in (None,) and all(len(code) == 2 for code in decision.options)
    assert decision.kind != "erase_everyone"


def test_an_unknown_decision_kind_cannot_be_made():
    with pytest.raises(ValueError):
        Decision("open_the_pod_bay_doors")


def test_every_payload_kind_in_the_bots_domain_is_one_the_app_knows():
    from pathlib import Path

    import yaml

    domain = yaml.safe_load((Path(__file__).resolve().parent.parent / "bot" / "domain.yml").read_text())
    kinds = {item["custom"]["kind"] for variants in domain["responses"].values() for item in variants if "custom" in item}
    assert kinds and kinds <= BOT_KINDS
