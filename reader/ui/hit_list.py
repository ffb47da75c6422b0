"""The search panel's hits: a list model that fetches page by page, and a painting delegate.

A hit is one row of a model, painted by a delegate from its rich text, never a widget per
row: a long answer scrolled to its end held hundreds of labels, each with its own layout
and style. The view asks for the next page itself when it is scrolled to its end (Qt's
``canFetchMore`` / ``fetchMore``); the page arrives later, from the search's own thread.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from reader.search.engine import Hit
from reader.search.snippets import Snippet, find_spans

STORY_ID = Qt.ItemDataRole.UserRole  # a row's story id
MARGIN = 4  # pixels around a hit's text
MARK = '<b style="background-color:#ffe58a; color:#000">'

Index = QModelIndex | QPersistentModelIndex


def hit_html(hit: Hit, needles: Sequence[str] = (), quiet: str = "gray") -> str:
    """A hit as rich text: escaped title and snippet, matches in bold on a highlight (in
    the title too: a title that matched is the first thing a reader looks at).

    ``quiet`` colours the 报名·日期·版 line; on a selected row it is the selection's own
    text colour (grey on the selection's blue cannot be read).
    """
    heading = Snippet(hit_title(hit), tuple(find_spans(hit_title(hit), list(needles))))
    return (
        f"<b>{heading.marked(MARK, '</b>', escape=True)}</b><br/>"
        f'<span style="color:{quiet}">{html.escape(hit_place(hit))}</span><br/>'
        f"{hit.snippet.marked(MARK, '</b>', escape=True)}"
    )


def hit_title(hit: Hit) -> str:
    return hit.title or "（无标题）"


def hit_place(hit: Hit) -> str:
    """报名 · 日期 · 版: where the story was printed."""
    pages = "、".join(f"第{p}版" for p in hit.pages) or "版次未知"
    return " · ".join(filter(None, [hit.newspaper, hit.date, pages]))


class HitsModel(QAbstractListModel):
    """The hits shown so far of one answer; ``load_more()`` asks for the next page."""

    def __init__(self, load_more: Callable[[], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hits: list[Hit] = []
        self.needles: list[str] = []
        self.total = 0  # hits the answer has in all
        self._load_more = load_more

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == STORY_ID:
            return hit.story_id
        if role == Qt.ItemDataRole.DisplayRole:  # what a screen reader says, and copy
            return f"{hit_title(hit)}\n{hit_place(hit)}\n{hit.snippet.text}"
        return None

    def show(self, hits: Sequence[Hit], needles: Sequence[str], total: int) -> None:
        """A new answer's first page (or none)."""
        self.beginResetModel()
        self.hits, self.needles, self.total = list(hits), list(needles), total
        self.endResetModel()

    def append(self, hits: Sequence[Hit]) -> None:
        """The next page of the same answer."""
        if not hits:
            return
        first = len(self.hits)
        self.beginInsertRows(QModelIndex(), first, first + len(hits) - 1)
        self.hits.extend(hits)
        self.endInsertRows()

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self.hits) < self.total

    def fetchMore(self, parent: Index) -> None:
        if not parent.isValid():
            self._load_more()

    def row_of(self, story_id: str) -> int:
        """The row of ``story_id``'s hit, or -1."""
        return next((row for row, hit in enumerate(self.hits) if hit.story_id == story_id), -1)


class HitDelegate(QStyledItemDelegate):
    """Paints a hit's rich text, wrapped to the view's width; a selected row's text takes
    the selection's text colour, so it can be read on the selection's blue."""

    def __init__(self, model: HitsModel, parent: QWidget) -> None:
        super().__init__(parent)
        self.model = model
        self.view = parent
        # a row's height at a width: the view asks again for every row at every relayout
        self._heights: dict[tuple[int, int], int] = {}
        model.modelReset.connect(self._heights.clear)

    def html(self, row: int, selected: bool) -> str:
        """The rich text row ``row`` is painted from."""
        hit = self.model.hits[row]
        if not selected:
            return hit_html(hit, self.model.needles)
        light = self.view.palette().color(QPalette.ColorRole.HighlightedText).name()
        return hit_html(hit, self.model.needles, quiet=light)

    def _document(self, row: int, selected: bool, width: int) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(self.view.font())
        document.setDocumentMargin(0)
        document.setHtml(self.html(row, selected))
        document.setTextWidth(max(width - 2 * MARGIN, 40))
        return document

    def _width(self, option: QStyleOptionViewItem) -> int:
        viewport = getattr(self.view, "viewport", None)
        width = viewport().width() if viewport is not None else 0
        return width or option.rect.width() or 300

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        if not 0 <= index.row() < len(self.model.hits):
            return super().sizeHint(option, index)
        width = self._width(option)
        key = (index.row(), width)
        height = self._heights.get(key)
        if height is None:
            document = self._document(index.row(), False, width)
            height = self._heights[key] = int(document.size().height()) + 2 * MARGIN
        return QSize(width, height)

    def paint(self, painter, option: QStyleOptionViewItem, index: Index) -> None:
        if not 0 <= index.row() < len(self.model.hits):
            return
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.text = ""  # the background, selection and focus only: the text is drawn below
        style = item.widget.style() if item.widget is not None else self.view.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, item.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        document = self._document(index.row(), selected, option.rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.left() + MARGIN, option.rect.top() + MARGIN)
        document.documentLayout().draw(painter, context)
        painter.restore()
