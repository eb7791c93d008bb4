"""GET /privacy: exactly what the helpline keeps and for how long, from the live settings."""

from __future__ import annotations

from html import escape

from flask import Blueprint, current_app, request

from helpline.registries.languages import load_registry
from helpline.rendering.i18n import _, load_translations

bp = Blueprint("privacy", __name__)

# Each line is rendered with the real retention settings, so the page cannot drift from the code.
PARAGRAPHS = (
    _("We never store your phone number or the text of your messages, in our database or in our logs."),
    _("To remember your language and state, we keep a scrambled code made from your number with a secret key (HMAC-SHA-256, then scrypt). Without the key, the code cannot be turned back into your number, and the key is kept apart from our database. We also keep the day you last wrote. This is erased %(profile_days)s days after your last message."),
    _("Our assistant (Rasa) keeps the conversation in memory only, never on disk, and forgets it after %(tracker_hours)s hours without a message."),
    _("To answer each message once, we keep a scrambled code of the message id for %(dedupe_hours)s hours."),
    _("We count questions per week: how many per topic, how many per state and how many per language, each count on its own and with no link to any person, for %(stats_days)s days. When a week ends, every count below 5 is merged into \"other\", and counts below 5 are never shown."),
    _("Text DELETE (or BORRAR) to erase your settings and our conversation right away."),
    _("Your phone company and our text provider, Twilio, keep their own records of texts. %(twilio_note)s We cannot erase your phone company's records."),
)
TWILIO_DELETING = _("We ask Twilio to delete each message record a few minutes after we reply.")
TWILIO_NOT_DELETING = _("This helpline is not set up to delete Twilio's records, which Twilio keeps for up to 400 days.")


def render_privacy_paragraphs(language: str) -> list[str]:
    """The page's paragraphs in one language."""
    translations = load_translations(str(current_app.config["LOCALES_DIR"]), language)
    facts = current_app.extensions["helpline"].privacy_values
    note = TWILIO_DELETING if facts["twilio_deleting"] else TWILIO_NOT_DELETING
    values = {**facts, "twilio_note": translations.gettext(note)}
    return [translations.gettext(p) % values for p in PARAGRAPHS]


@bp.get("/privacy")
def show_privacy():
    """The public privacy page, in every registered language (?lang=es)."""
    registry = load_registry()
    language = request.args.get("lang") or request.accept_languages.best_match(registry.codes) or registry.codes[0]
    language = language if language in registry.codes else registry.codes[0]
    title = load_translations(str(current_app.config["LOCALES_DIR"]), language).gettext(_("What this helpline keeps"))
    body = "".join(f"<p>{escape(p)}</p>" for p in render_privacy_paragraphs(language))
    links = " · ".join(f'<a href="?lang={lang.code}" lang="{lang.code}">{escape(lang.name_native)}</a>'
                       for lang in registry.languages if lang.code != language)
    direction = registry.get(language).direction
    return (
        f'<!doctype html><html lang="{language}" dir="{direction}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width"><title>{escape(title)}</title></head>'
        f'<body style="font-family:sans-serif;max-width:40rem;margin:1rem auto"><h1>{escape(title)}</h1>{body}'
        f'<p>{links}</p></body></html>'
    )
