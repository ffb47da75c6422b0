"""One inter-process lock per index folder: only its holder builds, updates or cleans up.

An OS file lock (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows) on a small file
that is never deleted: the operating system releases it when the holding process dies, kill
-9 included, so there is no stale lock to guess about and no pid to trust. Whoosh's own
write lock only covers one index folder; this one also covers which folder is live
(``state.json``) and the removal of folders a build left behind, so a second program (or a
second window) never deletes a build that another one is still writing.

The lock is re-entrant within one ``IndexLock`` object (the engine's writer thread takes it
for a build and again for the clean-up inside); two objects, in one process or two, exclude
each other.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reader.filelock import FileLock

LOCK_FILE = "index.lock"


class IndexLock:
    """A re-entrant ``FileLock`` on the index folder's lock file."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / LOCK_FILE
        self._file = FileLock(self.path)
        self._depth = 0
        self._guard = threading.RLock()

    @property
    def held(self) -> bool:
        return self._file.held

    def acquire(self, timeout: float = 0.0, cancel: threading.Event | None = None) -> bool:
        """Take the lock, waiting up to ``timeout`` seconds (0: try once). False: busy."""
        with self._guard:
            if self._file.held:
                self._depth += 1
                return True
            if not self._file.acquire(timeout, cancel):
                return False
            self._depth = 1
            self._file.note_holder()
            return True

    def release(self) -> None:
        with self._guard:
            if not self._file.held:
                return
            self._depth -= 1
            if self._depth == 0:
                self._file.release()

    def is_locked_elsewhere(self) -> bool:
        """True when another holder has the lock right now (a snapshot, for messages)."""
        if self.acquire(0.0):
            self.release()
            return False
        return True
