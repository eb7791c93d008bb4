"""Answers for Twilio's Fallback URL: from content alone, with no database and no Rasa.

Twilio calls the fallback when the main webhook failed or timed out, so this path must not depend
on anything that might be why: it remembers nothing and reads nothing but content/ and locales/.
"""

from __future__ import annotations

from flask import current_app

from helpline.channels.bodies import finish_for_channel
from helpline.dialogue.decision import Decision, Turn
from helpline.dialogue.degraded import decide_without_rasa
from helpline.dialogue.keywords import match_keyword
from helpline.dialogue.language import choose_language
from helpline.dialogue.pipeline import clean_text
from helpline.registries.languages import default_language
from helpline.rendering.render import render_turn
from helpline.rendering.wording import RenderContext


def answer_without_state(raw_text: str, channel: str) -> list[str]:
    """The reply bodies for one message, decided from its text alone."""
    services = current_app.extensions["helpline"]
    text = clean_text(raw_text)
    language, _other = choose_language(text, None) if text else (default_language(), None)
    ctx = RenderContext(language, channel, services.content, str(current_app.config["LOCALES_DIR"]),
                        services.privacy_values)
    keyword = match_keyword(text)
    if keyword in ("stop", "start", "delete"):
        # Nothing can be recorded here: say so rather than confirm what did not happen.
        turn = Turn([Decision("not_recorded")], source="keyword")
    elif keyword == "help":
        turn = Turn([Decision("help")], source="keyword")
    else:
        turn = decide_without_rasa(text, None)
    return finish_for_channel("\n".join(render_turn(turn, ctx)), channel, language)
