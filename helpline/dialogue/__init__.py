"""Deciding what to say: keywords, language, the emergency guard, Rasa or its degraded stand-in, and the effects of a turn."""
