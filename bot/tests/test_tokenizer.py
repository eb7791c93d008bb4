"""MixedScriptTokenizer: Chinese segmented into words, other scripts split on spaces."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from helpline_bot.cjk_tokenizer import MixedScriptTokenizer


def words_of(text: str) -> list[str]:
    tokenizer = MixedScriptTokenizer(MixedScriptTokenizer.get_default_config())
    return [token.text for token in tokenizer.tokenize(Message(data={"text": text}), "text")]


def test_chinese_is_cut_into_words_and_latin_words_kept_whole():
    assert words_of("在纽约DMV考驾照") == ["在", "纽约", "DMV", "考驾照"]


@pytest.mark.parametrize("text", ["DMV预约怎么改 我约的是弗吉尼亚 想改到周五", "我约的是 弗吉尼亚"])
def test_a_chinese_sentence_with_spaces_keeps_every_word(text):
    # Rasa's emoji pattern covers all of CJK: the plain whitespace tokenizer dropped these words.
    assert "弗吉尼亚" in words_of(text)


def test_emoji_alone_between_words_are_still_dropped():
    assert words_of("hi 😀 there") == ["hi", "there"]
