"""A tokenizer for a model that reads seven languages: words split on spaces as usual, and runs
of Chinese characters (written without spaces) segmented into words by jieba.

Rasa's JiebaTokenizer would hand every message to jieba; this one leaves other scripts to the
whitespace rules the English and Spanish examples were trained with.
"""

from __future__ import annotations

import logging
import re
from typing import List

import jieba
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

jieba.setLogLevel(logging.WARNING)  # its dictionary ships in the package: nothing is downloaded
HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def segment(text: str, start: int) -> List[Token]:
    """Tokens for one whitespace token: Chinese runs cut by jieba, the rest kept whole."""
    if not HAN_RUN.search(text):
        return [Token(text, start)]
    tokens: List[Token] = []
    offset = 0
    for piece in jieba.cut(text, HMM=True):
        if piece.strip() and re.search(r"\w", piece):
            tokens.append(Token(piece, start + offset))
        offset += len(piece)
    return tokens or [Token(text, start)]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class MixedScriptTokenizer(WhitespaceTokenizer):
    """Whitespace tokens, with Chinese segmented into words."""

    @staticmethod
    def not_supported_languages() -> None:
        """Every language: the model is multilingual."""
        return None

    def remove_emoji(self, text: str) -> str:
        """Drop a word that is only emoji, but never Chinese: Rasa's emoji pattern spans U+24C2 to
        U+1F251, all of CJK, so "我约的是 弗吉尼亚" would lose every word."""
        return text if HAN_RUN.search(text) else super().remove_emoji(text)

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        """Split on whitespace, then segment any Chinese token."""
        tokens = super().tokenize(message, attribute)
        return [piece for token in tokens for piece in segment(token.text, token.start)]
