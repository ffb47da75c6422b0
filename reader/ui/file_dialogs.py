"""File dialogs that speak Chinese throughout.

Qt's own file dialog (used where the desktop offers none, e.g. a bare Linux) takes most of
its text from the ``qtbase_zh_CN`` translation, but two labels are looked up as "&Look in:"
and "Files of &type:", which that translation lacks, so they stayed English. Every dialog
here sets its labels itself; a desktop's native dialog ignores them and is translated by the
desktop.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFileDialog, QFileSystemModel, QHeaderView, QTreeView, QWidget

NAME_COLUMN_MIN = 260  # pixels: the file name keeps room for a dated page file's name


def _labels() -> dict[QFileDialog.DialogLabel, str]:
    tr = QCoreApplication.translate
    return {
        QFileDialog.DialogLabel.LookIn: tr("FileDialogs", "查找范围(&L)："),
        QFileDialog.DialogLabel.FileName: tr("FileDialogs", "文件名(&N)："),
        QFileDialog.DialogLabel.FileType: tr("FileDialogs", "文件类型(&T)："),
        QFileDialog.DialogLabel.Reject: tr("FileDialogs", "取消"),
    }


class FileDialog(QFileDialog):
    """Qt's file dialog whose detail columns read whole (see ``fit_columns``)."""

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if fit_columns(self) and not getattr(self, "_fits_on_load", False):
            model = self.findChild(QFileSystemModel)
            if model is not None:  # the rows arrive later: fit the dialog to them then
                model.directoryLoaded.connect(lambda _folder: fit_columns(self))
                self._fits_on_load = True


def fit_columns(dialog: QFileDialog) -> bool:
    """Size, type and date columns as wide as their contents, the name taking the rest.

    Qt's own dialog gives every column a fixed default width, so a date read "23 11 2…6"
    and a size "407…tes". Each column now follows its widest cell as the folder's rows
    arrive, and the dialog is made wide enough for them and a name. A desktop's native
    dialog has no such view: nothing to do (False)."""
    view = dialog.findChild(QTreeView, "treeView")
    if view is None:
        return False
    header = view.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, header.count()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    others = sum(
        max(view.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(1, header.count())
    )
    wanted = dialog.width() - view.viewport().width() + others + NAME_COLUMN_MIN
    screen = dialog.screen().availableGeometry().width() if dialog.screen() else wanted
    if dialog.width() < wanted:
        dialog.resize(min(wanted, screen), dialog.height())
    return True


def file_dialog(
    parent: QWidget | None,
    caption: str,
    folder: str,
    mode: QFileDialog.FileMode,
    filters: list[str] | None = None,
    save: bool = False,
) -> QFileDialog:
    """A dialog set up with Chinese labels (not yet shown)."""
    dialog = FileDialog(parent, caption, folder)
    dialog.setFileMode(mode)
    if mode == QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.setAcceptMode(
        QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen
    )
    if filters:
        dialog.setNameFilters(filters)
    for label, text in _labels().items():
        dialog.setLabelText(label, text)
    tr = QCoreApplication.translate
    accept = tr("FileDialogs", "保存(&S)") if save else tr("FileDialogs", "打开(&O)")
    if mode == QFileDialog.FileMode.Directory:
        accept = tr("FileDialogs", "选择文件夹")
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, accept)
    return dialog


def _run(dialog: QFileDialog) -> list[str]:
    try:
        return dialog.selectedFiles() if dialog.exec() == QFileDialog.DialogCode.Accepted else []
    finally:
        dialog.deleteLater()


def open_files(parent: QWidget | None, caption: str, folder: str, filters: list[str]) -> list[str]:
    return _run(file_dialog(parent, caption, folder, QFileDialog.FileMode.ExistingFiles, filters))


def open_file(parent: QWidget | None, caption: str, folder: str, filters: list[str]) -> str:
    chosen = _run(file_dialog(parent, caption, folder, QFileDialog.FileMode.ExistingFile, filters))
    return chosen[0] if chosen else ""


def existing_folder(parent: QWidget | None, caption: str, folder: str) -> str:
    chosen = _run(file_dialog(parent, caption, folder, QFileDialog.FileMode.Directory))
    return chosen[0] if chosen else ""


def save_file(
    parent: QWidget | None, caption: str, start: str, filters: list[str]
) -> tuple[str, str]:
    """(path, chosen filter); ("", "") when cancelled."""
    folder = str(Path(start).parent)
    dialog = file_dialog(parent, caption, folder, QFileDialog.FileMode.AnyFile, filters, save=True)
    dialog.selectFile(start)
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return "", ""
        return dialog.selectedFiles()[0], dialog.selectedNameFilter()
    finally:
        dialog.deleteLater()
