"""The numbered menu: every number a person sees leads to the topic it names."""

from __future__ import annotations

from helpline.dialogue.keywords import MENU_INTENTS
from helpline.rendering.render import MENU_TOPICS, TOPIC_TITLES
from tests.conftest import twilio_post, twiml_messages


def test_every_menu_number_maps_to_the_topic_it_shows():
    assert {str(n): f"ask_{topic}" for n, topic in enumerate(MENU_TOPICS, start=1)} == MENU_INTENTS
    assert set(MENU_TOPICS) <= set(TOPIC_TITLES)


def test_menu_ten_asks_for_the_state_then_answers_driving_in_other_states(client):
    first = twiml_messages(twilio_post(client, "10"))
    assert "Which state" in first[0]
    answer = twiml_messages(twilio_post(client, "Connecticut"))
    assert "Florida" in answer[0] or "Florida" in " ".join(twiml_messages(twilio_post(client, "MORE")))


def test_a_question_about_driving_to_florida_names_the_states_that_refuse_the_card(client):
    reply = " ".join(twiml_messages(twilio_post(client, "can I drive to Florida with my Connecticut license?")))
    more = " ".join(twiml_messages(twilio_post(client, "MORE")))
    assert "Florida" in reply + more and "Not legal advice" in reply
