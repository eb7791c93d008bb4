"""StateExtractor's gazetteer: names, misspellings, codes, cities, and codes that are words."""

from __future__ import annotations

import pytest

from helpline_bot.states import find_states, pick_state


def state_of(text: str, expecting: bool = False):
    match = pick_state(find_states(text, expecting))
    return match.codes if match else None


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("q necesito pa la licencia en nueva york", ("NY",)),
        ("Carolina del Norte", ("NC",)),
        ("vivo en Tejas", ("TX",)),
        ("im in OK can i get a license", ("OK",)),
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


@pytest.mark.parametrize(("text", "code"), [("ok", "OK"), ("hi", "HI"), ("me", "ME"), ("la", "LA"), ("in", "IN")])
def test_bare_code_answering_which_state_is_a_state(text, code):
    assert state_of(text, expecting=True) == (code,)


def test_long_message_is_not_read_as_an_answer_even_after_which_state():
    assert state_of("ok but first tell me what the dmv keeps about me", expecting=True) is None


def test_match_offsets_point_at_the_place_in_the_original_text():
    text = "Vivo en Nueva York"
    match = pick_state(find_states(text))
    assert text[match.start:match.end] == "Nueva York"
