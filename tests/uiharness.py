"""A real main window on a library in a temp folder, with its own index, bookmarks and
settings (shared by the UI tests)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from reader.app import ReaderCore
from reader.model import Story
from reader.ui.main_window import MainWindow

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


class App:
    def __init__(self, qtbot, root: Path, library: Path) -> None:
        self.qtbot, self.root, self.library = qtbot, root, library
        self.window: MainWindow | None = None

    def unstarted(self) -> MainWindow:
        """The window made but not shown or started: what it offers before the first read."""
        core = ReaderCore(
            self.library, index_root=self.root / "index", store_path=self.root / "bookmarks.sqlite3"
        )
        settings = QSettings(str(self.root / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(core, settings)
        self.qtbot.addWidget(window)
        self.window = window
        return window

    def open(self) -> MainWindow:
        window = self.unstarted()
        window.show()
        window.start()
        assert not window.is_index_ready  # the window is up before the index
        self.qtbot.waitUntil(lambda: window.is_index_ready, timeout=60_000)
        return window

    def close(self) -> None:
        if self.window is not None:
            self.window.close()
            self.window.core.close()
            self.window = None


def answered(qtbot, window: MainWindow, action) -> object:
    """Do ``action`` and wait for the search panel to show its answer (searches run off
    the GUI thread)."""
    with qtbot.waitSignal(window.search_panel.results_shown, timeout=30_000) as blocker:
        action()
    return blocker.args[0]


def longest_story(window: MainWindow) -> Story:
    """The story with the most text (longer than any pane)."""
    return max(
        window.core.archive.stories,
        key=lambda s: sum(len(p) for a in s.fragments for p in a.paragraphs),
    )


def answer_dialogs(
    fill: Callable[[QFileDialog], None], button: QMessageBox.StandardButton, asked: list[str]
) -> None:
    """Answer the modal dialogs the next action opens, as a reader would: its file dialog
    filled in by ``fill`` and accepted, then its question with ``button`` (the question's
    text noted in ``asked``)."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QFileDialog):
            fill(dialog)
            dialog.accept()
        elif isinstance(dialog, QMessageBox):
            asked.append(dialog.text())
            dialog.button(button).click()
            return
        QTimer.singleShot(20, answer)

    QTimer.singleShot(20, answer)
