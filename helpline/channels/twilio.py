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

from helpline.channels.dedupe import claim_message
from helpline.channels.fallback import answer_without_state
from helpline.channels.reply_cache import shared_cache
from helpline.channels.sms import xml_safe
from helpline.dialogue.pipeline import handle_message
from helpline.ops.db import get_db
from helpline.privacy.identity import WHATSAPP_PREFIX, Sender, identify_sender, message_text
from helpline.privacy.profiles import link_alias, linked_pseudonym
from helpline.privacy.pseudonym import hash_message_sid, pseudonymize
from helpline.registries.languages import default_language
from helpline.rendering.wording import RenderContext, unavailable_text

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
FINAL_STATUSES = {"delivered", "read", "failed", "undelivered"}
# How long a retry that arrives while the first delivery is still being answered waits for it.
RETRY_WAIT_SECONDS = 8.0


def is_status_callback(form) -> bool:
    """A delivery receipt (MessageStatus/SmsStatus, no Body, no media), not a message."""
    has_status = "MessageStatus" in form or "SmsStatus" in form
    return has_status and "Body" not in form and form.get("NumMedia") in (None, "", "0")


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
    # Receipts pointed here by mistake come first: nothing about them may create a row.
    if is_status_callback(form) or not is_genuine_message(form, current_app.config.get("TWILIO_ACCOUNT_SID")):
        return _twiml([])
    sid = form["MessageSid"]
    services = current_app.extensions["helpline"]
    sid_hash = hash_message_sid(sid, services.secret_key)
    cache = shared_cache()
    try:
        if not _claim(sid_hash):
            # A retry or a replay: the same reply if we have it (no second set of side effects).
            cached = cache.wait_for(sid_hash, RETRY_WAIT_SECONDS)
            return Response(cached, mimetype="application/xml") if cached else _twiml([])
        sender = identify_sender(form)
        if sender is None:
            return _twiml([])
        channel = "whatsapp" if form["From"].lower().startswith(WHATSAPP_PREFIX) else "sms"
        has_media = _media_count(form.get("NumMedia")) > 0
        reply = handle_message(resolve_pseudonym(sender, services.secret_key), message_text(form), channel, has_media)
        status_url = _status_url(sid) if services.twilio_cleaner is not None else None
        if services.twilio_cleaner is not None and not reply.bodies:
            # No reply, so no delivery receipt will come: delete the inbound record on a timer.
            services.twilio_cleaner.schedule(sid, form["From"], form.get("To", ""))
        response = _twiml(reply.bodies, status_url)
        cache.put(sid_hash, response.get_data(as_text=True))
        return response
    except Exception as exc:  # noqa: BLE001 - Twilio must still get TwiML; the type is logged, no content
        logger.error("webhook failed: %s", type(exc).__name__)
        ctx = RenderContext(default_language(), "sms", services.content, str(current_app.config["LOCALES_DIR"]))
        return _twiml([unavailable_text(ctx)])


@bp.post("/status")
def receive_status() -> Response:
    """Delivery receipts for our replies: on a final status, delete the reply and the message it
    answered at Twilio. Nothing is queued or stored; the receipt gets an empty 204."""
    services = current_app.extensions["helpline"]
    form = request.form
    status = (form.get("MessageStatus") or form.get("SmsStatus") or "").lower()
    cleaner = services.twilio_cleaner
    if cleaner is not None and status in FINAL_STATUSES and MESSAGE_SID.match(form.get("MessageSid", "")):
        inbound = request.args.get("inbound", "")
        sids = [form["MessageSid"]] + ([inbound] if MESSAGE_SID.match(inbound) else [])
        if not cleaner.delete_now(sids):
            logger.warning("twilio deletion after a receipt failed; Twilio's retention applies")
    return Response(status=204)


@bp.post("/fallback")
def answer_fallback() -> Response:
    """Twilio's Fallback URL: when the main webhook failed, answer at once from content alone (no
    database, no Rasa, no dedupe), in the language the message is written in."""
    form = request.form
    if is_status_callback(form) or not MESSAGE_SID.match(form.get("MessageSid", "")):
        return _twiml([])
    channel = "whatsapp" if (form.get("From") or "").lower().startswith(WHATSAPP_PREFIX) else "sms"
    return _twiml(answer_without_state(message_text(form) or "", channel))


def resolve_pseudonym(sender: Sender, key: bytes) -> str:
    """The profile's pseudonym: the phone number's (linking an ExternalUserId seen with it), or a
    WhatsApp user id's own, or the phone pseudonym it was linked to."""
    if sender.namespace == "phone":
        pseudonym = pseudonymize(sender.subject, key)
        if sender.alias:
            _store(lambda db: link_alias(db, pseudonymize(sender.alias, key, namespace="wa-user"), pseudonym), "identity links")
        return pseudonym
    alias = pseudonymize(sender.subject, key, namespace="wa-user")
    return _store(lambda db: linked_pseudonym(db, alias), "identity links") or alias


def _status_url(inbound_sid: str) -> str:
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return f"{base}/twilio/status?inbound={inbound_sid}"


def _store(action, what: str, default=None):
    """Run a database action; when the database is unusable, log its type only and go on."""
    try:
        return action(get_db())
    except (sqlite3.Error, OSError) as exc:
        logger.error("%s unavailable (%s): answering without it", what, type(exc).__name__)
        return default


def _claim(sid_hash: str) -> bool:
    """Record the message id; if the database is unusable, answer anyway (a rare duplicate reply
    beats silence)."""
    return _store(lambda db: claim_message(db, sid_hash, dt.datetime.now(dt.timezone.utc)), "dedupe", True)


def _media_count(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _twiml(bodies: list[str], status_url: str | None = None) -> Response:
    response = MessagingResponse()
    for body in bodies:
        # `action` is the reply's status callback: its final receipt triggers deletion at Twilio.
        response.message(xml_safe(body), **({"action": status_url} if status_url else {}))
    return Response(str(response), mimetype="application/xml")
