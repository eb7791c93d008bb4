"""Talk to the Rasa server through the helpline channel (bot/helpline_bot/channel.py)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import requests

logger = logging.getLogger(__name__)

CHANNEL_PATH = "/webhooks/helpline"


class RasaUnavailable(RuntimeError):
    """Rasa could not be reached, timed out, or answered something unusable."""


@dataclass
class BotTurn:
    """What Rasa understood and decided for one user message."""

    payloads: list[dict] = field(default_factory=list)
    intent: str | None = None
    confidence: float | None = None
    state: str | None = None
    topic: str | None = None


class RasaClient:
    """A small HTTP client with one keep-alive session (batch `flask ask` reuses it)."""

    def __init__(self, base_url: str, token: str, timeout: float) -> None:
        self.base_url = base_url.rstrip("/") + CHANNEL_PATH
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def send_message(self, sender: str, text: str, metadata: dict) -> BotTurn:
        """Send one message; raise RasaUnavailable on any failure."""
        try:
            response = self.session.post(
                f"{self.base_url}/webhook",
                json={"sender": sender, "message": text, "metadata": metadata},
                timeout=self.timeout,
            )
            response.raise_for_status()
            data = response.json()
        except (requests.RequestException, ValueError) as exc:
            # The exception text can carry the URL, never the message: log its type only.
            raise RasaUnavailable(type(exc).__name__) from None
        if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
            raise RasaUnavailable("unexpected response shape")
        return BotTurn(
            payloads=[p for p in data["messages"] if isinstance(p, dict)],
            intent=data.get("intent") if isinstance(data.get("intent"), str) else None,
            confidence=data.get("confidence") if isinstance(data.get("confidence"), (int, float)) else None,
            state=_clean_state(data.get("state")),
            topic=data.get("topic") if isinstance(data.get("topic"), str) else None,
        )

    def forget_conversation(self, sender: str) -> bool:
        """Erase the sender's conversation in Rasa; False if Rasa could not be reached."""
        try:
            response = self.session.delete(f"{self.base_url}/conversations/{sender}", timeout=self.timeout)
            return response.ok
        except requests.RequestException:
            return False

    def purge_expired(self) -> int | None:
        """Ask Rasa to drop conversations past their time-to-live; None if unreachable."""
        try:
            response = self.session.post(f"{self.base_url}/purge", timeout=self.timeout)
            return int(response.json().get("erased", 0)) if response.ok else None
        except (requests.RequestException, ValueError):
            return None

    def check_ready(self) -> bool:
        """True when Rasa answers and has a model loaded."""
        try:
            response = self.session.get(f"{self.base_url}/", timeout=min(self.timeout, 2.0))
            return response.ok and bool(response.json().get("model_ready"))
        except (requests.RequestException, ValueError):
            return False


def _clean_state(value: object) -> str | None:
    """Rasa fills an unset slot into payloads as "None"; normalize to a code or None."""
    if isinstance(value, str) and len(value) == 2 and value.isalpha():
        return value.upper()
    return None
