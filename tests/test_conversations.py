"""Whole conversations through the signed webhook and a real Rasa server trained on bot/."""

from __future__ import annotations

from helpline.registries.languages import language_codes
from tests.conftest import twilio_post, twiml_messages

SPANISH_SENDER = "+13055550142"


def say(client, text, sender="+12025550123"):
    """Send one message and return the reply bodies."""
    response = twilio_post(client, text, sender=sender)
    assert response.status_code == 200
    return twiml_messages(response)


def test_english_state_question_without_state_asks_then_answers(client):
    first = say(client, "can undocumented people get a drivers license?")
    assert "Which state" in first[0]
    second = say(client, "Washington")
    assert second[0].startswith("Yes.")
    assert "Not legal advice" in second[0] and ("Checked" in second[0] or "Reviewed" in second[0])


def test_spanish_state_question_without_state_asks_then_answers_in_spanish(client):
    first = say(client, "el dmv le da mis datos a la migra?", SPANISH_SENDER)
    assert "estado" in first[0]
    second = say(client, "Georgia", SPANISH_SENDER)
    assert "No es asesoria legal" in second[0]
    assert "ICE" in second[0]


def test_state_is_remembered_for_the_next_question(client):
    say(client, "I live in Utah")
    reply = say(client, "are license photos searched with facial recognition?")
    assert "Utah" in reply[0]


def test_more_and_source_follow_the_last_answer(client):
    say(client, "can I get a license in Vermont?")
    more = say(client, "MORE")
    assert "SOURCE" in more[-1]
    sources = say(client, "SOURCE")
    assert sources[0].startswith("Sources:") and "http" in sources[0]


def test_menu_number_answers_that_topic(app, client):
    say(client, "I live in California")
    reply = say(client, "2")
    california = app.extensions["helpline"].content.state("CA", "en").sections["dmv_data_sharing"].short
    assert reply[0].startswith(california.split(".")[0]) and "Not legal advice" in reply[0]


def test_emergency_routes_to_emergency_answer(client):
    reply = say(client, "ICE is at my door right now")
    assert "door" in reply[0].lower() and "Not legal advice" in reply[0]


def test_an_emergency_in_a_stopped_car_gets_the_traffic_stop_answer_and_its_details(app, client):
    traffic = app.extensions["helpline"].content.general("rights_traffic_stop", "en").sections[""]
    reply = say(client, "the cop is at my window right now and i have no license, help")
    assert reply[0].startswith(traffic.short.split(".")[0]) and "door" not in reply[0].lower()
    details = say(client, "MORE")
    assert "Passengers also have the right to stay silent" in " ".join(details)


def test_an_emergency_in_a_stopped_car_after_stop_still_gets_the_traffic_stop_answer(app, client):
    traffic = app.extensions["helpline"].content.general("rights_traffic_stop", "en").sections[""]
    sender = "+12025550177"
    say(client, "STOP", sender)
    reply = say(client, "police stopped my car right now, officer walking to my car", sender)
    assert reply[0].startswith(traffic.short.split(".")[0])


def test_out_of_scope_says_what_the_helpline_answers_and_points_to_legal_help(client):
    reply = say(client, "how do i apply for asylum")
    assert reply[0].startswith("I can only answer questions about driver's licenses")
    assert "reply 8 for free legal help, or MENU" in reply[0] and "did not understand" not in reply[0]


def test_stop_leaves_one_restart_line_a_day_until_start(client):
    assert "no more messages" in say(client, "STOP")[0]
    assert "START" in say(client, "can I get a license?")[0]
    assert say(client, "can I get a license?") == []
    assert "Welcome back" in say(client, "START")[0]
    assert say(client, "hello")


def test_spanish_stop_word_opts_out_and_confirms_in_spanish(client):
    say(client, "hola, tengo una pregunta", SPANISH_SENDER)
    assert "EMPEZAR" in say(client, "PARAR", SPANISH_SENDER)[0]
    assert "START" in say(client, "hola", SPANISH_SENDER)[0]
    assert say(client, "hola", SPANISH_SENDER) == []


def test_help_keyword_says_who_we_are_and_how_to_stop(client):
    reply = say(client, "HELP")[0]
    assert "STOP" in reply and "DELETE" in reply and "Not legal advice" in reply


def test_delete_erases_profile_and_conversation(client, app):
    say(client, "I live in Georgia")
    reply = say(client, "DELETE")[0]
    assert "Erased" in reply and "Twilio" in reply
    import sqlite_utils

    assert sqlite_utils.Database(app.config["DATABASE_PATH"])["profiles"].count == 0
    # The conversation is gone too: the state must be asked again.
    assert "Which state" in say(client, "can I get a license?")[0]


def test_short_message_does_not_flip_established_language(client):
    say(client, "hola, necesito ayuda con la licencia", SPANISH_SENDER)
    reply = say(client, "ok", SPANISH_SENDER)
    assert "Responda" in reply[0] or "estado" in reply[0]


def test_explicit_language_choice_switches_language(client):
    say(client, "hola")
    reply = say(client, "english please")
    assert "answer in English" in reply[0]


def test_greeting_that_names_a_state_greets_and_remembers_the_state(client):
    reply = say(client, "Hi, I live in Oregon")[0]
    assert reply.startswith("Hi!") and "Oregon" in reply
    assert "Oregon" in say(client, "can I get a drivers license?")[0]


def test_menu_zero_lists_the_languages_and_a_code_switches_both_ways(client):
    from helpline.registries.languages import load_registry

    others = " ".join(code.upper() for code in language_codes()[1:])
    assert f"0 Languages ({others})" in say(client, "hello")[0]
    listing = say(client, "0")[0]
    assert all(f"{lang.code.upper()} {lang.name_native}" in listing for lang in load_registry().languages)
    spanish = say(client, "ES")[0]
    not_spanish = " ".join(code.upper() for code in language_codes() if code != "es")
    assert "español" in spanish and f"0 Idiomas ({not_spanish})" in spanish
    assert "English" in say(client, "EN")[0]


def test_ambiguous_city_asks_which_state(client):
    say(client, "can I get a license?")
    reply = say(client, "Kansas City")[0]
    assert "Missouri (MO)" in reply and "Kansas (KS)" in reply
    assert say(client, "MO")[0].startswith("No.")


def test_agents_who_knocked_yesterday_and_might_come_back_get_the_rights_answer_not_the_emergency_one(app, client):
    # The classifier reads an emergency here (agents, knocking); the writer asks about next time.
    reply = say(client, "Hier des agents ont frappé chez mon voisin puis ils sont partis. S'ils reviennent chez "
                        "moi, est-ce qu'ils peuvent entrer sans mandat?", sender="+13055550177")
    content = app.extensions["helpline"].content
    at_home = content.general("rights_at_home", "fr").sections[""].short
    emergency = content.general("emergency", "fr").sections[""].short
    assert reply[0].startswith(at_home.split(".")[0])
    assert not reply[0].startswith(emergency.split(".")[0])
