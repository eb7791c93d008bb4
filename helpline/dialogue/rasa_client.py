"""Talk to the Rasa server through the helpline channel (bot/helpline_bot/channel.py)."""

from __future__ import annotations

import logging
import threading
import time
from urllib.parse import quote

from helpline.dialogue.decision import Turn, decision_from_payload
from helpline.dialogue.json_http import HttpError, JsonHttp
from helpline.registries.jurisdictions import known_state

logger = logging.getLogger(__name__)

CHANNEL_PATH = "/webhooks/helpline"


class RasaUnavailable(RuntimeError):
    """Rasa could not be reached, timed out, or answered something unusable."""


class CircuitBreaker:
    """Stops calling a dead Rasa: after `threshold` failures in a row, calls fail at once until a
    background probe (or a trial call after `cooldown` seconds) finds Rasa ready again."""

    def __init__(self, threshold: int = 3, cooldown: float = 30.0, clock=time.monotonic) -> None:
        self.threshold, self.cooldown, self.clock = threshold, cooldown, clock
        self.failures = 0
        self.opened_at: float | None = None
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        """True while calls are being short-circuited."""
        return self.opened_at is not None

    def allow(self) -> bool:
        """Whether to try Rasa now (after the cooldown, one trial call goes through)."""
        with self._lock:
            if self.opened_at is None:
                return True
            if self.clock() - self.opened_at >= self.cooldown:
                self.opened_at = self.clock()  # half-open: this caller tries, the others wait again
                return True
            return False

    def record_success(self) -> None:
        """Close the circuit."""
        with self._lock:
            self.failures, self.opened_at = 0, None

    def record_failure(self) -> bool:
        """Count a failure; return True when this one opened the circuit."""
        with self._lock:
            self.failures += 1
            if self.failures >= self.threshold and self.opened_at is None:
                self.opened_at = self.clock()
                return True
            if self.opened_at is not None:
                self.opened_at = self.clock()
            return False


class RasaClient:
    """A small HTTP client with keep-alive connections (batch `flask ask` reuses them)."""

    PROBE_INTERVAL_SECONDS = 2.0

    def __init__(
        self,
        base_url: str,
        token: str,
        timeout: float,
        breaker: CircuitBreaker | None = None,
        max_inflight: int = 4,
        queue_wait: float = 0.25,
    ) -> None:
        self.base_url = base_url.rstrip("/") + CHANNEL_PATH
        self.timeout = timeout
        self.http = JsonHttp(self.base_url, {"Authorization": f"Bearer {token}"})
        self.breaker = breaker or CircuitBreaker()
        self._probe: threading.Thread | None = None
        # Load shedding: a burst beyond what Rasa can turn around gets fast keyword answers instead
        # of queueing toward Twilio's 15 s deadline.
        self._slots = threading.BoundedSemaphore(max_inflight)
        self.queue_wait = queue_wait

    def send_message(self, sender: str, text: str, metadata: dict) -> Turn:
        """Send one message; raise RasaUnavailable on any failure, while the circuit is open, or
        when too many calls are already waiting on Rasa."""
        if not self.breaker.allow():
            raise RasaUnavailable("circuit open")
        if not self._slots.acquire(timeout=self.queue_wait):
            raise RasaUnavailable("busy")  # overload is not a fault: the breaker stays closed
        try:
            turn = self._send(sender, text, metadata)
        except RasaUnavailable:
            if self.breaker.record_failure():
                self._start_probe()
            raise
        finally:
            self._slots.release()
        self.breaker.record_success()
        return turn

    def _start_probe(self) -> None:
        """Retry Rasa in the background and close the circuit as soon as it is ready."""
        if self._probe is not None and self._probe.is_alive():
            return

        def probe() -> None:
            while self.breaker.is_open:
                time.sleep(self.PROBE_INTERVAL_SECONDS)
                if self.check_ready():
                    self.breaker.record_success()
                    logger.info("rasa is back; circuit closed")

        self._probe = threading.Thread(target=probe, name="rasa-probe", daemon=True)
        self._probe.start()

    def _send(self, sender: str, text: str, metadata: dict) -> Turn:
        try:
            status, data = self.http.call("POST", "/webhook", {"sender": sender, "message": text, "metadata": metadata},
                                          min(self.timeout, 2.0), self.timeout)
        except HttpError as exc:
            # The error names its kind only, never the URL or the message.
            raise RasaUnavailable(str(exc)) from None
        if status != 200:
            raise RasaUnavailable(f"HTTP {status}")
        if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
            raise RasaUnavailable("unexpected response shape")
        return Turn(
            decisions=[decision_from_payload(p) for p in data["messages"]],
            intent=data.get("intent") if isinstance(data.get("intent"), str) else None,
            confidence=data.get("confidence") if isinstance(data.get("confidence"), (int, float)) else None,
            state=known_state(data.get("state")),
        )

    def classify(self, text: str) -> tuple[str | None, float | None]:
        """What the classifier makes of a text, without touching any conversation (used for senders
        who are opted out or over the limit, to tell an emergency). (None, None) when unreachable."""
        if not self.breaker.allow() or not self._slots.acquire(timeout=self.queue_wait):
            return None, None
        try:
            status, data = self.http.call("POST", "/parse", {"message": text}, min(self.timeout, 2.0), self.timeout)
        except HttpError:
            return None, None
        finally:
            self._slots.release()
        if status != 200:
            return None, None
        intent = data.get("intent") if isinstance(data, dict) else None
        confidence = data.get("confidence") if isinstance(data, dict) else None
        return (intent if isinstance(intent, str) else None,
                confidence if isinstance(confidence, (int, float)) else None)

    def forget_conversation(self, sender: str) -> bool:
        """Erase the sender's conversation in Rasa; False if Rasa could not be reached."""
        try:
            status, _ = self.http.call("DELETE", f"/conversations/{quote(sender, safe='')}", None, min(self.timeout, 2.0), self.timeout)
        except HttpError:
            return False
        return 200 <= status < 300

    def purge_expired(self) -> int | None:
        """Ask Rasa to drop conversations past their time-to-live; None if unreachable."""
        try:
            status, data = self.http.call("POST", "/purge", None, min(self.timeout, 2.0), self.timeout)
            return int(data.get("erased", 0)) if status == 200 and isinstance(data, dict) else None
        except (HttpError, TypeError, ValueError):
            return None

    def check_ready(self) -> bool:
        """True when Rasa answers and has a model loaded."""
        try:
            status, data = self.http.call("GET", "/", None, min(self.timeout, 2.0), min(self.timeout, 2.0))
        except HttpError:
            return False
        return status == 200 and isinstance(data, dict) and bool(data.get("model_ready"))
