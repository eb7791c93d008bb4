"""Wording a decision in the user's language: answers from content/, interface strings from locales/."""
