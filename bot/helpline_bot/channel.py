"""The input channel the web app talks to: one HTTP call per user message.

POST /webhooks/helpline/webhook  {"sender": pseudonym, "message": text, "metadata": {...}}
  -> {"messages": [custom payloads], "intent": ..., "confidence": ..., "state": ..., "topic": ...}
GET  /webhooks/helpline/          -> {"status": "ok", "model_ready": bool, "tracker_store": name}
DELETE /webhooks/helpline/conversations/<sender>  -> erases that conversation
POST /webhooks/helpline/purge     -> erases conversations past their time-to-live
POST /webhooks/helpline/parse     {"message": text} -> {"intent": ..., "confidence": ...}, no conversation

Only the app's own shortcuts may arrive as "/intent": the app sets metadata["shortcut"] to the
intent, and the text must be exactly "/<that intent>" with no entities. Any other text starting
with "/" is stripped of its slashes, so Rasa's "/intent{json}" syntax can never be driven by a user.

Every endpoint needs `Authorization: Bearer <HELPLINE_RASA_TOKEN>`. Unlike Rasa's REST channel,
nothing here logs message text, even on failure.
"""

from __future__ import annotations

import hmac
import logging
import re
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.shared.core.events import SlotSet
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from helpline_bot.states import load_gazetteer

logger = logging.getLogger(__name__)

SHORTCUT_TEXT = re.compile(r"^/([a-z_]{1,40})$")


def safe_text(text: Text, metadata: Dict[Text, Any]) -> Text:
    """The text Rasa may see: an app shortcut as is, anything else never starting with "/"."""
    match = SHORTCUT_TEXT.match(text)
    if match and metadata.get("shortcut") == match.group(1):
        return text
    while text.lstrip().startswith("/"):
        text = text.lstrip().lstrip("/")
    return text


def known_code(value: Any) -> Optional[Text]:
    """A state code the gazetteer knows, upper-cased; None for anything else."""
    if not isinstance(value, str) or len(value) != 2:
        return None
    code = value.upper()
    return code if code in load_gazetteer()[2] else None

class HelplineInput(InputChannel):
    """Authenticated JSON channel returning bot payloads plus what the bot understood."""

    def __init__(self, token: Text) -> None:
        self.token = token

    @classmethod
    def name(cls) -> Text:
        """URL prefix: /webhooks/helpline/."""
        return "helpline"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "HelplineInput":
        """Read the shared token from credentials.yml (filled from HELPLINE_RASA_TOKEN)."""
        token = (credentials or {}).get("token") or ""
        if len(token) < 16 or token.startswith("${"):
            raise ValueError("HELPLINE_RASA_TOKEN must be set (16+ characters) to run the helpline channel.")
        return cls(token)

    def _authorized(self, request: Request) -> bool:
        header = request.headers.get("Authorization", "")
        return hmac.compare_digest(header.encode(), f"Bearer {self.token}".encode())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """Register the channel's routes."""
        bp = Blueprint("helpline_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            if not self._authorized(request):
                return response.json({"error": "unauthorized"}, status=401)
            agent = request.app.ctx.agent
            return response.json(
                {
                    "status": "ok",
                    "model_ready": bool(agent and agent.is_ready()),
                    "tracker_store": type(_inner_store(agent)).__name__,
                }
            )

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self._authorized(request):
                return response.json({"error": "unauthorized"}, status=401)
            body = request.json if isinstance(request.json, dict) else {}
            sender, text = body.get("sender"), body.get("message")
            if not isinstance(sender, str) or not sender or not isinstance(text, str):
                return response.json({"error": "sender and message are required"}, status=400)
            metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
            text = safe_text(text, metadata)
            agent = request.app.ctx.agent
            await _prepare_conversation(agent, sender, metadata)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata)
                )
            except Exception:  # noqa: BLE001 - report the failure without the text
                logger.exception("helpline channel: message handling failed")
                return response.json({"error": "processing failed"}, status=500)
            return response.json(await _describe_turn(agent, sender, collector.messages))

        @bp.route("/parse", methods=["POST"])
        async def parse(request: Request) -> HTTPResponse:
            if not self._authorized(request):
                return response.json({"error": "unauthorized"}, status=401)
            body = request.json if isinstance(request.json, dict) else {}
            text = body.get("message")
            if not isinstance(text, str):
                return response.json({"error": "message is required"}, status=400)
            result = await request.app.ctx.agent.parse_message(safe_text(text, {}))
            intent = result.get("intent") or {}
            return response.json({"intent": intent.get("name"), "confidence": intent.get("confidence")})

        @bp.route("/conversations/<sender>", methods=["DELETE"])
        async def forget(request: Request, sender: Text) -> HTTPResponse:
            if not self._authorized(request):
                return response.json({"error": "unauthorized"}, status=401)
            store = _inner_store(request.app.ctx.agent)
            erased = store.delete(sender) if hasattr(store, "delete") else False
            return response.json({"erased": bool(erased)})

        @bp.route("/purge", methods=["POST"])
        async def purge(request: Request) -> HTTPResponse:
            if not self._authorized(request):
                return response.json({"error": "unauthorized"}, status=401)
            store = _inner_store(request.app.ctx.agent)
            erased = store.purge_expired() if hasattr(store, "purge_expired") else 0
            return response.json({"erased": erased})

        return bp


def _inner_store(agent: Any) -> Any:
    """Rasa wraps the configured tracker store in a FailSafeTrackerStore; return the real one."""
    store = getattr(agent, "tracker_store", None)
    return getattr(store, "_tracker_store", store)


async def _prepare_conversation(agent: Any, sender: Text, metadata: Dict[Text, Any]) -> None:
    """Seed the state the app remembers into a new conversation. (Whether the last reply asked
    "which state?" arrives as metadata["expecting_state"] from the app, which saves a tracker read.)"""
    remembered = known_code(metadata.get("state"))
    if remembered is None:
        return
    store = _inner_store(agent)
    if await store.exists(sender):
        return
    tracker = await agent.tracker_store.get_or_create_tracker(sender)
    tracker.update(SlotSet("state", remembered))
    await agent.tracker_store.save(tracker)


async def _describe_turn(agent: Any, sender: Text, messages: list) -> Dict[Text, Any]:
    """Collect the bot's payloads and what it understood from the user's message."""
    store = _inner_store(agent)
    turn = store.last_turn(sender) if hasattr(store, "last_turn") else None
    if turn is None:  # another tracker store: read the conversation back
        tracker = await agent.tracker_store.retrieve(sender)
        parse = tracker.latest_message.parse_data if tracker and tracker.latest_message else {}
        intent = parse.get("intent") or {}
        turn = {"intent": intent.get("name"), "confidence": intent.get("confidence"),
                "state": tracker.get_slot("state") if tracker else None,
                "topic": tracker.get_slot("topic") if tracker else None}
    return {
        "messages": [m.get("custom") for m in messages if isinstance(m.get("custom"), dict)],
        "intent": turn["intent"],
        "confidence": turn["confidence"],
        "state": known_code(turn["state"]),
        "topic": turn["topic"],
    }
