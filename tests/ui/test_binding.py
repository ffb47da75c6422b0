"""Guards against Qt binding bugs that once crashed the window.

PySide6 6.12.0 on CPython 3.11 dropped one reference to ``None`` on every Qt call that
returns nothing; after ~1,000 such calls (opening ~1,000 stories) the interpreter aborted
with ``none_dealloc``. The dependency is pinned below that release; this test fails on any
binding that brings the leak back.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QScrollBar

CALLS = 3000


def test_void_calls_keep_none_refcount(qtbot) -> None:
    bar = QScrollBar()
    qtbot.addWidget(bar)
    bar.setRange(0, 100)
    before = sys.getrefcount(None)
    for i in range(CALLS):
        bar.setValue(i % 100)  # returns None: the leaking path
    drift = sys.getrefcount(None) - before
    # Unrelated code may take or drop a handful of references; a leak loses one per call.
    assert abs(drift) < CALLS // 10, f"None refcount drifted by {drift} over {CALLS} void calls"
