"""ExpiringTrackerStore forgets idle conversations and can erase one on request."""

from __future__ import annotations

import asyncio

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from helpline_bot.tracker_store import ExpiringTrackerStore


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_store(clock: Clock, ttl: float = 60) -> ExpiringTrackerStore:
    domain = Domain.from_dict({"slots": {"state": {"type": "text", "mappings": [{"type": "custom"}]}}})
    return ExpiringTrackerStore(domain, ttl_seconds=ttl, clock=clock)


def save(store: ExpiringTrackerStore, sender: str, text: str) -> None:
    tracker = DialogueStateTracker.from_events(sender, [UserUttered(text), SlotSet("state", "TX")])
    asyncio.run(store.save(tracker))


def test_tracker_is_kept_within_the_ttl():
    clock = Clock()
    store = make_store(clock)
    save(store, "a", "canary text")
    clock.now += 59
    assert asyncio.run(store.retrieve("a")) is not None


def test_tracker_is_erased_after_the_ttl():
    clock = Clock()
    store = make_store(clock)
    save(store, "a", "canary text")
    clock.now += 61
    assert asyncio.run(store.retrieve("a")) is None
    assert "a" not in store.store


def test_purge_erases_only_expired_conversations():
    clock = Clock()
    store = make_store(clock)
    save(store, "old", "x")
    clock.now += 50
    save(store, "new", "y")
    clock.now += 20
    assert store.purge_expired() == 1
    assert set(store.store) == {"new"}


def test_delete_erases_one_conversation():
    clock = Clock()
    store = make_store(clock)
    save(store, "a", "x")
    save(store, "b", "y")
    assert store.delete("a") is True
    assert store.delete("a") is False
    assert set(store.store) == {"b"}


def test_new_message_resets_the_idle_clock():
    clock = Clock()
    store = make_store(clock)
    save(store, "a", "x")
    clock.now += 50
    save(store, "a", "y")
    clock.now += 50
    assert asyncio.run(store.retrieve("a")) is not None


def test_the_last_turn_is_read_without_rebuilding_the_tracker_and_erased_with_it():
    clock = Clock()
    store = make_store(clock)
    tracker = DialogueStateTracker.from_events("a", [UserUttered("x", parse_data={"intent": {"name": "greet", "confidence": 0.9}}),
                                                     SlotSet("state", "TX")])
    asyncio.run(store.save(tracker))
    assert store.last_turn("a") == {"intent": "greet", "confidence": 0.9, "state": "TX", "topic": None}
    assert store.delete("a") and store.last_turn("a") is None
    asyncio.run(store.save(tracker))
    clock.now += 61
    assert store.last_turn("a") is None and "a" not in store.store
