"""The page view (版面目录): every item of one page in printed order, with its kind.

It follows the article being read, so a reader always sees where it sits on its page, and
opens any other item of the page with a click or Enter.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QMenu, QVBoxLayout, QWidget

from reader.model import Kind, Page
from reader.ui.render import page_label, plain_tooltip

_KINDS = {Kind.ARTICLE: "文章", Kind.PHOTO: "图片", Kind.NOTICE: "公告"}


class PageView(QWidget):
    """Emits ``article_opened(article_id)``."""

    article_opened = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page: Page | None = None
        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)
        self.list.itemActivated.connect(self._open)
        self.list.itemClicked.connect(self._open)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._show_menu)
        # Adds the reader's fixes for an item to its context menu (set by the window)
        self.extend_menu: Callable[[QMenu, str], None] = lambda _menu, _article_id: None
        self.show_page(None)

    def show_page(self, page: Page | None, current: str | None = None) -> None:
        """List ``page``'s items and select ``current`` (an article id)."""
        if page is not self.page:
            self.page = page
            self.list.clear()
            for article in page.articles if page else []:
                item = QListWidgetItem(self._label(article), self.list)
                item.setData(Qt.ItemDataRole.UserRole, article.id)
                item.setToolTip(plain_tooltip(article.title or article.display_title))
        if page is None:
            self.heading.setText(self.tr("（未打开版面）"))
            return
        meta = page.meta
        where = " · ".join(
            filter(
                None,
                [
                    meta.newspaper or self.tr("未归档"),
                    meta.date.isoformat() if meta.date else "",
                    page_label(page),
                ],
            )
        )
        self.heading.setText(
            self.tr("%1（%2 项，按版面顺序）")
            .replace("%1", where)
            .replace("%2", str(len(page.articles)))
        )
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == current:
                self.list.blockSignals(True)
                self.list.setCurrentItem(item)
                self.list.blockSignals(False)
                self.list.scrollToItem(item)

    def _label(self, article) -> str:
        kind = self.tr(_KINDS[article.kind])
        title = article.title or self.tr("（无标题）") + article.display_title
        extra = []
        if article.continued_from is not None:
            extra.append(self.tr("上接第%1版").replace("%1", str(article.continued_from)))
        if article.continues_to is not None:
            extra.append(self.tr("下转第%1版").replace("%1", str(article.continues_to)))
        suffix = f"（{'，'.join(extra)}）" if extra else ""
        return f"［{kind}］{title}{suffix}"

    def context_menu(self, pos: QPoint) -> QMenu | None:
        """打开 and the fixes for the item at ``pos`` (None: no item there)."""
        item = self.list.itemAt(pos)
        if item is None:
            return None
        article_id = item.data(Qt.ItemDataRole.UserRole)
        menu = QMenu(self)
        menu.addAction(self.tr("打开"), lambda: self.article_opened.emit(article_id))
        self.extend_menu(menu, article_id)
        return menu

    def _show_menu(self, pos: QPoint) -> None:
        menu = self.context_menu(pos)
        if menu is not None:
            menu.exec(self.list.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def _open(self, item: QListWidgetItem) -> None:
        self.article_opened.emit(item.data(Qt.ItemDataRole.UserRole))
