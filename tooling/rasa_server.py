"""Start a local Rasa server on a loopback port (tests, `make nlu-report`, `make bench`)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path
from typing import Callable

import requests

REPO = Path(__file__).resolve().parent.parent
BOT = REPO / "bot"
MODEL = BOT / "models" / "helpline.tar.gz"
READY_TIMEOUT_SECONDS = 180


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_ready(
    process: subprocess.Popen, ready: Callable[[], bool], timeout: float, log_path: Path, interval: float = 1.0
) -> None:
    """Poll `ready` until it is true; fail early if the process exits, or after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the process exited early; see {log_path}")
        try:
            if ready():
                return
        except (requests.RequestException, ValueError):
            pass
        time.sleep(interval)
    raise RuntimeError(f"not ready after {timeout} s; see {log_path}")


class RasaServer:
    """A Rasa process serving the repo's trained model on a loopback port."""

    def __init__(self, port: int, token: str, log_path: Path, ttl_seconds: int = 86400, model: Path = MODEL) -> None:
        self.port, self.token, self.log_path, self.ttl_seconds = port, token, log_path, ttl_seconds
        self.model = Path(model)
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> "RasaServer":
        """Start Rasa and wait until the model is loaded."""
        rasa = BOT / ".venv" / "bin" / "rasa"
        if not rasa.exists():
            raise RuntimeError("bot/.venv is missing: `make test` (or `make install`) installs it")
        if not self.model.exists():
            raise RuntimeError("bot/models/helpline.tar.gz is missing: `make train` trains it")
        env = {**os.environ, "PYTHONPATH": str(BOT), "HELPLINE_RASA_TOKEN": self.token,
               "RASA_TRACKER_TTL_SECONDS": str(self.ttl_seconds), "RASA_TELEMETRY_ENABLED": "false"}
        log = os.fdopen(os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "ab")
        self.process = subprocess.Popen(
            [str(rasa), "run", "--interface", "127.0.0.1", "--port", str(self.port), "--model", str(self.model),
             "--credentials", "credentials.yml", "--endpoints", "endpoints.yml"],
            cwd=BOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        def model_ready() -> bool:
            headers = {"Authorization": f"Bearer {self.token}"}
            response = requests.get(f"{self.url}/webhooks/helpline/", headers=headers, timeout=1)
            return response.ok and bool(response.json().get("model_ready"))

        wait_until_ready(self.process, model_ready, READY_TIMEOUT_SECONDS, self.log_path, interval=0.5)
        return self

    def stop(self) -> None:
        """Stop the process."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
