"""`make bench`: latency and throughput of the whole stack, compared with bare Rasa.

Starts the Procfile's processes (gunicorn with the Procfile's settings, Rasa with the trained
model; Rasa additionally exposes its REST channel and /model/parse for the comparison), then:
  1. closed loop at concurrency 1, 8 and 32: the signed Twilio webhook, the bare Rasa REST turn
     (/webhooks/rest/webhook) and /model/parse, on the same hold-out messages;
  2. open loop at a fixed offered rate: 30 msg/s for 60 s, then 100 msg/s for 20 s.
Prints a Markdown table and writes docs/benchmark.md, with peak RSS per process.
Only loopback addresses are contacted; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import hmac
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests
import yaml
from twilio.request_validator import RequestValidator

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from helpline.privacy.pseudonym import pseudonymize  # noqa: E402
from helpline.registries.languages import language_codes  # noqa: E402
from tooling.stack import SlowClients, SupervisedStack  # noqa: E402

TWILIO_TOKEN = "bench-twilio-token-" + "0" * 16
REQUEST_TIMEOUT = 15.0  # Twilio's own limit
REPLY_DEADLINE = 10.0
LEVELS = (1, 8, 32)


@dataclass
class Result:
    """Latencies (seconds) and failures of one run."""

    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    timeouts: int = 0
    late: int = 0
    wall: float = 0.0
    degraded: int = 0

    def pct(self, q: float) -> float:
        """A percentile in milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(q / 100 * len(ordered)))]

    @property
    def throughput(self) -> float:
        """Completed requests per second."""
        return len(self.latencies) / self.wall if self.wall else 0.0


class Stack(SupervisedStack):
    """The supervised stack, with Rasa's REST channel and /model/parse opened for comparison."""

    def __init__(self, workdir: Path, repo: Path = REPO) -> None:
        self.api_token = secrets.token_hex(16)
        credentials = workdir / "bench-credentials.yml"
        credentials.write_text(
            "rest: {}\nhelpline_bot.channel.HelplineInput:\n  token: ${HELPLINE_RASA_TOKEN}\n", encoding="utf-8"
        )
        super().__init__(workdir, TWILIO_TOKEN, {
            "RASA_CREDENTIALS": str(credentials), "RASA_EXTRA_ARGS": f"--enable-api --auth-token {self.api_token}",
            "RATE_LIMIT_MESSAGES": "1000",
        }, repo=repo)

    def pids(self) -> dict[int, str]:
        """Every process descended from supervisord, with a short name."""
        parents: dict[int, int] = {}
        commands: dict[int, str] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
                commands[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except (OSError, ValueError, IndexError):
                continue
        family, frontier = {self.process.pid}, [self.process.pid]
        while frontier:
            parent = frontier.pop()
            children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in family]
            family.update(children)
            frontier.extend(children)
        out = {}
        for pid in family:
            cmd = commands.get(pid, "")
            out[pid] = ("rasa" if "rasa" in cmd else "gunicorn" if "gunicorn" in cmd else "nginx" if "nginx" in cmd else "supervisord" if "supervisord" in cmd
                        else cmd.split(" ")[0][-20:] or "?")
        return out

    def degraded_so_far(self) -> int:
        """Replies the app decided without Rasa (it logs one line each, without content)."""
        return (self.workdir / "stack.log").read_text(errors="replace").count("answering without it")


class RssSampler(threading.Thread):
    """Samples the resident memory of every stack process; keeps each one's peak."""

    def __init__(self, stack: Stack) -> None:
        super().__init__(daemon=True)
        self.stack, self.peaks, self.peak_total = stack, {}, 0
        self.stop_event = threading.Event()

    def run(self) -> None:
        while not self.stop_event.wait(0.5):
            total = 0
            for pid, name in self.stack.pids().items():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                kb = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
                total += kb
                key = f"{name} ({pid})"
                self.peaks[key] = max(self.peaks.get(key, 0), kb)
            self.peak_total = max(self.peak_total, total)


class Client:
    """Makes the three kinds of request; one HTTP session per thread."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.local = threading.local()
        self.validator = RequestValidator(TWILIO_TOKEN)

    def session(self) -> requests.Session:
        if not hasattr(self.local, "session"):
            self.local.session = requests.Session()
        return self.local.session

    def webhook(self, sender: str, text: str) -> tuple[bool, bool]:
        """One signed Twilio webhook call; (ok, degraded)."""
        reply = self.reply(sender, text)
        return "<Message>" in reply, False

    def reply(self, sender: str, text: str) -> str:
        """One signed Twilio webhook call; the TwiML ("" on an HTTP error)."""
        params = {"MessageSid": "SM" + uuid.uuid4().hex, "From": sender, "To": "+12025550100", "Body": text,
                  "NumMedia": "0"}
        url = self.stack.base_url + "/twilio/messages"
        headers = {"X-Twilio-Signature": self.validator.compute_signature(url, params)}
        r = self.session().post(url, data=params, headers=headers, timeout=REQUEST_TIMEOUT)
        return r.text if r.status_code == 200 else ""

    def rest_turn(self, sender: str, text: str) -> tuple[bool, bool]:
        """One bare Rasa REST channel turn."""
        r = self.session().post(self.stack.rasa_url + "/webhooks/rest/webhook", json={"sender": sender, "message": text},
                                timeout=REQUEST_TIMEOUT)
        return r.ok, False

    def parse(self, sender: str, text: str) -> tuple[bool, bool]:
        """One /model/parse call."""
        r = self.session().post(self.stack.rasa_url + f"/model/parse?token={self.stack.api_token}", json={"text": text},
                                timeout=REQUEST_TIMEOUT)
        return r.ok, False


def timed(call, sender: str, text: str, result: Result, lock: threading.Lock) -> None:
    """Run one request and record its latency or failure."""
    started = time.perf_counter()
    try:
        ok, degraded = call(sender, text)
    except requests.Timeout:
        with lock:
            result.timeouts += 1
        return
    except requests.RequestException:
        with lock:
            result.errors += 1
        return
    elapsed = time.perf_counter() - started
    with lock:
        if ok:
            result.latencies.append(elapsed)
            result.late += elapsed > REPLY_DEADLINE
            result.degraded += degraded
        else:
            result.errors += 1


def closed_loop(name: str, call, messages: list[str], concurrency: int, per_worker: int, senders) -> Result:
    """`concurrency` workers each send `per_worker` messages back to back."""
    result, lock = Result(name), threading.Lock()

    def worker(index: int) -> None:
        for i in range(per_worker):
            timed(call, next(senders), messages[(index * per_worker + i) % len(messages)], result, lock)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.wall = time.perf_counter() - started
    return result


def warm_up(client: "Client", messages: list[str], senders) -> None:
    """Warm every worker: content files parse once per process, models load lazily."""
    closed_loop("warm-up webhook", client.webhook, messages, 4, len(messages) // 4, senders)
    closed_loop("warm-up rest", client.rest_turn, messages, 2, 20, senders)


def paired_loop(client: "Client", messages: list[str], pairs: int, senders) -> tuple[Result, Result, float]:
    """At concurrency 1, each message as a bare Rasa turn and then through the webhook, one pair
    after another, so both see the machine in the same state (run apart, a drift of a few ms in
    the bare turn moves the ratio by 0.5); also the median of the pairs' differences."""
    rest, hook, lock = Result("bare Rasa REST turn, c=1, paired"), Result("webhook, c=1, paired"), threading.Lock()
    differences = []
    started = time.perf_counter()
    for i in range(pairs):
        text = messages[i % len(messages)]
        done = len(rest.latencies), len(hook.latencies)
        timed(client.rest_turn, next(senders), text, rest, lock)
        timed(client.webhook, next(senders), text, hook, lock)
        if (len(rest.latencies), len(hook.latencies)) == (done[0] + 1, done[1] + 1):  # both answered
            differences.append(hook.latencies[-1] - rest.latencies[-1])
    rest.wall = hook.wall = time.perf_counter() - started
    differences.sort()
    return rest, hook, 1000 * differences[len(differences) // 2] if differences else float("nan")


def open_loop(name: str, call, messages: list[str], rate: float, seconds: float, senders) -> Result:
    """Send at a fixed offered rate regardless of how fast replies come back."""
    result, lock = Result(name), threading.Lock()
    total = int(rate * seconds)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=int(rate * REPLY_DEADLINE * 1.2) + 8) as pool:
        for i in range(total):
            target = started + i / rate
            delay = target - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(timed, call, next(senders), messages[i % len(messages)], result, lock)
    result.wall = time.perf_counter() - started
    return result


def sender_numbers():
    """Fictional numbers, each used once, so neither rate limits nor conversations interfere."""
    for area in range(201, 990):
        for line in range(100):
            yield f"+1{area}55501{line:02d}"


def row(result: Result, baseline: Result | None = None) -> str:
    """One Markdown table row."""
    ratio50 = f"{result.pct(50) / baseline.pct(50):.2f}" if baseline else ""
    ratio95 = f"{result.pct(95) / baseline.pct(95):.2f}" if baseline else ""
    return (f"| {result.name} | {len(result.latencies)} | {result.pct(50):.0f} | {result.pct(95):.0f} | {result.pct(99):.0f} "
            f"| {result.throughput:.1f} | {result.errors} | {result.timeouts} | {result.late} | {result.degraded} "
            f"| {ratio50} | {ratio95} |")


US_NUMBER_SPACE = 10**10  # every 10-digit number: more than the real NANP space, a safe upper bound


def pseudonym_cost(rounds: int = 300) -> list[str]:
    """Time one pseudonym (HMAC + scrypt) against a bare HMAC, and what enumerating numbers costs."""
    key = secrets.token_bytes(32)
    numbers = [f"+1202555{i:04d}" for i in range(rounds)]
    start = time.perf_counter()
    for number in numbers:
        pseudonymize(number, key)
    slow = (time.perf_counter() - start) / rounds
    start = time.perf_counter()
    for number in numbers * 100:
        hmac.new(key, f"phone:{number}".encode(), hashlib.sha256).digest()
    fast = (time.perf_counter() - start) / (rounds * 100)
    hours = lambda per_call: US_NUMBER_SPACE * per_call / 3600  # noqa: E731 - one formula, two uses
    return [
        "| pseudonym step | per message | enumerating 10^10 numbers with the key, one core |",
        "|---|---|---|",
        f"| HMAC-SHA-256 alone (before) | {fast * 1e6:.1f} µs | {hours(fast):,.0f} CPU-hours |",
        f"| HMAC + scrypt N=2^10 r=8 (1 MiB), now | {slow * 1e3:.2f} ms | {hours(slow):,.0f} CPU-hours ({slow / fast:,.0f}x) |",
    ]


def measure_resilience(stack: "Stack", client: "Client", senders) -> list[str]:
    """Supervisor restart times (Rasa and the web master, SIGKILL) and the slow-client result."""
    import signal

    lines = ["| resilience | result |", "|---|---|"]
    # Slow clients first, on warm workers: right after a restart each worker still loads its content
    # files and the language models on its first messages.
    hosts = [f"127.0.0.{i}" for i in range(2, 10)]
    with SlowClients(stack.port, 200, hosts) as slow, ThreadPoolExecutor(10) as pool:
        def timed_call(_):
            started = time.monotonic()
            client.reply(next(senders), "can I get a license in Texas?")
            return time.monotonic() - started
        took = sorted(pool.map(timed_call, range(10)))
        lines.append(f"| 10 signed messages with {len(slow.opened)} slow-body connections open: slowest / median | "
                     f"{took[-1]:.2f} s / {took[len(took) // 2]:.2f} s |")
    old = stack.pid_of("rasa")
    os.kill(old, signal.SIGKILL)
    killed, slowest, normal_after = time.monotonic(), 0.0, None
    _pid, restarted = stack.wait_for_new_pid("rasa", old)
    while time.monotonic() - killed < 120:
        started = time.monotonic()
        reply = client.reply(next(senders), "can I get a license in Texas?")
        slowest = max(slowest, time.monotonic() - started)
        if "Not legal advice" in reply:
            normal_after = time.monotonic() - killed
            break
        time.sleep(1)
    lines.append(f"| Rasa SIGKILL: supervisord restarted it after | {restarted:.1f} s |")
    lines.append(f"| slowest reply while Rasa restarted (degraded answers) | {slowest:.2f} s |")
    lines.append(f"| normal answers again (model loaded, circuit closed) after | {normal_after:.1f} s |" if normal_after
                 else "| normal answers again | not within 120 s |")
    old = stack.pid_of("web")
    os.kill(old, signal.SIGKILL)
    killed = time.monotonic()
    stack.wait_for_new_pid("web", old)
    stack.wait_healthy(60)
    lines.append(f"| web master SIGKILL: answering again after | {time.monotonic() - killed:.1f} s |")
    return lines


def compare_checkouts(checkouts: list[Path], messages: list[str], runs: int, pairs: int, senders) -> list[str]:
    """Paired c=1 loops on each checkout's own stack, taking turns run after run, so that a drift
    in the machine hits every checkout alike: the way to tell "no worse than before" from noise."""
    measured: dict[Path, list[tuple[float, float, float, float]]] = {checkout: [] for checkout in checkouts}
    for run in range(runs):
        for checkout in checkouts:
            with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
                stack = Stack(Path(tmp), repo=checkout)
                print(f"Run {run + 1}/{runs}: {checkout}...", flush=True)
                stack.start()
                try:
                    client = Client(stack)
                    warm_up(client, messages, senders)
                    rest, hook, share = paired_loop(client, messages, pairs, senders)
                finally:
                    stack.stop()
            bare, webhook = rest.pct(50), hook.pct(50)
            measured[checkout].append((bare, webhook, webhook / bare, share))
            print(f"  bare {bare:.0f} ms, webhook {webhook:.0f} ms, ratio {webhook / bare:.2f}, own share {share:.1f} ms", flush=True)
    lines = ["| checkout | revision | runs | bare Rasa turn p50 ms | webhook p50 ms | ratio p50, each run | ratio, median | own share ms, each run | own share, median |",
             "|---|---|---|---|---|---|---|---|---|"]
    for checkout, rows in measured.items():
        revision = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        median = lambda values: sorted(values)[len(values) // 2]  # noqa: E731 - one formula, four uses
        lines.append(
            f"| {checkout} | {revision} | {len(rows)} | {median([r[0] for r in rows]):.0f} | {median([r[1] for r in rows]):.0f} | "
            f"{', '.join(f'{r[2]:.2f}' for r in rows)} | **{median([r[2] for r in rows]):.2f}** | "
            f"{', '.join(f'{r[3]:.1f}' for r in rows)} | **{median([r[3] for r in rows]):.1f}** |")
    return lines


def main() -> int:
    """Run the benchmark and write docs/benchmark.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-worker", type=int, default=0, help="messages per worker in closed loops (default: 100 / concurrency, at least 8)")
    parser.add_argument("--quick", action="store_true", help="shorter open-loop phases (10 s + 5 s)")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "benchmark.md")
    parser.add_argument("--against", type=Path, action="append", default=[], metavar="CHECKOUT",
                        help="only compare: paired c=1 runs of this checkout (installed and trained) and of this one, in turn")
    parser.add_argument("--runs", type=int, default=3, help="with --against: runs per checkout")
    parser.add_argument("--languages", default="", help="comma-separated language codes of the messages (default: every registered one)")
    args = parser.parse_args()
    languages = set(args.languages.split(",")) if args.languages else set(language_codes())
    holdout = yaml.safe_load((REPO / "bot" / "tests" / "nlu_holdout" / "holdout.yml").read_text(encoding="utf-8"))
    messages = [ex["text"] for ex in holdout["examples"] if ex["language"] in languages]
    senders = sender_numbers()
    if args.against:
        print(f"{len(messages)} messages ({', '.join(sorted(languages))}).", flush=True)
        lines = compare_checkouts([REPO, *(path.resolve() for path in args.against)], messages, args.runs, 300, senders)
        print("\n".join(lines))
        return 0
    print("Pseudonym cost...", flush=True)
    pseudonyms = pseudonym_cost()
    print("\n".join(pseudonyms), flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        stack = Stack(Path(tmp))
        print("Starting the stack (gunicorn + Rasa)...", flush=True)
        stack.start()
        sampler = RssSampler(stack)
        sampler.start()
        client = Client(stack)
        lines = ["| run | ok | p50 ms | p95 ms | p99 ms | req/s | errors | timeouts | > 10 s | degraded | ratio p50 | ratio p95 |",
                 "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        try:
            warm_up(client, messages, senders)
            for level in LEVELS:
                per_worker = args.per_worker or max(8, 100 // level)
                print(f"Concurrency {level}...", flush=True)
                rest = closed_loop(f"bare Rasa REST turn, c={level}", client.rest_turn, messages, level, per_worker, senders)
                parse = closed_loop(f"Rasa /model/parse, c={level}", client.parse, messages, level, per_worker, senders)
                before = stack.degraded_so_far()
                hook = closed_loop(f"webhook, c={level}", client.webhook, messages, level, per_worker, senders)
                hook.degraded = stack.degraded_so_far() - before
                lines += [row(rest), row(parse), row(hook, rest)]
                print("\n".join(lines[-3:]), flush=True)
            print("Concurrency 1, paired...", flush=True)
            rest, hook, app_share = paired_loop(client, messages, 100 if args.quick else 300, senders)
            lines += [row(rest), row(hook, rest)]
            print("\n".join(lines[-2:]), flush=True)
            phases = ((30, 10), (100, 5)) if args.quick else ((30, 60), (100, 20))
            for rate, seconds in phases:
                print(f"Offered load {rate} msg/s for {seconds} s...", flush=True)
                before = stack.degraded_so_far()
                result = open_loop(f"webhook at {rate} msg/s for {seconds} s", client.webhook, messages, rate, seconds, senders)
                result.degraded = stack.degraded_so_far() - before
                lines.append(row(result))
                print(lines[-1], flush=True)
            print("Supervisor restarts and slow clients...", flush=True)
            resilience = measure_resilience(stack, client, senders)
            print("\n".join(resilience), flush=True)
        finally:
            sampler.stop_event.set()
            stack.stop()
    memory = ["| process | peak RSS MB |", "|---|---|"]
    # A pid seen between fork and exec has no name and no memory yet: not a process of its own.
    memory += [f"| {name} | {kb / 1024:.0f} |" for name, kb in sorted(sampler.peaks.items()) if kb]
    memory.append(f"| **whole stack (peak of the sum)** | **{sampler.peak_total / 1024:.0f}** |")
    report = "\n".join([
        "# Benchmark",
        "",
        f"`make bench` on {dt.date.today().isoformat()}, {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}.",
        "Stack: the Procfile's gunicorn command (2 workers x 32 threads) and one Rasa process with the",
        f"repo's trained model, all on loopback. Messages: bot/tests/nlu_holdout/holdout.yml ({len(messages)}, mostly",
        "English and Spanish, a few in each other language); every request comes from a different",
        "fictional sender. 'ratio' = webhook / bare Rasa REST turn at the",
        "same concurrency. 'degraded' = replies answered without Rasa (load shedding or fallback).",
        "Where the time goes and what was tuned: docs/performance.md.",
        "",
        *lines,
        "",
        f"Paired at c=1 (each message as a bare turn, then through the webhook): the webhook's own share, "
        f"the median of the pairs' differences, is **{app_share:.1f} ms**.",
        "",
        *memory,
        "",
        "Resilience (issue 10): SIGKILL under supervisord, and 200 slowloris connections through nginx.",
        "",
        *resilience,
        "",
        "Pseudonyms (README, \"Threat model\"): the slow step every message pays, and what it costs",
        "someone who has stolen the key to try every number.",
        "",
        *pseudonyms,
        "",
    ])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
