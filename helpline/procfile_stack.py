"""Run the Procfile's processes (gunicorn + Rasa, through honcho) in a scratch directory, on
free loopback ports: used by the privacy drill and the benchmark."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
from pathlib import Path

import requests

from helpline.rasa_process import REPO, free_port, wait_until_ready

HEALTHY_TIMEOUT_SECONDS = 240


class ProcfileStack:
    """The whole helpline as `make run` starts it, writing only under `workdir`."""

    def __init__(self, workdir: Path, twilio_token: str, extra_env: dict[str, str] | None = None) -> None:
        self.workdir = Path(workdir)
        self.port, self.rasa_port = free_port(), free_port()
        self.twilio_token = twilio_token
        tmp = self.workdir / "tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        # The key goes in its own file, as in production; the Procfile keeps it from Rasa.
        self.key_file = self.workdir / "secrets" / "helpline.key"
        self.key_file.parent.mkdir(mode=0o700, exist_ok=True)
        self.key_file.write_text(secrets.token_hex(32) + "\n", encoding="utf-8")
        self.key_file.chmod(0o600)
        inherited = {k: v for k, v in os.environ.items() if k != "HELPLINE_SECRET_KEY"}
        self.env = {
            **inherited,
            "PORT": str(self.port), "RASA_PORT": str(self.rasa_port), "RASA_URL": self.rasa_url,
            "PUBLIC_BASE_URL": self.base_url, "TWILIO_AUTH_TOKEN": twilio_token,
            "HELPLINE_KEY_FILE": str(self.key_file), "HELPLINE_RASA_TOKEN": secrets.token_hex(24),
            "DATABASE_PATH": str(self.workdir / "helpline.db"), "TMPDIR": str(tmp),
            "RASA_TELEMETRY_ENABLED": "false", **(extra_env or {}),
        }
        self.log_path = self.workdir / "stack.log"
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        """Where the web app listens (also its PUBLIC_BASE_URL)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def rasa_url(self) -> str:
        """Where Rasa listens."""
        return f"http://127.0.0.1:{self.rasa_port}"

    def start(self) -> None:
        """Start honcho and wait until /healthz answers 200."""
        # Owner-only, like every file the stack writes.
        log = os.fdopen(os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")
        self.process = subprocess.Popen(
            [str(REPO / ".venv" / "bin" / "honcho"), "start", "-f", "Procfile"],
            cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        wait_until_ready(
            self.process, lambda: requests.get(self.base_url + "/healthz", timeout=2).ok,
            HEALTHY_TIMEOUT_SECONDS, self.log_path,
        )

    def stop(self) -> None:
        """Stop every process of the stack (honcho runs them in its own session)."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
