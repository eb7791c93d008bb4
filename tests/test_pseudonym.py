"""Sender pseudonyms."""

from __future__ import annotations

import hashlib

from helpline.privacy.pseudonym import (
    SCRYPT_N,
    SCRYPT_P,
    SCRYPT_R,
    SCRYPT_SALT,
    hash_message_sid,
    normalize_number,
    pseudonymize,
)

KEY = bytes.fromhex("a1" * 32)


def test_whatsapp_and_sms_senders_normalize_to_the_same_number():
    assert normalize_number("whatsapp:+12025550123") == normalize_number("+12025550123") == "+12025550123"


def test_bare_ten_digit_us_number_gets_country_code():
    assert normalize_number("(202) 555-0123") == "+12025550123"


def test_pseudonym_is_stable_and_depends_on_the_key():
    a = pseudonymize("+12025550123", KEY)
    assert a == pseudonymize("whatsapp:+12025550123", KEY)
    assert a != pseudonymize("+12025550123", bytes.fromhex("b2" * 32))
    assert a != pseudonymize("+12025550124", KEY)


def test_pseudonym_is_not_an_unkeyed_hash_of_the_number():
    pseudonym = pseudonymize("+12025550123", KEY)
    for form in ("+12025550123", "12025550123", "2025550123"):
        assert pseudonym != hashlib.sha256(form.encode()).hexdigest()
        assert form not in pseudonym


def test_message_sid_hash_hides_the_sid():
    sid = "SM" + "f" * 32
    assert sid not in hash_message_sid(sid, KEY) and len(hash_message_sid(sid, KEY)) == 64


def test_pseudonym_has_a_slow_step_after_the_hmac():
    import hmac

    keyed = hmac.new(KEY, b"phone:+12025550123", hashlib.sha256)
    assert pseudonymize("+12025550123", KEY) != keyed.hexdigest()
    slow = hashlib.scrypt(keyed.digest(), salt=SCRYPT_SALT, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    assert pseudonymize("+12025550123", KEY) == slow.hex()
    assert 128 * SCRYPT_N * SCRYPT_R >= 1024 * 1024  # memory-hard: at least 1 MiB per guess
