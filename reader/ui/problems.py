"""The problems panel: every file that was not read or not fully analysed, with the reason.

A status line can only count problems; a reader with a large library needs to see which
files they are, why, and get to the page (when it has any text to show).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QVBoxLayout, QWidget

from reader.archive import Archive
from reader.ui.render import plain_tooltip, ui_text

FILE, KIND, REASON = range(3)
Index = QModelIndex | QPersistentModelIndex
FIT_ROWS = 200  # rows measured to size the columns


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


class ProblemsModel(QAbstractTableModel):
    """The problems as rows of (file, kind, reason); a row's article (to open) is its
    UserRole. A model, not an item per cell: a large imported library can have a thousand
    problems, and the panel is filled on the GUI thread."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers = (self.tr("文件"), self.tr("情况"), self.tr("原因"))
        self.rows: list[tuple[str, str, str, str]] = []  # file, kind, reason, article
        self.roots: tuple[Path, ...] = ()
        self._shown: dict[str, str] = {}  # a file's place in the library, worked out when shown

    def set_rows(self, rows: list[tuple[str, str, str, str]], roots: tuple[Path, ...]) -> None:
        self.beginResetModel()
        self.rows, self.roots, self._shown = rows, roots, {}
        self.endResetModel()

    def shown(self, row: int, column: int) -> str:
        """A cell's text: files by their place in the library (``roots``)."""
        text = self.rows[row][column]
        if column != FILE:
            return text
        if text not in self._shown:
            self._shown[text] = _in_library(text, self.roots)
        return self._shown[text]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.shown(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(row[index.column()])
        if role == Qt.ItemDataRole.UserRole:
            return row[3]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


class ProblemsPanel(QWidget):
    """Emits ``page_opened(article_id)`` for a row whose page has something to show."""

    page_opened = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.model = ProblemsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self.table.activated.connect(self._open)
        self.table.doubleClicked.connect(self._open)

    def show_reading(self) -> None:
        """A library being read has no problems to list yet: saying 没有问题 then was
        premature (trial)."""
        self.model.set_rows([], ())
        self.summary.setText(self.tr("正在读取书库…"))

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
        place = self._place()
        self.model.set_rows(rows, roots)
        self._restore(place)
        self._fit_columns()
        self.summary.setText(
            self.tr("没有问题：所有文件都已读取和分析。")
            if not rows
            else self.tr("%1 个问题（双击可打开仍有内容的版面）").replace("%1", str(len(rows)))
        )
        return len(rows)

    def _place(self) -> tuple[tuple[str, str, str, str] | None, int]:
        """The row being worked on and its position, to keep the reader's place when the
        list is made again (after a join by hand, say)."""
        row = self.table.currentIndex().row()
        return (self.model.rows[row] if 0 <= row < len(self.model.rows) else None), row

    def _restore(self, place: tuple[tuple[str, str, str, str] | None, int]) -> None:
        """The same problem stays current; one that is gone (joined by hand) gives its place
        to the next one, as a mail list does after a message is filed, instead of the
        selection jumping to wherever the reset left it."""
        kept, row = place
        if row < 0 or not self.model.rows:
            self.table.clearSelection()
            return
        if kept in self.model.rows:
            row = self.model.rows.index(kept)
        row = min(row, len(self.model.rows) - 1)
        self.table.setCurrentIndex(self.model.index(row, FILE))
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, FILE))

    def _fit_columns(self) -> None:
        """File and kind columns as wide as the texts of their first rows (measured here:
        sizing them to their contents lays every row out, on the GUI thread)."""
        metrics = self.table.fontMetrics()
        sample = range(min(len(self.model.rows), FIT_ROWS))
        for column in (FILE, KIND):
            texts = {self.model.shown(row, column) for row in sample}
            texts.add(self.model.headers[column])
            widest = max(metrics.horizontalAdvance(text) for text in texts)
            self.table.setColumnWidth(column, widest + 24)

    def _open(self, index: QModelIndex) -> None:
        article_id = self.model.index(index.row(), FILE).data(Qt.ItemDataRole.UserRole)
        if article_id:
            self.page_opened.emit(article_id)
