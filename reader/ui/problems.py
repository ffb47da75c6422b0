"""The problems panel: every file that was not read or not fully analysed, with the reason.

A status line can only count problems; a reader with a large library needs to see which
files they are, why, and get to the page (when it has any text to show).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.archive import Archive
from reader.ui.render import plain_tooltip, ui_text

FILE, KIND, REASON = range(3)


def _reason(message: str, source: str) -> str:
    """Messages name their file first ("path: reason"); the table has a column for that."""
    prefix = f"{source}: "
    return ui_text(message[len(prefix) :] if message.startswith(prefix) else message)


def _in_library(source: str, roots: tuple[Path, ...]) -> str:
    """A page file's path inside the library folder that holds it (its name otherwise)."""
    path = Path(source.split("#", 1)[0])
    for root in roots:
        if path.is_relative_to(root):
            return path.relative_to(root).as_posix() + source[len(str(path)) :]
    return path.name + source[len(str(path)) :]


class ProblemsPanel(QWidget):
    """Emits ``page_opened(article_id)`` for a row whose page has something to show."""

    page_opened = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("文件"), self.tr("情况"), self.tr("原因")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self.table.cellActivated.connect(self._open)
        self.table.cellDoubleClicked.connect(self._open)

    def populate(self, archive: Archive, roots: tuple[Path, ...] = ()) -> int:
        """List the archive's problems (files not read or not fully read, and jump lines
        whose other part was not found on a page the library has); returns how many there
        are. Files are named by their place in the library (``roots``): paper, date and page
        folders say which page it is, where a bare ``02.txt`` could be any issue's."""
        rows: list[tuple[str, str, str, str]] = []
        for page in archive.pages:
            first = page.articles[0].id if page.articles else ""
            for message in page.errors:
                rows.append((page.source, self.tr("未读取"), _reason(message, page.source), ""))
            for message in page.warnings:
                rows.append(
                    (page.source, self.tr("部分问题"), _reason(message, page.source), first)
                )
        for place in archive.unjoined():
            reason = (
                self.tr("%1：%2第%3版，但本期第%3版中未找到接续部分；可用“接续到…”连接")
                .replace("%1", place.article.display_title)
                .replace("%2", place.marker)
                .replace("%3", str(place.other))
            )
            rows.append((place.page.source, self.tr("接续未找到"), reason, place.article.id))
        self.table.setRowCount(len(rows))
        for row, (source, kind, reason, article_id) in enumerate(rows):
            shown = _in_library(source, roots)
            for column, text in ((FILE, shown), (KIND, kind), (REASON, reason)):
                item = QTableWidgetItem(text)
                item.setToolTip(plain_tooltip(source if column == FILE else text))
                item.setData(Qt.ItemDataRole.UserRole, article_id)
                self.table.setItem(row, column, item)
        self.table.resizeColumnToContents(FILE)
        self.table.resizeColumnToContents(KIND)
        self.summary.setText(
            self.tr("没有问题：所有文件都已读取和分析。")
            if not rows
            else self.tr("%1 个问题（双击可打开仍有内容的版面）").replace("%1", str(len(rows)))
        )
        return len(rows)

    def _open(self, row: int, _column: int) -> None:
        article_id = self.table.item(row, FILE).data(Qt.ItemDataRole.UserRole)
        if article_id:
            self.page_opened.emit(article_id)
