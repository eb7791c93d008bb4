"""Answers about the law, from content/: the short answer with its footer, MORE and SOURCE.

The footer says "Not legal advice" and the review month on legal topics; a state note ("In
Wyoming: ...") follows a general answer when the state file has one.
"""

from __future__ import annotations

import string
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from helpline.content.store import STATE_TOPICS, Document, Section
from helpline.privacy.page import TWILIO_DELETING, TWILIO_NOT_DELETING
from helpline.registries.languages import load_registry, registry_path
from helpline.registries.topics import topics_where
from helpline.rendering.wording import RenderContext, menu_text, missing_text, state_name

# Answers about the law carry the "not legal advice" line and their review month.
LEGAL_TOPICS = set(topics_where(legal=True))


def render_answer(topic: str, state: str | None, ctx: RenderContext) -> str:
    """The short answer for a topic (and state), with its footer."""
    found = _find_answer(topic, state, ctx)
    if found is None:
        return missing_text(state, ctx)
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
        return missing_text(state, ctx)
    _doc, section, _note_doc, note = found
    more = [_fill(s.more, ctx) for s in (section, note) if s is not None and s.more]
    if not more:
        return ctx.gettext("That is all I have on this topic.") + "\n" + menu_text(ctx)
    return "\n".join(more + [ctx.gettext("Reply SOURCE for links.")])


def render_sources(topic: str, state: str | None, ctx: RenderContext) -> str:
    """The sources behind the last answer, as titles and links."""
    found = _find_answer(topic, state, ctx)
    if found is None:
        return missing_text(state, ctx)
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
