"""The subpoena drill: run the real stack, talk to it, then search every file it wrote.

Starts the supervised stack (nginx, gunicorn, Rasa: deploy/supervisord-local.conf) in a throwaway directory, sends
signed webhook requests from known fictional numbers carrying a unique canary phrase, and checks
that no file (database, -wal/-shm, logs, temp files) contains the numbers in any common format,
an unkeyed hash of them, the canary, or a raw MessageSid: (a) after the retention window
(short, for the drill) and a purge, (b) right after DELETE, and (c) after shutdown.

Usage: .venv/bin/python scripts/privacy_drill.py [--keep DIR]   (make privacy-drill)
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests
from twilio.request_validator import RequestValidator

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tooling.stack import SupervisedStack  # noqa: E402

TWILIO_TOKEN = "drill-twilio-token-" + "0" * 16
TRACKER_TTL_SECONDS = 3


def number_forms(e164: str) -> list[str]:
    """The ways a US number can be written down."""
    digits = e164.lstrip("+")
    ten = digits[-10:]
    return [e164, digits, ten, f"({ten[:3]}) {ten[3:6]}-{ten[6:]}", f"{ten[:3]}-{ten[3:6]}-{ten[6:]}",
            f"{ten[:3]}.{ten[3:6]}.{ten[6:]}", "%2B" + digits, f"whatsapp:{e164}"]


def unkeyed_hashes(e164: str) -> list[str]:
    """Plain hashes of the number (reversible by brute force, so they must not appear either)."""
    out = []
    for form in {e164, e164.lstrip("+"), e164[-10:]}:
        for algo in ("sha256", "sha1", "md5"):
            digest = hashlib.new(algo, form.encode())
            out += [digest.hexdigest(), base64.b64encode(digest.digest()).decode()]
    return out


def process_environment(argument: str) -> dict[str, str] | None:
    """The environment of the running process whose command line contains `argument`."""
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if argument in cmdline and "rasa" in cmdline:
                raw = (proc / "environ").read_bytes()
                return dict(item.split("=", 1) for item in raw.decode().split("\0") if "=" in item)
        except (OSError, ValueError):
            continue
    return None


class Drill:
    """One drill run: the stack, and what it must never write."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.stack = SupervisedStack(workdir, TWILIO_TOKEN, {
            "RASA_TRACKER_TTL_SECONDS": str(TRACKER_TTL_SECONDS), "DEDUPE_RETENTION_HOURS": "0",
            "PURGE_INTERVAL_SECONDS": "0",
        })
        self.needles: dict[str, str] = {}

    def text(self, sender: str, body: str, **extra: str) -> list[str]:
        """Send one signed message; remember its raw MessageSid as something to look for."""
        sid = "SM" + uuid.uuid4().hex
        self.needles[f"raw MessageSid {sid}"] = sid
        params = {"MessageSid": sid, "AccountSid": "AC" + "1" * 32, "From": sender, "To": "+12025550100",
                  "Body": body, "NumMedia": "0", **extra}
        url = self.stack.base_url + "/twilio/messages"
        signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, params)
        response = requests.post(url, data=params, headers={"X-Twilio-Signature": signature}, timeout=15)
        response.raise_for_status()
        return [m for m in response.text.split("<Message>")[1:]]

    def remember_person(self, e164: str, canary: str) -> None:
        """Add a person's number forms, unkeyed hashes and canary to what must not be found."""
        for form in number_forms(e164):
            self.needles[f"number {form}"] = form
        for digest in unkeyed_hashes(e164):
            self.needles[f"unkeyed hash {digest[:12]}"] = digest
        self.needles[f"canary {canary}"] = canary

    def purge(self) -> str:
        """Run `flask purge` by hand, as an operator would."""
        result = subprocess.run([str(REPO / ".venv" / "bin" / "flask"), "--app", "app", "purge"], cwd=REPO,
                                env=self.stack.env, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(result.stderr)
        return result.stdout

    def check_hygiene(self) -> list[str]:
        """Problems with the running stack: Rasa holding the HMAC key or Twilio token, Rasa
        telemetry on, or a file the stack wrote that others can read."""
        problems = []
        rasa_env = process_environment(f"--port {self.stack.rasa_port}")
        if rasa_env is None:
            problems.append("Rasa's process was not found")
        else:
            for name in ("HELPLINE_SECRET_KEY", "HELPLINE_KEY_FILE", "TWILIO_AUTH_TOKEN"):
                if name in rasa_env:
                    problems.append(f"Rasa's environment holds {name}")
            if rasa_env.get("RASA_TELEMETRY_ENABLED") != "false":
                problems.append("Rasa telemetry is not off")
        for path in self.workdir.rglob("*"):
            if path.is_file() and path.stat().st_mode & 0o077:
                problems.append(f"{path} is readable by others (mode {oct(path.stat().st_mode & 0o777)})")
        return problems

    def scan(self, since: float) -> list[str]:
        """Every (file, needle) hit in the files the stack wrote."""
        roots = [self.workdir, REPO / "instance"]
        files = [p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()]
        files += [p for p in (REPO / "bot").rglob("*") if p.is_file() and ".venv" not in p.parts
                  and p.stat().st_mtime >= since]
        hits = []
        for path in files:
            data = path.read_bytes()
            lowered = data.lower()
            for label, needle in self.needles.items():
                if needle.encode() in data or needle.lower().encode() in lowered:
                    hits.append(f"{path}: {label}")
        return hits


def run_drill(workdir: Path, verbose: bool = False) -> dict[str, list[str]]:
    """Run the drill; return the hits found at each checkpoint (all lists empty means pass)."""
    say = print if verbose else (lambda *a, **k: None)
    started = time.time()
    drill = Drill(workdir)
    results: dict[str, list[str]] = {}
    say(f"Starting the stack in {workdir} (web :{drill.stack.port}, Rasa :{drill.stack.rasa_port})...")
    drill.stack.start()
    try:
        person_a, canary_a = "+12025550177", "CANARY-" + secrets.token_hex(6)
        drill.remember_person(person_a, canary_a)
        say("Conversation A (SMS and WhatsApp, with carrier fields and a WhatsApp profile name)...")
        replies = drill.text(person_a, "hola")
        replies += drill.text(person_a, f"can I get a license? my name is {canary_a}")
        replies += drill.text(person_a, "Texas")
        replies += drill.text(person_a, "MORE")
        replies += drill.text("whatsapp:" + person_a, f"el dmv comparte datos con ice? {canary_a}",
                              WaId=person_a.lstrip("+"), ProfileName=canary_a, FromCity="SPRINGFIELD", FromZip="62701")
        if len(replies) < 5:
            raise RuntimeError("the helpline did not answer every message")
        say(f"Waiting out the drill's retention window ({TRACKER_TTL_SECONDS} s conversations, 0 h dedupe), then `flask purge`...")
        time.sleep(TRACKER_TTL_SECONDS + 1)
        say(drill.purge().strip())
        results["after retention window and purge"] = drill.scan(started)

        person_b, canary_b = "+13055550188", "CANARY-" + secrets.token_hex(6)
        drill.remember_person(person_b, canary_b)
        say("Conversation B, then DELETE...")
        drill.text(person_b, f"I live in Georgia, {canary_b}")
        drill.text(person_b, "does the dmv share my data with ice?")
        erased = drill.text(person_b, "DELETE")
        if not erased or "Erased" not in erased[0]:
            raise RuntimeError("DELETE was not confirmed")
        results["right after DELETE"] = drill.scan(started)
        results["Rasa's environment and file modes"] = drill.check_hygiene()
    finally:
        drill.stack.stop()
    results["after shutdown (logs flushed)"] = drill.scan(started)
    for checkpoint, hits in results.items():
        say(f"{checkpoint}: {'PASS, nothing found' if not hits else 'FAIL'}")
        for hit in hits:
            say("   " + hit)
    files = sorted(str(p.relative_to(workdir)) for p in workdir.rglob("*") if p.is_file())
    say(f"Files the stack wrote in the drill directory: {', '.join(files)}")
    say(f"Searched for {len(drill.needles)} strings.")
    return results


def main() -> int:
    """Command-line entry point: exit 1 if anything was found."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="Run in this directory and keep it afterwards.")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        results = run_drill(args.keep, verbose=True)
    else:
        with tempfile.TemporaryDirectory(prefix="privacy-drill-") as tmp:
            results = run_drill(Path(tmp), verbose=True)
    failed = any(results.values())
    print("privacy drill: " + ("FAILED" if failed else "passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
