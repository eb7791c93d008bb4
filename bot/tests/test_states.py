"""StateExtractor's gazetteer: names, misspellings, codes, cities, and codes that are words."""

from __future__ import annotations

import pytest

from helpline_bot.states import StateMatch, find_states, pick_state


def state_of(text: str, expecting: bool = False):
    match = pick_state(find_states(text, expecting))
    return match.codes if match else None


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("q necesito pa la licencia en nueva york", ("NY",)),
        ("Carolina del Norte", ("NC",)),
        ("vivo en Tejas", ("TX",)),
        ("im in houston", ("TX",)),
        ("Chicago", ("IL",)),
        ("los angeles", ("CA",)),
        ("I live in Atlanta", ("GA",)),
        ("washington dc", ("DC",)),
        ("Washington", ("WA",)),
        ("West Virginia", ("WV",)),
        ("virginia occidental", ("WV",)),
        ("Califronia", ("CA",)),
        ("Conneticut", ("CT",)),
        ("Hawái", ("HI",)),
        ("NJ", ("NJ",)),
        ("PA", ("PA",)),
        ("I live in pa", ("PA",)),
        ("moved from TX to NY", ("NY",)),
        ("St. Louis", ("MO",)),
        ("puerto rico", ("PR",)),
        ("Kansas City", ("MO", "KS")),
        ("Portland", ("OR", "ME")),
        ("arkansas", ("AR",)),
    ],
)
def test_places_are_found(text, codes):
    assert state_of(text) == codes


@pytest.mark.parametrize(
    "text",
    ["ok", "ok thanks", "hi", "HI", "me puedes ayudar", "la licencia", "pa la licencia", "in the dmv", "oh no",
     "de donde es esto", "co-worker", "dmv ice", "OK"],
)
def test_codes_that_are_words_are_not_states_without_context(text):
    assert state_of(text) is None


@pytest.mark.parametrize(
    "text",
    ["toi ko co giay to thi co lam bang lai xe dc ko",  # Vietnamese "dc" = duoc (can)
     "minh lai xe qua tieu bang khac duoc ko mn",  # "mn" = moi nguoi (everyone)
     "ca vient d'ou ces infos?", "c comment ca marche",  # French "ca" (that)
     "valeu msm, ajudou mt",  # Portuguese "mt" = muito
     "pr mim ta bom",  # "pr" = para
     "o day lam bang lai dc ko",  # "bang lai" is a place word for "bang lai CA", but not before "dc ko"
     "phai co giay co chu ky cua toa moi dc vo ha",  # "chu ky" = signature
     "yo nan chantye a wi, y ap mande papye"],  # Kreyol "wi" = yes
)
def test_lowercase_codes_that_are_texting_words_are_not_states(text):
    assert state_of(text) is None


@pytest.mark.parametrize(
    ("text", "codes"),
    [("license in ca", ("CA",)), ("i live in dc", ("DC",)), ("im in dc", ("DC",)), ("vivo en dc", ("DC",)),
     ("moving to dc next month", ("DC",)), ("can I get a license in CA?", ("CA",)), ("Washington DC", ("DC",)),
     ("DC", ("DC",)), ("i live in mn", ("MN",)), ("i live in ky", ("KY",)), ("WI", ("WI",)),
     ("bang lai CA", ("CA",))],
)
def test_those_codes_still_count_in_capitals_after_a_place_word_or_as_an_answer(text, codes):
    assert state_of(text) == codes


def test_a_lowercase_texting_code_alone_is_a_state_only_after_which_state():
    assert state_of("dc") is None
    assert state_of("dc", expecting=True) == ("DC",)


@pytest.mark.parametrize(
    ("text", "codes"),
    [("我在旧金山", ("CA",)), ("法拉盛有没有免费律师", ("NY",)), ("休斯顿的DMV", ("TX",)), ("我住在芝加哥", ("IL",)),
     ("Có chỗ nào ở Philly ko ạ", ("PA",)), ("m ap viv Brockton", ("MA",)), ("我住San Gabriel", ("CA",))],
)
def test_chinese_city_names_and_nicknames_name_their_state(text, codes):
    assert state_of(text) == codes


def test_long_message_is_not_read_as_an_answer_even_after_which_state():
    assert state_of("ok but first tell me what the dmv keeps about me", expecting=True) is None


def test_match_offsets_point_at_the_place_in_the_original_text():
    text = "Vivo en Nueva York"
    match = pick_state(find_states(text))
    assert text[match.start:match.end] == "Nueva York"


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("I live in California, not Texas. Can I get a license?", ("CA",)),
        ("vivo en California, no en Texas", ("CA",)),
        ("California, no Texas", ("CA",)),
        ("Not in Texas, in Florida", ("FL",)),
        ("I don't live in Texas, I live in Ohio", ("OH",)),
        ("I don’t live in Texas anymore, I'm in Nevada", ("NV",)),
        ("dont live in texas, live in utah", ("UT",)),
        ("no vivo en Texas, vivo en Arizona", ("AZ",)),
        ("ni Texas ni Florida, vivo en Georgia", ("GA",)),
        ("instead of Texas I moved to Nevada", ("NV",)),
        ("rather than Texas, Colorado", ("CO",)),
        ("en vez de Texas, California", ("CA",)),
        ("en lugar de Florida, Georgia", ("GA",)),
        ("I live in the state of Texas, not in the state of Ohio", ("TX",)),
        ("I no longer live in Texas, now in Oregon", ("OR",)),
        ("I don't live in Texas or Florida", None),
        ("not Texas", None),
        ("no en Texas", None),
        ("dont live in texas", None),
    ],
)
def test_a_state_after_a_negation_is_dropped(text, codes):
    assert state_of(text) == codes


@pytest.mark.parametrize(("text", "codes"), [
    ("moro no Texas", ("TX",)),  # Portuguese "no" is "in the"
    ("batida no Ironbound agora", ("NJ",)),
    ("quiero saber de california no texas", ("CA",)),  # after another place it still negates
])
def test_a_bare_no_before_the_only_place_is_portuguese_in_the(text, codes):
    assert state_of(text) == codes


@pytest.mark.parametrize(("text", "codes"), [
    ("ice pran l nan Walmart Delray a", ("FL",)),
    ("em Pompano agora", ("FL",)),
    ("bi giu lai o san bay SFO", ("CA",)),
    ("detained at JFK", ("NY",)),
    ("held at O'Hare", ("IL",)),
])
def test_neighbourhoods_short_city_names_and_airports_name_their_state(text, codes):
    assert state_of(text) == codes


@pytest.mark.parametrize(
    "text",
    [
        "no sé si en Texas puedo sacar licencia",
        "no se si en texas puedo",
        "no tengo licencia en Texas",
        "I'm not sure if Texas lets me drive",
        "I don't know if Texas gives licenses",
        "No, Texas",
        "No, en Texas",
    ],
)
def test_a_no_that_does_not_negate_the_state_keeps_it(text):
    assert state_of(text) == ("TX",)


def test_each_place_reports_the_cue_before_it():
    found = find_states("I live in California, not Texas, I moved from Ohio, soy de Utah")
    assert [(m.codes, m.cue) for m in found] == [
        (("CA",), "current"), (("TX",), "not"), (("OH",), "former"), (("UT",), "origin"),
    ]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("I moved from Texas to Oregon", ("OR",)),
        ("used to live in Texas, now in Florida", ("FL",)),
        ("me mudé de Texas a California", ("CA",)),
        ("me mude de texas a california", ("CA",)),
        ("vivía en Texas, ahora vivo en Nevada", ("NV",)),
        ("vivia en Texas pero me mude a Utah", ("UT",)),
        ("I'm from Texas but live in Ohio", ("OH",)),
        ("im from texas but i live in new jersey", ("NJ",)),
        ("soy de Texas pero vivo en California", ("CA",)),
        ("soy de Puerto Rico pero estoy en Florida", ("FL",)),
        ("I live in Arizona but I used to live in Texas", ("AZ",)),
        ("moved to Colorado from Texas", ("CO",)),
        ("I moved here from Texas to Kansas City", ("MO", "KS")),
    ],
)
def test_a_former_state_loses_to_the_current_one(text, codes):
    assert state_of(text) == codes


@pytest.mark.parametrize(("text", "codes"), [
    ("I used to live in Texas", None),
    ("me mudé de Texas", None),
    ("moved from TX", None),
    ("I'm from Texas", ("TX",)),
    ("soy de Texas", ("TX",)),
])
def test_a_former_home_alone_is_not_taken_as_current_but_an_origin_is(text, codes):
    assert state_of(text) == codes


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Texas or California?", ("TX", "CA")),
        ("California or Texas", ("CA", "TX")),
        ("¿Texas o Florida?", ("TX", "FL")),
        ("I live in Texas and California", ("TX", "CA")),
        ("from Texas to California", ("TX", "CA")),
        ("Kansas City or Texas", ("MO", "KS", "TX")),
    ],
)
def test_several_states_no_cue_decides_between_are_one_ambiguous_match(text, codes):
    match = pick_state(find_states(text))
    assert match.codes == codes and match.is_ambiguous


def test_an_ambiguous_match_of_several_states_spans_all_of_them():
    assert pick_state(find_states("Texas or California?")) == StateMatch(
        ("TX", "CA"), 0, len("Texas or California"), "Texas, California"
    )


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Kansas City, Missouri", ("MO",)),
        ("Houston, Texas", ("TX",)),
        ("im in houston texas", ("TX",)),
        ("Portland, Oregon", ("OR",)),
        ("Springfield, Illinois", ("IL",)),
    ],
)
def test_a_city_and_its_state_agree_on_one_state(text, codes):
    assert state_of(text) == codes


@pytest.mark.parametrize(
    ("text", "expecting", "codes"),
    [
        ("la", True, ("LA",)),
        ("pa", True, ("PA",)),
        ("La", True, ("LA",)),
        ("OK", True, ("OK",)),
        ("HI", True, ("HI",)),
        ("ME", True, ("ME",)),
        ("IN", True, ("IN",)),
        ("PA", False, ("PA",)),
        (" CO. ", False, ("CO",)),
        ("OK", False, None),
        ("HI", False, None),
        ("ok", True, None),
        ("hi", True, None),
        ("me", True, None),
        ("oh", True, None),
        ("in", True, None),
        ("Ok", True, None),
        ("pa", False, None),
        ("la", False, None),
    ],
)
def test_a_message_of_just_a_code_that_is_a_word_is_a_state_only_in_its_answer_form(text, expecting, codes):
    assert state_of(text, expecting) == codes


@pytest.mark.parametrize("expecting", [False, True])
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("state: ok", "OK"),
        ("state ok", "OK"),
        ("estado: la", "LA"),
        ("my state is ok", "OK"),
        ("mi estado es pa", "PA"),
        ("I live in pa", "PA"),
        ("i live in PA", "PA"),
        ("vivo en pa", "PA"),
        ("im in la", "LA"),
        ("estoy en pa", "PA"),
        ("I’m in OK.", "OK"),
    ],
)
def test_a_cue_and_a_code_as_the_whole_message_is_a_state_in_any_case(text, code, expecting):
    assert state_of(text, expecting) == (code,)


@pytest.mark.parametrize("expecting", [False, True])
@pytest.mark.parametrize(
    "text",
    [
        "ok thanks", "OK thanks", "hi there", "la verdad no se", "im in OK can i get a license",
        "me puedes ayudar", "pa la licencia", "in the dmv", "oh no", "de donde es esto",
        "I live in PA, can I get a license?", "ok but first tell me what the dmv keeps about me",
    ],
)
def test_a_code_that_is_a_word_inside_a_longer_sentence_is_never_a_state(text, expecting):
    assert state_of(text, expecting) is None


@pytest.mark.parametrize("text", ["thanks", "ok thanks", "no sé", "no se", "la verdad no se", "hi", "ok", "me"])
def test_replies_to_which_state_that_name_no_state_give_none(text):
    assert state_of(text, expecting=True) is None


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("q necesito pa la licencia en nueva york", ("NY",)),
        ("im in houston", ("TX",)),
        ("NJ", ("NJ",)),
        ("licencia en CA", ("CA",)),
        ("i live in tx can i get a license", ("TX",)),
        ("im in NY can i get a license", ("NY",)),
    ],
)
def test_codes_that_are_not_words_and_names_count_anywhere_in_a_sentence(text, codes):
    assert state_of(text) == codes


@pytest.mark.parametrize(("text", "codes"), [
    ("can I drive to Florida with my Connecticut license?", ("CT",)),
    ("is my New York license valid in Texas", ("NY",)),
    ("puedo ir a florida con mi licencia de nueva york", ("NY",)),
    ("manejar en wyoming con licencia de utah", ("UT",)),
    ("can i go to tennessee with a delaware driving privilege card", ("DE",)),
])
def test_the_state_that_issued_the_card_is_the_home_state_not_the_destination(text, codes):
    assert state_of(text) == codes


@pytest.mark.parametrize("text, code", [
    ("if i get the license in illinois can i drive to indiana to visit my sister", "IL"),
    ("tengo licencia de Utah, puedo manejar a Nevada?", "UT"),
    ("bang lai cua e lam o Illinois, thang sau e lai xe qua Michigan co dc ko", "IL"),
    ("j ai mon permis de New York, je peux conduire jusqu en Floride?", "NY"),
])
def test_the_end_of_a_trip_loses_to_the_state_the_license_is_from(text, code):
    assert pick_state(find_states(text)).codes == (code,)


def test_the_end_of_a_trip_alone_is_still_the_state_asked_about():
    assert pick_state(find_states("can I drive to Texas with it?")).codes == ("TX",)


@pytest.mark.parametrize("text, answer", [
    ("洛杉矶DMV预约最早要排到三个月后 有没有办法快点约上", False),  # a question about Los Angeles
    ("我住在加州", True),
    ("in Texas", True),
])
def test_a_chinese_sentence_is_counted_in_its_words_not_its_spaces(text, answer):
    from rasa.nlu.constants import TOKENS_NAMES
    from rasa.shared.nlu.constants import INTENT, TEXT
    from rasa.shared.nlu.training_data.message import Message

    from helpline_bot.cjk_tokenizer import MixedScriptTokenizer
    from helpline_bot.state_extractor import StateExtractor

    message = Message(data={TEXT: text, INTENT: {"name": "nlu_fallback", "confidence": 0.4}})
    message.set(TOKENS_NAMES[TEXT], MixedScriptTokenizer(MixedScriptTokenizer.get_default_config()).tokenize(message, TEXT))
    StateExtractor().process([message])
    assert (message.get(INTENT)["name"] == "set_state") is answer


@pytest.mark.parametrize(("text", "codes"), [
    ("我住在加州，开车去内华达可以吗", ("CA",)),
    ("我以前住在德州 现在在纽约", ("NY",)),
    ("我不在纽约，在新泽西", ("NJ",)),
    ("加州的驾照开到亚利桑那能用吗", ("CA",)),
    ("jai mon permis en Oregon, je peux rouler jusqu'en Idaho?", ("OR",)),  # "jusqu'en" folds to "jusquen"
    ("m gen lisans NJ, m ka kondi desann Florid?", ("NJ",)),
])
def test_chinese_french_and_kreyol_cues_place_the_home_state_before_a_trip(text, codes):
    assert state_of(text) == codes


@pytest.mark.parametrize(("text", "codes"), [
    ("bang lai tieu bang Washington, lai xe qua Oregon voi Idaho dc ko", ("WA",)),
    ("tirei minha carteira em NJ, posso dirigir ate a florida?", ("NJ",)),
    ("我在纽约考的驾照 开车去新泽西和宾州可以吗", ("NY",)),
])
def test_a_trip_through_several_states_keeps_the_home_state(text, codes):
    assert state_of(text) == codes


def test_a_chinese_trip_through_a_state_on_the_way_keeps_the_home_state():
    assert state_of("我是华盛顿州拿的驾照 开车去加州 路上经过俄勒冈 能用吗") == ("WA",)
