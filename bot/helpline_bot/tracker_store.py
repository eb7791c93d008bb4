"""An in-memory tracker store that forgets a conversation after a period of inactivity.

Conversations hold message text, so they never touch disk and live only as long as a live
dialogue needs them (default 24 h without a message). Configure in endpoints.yml:

    tracker_store:
      type: helpline_bot.tracker_store.ExpiringTrackerStore
      ttl_seconds: 86400
"""

from __future__ import annotations

import time
from typing import Any, Callable, Dict, Iterable, Optional, Text

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

DEFAULT_TTL_SECONDS = 24 * 3600
# Sweeping every stored conversation on each save would be wasted work; once a minute is plenty.
SWEEP_INTERVAL_SECONDS = 60


class ExpiringTrackerStore(InMemoryTrackerStore):
    """Keeps trackers in memory and drops those idle longer than `ttl_seconds`."""

    def __init__(
        self,
        domain: Domain,
        host: Optional[Text] = None,
        event_broker: Optional[EventBroker] = None,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        **kwargs: Any,
    ) -> None:
        super().__init__(domain, event_broker, **kwargs)
        self.ttl_seconds = float(ttl_seconds)
        self._clock = clock
        self._last_active: Dict[Text, float] = {}
        self._last_turns: Dict[Text, Dict[Text, Any]] = {}
        self._last_sweep = clock()

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the tracker and note when this conversation was last active, and what its last
        turn understood."""
        await super().save(tracker)
        now = self._clock()
        self._last_active[tracker.sender_id] = now
        parse = tracker.latest_message.parse_data if tracker.latest_message else {}
        intent = parse.get("intent") or {}
        # The channel reports these after every turn; rebuilding the tracker from its events to
        # read them again costs more with every message of the conversation.
        self._last_turns[tracker.sender_id] = {
            "intent": intent.get("name"), "confidence": intent.get("confidence"),
            "state": tracker.get_slot("state"), "topic": tracker.get_slot("topic"),
        }
        if now - self._last_sweep >= SWEEP_INTERVAL_SECONDS:
            self.purge_expired()

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """Return the tracker unless it has expired (then it is erased first)."""
        if self._is_expired(sender_id):
            self.delete(sender_id)
        return await super().retrieve(sender_id)

    async def retrieve_full_tracker(self, conversation_id: Text) -> Optional[DialogueStateTracker]:
        """Same as `retrieve`: expired conversations are gone for every reader."""
        if self._is_expired(conversation_id):
            self.delete(conversation_id)
        return await super().retrieve_full_tracker(conversation_id)

    def last_turn(self, sender_id: Text) -> Optional[Dict[Text, Any]]:
        """What the conversation's last saved turn understood (intent, confidence, state and
        topic slots), or None when there is no live conversation."""
        if self._is_expired(sender_id):
            self.delete(sender_id)
        return self._last_turns.get(sender_id) if sender_id in self.store else None

    async def exists(self, conversation_id: Text) -> bool:
        """Whether a live conversation exists, without deserializing it."""
        if self._is_expired(conversation_id):
            self.delete(conversation_id)
        return conversation_id in self.store

    async def keys(self) -> Iterable[Text]:
        """List live conversation ids."""
        self.purge_expired()
        return list(self.store.keys())

    def delete(self, sender_id: Text) -> bool:
        """Erase one conversation; return whether there was one."""
        self._last_active.pop(sender_id, None)
        self._last_turns.pop(sender_id, None)
        return self.store.pop(sender_id, None) is not None

    def purge_expired(self) -> int:
        """Erase every conversation idle longer than the TTL; return how many were erased."""
        self._last_sweep = self._clock()
        expired = [sender for sender in list(self.store) if self._is_expired(sender)]
        for sender in expired:
            self.delete(sender)
        return len(expired)

    def _is_expired(self, sender_id: Text) -> bool:
        last = self._last_active.get(sender_id)
        return last is not None and self._clock() - last > self.ttl_seconds
