"""Find in this article (Ctrl+F): matches in the open article, apart from archive search.

Every match is highlighted, the current one more strongly; Enter / Shift+Enter (or F3 in
the bar) step through them, Esc closes the bar and removes the highlights.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QKeyEvent, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextEdit,
    QToolButton,
    QWidget,
)

_ALL = QColor("#fff3b0")
_CURRENT = QColor("#ffab40")


class FindBar(QWidget):
    """A bar under a text view; ``find(text)`` is also the API the tests use."""

    def __init__(self, view: QTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.matches: list[QTextCursor] = []
        self.current = -1
        self.text = ""
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(self.tr("在本文中查找"))
        self.edit.setClearButtonEnabled(True)
        self.count = QLabel(self)
        previous = QToolButton(self)
        previous.setText("↑")
        previous.setToolTip(self.tr("上一个（Shift+Enter）"))
        following = QToolButton(self)
        following.setText("↓")
        following.setToolTip(self.tr("下一个（Enter）"))
        close = QToolButton(self)
        close.setText("×")
        close.setToolTip(self.tr("关闭（Esc）"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(QLabel(self.tr("查找："), self))
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count)
        for button in (previous, following, close):
            layout.addWidget(button)
        self.edit.textChanged.connect(self.find)
        self.edit.installEventFilter(self)
        previous.clicked.connect(lambda: self.step(-1))
        following.clicked.connect(lambda: self.step(1))
        close.clicked.connect(self.close_bar)
        self.hide()

    def open_bar(self) -> None:
        """Show the bar with the selected text (if any) as the search, ready to type."""
        selected = self.view.textCursor().selectedText()
        self.show()
        if selected and "\u2029" not in selected:
            self.edit.setText(selected)
        self.edit.setFocus()
        self.edit.selectAll()
        self.find(self.edit.text())

    def close_bar(self) -> None:
        self.matches, self.current = [], -1
        self.view.setExtraSelections([])
        self.hide()
        self.view.setFocus()

    def refresh(self) -> None:
        """The view shows new content: find again in it."""
        if self.isVisible():
            self.find(self.edit.text())

    def find(self, text: str) -> int:
        """Highlight every match of ``text``; returns how many there are."""
        self.matches, self.text = [], text
        document = self.view.document()
        if text:
            cursor = QTextCursor(document)
            while True:
                cursor = document.find(text, cursor, QTextDocument.FindFlag(0))
                if cursor.isNull():
                    break
                self.matches.append(QTextCursor(cursor))
        self.current = 0 if self.matches else -1
        self._show()
        return len(self.matches)

    def step(self, direction: int) -> None:
        if not self.matches:
            return
        self.current = (self.current + direction) % len(self.matches)
        self._show()

    def _show(self) -> None:
        selections = []
        for index, cursor in enumerate(self.matches):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            char_format = QTextCharFormat()
            char_format.setBackground(_CURRENT if index == self.current else _ALL)
            char_format.setForeground(QColor("black"))
            selection.format = char_format
            selections.append(selection)
        self.view.setExtraSelections(selections)
        if self.matches:
            self.count.setText(f"{self.current + 1}/{len(self.matches)}")
            self.view.setTextCursor(QTextCursor(self.matches[self.current]))
            self.view.ensureCursorVisible()
        else:
            self.count.setText(self.tr("无匹配") if self.text else "")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        pressed = isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
        if watched is self.edit and pressed:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F3):
                shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                self.step(-1 if shift else 1)
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)
