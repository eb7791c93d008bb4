"""Every registered language end to end, through the signed webhook and a real Rasa: greeting,
menu, a state question, MORE, SOURCE, switching language, DELETE; STOP and START in its own words;
Chinese in Traditional characters answered in Traditional."""

from __future__ import annotations

import opencc
import pytest

from helpline.channels.sms import fold_for_sms
from helpline.registries.languages import language_codes, load_registry
from helpline.rendering.i18n import load_translations
from tests.conftest import twilio_post, twiml_messages

# What a person writes in each language: a greeting, and where they live, in that language's
# words for the state (the answer expected: that state's license section in that language).
PHRASES = {
    "en": ("hello", "I live in New Jersey", "NJ"),
    "es": ("hola buenas", "vivo en Nueva Jersey", "NJ"),
    "pt": ("oi bom dia", "eu moro em Nova Jersey", "NJ"),
    "ht": ("bonjou", "mwen rete Florid", "FL"),
    "zh": ("你好", "我住在纽约", "NY"),
    "vi": ("xin chào", "tôi sống ở California", "CA"),
    "fr": ("bonjour", "j'habite en Californie", "CA"),
}

# A question about an immigration case, which the helpline does not answer (from the training data:
# this checks the reply, not the classifier).
IMMIGRATION_CASE = {
    "en": "how do i apply for asylum",
    "es": "hola me pueden ayudar a renovar mi TPS? ya casi se me vence",
    "pt": "oi, vcs podem me ajudar a renovar meu TPS? vence mes q vem e to desesperada",
    "ht": "Bonjou, eske nou ka ede m renouvle TPS mwen? Li pral ekspire mwa pwochen",
    "zh": "你好，请问你们能帮我续TPS吗？我的下个月就到期了",
    "vi": "cho hỏi bên mình có giúp gia hạn TPS không ạ, của em sắp hết hạn rồi",
    "fr": "slt svp mon TPS expire le mois prochain vous pouvez m aider a faire le renouvellement?",
}


def say(client, text, sender):
    response = twilio_post(client, text, sender=sender)
    assert response.status_code == 200
    return twiml_messages(response)


def sms(text: str, language: str) -> str:
    """The text as the SMS channel sends it in this language (GSM-7 folding where registered)."""
    return fold_for_sms(text) if load_registry().get(language).transliterate else text


def word(language: str, kind: str, group: str = "keywords") -> str:
    """The language's first word for a keyword or command, as a person would type it."""
    return str(getattr(load_registry().get(language), group)[kind][0]).upper()


def test_every_registered_language_has_test_phrases():
    assert set(language_codes()) <= set(PHRASES) and set(language_codes()) <= set(IMMIGRATION_CASE)


@pytest.mark.parametrize("language", language_codes())
def test_an_immigration_case_question_gets_what_the_helpline_answers_in_its_language(app, client, language):
    sender = "+120255501" + f"{50 + language_codes().index(language):02d}"  # fictional 555-0150...
    g = load_translations(app.config["LOCALES_DIR"], language).gettext
    text = g("I can only answer questions about driver's licenses, the DMV, and your rights with police "
              "and immigration agents. For your own immigration case (asylum, a visa, a green card, TPS), "
              "a lawyer can help: reply %(number)s for free legal help, or %(menu)s for all topics.")
    expected = text % {"number": 8, "menu": word(language, "menu", "commands")}
    assert say(client, IMMIGRATION_CASE[language], sender) == [sms(expected, language)]


@pytest.mark.parametrize("language", language_codes())
def test_a_whole_conversation_in_each_language(app, client, language):
    sender = "+120255501" + f"{language_codes().index(language):02d}"  # fictional 555-01xx
    greeting, where, state = PHRASES[language]
    store = app.extensions["helpline"].content
    g = load_translations(app.config["LOCALES_DIR"], language).gettext

    hello = say(client, greeting, sender)
    assert sms(g("Reply with a number:"), language) in hello[0], hello

    asked = say(client, "1", sender)  # menu 1: the license topic asks for the state
    assert sms(g("Which state do you live in? Reply with its name or its 2 letters, like TX."), language) in asked[0]

    answer = say(client, where, sender)
    section = store.state(state, language).sections["license_eligibility"]
    assert sms(section.short, language).split(".")[0] in answer[0], answer
    assert sms(g("Not legal advice."), language) in answer[0]

    more = say(client, word(language, "more", "commands"), sender)
    assert sms(section.more, language)[:40] in more[0]

    sources = say(client, word(language, "source", "commands"), sender)
    assert "http" in sources[0] and sms(g("Sources:"), language) in sources[0]

    other = "es" if language == "en" else "en"
    switched = say(client, load_registry().get(other).choose[0] if other == "es" else "in english", sender)
    assert sms(load_translations(app.config["LOCALES_DIR"], other).gettext("Reply with a number:"), other) in switched[0]

    erased = say(client, word(language, "delete"), sender)
    assert erased[0] == sms(load_translations(app.config["LOCALES_DIR"], other).gettext(
        "Erased: your language, your state and our conversation. "
        "We cannot erase records kept by your phone company or by our text provider, Twilio."), other)


@pytest.mark.parametrize("language", language_codes())
def test_stop_and_start_in_each_languages_own_words(app, client, language):
    sender = "+120255501" + f"{50 + language_codes().index(language):02d}"
    say(client, PHRASES[language][0], sender)
    g = load_translations(app.config["LOCALES_DIR"], language).gettext
    stop_word = word(language, "stop") if load_registry().get(language).keywords.get("stop") else "STOP"
    stopped = say(client, stop_word, sender)
    assert stopped == [sms(g("You will get no more messages. Reply START to start again."), language)]
    start_word = word(language, "start") if load_registry().get(language).keywords.get("start") else "START"
    started = say(client, start_word, sender)
    assert started[0].startswith(sms(g("Welcome back."), language))


def test_a_message_in_traditional_chinese_is_answered_in_traditional(app, client):
    sender = "+12025550177"
    reply = say(client, "沒有身份可以在紐約考駕照嗎？", sender)  # Traditional characters
    simplified = app.extensions["helpline"].content.state("NY", "zh").sections["license_eligibility"].short
    traditional = opencc.OpenCC("s2t").convert(simplified)
    assert traditional != simplified and traditional[:40] in reply[0]
    assert simplified[:40] not in reply[0]
    more = say(client, "更多", sender)  # no Traditional-only characters: the stored script holds
    assert opencc.OpenCC("s2t").convert(more[0]) == more[0]


def test_a_request_for_english_written_in_portuguese_gets_english(app, client):
    sender = "+12025550178"
    say(client, "oi bom dia", sender)
    reply = say(client, "manda em ingles pra minha filha ler", sender)  # Rasa: set_language
    english = load_translations(app.config["LOCALES_DIR"], "en").gettext
    assert reply[0].startswith(english("OK, I will answer in English.")), reply


def test_a_language_request_that_names_no_language_lists_the_languages(app, client):
    sender = "+12025550179"
    say(client, "hola buenas", sender)
    reply = say(client, "no hablo ingles", sender)  # names the language they cannot read
    spanish = load_translations(app.config["LOCALES_DIR"], "es").gettext
    # The list names 中文 and Tiếng Việt: a body that must be UCS-2 anyway keeps its accents.
    assert reply[0].startswith(spanish("Reply with the code of your language:")), reply
    assert all(f"{code.upper()} " in reply[0] for code in language_codes())
