"""The issue tree: newspaper → year → issue date → page → article, with a filter box.

A year of a newspaper holds tens of thousands of articles, so the tree is a model over the
archive rather than a copy of it: folders are grouped once (a few thousand pages, quick),
article rows of a page come into being only when that page is opened, and labels are made
when a row is painted. The filter runs over plain strings and resets the model once,
instead of a proxy asking the model for every row. Nothing here holds the GUI thread for
long on a one-year archive.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QElapsedTimer,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QLineEdit, QTreeView, QVBoxLayout, QWidget

from reader.archive import Archive
from reader.model import Article, Kind, Page
from reader.ui.render import page_label, plain_tooltip

STORY_ROLE = Qt.ItemDataRole.UserRole + 1
ARTICLE_ROLE = Qt.ItemDataRole.UserRole + 2
LABEL_ROLE = Qt.ItemDataRole.UserRole + 3  # a folder's label without its count
EXPAND_ALL_LIMIT = 400  # filtered matches shown opened; more: opened down to the pages
EXPAND_PAGES_LIMIT = 300  # up to this many pages, every issue is shown opened
SLICE_MS = 15  # the filter works this long, then lets the window paint and take keys


class _Marks:
    """Translated label pieces, looked up once per tree fill instead of once per row."""

    def __init__(self) -> None:
        tr = QCoreApplication.translate
        self.prefix = {
            Kind.PHOTO: tr("IssueTree", "［图］"),
            Kind.NOTICE: tr("IssueTree", "［公告］"),
        }
        self.from_page = tr("IssueTree", "上接第%1版")
        self.to_page = tr("IssueTree", "下转第%1版")

    def label(self, article: Article, continued: bool) -> str:
        marks = []
        if continued and article.continued_from is not None:
            marks.append(self.from_page.replace("%1", str(article.continued_from)))
        if continued and article.continues_to is not None:
            marks.append(self.to_page.replace("%1", str(article.continues_to)))
        suffix = f"（{'，'.join(marks)}）" if marks else ""
        return f"{self.prefix.get(article.kind, '')}{article.display_title}{suffix}"


def article_label(article: Article, continued: bool) -> str:
    """Title (or first words), marked as photo / notice / continued."""
    return _Marks().label(article, continued)


class _Node:
    """One row: a folder (paper, year, day, page) or an article."""

    __slots__ = (
        "article",
        "children",
        "counted",
        "label",
        "matches",
        "page",
        "parent",
        "row",
        "shown",
        "story_id",
        "total",
    )

    def __init__(self, label: str, parent: _Node | None, counted: bool = False) -> None:
        self.label = label
        self.parent = parent
        self.row = 0  # place among the parent's shown children
        self.children: list[_Node] | None = []  # None: a page's articles, not made yet
        self.shown: list[_Node] | None = []  # the children the filter lets through
        self.page: Page | None = None
        self.article: Article | None = None
        self.story_id = ""
        self.counted = counted
        self.total = 0  # articles below
        self.matches = 0  # of them, ones the filter lets through


class IssueModel(QAbstractItemModel):
    """The archive as a tree, built on demand; ``set_filter`` narrows it to matching rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.root = _Node("", None)
        self.pattern = ""
        self._marks = _Marks()
        self._archive: Archive | None = None
        self.pages = 0
        self._page_node: dict[int, _Node] = {}  # id(page) → its row
        self._keep: dict[int, list[int]] = {}  # id(page) → rows of its articles that match
        self._labels: dict[str, str] = {}  # article id → label, made when first needed

    # -- building -------------------------------------------------------------------
    def fill(self, archive: Archive, unfiled_label: str, year_label: str) -> None:
        """Group the archive's pages; article rows wait until their page is opened."""
        self.beginResetModel()
        self._marks = _Marks()
        self._labels = {}
        self._archive = archive
        groups: dict[str, dict[str, dict[str, list[Page]]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(list))
        )
        unfiled: list[Page] = []
        for page in archive.pages:
            if not page.articles:
                continue
            meta = page.meta
            if meta.newspaper is None or meta.date is None:
                unfiled.append(page)
                continue
            groups[meta.newspaper][str(meta.date.year)][meta.date.isoformat()].append(page)
        self.root = _Node("", None)
        self._page_node = {}
        for paper in sorted(groups):
            paper_node = self._add(self.root, paper)
            for year in sorted(groups[paper], reverse=True):
                year_node = self._add(paper_node, year_label.replace("%1", year))
                for day in sorted(groups[paper][year], reverse=True):
                    day_node = self._add(year_node, day, counted=True)
                    pages = sorted(
                        groups[paper][year][day],
                        key=lambda p: (p.meta.page is None, p.meta.page or 0),
                    )
                    for page in pages:
                        self._add_page(day_node, page, page_label(page))
        if unfiled:
            group = self._add(self.root, unfiled_label)
            for page in unfiled:
                self._add_page(group, page, Path(page.source).name)
        self.pages = len(self._page_node)
        self._count(self.root)
        self._apply_filter()
        self.endResetModel()

    def _add(self, parent: _Node, label: str, counted: bool = False) -> _Node:
        node = _Node(label, parent, counted)
        parent.children.append(node)
        return node

    def _add_page(self, parent: _Node, page: Page, label: str) -> None:
        node = self._add(parent, label, counted=True)
        node.page = page
        node.children = None
        node.total = len(page.articles)
        self._page_node[id(page)] = node

    def _count(self, node: _Node) -> int:
        if node.page is None:
            node.total = sum(self._count(child) for child in node.children or [])
        return node.total

    def _articles_of(self, node: _Node) -> list[_Node]:
        """A page's article rows, made the first time they are needed."""
        if node.children is None:
            node.children = []
            for article in node.page.articles:
                child = _Node("", node)
                child.article = article
                story = self._archive.story_of(article.id) if self._archive else None
                child.story_id = story.id if story else ""
                node.children.append(child)
        return node.children

    def label_of(self, article: Article) -> str:
        label = self._labels.get(article.id)
        if label is None:
            story = self._archive.story_of(article.id) if self._archive else None
            continued = story is not None and (
                len(story.fragments) > 1 or bool(story.missing_pages)
            )
            label = self._marks.label(article, continued)
            self._labels[article.id] = label
        return label

    # -- filtering ----------------------------------------------------------------------
    def filter_steps(self, text: str) -> Iterator[None]:
        """Narrow the tree to rows whose label holds ``text``, a little at a time: the
        caller runs the steps in slices so that typing stays smooth on a big archive. The
        model changes once, at the end."""
        pattern = text.strip().casefold()
        keep: dict[int, list[int]] = {}
        if pattern:
            for number, node in enumerate(self._page_node.values()):
                rows = [
                    i
                    for i, article in enumerate(node.page.articles)
                    if pattern in self.label_of(article).casefold()
                ]
                if rows:
                    keep[id(node.page)] = rows
                if number % 32 == 31:
                    yield
        self.beginResetModel()
        self.pattern, self._keep = pattern, keep
        self._filter(self.root)
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        """The whole filter at once (for code that needs the answer now)."""
        for _ in self.filter_steps(text):
            pass

    def _apply_filter(self) -> None:
        self.pattern, self._keep = "", {}
        self._filter(self.root)

    def _filter(self, node: _Node) -> int:
        """Which children stay, bottom up; returns how many articles below match. A page's
        article rows are worked out when the page is opened (see ``_shown``)."""
        if node.page is not None:
            node.shown = None
            node.matches = len(self._keep.get(id(node.page), ())) if self.pattern else node.total
            return node.matches
        node.matches = 0
        shown = []
        for child in node.children or []:
            found = self._filter(child)
            node.matches += found
            if found or not self.pattern:
                shown.append(child)
        node.shown = shown
        self._number(node)
        return node.matches

    @staticmethod
    def _number(node: _Node) -> None:
        for row, child in enumerate(node.shown):
            child.row = row

    # -- Qt's model interface -------------------------------------------------------------
    def _node(self, index: QModelIndex | QPersistentModelIndex) -> _Node:
        return index.internalPointer() if index.isValid() else self.root

    def _shown(self, node: _Node) -> list[_Node]:
        if node.shown is None:  # a page opened for the first time since the filter changed
            rows = self._articles_of(node)
            keep = self._keep.get(id(node.page), []) if self.pattern else range(len(rows))
            node.shown = [rows[i] for i in keep]
            self._number(node)
        return node.shown

    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:  # noqa: B008
        shown = self._shown(self._node(parent))
        if column != 0 or not 0 <= row < len(shown):
            return QModelIndex()
        return self.createIndex(row, 0, shown[row])

    def parent(self, index=QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent = index.internalPointer().parent
        if parent is None or parent is self.root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._shown(self._node(parent)))

    def hasChildren(self, parent=QModelIndex()) -> bool:  # noqa: B008
        node = self._node(parent)
        if node.page is not None:  # no need to make the rows to know there are some
            return node.matches > 0 if self.pattern else bool(node.page.articles)
        return bool(self._shown(node))

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 1

    def flags(self, index) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        node: _Node = index.internalPointer()
        article = node.article
        if role == Qt.ItemDataRole.DisplayRole:
            if article is not None:
                return self.label_of(article)
            if not node.counted:
                return node.label
            count = f"{node.matches}/{node.total}" if self.pattern else str(node.total)
            return f"{node.label}（{count}）"
        if role == Qt.ItemDataRole.ToolTipRole and article is not None:
            return plain_tooltip(article.title or article.display_title)
        if role == STORY_ROLE and article is not None:
            return node.story_id
        if role == ARTICLE_ROLE and article is not None:
            return article.id
        if role == LABEL_ROLE and node.counted:
            return node.label
        return None

    # -- lookups ------------------------------------------------------------------------
    def article_index(self, article_id: str) -> QModelIndex:
        """The row of an article (invalid when it is not in the tree or filtered out)."""
        page = self._archive.page_of(article_id) if self._archive else None
        page_node = self._page_node.get(id(page)) if page is not None else None
        if page_node is None or (self.pattern and not page_node.matches):
            return QModelIndex()
        for node in self._shown(page_node):
            if node.article.id == article_id:
                return self.createIndex(node.row, 0, node)
        return QModelIndex()

    def articles(self) -> Iterator[_Node]:
        """Every article row in tree order, whatever the filter."""
        stack = list(reversed(self.root.children or []))
        while stack:
            node = stack.pop()
            if node.article is not None:
                yield node
            elif node.page is not None:
                stack.extend(reversed(self._articles_of(node)))
            else:
                stack.extend(reversed(node.children or []))

    def rows_made(self) -> int:
        """How many article rows exist so far (they are made when their page opens)."""
        return sum(len(n.children) for n in self._page_node.values() if n.children is not None)

    def folder_index(self, *rows: int) -> QModelIndex:
        """The index at a path of rows from the top (for tests and keyboard code)."""
        index = QModelIndex()
        for row in rows:
            index = self.index(row, 0, index)
        return index


class IssueTree(QWidget):
    """Emits ``article_chosen(story_id, article_id)`` when an article is selected."""

    article_chosen = Signal(str, str)
    filtered = Signal()  # the filter's answer is shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._steps: Iterator[None] | None = None
        self._stepper = QTimer(self)
        self._stepper.setInterval(0)
        self._stepper.timeout.connect(self._step)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("筛选标题…"))
        self.filter.setClearButtonEnabled(True)
        self.model = IssueModel(self)
        self.view = QTreeView(self)
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setUniformRowHeights(True)
        # headlines of one issue often share their start (习近平出席… twice): elided at the
        # right, their rows read alike in a narrow tree; in the middle, each keeps its end
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
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
        self._stepper.stop()
        self._steps = None
        opened = self._expanded_paths()
        self.model.fill(archive, self.tr("未归档版面"), self.tr("%1年"))
        self._expand()
        self._expand_paths(opened)
        if self.filter.text().strip():
            self._filter_changed(self.filter.text())

    def _expanded_paths(self) -> set[tuple[str, ...]]:
        """The folders the reader has open, by their labels from the top (a correction
        fills the tree anew, and the pages opened by hand had all closed)."""
        paths: set[tuple[str, ...]] = set()

        def open_here(index: QModelIndex, path: tuple[str, ...]) -> bool:
            if self.view.isExpanded(index):
                paths.add(path)
                return True
            return False

        self._walk_folders(open_here)
        return paths

    def _expand_paths(self, paths: set[tuple[str, ...]]) -> None:
        def reopen(index: QModelIndex, path: tuple[str, ...]) -> bool:
            if path in paths:
                self.view.expand(index)
                return True
            return False

        self._walk_folders(reopen)

    def _walk_folders(self, descend: Callable[[QModelIndex, tuple[str, ...]], bool]) -> None:
        """Visit folder rows from the top, with their labels' path, going below only those
        ``descend`` says yes to (a closed folder's rows are never made)."""
        pending: list[tuple[QModelIndex, tuple[str, ...]]] = [(QModelIndex(), ())]
        while pending:
            parent, path = pending.pop()
            for row in range(self.model.rowCount(parent)):
                index = self.model.index(row, 0, parent)
                node = index.internalPointer()
                here = (*path, node.label)
                if node.article is None and descend(index, here):
                    pending.append((index, here))

    def _expand(self) -> None:
        """Papers, years and issues open (pages listed) in a small archive; while
        filtering, the matches too unless there are very many of them."""
        if self.model.pattern and self.model.root.matches <= EXPAND_ALL_LIMIT:
            self.view.expandAll()
        elif self.model.pages <= EXPAND_PAGES_LIMIT:
            self.view.expandToDepth(2)  # the issues' pages listed
        else:  # a big archive or many matches: the issues, each opened when wanted
            self.view.expandToDepth(1)

    # -- selection ------------------------------------------------------------------
    def _filter_changed(self, text: str) -> None:
        """Start filtering (a new text replaces a filter still under way)."""
        self._steps = self.model.filter_steps(text)
        self._step()
        if self._steps is not None:
            self._stepper.start()

    @property
    def filtering(self) -> bool:
        """A filter is still being worked out."""
        return self._steps is not None

    def _step(self) -> None:
        """One slice of the filter's work; the last one shows the answer."""
        if self._steps is None:
            self._stepper.stop()
            return
        clock = QElapsedTimer()
        clock.start()
        for _ in self._steps:
            if clock.elapsed() >= SLICE_MS:
                return
        self._steps = None
        self._stepper.stop()
        self._expand()
        if not self.model.pattern and self._shown:
            self.select_article(self._shown)  # back to where the reader is
        self.filtered.emit()

    def _current_changed(self, current: QModelIndex, *_: object) -> None:
        if self._selecting:
            return
        story_id = current.data(STORY_ROLE)
        if story_id:
            self._shown = current.data(ARTICLE_ROLE)
            self.article_chosen.emit(story_id, current.data(ARTICLE_ROLE))

    def select_article(self, article_id: str) -> bool:
        """Show and select an article's row (when it was opened from elsewhere)."""
        index = self.model.article_index(article_id)
        if not index.isValid():
            # filtered out: no other row stays selected as if it were being read (a click
            # on it did nothing, being current already)
            self._shown = article_id
            self._selecting = True
            try:
                self.view.setCurrentIndex(QModelIndex())
            finally:
                self._selecting = False
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
        node = next((n for n in self.model.articles() if n.story_id), None)
        return (node.story_id, node.article.id) if node else None

    def article_rows(self) -> list[str]:
        """Labels of every article row (for tests and the outline)."""
        return [self.model.label_of(node.article) for node in self.model.articles()]
