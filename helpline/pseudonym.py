"""Sender pseudonyms: a keyed HMAC of the phone number, so no number is ever stored."""

from __future__ import annotations

import hashlib
import hmac
import re

WHATSAPP_PREFIX = "whatsapp:"


def normalize_number(raw: str) -> str:
    """Return the E.164 form of a Twilio `From` value (SMS and WhatsApp map to the same person)."""
    value = (raw or "").strip()
    if value.lower().startswith(WHATSAPP_PREFIX):
        value = value[len(WHATSAPP_PREFIX):]
    digits = re.sub(r"\D", "", value)
    if not digits:
        return value
    if not value.startswith("+") and len(digits) == 10:
        digits = "1" + digits  # a bare US number
    return "+" + digits


def pseudonymize(raw_sender: str, key: bytes, namespace: str = "phone") -> str:
    """HMAC-SHA-256 of the normalized sender, hex-encoded; unlinkable without the key."""
    subject = normalize_number(raw_sender) if namespace == "phone" else raw_sender
    message = f"{namespace}:{subject}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def hash_message_sid(message_sid: str, key: bytes) -> str:
    """Keyed hash of a Twilio MessageSid, so dedupe records cannot be matched to Twilio's logs."""
    return hmac.new(key, f"sid:{message_sid}".encode(), hashlib.sha256).hexdigest()
