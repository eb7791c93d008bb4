"""Organizer accounts: a name and a scrypt hash, a one-time password at creation, a sign-in limit.

Failed sign-ins are counted per organizer name and per client address, each stored as a keyed
hash with its time only, and forgotten after the window.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time

import sqlite_utils
from werkzeug.security import check_password_hash, generate_password_hash

PASSWORD_METHOD = "scrypt"  # werkzeug's scrypt: N=2^15, r=8, p=1
# A real hash of a random password, so an unknown name costs the same time as a wrong password.
_DUMMY_HASH = generate_password_hash(secrets.token_urlsafe(16), method=PASSWORD_METHOD)


def add_organizer(db: sqlite_utils.Database, name: str, today: dt.date | None = None) -> str:
    """Create (or reset) an account and return its one-time password, shown once and never stored."""
    password = secrets.token_urlsafe(12)
    with db.conn:
        db.execute(
            "INSERT INTO organizers (name, password_hash, created) VALUES (?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET password_hash = excluded.password_hash",
            [name, generate_password_hash(password, method=PASSWORD_METHOD), (today or dt.date.today()).isoformat()],
        )
    return password


def remove_organizer(db: sqlite_utils.Database, name: str) -> bool:
    """Delete an account; True if it existed."""
    with db.conn:
        return db.execute("DELETE FROM organizers WHERE name = ?", [name]).rowcount > 0


def check_password(db: sqlite_utils.Database, name: str, password: str) -> bool:
    """True when the name exists and the password matches (in constant time either way)."""
    row = db.execute("SELECT password_hash FROM organizers WHERE name = ?", [name]).fetchone()
    stored = row[0] if row else _DUMMY_HASH
    return check_password_hash(stored, password) and row is not None


def _key(secret: bytes, kind: str, value: str) -> str:
    return hmac.new(secret, f"console-signin:{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def signin_allowed(db: sqlite_utils.Database, secret: bytes, name: str, address: str, limit: int, window: int) -> bool:
    """False once the name or the address has `limit` failures within the last `window` seconds."""
    since = int(time.time()) - window
    for key in (_key(secret, "name", name.lower()), _key(secret, "address", address)):
        failures = db.execute("SELECT COUNT(*) FROM console_signin_failures WHERE key = ? AND at > ?", [key, since]).fetchone()[0]
        if failures >= limit:
            return False
    return True


def record_failure(db: sqlite_utils.Database, secret: bytes, name: str, address: str, window: int) -> None:
    """Count one failed sign-in against the name and the address; drop what is past the window."""
    now = int(time.time())
    with db.conn:
        db.execute("DELETE FROM console_signin_failures WHERE at <= ?", [now - window])
        db.conn.executemany("INSERT INTO console_signin_failures (key, at) VALUES (?, ?)",
                            [(_key(secret, "name", name.lower()), now), (_key(secret, "address", address), now)])


def record_audit(db: sqlite_utils.Database, organizer: str, action: str, file: str, section: str) -> None:
    """One line of the audit log: who changed which file and section, when."""
    with db.conn:
        db.execute("INSERT INTO console_audit (at, organizer, action, file, section) VALUES (?, ?, ?, ?, ?)",
                   [dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), organizer, action, file, section])
