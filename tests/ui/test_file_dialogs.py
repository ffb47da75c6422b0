"""Qt's own file dialog (the one on a bare Linux) reads Chinese everywhere: labels, buttons,
tool tips and column heads — not "Look in:" and "Files of type:"."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFileDialog,
    QHeaderView,
    QLabel,
)
from uiharness import App

from reader.ui import file_dialogs
from reader.ui.app import install_qt_translation

ENGLISH = re.compile(r"[A-Za-z]{2,}")


def _texts(dialog: QFileDialog) -> list[str]:
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]
    for button in dialog.findChildren(QAbstractButton):
        if button.isVisible():
            texts += [button.text(), button.toolTip()]
    for header in dialog.findChildren(QHeaderView):
        model = header.model()
        if header.isVisible() and model is not None:
            texts += [str(model.headerData(i, header.orientation())) for i in range(header.count())]
    return [t for t in texts if t]


def _seen_while_open(qtbot, open_it) -> list[str]:
    """Open a dialog through the app's code, read what it shows, cancel it."""
    seen: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, look)
            return
        seen.extend(_texts(dialog))
        dialog.reject()

    QTimer.singleShot(20, look)
    open_it()
    return seen


def test_file_dialogs_have_no_english_labels(qtbot, tmp_path: Path) -> None:
    install_qt_translation(QApplication.instance())
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    for open_it in (
        lambda: file_dialogs.open_files(None, "导入版面", str(tmp_path), ["版面文字 (*.txt)"]),
        lambda: file_dialogs.open_file(None, "导入更正", str(tmp_path), ["JSON (*.json)"]),
        lambda: file_dialogs.existing_folder(None, "打开书库", str(tmp_path)),
        lambda: file_dialogs.save_file(
            None, "导出文章", str(tmp_path / "文章.md"), ["Markdown (*.md)"]
        ),
    ):
        seen = _seen_while_open(qtbot, open_it)
        assert any("查找范围" in text for text in seen)
        english = [t for t in seen if ENGLISH.search(t.replace("&", ""))]
        assert english == [], english


def test_the_window_saves_through_the_chinese_dialog(app: App, qtbot) -> None:
    window = app.open()
    seen = _seen_while_open(qtbot, lambda: window.ask_save_path("导出", "文章", [("PDF", ".pdf")]))
    assert any("文件类型" in text for text in seen)
