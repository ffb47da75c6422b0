"""An advisory lock between processes, held on an open file.

The operating system releases it when the holder exits, even under ``kill -9``, so a
crashed process never leaves a stale lock behind (a lock *file* that merely exists would).
POSIX uses ``flock``; Windows locks the first byte with ``msvcrt.locking``. ``try_lock`` and
``unlock`` are the primitives the search index's own lock builds on too.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from types import TracebackType

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class LockTimeout(TimeoutError):
    """Another process held the lock for longer than the caller wanted to wait."""


class FileLock:
    """``with FileLock(path):`` — exclusive across processes (not re-entrant)."""

    _POLL_S = 0.05

    def __init__(self, path: Path, timeout: float | None = 30.0) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, timeout: float | None = None, cancel: threading.Event | None = None) -> bool:
        """Take the lock; wait up to ``timeout`` seconds (0: try once; None: for ever) or
        until ``cancel`` is set. False if not taken."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            while not try_lock(fd):
                stop = cancel is not None and cancel.is_set()
                if stop or (deadline is not None and time.monotonic() >= deadline):
                    os.close(fd)
                    return False
                time.sleep(self._POLL_S)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return True

    def note_holder(self) -> None:
        """Write this process's id into the held lock file, for people looking at it."""
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)
            os.write(self._fd, f"{os.getpid()}\n".encode())
        except OSError:
            pass

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> FileLock:
        if not self.acquire(self.timeout):
            raise LockTimeout(f"{self.path} is held by another process")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.release()
