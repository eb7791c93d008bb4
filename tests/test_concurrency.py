"""SQLite shared by several worker processes: atomic dedupe, no "database is locked"."""

from __future__ import annotations

import datetime as dt
import multiprocessing

from helpline.channels.dedupe import claim_message
from helpline.dialogue.rate_limit import check_rate
from helpline.ops.db import open_database
from helpline.privacy.profiles import Profile, save_profile
from helpline.privacy.stats import count_topic

WORKERS = 6
ROUNDS = 60


def claim_same_message(path: str, barrier, results) -> None:
    db = open_database(path)
    barrier.wait()
    results.put(claim_message(db, "f" * 64, dt.datetime(2026, 11, 22)))


def write_a_lot(path: str, worker: int, barrier, errors) -> None:
    db = open_database(path)
    barrier.wait()
    try:
        for i in range(ROUNDS):
            claim_message(db, f"{worker:02d}{i:062d}", dt.datetime(2026, 11, 22))
            save_profile(db, Profile(f"{worker:064d}", "es", "TX"), dt.date(2026, 11, 22))
            count_topic(db, dt.date(2026, 11, 22), "license_eligibility", "TX", "es")
            check_rate(db, f"{worker:064d}", 1_000_000 + i, 1000, 600)
    except Exception as exc:  # noqa: BLE001 - report any failure to the parent
        errors.put(repr(exc))


def run_processes(target, args_for) -> None:
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=target, args=args_for(i)) for i in range(WORKERS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0


def test_concurrent_deliveries_of_one_message_are_claimed_exactly_once(tmp_path):
    path = str(tmp_path / "h.db")
    open_database(path).conn.close()
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(WORKERS), ctx.Queue()
    run_processes(claim_same_message, lambda i: (path, barrier, results))
    outcomes = [results.get(timeout=5) for _ in range(WORKERS)]
    assert outcomes.count(True) == 1


def test_many_workers_writing_at_once_never_hit_database_is_locked(tmp_path):
    path = str(tmp_path / "h.db")
    open_database(path).conn.close()
    ctx = multiprocessing.get_context("spawn")
    barrier, errors = ctx.Barrier(WORKERS), ctx.Queue()
    run_processes(write_a_lot, lambda i: (path, i, barrier, errors))
    assert errors.empty(), errors.get()
    db = open_database(path)
    assert db["processed_messages"].count == WORKERS * ROUNDS
    counts = {row["dimension"]: row["count"] for row in db["usage_counts"].rows}
    assert counts == {"topic": WORKERS * ROUNDS, "state": WORKERS * ROUNDS, "language": WORKERS * ROUNDS}
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
