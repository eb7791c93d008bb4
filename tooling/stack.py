"""Run the whole stack as `make run` does (supervisord: nginx, gunicorn, Rasa) in a scratch
directory, on free loopback ports: used by the privacy drill, the supervision and slow-client
tests, and the benchmark."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import requests

from tooling.rasa_server import REPO, free_port, wait_until_ready

HEALTHY_TIMEOUT_SECONDS = 240
SUPERVISOR_CONFIG = Path("deploy") / "supervisord-local.conf"
CTL_CONFIG = Path("deploy") / "supervisord.conf"


class SupervisedStack:
    """The helpline under its supervisor, writing only under `workdir`; `repo` is the checkout it
    runs (another one only when the benchmark compares two revisions)."""

    def __init__(self, workdir: Path, twilio_token: str, extra_env: dict[str, str] | None = None,
                 repo: Path = REPO) -> None:
        self.workdir, self.repo = Path(workdir), Path(repo)
        self.port, self.web_port, self.rasa_port = free_port(), free_port(), free_port()
        self.twilio_token = twilio_token
        tmp = self.workdir / "tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        self.run_dir = self.workdir / "run"
        self.run_dir.mkdir(mode=0o700, exist_ok=True)
        # The key goes in its own file, as in production; the Procfile keeps it from Rasa.
        self.key_file = self.workdir / "secrets" / "helpline.key"
        self.key_file.parent.mkdir(mode=0o700, exist_ok=True)
        self.key_file.write_text(secrets.token_hex(32) + "\n", encoding="utf-8")
        self.key_file.chmod(0o600)
        inherited = {k: v for k, v in os.environ.items() if k != "HELPLINE_SECRET_KEY"}
        self.env = {
            **inherited,
            "PORT": str(self.port), "WEB_PORT": str(self.web_port), "RASA_PORT": str(self.rasa_port),
            "RASA_URL": self.rasa_url, "PUBLIC_BASE_URL": self.base_url, "TWILIO_AUTH_TOKEN": twilio_token,
            "HELPLINE_KEY_FILE": str(self.key_file), "HELPLINE_RASA_TOKEN": secrets.token_hex(24),
            "DATABASE_PATH": str(self.workdir / "helpline.db"), "TMPDIR": str(tmp),
            "HELPLINE_RUN_DIR": str(self.run_dir), "RASA_TELEMETRY_ENABLED": "false", **(extra_env or {}),
        }
        self.log_path = self.workdir / "stack.log"
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        """Where nginx listens (also the PUBLIC_BASE_URL)."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def rasa_url(self) -> str:
        """Where Rasa listens."""
        return f"http://127.0.0.1:{self.rasa_port}"

    def start(self) -> None:
        """Start supervisord and wait until /healthz answers 200 through nginx."""
        # Owner-only, like every file the stack writes.
        log = os.fdopen(os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")
        self.process = subprocess.Popen(
            [str(self.repo / ".venv" / "bin" / "supervisord"), "-c", str(self.repo / SUPERVISOR_CONFIG)],
            cwd=self.repo, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            # As scripts/run and the systemd unit do: supervisord's own log and pid file are owner-only too.
            preexec_fn=lambda: os.umask(0o077),
        )
        self.wait_healthy(HEALTHY_TIMEOUT_SECONDS)

    def wait_healthy(self, timeout: float) -> None:
        """Wait until the web app answers /healthz through nginx."""
        wait_until_ready(
            self.process, lambda: requests.get(self.base_url + "/healthz", timeout=2).ok, timeout, self.log_path,
        )

    def supervisorctl(self, *args: str) -> str:
        """Run supervisorctl against this stack; its output."""
        # The base file: supervisorctl does not follow [include], and both name the same socket.
        result = subprocess.run([str(self.repo / ".venv" / "bin" / "supervisorctl"), "-c", str(self.repo / CTL_CONFIG), *args],
                                cwd=self.repo, env=self.env, capture_output=True, text=True, timeout=30)
        return result.stdout

    def pid_of(self, program: str) -> int:
        """The pid supervisord runs `program` as (0 while it is not running)."""
        out = self.supervisorctl("pid", program).strip()
        return int(out) if out.isdigit() else 0

    def wait_for_new_pid(self, program: str, old_pid: int, timeout: float = 60) -> tuple[int, float]:
        """Wait until supervisord runs `program` again under a new pid; (pid, seconds waited)."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            pid = self.pid_of(program)
            if pid and pid != old_pid:
                return pid, time.monotonic() - start
            time.sleep(0.2)
        raise RuntimeError(f"{program} was not restarted within {timeout} s; see {self.log_path}")

    def stop(self) -> None:
        """Stop supervisord, which stops every process it runs."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


class SlowClients:
    """Connections that send a request's headers, then drip its body a byte every 1.5 s (the
    slowloris pattern), from several loopback addresses; bounded, and closed on exit."""

    def __init__(self, port: int, count: int, hosts: list[str]) -> None:
        self.port, self.count, self.hosts = port, count, hosts
        self.stop_event = threading.Event()
        self.opened: list[socket.socket] = []
        self.dropped = 0  # connections the server closed on us (nginx answers 503 and hangs up)
        self.threads = [threading.Thread(target=self._drip, args=(hosts[i % len(hosts)],), daemon=True)
                        for i in range(count)]

    def __enter__(self) -> "SlowClients":
        for thread in self.threads:
            thread.start()
        time.sleep(3)  # every client has sent its headers and started dripping
        return self

    def __exit__(self, *exc) -> None:
        self.stop_event.set()
        for thread in self.threads:
            thread.join(timeout=5)

    def refused(self) -> int:
        """How many connections nginx refused (answered 503 or closed) while they dripped."""
        count = 0
        for sock in list(self.opened):
            try:
                sock.settimeout(0.2)
                if sock.recv(64).startswith(b"HTTP/1.1 503"):
                    count += 1
            except OSError:
                pass  # closed already: counted in `dropped`
        return count + self.dropped

    def _drip(self, host: str) -> None:
        try:
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=5, source_address=(host, 0))
        except OSError:
            return
        self.opened.append(sock)
        try:
            sock.sendall(b"POST /twilio/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded"
                         b"\r\nContent-Length: 500\r\nX-Twilio-Signature: x\r\n\r\n")
            while not self.stop_event.wait(1.5):
                sock.sendall(b"a")
        except OSError:
            if not self.stop_event.is_set():
                self.dropped += 1
        finally:
            sock.close()
