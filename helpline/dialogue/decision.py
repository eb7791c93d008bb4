"""What the helpline decided to say for one message, whoever decided it.

Keywords, Rasa and the degraded fallback all return a `Turn` of `Decision`s; `apply_effects` is
the one place that acts on them (erase, opt out, remember the state, count) and the renderer the
one place that words them. Rasa's custom payloads (bot/domain.yml) become decisions here, and only
here, so a payload kind the app does not know is read as "not sure", never obeyed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from helpline.registries.jurisdictions import known_state
from helpline.registries.topics import topic_titles

# Kinds Rasa may return (bot/domain.yml's custom payloads; a test checks they agree).
BOT_KINDS = frozenset(
    {"answer", "ask_state", "more", "source", "greet", "start", "help", "stop", "delete_data",
     "set_language", "thanks", "not_sure", "out_of_scope", "unavailable"}
)
# Kinds only the app decides: keywords, limits, and notes around an answer.
APP_KINDS = frozenset(
    {"opted_out", "opted_in", "language_menu", "rate_notice", "restart_hint", "empty", "media",
     "other_language", "set_state", "not_recorded"}
)
KINDS = BOT_KINDS | APP_KINDS
# Frames (not topics) reported as the turn's topic in `flask ask --json` and the counts. Both
# unanswered kinds report as not_sure, the value scripts already filter on; the intent tells them apart.
FRAME_TOPICS = {**{kind: kind for kind in ("greet", "help", "stop", "start", "delete_data", "set_language", "not_sure", "thanks")},
                "out_of_scope": "not_sure"}


@dataclass(frozen=True)
class Decision:
    """One thing to say: its kind, and the topic, state and state options it is about."""

    kind: str
    topic: str | None = None
    state: str | None = None
    options: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown decision kind {self.kind!r}")


@dataclass
class Turn:
    """Everything decided for one message: decisions, what was understood, and who decided.

    `source` is "keyword" (decided before Rasa), "bot" (Rasa, or the degraded fallback standing
    in for it) or "guard" (an emergency answered for someone opted out or over the limit, which
    must change nothing they chose)."""

    decisions: list[Decision] = field(default_factory=list)
    source: str = "bot"
    intent: str | None = None
    confidence: float | None = None
    state: str | None = None
    topic: str | None = None

    @property
    def kinds(self) -> set[str]:
        """The kinds of decision in this turn."""
        return {d.kind for d in self.decisions}


def decision_from_payload(payload: object) -> Decision:
    """Read one of Rasa's custom payloads; anything unknown or malformed is "not sure"."""
    if not isinstance(payload, dict) or payload.get("kind") not in BOT_KINDS:
        return Decision("not_sure")
    kind = payload["kind"]
    topic = _clean(payload.get("topic"))
    topic = topic if topic in topic_titles() else None
    state = known_state(payload.get("state"))
    options = tuple(code for code in (_clean(payload.get("options")) or "").split() if known_state(code) == code)
    if kind == "answer" and not topic:
        return Decision("set_state", state=state) if state else Decision("not_sure")
    return Decision(kind, topic, state, options)


def describe_topic(turn: Turn) -> str | None:
    """The topic of a bot turn: the answered or pending topic, else the frame (greet, help...)."""
    if turn.topic:
        return turn.topic
    for decision in turn.decisions:
        if decision.kind in ("answer", "ask_state", "more", "source") and decision.topic:
            return decision.topic
        if decision.kind == "set_state":
            return "set_state"
        if decision.kind in FRAME_TOPICS:
            return FRAME_TOPICS[decision.kind]
    return "not_sure" if turn.intent == "nlu_fallback" else None


def _clean(value: object) -> str | None:
    """Rasa fills unset slots into payloads as "None"; treat that (and blanks) as absent."""
    if isinstance(value, str) and value and value != "None":
        return value
    return None
