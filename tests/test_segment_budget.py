"""Every jurisdiction x topic x language renders within 3 SMS segments by default."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpline.channels.bodies import finish_for_channel
from helpline.channels.sms import measure
from helpline.content.store import GENERAL_TOPICS, REQUIRED_STATE_SECTIONS, ContentStore
from helpline.registries.jurisdictions import load_jurisdiction_names
from helpline.registries.languages import language_codes
from helpline.rendering.answers import render_answer, render_more
from helpline.rendering.wording import RenderContext

REPO = Path(__file__).resolve().parent.parent
STORE = ContentStore(REPO / "content")
TOPICS = (*REQUIRED_STATE_SECTIONS, *(t for t in GENERAL_TOPICS if t != "legal_help"))


@pytest.mark.parametrize("language", language_codes())
@pytest.mark.parametrize("topic", TOPICS)
@pytest.mark.parametrize("code", sorted(load_jurisdiction_names()))
def test_answer_fits_three_sms_segments(code, topic, language):
    ctx = RenderContext(language, "sms", STORE, str(REPO / "locales"), {"profile_days": 90, "tracker_hours": 24, "dedupe_hours": 48})
    bodies = finish_for_channel(render_answer(topic, code, ctx), "sms")
    assert len(bodies) == 1
    encoding = measure(bodies[0])
    assert encoding.name == "GSM-7", bodies[0]
    assert encoding.segments <= 3, bodies[0]
    assert "Sorry" not in bodies[0] and "Perdon" not in bodies[0]
    more = finish_for_channel(render_more(topic, code, ctx), "sms")
    assert all(len(b) <= 1600 for b in more)
