"""Start-up survives what a disk or an old version leaves behind, and failures are logged."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtWidgets import QMessageBox

from reader.logs import LOG_NAME, setup_logging
from reader.paths import bookmarks_db, data_dir, log_dir, settings_file
from reader.ui.app import create_window
from reader.ui.tasks import Task, start


def notices(window) -> list[str]:
    return [box.text() for box in window.findChildren(QMessageBox) if box.isVisible()]


def test_damaged_bookmarks_database_is_kept_and_explained(qtbot) -> None:
    path = bookmarks_db()
    path.write_bytes(b"not a database" * 500)
    window = create_window(None)
    qtbot.addWidget(window)
    [text] = notices(window)
    aside = window.core.bookmarks.set_aside
    assert aside is not None and str(aside) in text
    assert aside.read_bytes() == b"not a database" * 500
    assert window.core.bookmarks.all() == []
    window.core.close()


def test_bad_settings_values_are_ignored(qtbot) -> None:
    settings = QSettings(str(settings_file()), QSettings.Format.IniFormat)
    for key, value in (("zoom", "abc"), ("window_state", 12345), ("geometry", "x")):
        settings.setValue(key, value)
    settings.sync()
    window = create_window(None)
    qtbot.addWidget(window)
    window.show()
    assert window.article.point_size > 0 and not notices(window)
    window.core.close()


def test_zoom_out_of_range_is_ignored(qtbot) -> None:
    settings = QSettings(str(settings_file()), QSettings.Format.IniFormat)
    settings.setValue("zoom", 100000)
    settings.sync()
    window = create_window(None)
    qtbot.addWidget(window)
    assert window.article.point_size < 100
    window.core.close()


def test_unwritable_data_folder_is_explained_and_the_app_runs(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    window = create_window(None)
    qtbot.addWidget(window)
    [text] = notices(window)
    assert "无法写入" in text and str(data_dir()) in text
    assert not data_dir().is_relative_to(blocker)
    window.start()
    qtbot.waitUntil(lambda: window.is_index_ready, timeout=60_000)
    assert window.core.archive.stories
    window.core.close()


def test_failures_in_background_work_are_logged_with_traceback(qtbot, tmp_path: Path) -> None:
    log_file = setup_logging(tmp_path / "logs")
    assert log_file == tmp_path / "logs" / LOG_NAME

    def broken(_report):
        raise RuntimeError("canary failure 7431")

    task = Task(broken)
    with qtbot.waitSignal(task.signals.failed, timeout=10_000):
        start(task)
    for handler in logging.getLogger("reader").handlers:
        handler.flush()
    text = log_file.read_text("utf-8")
    assert "canary failure 7431" in text and "Traceback" in text


class EndlessWork:
    """Work that reports progress until it is stopped (or a long safety bound passes)."""

    def __init__(self) -> None:
        self.started, self.stopped = threading.Event(), threading.Event()
        self.reports = 0

    def __call__(self, report) -> str:
        self.started.set()
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                report(self.reports, 0, "读取版面")
                self.reports += 1
                time.sleep(0.005)
            return "ran to the end"
        finally:
            self.stopped.set()


def test_a_cancelled_task_stops_at_its_next_report_and_delivers_nothing(qtbot) -> None:
    work, delivered = EndlessWork(), []
    task = Task(work)
    task.signals.done.connect(delivered.append)
    task.signals.failed.connect(delivered.append)
    start(task)
    assert work.started.wait(10)
    task.cancel()
    assert work.stopped.wait(10)
    assert QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(50)  # queued signals, had any been sent, arrive here
    assert delivered == []


def test_closing_the_window_stops_its_background_work(qtbot) -> None:
    """Closing while the library is still read: the work stops, so the app can wait for
    it at exit (a worker reporting through a torn-down object crashed the process)."""
    window = create_window(None)
    qtbot.addWidget(window)
    work = EndlessWork()
    window._run(work, lambda _result: None)
    assert work.started.wait(10)
    window.close()
    assert work.stopped.wait(10)
    assert QThreadPool.globalInstance().waitForDone(10_000)
    window.core.close()


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name == "nt", reason="POSIX signals")
def test_a_terminate_signal_closes_the_window_as_quitting_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``kill`` (or a session logging out) saves the window's layout, as 退出 does."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))  # the app's log, read below
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    log_file = log_dir() / LOG_NAME
    child = subprocess.Popen([sys.executable, "-m", "reader"], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        if log_file.is_file() and "window shown" in log_file.read_text("utf-8"):
            break
        time.sleep(0.1)
    assert child.poll() is None, "the app ended before its window was shown"
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=60) == 0
    saved = QSettings(str(settings_file()), QSettings.Format.IniFormat)
    assert saved.value("geometry") is not None and saved.value("window_state") is not None
    text = log_file.read_text("utf-8")
    assert "closing on signal" in text and "CRITICAL" not in text


def test_help_menu_opens_the_log_folder(qtbot) -> None:
    window = create_window(None)
    qtbot.addWidget(window)
    titles = [a.text() for menu in window.menuBar().actions() for a in menu.menu().actions()]
    assert "打开日志文件夹" in titles
    window.core.close()


def test_qt_dialogs_speak_chinese(qapp) -> None:
    from PySide6.QtCore import QCoreApplication

    from reader.ui.app import install_qt_translation

    assert install_qt_translation(qapp)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("QPlatformTheme", "OK") == "确定"
