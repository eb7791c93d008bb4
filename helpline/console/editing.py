"""Edit one section of one content file: check the candidate exactly as `content check` would,
preview it as the phone shows it, and save it atomically (committed to git when content/ is a work tree)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from helpline.channels.bodies import finish_for_channel
from helpline.channels.sms import measure
from helpline.content.check import find_problems
from helpline.content.store import ContentStore
from helpline.rendering.answers import render_answer, render_more, render_sources
from helpline.rendering.wording import RenderContext

HEADING = re.compile(r"^## (\S+)\s*$", re.M)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


@dataclass
class Bubble:
    """One message as the phone shows it, with what it costs."""

    label: str
    text: str
    encoding: str
    segments: int
    characters: int


@dataclass
class Candidate:
    """The result of checking an edit: the check's messages (errors refuse the save) and bubbles."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    bubbles: list[Bubble] = field(default_factory=list)


def content_path(root: Path, code: str | None, topic: str | None, language: str) -> Path:
    """The file a section lives in: a state's language file, or a general topic's."""
    return root / "states" / code.lower() / f"{language}.md" if code else root / "general" / str(topic) / f"{language}.md"


def read_section(text: str, section: str) -> str:
    """The Markdown of one `## section` (a general file's whole body when section is "")."""
    body = text[FRONT_MATTER.match(text).end():] if FRONT_MATTER.match(text) else text
    if not section:
        return body.strip("\n")
    parts = _split(body)
    return parts.get(section, "").strip("\n")


def replace_section(text: str, section: str, markdown: str) -> str:
    """The file's text with one section's Markdown replaced (everything else byte for byte)."""
    match = FRONT_MATTER.match(text)
    head, body = (text[: match.end()], text[match.end():]) if match else ("", text)
    cleaned = markdown.replace("\r\n", "\n").strip("\n")
    if not section:
        return head + cleaned + "\n"
    headings = list(HEADING.finditer(body))
    for index, heading in enumerate(headings):
        if heading.group(1) == section:
            end = headings[index + 1].start() if index + 1 < len(headings) else len(body)
            tail = body[end:]
            return head + body[: heading.end()] + "\n" + cleaned + ("\n\n" + tail if tail else "\n")
    raise KeyError(section)


def _split(body: str) -> dict[str, str]:
    headings = list(HEADING.finditer(body))
    return {h.group(1): body[h.end(): headings[i + 1].start() if i + 1 < len(headings) else len(body)]
            for i, h in enumerate(headings)}


def check_candidate(root: Path, locales_dir: str, code: str | None, topic: str, language: str, new_text: str,
                    privacy_values: dict) -> Candidate:
    """Check a candidate file in a scratch copy of the content it depends on, then render it."""
    with tempfile.TemporaryDirectory(prefix="console-") as scratch:
        scratch_root = Path(scratch)
        shutil.copytree(root / "general", scratch_root / "general")
        if (root / "cross_state.yml").is_file():
            shutil.copy2(root / "cross_state.yml", scratch_root / "cross_state.yml")
        if code:
            shutil.copytree(root / "states" / code.lower(), scratch_root / "states" / code.lower())
        target = content_path(scratch_root, code, topic, language)
        target.write_text(new_text, encoding="utf-8")
        problems = find_problems(scratch_root, locales_dir, only=code) if code else _general_problems(scratch_root, locales_dir, target)
        mine = [p for p in problems if Path(p.path) == target]
        result = Candidate(errors=[f"line {p.line}: {p.message} — {p.fix}" for p in mine if p.level == "error"],
                           warnings=[f"line {p.line}: {p.message}" for p in mine if p.level != "error"])
        if not result.errors:
            result.bubbles = render_bubbles(ContentStore(scratch_root), locales_dir, code, topic, language, "sms", privacy_values)
        return result


def _general_problems(root: Path, locales_dir: str, target: Path):
    """The whole check, on a scratch tree that holds only general files: keep this file's problems."""
    (root / "states").mkdir(exist_ok=True)
    return [p for p in find_problems(root, locales_dir) if Path(p.path) == target]


def render_bubbles(store: ContentStore, locales_dir: str, code: str | None, topic: str, language: str, channel: str,
                   privacy_values: dict) -> list[Bubble]:
    """The answer, MORE and SOURCE as the helpline sends them on this channel."""
    ctx = RenderContext(language, channel, store, locales_dir, privacy_values)
    bubbles = []
    for label, render in (("answer", render_answer), ("MORE", render_more), ("SOURCE", render_sources)):
        for body in finish_for_channel(render(topic, code, ctx), channel, language):
            cost = measure(body)
            bubbles.append(Bubble(label, body, cost.name, cost.segments, cost.length))
    return bubbles


def save_atomically(path: Path, text: str) -> None:
    """Write beside the file, then rename over it: a reader sees the old file or the new one."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def commit_if_tracked(root: Path, path: Path, organizer: str, message: str) -> bool:
    """Commit the saved file with the organizer as author when content/ is in a git work tree."""
    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=20)

    try:
        if git("rev-parse", "--is-inside-work-tree").stdout.strip() != "true":
            return False
        git("add", "--", str(path))
        author = f"{organizer} <{re.sub(r'[^a-z0-9]+', '.', organizer.lower()).strip('.') or 'organizer'}@organizers.invalid>"
        done = git("-c", "user.name=helpline console", "-c", "user.email=console@organizers.invalid",
                   "commit", "--quiet", f"--author={author}", "-m", message, "--", str(path))
        return done.returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False
