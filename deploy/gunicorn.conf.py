"""gunicorn settings the Procfile's command line does not carry."""

from helpline.reply_cache import shared_cache


def on_starting(server):
    """Create the reply cache in the master, before the fork, so every worker shares it."""
    shared_cache()
