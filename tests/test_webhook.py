"""The Twilio webhook: signatures, TwiML, WhatsApp, duplicates, empty and media-only messages."""

from __future__ import annotations

import sqlite_utils

from tests.conftest import PUBLIC_BASE_URL, SENDER, sign, twilio_post, twiml_messages


def stored_rows(app) -> dict[str, int]:
    """Row counts of every table in the app's database (the file may not exist yet)."""
    db = sqlite_utils.Database(app.config["DATABASE_PATH"])
    return {name: db[name].count for name in db.table_names()}


def test_signed_request_gets_an_answer_in_twiml(client):
    response = twilio_post(client, "can I get a drivers license in California?")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    bodies = twiml_messages(response)
    assert bodies and "California" in bodies[0]


def test_missing_signature_is_rejected_and_nothing_is_stored(client, app):
    response = twilio_post(client, "hello", signature="")
    assert response.status_code == 403
    assert sum(stored_rows(app).values()) == 0


def test_invalid_signature_is_rejected(client, app):
    response = twilio_post(client, "hello", signature="bm90IGEgc2lnbmF0dXJl")
    assert response.status_code == 403
    assert sum(stored_rows(app).values()) == 0


def test_changed_parameter_invalidates_the_signature(client, app):
    params = {"MessageSid": "SM" + "1" * 32, "From": SENDER, "To": "+12025550100", "Body": "hello", "NumMedia": "0"}
    signature = sign(PUBLIC_BASE_URL + "/twilio/messages", params)
    tampered = {**params, "Body": "delete"}
    response = client.post("/twilio/messages", data=tampered, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 403
    assert sum(stored_rows(app).values()) == 0


def test_signature_for_another_url_is_rejected(client, app):
    params = {"MessageSid": "SM" + "2" * 32, "From": SENDER, "To": "+12025550100", "Body": "hello", "NumMedia": "0"}
    signature = sign("https://attacker.example.com/twilio/messages", params)
    response = client.post("/twilio/messages", data=params, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 403
    assert sum(stored_rows(app).values()) == 0


def test_signature_check_fails_closed_without_an_auth_token(tmp_path, rasa_server):
    from tests.conftest import make_app

    app = make_app(tmp_path, rasa_server.url, rasa_server.token, TWILIO_AUTH_TOKEN=None)
    response = twilio_post(app.test_client(), "hello")
    assert response.status_code == 403


def test_whatsapp_sender_is_answered_through_the_same_pipeline(client):
    response = twilio_post(client, "hola", sender="whatsapp:" + SENDER, extra={"WaId": SENDER[1:], "ProfileName": "Test"})
    assert response.status_code == 200
    bodies = twiml_messages(response)
    assert bodies and "Hola" in bodies[0]


def test_sms_and_whatsapp_from_one_number_share_a_profile(client):
    twilio_post(client, "english please")
    twilio_post(client, "I live in Texas", sender="whatsapp:" + SENDER)
    bodies = twiml_messages(twilio_post(client, "can I get a license?"))
    assert "Texas" in bodies[0]


def test_duplicate_message_sid_is_processed_once_and_gets_the_same_reply(client):
    first = twilio_post(client, "hello", sid="SM" + "d" * 32)
    second = twilio_post(client, "hello", sid="SM" + "d" * 32)
    assert twiml_messages(first)
    assert second.data == first.data


def test_empty_body_gets_the_menu(client):
    bodies = twiml_messages(twilio_post(client, ""))
    assert bodies and "1 " in bodies[0] and "empty" in bodies[0]


def test_missing_body_field_gets_the_menu(client):
    bodies = twiml_messages(twilio_post(client, None))
    assert bodies and "Reply with a number" in bodies[0]


def test_media_only_message_says_text_is_needed(client):
    extra = {"NumMedia": "1", "MediaUrl0": "https://api.twilio.com/media/ME123", "MediaContentType0": "image/jpeg"}
    bodies = twiml_messages(twilio_post(client, "", extra=extra))
    assert bodies and "only read text" in bodies[0]


def test_rasa_down_still_gets_apology_menu_and_emergency_line(offline_app):
    response = twilio_post(offline_app.test_client(), "what are my rights?")
    assert response.status_code == 200
    body = twiml_messages(response)[0]
    assert "trouble" in body and "do not open" in body and "Reply with a number" in body


def test_carrier_location_fields_are_ignored_and_never_stored(client, app):
    extra = {"FromCity": "SPRINGFIELD", "FromZip": "62701", "FromState": "IL", "ProfileName": "Maria"}
    twilio_post(client, "hello", extra=extra)
    raw = open(app.config["DATABASE_PATH"], "rb").read()
    for value in (b"SPRINGFIELD", b"62701", b"Maria", SENDER.encode(), SENDER[2:].encode()):
        assert value not in raw
