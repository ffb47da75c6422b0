"""Analysis worker processes that never outlive their parent.

A ``ProcessPoolExecutor`` worker blocks on its task queue; when the parent is killed (kill
-9, a crash, the window closed during a first build) nothing tells it, and it kept working
on its chunk and then waited for minutes with hundreds of MB. Each worker here starts two
daemon threads in its initializer:

- one waits on the parent's sentinel (``multiprocessing.parent_process()``: a pipe the
  parent holds open on POSIX, the parent's process handle on Windows) and exits the worker
  the moment the parent is gone;
- one waits on a stop event the parent sets to cancel a build (``WhooshEngine.close``), so
  a worker in the middle of a long chunk stops at once instead of finishing it.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from typing import Any

from reader.language.segmenter import tokenizer


def _exit_when(wait: Any) -> None:
    def watch() -> None:
        try:
            wait()
        finally:
            os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def worker_initializer(stop: Any) -> None:
    parent = multiprocessing.parent_process()
    if parent is not None:
        _exit_when(parent.join)
    _exit_when(stop.wait)
    tokenizer()


@contextmanager
def worker_pool(
    workers: int, pools: set, prepare: Callable[[], object] | None = None
) -> Iterator[tuple[ProcessPoolExecutor, Any]]:
    """A spawn-context pool whose workers die with this process; registered in ``pools``
    (as its stop event) while open, so ``close()`` elsewhere can stop it.

    ``prepare``: a first task for each worker, given at once. A pool starts its workers
    when tasks come, and a worker's start (a new interpreter, its imports, jieba's
    dictionary) takes a second or more: with ``prepare`` that happens while the caller
    does other work before giving the real tasks."""
    context = get_context("spawn")
    stop = context.Event()
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=worker_initializer,
        initargs=(stop,),
    )
    pools.add(stop)
    failed = True
    try:
        for _ in range(workers if prepare is not None else 0):
            pool.submit(prepare)
        yield pool, stop
        failed = False
    finally:
        pools.discard(stop)
        if failed:
            stop.set()  # workers exit at once; their futures fail
        pool.shutdown(wait=True, cancel_futures=True)
