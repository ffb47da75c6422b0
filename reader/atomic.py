"""Saving files so that a crash leaves the old version or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def _process_umask() -> int:
    """The umask, read once at import (setting it is the only way to read it portably,
    so it is done before any thread could create files)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _process_umask()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename it over.

    The temporary name is unique, so two writers never share (and clobber) one, and it is
    removed when writing fails (a full disk leaves no ``.tmp`` behind). The file gets the
    permissions of the one it replaces, or those a plain ``open()`` would give: mkstemp
    makes it private (0600), and an exported article should not be.
    """
    path = Path(path)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        _set_mode(handle, path)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    sync_folder(path.parent)


def _set_mode(handle: int, path: Path) -> None:
    if os.name == "nt":  # no POSIX permission bits to carry over
        return
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_UMASK
    os.fchmod(handle, mode)


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    atomic_write_bytes(path, text.encode(encoding))


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX); Windows has no folder handles to sync."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
