"""Entry point for servers and the flask CLI: `gunicorn 'app:create_app()'`, `flask --app app`."""

from helpline import create_app

__all__ = ["create_app"]
