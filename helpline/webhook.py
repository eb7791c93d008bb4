"""POST /twilio/messages: the webhook a Twilio number (SMS or WhatsApp) calls for each message.

Auth policy: every request must carry a valid X-Twilio-Signature for PUBLIC_BASE_URL + path,
checked before anything else; otherwise 403 and no side effect. No setting skips the check.

Twilio's form (fields we read): MessageSid, From ("+1555..." or "whatsapp:+1555..."), Body,
NumMedia, AccountSid. A request whose MessageSid/SmsSid is not Twilio's exact form, or whose
AccountSid is not the configured account, gets empty TwiML and no side effect: Twilio's signature
joins names and values without separators, so a captured request can be re-signed-valid with a
field boundary moved ("MessageSid=SM...NumMedia0"), and only the strict form refuses it. Everything else (FromCity, FromZip, ProfileName, WaId, new fields) is ignored and
never stored or logged. An authentic request always gets valid TwiML, even when we fail.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sqlite3

from flask import Blueprint, Response, abort, current_app, request
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from helpline.db import get_db
from helpline.dedupe import claim_message
from helpline.pipeline import handle_message
from helpline.pseudonym import WHATSAPP_PREFIX, hash_message_sid, pseudonymize
from helpline.render import RenderContext, unavailable_text
from helpline.sms import xml_safe

logger = logging.getLogger(__name__)

bp = Blueprint("twilio", __name__, url_prefix="/twilio")


@bp.before_request
def verify_twilio_signature() -> None:
    """Reject anything Twilio did not sign, before any other code runs."""
    token = current_app.config.get("TWILIO_AUTH_TOKEN")
    base = current_app.config.get("PUBLIC_BASE_URL")
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not base or not signature:
        abort(403)
    url = base.rstrip("/") + request.full_path.rstrip("?")
    if not RequestValidator(token).validate(url, request.form, signature):
        abort(403)


MESSAGE_SID = re.compile(r"^(SM|MM)[0-9a-f]{32}$")


def is_genuine_message(form, account_sid: str | None) -> bool:
    """True when the ids have Twilio's exact form and the message is for our account."""
    sid, sms_sid = form.get("MessageSid", ""), form.get("SmsSid")
    if not MESSAGE_SID.match(sid) or (sms_sid is not None and sms_sid != sid):
        return False
    if account_sid and form.get("AccountSid") != account_sid:
        return False
    return bool(form.get("From"))


@bp.post("/messages")
def receive_message() -> Response:
    """Answer one inbound message with TwiML."""
    form = request.form
    if not is_genuine_message(form, current_app.config.get("TWILIO_ACCOUNT_SID")):
        return _twiml([])
    sender, sid = form["From"], form["MessageSid"]
    services = current_app.extensions["helpline"]
    try:
        if not _claim(hash_message_sid(sid, services.secret_key)):
            return _twiml([])  # a retry or replay of a message already answered
        channel = "whatsapp" if sender.lower().startswith(WHATSAPP_PREFIX) else "sms"
        has_media = _media_count(form.get("NumMedia")) > 0
        reply = handle_message(pseudonymize(sender, services.secret_key), form.get("Body"), channel, has_media)
        if services.twilio_cleaner is not None:
            services.twilio_cleaner.schedule(sid, sender, form.get("To", ""))
        return _twiml(reply.bodies)
    except Exception as exc:  # noqa: BLE001 - Twilio must still get TwiML; the type is logged, no content
        logger.error("webhook failed: %s", type(exc).__name__)
        ctx = RenderContext("en", "sms", services.content, str(current_app.config["LOCALES_DIR"]))
        return _twiml([unavailable_text(ctx)])


def _claim(sid_hash: str) -> bool:
    """Record the message id; if the database is unusable, answer anyway (a rare duplicate reply
    beats silence)."""
    try:
        return claim_message(get_db(), sid_hash, dt.datetime.now(dt.timezone.utc))
    except (sqlite3.Error, OSError) as exc:
        logger.error("dedupe unavailable (%s): answering without it", type(exc).__name__)
        return True


def _media_count(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _twiml(bodies: list[str]) -> Response:
    response = MessagingResponse()
    for body in bodies:
        response.message(xml_safe(body))
    return Response(str(response), mimetype="application/xml")
