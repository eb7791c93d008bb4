"""Split a reply into the message bodies a channel can carry."""

from __future__ import annotations

from helpline.channels.sms import fold_for_sms, is_gsm7, split_body, xml_safe
from helpline.registries.languages import load_registry

WHATSAPP_BODY_LIMIT = 4096


def finish_for_channel(text: str, channel: str, language: str | None = None) -> list[str]:
    """SMS: split at 1600 characters, folded into GSM-7 when the language's registry entry says so
    (the default); WhatsApp: split at 4096. Either way, only characters XML can carry."""
    text = xml_safe(text)
    if channel == "whatsapp":
        return split_body(text, WHATSAPP_BODY_LIMIT)
    registered = load_registry().get(language) if language else None
    if registered is None or registered.transliterate:
        folded = fold_for_sms(text)
        # Folding is worth it only when it makes the whole text GSM-7 (the language menu names
        # 中文: it travels as UCS-2 anyway, so it keeps every accent).
        text = folded if is_gsm7(folded) else text
    return split_body(text)
