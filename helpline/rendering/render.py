"""Word a turn's decisions in the user's language: the one place decisions become text.

Rasa, keywords and the degraded fallback say WHAT to say (helpline.dialogue.decision); this module says
HOW, from content/ (helpline.rendering.answers) and locales/ (helpline.rendering.wording).
"""

from __future__ import annotations

from helpline.dialogue.decision import Decision, Turn
from helpline.registries.topics import menu_topics, topic_titles
from helpline.rendering.answers import render_answer, render_more, render_sources
from helpline.rendering.wording import (
    RenderContext,
    ask_state_text,
    deleted_text,
    greeting_text,
    help_text,
    language_menu_text,
    menu_text,
    other_language_note,
    out_of_scope_text,
    restart_hint_text,
    state_name,
    stop_hint_text,
    stop_text,
    unavailable_text,
)

TOPIC_TITLES = topic_titles()
MENU_TOPICS = tuple(t.name for t in menu_topics())


def render_turn(turn: Turn, ctx: RenderContext) -> list[str]:
    """One text per decision (before splitting into bodies); a bot turn is never silent."""
    texts = [render_decision(d, ctx) for d in turn.decisions]
    if turn.source == "bot" and not [d for d in turn.decisions if d.kind != "other_language"]:
        texts.append(render_decision(Decision("not_sure"), ctx))
    return texts


def render_decision(decision: Decision, ctx: RenderContext) -> str:
    """The full text of one decision."""
    g = ctx.gettext
    kind, topic, state = decision.kind, decision.topic, decision.state
    if kind == "answer" and topic:
        return render_answer(topic, state, ctx)
    if kind == "set_state":
        return g("OK, I will answer for %(state)s.") % {"state": state_name(state, ctx.language)} + "\n" + menu_text(ctx)
    if kind == "ask_state":
        return ask_state_text(decision.options, ctx)
    if kind == "more" and topic:
        return render_more(topic, state, ctx)
    if kind == "source" and topic:
        return render_sources(topic, state, ctx)
    if kind in ("more", "source"):
        return g("Pick a topic first.") + "\n" + menu_text(ctx)
    if kind in ("greet", "start"):
        # "start" from the classifier ("yes", "hello again") is a greeting: only START opts back in.
        return greeting_text(state, ctx)
    if kind == "help":
        return help_text(ctx) + "\n" + menu_text(ctx)
    if kind == "set_language":
        return g("OK, I will answer in English.") + "\n" + menu_text(ctx)
    if kind == "out_of_scope":
        return out_of_scope_text(ctx)
    if kind == "thanks":
        return g("You're welcome. Take care. Reply MENU to see the topics again.")
    if kind == "stop":
        # Only a STOP keyword opts out (kind "opted_out"); the classifier's guess gets a pointer to it.
        return stop_hint_text(ctx)
    if kind == "opted_out":
        return stop_text(ctx)
    if kind == "opted_in":
        return g("Welcome back.") + "\n" + menu_text(ctx)
    if kind == "delete_data":
        return deleted_text(ctx)
    if kind == "restart_hint":
        return restart_hint_text(ctx)
    if kind == "rate_notice":
        return g("You are sending many messages. Please wait a few minutes, then try again.")
    if kind == "language_menu":
        return language_menu_text(ctx)
    if kind == "empty":
        return g("Your message was empty.") + "\n" + menu_text(ctx)
    if kind == "media":
        return g("I can only read text messages.") + "\n" + menu_text(ctx)
    if kind == "other_language":
        return other_language_note()
    if kind == "not_recorded":
        return g("The helpline is having trouble and could not record that. Please send it again in a few minutes.")
    if kind == "unavailable":
        return unavailable_text(ctx)
    return g("Sorry, I did not understand that.") + "\n" + menu_text(ctx)
