"""Who sent a Twilio message, as the subject of a pseudonym, and what they wrote.

SMS and WhatsApp carry the same person in different forms: `+52...` by SMS is `whatsapp:+521...`
(Mexico), `+54...` is `+549...` (Argentina), and Brazil's mobiles come with or without their ninth
digit. A WhatsApp user who hides their number arrives as a business-scoped id (`whatsapp:US.1234`)
that must never be folded into a phone number. When Twilio sends a phone number together with an
`ExternalUserId`, the two are linked, so later messages carrying only the id reach the same profile.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WHATSAPP_PREFIX = "whatsapp:"
PHONE = re.compile(r"^\+?[\d\s().-]{7,20}$")


@dataclass(frozen=True)
class Sender:
    """The subjects to pseudonymise: the person's own, and an alias that should point to it."""

    namespace: str  # "phone" or "wa-user"
    subject: str
    alias: str | None = None  # an ExternalUserId seen together with a phone number


def canonical_number(raw: str) -> str | None:
    """E.164 with the country's mobile forms folded to one; None if `raw` is not a phone number."""
    value = (raw or "").strip()
    if value.lower().startswith(WHATSAPP_PREFIX):
        value = value[len(WHATSAPP_PREFIX):]
    if not PHONE.match(value):
        return None
    digits = re.sub(r"\D", "", value)
    if not value.startswith("+") and len(digits) == 10:
        digits = "1" + digits  # a bare US number
    if digits.startswith("521") and len(digits) == 13:
        digits = "52" + digits[3:]  # Mexico: WhatsApp keeps the old mobile "1"
    elif digits.startswith("549") and len(digits) == 13:
        digits = "54" + digits[3:]  # Argentina: the mobile "9" appears in some forms only
    elif digits.startswith("55") and len(digits) == 13 and digits[4] == "9":
        digits = digits[:4] + digits[5:]  # Brazil: the ninth digit, present or not, is one person
    return "+" + digits


def identify_sender(form) -> Sender | None:
    """The sender of an inbound Twilio message, or None when the form names nobody."""
    raw = (form.get("From") or "").strip()
    external = (form.get("ExternalUserId") or "").strip() or None
    number = canonical_number(raw)
    if number:
        return Sender("phone", number, alias=external)
    user_id = raw[len(WHATSAPP_PREFIX):] if raw.lower().startswith(WHATSAPP_PREFIX) else raw
    user_id = user_id or external or ""
    return Sender("wa-user", user_id) if user_id else None


def message_text(form) -> str | None:
    """What the person wrote: the body, or the title of the quick-reply button they tapped."""
    for name in ("Body", "ButtonText", "ButtonPayload"):
        value = form.get(name)
        if value:
            return value
    return form.get("Body")
