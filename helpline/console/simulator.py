"""The simulator's memory: a conversation that lives in the organizer's session cookie only."""

from __future__ import annotations

import datetime as dt

from flask import session

from helpline.privacy.profiles import Profile


class SessionStore:
    """The simulator's memory (language, state...) in the organizer's session cookie: nothing is
    written to the database, nothing is counted."""

    def __init__(self, pseudonym: str) -> None:
        self.pseudonym = pseudonym
        self.today = dt.date.today()

    def load(self) -> Profile:
        """The simulated sender's profile from the session."""
        saved = session.get("simulator_profile") or {}
        return Profile(self.pseudonym, **{k: v for k, v in saved.items() if k in Profile.__dataclass_fields__ and k != "pseudonym"})

    def save(self, profile: Profile) -> None:
        """Keep the profile in the session."""
        session["simulator_profile"] = {k: v for k, v in vars(profile).items() if k != "pseudonym"}

    def erase(self, rasa) -> None:
        """DELETE in the simulator: forget the session's profile and Rasa's conversation."""
        session.pop("simulator_profile", None)
        rasa.forget_conversation(self.pseudonym)

    def count(self, topic, state, language) -> None:
        """Simulated messages are never counted."""
        return None

    def check_rate(self, limit: int, window_seconds: int) -> str:
        """No rate limit in the simulator (the organizer is signed in)."""
        return "ok"
