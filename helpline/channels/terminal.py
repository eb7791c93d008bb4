"""The terminal as a channel: `flask chat` and `flask ask` (one JSON object per line with --json)."""

from __future__ import annotations

import json
import secrets
import sys

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from helpline.dialogue.pipeline import Reply, handle_message
from helpline.privacy.pseudonym import pseudonymize


def _cli_pseudonym(label: str) -> str:
    """Terminal senders get pseudonyms from their own namespace, never a phone number's."""
    return pseudonymize(label, current_app.extensions["helpline"].secret_key, namespace="cli")


def reply_as_json(text: str, reply: Reply) -> str:
    """One line of `flask ask --json` output."""
    return json.dumps(
        {
            "text": text,
            "language": reply.language,
            "intent": reply.intent,
            "confidence": None if reply.confidence is None else round(reply.confidence, 4),
            "state": reply.state,
            "topic": reply.topic,
            "replies": reply.bodies,
        },
        ensure_ascii=False,
    )


@click.command("chat")
@click.option("--sender", default=None, help="Conversation label (default: a new one each run).")
@click.option("--channel", type=click.Choice(["sms", "whatsapp"]), default="sms")
@with_appcontext
def chat_command(sender: str | None, channel: str) -> None:
    """Talk to the running helpline in the terminal, through the same pipeline as a text."""
    pseudonym = _cli_pseudonym(sender or secrets.token_hex(8))
    click.echo("Helpline chat. Type a message (Ctrl-D to quit). Try: hola / can I get a license?")
    while True:
        try:
            text = input("you> ")
        except (EOFError, KeyboardInterrupt):
            click.echo()
            return
        reply = handle_message(pseudonym, text, channel)
        if not reply.bodies:
            click.echo("(no reply: this sender has opted out; send START)")
        for body in reply.bodies:
            click.echo(click.style("helpline> ", fg="green") + body.replace("\n", "\n          "))


@click.command("ask")
@click.argument("text", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per message.")
@click.option("--sender", default=None, help="Messages with the same sender form one conversation.")
@click.option("--channel", type=click.Choice(["sms", "whatsapp"]), default="sms")
@with_appcontext
def ask_command(text: str | None, as_json: bool, sender: str | None, channel: str) -> None:
    """Ask one message, or one per line from stdin (no --sender: each line is a new conversation)."""
    lines = [text] if text is not None else (line.rstrip("\n") for line in sys.stdin)
    for line in lines:
        pseudonym = _cli_pseudonym(sender if sender else secrets.token_hex(8))
        reply = handle_message(pseudonym, line, channel)
        if as_json:
            click.echo(reply_as_json(line, reply))
        else:
            click.echo("\n---\n".join(reply.bodies) or "(no reply)")
        sys.stdout.flush()


def init_app(app: Flask) -> None:
    """Attach `flask chat` and `flask ask`."""
    for command in (chat_command, ask_command):
        app.cli.add_command(command)
