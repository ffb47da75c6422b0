"""Qt's print dialog in Chinese throughout.

With ``qtbase_zh_CN`` installed Qt's print dialog is Chinese except for a few labels that
the translation lacks (measured under Xvfb, Qt 6): "Page &Set:" in the options, and in the
printer properties (on a system with CUPS) "Scheduled &printing:", "Job &priority:" and
others. Like the file dialogs (``reader.ui.file_dialogs``), we set those labels ourselves:
every window the print dialog opens is looked at when it is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QGroupBox, QLabel, QWidget


def missing_texts() -> dict[str, str]:
    """Qt's English label → the Chinese shown instead (mnemonics kept)."""
    tr = QCoreApplication.translate
    return {
        "Page &Set:": tr("PrintDialog", "页面集(&S)："),
        "Scheduled &printing:": tr("PrintDialog", "定时打印(&P)："),
        "&Billing information:": tr("PrintDialog", "计费信息(&B)："),
        "Job &priority:": tr("PrintDialog", "作业优先级(&P)："),
        "&Start:": tr("PrintDialog", "开始横幅页(&S)："),
        "&End:": tr("PrintDialog", "结束横幅页(&E)："),
        "Page &order:": tr("PrintDialog", "页面顺序(&O)："),
        "Pages &per sheet:": tr("PrintDialog", "每张页数(&P)："),
    }


def translate_labels(root: QWidget) -> int:
    """Replace the untranslated labels under ``root``; how many were replaced."""
    texts = missing_texts()
    replaced = 0
    for label in root.findChildren(QLabel):
        if label.text() in texts:
            label.setText(texts[label.text()])
            replaced += 1
    for button in root.findChildren(QAbstractButton):
        if button.text() in texts:
            button.setText(texts[button.text()])
            replaced += 1
    for group in root.findChildren(QGroupBox):
        if group.title() in texts:
            group.setTitle(texts[group.title()])
            replaced += 1
    return replaced


class _OnShow(QObject):
    """Translates every window as it is shown (the printer properties are made late)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            translate_labels(watched)
        return False


def print_dialog(printer: QPrinter, parent: QWidget | None) -> QPrintDialog:
    """A print dialog with every label Chinese (not yet shown)."""
    dialog = QPrintDialog(printer, parent)
    translate_labels(dialog)
    return dialog


def ask_to_print(printer: QPrinter, parent: QWidget | None) -> bool:
    """Show the print dialog; whether the reader chose to print."""
    dialog = print_dialog(printer, parent)
    watcher = _OnShow()
    app = QApplication.instance()
    app.installEventFilter(watcher)  # only while the dialog is open
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        app.removeEventFilter(watcher)
        dialog.deleteLater()
