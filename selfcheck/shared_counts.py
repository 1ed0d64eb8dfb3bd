"""Rate-limit counts that every gunicorn worker of one instance shares, with no server to run.

Flask-Limiter's `memory://` store counts in each worker on its own, so with gunicorn's
workers the real limit is the limit times the number of workers. This store keeps the
counts in one small SQLite file instead: `sqlite://` (the default) makes it in a private
temporary folder (on the memory-backed /dev/shm where there is one) when the app is built,
which gunicorn does once, before it forks its workers (`preload_app` in gunicorn.conf.py);
`sqlite:///path/to/file.db` names the file. Keys are stored hashed, so the file never holds
a client address. Several instances share counts through Redis instead.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
import time
import urllib.parse
import weakref
from pathlib import Path

from limits.storage import Storage

SCHEMA = "CREATE TABLE IF NOT EXISTS hits (key TEXT PRIMARY KEY, count INTEGER, expires REAL)"


def _remove(folder: str, owner: int) -> None:
    """Delete the temporary folder, in the process that made it only (gunicorn's workers
    are forks of it and run its exit handlers too)."""
    if os.getpid() == owner:
        shutil.rmtree(folder, ignore_errors=True)


class SQLiteStorage(Storage):
    """Fixed-window counters in a SQLite file (the strategy Flask-Limiter uses by default)."""

    STORAGE_SCHEME = ["sqlite"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        path = urllib.parse.urlsplit(uri or "sqlite://").path
        if not path:
            shm = "/dev/shm"
            folder = tempfile.mkdtemp(
                prefix="selfcheck-limits-", dir=shm if os.path.isdir(shm) else None
            )
            weakref.finalize(self, _remove, folder, os.getpid())
            path = str(Path(folder) / "counts.db")
        self.path = path
        db = self._connect()
        try:
            db.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
            db.execute(SCHEMA)
        finally:
            db.close()

    def _connect(self) -> sqlite3.Connection:
        # one connection per call: never shared between forked workers or threads
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.execute("PRAGMA busy_timeout = 10000")
        return db

    @staticmethod
    def _key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        db = self._connect()
        try:
            db.execute("BEGIN IMMEDIATE")  # one writer at a time: no count is lost
            db.execute("DELETE FROM hits WHERE expires <= ?", (now,))
            db.execute(
                "INSERT INTO hits VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET count = count + excluded.count",
                (self._key(key), amount, now + expiry),
            )
            (count,) = db.execute(
                "SELECT count FROM hits WHERE key = ?", (self._key(key),)
            ).fetchone()
            db.execute("COMMIT")
            return int(count)
        finally:
            db.close()

    def _row(self, key: str) -> tuple[int, float] | None:
        db = self._connect()
        try:
            return db.execute(
                "SELECT count, expires FROM hits WHERE key = ? AND expires > ?",
                (self._key(key), time.time()),
            ).fetchone()
        finally:
            db.close()

    def get(self, key: str) -> int:
        row = self._row(key)
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return float(row[1]) if row else time.time()

    def check(self) -> bool:
        try:
            self._row("")
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        db = self._connect()
        try:
            return db.execute("DELETE FROM hits").rowcount
        finally:
            db.close()

    def clear(self, key: str) -> None:
        db = self._connect()
        try:
            db.execute("DELETE FROM hits WHERE key = ?", (self._key(key),))
        finally:
            db.close()
