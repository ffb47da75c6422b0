"""Run blocking core work off the GUI thread; results come back as Qt signals.

Signals emitted from a worker thread are delivered to receivers in the GUI thread (queued
connections), so slots may touch widgets freely.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class TaskSignals(QObject):
    done = Signal(object)
    failed = Signal(str)
    progress = Signal(int, int, str)


class Cancelled(Exception):
    """Raised inside a cancelled task's work at its next progress report, so the work
    stops there instead of running on after the window that wanted it has closed."""


class Task(QRunnable):
    """``work(report)`` runs in the pool; ``report(done, total, label)`` shows progress.

    ``cancel()`` makes the next ``report`` raise ``Cancelled``: the window cancels its tasks
    when it closes, so the app can wait for them before Python tears down the objects their
    signals live on (a worker emitting on a destroyed object crashed the app at exit).
    A cancelled task delivers nothing, not even its failure.
    """

    def __init__(self, work: Callable[[Callable[[int, int, str], None]], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = TaskSignals()
        self._cancelled = threading.Event()
        self.setAutoDelete(False)  # the owner keeps a reference until ``done``

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def _report(self, done: int, total: int, label: str) -> None:
        if self._cancelled.is_set():
            raise Cancelled
        self.signals.progress.emit(done, total, label)

    def run(self) -> None:
        try:
            result = self.work(self._report)
        except Cancelled:
            log.info("background task cancelled")
            return
        except Exception as exc:  # reported to the user, never a crash of the window
            if self._cancelled.is_set():
                log.info("cancelled background task ended with %s: %s", type(exc).__name__, exc)
                return
            log.exception("background task failed")
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        if not self._cancelled.is_set():
            self.signals.done.emit(result)


def start(task: Task) -> Task:
    QThreadPool.globalInstance().start(task)
    return task


class LatestOnly(QObject):
    """Runs jobs one at a time on a thread of its own; only the newest job's answer counts.

    Made for searches: a new query cancels the one still running (its ``cancel`` event is
    set, so an engine that checks it stops early) and a stale answer is never shown.
    ``finished(ticket, result)`` and ``failed(ticket, message)`` arrive in the GUI thread.
    """

    finished = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._ticket = 0
        self._cancel: threading.Event | None = None

    @property
    def ticket(self) -> int:
        """The newest job's ticket: compare before using an answer."""
        return self._ticket

    def submit(self, work: Callable[[threading.Event], Any]) -> int:
        if self._cancel is not None:
            self._cancel.set()
        self._ticket += 1
        ticket, cancel = self._ticket, threading.Event()
        self._cancel = cancel
        self._executor.submit(self._run, ticket, cancel, work)
        return ticket

    def _run(self, ticket: int, cancel: threading.Event, work: Callable) -> None:
        if cancel.is_set():
            return  # overtaken before it started
        try:
            result = work(cancel)
        except Exception as exc:
            log.exception("background job failed")
            self.failed.emit(ticket, f"{type(exc).__name__}: {exc}")
            return
        if not cancel.is_set():
            self.finished.emit(ticket, result)

    def cancel(self) -> None:
        """Abandon the job under way: its answer will not be delivered."""
        if self._cancel is not None:
            self._cancel.set()
        self._ticket += 1

    def shutdown(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
        self._executor.shutdown(wait=False, cancel_futures=True)
