"""Delete each conversation's message records from Twilio after the reply is sent.

Twilio keeps message records (numbers and bodies) for 400 days by default. When Twilio
credentials are configured, this deletes the inbound message and our replies to it through the
REST API. The numbers needed to find the replies stay in memory only, for a few minutes.
Twilio refuses to delete a message until it is final (error 20009), so deletion waits and retries.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
import time
from dataclasses import dataclass

import requests

logger = logging.getLogger(__name__)

RETRY_DELAYS_SECONDS = (60, 300, 1800)


@dataclass
class CleanupJob:
    """One inbound message whose records (and our replies) should be deleted."""

    message_sid: str
    sender: str
    helpline_number: str
    due: float
    attempt: int = 0


class TwilioCleaner:
    """A background worker deleting message records through Twilio's REST API."""

    def __init__(self, api_base: str, account_sid: str, auth_token: str, delay_seconds: float) -> None:
        self.base = f"{api_base.rstrip('/')}/2010-04-01/Accounts/{account_sid}"
        self.delay_seconds = delay_seconds
        self.session = requests.Session()
        self.session.auth = (account_sid, auth_token)
        self.jobs: queue.Queue[CleanupJob] = queue.Queue()
        self._thread = threading.Thread(target=self._work, name="twilio-cleanup", daemon=True)
        self._thread.start()

    def schedule(self, message_sid: str, sender: str, helpline_number: str) -> None:
        """Queue deletion of an inbound message and the replies to it."""
        self.jobs.put(CleanupJob(message_sid, sender, helpline_number, time.monotonic() + self.delay_seconds))

    def drain(self, timeout: float) -> bool:
        """Wait until every queued job ran (tests and shutdown); True if the queue emptied."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.jobs.unfinished_tasks == 0:
                return True
            time.sleep(0.05)
        return False

    def delete_now(self, sids: list[str]) -> bool:
        """Delete these messages at once (a final delivery receipt says they can go)."""
        return all([self._delete(sid) for sid in sids])

    def delete_conversation(self, job: CleanupJob) -> bool:
        """Delete the inbound message and today's replies to the sender; True when all are gone."""
        done = self._delete(job.message_sid)
        today = dt.datetime.now(dt.timezone.utc).date().isoformat()
        try:
            listed = self.session.get(
                f"{self.base}/Messages.json",
                params={"To": job.sender, "From": job.helpline_number, "DateSent": today, "PageSize": 50},
                timeout=10,
            )
            listed.raise_for_status()
            replies = [m["sid"] for m in listed.json().get("messages", [])]
        except (requests.RequestException, ValueError, KeyError):
            return False
        return all([self._delete(sid) for sid in replies]) and done

    def _delete(self, sid: str) -> bool:
        try:
            response = self.session.delete(f"{self.base}/Messages/{sid}.json", timeout=10)
        except requests.RequestException:
            return False
        # 404: already gone. Anything else (409/20009: not final yet) is retried later.
        return response.status_code in (204, 404)

    def _work(self) -> None:
        while True:
            job = self.jobs.get()
            try:
                wait = job.due - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                if self.delete_conversation(job):
                    continue
                if job.attempt < len(RETRY_DELAYS_SECONDS):
                    job.due = time.monotonic() + RETRY_DELAYS_SECONDS[job.attempt]
                    job.attempt += 1
                    self.jobs.put(job)
                else:
                    logger.warning("twilio cleanup gave up on one message after %d attempts", job.attempt + 1)
            finally:
                self.jobs.task_done()
