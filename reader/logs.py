"""Logging to a rotating file in the user's log folder.

A frozen app has no console: its failures are only visible if they are written somewhere
the user (or whoever helps them) can find, so every caught exception is logged with its
traceback, and so are uncaught ones (``sys.excepthook``, also for threads).
"""

from __future__ import annotations

import logging
import sys
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path

from reader.paths import LibraryFolders, log_dir

LOG_NAME = "reader.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

log = logging.getLogger("reader")


def setup_logging(folder: Path | None = None, level: int = logging.INFO) -> Path | None:
    """Send the ``reader`` loggers to ``folder/reader.log``; returns the file, or None.

    A log folder that cannot be created must not stop the app: logging then goes to stderr.
    """
    for handler in list(log.handlers):
        if getattr(handler, "_reader_file", False):
            log.removeHandler(handler)
            handler.close()
    path: Path | None = None
    try:
        folder = folder or log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / LOG_NAME
        handler: logging.Handler = RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError as exc:
        handler = logging.StreamHandler(sys.stderr)
        print(
            f"newspaper-reader: cannot write the log file ({exc}); logging to stderr",
            file=sys.stderr,
        )
        path = None
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._reader_file = True  # type: ignore[attr-defined]
    log.addHandler(handler)
    log.setLevel(level)
    _install_hooks()
    return path


def _install_hooks() -> None:
    previous = sys.excepthook

    def excepthook(kind, value, trace) -> None:
        if not issubclass(kind, KeyboardInterrupt):
            log.critical("uncaught exception", exc_info=(kind, value, trace))
        previous(kind, value, trace)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        log.critical(
            "uncaught exception in thread %s",
            args.thread.name if args.thread else "?",
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )

    if not getattr(sys.excepthook, "_reader", False):
        excepthook._reader = True  # type: ignore[attr-defined]
        sys.excepthook = excepthook
    threading.excepthook = thread_hook


def library_text(folders: LibraryFolders) -> str:
    """A library as the log names it: the folder (or, for the default library, the
    samples and the user's own folder it reads together), and where imports go."""
    roots = ", ".join(str(root) for root in folders.roots)
    kind = "default library" if folders.is_default else "library"
    return f"{kind} {roots} (imports to {folders.import_root})"
