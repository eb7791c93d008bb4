"""Flask CLI commands: `flask chat`, `flask ask`, `flask content ...`."""

from __future__ import annotations

import json
import secrets
import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from helpline.content_check import (
    coverage_table,
    find_problems,
    preview_answer,
    stale_files,
)
from helpline.pipeline import Reply, handle_message
from helpline.pseudonym import pseudonymize

content_cli = AppGroup("content", help="Check, preview and review the answers in content/.")


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


@content_cli.command("check")
@click.option("--strict", is_flag=True, help="Treat warnings (stale reviews) as failures.")
def content_check_command(strict: bool) -> None:
    """Validate every content file; exit 1 on any error."""
    problems = find_problems(current_app.config["CONTENT_DIR"], current_app.config["LOCALES_DIR"])
    errors = [p for p in problems if p.level == "error"]
    warnings = [p for p in problems if p.level == "warning"]
    for problem in problems:
        click.echo(str(problem), err=problem.level == "error")
    click.echo(f"content check: {len(errors)} errors, {len(warnings)} warnings")
    if errors or (strict and warnings):
        raise SystemExit(1)


@content_cli.command("preview")
@click.argument("state")
@click.argument("topic")
@click.option("--lang", default="en", type=click.Choice(["en", "es"]))
@click.option("--channel", default="sms", type=click.Choice(["sms", "whatsapp"]))
@click.option("--more", is_flag=True, help="Show the MORE part instead of the short answer.")
def content_preview_command(state: str, topic: str, lang: str, channel: str, more: bool) -> None:
    """Print exactly what a user would receive, with segment count and encoding."""
    for body, encoding in preview_answer(current_app, state, topic, lang, channel, more):
        click.echo(body)
        click.echo(f"--- {len(body)} characters, {encoding.segments} segment(s), {encoding.name}")


@content_cli.command("stale")
@click.option("--months", default=12, show_default=True, help="Reviewed longer ago than this.")
def content_stale_command(months: int) -> None:
    """List content files by review date, oldest first, marking those that need review."""
    for path, reviewed, is_stale in stale_files(current_app.config["CONTENT_DIR"], months):
        mark = "NEEDS REVIEW" if is_stale else "ok"
        click.echo(f"{reviewed or 'no date':<10}  {mark:<12}  {path}")


@content_cli.command("coverage")
def content_coverage_command() -> None:
    """Print the jurisdictions x topics x languages table (Markdown) for CONTENT.md."""
    click.echo(coverage_table(current_app.config["CONTENT_DIR"]))


def init_app(app: Flask) -> None:
    """Attach the commands to `flask`."""
    app.cli.add_command(chat_command)
    app.cli.add_command(ask_command)
    app.cli.add_command(content_cli)
