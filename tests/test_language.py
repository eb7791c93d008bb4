"""Reply-language choice."""

from __future__ import annotations

import pytest

from helpline.dialogue.language import choose_language, explicit_choice


@pytest.mark.parametrize(
    ("text", "language"),
    [("english please", "en"), ("English", "en"), ("en español", "es"), ("Español", "es"), ("ES", "es"), ("in spanish", "es")],
)
def test_explicit_choice_is_recognized(text, language):
    assert explicit_choice(text) == language


def test_ordinary_text_is_not_an_explicit_choice():
    assert explicit_choice("can I get a license in english?") is None


@pytest.mark.parametrize("text", ["ok", "si", "gracias", "thanks", "dmv", "1"])
def test_short_message_never_flips_an_established_language(text):
    assert choose_language(text, "es")[0] == "es"
    assert choose_language(text, "en")[0] == "en"


def test_clear_long_message_in_the_other_language_switches():
    assert choose_language("hola necesito saber si puedo sacar la licencia de manejo", "en")[0] == "es"


def test_first_message_is_detected():
    assert choose_language("q necesito pa la licencia", None)[0] == "es"
    assert choose_language("can I get a license here", None)[0] == "en"


def test_language_without_full_content_is_flagged():
    language, other = choose_language("posso tirar carteira de motorista sem documentos", None)
    assert language == "en" and other == "pt"


def test_a_language_code_or_its_own_name_chooses_it():
    assert choose_language("ES", "en")[0] == "es"
    assert choose_language("español", "en")[0] == "es"
    assert choose_language("EN", "es")[0] == "en"
    assert choose_language("0", "es")[0] == "es"  # "0" lists the languages; it changes nothing
