"""The bookmarks dock: title, paper, date, editable tags and note; filter; open; remove."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.store import Bookmark, BookmarkStore, parse_tags
from reader.ui.render import plain_tooltip

TITLE, SOURCE, TAGS, NOTE = range(4)
# Shares of the table's width at most; the note keeps at least a fifth, so it is never
# pushed off the edge, and the title takes the rest
_SOURCE_SHARE, _TAGS_SHARE, _NOTE_SHARE = 0.4, 0.16, 0.2


class BookmarksPanel(QWidget):
    """Emits ``opened(story_id)``; ``export_requested(kind)`` with "md" or "csv"."""

    opened = Signal(str)
    export_requested = Signal(str)
    export_stories_requested = Signal(list)  # story ids of the selected bookmarks
    changed = Signal()
    removed_some = Signal()  # bookmarks were removed: 撤销删除 (and Ctrl+Z) can bring them back
    notice = Signal(str)  # a passing confirmation for the status bar

    def __init__(self, store: BookmarkStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.present: set[str] | None = None  # story ids in the library (None: unknown yet)
        self.tag = QComboBox(self)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("标题"), self.tr("出处"), self.tr("标签"), self.tr("备注")]
        )
        header = self.table.horizontalHeader()
        # the note takes what is left, never pushed off: sized in _fit_columns, as Qt's
        # stretched last section stays at least 100 px, more than a side panel leaves it
        header.setStretchLastSection(False)
        self.table.verticalHeader().hide()  # row numbers say nothing and cost a column
        # two lines a row: a title wraps once before it is cut, and 出处 is paper over date
        self.table.setWordWrap(True)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self._two_lines_height())
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        # an empty list says how to fill it (four bare column headers told a reader nothing)
        self.empty_hint = QLabel(
            self.tr("还没有书签。\n阅读文章时按 Ctrl+D，或点工具栏的 ☆ 书签，就会收在这里。"),
            self.table.viewport(),
        )
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.undo_button = QPushButton(self.tr("撤销删除"), self)
        self.undo_button.hide()
        self.removed: list[Bookmark] = []
        export_texts = QPushButton(self.tr("所选全文"), self)
        export_texts.setToolTip(self.tr("所选书签的文章全文，合成一个 Markdown 文件"))
        export_texts.clicked.connect(
            lambda: self.export_stories_requested.emit(self.selected_ids() or self.all_ids())
        )
        # short labels: a side panel at 1024×700 leaves each button about 80 pixels
        export_md = QPushButton(self.tr("书签清单"), self)
        export_md.setToolTip(self.tr("书签清单（标题、日期、标签、备注），导出为 Markdown 文件"))
        export_csv = QPushButton(self.tr("CSV 表格"), self)
        export_csv.setToolTip(self.tr("书签清单，导出为表格软件能打开的 CSV 文件"))
        self.export_buttons = (export_texts, export_md, export_csv)
        # Two short rows, so the panel never asks for more width than a side panel has
        # (an extra button appearing must not widen the window)
        filters = QHBoxLayout()
        filters.addWidget(self.tag, 1)
        filters.addWidget(self.undo_button)
        # the row is as tall with the (taller) undo button hidden as shown: the list below
        # jumped a few pixels under the reader's pointer when it came and went
        filters.addStrut(self.undo_button.sizeHint().height())
        exports = QHBoxLayout()
        exports.addWidget(QLabel(self.tr("导出："), self))
        for button in (export_texts, export_md, export_csv):
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            exports.addWidget(button, 1)
        # the undo button keeps its whole label (squeezed to nothing beside the tag filter,
        # a deletion looked final); the filter gives way
        self.undo_button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.tag.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(exports)
        layout.addWidget(self.table)
        self.tag.currentIndexChanged.connect(self.refresh)
        self.table.itemChanged.connect(self._edited)
        self.table.cellClicked.connect(self._clicked)
        self.table.cellDoubleClicked.connect(self._clicked)
        self.undo_button.clicked.connect(self.undo_remove)
        export_md.clicked.connect(lambda: self.export_requested.emit("md"))
        export_csv.clicked.connect(lambda: self.export_requested.emit("csv"))
        # Keys act on the table only (a window-wide Delete would remove bookmarks while the
        # reader types elsewhere): Delete removes, Enter opens, Ctrl+Z brings back.
        self.table.installEventFilter(self)
        self.table.viewport().installEventFilter(self)
        self._add_table_actions()
        self.refresh()

    def _add_table_actions(self) -> None:
        """A right click offers what the keys do (a reader looks there for 删除 and 撤销)."""
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.open_action = QAction(self.tr("打开"), self.table)
        self.open_action.triggered.connect(self.open_current)
        self.remove_action = QAction(self.tr("删除书签"), self.table)
        self.remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.remove_action.triggered.connect(self.remove_selected)
        self.undo_action = QAction(self.tr("撤销删除"), self.table)
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.undo_action.setEnabled(False)
        self.undo_action.triggered.connect(self.undo_remove)
        for action in (self.open_action, self.remove_action, self.undo_action):
            self.table.addAction(action)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()  # a scroll bar came or went
            return False
        if (
            watched is self.table
            and event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
            and self.removed
        ):
            event.accept()  # Ctrl+Z in the table undoes a deletion, not the window's action
            return True
        if watched is self.table and isinstance(event, QKeyEvent):
            key = event
            if (
                event.type() == QEvent.Type.KeyPress
                and self.table.state() != QAbstractItemView.State.EditingState
            ):
                if key.matches(QKeySequence.StandardKey.Delete):
                    self.remove_selected()
                    return True
                if key.matches(QKeySequence.StandardKey.Undo):
                    self.undo_remove()
                    return True
                if key.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.open_current()
                    return True
        return super().eventFilter(watched, event)

    def set_present(self, story_ids: set[str] | None) -> None:
        """The story ids of the open library (None: not read yet, nothing is marked)."""
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
            # the mark goes first: after a long title it was cut off with the title's end
            title = (self.tr("（不在当前书库）") if missing else "") + bookmark.title
            cells = [
                title,
                # paper over date: two short lines fit a side panel's column whole
                "\n".join(filter(None, [bookmark.newspaper, bookmark.date])),
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
                if text:
                    item.setToolTip(plain_tooltip(text))
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        self.empty_hint.setVisible(not bookmarks)
        for button in self.export_buttons:  # nothing to export yet
            button.setEnabled(bool(bookmarks))
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Columns as wide as they need within a share of the width, so 标签 and 备注 stay in
        view however long a title is (the full text is in each cell's tooltip).

        出处 (paper over date, two short lines) is given its whole width first (up to a
        share of the table): cut to "乌海日报 2025-…" it named no day. The title takes
        what is left after the note's fifth."""
        width = max(self.table.viewport().width(), 200)
        used = 0
        for column, share in ((SOURCE, _SOURCE_SHARE), (TAGS, _TAGS_SHARE)):
            wanted = max(self.table.sizeHintForColumn(column), self._header_width(column), 48)
            self.table.setColumnWidth(column, min(wanted, int(width * share)))
            used += self.table.columnWidth(column)
        room = int(width * (1 - _NOTE_SHARE)) - used
        wanted = max(self.table.sizeHintForColumn(TITLE), self._header_width(TITLE), 48)
        if not self.table.rowCount():
            wanted = room  # no rows to measure: the title is still the widest column
        self.empty_hint.setGeometry(self.table.viewport().rect().adjusted(12, 12, -12, -12))
        self.table.setColumnWidth(TITLE, max(48, min(wanted, room)))
        used += self.table.columnWidth(TITLE)
        self.table.setColumnWidth(NOTE, max(48, self.table.viewport().width() - used))

    def _two_lines_height(self) -> int:
        """A row's height for two lines of Chinese text: measured on laid-out text, since a
        Latin UI font's line spacing (14 px) is less than that of the CJK font that
        actually draws the characters (18 px), and the delegate then cuts to one line."""
        box = self.fontMetrics().boundingRect(QRect(0, 0, 10_000, 10_000), 0, "报纸\n二〇二五年")
        return box.height() + 8  # the delegate's margins above and below

    def _header_width(self, column: int) -> int:
        return self.table.horizontalHeader().sectionSizeFromContents(column).width()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def showEvent(self, event: QShowEvent) -> None:
        """Fit again when shown: rows added while the panel was a hidden tab were fitted
        to a width it did not have."""
        super().showEvent(event)
        self._fit_columns()

    def _edited(self, item: QTableWidgetItem) -> None:
        story_id = item.data(Qt.ItemDataRole.UserRole)
        if item.column() == NOTE:
            self.store.set_note(story_id, item.text())
        elif item.column() == TAGS:
            self.store.set_tags(story_id, parse_tags(item.text()))
            self.refresh()
        self.changed.emit()

    def _clicked(self, row: int, column: int) -> None:
        if column in (TAGS, NOTE):
            return  # those cells are edited in place (double click, F2)
        self.opened.emit(self.table.item(row, TITLE).data(Qt.ItemDataRole.UserRole))

    def selected_ids(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        return [self.table.item(row, TITLE).data(Qt.ItemDataRole.UserRole) for row in rows]

    def all_ids(self) -> list[str]:
        return [
            self.table.item(row, TITLE).data(Qt.ItemDataRole.UserRole)
            for row in range(self.table.rowCount())
        ]

    def open_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.opened.emit(self.table.item(row, TITLE).data(Qt.ItemDataRole.UserRole))

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        ids = [self.table.item(row, TITLE).data(Qt.ItemDataRole.UserRole) for row in rows]
        removed = self.remove(ids)
        if removed:
            self.notice.emit(
                self.tr("已删除 %1 个书签（Ctrl+Z 或“撤销删除”可恢复）").replace(
                    "%1", str(len(removed))
                )
            )

    def remove(self, story_ids: list[str]) -> list[Bookmark]:
        """Remove bookmarks, kept with their notes and tags for 撤销删除 (from this panel or
        the toolbar's star alike: a note is never lost to one click)."""
        removed = [b for story_id in story_ids if (b := self.store.get(story_id)) is not None]
        for bookmark in removed:
            self.store.remove(bookmark.story_id)
        if removed:
            self.removed = removed
            self._offer_undo()
            self.refresh()
            self.changed.emit()
            self.removed_some.emit()
        return removed

    def _offer_undo(self) -> None:
        """撤销删除（N） while bookmarks removed last can come back; hidden otherwise."""
        count = len(self.removed)
        self.undo_button.setText(self.tr("撤销删除（%1）").replace("%1", str(count)))
        self.undo_button.setVisible(count > 0)
        self.undo_action.setEnabled(count > 0)

    def take_back(self, story_id: str) -> bool:
        """Bookmarking a story again whose bookmark was just removed brings that bookmark
        back, note and tags included; False when there is none to bring back."""
        back = [b for b in self.removed if b.story_id == story_id]
        if not back:
            return False
        self.store.restore(back[0])
        self.removed = [b for b in self.removed if b.story_id != story_id]
        self._offer_undo()
        self.refresh()
        self.changed.emit()
        return True

    def undo_remove(self) -> None:
        """Bring back the bookmarks removed last, with their notes and tags."""
        if not self.removed:
            return
        for bookmark in self.removed:
            self.store.restore(bookmark)
        count, self.removed = len(self.removed), []
        self._offer_undo()
        self.notice.emit(self.tr("已恢复 %1 个书签").replace("%1", str(count)))
        self.refresh()
        self.changed.emit()
