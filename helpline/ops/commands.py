"""Operators' and organizers' commands: `flask content ...`, `flask purge`, `flask stats`, `flask rotate-key`."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from helpline.content.check import find_problems
from helpline.content.facts import FACTS_FILE, record_review
from helpline.content.reports import coverage_table, preview_answer, stale_items
from helpline.content.translations import stamp_translation
from helpline.ops.db import get_db
from helpline.privacy.retention import purge_everything_expired
from helpline.privacy.stats_export import export_counts
from helpline.registries.jurisdictions import known_state
from helpline.registries.languages import language_codes

content_cli = AppGroup("content", help="Check, preview and review the answers in content/.")


@content_cli.command("check")
@click.option("--strict", is_flag=True, help="Treat warnings (stale reviews) as failures.")
@click.option("--state", "only", default=None, help="Check only this jurisdiction's files (e.g. WA).")
def content_check_command(strict: bool, only: str | None) -> None:
    """Validate every content file; exit 1 on any error."""
    if only and not known_state(only):
        raise click.BadParameter(f"{only!r} is not a jurisdiction code", param_hint="--state")
    problems = find_problems(current_app.config["CONTENT_DIR"], current_app.config["LOCALES_DIR"], only=only)
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
@click.option("--lang", default=None, help="A language code from registry/languages.yml (default: the first).")
@click.option("--channel", default="sms", type=click.Choice(["sms", "whatsapp"]))
@click.option("--more", is_flag=True, help="Show the MORE part instead of the short answer.")
def content_preview_command(state: str, topic: str, lang: str, channel: str, more: bool) -> None:
    """Print exactly what a user would receive, with segment count and encoding."""
    lang = lang or language_codes()[0]
    if lang not in language_codes():
        raise click.BadParameter(f"{lang!r} is not in registry/languages.yml ({', '.join(language_codes())})", param_hint="--lang")
    for body, encoding in preview_answer(current_app, state, topic, lang, channel, more):
        click.echo(body)
        click.echo(f"--- {encoding.length} characters as the carrier counts them, {encoding.segments} segment(s), {encoding.name}")


@content_cli.command("stale")
@click.option("--months", default=12, show_default=True, help="Verified longer ago than this.")
@click.option("--all", "show_all", is_flag=True, help="Also list files and facts that are up to date.")
def content_stale_command(months: int, show_all: bool) -> None:
    """List files and facts by the date they were last verified, oldest first, with what needs review."""
    for item in stale_items(current_app.config["CONTENT_DIR"], months):
        if item.reason or show_all:
            mark = f"NEEDS REVIEW: {item.reason}" if item.reason else "ok"
            click.echo(f"{item.date or 'no date'!s:<10}  {item.path}  {item.what}  {mark}")


@content_cli.command("review")
@click.argument("state")
@click.option("--by", "reviewer", required=True, help="Your name: the person who re-verified the facts.")
@click.option("--yes", "confirmed", is_flag=True, help="Confirm without the question.")
def content_review_command(state: str, reviewer: str, confirmed: bool) -> None:
    """Record that you re-verified every fact of STATE against its sources (today, by you)."""
    code = known_state(state)
    if code is None:
        raise click.BadParameter(f"{state!r} is not a jurisdiction code", param_hint="STATE")
    path = Path(current_app.config["CONTENT_DIR"]) / "states" / code.lower() / FACTS_FILE
    if not reviewer.strip():
        raise click.BadParameter("give your name", param_hint="--by")
    if not confirmed:
        click.confirm(f"Did you open every source in {path} and check every fact and its as_of date?", abort=True)
    problems = [p for p in find_problems(current_app.config["CONTENT_DIR"], current_app.config["LOCALES_DIR"], only=code)
                if p.level == "error"]
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        raise SystemExit("Fix these first: a review records facts that pass the check.")
    record_review(path, reviewer.strip(), dt.date.today())
    click.echo(f"{code}: reviewed by {reviewer.strip()} on {dt.date.today().isoformat()} (answers now say 'Reviewed').")


@content_cli.command("stamp")
@click.option("--lang", "language", required=True, help="The translation's language code (pt, zh...).")
@click.option("--state", default=None, help="Only this jurisdiction (default: every one).")
@click.option("--topic", default=None, help="Only this general topic (default: every one).")
@click.option("--by", "translator", required=True, help="Who or what translated it: a name, or the tool.")
@click.option("--reviewed-by", "reviewer", default=None, help="The person who read it against the source, if one did.")
def content_stamp_command(language: str, state: str | None, topic: str | None, translator: str, reviewer: str | None) -> None:
    """Record that LANG's files match the source as it is now: run it right after translating."""
    if language not in language_codes() or language == language_codes()[0]:
        raise click.BadParameter(f"{language!r} is not a translated language", param_hint="--lang")
    root = Path(current_app.config["CONTENT_DIR"])
    store = current_app.extensions["helpline"].content
    source_language = language_codes()[0]
    targets = []
    if topic is None:
        codes = [known_state(state)] if state else sorted(p.name.upper() for p in (root / "states").iterdir() if p.is_dir())
        targets += [(root / "states" / c.lower() / f"{language}.md", store.state(c, source_language)) for c in codes if c]
    if state is None:
        topics = [topic] if topic else sorted(p.name for p in (root / "general").iterdir() if p.is_dir())
        targets += [(root / "general" / t / f"{language}.md", store.general(t, source_language)) for t in topics]
    stamped = 0
    for path, source in targets:
        if path.is_file() and source is not None:
            stamp_translation(path, source, translator.strip(), reviewer=reviewer.strip() if reviewer else None)
            stamped += 1
    click.echo(f"{stamped} {language} files now record the source version they match.")


@content_cli.command("coverage")
def content_coverage_command() -> None:
    """Print the jurisdictions x topics x languages table (Markdown) for CONTENT.md."""
    click.echo(coverage_table(current_app.config["CONTENT_DIR"]))


@click.command("purge")
@with_appcontext
def purge_command() -> None:
    """Erase everything past its retention period now (the app also does this hourly)."""
    erased = purge_everything_expired(current_app)
    for name, count in erased.items():
        click.echo(f"{name}: {'Rasa unreachable' if count < 0 else f'{count} erased'}")


@click.command("stats")
@click.option("--since", default=None, help="First day to include (YYYY-MM-DD).")
@with_appcontext
def stats_command(since: str | None) -> None:
    """Print the anonymous daily counts as CSV; counts below 5 are shown as "<5"."""
    click.echo(export_counts(get_db(), since), nl=False)


@click.command("rotate-key")
@click.option("--yes", is_flag=True, help="Confirm: every stored profile and dedupe record is erased.")
@with_appcontext
def rotate_key_command(yes: bool) -> None:
    """Write a new HMAC key to HELPLINE_KEY_FILE and erase what the old key linked."""
    if not yes:
        raise click.UsageError("Rotating the key forgets every user's language and state. Re-run with --yes.")
    key_path = Path(current_app.config["HELPLINE_KEY_FILE"])
    key_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = key_path.with_name(key_path.name + ".new")
    # Created 0600 from the start: the key is never readable by others, not even for a moment.
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    os.replace(temporary, key_path)
    db = get_db()
    with db.conn:
        profiles = db.execute("DELETE FROM profiles").rowcount
        db.execute("DELETE FROM processed_messages")
        db.execute("DELETE FROM rate_limits")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    click.echo(f"New key written to {key_path}; {profiles} profiles erased. Restart the web app (and Rasa, "
               "to drop conversations under old pseudonyms). If HELPLINE_SECRET_KEY is set in the environment, "
               "it overrides the file: replace it there too.")


def init_app(app: Flask) -> None:
    """Attach the commands to `flask`."""
    for command in (content_cli, purge_command, stats_command, rotate_key_command):
        app.cli.add_command(command)
