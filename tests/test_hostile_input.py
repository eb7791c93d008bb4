"""Odd and hostile input: always 200 with valid TwiML, every body within Twilio's 1600 characters."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import PUBLIC_BASE_URL, SENDER, sign, twilio_post, twiml_messages

ODD_BODIES = {
    "empty": "",
    "whitespace": " \n\t ",
    "max-length": "licencia " * 177 + "ok",
    "over-length": "x" * 5000,
    "emoji": "🚗🪪❓ ICE 😨",
    "right-to-left": "هل يمكنني الحصول على رخصة قيادة؟",
    "zero-width": "li\u200bcen\u200dse\u2060 in Texas",
    "nul-bytes": "lic\x00ense\x00",
    "mixed-scripts": "Licencia 驾照 giấy phép lái xe Ліцензія",
    "only-punctuation": "?!?!...",
    "markup": "<Message>injected</Message>&amp;",
    "bidi-override": "\u202eesnecil\u202c",
}


@pytest.mark.parametrize("body", ODD_BODIES.values(), ids=ODD_BODIES.keys())
def test_odd_bodies_get_valid_twiml(client, body):
    response = twilio_post(client, body)
    assert response.status_code == 200
    bodies = twiml_messages(response)
    assert bodies and all(0 < len(b) <= 1600 for b in bodies)


def test_markup_in_the_body_cannot_inject_twiml(client):
    response = twilio_post(client, "</Message><Redirect>https://evil.example</Redirect>")
    assert b"<Redirect>" not in response.data


def test_invalid_utf8_percent_encoding_is_answered(client):
    # Werkzeug keeps an undecodable escape as the literal text "%FF%FE"; the signature covers that.
    params = {"MessageSid": "SM" + uuid.uuid4().hex, "From": SENDER, "To": "+12025550100", "NumMedia": "0",
              "Body": "%FF%FE"}
    signature = sign(PUBLIC_BASE_URL + "/twilio/messages", params)
    raw = f"MessageSid={params['MessageSid']}&From=%2B12025550123&To=%2B12025550100&NumMedia=0&Body=%FF%FE"
    response = client.post("/twilio/messages", data=raw, content_type="application/x-www-form-urlencoded",
                           headers={"X-Twilio-Signature": signature})
    assert response.status_code == 200
    assert twiml_messages(response)


def test_oversized_request_is_refused_before_anything_runs(client):
    response = twilio_post(client, "a" * (70 * 1024))
    assert response.status_code in (403, 413)


def test_unknown_fields_are_ignored(client):
    response = twilio_post(client, "hello", extra={"BrandNewTwilioField": "x", "FromCountry": "US", "SmsStatus": "received"})
    assert response.status_code == 200 and twiml_messages(response)


FIELD_NAMES = st.sampled_from(["Body", "From", "NumMedia", "MediaUrl0", "ProfileName", "FromCity", "Extra", "WaId"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.text(max_size=1700),
    extra=st.dictionaries(FIELD_NAMES, st.text(max_size=60), max_size=4),
    whatsapp=st.booleans(),
)
def test_any_signed_form_gets_2xx_and_parseable_twiml(client, body, extra, whatsapp):
    extra = {k: v for k, v in extra.items() if k not in ("From", "Body")}
    sender = ("whatsapp:" if whatsapp else "") + SENDER
    response = twilio_post(client, body, sender=sender, extra=extra)
    assert response.status_code == 200
    assert all(len(b) <= 1600 for b in twiml_messages(response))
