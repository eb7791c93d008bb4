"""Rasa NLU component that adds a `state` entity (USPS code) for places named in a message."""

from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from helpline_bot.rule_component import RuleComponent
from helpline_bot.states import find_states, pick_state

# Set by the helpline channel when the bot's previous reply asked "which state?".
EXPECTING_STATE_KEY = "expecting_state"
# Intents that a short message naming a state should not keep: "ok" after "which state?" is
# Oklahoma, and "im in OK" that the classifier could not place is the user giving their state.
# out_of_scope keeps its intent: "any jobs in Miami?" is still not a question we answer.
YIELDING_INTENTS = {"nlu_fallback", "thanks"}
# After "which state?", a short reply naming a state answers it unless it is one of these.
KEEP_WHEN_EXPECTING = {"emergency", "stop", "start", "delete_data"}
SHORT_ANSWER_WORDS = 6


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class StateExtractor(RuleComponent):
    """Adds `state` (one USPS code) or `state_ambiguous` ("MO KS") entities.

    Placed after the intent classifiers: when a short message is an answer to "which state?" (or
    names a state and nothing the classifier recognised), its intent becomes `set_state`.
    """

    def process(self, messages: List[Message]) -> List[Message]:
        """Add state entities to each message."""
        for message in messages:
            text = message.get(TEXT) or ""
            metadata = message.get("metadata") or {}
            match = pick_state(find_states(text, bool(metadata.get(EXPECTING_STATE_KEY))))
            if match is None:
                continue
            entity = {
                "entity": "state_ambiguous" if match.is_ambiguous else "state",
                "value": " ".join(match.codes),
                "start": match.start,
                "end": match.end,
                "confidence_entity": 1.0,
                "extractor": "StateExtractor",
            }
            others = [e for e in message.get(ENTITIES, []) if e.get("entity") not in ("state", "state_ambiguous")]
            message.set(ENTITIES, others + [entity], add_to_output=True)
            if _is_state_answer(message, bool(metadata.get(EXPECTING_STATE_KEY))):
                message.set(INTENT, {INTENT_NAME_KEY: "set_state", PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
        return messages



def _is_state_answer(message: Message, expecting_state: bool) -> bool:
    """True when a short message that names a state is best read as "my state is ..."."""
    # The tokenizer's words, so that Chinese, written without spaces, is not one or two "words".
    words = message.get(TOKENS_NAMES[TEXT]) or (message.get(TEXT) or "").split()
    if len(words) > SHORT_ANSWER_WORDS:
        return False
    intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
    if expecting_state:
        return intent not in KEEP_WHEN_EXPECTING
    return intent in YIELDING_INTENTS
