"""Reply-language choice."""

from __future__ import annotations

import pytest

from helpline.dialogue.language import choose_language, detect_language, explicit_choice, named_language
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


@pytest.mark.parametrize("text", ["STOP ko muon nhan nua", "dang o virginia", "2 cong 2 bang may"])
def test_unaccented_vietnamese_that_py3langid_reads_as_tagalog_stays_vietnamese(text):
    assert choose_language(text, None) == ("vi", None)


@pytest.mark.parametrize("text", ["kailangan ko ba ng abogado", "Pwede ba akong kumuha ng lisensya sa Texas kahit walang papeles?"])
def test_tagalog_is_still_a_language_we_detect_but_do_not_answer_in(text):
    assert choose_language(text, None) == ("en", "tl")


def test_the_texting_model_knows_which_words_each_language_uses():
    model = train_model({"aa": ["zork blip", "blip"], "bb": ["quux fnord"]})
    assert model.word_coverage("zork fnord") == {"aa": 0.5, "bb": 0.5}
    assert model.word_coverage("blip zork") == {"aa": 1.0, "bb": 0.0}


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


@pytest.mark.parametrize("text", ["Texas", "NJ", "new jersey", "Massachusetts", "MA", "chicago", "Houston TX"])
def test_a_message_that_only_names_a_state_or_city_says_nothing_about_its_language(text):
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


def test_a_state_code_in_capitals_is_a_place_but_the_same_word_in_lowercase_is_a_word():
    assert detect_language("MA") == (None, 0.0)  # Massachusetts
    assert detect_language("ma")[0] == "fr"  # French "my"


def test_chinese_characters_outweigh_the_english_words_mixed_in():
    assert choose_language("my brother just got detained in Houston 就刚才 怎么找他", None)[0] == "zh"


def test_a_spanish_sentence_with_words_french_shares_stays_spanish():
    # "que", "si", "un", "le" are French marker-looking words that Spanish uses as much.
    assert choose_language("que hago si un policia me detiene y me pide q le deje revisar el carro", None)[0] == "es"


def test_place_names_do_not_count_for_the_language_that_mentions_them_most():
    assert choose_language("Florida ạ", None)[0] == "vi"  # Portuguese examples name Florida most


def test_the_texting_model_ignores_the_words_it_is_told_to():
    model = train_model({"aa": ["zork texas", "zork"], "bb": ["quux", "quux texas texas"]}, frozenset({"texas"}))
    assert model.log_likelihoods("texas")[1] == 0
    assert model.log_likelihoods("Téxas zork")[1] > 0


def test_the_texting_model_learns_each_language_from_its_examples():
    model = train_model({"aa": ["zork blip zork", "blip blip"], "bb": ["quux fnord", "fnord fnord quux"]})
    scores, known = model.log_likelihoods("fnord quux")
    assert known > 0 and scores["bb"] > scores["aa"]
    assert model.log_likelihoods("???")[1] == 0  # nothing it has seen: no evidence either way


def test_nlu_annotations_are_removed_from_the_examples(tmp_path):
    (tmp_path / "x.yml").write_text('nlu:\n  - intent: a\n    examples: |\n      - vivo en [Texas](state)\n'
                                    '      - soy de [Ohio]{"entity": "state"}\n', encoding="utf-8")
    assert read_examples(tmp_path) == ["vivo en Texas", "soy de Ohio"]


@pytest.mark.parametrize("text, language", [
    ("manda em ingles pra minha filha ler", "en"),
    ("能用英文回我吗", "en"),
    ("tra loi bang tieng anh dc ko", "en"),
    ("pase an angle souple", "en"),
    ("ecrivez moi en creole", "ht"),
    ("pode responder em portugues?", "pt"),
    ("réponds moi en chinois", "zh"),
    ("fala cmg em portugues, nao em ingles", "pt"),  # the negated name is the one they do not want
    ("me puedes contestar en ingles? es pa mi hija", "en"),  # Spanish "pa" (for) is no Kreyol "pa" (not)
    ("puede ser en ingles? es para mi hijo q no lee bien español", "en"),
    ("请用中文回复我 英文看不懂", "zh"),
    ("answer in spanish please, my english is not so good", "es"),  # of two names, the one asked "in"
    # ...also when "in" is the message's own word for it: French "en anglais", Kreyol "an franse".
    ("vous pouvez repondre en anglais? mon fils lit mieux l anglais que le francais", "en"),
    ("eske w ka reponn mwen an franse? m li franse pi byen pase kreyol", "fr"),
    ("nhan bang tieng anh dum em, em doc tieng viet ko gioi", "en"),  # Vietnamese negates after the name
    ("能不能用英文回我 我女儿帮我看 她中文看不太懂", "en"),
])
def test_a_request_names_the_language_it_wants(text, language):
    assert named_language(text) == language


@pytest.mark.parametrize("text", [
    "no hablo ingles",  # the name is the one they cannot read
    "我看不懂英文",
    "m pa konprann angle",
    "je ne lis pas l anglais",
    "change language",  # no name: the language menu
    "can you answer en otro idioma",  # "en" is a word, not a name
    "spanish or english?",  # two names, neither asked for "in": the language list
])
def test_a_request_that_negates_names_several_or_none_chooses_nothing(text):
    assert named_language(text) is None
