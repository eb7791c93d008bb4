"""Every jurisdiction x topic x language renders within its language's SMS budget (registry)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpline.channels.bodies import finish_for_channel
from helpline.channels.sms import measure
from helpline.content.store import GENERAL_TOPICS, REQUIRED_STATE_SECTIONS, ContentStore
from helpline.registries.jurisdictions import load_jurisdiction_names
from helpline.registries.languages import language_codes, load_registry
from helpline.rendering.answers import render_answer, render_more
from helpline.rendering.wording import RenderContext

REPO = Path(__file__).resolve().parent.parent
STORE = ContentStore(REPO / "content")
TOPICS = (*REQUIRED_STATE_SECTIONS, *(t for t in GENERAL_TOPICS if t != "legal_help"))


@pytest.mark.parametrize("language", language_codes())
@pytest.mark.parametrize("topic", TOPICS)
@pytest.mark.parametrize("code", sorted(load_jurisdiction_names()))
def test_answer_fits_its_languages_sms_budget(code, topic, language):
    ctx = RenderContext(language, "sms", STORE, str(REPO / "locales"), {"profile_days": 90, "tracker_hours": 24, "dedupe_hours": 48})
    registered = load_registry().get(language)
    bodies = finish_for_channel(render_answer(topic, code, ctx), "sms", language)
    assert len(bodies) == 1
    encoding = measure(bodies[0])
    if registered.transliterate:
        assert encoding.name == "GSM-7", bodies[0]
    assert encoding.segments <= registered.segment_budget, bodies[0]
    assert ctx.gettext("Sorry, I do not have that answer for %(state)s yet.").split("%")[0] not in bodies[0]
    more = finish_for_channel(render_more(topic, code, ctx), "sms", language)
    assert all(len(b) <= 1600 for b in more)
