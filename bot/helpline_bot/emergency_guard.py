"""Rasa NLU component: a message that looks like an emergency is classified `emergency`.

Runs after the classifiers. A scared person's "agents knocking rn, do i open???" must get the
emergency answer even when the classifier leans toward the general "rights at home" topic.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from helpline_bot.rule_component import RuleComponent
from helpline_bot.safety import at_a_traffic_stop, looks_like_emergency, says_it_is_not_now

# Frames the user chose on purpose; the rule does not override them.
KEEP = {"stop", "start", "delete_data"}
FALLBACK = "nlu_fallback"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class EmergencyGuard(RuleComponent):
    """Overrides the intent with `emergency` when the emergency word rules match, and marks an
    emergency in a stopped car for the traffic-stop answer."""

    def process(self, messages: List[Message]) -> List[Message]:
        """Apply the rule to each message."""
        for message in messages:
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            text = message.get(TEXT) or ""
            if intent not in KEEP and intent != "emergency" and looks_like_emergency(text):
                message.set(INTENT, {INTENT_NAME_KEY: "emergency", PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
            elif intent in ("emergency", FALLBACK) and _top_ranked(message) == "emergency" and says_it_is_not_now(text):
                # "detained two months ago", "if one day they stop me": the question is what the
                # person asks, also when the fallback stepped in because both scored alike.
                question = _question_behind(message)
                if question:
                    message.set(INTENT, question, add_to_output=True)
            if (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == "emergency" and at_a_traffic_stop(text):
                # Names the answer (domain.yml, utter_emergency): a constant, never the user's words.
                topic = {"entity": "emergency_topic", "value": "rights_traffic_stop", "start": 0, "end": len(text),
                         "extractor": "EmergencyGuard"}
                message.set(ENTITIES, [*message.get(ENTITIES, []), topic], add_to_output=True)
        return messages


def _top_ranked(message: Message) -> Optional[Text]:
    """The classifier's best intent, looking past the fallback's own entry."""
    for ranked in message.get("intent_ranking") or []:
        if ranked.get(INTENT_NAME_KEY) != FALLBACK:
            return ranked.get(INTENT_NAME_KEY)
    return None


def _question_behind(message: Message) -> Optional[Dict[Text, Any]]:
    """The best-ranked question of a message that says it is not happening now: a topic ("ask_...")
    or one the helpline does not answer ("held for 3 months, when is his court date?")."""
    for ranked in message.get("intent_ranking") or []:
        name = ranked.get(INTENT_NAME_KEY)
        # Whatever its score: the classifier often puts 0.99 on "emergency" for "agents knocked
        # yesterday, if they come back...", leaving the question it also saw at 0.01.
        if name and (name.startswith("ask_") or name == "out_of_scope"):
            return {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: ranked.get(PREDICTED_CONFIDENCE_KEY)}
    return None
