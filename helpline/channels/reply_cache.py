"""The TwiML of recent replies, in memory only, so a Twilio retry gets the same answer.

Twilio retries a webhook it thinks failed (read timeouts, connection overrides); dedupe makes sure
the retry has no side effects, and this cache makes sure it still gets the reply. Entries live a few
minutes in an anonymous shared memory map (never a file): gunicorn's master creates it before
forking (deploy/gunicorn.conf.py), so every worker sees the replies of the others. Without gunicorn
the map is simply per process. It is direct-mapped: a rare collision forgets an entry early.
"""

from __future__ import annotations

import hashlib
import mmap
import multiprocessing
import struct
import time

SLOTS = 256
SLOT_BYTES = 32 * 1024  # three 1,600-character bodies in any script, with TwiML around them
HEADER = struct.Struct("<32sdI")  # key digest, expiry (epoch seconds), payload length
TTL_SECONDS = 180.0


class ReplyCache:
    """Fixed-size slots in one shared anonymous mapping, guarded by one cross-process lock."""

    def __init__(self, slots: int = SLOTS) -> None:
        self.slots = slots
        self.memory = mmap.mmap(-1, slots * SLOT_BYTES)  # anonymous: MAP_SHARED, no file behind it
        self.lock = multiprocessing.get_context("fork").Lock()

    def _slot(self, key: str) -> tuple[bytes, int]:
        digest = hashlib.sha256(key.encode()).digest()
        return digest, (int.from_bytes(digest[:4], "little") % self.slots) * SLOT_BYTES

    def put(self, key: str, twiml: str, ttl: float | None = None) -> None:
        """Remember a reply for `ttl` seconds (default TTL_SECONDS); skipped when it does not fit."""
        ttl = TTL_SECONDS if ttl is None else ttl
        digest, offset = self._slot(key)
        payload = twiml.encode()
        if HEADER.size + len(payload) > SLOT_BYTES:
            return
        with self.lock:
            self.memory[offset:offset + HEADER.size] = HEADER.pack(digest, time.time() + ttl, len(payload))
            self.memory[offset + HEADER.size:offset + HEADER.size + len(payload)] = payload

    def get(self, key: str) -> str | None:
        """The reply remembered for this key, if it has not expired."""
        digest, offset = self._slot(key)
        with self.lock:
            stored, expires, length = HEADER.unpack(self.memory[offset:offset + HEADER.size])
            if stored != digest or expires < time.time():
                return None
            return self.memory[offset + HEADER.size:offset + HEADER.size + length].decode()

    def wait_for(self, key: str, timeout: float, interval: float = 0.05) -> str | None:
        """The reply for a message another request is still answering, waiting up to `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.get(key)
            if found is not None or time.monotonic() >= deadline:
                return found
            time.sleep(interval)


_shared: ReplyCache | None = None


def shared_cache() -> ReplyCache:
    """The process's cache: the one gunicorn's master made before forking, else a new one."""
    global _shared
    if _shared is None:
        _shared = ReplyCache()
    return _shared
