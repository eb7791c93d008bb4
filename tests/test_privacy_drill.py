"""The subpoena drill, in the suite: nothing identifying rests on disk (see scripts/privacy_drill.py)."""

from __future__ import annotations

from scripts.privacy_drill import run_drill


def test_subpoena_drill_finds_no_number_canary_sid_or_unkeyed_hash(tmp_path):
    results = run_drill(tmp_path)
    assert set(results) == {"after retention window and purge", "right after DELETE", "after shutdown (logs flushed)",
                            "Rasa's environment and file modes"}
    assert {checkpoint: hits for checkpoint, hits in results.items() if hits} == {}
    # The drill looked at real files: the database, its WAL and the stack's log exist.
    written = {p.name for p in tmp_path.rglob("*") if p.is_file()}
    assert {"helpline.db", "stack.log"} <= written
