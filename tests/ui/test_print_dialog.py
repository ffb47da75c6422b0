"""Qt's print dialog, opened as 打印… opens it, shows no English label — neither in its
options nor in the printer properties it opens."""

from __future__ import annotations

import re

from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QPushButton

from reader.ui.app import install_qt_translation

# an English label: words and a colon, as Qt writes them ("Page &Set:"); Chinese ones end
# in a full-width colon
ENGLISH_LABEL = re.compile(r"^[&A-Za-z][&A-Za-z ]*:$")


def _labels(root) -> list[str]:
    texts = [label.text() for label in root.findChildren(QLabel)]
    texts += [button.text() for button in root.findChildren(QAbstractButton)]
    texts += [group.title() for group in root.findChildren(QGroupBox)]
    return [t for t in texts if t]


def _press(root, text: str) -> bool:
    for button in root.findChildren(QPushButton):
        if text in button.text():
            button.click()
            return True
    return False


def test_print_dialog_labels_are_chinese(app) -> None:
    install_qt_translation(QApplication.instance())
    seen: dict[str, list[str]] = {}

    def properties() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or isinstance(dialog, QPrintDialog):
            QTimer.singleShot(20, properties)
            return
        seen["properties"] = _labels(dialog)
        dialog.reject()

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QPrintDialog):
            QTimer.singleShot(20, look)
            return
        _press(dialog, "选项")  # the options part: copies, pages, page set
        seen["dialog"] = _labels(dialog)
        QTimer.singleShot(20, properties)
        if not _press(dialog, "属性"):  # opens the printer properties (modal)
            seen["properties"] = []
        dialog.reject()

    QTimer.singleShot(20, look)
    app.open()._print()
    assert seen["dialog"], "the print dialog was not seen"
    assert any("打印" in t for t in seen["dialog"])  # the translation is in use
    english = [t for t in seen["dialog"] + seen["properties"] if ENGLISH_LABEL.match(t)]
    assert english == []
