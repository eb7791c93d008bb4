"""Reply-language choice."""

from __future__ import annotations

import pytest

from helpline.dialogue.language import choose_language, explicit_choice
from helpline.dialogue.texting_model import read_examples, train_model


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
    language, other = choose_language("운전면허를 받을 수 있나요 서류 없이", None)  # Korean: detected, not answered
    assert language == "en" and other == "ko"


@pytest.mark.parametrize("text, language", [
    ("Èske mwen ka jwenn yon lisans kondwi nan Massachusetts san papye?", "ht"),
    ("lapolis kanpe machin mwen, kisa pou m di", "ht"),
    ("没有身份可以在纽约考驾照吗？", "zh"),
    ("沒有身份可以在紐約考駕照嗎", "zh"),
    ("Posso tirar carteira de motorista em New Jersey sem documentos?", "pt"),
    ("toi co the lay bang lai xe o California khong", "vi"),
    ("Est-ce que je peux avoir un permis de conduire sans papiers?", "fr"),
])
def test_each_registered_language_is_detected_on_a_first_message(text, language):
    assert choose_language(text, None)[0] == language


@pytest.mark.parametrize("choice, language", [("em português", "pt"), ("an kreyòl", "ht"), ("中文", "zh"),
                                              ("tiếng việt", "vi"), ("en français", "fr")])
def test_a_language_is_chosen_in_its_own_words(choice, language):
    assert choose_language(choice, "en")[0] == language


def test_a_language_code_or_its_own_name_chooses_it():
    assert choose_language("ES", "en")[0] == "es"
    assert choose_language("español", "en")[0] == "es"
    assert choose_language("EN", "es")[0] == "en"
    assert choose_language("0", "es")[0] == "es"  # "0" lists the languages; it changes nothing


@pytest.mark.parametrize("text", ["Texas", "NJ", "new jersey", "Massachusetts"])
def test_a_message_that_only_names_a_state_says_nothing_about_its_language(text):
    assert choose_language(text, "pt")[0] == "pt"
    assert choose_language(text, None) == ("en", None)


def test_a_keyword_shared_with_the_default_language_is_no_evidence():
    assert choose_language("menu", "vi")[0] == "vi"
    assert choose_language("menu", None)[0] == "en"


@pytest.mark.parametrize("text, language", [
    ("xoa het du lieu cua toi", "vi"),  # Vietnamese without accents, with French-looking words
    ("q onda necesito sacar la licencia", "es"),
    ("vc sabe se o dmv passa meus dados", "pt"),
    ("m pa gen papye eske m ka jwenn lisans", "ht"),
    ("jsp si le dmv donne mes infos a ice", "fr"),
])
def test_messages_typed_the_way_people_text_are_detected(text, language):
    assert choose_language(text, None)[0] == language


def test_the_texting_model_learns_each_language_from_its_examples():
    model = train_model({"aa": ["zork blip zork", "blip blip"], "bb": ["quux fnord", "fnord fnord quux"]})
    scores, known = model.log_likelihoods("fnord quux")
    assert known > 0 and scores["bb"] > scores["aa"]
    assert model.log_likelihoods("???")[1] == 0  # nothing it has seen: no evidence either way


def test_nlu_annotations_are_removed_from_the_examples(tmp_path):
    (tmp_path / "x.yml").write_text('nlu:\n  - intent: a\n    examples: |\n      - vivo en [Texas](state)\n'
                                    '      - soy de [Ohio]{"entity": "state"}\n', encoding="utf-8")
    assert read_examples(tmp_path) == ["vivo en Texas", "soy de Ohio"]
