"""`flask organizer add|remove|list`: console accounts, created by an operator at the server."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from helpline.console.accounts import add_organizer, remove_organizer
from helpline.ops.db import get_db

organizer_cli = AppGroup("organizer", help="Organizer accounts for the /console pages.")


@organizer_cli.command("add")
@click.argument("name")
def add_command(name: str) -> None:
    """Create NAME (or give it a new password) and print a one-time password."""
    name = name.strip()
    if not name or len(name) > 80:
        raise click.BadParameter("give a name of 1 to 80 characters", param_hint="NAME")
    password = add_organizer(get_db(), name)
    click.echo(f"Organizer {name!r} can sign in at /console/signin with this password (shown once, not stored):")
    click.echo(password)


@organizer_cli.command("remove")
@click.argument("name")
def remove_command(name: str) -> None:
    """Delete NAME's account (their open sessions end at their next page)."""
    click.echo("removed" if remove_organizer(get_db(), name.strip()) else "no such organizer")


@organizer_cli.command("list")
def list_command() -> None:
    """The organizers' names and the day each account was created."""
    for name, created in get_db().execute("SELECT name, created FROM organizers ORDER BY name"):
        click.echo(f"{created}  {name}")


def init_app(app: Flask) -> None:
    """Attach `flask organizer`."""
    app.cli.add_command(organizer_cli)
