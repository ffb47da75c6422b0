"""The user's own SQLite files (bookmarks, fixes): opened safely, written in transactions.

Each write is one transaction in WAL mode with full sync, so a crash rolls back to the last
saved state. A file that is not a sound database of the expected shape is never deleted:
it is put aside under a name that says so (``….damaged-<time>``) and a fresh one started;
``set_aside`` tells the app where it went so it can say so. A database that is merely busy,
locked or read-only is left alone (the error is raised).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)


class UserDatabase:
    """Subclasses name their table, its schema and the columns they read."""

    SCHEMA: str
    TABLE: str
    COLUMNS: tuple[str, ...]

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.set_aside: Path | None = None  # where a damaged database was moved
        try:
            self._db = self._open()
        except sqlite3.OperationalError:
            raise  # busy, locked or read-only: the file is fine, leave it alone
        except sqlite3.DatabaseError as exc:
            log.error(
                "%s database %s is damaged (%s); setting it aside", self.TABLE, self.path, exc
            )
            self.set_aside = self._put_aside()
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("BEGIN IMMEDIATE")
            db.execute(self.SCHEMA)
            db.execute("COMMIT")
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("quick_check failed")
            # a table of the right name but another shape is as unusable as a damaged file
            columns = tuple(row[1] for row in db.execute(f"PRAGMA table_info({self.TABLE})"))
            if columns[: len(self.COLUMNS)] != self.COLUMNS:
                raise sqlite3.DatabaseError(f"unexpected {self.TABLE} table: {columns}")
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _put_aside(self) -> Path:
        """Keep the damaged file (never delete the user's data) under a name that says so."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        number = 2
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{number}")
            number += 1
        for suffix in ("", "-wal", "-shm"):
            part = self.path.with_name(self.path.name + suffix)
            if part.exists():
                part.replace(target.with_name(target.name + suffix))
        return target

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()
