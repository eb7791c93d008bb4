"""Sender pseudonyms: a keyed HMAC of the phone number, then a memory-hard step (scrypt), so no
number is ever stored and even someone holding the key pays dearly for every number they try."""

from __future__ import annotations

import hashlib
import hmac

from helpline.privacy.identity import canonical_number

# scrypt with N=2^10, r=8: 1 MiB of memory and about 1.6 ms per pseudonym on one core of the
# 2-core reference machine (`make bench` measures it). A bare HMAC costs 1-2 µs, so with the key the
# ~10^10 US numbers cost ~3-4 CPU-hours; with this step about a thousand times more, and the memory
# each guess needs blunts GPUs. Changing these values changes every pseudonym (README, "Key rotation").
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**10, 8, 1
SCRYPT_SALT = b"know-your-rights-helpline/pseudonym/v2"


def normalize_number(raw: str) -> str:
    """The canonical E.164 form of a Twilio `From` value (SMS and WhatsApp map to the same person);
    a value that is not a phone number is returned as it is."""
    return canonical_number(raw) or (raw or "").strip()


def pseudonymize(raw_sender: str, key: bytes, namespace: str = "phone") -> str:
    """scrypt(HMAC-SHA-256(key, normalized sender)), hex-encoded; unlinkable without the key."""
    subject = normalize_number(raw_sender) if namespace == "phone" else raw_sender
    keyed = hmac.new(key, f"{namespace}:{subject}".encode(), hashlib.sha256).digest()
    slow = hashlib.scrypt(keyed, salt=SCRYPT_SALT, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return slow.hex()


def hash_message_sid(message_sid: str, key: bytes) -> str:
    """Keyed hash of a Twilio MessageSid, so dedupe records cannot be matched to Twilio's logs.

    No slow step: a MessageSid is 128 random bits, not a small space one could enumerate."""
    return hmac.new(key, f"sid:{message_sid}".encode(), hashlib.sha256).hexdigest()
