"""The helpline's own words (greeting, menus, confirmations, apologies), in the reply language.

Answers about the law come from content/ (helpline.rendering.answers); everything else a person reads is
an interface string from locales/, built here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from helpline.content.store import ContentStore
from helpline.registries.jurisdictions import known_state, load_jurisdiction_names
from helpline.registries.languages import load_registry
from helpline.registries.topics import menu_topics
from helpline.rendering.i18n import load_translations


@dataclass
class RenderContext:
    """Everything rendering needs besides the decision."""

    language: str
    channel: str
    content: ContentStore
    locales_dir: str
    privacy_values: dict = field(default_factory=dict)

    def gettext(self, message: str) -> str:
        """Translate an interface string into the reply language."""
        return load_translations(self.locales_dir, self.language).gettext(message)


def state_name(code: str | None, language: str) -> str:
    """A known jurisdiction's name in the reply language; never echoes an unknown value."""
    names = load_jurisdiction_names().get(known_state(code) or "", {})
    return names.get(language) or names.get(load_registry().codes[0]) or ""


def menu_text(ctx: RenderContext) -> str:
    """The numbered topic menu."""
    g = ctx.gettext
    lines = [g("Reply with a number:")]
    for topic in menu_topics():
        lines.append(f"{topic.menu} {g(topic.title)}")
    others = [lang.code.upper() for lang in load_registry().languages if lang.code != ctx.language]
    lines.append(g("0 Languages") + (f" ({' '.join(others)})" if others else ""))
    return "\n".join(lines)


def language_menu_text(ctx: RenderContext) -> str:
    """The reply to "0": every language the helpline answers in, each named in itself."""
    lines = [ctx.gettext("Reply with the code of your language:")]
    lines += [f"{lang.code.upper()} {lang.name_native}" for lang in load_registry().languages]
    return "\n".join(lines)


def other_language_note() -> str:
    """For a message in a language we do not answer in: in no one language, since the reader
    reads none of ours well, so each language names itself."""
    languages = load_registry().languages
    return "Answers in / " + " · ".join(f"{lang.name_native} ({lang.code.upper()})" for lang in languages)


def ask_state_text(options: tuple[str, ...], ctx: RenderContext) -> str:
    """Ask for the state; when the user named a place in several states, offer those."""
    if len(options) > 1:
        names = ", ".join(f"{state_name(code, ctx.language)} ({code})" for code in options)
        return ctx.gettext("That place is in more than one state: %(names)s. Reply with the 2 letters of yours.") % {"names": names}
    return ctx.gettext("Which state do you live in? Reply with its name or its 2 letters, like TX.")


def greeting_text(state: str | None, ctx: RenderContext) -> str:
    """Hello, what this is, the remembered state, and the menu."""
    g = ctx.gettext
    text = g("Hi! This is a free, private helpline about driver's licenses, the DMV and immigration.")
    if state:
        text += " " + g("Your state: %(state)s.") % {"state": state_name(state, ctx.language)}
    return text + "\n" + menu_text(ctx)


def help_text(ctx: RenderContext) -> str:
    """Who we are and how to stop or erase data (carriers require an answer to HELP)."""
    return ctx.gettext(
        "Know-your-rights helpline: free answers about licenses, the DMV and immigration. "
        "Not legal advice. Reply STOP to stop, DELETE to erase your data."
    )


def out_of_scope_text(ctx: RenderContext) -> str:
    """For a question understood as one the helpline does not answer: what it does answer, and where
    to go instead (an asylum or visa question needs a lawyer, not "I did not understand")."""
    legal_help = next(t.menu for t in menu_topics() if t.name == "legal_help")
    menu_word = load_registry().get(ctx.language).commands["menu"][0].upper()
    return ctx.gettext(
        "I can only answer questions about driver's licenses, the DMV, and your rights with police "
        "and immigration agents. For your own immigration case (asylum, a visa, a green card, TPS), "
        "a lawyer can help: reply %(number)s for free legal help, or %(menu)s for all topics."
    ) % {"number": legal_help, "menu": menu_word}


def stop_text(ctx: RenderContext) -> str:
    """Confirmation of opt-out."""
    return ctx.gettext("You will get no more messages. Reply START to start again.")


def stop_hint_text(ctx: RenderContext) -> str:
    """For messages the classifier read as "stop" that are not a STOP keyword ("no", "nada")."""
    return ctx.gettext("OK. To get no more messages, reply STOP.") + "\n" + menu_text(ctx)


def restart_hint_text(ctx: RenderContext) -> str:
    """The one line a day an opted-out sender gets when they write."""
    return ctx.gettext("You asked for no more messages. Reply START to use the helpline again. In an emergency, write what is happening: we always answer.")


def deleted_text(ctx: RenderContext) -> str:
    """Confirmation of erasure, with what the helpline cannot erase."""
    return ctx.gettext(
        "Erased: your language, your state and our conversation. "
        "We cannot erase records kept by your phone company or by our text provider, Twilio."
    )


def unavailable_text(ctx: RenderContext) -> str:
    """The reply when Rasa cannot be reached: apology, emergency steps, menu."""
    g = ctx.gettext
    return "\n".join(
        [
            g("Sorry, the helpline is having trouble. Please try again in a few minutes."),
            g("If agents are at your door: do not open it, stay silent, do not sign anything."),
            menu_text(ctx),
        ]
    )


def missing_text(state: str | None, ctx: RenderContext) -> str:
    """No answer for this topic (and state) in content/."""
    g = ctx.gettext
    if state:
        text = g("Sorry, I do not have that answer for %(state)s yet.") % {"state": state_name(state, ctx.language)}
    else:
        text = g("Sorry, I do not have that answer yet.")
    return text + "\n" + menu_text(ctx)
