"""Page images of PDF pages, made by pdfium in a process of their own.

pdfium must never run in two threads of one process at once, and the library reads PDFs
on worker threads while the reader looks at a page: a render in a thread of the window's
process crashed it (a segmentation fault). In a process of its own pdfium shares nothing,
and a damaged file that crashes it takes down that process, not the window. No Qt here:
the worker process imports only this module and pypdfium2.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context

log = logging.getLogger(__name__)

MISSING, DAMAGED, NO_PAGE = "missing", "damaged", "no_page"


@dataclass(frozen=True, slots=True)
class Bits:
    """A rendered page as 32-bit BGRx pixels (what Qt calls RGB32), or why there is none."""

    width: int = 0
    height: int = 0
    stride: int = 0
    data: bytes = b""
    problem: str | None = None
    detail: str = ""


def render_bits(path: str, index: int, scale: float) -> Bits:
    """Render page ``index`` of ``path`` at ``scale`` pixels per point (in the worker).

    Problems with the file are answers, not exceptions, so the view can word them.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        document = pdfium.PdfDocument(path)
    except FileNotFoundError as exc:
        return Bits(problem=MISSING, detail=str(exc))
    except (pdfium.PdfiumError, OSError, ValueError) as exc:
        return Bits(problem=DAMAGED, detail=str(exc))
    try:
        if not 0 <= index < len(document):
            return Bits(problem=NO_PAGE)
        page = document[index]
        bitmap = page.render(
            scale=scale,
            force_bitmap_format=pdfium_c.FPDFBitmap_BGRx,
            fill_color=(255, 255, 255, 255),
        )
        bits = Bits(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))
        bitmap.close()
        page.close()
        return bits
    except (pdfium.PdfiumError, OSError, ValueError) as exc:
        return Bits(problem=DAMAGED, detail=str(exc))
    finally:
        document.close()


def _exit_with_parent() -> None:
    """Worker initializer: leave the moment the window's process is gone (killed, crashed),
    instead of waiting on the task queue forever."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        try:
            parent.join()
        finally:
            os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


class Renderer:
    """One worker process for all page images, started at the first render and started
    again after a crash."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def render(self, path: str, index: int, scale: float) -> Bits:
        """Render in the worker; a worker that died (killed, or pdfium crashed) is replaced
        and asked once more, and a file that crashes a fresh worker too is damaged."""
        for _attempt in range(2):
            pool = self._get_pool()
            try:
                return pool.submit(render_bits, path, index, scale).result()
            except BrokenProcessPool:
                log.warning("page renderer died on %s page %d", path, index)
                with self._lock:
                    if self._pool is pool:
                        self._pool = None
                pool.shutdown(wait=False, cancel_futures=True)
        return Bits(problem=DAMAGED, detail="pdfium crashed on this page")

    def _get_pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=get_context("spawn"),
                    initializer=_exit_with_parent,
                )
            return self._pool

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


RENDERER = Renderer()
atexit.register(RENDERER.close)
