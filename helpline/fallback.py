"""Answers for Twilio's Fallback URL: from content alone, with no database and no Rasa.

Twilio calls the fallback when the main webhook failed or timed out, so this path must not depend
on anything that might be why: it remembers nothing and reads nothing but content/ and locales/.
"""

from __future__ import annotations

from flask import current_app

from helpline.degraded import decide_without_rasa
from helpline.keywords import match_keyword
from helpline.language import choose_language
from helpline.languages import default_language
from helpline.pipeline import clean_text
from helpline.render import RenderContext, finish_for_channel, help_text, menu_text, render_payload


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
        reply = ctx.gettext("The helpline is having trouble and could not record that. Please send it again in a few minutes.")
    elif keyword == "help":
        reply = help_text(ctx) + "\n" + menu_text(ctx)
    else:
        payloads, _state = decide_without_rasa(text, None)
        reply = "\n".join(render_payload(p, ctx) for p in payloads)
    return finish_for_channel(reply, channel, language)
