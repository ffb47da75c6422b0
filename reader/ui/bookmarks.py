"""The bookmarks dock: title, paper, date, editable tags and note; filter; open; remove."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.store import BookmarkStore, parse_tags

TITLE, PAPER, DATE, TAGS, NOTE = range(5)


class BookmarksPanel(QWidget):
    """Emits ``opened(story_id)``; ``export_requested(kind)`` with "md" or "csv"."""

    opened = Signal(str)
    export_requested = Signal(str)
    changed = Signal()

    def __init__(self, store: BookmarkStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.present: set[str] | None = None  # story ids in the library (None: unknown yet)
        self.tag = QComboBox(self)
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("标题"), self.tr("报纸"), self.tr("日期"), self.tr("标签"), self.tr("备注")]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        export_md = QPushButton(self.tr("导出 Markdown"), self)
        export_csv = QPushButton(self.tr("导出 CSV"), self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.tag)
        buttons.addStretch()
        buttons.addWidget(export_md)
        buttons.addWidget(export_csv)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.tag.currentIndexChanged.connect(self.refresh)
        self.table.itemChanged.connect(self._edited)
        self.table.cellDoubleClicked.connect(self._double_clicked)
        export_md.clicked.connect(lambda: self.export_requested.emit("md"))
        export_csv.clicked.connect(lambda: self.export_requested.emit("csv"))
        remove = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        remove.activated.connect(self.remove_selected)
        self.refresh()

    def set_present(self, story_ids: set[str]) -> None:
        self.present = story_ids
        self.refresh()

    def refresh(self, *_: object) -> None:
        tag = self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem(self.tr("全部标签"), None)
        for name in self.store.tags():
            self.tag.addItem(name, name)
        self.tag.setCurrentIndex(max(0, self.tag.findData(tag)))
        self.tag.blockSignals(False)
        self.table.blockSignals(True)
        bookmarks = self.store.all(self.tag.currentData())
        self.table.setRowCount(len(bookmarks))
        for row, bookmark in enumerate(bookmarks):
            missing = self.present is not None and bookmark.story_id not in self.present
            title = bookmark.title + (self.tr("（已不在库中）") if missing else "")
            cells = [
                title,
                bookmark.newspaper or "",
                bookmark.date or "",
                " ".join(bookmark.tags),
                bookmark.note,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, bookmark.story_id)
                if column not in (TAGS, NOTE):
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if missing:
                    item.setForeground(QColor("gray"))
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()

    def _edited(self, item: QTableWidgetItem) -> None:
        story_id = item.data(Qt.ItemDataRole.UserRole)
        if item.column() == NOTE:
            self.store.set_note(story_id, item.text())
        elif item.column() == TAGS:
            self.store.set_tags(story_id, parse_tags(item.text()))
            self.refresh()
        self.changed.emit()

    def _double_clicked(self, row: int, column: int) -> None:
        if column in (TAGS, NOTE):
            return  # those cells are edited in place
        self.opened.emit(self.table.item(row, TITLE).data(Qt.ItemDataRole.UserRole))

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.store.remove(self.table.item(row, TITLE).data(Qt.ItemDataRole.UserRole))
        if rows:
            self.refresh()
            self.changed.emit()
