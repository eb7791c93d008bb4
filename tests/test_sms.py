"""SMS encoding and splitting."""

from __future__ import annotations

import pytest

from helpline.channels.sms import fold_for_sms, is_gsm7, measure, split_body


@pytest.mark.parametrize(
    ("text", "encoding", "segments"),
    [
        ("a" * 160, "GSM-7", 1),
        ("a" * 161, "GSM-7", 2),
        ("a" * 459, "GSM-7", 3),
        ("a" * 460, "GSM-7", 4),
        ("ñé¿¡ü" * 10, "GSM-7", 1),
        ("á" * 70, "UCS-2", 1),
        ("á" * 71, "UCS-2", 2),
        ("€" * 80, "GSM-7", 1),
        ("€" * 81, "GSM-7", 2),
        ("😀" * 35, "UCS-2", 1),
    ],
    ids=["160", "161", "459", "460", "spanish-gsm", "ucs2-70", "ucs2-71", "euro-80", "euro-81", "emoji-surrogates"],
)
def test_measure_counts_segments_like_carriers(text, encoding, segments):
    result = measure(text)
    assert (result.name, result.segments) == (encoding, segments)


def test_fold_keeps_spanish_readable_and_in_gsm7():
    folded = fold_for_sms("¿Cómo está? Sí, aquí “todo” bien — gracias…")
    assert is_gsm7(folded)
    assert folded == "¿Como esta? Si, aqui \"todo\" bien - gracias..."


def test_fold_leaves_emoji_so_the_message_is_still_sent():
    assert "😀" in fold_for_sms("hola 😀")


def test_split_body_respects_limit_and_keeps_all_words():
    text = " ".join(f"Sentence number {i} is here." for i in range(200))
    bodies = split_body(text, 1600)
    assert all(len(b) <= 1600 for b in bodies)
    assert " ".join(bodies).split() == text.split()


def test_split_body_breaks_a_single_huge_word():
    bodies = split_body("x" * 4000, 1600)
    assert [len(b) for b in bodies] == [1600, 1600, 800]


def test_split_body_of_empty_text_is_empty():
    assert split_body("   ") == []
