"""The issue tree: newspaper → year → issue date → page → article, with a filter box."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLineEdit, QTreeView, QVBoxLayout, QWidget

from reader.archive import Archive
from reader.model import Article, Kind, Page
from reader.ui.render import page_label, plain_tooltip

STORY_ROLE = Qt.ItemDataRole.UserRole + 1
ARTICLE_ROLE = Qt.ItemDataRole.UserRole + 2
LABEL_ROLE = Qt.ItemDataRole.UserRole + 3  # a folder's label without its count


def article_label(article: Article, continued: bool) -> str:
    """Title (or first words), marked as photo / notice / continued."""
    tr = QCoreApplication.translate
    prefix = {Kind.PHOTO: tr("IssueTree", "［图］"), Kind.NOTICE: tr("IssueTree", "［公告］")}.get(
        article.kind, ""
    )
    marks = []
    if article.continued_from is not None:
        marks.append(tr("IssueTree", "上接第%1版").replace("%1", str(article.continued_from)))
    if article.continues_to is not None:
        marks.append(tr("IssueTree", "下转第%1版").replace("%1", str(article.continues_to)))
    suffix = f"（{'，'.join(marks)}）" if marks and continued else ""
    return f"{prefix}{article.display_title}{suffix}"


class IssueTree(QWidget):
    """Emits ``article_chosen(story_id, article_id)`` when an article is selected."""

    article_chosen = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("筛选标题…"))
        self.filter.setClearButtonEnabled(True)
        self.model = QStandardItemModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.view = QTreeView(self)
        self.view.setModel(self.proxy)
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.view)
        self._selecting = False
        self._shown = ""  # the article being read, selected again when a filter is cleared
        self.filter.textChanged.connect(self._filter_changed)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.activated.connect(self._current_changed)

    # -- content --------------------------------------------------------------------
    def populate(self, archive: Archive) -> None:
        self.model.clear()
        story_of = {a.id: s for s in archive.stories for a in s.fragments}
        groups: dict[str, dict[str, dict[str, list[Page]]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(list))
        )
        unfiled: list[Page] = []
        for page in archive.pages:
            meta = page.meta
            if not page.articles:
                continue
            if meta.newspaper is None or meta.date is None:
                unfiled.append(page)
                continue
            groups[meta.newspaper][str(meta.date.year)][meta.date.isoformat()].append(page)
        for paper in sorted(groups):
            paper_item = _folder(paper)
            for year in sorted(groups[paper], reverse=True):
                year_item = _folder(self.tr("%1年").replace("%1", year))
                for day in sorted(groups[paper][year], reverse=True):
                    pages = sorted(
                        groups[paper][year][day],
                        key=lambda p: (p.meta.page is None, p.meta.page or 0),
                    )
                    day_item = _counted_folder(day)
                    for page in pages:
                        day_item.appendRow(self._page_item(page, story_of))
                    year_item.appendRow(day_item)
                paper_item.appendRow(year_item)
            self.model.appendRow(paper_item)
        if unfiled:
            group = _folder(self.tr("未归档版面"))
            for page in unfiled:
                group.appendRow(self._page_item(page, story_of, name=True))
            self.model.appendRow(group)
        self._refresh_counts()
        self.view.expandToDepth(2)

    def _page_item(self, page: Page, story_of: dict, name: bool = False) -> QStandardItem:
        label = Path(page.source).name if name else page_label(page)
        item = _counted_folder(label)
        for article in page.articles:
            story = story_of.get(article.id)
            continued = story is not None and (
                len(story.fragments) > 1 or bool(story.missing_pages)
            )
            child = QStandardItem(article_label(article, continued))
            child.setEditable(False)
            child.setToolTip(plain_tooltip(article.title or article.display_title))
            child.setData(story.id if story else "", STORY_ROLE)
            child.setData(article.id, ARTICLE_ROLE)
            item.appendRow(child)
        return item

    # -- selection ------------------------------------------------------------------
    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._refresh_counts()
        if text.strip():
            self.view.expandAll()
        elif self._shown:
            self.select_article(self._shown)  # back to where the reader is

    def _refresh_counts(self) -> None:
        """Issue and page rows count their articles; while filtering, the ones shown of all."""
        filtering = bool(self.proxy.filterRegularExpression().pattern())

        def visit(item: QStandardItem) -> tuple[int, int]:
            if item.data(ARTICLE_ROLE):
                return int(self.proxy.mapFromSource(item.index()).isValid()), 1
            shown = total = 0
            for row in range(item.rowCount()):
                child_shown, child_total = visit(item.child(row))
                shown, total = shown + child_shown, total + child_total
            base = item.data(LABEL_ROLE)
            if base is not None:
                count = f"{shown}/{total}" if filtering else str(total)
                item.setText(f"{base}（{count}）")
            return shown, total

        root = self.model.invisibleRootItem()
        for row in range(root.rowCount()):
            visit(root.child(row))

    def _current_changed(self, current: QModelIndex, *_: object) -> None:
        if self._selecting:
            return
        story_id = current.data(STORY_ROLE)
        if story_id:
            self._shown = current.data(ARTICLE_ROLE)
        if story_id:
            self.article_chosen.emit(story_id, current.data(ARTICLE_ROLE))

    def select_article(self, article_id: str) -> bool:
        """Show and select an article's row (when it was opened from elsewhere)."""
        matches = self.model.match(
            self.model.index(0, 0),
            ARTICLE_ROLE,
            article_id,
            1,
            Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive,
        )
        if not matches:
            return False
        index = self.proxy.mapFromSource(matches[0])
        if not index.isValid():
            return False
        # Signals stay on so the view repaints the old row as deselected; the flag keeps the
        # change from reopening the story that asked for it.
        self._shown = article_id
        self._selecting = True
        try:
            self.view.setCurrentIndex(index)
        finally:
            self._selecting = False
        self.view.scrollTo(index)
        return True

    def first_article(self) -> tuple[str, str] | None:
        """(story id, article id) of the first article row, in tree order."""
        stack = [self.model.invisibleRootItem()]
        while stack:
            item = stack.pop(0)
            if item.data(STORY_ROLE):
                return item.data(STORY_ROLE), item.data(ARTICLE_ROLE)
            stack[0:0] = [item.child(row) for row in range(item.rowCount())]
        return None

    def article_rows(self) -> list[str]:
        """Labels of every article row (for tests and the outline)."""
        rows: list[str] = []
        stack = [self.model.invisibleRootItem()]
        while stack:
            item = stack.pop(0)
            if item.data(STORY_ROLE):
                rows.append(item.text())
            stack[0:0] = [item.child(row) for row in range(item.rowCount())]
        return rows


def _counted_folder(label: str) -> QStandardItem:
    """A folder whose label shows how many articles it holds (filled in by the tree)."""
    item = _folder(label)
    item.setData(label, LABEL_ROLE)
    return item


def _folder(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    return item
