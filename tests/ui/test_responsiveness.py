"""The stall probe behind ``bench --ui``: a GUI thread kept busy is reported as a gap, with
the code it was kept busy in (the benchmark's numbers are only as good as this)."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QTimer

from reader.ui.responsiveness import THRESHOLD_MS, StallProbe


def hold_the_gui_thread() -> None:
    time.sleep(0.25)


def hold_the_interpreter_lock() -> None:
    """A worker thread in one long C call that keeps the interpreter lock (the GUI thread
    cannot run a single Python line meanwhile)."""
    for _ in range(3):
        sum(range(8_000_000))  # a C loop: no switch to other threads until it ends


def test_a_busy_gui_thread_is_a_gap_named_by_its_code(qtbot) -> None:
    probe = StallProbe()
    probe.set_phase("busy")
    probe.start()
    qtbot.wait(60)
    QTimer.singleShot(0, hold_the_gui_thread)
    qtbot.wait(400)
    probe.stop()
    [gap] = [g for g in probe.gaps if g.ms >= 200]  # slept 250 ms: at least 200 late
    assert gap.phase == "busy"
    assert any("gui: " in where and "hold_the_gui_thread" in where for where, _ in gap.where)


def test_a_worker_holding_the_interpreter_is_caught_too(qtbot) -> None:
    probe = StallProbe()
    probe.start()
    qtbot.wait(60)
    worker = threading.Thread(target=hold_the_interpreter_lock)
    started = time.perf_counter()
    worker.start()
    worker.join()
    held = time.perf_counter() - started
    qtbot.wait(100)
    probe.stop()
    if held * 1000 < 2 * THRESHOLD_MS:
        return  # too fast a machine to hold the lock long enough: nothing to see
    assert any(
        "worker: " in where and "hold_the_interpreter_lock" in where
        for gap in probe.gaps
        for where, _ in gap.where
    )
