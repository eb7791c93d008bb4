"""Twilio's real protocol (issue 10): delivery receipts, WhatsApp identities, quick replies,
retries, and the Fallback URL, through signed requests against real Rasa."""

from __future__ import annotations

import threading
import uuid

import pytest

from helpline.ops.db import open_database
from helpline.privacy.identity import canonical_number
from tests.conftest import PUBLIC_BASE_URL, SENDER, make_app, sign, twilio_post, twiml_messages

OUR_NUMBER = "+12025550100"


def tables(app) -> dict[str, int]:
    """Row counts of every table that a message could write to."""
    db = open_database(app.config["DATABASE_PATH"])
    return {name: db[name].count for name in ("profiles", "processed_messages", "rate_limits", "usage_counts",
                                               "identity_links")}


def signed(client, path: str, params: dict):
    """POST `params` to `path`, signed as Twilio would."""
    return client.post(path, data=params, headers={"X-Twilio-Signature": sign(PUBLIC_BASE_URL + path, params)})


RECEIPTS = [
    {"MessageStatus": "sent", "SmsStatus": "sent"},
    {"MessageStatus": "delivered", "SmsStatus": "delivered"},
    {"MessageStatus": "read", "ChannelPrefix": "whatsapp"},
    {"MessageStatus": "failed", "ErrorCode": "21610"},
    {"MessageStatus": "failed", "ErrorCode": "30008"},
    {"MessageStatus": "undelivered", "ErrorCode": "63016", "ChannelPrefix": "whatsapp"},
    {"MessageStatus": "delivered", "MessagingServiceSid": "MG" + "0" * 32},
    {"SmsStatus": "undelivered"},
]


@pytest.mark.parametrize("receipt", RECEIPTS)
@pytest.mark.parametrize("with_from", [True, False])
def test_a_delivery_receipt_sent_to_the_message_url_gets_empty_twiml_and_writes_nothing(app, client, receipt, with_from):
    params = {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": "AC" + "0" * 32, "To": SENDER,
              "ApiVersion": "2010-04-01", **receipt}
    if with_from:
        params["From"] = ("whatsapp:" if receipt.get("ChannelPrefix") else "") + OUR_NUMBER
    response = signed(client, "/twilio/messages", params)
    assert response.status_code == 200 and twiml_messages(response) == []
    assert set(tables(app).values()) == {0}


def test_a_receipt_on_the_status_route_without_deletion_configured_writes_nothing(app, client):
    params = {"MessageSid": "SM" + uuid.uuid4().hex, "MessageStatus": "delivered", "From": OUR_NUMBER, "To": SENDER}
    response = signed(client, "/twilio/status", params)
    assert response.status_code == 204 and response.data == b""
    assert set(tables(app).values()) == {0}


@pytest.mark.parametrize(("sms", "whatsapp"), [
    ("+525512345678", "whatsapp:+5215512345678"),    # Mexico: WhatsApp keeps the mobile "1"
    ("+541123456789", "whatsapp:+5491123456789"),    # Argentina: the mobile "9"
    ("+5511987654321", "whatsapp:+551187654321"),    # Brazil: with and without the ninth digit
])
def test_the_same_mobile_by_sms_and_whatsapp_shares_one_profile(app, client, sms, whatsapp):
    say = lambda text, sender: twiml_messages(twilio_post(client, text, sender=sender))  # noqa: E731
    say("I live in Texas", sms)
    assert tables(app)["profiles"] == 1
    reply = say("can I get a license?", whatsapp)
    assert "Which state" not in reply[0]  # the WhatsApp message found the SMS profile's state
    assert tables(app)["profiles"] == 1


def test_different_mexican_numbers_stay_different():
    assert canonical_number("+525512345678") != canonical_number("+525512345679")
    assert canonical_number("+15215550123") == "+15215550123"  # a US number starting 521 is left alone


def test_a_business_scoped_whatsapp_id_is_its_own_identity_never_a_phone_number(app, client):
    twiml_messages(twilio_post(client, "I live in Texas", sender="+1234"))
    reply = twiml_messages(twilio_post(client, "can I get a license?", sender="whatsapp:US.1234"))
    assert "Which state" in reply[0]  # not the +1234 profile
    assert canonical_number("whatsapp:US.1234") is None
    assert tables(app)["profiles"] == 2


def test_an_external_user_id_sent_with_a_number_links_later_id_only_messages_to_that_profile(app, client):
    user_id = "US.13491208655302741918"
    twiml_messages(twilio_post(client, "I live in Georgia", sender="whatsapp:" + SENDER, extra={"ExternalUserId": user_id}))
    assert tables(app)["identity_links"] == 1
    reply = twiml_messages(twilio_post(client, "can I get a license?", sender="whatsapp:" + user_id))
    assert "Which state" not in reply[0] and tables(app)["profiles"] == 1
    twiml_messages(twilio_post(client, "DELETE", sender="whatsapp:" + SENDER))
    assert tables(app)["identity_links"] == 0 and tables(app)["profiles"] == 0


def test_a_quick_reply_button_is_read_as_the_message(client):
    response = twilio_post(client, None, sender="whatsapp:" + SENDER,
                           extra={"ButtonText": "Agents at your door", "ButtonPayload": "7"})
    assert "do not open" in " ".join(twiml_messages(response)).lower()


def test_a_retry_gets_the_same_reply_and_only_one_set_of_side_effects(app, client):
    sid = "SM" + uuid.uuid4().hex
    first = twilio_post(client, "can I get a license in Texas?", sid=sid)
    again = twilio_post(client, "can I get a license in Texas?", sid=sid)
    assert twiml_messages(first) and again.data == first.data
    counts = tables(app)
    assert counts["processed_messages"] == 1 and counts["rate_limits"] == 1
    db = open_database(app.config["DATABASE_PATH"])
    assert db.execute("SELECT count FROM rate_limits").fetchone()[0] == 1  # counted once


def test_a_retry_that_arrives_while_the_first_is_answered_waits_for_its_reply(app):
    sid = "SM" + uuid.uuid4().hex
    results = {}

    def send(name):
        results[name] = twilio_post(app.test_client(), "does the dmv share my data with ice in Texas?", sid=sid).data

    threads = [threading.Thread(target=send, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert results["a"] == results["b"] and b"<Message>" in results["a"]


def test_after_the_window_a_duplicate_gets_empty_twiml(app, client, monkeypatch):
    from helpline.channels import reply_cache

    sid = "SM" + uuid.uuid4().hex
    monkeypatch.setattr(reply_cache, "TTL_SECONDS", 0.0)
    monkeypatch.setattr("helpline.channels.twilio.RETRY_WAIT_SECONDS", 0.1)
    assert twiml_messages(twilio_post(client, "hello", sid=sid))
    assert twiml_messages(twilio_post(client, "hello", sid=sid)) == []


def test_the_fallback_answers_from_content_alone_in_the_senders_language(tmp_path):
    # No Rasa (a closed port) and a database path that cannot be opened: the fallback needs neither.
    app = make_app(tmp_path, "http://127.0.0.1:9", "x" * 32, DATABASE_PATH="/proc/helpline-cannot-be-here.db")
    client = app.test_client()
    params = {"MessageSid": "SM" + uuid.uuid4().hex, "From": SENDER, "To": OUR_NUMBER, "Body": "la migra esta afuera ahorita"}
    spanish = twiml_messages(signed(client, "/twilio/fallback", params))
    assert "no abra la puerta" in spanish[0].lower()
    english = twiml_messages(signed(client, "/twilio/fallback", {**params, "Body": "ICE agents are outside my door right now"}))
    assert "do not open" in english[0].lower()
    stop = twiml_messages(signed(client, "/twilio/fallback", {**params, "Body": "STOP"}))
    assert "could not record" in stop[0]


def test_the_fallback_refuses_unsigned_requests(app, client):
    response = client.post("/twilio/fallback", data={"MessageSid": "SM" + "0" * 32, "Body": "hi"})
    assert response.status_code == 403
