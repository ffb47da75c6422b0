"""The search panel searches off the GUI thread; a newer search cancels an older one."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from PySide6.QtCore import QTimer

from reader.app import ReaderCore
from reader.ui.search_panel import SearchPanel

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"


def indexed_core(tmp_path: Path) -> ReaderCore:
    library = tmp_path / "library"
    shutil.copytree(SEEDS, library)
    core = ReaderCore(library, tmp_path / "index", tmp_path / "bookmarks.sqlite3")
    core.load()
    core.index()
    return core


def test_slow_search_keeps_the_window_responsive_and_newest_wins(qtbot, tmp_path: Path) -> None:
    core = indexed_core(tmp_path)
    cancelled: list[str] = []
    release = threading.Event()

    def search(request, cancel):
        if request.query == "煤":  # the first, slow query: waits until it is cancelled
            while not cancel.is_set() and not release.is_set():
                time.sleep(0.01)
            if cancel.is_set():
                cancelled.append(request.query)
        return core.search(request, cancel)

    panel = SearchPanel(search)
    qtbot.addWidget(panel)
    ticks: list[float] = []
    timer = QTimer(panel)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(10)
    panel.search("煤")
    qtbot.wait(200)
    assert len(ticks) >= 5  # the event loop ran while the slow search was under way
    assert panel.results is None and panel.status.text() == "正在搜索…"
    with qtbot.waitSignal(panel.results_shown, timeout=30_000) as shown:
        panel.search("发展")
    release.set()
    assert cancelled == ["煤"]
    assert shown.args[0].query == "发展" and panel.results.query == "发展"
    qtbot.wait(100)
    assert panel.results.query == "发展"  # the stale answer never replaced it
    panel.runner.shutdown()
    core.close()
