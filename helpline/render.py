"""Turn Rasa's decisions (custom payloads) into the words a user reads, in their language.

Rasa says WHAT to say ({"kind": "answer", "topic": ..., "state": ...}); this module says HOW:
answer text from content/, interface strings from locales/, the "not legal advice" footer and
review month, then SMS-safe text.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from helpline.content import STATE_TOPICS, ContentStore, Document, Section
from helpline.i18n import load_translations
from helpline.jurisdictions import known_state, load_jurisdiction_names
from helpline.languages import load_registry, registry_path
from helpline.privacy import TWILIO_DELETING, TWILIO_NOT_DELETING
from helpline.sms import fold_for_sms, split_body, xml_safe
from helpline.topics import menu_topics, topic_titles, topics_where

WHATSAPP_BODY_LIMIT = 4096

TOPIC_TITLES = topic_titles()
# Answers about the law carry the "not legal advice" line and their review month.
LEGAL_TOPICS = set(topics_where(legal=True))
MENU_TOPICS = tuple(t.name for t in menu_topics())


@dataclass
class RenderContext:
    """Everything rendering needs besides the payload."""

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


def render_payload(payload: dict, ctx: RenderContext) -> str:
    """The full text of one reply (before SMS splitting)."""
    kind = payload.get("kind")
    topic = _clean(payload.get("topic"))
    topic = topic if topic in TOPIC_TITLES else None
    state = known_state(payload.get("state"))
    g = ctx.gettext
    if kind == "answer" and topic:
        return render_answer(topic, state, ctx)
    if kind == "answer" and state:
        return g("OK, I will answer for %(state)s.") % {"state": state_name(state, ctx.language)} + "\n" + menu_text(ctx)
    if kind == "ask_state":
        return ask_state_text(payload, ctx)
    if kind == "more" and topic:
        return render_more(topic, state, ctx)
    if kind == "source" and topic:
        return render_sources(topic, state, ctx)
    if kind in ("more", "source"):
        return g("Pick a topic first.") + "\n" + menu_text(ctx)
    if kind in ("greet", "start"):
        # "start" from the classifier ("yes", "hello again") is a greeting: only START opts back in.
        text = g("Hi! This is a free, private helpline about driver's licenses, the DMV and immigration.")
        if state:
            text += " " + g("Your state: %(state)s.") % {"state": state_name(state, ctx.language)}
        return text + "\n" + menu_text(ctx)
    if kind == "help":
        return help_text(ctx) + "\n" + menu_text(ctx)
    if kind == "set_language":
        return g("OK, I will answer in English.") + "\n" + menu_text(ctx)
    if kind == "thanks":
        return g("You're welcome. Take care. Reply MENU to see the topics again.")
    if kind == "stop":
        # Only a STOP keyword opts out (pipeline); the classifier's guess gets a pointer to it.
        return stop_hint_text(ctx)
    if kind == "delete_data":
        return deleted_text(ctx)
    if kind == "unavailable":
        return unavailable_text(ctx)
    return g("Sorry, I did not understand that.") + "\n" + menu_text(ctx)


def ask_state_text(payload: dict, ctx: RenderContext) -> str:
    """Ask for the state; when the user named a place in several states, offer those."""
    options = [code for code in (_clean(payload.get("options")) or "").split() if code in load_jurisdiction_names()]
    if len(options) > 1:
        names = ", ".join(f"{state_name(code, ctx.language)} ({code})" for code in options)
        return ctx.gettext("That place is in more than one state: %(names)s. Reply with the 2 letters of yours.") % {"names": names}
    return ctx.gettext("Which state do you live in? Reply with its name or its 2 letters, like TX.")


def help_text(ctx: RenderContext) -> str:
    """Who we are and how to stop or erase data (carriers require an answer to HELP)."""
    return ctx.gettext(
        "Know-your-rights helpline: free answers about licenses, the DMV and immigration. "
        "Not legal advice. Reply STOP to stop, DELETE to erase your data."
    )


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


def render_answer(topic: str, state: str | None, ctx: RenderContext) -> str:
    """The short answer for a topic (and state), with its footer."""
    found = _find_answer(topic, state, ctx)
    if found is None:
        return _missing_text(topic, state, ctx)
    doc, section, note_doc, note = found
    parts = [_fill(section.short, ctx)]
    if note is not None:
        label = ctx.gettext("In %(state)s:") % {"state": state_name(state, ctx.language)}
        parts.append(f"{label} {_fill(note.short, ctx)}")
    has_more = bool(section.more or (note is not None and note.more))
    parts.append(_footer(topic, [d for d in (doc, note_doc) if d], has_more, ctx))
    return "\n".join(parts)


def render_more(topic: str, state: str | None, ctx: RenderContext) -> str:
    """The MORE part of the last topic, or the menu when there is nothing more."""
    found = _find_answer(topic, state, ctx)
    if found is None:
        return _missing_text(topic, state, ctx)
    _doc, section, _note_doc, note = found
    more = [_fill(s.more, ctx) for s in (section, note) if s is not None and s.more]
    if not more:
        return ctx.gettext("That is all I have on this topic.") + "\n" + menu_text(ctx)
    return "\n".join(more + [ctx.gettext("Reply SOURCE for links.")])


def render_sources(topic: str, state: str | None, ctx: RenderContext) -> str:
    """The sources behind the last answer, as titles and links."""
    found = _find_answer(topic, state, ctx)
    if found is None:
        return _missing_text(topic, state, ctx)
    doc, section, note_doc, note = found
    cited = doc.sources_for(section) + (note_doc.sources_for(note) if note_doc and note else [])
    lines = [ctx.gettext("Sources:")]
    seen = set()
    for source in cited:
        url = str(source.get("url", ""))
        if url and url not in seen:
            seen.add(url)
            lines.append(f"- {source.get('title', '')}: {url}")
    return "\n".join(lines)


def _find_answer(
    topic: str, state: str | None, ctx: RenderContext
) -> tuple[Document, Section, Document | None, Section | None] | None:
    """Locate the answer: the state's section for state topics (and legal help when the state
    has one), else the general answer plus any state note."""
    state_doc = ctx.content.state(state, ctx.language) if state else None
    if topic in STATE_TOPICS:
        if state_doc and topic in state_doc.sections:
            return state_doc, state_doc.sections[topic], None, None
        return None
    if topic == "legal_help" and state_doc and topic in state_doc.sections:
        return state_doc, state_doc.sections[topic], None, None
    general = ctx.content.general(topic, ctx.language)
    if general is None:
        return None
    note = state_doc.sections.get(topic) if state_doc else None
    return general, general.sections[""], (state_doc if note else None), note


def _footer(topic: str, docs: list[Document], has_more: bool, ctx: RenderContext) -> str:
    g = ctx.gettext
    lines = []
    if topic in LEGAL_TOPICS:
        dated = [d for d in docs if d.last_reviewed]
        line = g("Not legal advice.")
        if dated:
            month = format_date(min(d.last_reviewed for d in dated), "MMM yyyy", locale=date_locale(ctx.language))
            # "Reviewed" only when a person re-verified the facts (flask content review); a research
            # pass that checked them against their sources says "Checked".
            if all(d.reviewed_by for d in dated):
                line += " " + g("Reviewed %(month)s.") % {"month": month}
            else:
                line += " " + g("Checked %(month)s.") % {"month": month}
        lines.append(line)
    lines.append(g("Reply MORE: details. SOURCE: links.") if has_more else g("Reply SOURCE for links."))
    return " ".join(lines)


def date_locale(language: str) -> str:
    """A locale Babel can format dates in: the language's own, its registry `date_locale`, or the
    default language's (Babel's CLDR data does not cover every language people write in)."""
    return _date_locale(language, registry_path())


@lru_cache(maxsize=64)
def _date_locale(language: str, path) -> str:
    registered = load_registry().get(language)
    for candidate in ((registered.extra.get("date_locale") if registered else None), language):
        if candidate:
            try:
                Locale.parse(candidate)
                return candidate
            except (UnknownLocaleError, ValueError):
                continue
    return load_registry().codes[0]


def _missing_text(topic: str, state: str | None, ctx: RenderContext) -> str:
    g = ctx.gettext
    if state:
        text = g("Sorry, I do not have that answer for %(state)s yet.") % {"state": state_name(state, ctx.language)}
    else:
        text = g("Sorry, I do not have that answer yet.")
    return text + "\n" + menu_text(ctx)


def _clean(value: object) -> str | None:
    """Rasa fills unset slots into payloads as "None"; treat that (and blanks) as absent."""
    if isinstance(value, str) and value and value != "None":
        return value
    return None


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(text: str, ctx: RenderContext) -> str:
    """Fill {placeholders} (the privacy answer quotes the real retention settings)."""
    if "{" not in text:
        return text
    fields = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    if not fields:
        return text
    values = dict(ctx.privacy_values)
    if "twilio_note" in fields:
        note = TWILIO_DELETING if values.get("twilio_deleting") else TWILIO_NOT_DELETING
        values["twilio_note"] = ctx.gettext(note)
    return text.format_map(_Blank(values))


def finish_for_channel(text: str, channel: str, language: str | None = None) -> list[str]:
    """SMS: split at 1600 characters, folded into GSM-7 when the language's registry entry says so
    (the default); WhatsApp: split at 4096. Either way, only characters XML can carry."""
    text = xml_safe(text)
    if channel == "whatsapp":
        return split_body(text, WHATSAPP_BODY_LIMIT)
    registered = load_registry().get(language) if language else None
    return split_body(fold_for_sms(text) if registered is None or registered.transliterate else text)
