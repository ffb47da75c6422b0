"""Qt's own file dialog (the one on a bare Linux) reads Chinese everywhere: labels, buttons,
tool tips and column heads — not "Look in:" and "Files of type:"."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFileDialog,
    QFileSystemModel,
    QHeaderView,
    QLabel,
)
from uiharness import SEEDS, App, answer_dialogs

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


def test_the_type_column_says_folder_in_chinese(qtbot, tmp_path: Path) -> None:
    install_qt_translation(QApplication.instance())
    (tmp_path / "报纸").mkdir()
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    types: dict[str, str] = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        model = dialog.findChild(QFileSystemModel) if isinstance(dialog, QFileDialog) else None
        folder = model.index(str(tmp_path / "报纸")) if model is not None else None
        if folder is None or not folder.isValid() or model.rowCount(folder.parent()) < 2:
            QTimer.singleShot(20, look)
            return
        for row in range(model.rowCount(folder.parent())):
            name = model.index(row, 0, folder.parent()).data()
            types[name] = model.index(row, 2, folder.parent()).data()
        dialog.reject()

    QTimer.singleShot(20, look)
    file_dialogs.open_files(None, "导入版面", str(tmp_path), ["全部 (*)"])
    assert types["报纸"] == "文件夹"  # Qt's own word was "Folder"


def _folder_offered(qtbot, open_it, save_as: Path | None = None) -> Path:
    """Open a save dialog through the window's code; note the folder it opens in, then
    cancel it or save in the folder of ``save_as``."""
    offered: list[Path] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, look)
            return
        offered.append(Path(dialog.directory().absolutePath()))
        if save_as is None:
            dialog.reject()
        else:
            dialog.selectFile(str(save_as))
            dialog.accept()

    QTimer.singleShot(20, look)
    open_it()
    return offered[0]


def test_exports_start_in_documents_then_the_last_export_folder(
    app: App, qtbot, tmp_path: Path
) -> None:
    window = app.open()
    documents = Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    )
    documents.mkdir(parents=True, exist_ok=True)
    imported_from = tmp_path / "scans"
    imported_from.mkdir()
    window.remember_folder(imported_from)  # as an import (or opening a library) does
    assert window.article.story is not None
    exports = {
        "article": window._export_article,
        "issue": window._export_issue,
        "bookmarks": lambda: window._export_bookmarks("md"),
        "pdf": window._export_pdf,
    }
    for name, open_it in exports.items():
        assert _folder_offered(qtbot, open_it) == documents, name
    chosen = tmp_path / "exports"
    chosen.mkdir()
    _folder_offered(qtbot, window._export_article, save_as=chosen / "一篇.md")
    assert [p.suffix for p in chosen.iterdir()] == [".md"]  # the article was saved there
    for name, open_it in exports.items():
        assert _folder_offered(qtbot, open_it) == chosen, name
    window.remember_folder(imported_from)  # a later import does not move the exports
    assert _folder_offered(qtbot, window._export_pdf) == chosen
    assert window.start_folder() == imported_from  # imports still start where they were


def test_size_and_date_columns_read_whole(qtbot, tmp_path: Path) -> None:
    """Qt's dialog cut the date to "23 11 2…6" and the size to "407…tes": every detail
    column is at least as wide as Qt's own measure of its widest cell."""
    from PySide6.QtWidgets import QTreeView

    install_qt_translation(QApplication.instance())
    (tmp_path / "2025-06-25 乌海日报 第01版.txt").write_text("x" * 407, encoding="utf-8")
    (tmp_path / "b.txt").write_text("y" * 40_000, encoding="utf-8")
    seen: dict[str, tuple[int, int]] = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        view = dialog.findChild(QTreeView, "treeView") if dialog is not None else None
        model = dialog.findChild(QFileSystemModel) if view is not None else None
        root = model.index(str(tmp_path)) if model is not None else None
        if root is None or model.rowCount(root) < 2 or not view.isVisible():
            QTimer.singleShot(20, look)
            return
        QApplication.processEvents()
        for column in range(1, model.columnCount(root)):
            name = str(model.headerData(column, view.header().orientation()))
            seen[name] = (view.columnWidth(column), view.sizeHintForColumn(column))
        seen["名称"] = (view.columnWidth(0), view.viewport().width())
        dialog.reject()

    QTimer.singleShot(20, look)
    file_dialogs.open_files(None, "导入版面", str(tmp_path), ["全部 (*)"])
    name_width, room = seen.pop("名称")
    assert len(seen) == 3 and all(width >= needed > 0 for width, needed in seen.values()), seen
    assert name_width >= file_dialogs.NAME_COLUMN_MIN
    assert name_width + sum(width for width, _ in seen.values()) <= room  # no sideways scroll


def test_open_library_starts_beside_the_library_open_now(qtbot, tmp_path: Path) -> None:
    """Other libraries are kept next to the one open now; the dialog opened in the home
    folder when none had been opened through it before (trial)."""
    library = tmp_path / "libraries" / "本地报纸"
    shutil.copytree(SEEDS, library)
    harness = App(qtbot, tmp_path, library)
    window = harness.open()
    assert _folder_offered(qtbot, window._open_library_dialog) == library.parent
    harness.close()


def test_a_folder_without_pages_is_opened_as_a_library_only_when_confirmed(
    qtbot, tmp_path: Path
) -> None:
    """A folder holding no page file (the trial picked one of exports) is most likely the
    wrong folder: the reader is asked, and no (the default) keeps the library open now."""
    from PySide6.QtWidgets import QMessageBox

    library = tmp_path / "本地报纸"
    shutil.copytree(SEEDS, library)
    exports = tmp_path / "导出"
    exports.mkdir()
    (exports / "书签.csv").write_text("编号,标题\n", encoding="utf-8")
    harness = App(qtbot, tmp_path, library)
    window = harness.open()
    asked: list[str] = []

    def fill(dialog: QFileDialog) -> None:
        dialog.setDirectory(str(exports))  # accepted with no file chosen: this folder

    answer_dialogs(fill, QMessageBox.StandardButton.Cancel, asked)
    window._open_library_dialog()
    assert list(window.core.folders.roots) == [library]
    answer_dialogs(fill, QMessageBox.StandardButton.Open, asked)
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        window._open_library_dialog()
    assert list(window.core.folders.roots) == [exports]
    assert len(asked) == 2 and "没有版面文件" in asked[0]
    # opened, it says where the article would be that it holds no page, and how to add one
    assert "还没有版面" in window.article.placeholderText()
    harness.close()
