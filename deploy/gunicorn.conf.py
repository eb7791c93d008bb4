"""gunicorn settings the Procfile's command line does not carry."""

from helpline.channels.reply_cache import shared_cache


def on_starting(server):
    """Create the reply cache in the master, before the fork, so every worker shares it."""
    shared_cache()


def post_worker_init(worker):
    """Load the language models and the content before the worker takes its first message: a
    fresh worker (after a restart) would otherwise make its first callers wait seconds."""
    from helpline import warm_up

    warm_up(worker.wsgi)
