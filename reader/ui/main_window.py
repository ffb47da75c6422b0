"""The main window: issue tree, article pane, toolbar search, search panel, bookmarks.

It shows at once; reading the library and (re)building the index run in the thread pool
with progress in the status bar, so the tree and article pane are usable meanwhile.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QObject,
    QSettings,
    QSize,
    QStandardPaths,
    QStringListModel,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader import __version__
from reader.app import ReaderCore
from reader.archive import Archive
from reader.atomic import atomic_write_text
from reader.export import stories_markdown
from reader.imports import ImportItem, ImportReport, proposed_meta
from reader.library import find_page_files, read_as_page
from reader.logs import library_text
from reader.model import Story
from reader.paths import log_dir
from reader.search.engine import Results, SearchRequest
from reader.ui.article_view import (
    DEFAULT_LINE_HEIGHT,
    MAX_LINE_HEIGHT,
    MAX_ZOOM,
    MIN_LINE_HEIGHT,
    MIN_ZOOM,
    ArticleView,
)
from reader.ui.bookmarks import BookmarksPanel
from reader.ui.calendar_panel import CalendarPanel
from reader.ui.corrections import Corrections
from reader.ui.dock_widths import DockWidths
from reader.ui.file_dialogs import existing_folder, open_files, save_file
from reader.ui.find_bar import FindBar
from reader.ui.import_dialog import ImportDialog
from reader.ui.original_view import OriginalView, add_original_dock
from reader.ui.page_view import PageView
from reader.ui.print_dialog import ask_to_print
from reader.ui.problems import ProblemsPanel
from reader.ui.reading_settings import THEMES, Reading, ReadingDialog, apply_theme
from reader.ui.render import plain_tooltip, ui_text
from reader.ui.search_panel import SearchPanel
from reader.ui.tasks import Task, start
from reader.ui.tree import IssueTree

MAX_RECENT = 20
MAX_RECENT_LIBRARIES = 8
FLASH_MS = 4000
PROGRESS_WIDTH = 300  # room for "建立索引 32160/32160" on one line
MIN_ARTICLE_WIDTH = 380  # about 20 characters a line at the default size
# room for what a window manager adds around the window (title bar, borders) at first start
WINDOW_DECORATION = QSize(24, 64)
log = logging.getLogger(__name__)

# Keys in Qt's portable form; shown as the menus show them (``key_text``)
SHORTCUTS = [
    ("Ctrl+K", "搜索全部报纸"),
    ("Ctrl+F", "在本文中查找（回车 / Shift+回车 下一个 / 上一个，Esc 关闭）"),
    ("Enter", "执行搜索"),
    ("F3 / Shift+F3", "下一个 / 上一个匹配"),
    ("Ctrl+D", "添加或取消书签"),
    ("Alt+Left / Alt+Right", "后退 / 前进"),
    ("Ctrl+Home / Ctrl+End", "文章开头 / 结尾（在文章中）"),
    ("Ctrl++ / Ctrl+- / Ctrl+0", "放大 / 缩小 / 默认字号"),
    ("Ctrl+E", "导出文章"),
    ("Ctrl+Q", "退出"),
    ("Ctrl+Up / Ctrl+Down", "本版上一篇 / 下一篇"),
    ("Ctrl+PgUp / Ctrl+PgDown", "上一版 / 下一版"),
    ("Ctrl+Shift+PgUp / Ctrl+Shift+PgDown", "上一期 / 下一期"),
    ("Ctrl+Shift+O", "打开书库"),
    ("Ctrl+Shift+C", "复制引文"),
    ("Ctrl+P", "打印"),
    ("Ctrl+O", "导入版面"),
    ("Delete / Ctrl+Z", "删除所选书签 / 撤销删除（书签表中）"),
    ("Ctrl+Z / Ctrl+Shift+Z", "撤销（刚取消的书签，或更正） / 重做更正"),
]


def log_import(report: ImportReport, items: list[ImportItem], into: Path) -> None:
    """What an import did, file by file (the status line says only how many)."""
    sources = {item.source for item in items}
    offered = len(items) + sum(path not in sources for path, _ in report.rejected)
    log.info(
        "import into %s: %d of %d files imported, %d rejected",
        into,
        len(report.imported),
        offered,
        len(report.rejected),
    )
    rejected = {path for path, _reason in report.rejected}
    for item in items:
        if item.source not in rejected:
            log.info("import from %s", item.source)
    for path in report.imported:
        log.info("imported as %s", path)
    for path, reason in report.rejected:
        log.info("not imported %s: %s", path, reason)


def key_text(keys: str) -> str:
    """Keys written as "Alt+Left / Alt+Right" as the menus show them (Alt+← / Alt+→, 回车):
    one spelling of a key everywhere in the window."""
    native = QKeySequence.SequenceFormat.NativeText
    return " / ".join(QKeySequence(part).toString(native) for part in keys.split(" / "))


ZOOM_STEP = 10  # percent of the default size: every step the same


def next_zoom_step(percent: float, step: int) -> int:
    """The zoom one even step away from ``percent`` (which may lie between steps)."""
    nearest = round(percent / ZOOM_STEP) * ZOOM_STEP
    if abs(percent - nearest) < 0.5:  # on a step
        return nearest + (ZOOM_STEP if step > 0 else -ZOOM_STEP)
    lower = math.floor(percent / ZOOM_STEP) * ZOOM_STEP
    return lower + ZOOM_STEP if step > 0 else lower


def safe_file_stem(name: str, limit: int = 40) -> str:
    """A title as a file name on every system: no separators or reserved characters."""
    stem = "".join("_" if char in '<>:"/\\|?*' or ord(char) < 32 else char for char in name)
    return stem.strip(" .")[:limit] or "文章"


def _documents() -> Path:
    """The user's documents folder, else their home (an empty answer would be the working
    directory: the program's folder when started from a shortcut)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def saved_path(path: str, chosen_filter: str, choices: list[tuple[str, str]]) -> Path:
    """The file a save dialog's answer means: the chosen type's extension added when the
    typed name has none of the offered ones."""
    filters = [f"{label} (*{suffix})" for label, suffix in choices]
    suffix = choices[filters.index(chosen_filter)][1] if chosen_filter in filters else choices[0][1]
    return with_suffix(Path(path), suffix, {s for _, s in choices})


def with_suffix(path: Path, suffix: str, known: set[str]) -> Path:
    """``path`` with ``suffix`` added unless it already ends in one of the ``known`` ones
    (a title such as “增长5.2%” has a dot but no extension)."""
    return path if path.suffix.lower() in known else path.with_name(path.name + suffix)


class MainWindow(QMainWindow):
    archive_loaded = Signal()
    index_ready = Signal()
    article_shown = Signal(str)  # the article (fragment) now being read

    def __init__(self, core: ReaderCore, settings: QSettings) -> None:
        super().__init__()
        self.core = core
        self.settings = settings
        self.is_index_ready = False
        self._rerun_by_index = False  # the search panel's next answer is the index's rerun
        self.history: list[str] = []
        self.history_pos = -1
        self._tasks: set[Task] = set()
        self.last_import: ImportReport | None = None
        self.import_message: QMessageBox | None = None  # kept alive while it is shown
        self._notices: list[QMessageBox] = []
        self.current_article = ""  # the article (fragment) being read
        self._generation = 0  # bumped when another library is opened
        # The printed page comes to the front when a PDF article opens, unless the reader
        # picked another tab beside it since the program last chose the front tab.
        self._front_by_program: QDockWidget | None = None
        self.setWindowTitle(self.tr("报纸阅读器"))
        self.setAcceptDrops(True)
        self._build_widgets()
        self._build_actions()
        # nothing is open yet: steps, history and the star lead nowhere (they looked
        # usable during the first read and did nothing)
        self._update_steps()
        self._update_history_actions()
        self._update_star()
        docks = self.findChildren(QDockWidget)
        self.panel_widths = DockWidths(self, docks)  # panels squeezed by a narrow window regrow
        self._restore()
        self._update_title()

    # -- construction -----------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.article = ArticleView(self)
        self.default_point_size = self.article.point_size
        self.article.present_pages = lambda story: self.core.archive.issue_pages(story)
        self.article.note_for = self._bookmark_note
        self.article.corrected_for = lambda story: any(
            self.core.is_corrected(a.id) for a in story.fragments
        )
        self.find_bar = FindBar(self.article, self)
        self.article.rendered.connect(self.find_bar.refresh)
        center = QWidget(self)
        column = QVBoxLayout(center)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.article, 1)
        column.addWidget(self.find_bar)
        # the article keeps room for a readable line whatever the panels take
        center.setMinimumWidth(MIN_ARTICLE_WIDTH)
        self.setCentralWidget(center)
        self.tree = IssueTree(self)
        self.search_panel = SearchPanel(self._search, self)
        self.bookmarks = BookmarksPanel(self.core.bookmarks, self)
        self.tree_dock = self._dock(
            self.tr("报纸目录"), "tree", self.tree, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.search_dock = self._dock(
            self.tr("搜索结果"), "search", self.search_panel, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.bookmarks_dock = self._dock(
            self.tr("书签"), "bookmarks", self.bookmarks, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.page_view = PageView(self)
        self.page_dock = self._dock(
            self.tr("版面目录"), "page", self.page_view, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.tabifyDockWidget(self.tree_dock, self.page_dock)
        self.tree_dock.raise_()
        self.page_view.article_opened.connect(self._open_article)
        self.calendar = CalendarPanel(self)
        self.calendar_dock = self._dock(
            self.tr("日历"), "calendar", self.calendar, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.tabifyDockWidget(self.page_dock, self.calendar_dock)
        self.tree_dock.raise_()
        self.calendar.issue_opened.connect(self._open_article)
        self.article_shown.connect(self._follow_calendar)
        self.article_shown.connect(self._update_steps)
        self.calendar.no_issue.connect(
            lambda day: self.flash(self.tr("%1 没有报纸").replace("%1", day))
        )
        self.problems = ProblemsPanel(self)
        self.problems_dock = self._dock(
            self.tr("问题"), "problems", self.problems, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.problems_dock.hide()
        self.problems.page_opened.connect(self._open_article)
        self.tabifyDockWidget(self.search_dock, self.bookmarks_dock)
        self.raise_dock(self.search_dock)
        # -- 原版: the printed page of PDF-read pages, beside search and bookmarks (issue J)
        self.original_dock = add_original_dock(self, beside=self.search_dock)
        self.original_view: OriginalView = self.original_dock.widget()
        self.article_shown.connect(
            lambda aid: self.original_view.show_page(self.core.archive.page_of(aid), aid)
        )
        self.original_view.article_opened.connect(self._open_article)
        # -- end 原版
        self.status_label = QLabel(self)
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)  # quotes titles and paths
        self.progress = QProgressBar(self)
        self.progress.setMinimumWidth(PROGRESS_WIDTH)
        self.progress.setMaximumWidth(PROGRESS_WIDTH)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.zoom_label = QToolButton(self)
        self.zoom_label.setAutoRaise(True)
        self.zoom_label.clicked.connect(self.reset_zoom)
        self.statusBar().addPermanentWidget(self.zoom_label)
        self.problems_button = QToolButton(self)
        self.problems_button.setAutoRaise(True)
        self.problems_button.hide()
        self.problems_button.clicked.connect(self.show_problems)
        self.statusBar().addPermanentWidget(self.problems_button)
        self.tree.article_chosen.connect(lambda story, article: self.open_story(story, article))
        self.search_panel.results_shown.connect(self._search_answered)
        self.search_panel.suggestion_chosen.connect(self._search_suggestion)
        # opened from a list beside the 原版 tab: the list stays in front (the reader goes
        # on through it)
        self.search_panel.hit_opened.connect(
            lambda story, needles: self.open_story(story, None, needles, show_printed=False)
        )
        self.bookmarks.opened.connect(lambda story: self.open_story(story, show_printed=False))
        self.bookmarks.export_requested.connect(self._export_bookmarks)
        self.bookmarks.export_stories_requested.connect(self._export_bookmarked_stories)
        self.bookmarks.changed.connect(self._bookmarks_changed)
        self.bookmarks.notice.connect(self.flash)
        self.bookmarks.removed_some.connect(self._bookmarks_removed)
        self.article.fragment_link.connect(self._fragment_link)
        self.article.hits_changed.connect(self._hits_changed)
        self.article.zoom_steps.connect(self._zoom_by)

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{name}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, slot, shortcut: object = None, checkable: bool = False) -> QAction:
        """A window action. Only a checkable action passes its state to ``slot``: Qt's
        ``triggered(bool)`` would otherwise land in the slot's first optional parameter."""
        action = QAction(text, self)
        if shortcut is not None:
            keys = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(k) for k in keys])
        action.setCheckable(checkable)
        action.triggered.connect(slot if checkable else (lambda *_: slot()))
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        tr = self.tr
        self.back_action = self._action(tr("后退"), lambda: self._go(-1), "Alt+Left")
        self.forward_action = self._action(tr("前进"), lambda: self._go(1), "Alt+Right")
        self.star_action = self._action(tr("☆ 书签"), self.toggle_bookmark, "Ctrl+D", True)
        self.original_action = self._action(tr("整版文字"), self.article.set_original, None, True)
        self.original_action.setToolTip(
            tr("整版文字：这一版的全部文字按印刷顺序排列，本文所在的行加了标记")
        )
        self.prev_hit_action = self._action(
            tr("上一个匹配"), lambda: self.article.next_hit(-1), "Shift+F3"
        )
        self.next_hit_action = self._action(
            tr("下一个匹配"), lambda: self.article.next_hit(1), "F3"
        )
        zoom_in = self._action(tr("放大"), lambda: self.zoom(1), ["Ctrl++", "Ctrl+="])
        zoom_out = self._action(tr("缩小"), lambda: self.zoom(-1), "Ctrl+-")
        self._action(tr("恢复默认字号"), self.reset_zoom, "Ctrl+0")
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(tr("搜索（索引建立中…）"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(260)
        self.recent = QStringListModel(self.settings.value("recent_queries", [], list) or [], self)
        completer = QCompleter(self.recent, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search_box.setCompleter(completer)
        self.search_box.returnPressed.connect(lambda: self.run_search(self.search_box.text()))
        self.search_box.installEventFilter(self)  # ↓ goes into the hits
        self.search_action = self._action(tr("搜索全部报纸"), self._focus_search, "Ctrl+K")
        self.find_action = self._action(tr("在本文中查找"), self.find_bar.open_bar, "Ctrl+F")
        toolbar = QToolBar(tr("工具栏"), self)
        toolbar.setObjectName("toolbar-main")
        for action in (self.back_action, self.forward_action):
            toolbar.addAction(action)
        toolbar.addWidget(self.search_box)
        for action in (
            self.prev_hit_action,
            self.next_hit_action,
            self.star_action,
            self.original_action,
            zoom_out,
            zoom_in,
        ):
            toolbar.addAction(action)
        self.addToolBar(toolbar)
        # ☆ 书签 and ★ 已收藏 take the same room: the toolbar does not shift when one is starred
        star = toolbar.widgetForAction(self.star_action)
        star.setMinimumWidth(
            max(star.sizeHint().width(), star.fontMetrics().horizontalAdvance("★ 已收藏") + 16)
        )
        self.hit_label = QLabel(self)
        toolbar.addWidget(self.hit_label)
        self._build_menus(zoom_in, zoom_out)
        self.corrections = Corrections(self)
        self._build_help_menu()  # last, after 更正, where readers look for help
        self.article.extend_menu = self._article_menu
        self.page_view.extend_menu = self.corrections.fill_menu
        browse = QToolBar(tr("浏览"), self)
        browse.setObjectName("toolbar-browse")
        for (how, step), text in zip(
            self.step_actions,
            ("◀篇", "篇▶", "◀版", "版▶", "◀期", "期▶"),
            strict=True,
        ):
            action = self.step_actions[(how, step)]
            action.setIconText(text)
            browse.addAction(action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, browse)
        self._update_star()
        self._hits_changed(-1, 0)

    def _build_menus(self, zoom_in: QAction, zoom_out: QAction) -> None:
        tr = self.tr
        files = self.menuBar().addMenu(tr("文件(&F)"))
        files.addAction(self._action(tr("打开书库…"), self._open_library_dialog, "Ctrl+Shift+O"))
        self.recent_libraries_menu = files.addMenu(tr("最近的书库"))
        # the library the window opened on is a recent one too, and the one to open next
        # time (one given by --library was listed only after switching away and back, and
        # the next start went back to the library before it)
        folders = self.core.folders
        self.remember_library(None if folders.is_default else folders.roots[0])
        files.addSeparator()
        files.addAction(self._action(tr("导入版面…"), self.import_dialog, "Ctrl+O"))
        files.addAction(self._action(tr("导入文件夹…"), self.import_folder_dialog))
        files.addAction(self._action(tr("导出文章…"), self._export_article, "Ctrl+E"))
        files.addAction(self._action(tr("导出本期（Markdown）…"), self._export_issue))
        files.addAction(self._action(tr("打印…"), self._print, "Ctrl+P"))
        files.addAction(self._action(tr("导出 PDF…"), self._export_pdf))
        files.addSeparator()
        files.addAction(self._action(tr("退出"), self.close, "Ctrl+Q"))
        edit = self.menuBar().addMenu(tr("编辑(&E)"))
        edit.addAction(self._action(tr("复制全文"), self._copy_all))
        edit.addAction(
            self._action(tr("复制引文（GB/T 7714）"), self._copy_citation, "Ctrl+Shift+C")
        )
        edit.addAction(
            self._action(tr("复制引文（BibTeX）"), lambda: self._copy_citation("bibtex"))
        )
        edit.addAction(self._action(tr("复制引文（RIS）"), lambda: self._copy_citation("ris")))
        edit.addSeparator()
        edit.addAction(self.find_action)
        edit.addAction(self.search_action)
        edit.addSeparator()
        edit.addAction(self.star_action)  # Ctrl+D, found in a menu too
        go = self.menuBar().addMenu(tr("浏览(&G)"))
        self.step_actions: dict[tuple[str, int], QAction] = {}
        for label, how, step, keys in (
            ("上一篇（本版）", "article", -1, "Ctrl+Up"),
            ("下一篇（本版）", "article", 1, "Ctrl+Down"),
            ("上一版", "page", -1, "Ctrl+PgUp"),
            ("下一版", "page", 1, "Ctrl+PgDown"),
            ("上一期", "issue", -1, "Ctrl+Shift+PgUp"),
            ("下一期", "issue", 1, "Ctrl+Shift+PgDown"),
        ):
            action = self._action(tr(label), lambda h=how, s=step: self.step(h, s), keys)
            go.addAction(action)
            self.step_actions[(how, step)] = action
        go.addSeparator()
        go.addAction(self.back_action)
        go.addAction(self.forward_action)
        view = self.menuBar().addMenu(tr("视图(&V)"))
        docks = (
            self.tree_dock,
            self.page_dock,
            self.calendar_dock,
            self.search_dock,
            self.bookmarks_dock,
            self.problems_dock,
            self.original_dock,
        )
        for dock in docks:
            view.addAction(dock.toggleViewAction())
        view.addSeparator()
        for action in (
            self.original_action,
            zoom_in,
            zoom_out,
            self.back_action,
            self.forward_action,
            self.prev_hit_action,
            self.next_hit_action,
        ):
            view.addAction(action)
        view.addSeparator()
        view.addAction(self._action(tr("阅读设置…"), self._reading_dialog))

    def _build_help_menu(self) -> None:
        tr = self.tr
        helpmenu = self.menuBar().addMenu(tr("帮助(&H)"))
        helpmenu.addAction(self._action(tr("快捷键"), self._show_shortcuts, "F1"))
        helpmenu.addAction(self._action(tr("打开日志文件夹"), self.open_log_folder))
        helpmenu.addAction(self._action(tr("关于"), self._about))

    def _restore(self) -> None:
        """Window layout and zoom from the settings; a value that is not usable is ignored."""
        geometry = self._setting_bytes("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.fit_to(self.screen().availableGeometry().size())
        state = self._setting_bytes("window_state")
        if state is not None and self.restoreState(state):
            QTimer.singleShot(0, self.panel_widths.remember)  # the widths the reader left
        zoom = self._setting_number("zoom", MIN_ZOOM, MAX_ZOOM)
        if zoom is not None:
            self.article.set_zoom(zoom)
        spacing = self._setting_number("line_height", MIN_LINE_HEIGHT, MAX_LINE_HEIGHT)
        family = self.settings.value("font_family", "")
        self.article.set_reading(
            family if isinstance(family, str) else "", int(spacing or DEFAULT_LINE_HEIGHT)
        )
        theme = self.settings.value("theme", "system")
        apply_theme(theme if theme in THEMES else "system")
        self._show_zoom()

    def fit_to(self, room: QSize) -> None:
        """A first-start layout for the screen: side panels take at most half the width
        together, so the article keeps a readable line even at 1024×700. The window manager's
        title bar and borders come on top of the size set here: they are left room for, or
        on a 1280×800 screen the status bar (where the first index build shows its progress)
        would sit below the screen's edge."""
        width = min(1280, room.width() - WINDOW_DECORATION.width())
        height = min(820, room.height() - WINDOW_DECORATION.height())
        self.resize(width, height)
        side = min(320, width // 4)
        self._dock_widths = [side, side + 20]
        # the widths meant, kept to come back to (the docks reach them only once laid out)
        self.panel_widths.wanted = {self.tree_dock: side, self.search_dock: side + 20}
        self._size_docks()
        # before the window is first shown Qt keeps the panels at their own size hints
        # (the tree showed about six characters of a title): sized again once laid out
        QTimer.singleShot(0, self._size_docks)

    def _size_docks(self) -> None:
        self.resizeDocks(
            [self.tree_dock, self.search_dock], self._dock_widths, Qt.Orientation.Horizontal
        )

    def _setting_bytes(self, key: str) -> QByteArray | None:
        value = self.settings.value(key)
        if isinstance(value, (QByteArray, bytes)) and len(value):
            return QByteArray(value)
        if value is not None:
            log.warning("ignoring setting %s=%r (not saved window data)", key, value)
        return None

    def _setting_number(self, key: str, low: int, high: int) -> float | None:
        value = self.settings.value(key)
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = None
        if number is None or not low <= number <= high:
            if value is not None:
                log.warning(
                    "ignoring setting %s=%r (not a number in %d..%d)", key, value, low, high
                )
            return None
        return number

    # -- libraries ------------------------------------------------------------------------
    def open_library(self, folder: Path | None) -> None:
        """Show another library (None: the default one); remembered for the next start."""
        self._generation += 1
        self.search_panel.reset()  # a search of the old library must not show up
        self.search_box.clear()
        before = library_text(self.core.folders)
        self.core.open_library(folder)
        log.info("switched library: now %s; was %s", library_text(self.core.folders), before)
        # the old library's stories must not mark the bookmarks while the new one is read
        self.bookmarks.set_present(None)
        self.article.clear_story()
        self._update_star()
        self._update_steps()  # no article open: no step
        self.history, self.history_pos = [], -1
        self._update_history_actions()
        self.tree.filter.clear()  # the old library's filter would hide the new one's rows
        self.tree.populate(self.core.archive)
        # nothing of the old library stays on show while the new one is read
        self.problems.show_reading()
        self.problems_button.hide()
        self.page_view.show_page(None)
        self.original_view.show_page(None)
        self.remember_library(folder)
        self._update_title()
        self.start()

    def remember_library(self, folder: Path | None) -> None:
        """``folder`` (None: the default library) is the one to open at the next start, and
        first in 最近的书库 (the default library is always offered)."""
        self.settings.setValue("last_library", str(folder) if folder else "")
        if folder is not None:
            recent = [str(folder), *(f for f in self.recent_libraries() if f != str(folder))]
            self.settings.setValue("recent_libraries", recent[:MAX_RECENT_LIBRARIES])
        self._fill_recent_libraries()

    def recent_libraries(self) -> list[str]:
        value = self.settings.value("recent_libraries", [])
        items = value if isinstance(value, list) else [value] if isinstance(value, str) else []
        return [item for item in items if isinstance(item, str) and item]

    def _open_library_dialog(self) -> None:
        folder = existing_folder(self, self.tr("打开书库"), str(self.library_dialog_folder()))
        if folder and (self._holds_pages(Path(folder)) or self._open_empty(Path(folder))):
            self.remember_folder(Path(folder).parent)
            self.open_library(Path(folder))

    @staticmethod
    def _holds_pages(folder: Path) -> bool:
        return next(find_page_files([folder]), None) is not None

    def _open_empty(self, folder: Path) -> bool:
        """Whether to open a folder without a single page as a library (a wrong folder is
        the likelier reason, so the default answer is no)."""
        answer = QMessageBox.question(
            self,
            self.tr("打开书库"),
            self.tr(
                "“%1”里没有版面文件（.txt、.md 或 .pdf）。\n\n仍然把它作为书库打开吗？"
            ).replace("%1", folder.name or str(folder)),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Open

    def _fill_recent_libraries(self) -> None:
        menu = self.recent_libraries_menu
        menu.clear()
        menu.addAction(self.tr("默认书库（样例与我导入的版面）"), lambda: self.open_library(None))
        menu.addSeparator()
        for folder in self.recent_libraries():
            action = menu.addAction(folder, lambda f=folder: self.open_library(Path(f)))
            action.setEnabled(Path(folder).is_dir())

    def _update_title(self) -> None:
        folders = self.core.folders
        name = self.tr("默认书库") if folders.is_default else folders.roots[0].name
        self.setWindowTitle(name)  # Qt adds " — 报纸阅读器" (the application's display name)

    # -- start-up (background) ----------------------------------------------------------
    def start(self) -> None:
        """Read the library, then bring the index up to date — both off the GUI thread."""
        self._status(self.tr("正在读取版面…"))
        self._run(self._load_work, self._archive_loaded)

    def _load_work(self, report) -> Archive:
        """Open the index (importing Whoosh here, not on the GUI thread: a kept index
        answers searches while the pages are read), then read the library."""
        self.core.engine  # noqa: B018 (opened on first use)
        return self.core.load(lambda d, t: report(d, t, "读取版面"))

    def _run(self, work, done) -> Task:
        """Run ``work`` in the pool; its answer is dropped if the library changed meanwhile."""
        task = Task(work)
        generation = self._generation
        current = lambda: generation == self._generation  # noqa: E731
        self._tasks.add(task)
        task.signals.progress.connect(lambda *a: current() and self._progress(*a))
        task.signals.done.connect(lambda result: current() and done(result))
        task.signals.failed.connect(lambda message: current() and self._failed(message))
        task.signals.done.connect(lambda _: self._tasks.discard(task))
        task.signals.failed.connect(lambda _: self._tasks.discard(task))
        return start(task)

    def _archive_loaded(self, archive: Archive) -> None:
        """Show the read archive in steps, one per turn of the event loop.

        Each step takes a few tens of milliseconds on a year's archive, and the worker
        thread (soon building the index) takes turns with the GUI thread for the
        interpreter: done in one go the window stood still for 100–150 ms.
        """
        generation = self._generation
        steps = iter(
            (
                lambda: self.tree.populate(archive),
                lambda: self.calendar.populate(archive),
                lambda: self._show_search_span(archive),
                lambda: self._show_load_summary(archive),
                self._show_bookmarks,
                self._open_first_story,
                self._start_index,
            )
        )

        def run_next() -> None:
            step = next(steps, None)
            if step is None or generation != self._generation:
                return
            step()
            QTimer.singleShot(0, run_next)

        run_next()

    def _show_search_span(self, archive: Archive) -> None:
        papers = sorted({p.meta.newspaper for p in archive.pages if p.meta.newspaper})
        self.search_panel.set_newspapers(papers)
        dates = [p.meta.date for p in archive.pages if p.meta.date]
        self.search_panel.set_date_span(min(dates, default=None), max(dates, default=None))

    def _show_bookmarks(self) -> None:
        """Mark the bookmarks whose story is not in the library, after letting those whose
        page was filed since follow their story's new id."""
        moved = self.core.follow_bookmarks()
        if moved:
            self.statusBar().showMessage(
                self.tr("%1 个书签所在的版面已归档，书签已随稿件更新。").replace("%1", str(moved)),
                8000,
            )
        self.bookmarks.set_present({s.id for s in self.core.archive.stories})

    def _show_load_summary(self, archive: Archive) -> None:
        errors, warnings = archive.errors, archive.warnings
        status = (
            self.tr("已读取 %1 个版面、%2 篇稿件")
            .replace("%1", str(len(archive.pages)))
            .replace("%2", str(len(archive.stories)))
        )
        if errors:
            status += self.tr("；%1 个文件无法读取").replace("%1", str(len(errors)))
        if warnings:
            status += self.tr("；%1 个版面有问题（悬停查看）").replace("%1", str(len(warnings)))
        self._status(status)
        problems = errors + warnings
        self.status_label.setToolTip(
            plain_tooltip(
                ui_text("\n".join(problems)) + "\n\n" + self.tr("（视图 → 问题 可列出全部）")
            )
            if problems
            else ""
        )
        self._list_problems(archive)

    def _list_problems(self, archive: Archive) -> None:
        """The 问题 panel and its status-bar button (hidden when there is none)."""
        count = self.problems.populate(archive, self.core.folders.roots)
        self.problems_button.setText(self.tr("问题（%1）").replace("%1", str(count)))
        self.problems_button.setVisible(count > 0)

    def _last_story_key(self) -> str:
        """The story read last is remembered per library: back in a library, the reader
        is where they left it there (one key for all opened the first story instead)."""
        library = str(self.core.library.resolve())
        return f"last_story_{hashlib.sha1(library.encode('utf-8')).hexdigest()[:16]}"

    def _open_first_story(self) -> None:
        """The story read last time (or the first one); an open story is shown anew. A
        library without a page says so where the article would be (a blank tree and
        "select an article on the left" told the reader nothing)."""
        self.article.setPlaceholderText(
            self.tr("在左侧选择一篇文章，或在工具栏搜索。")
            if self.core.archive.pages
            else self.tr(
                "这个书库里还没有版面。\n用“文件 → 导入版面”加入版面文字，或打开另一个书库。"
            )
        )
        if self.article.story is None:
            # (the one key of earlier versions: kept if that story is in this library)
            last = self.settings.value(self._last_story_key(), "") or self.settings.value(
                "last_story", ""
            )
            if last and self.core.story(last):
                self.open_story(last)
            elif (first := self.tree.first_article()) is not None:
                self.open_story(*first)
        elif (story := self.core.story(self.article.story.id)) is not None:
            self.article.show_story(story, self.article.needles)

    def _start_index(self) -> None:
        self.archive_loaded.emit()
        self.is_index_ready = False
        self.search_box.setPlaceholderText(self.tr("搜索（索引建立中…）"))
        self._run(self._index_work, self._indexed)

    def _index_work(self, report) -> object:
        if not self.core.index_current():
            # a phase of its own from the start: never a finished "读取版面 N/N" left showing
            report(0, 0, self.tr("准备索引"))
        from reader.language.segmenter import tokenizer  # jieba: imported off the GUI thread

        tokenizer()  # jieba's dictionary loads here, never on the GUI thread
        return self.core.index(report)

    def _indexed(self, _report: object) -> None:
        self.is_index_ready = True
        self.progress.hide()
        self.search_box.setPlaceholderText(self.tr("搜索全部报纸（Ctrl+K）"))
        messages = self.core.index_messages
        self._status(self.tr("索引就绪") + ("：" + "；".join(messages) if messages else ""))
        if self.search_panel.query:
            self._rerun_by_index = True  # its answer refreshes the panel, not the reading
            self.search_panel.rerun()
        self.index_ready.emit()

    def _progress(self, done: int, total: int, label: str) -> None:
        """One line: the phase and its own count (just the phase while that is unknown; Qt's
        busy bar would hide the text)."""
        self.progress.show()
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done if total else 0)
        self.progress.setFormat(f"{label} %v/%m" if total else f"{label}…")
        self.progress.setToolTip(f"{label} {done}/{total}" if total else label)

    def _failed(self, message: str) -> None:
        self.progress.hide()
        self._status(self.tr("出错：%1").replace("%1", message))

    def _status(self, text: str) -> None:
        self.status_label.setText(text)

    # -- reading ------------------------------------------------------------------------
    def open_story(
        self,
        story_id: str,
        article_id: str | None = None,
        needles: list[str] | None = None,
        record: bool = True,
        show_printed: bool = True,
    ) -> bool:
        story = self.core.story(story_id)
        if story is None:
            # a passing notice: it must not stay under the articles read next
            self.flash(self.tr("这篇稿件不在当前书库中（它可能在另一个书库，或版面文件已移走）。"))
            return False
        # a later part opens where it starts; the first opens at the top, its headline in view
        # (its anchor sits under the rule, where the view had scrolled past title and byline)
        anchor = article_id if article_id and article_id != story.fragments[0].id else None
        self.article.show_story(story, needles, anchor)
        self.current_article = article_id or story.lead.id
        self.tree.select_article(self.current_article)
        self.search_panel.follow(story_id)
        self.page_view.show_page(
            self.core.archive.page_of(self.current_article), self.current_article
        )
        self.article_shown.emit(self.current_article)
        if show_printed:
            self._bring_printed_page()
        if record and (not self.history or self.history[self.history_pos] != story_id):
            del self.history[self.history_pos + 1 :]
            self.history.append(story_id)
            self.history_pos = len(self.history) - 1
        self.settings.setValue(self._last_story_key(), story_id)
        self._update_star()
        self._update_history_actions()
        return True

    def _follow_calendar(self, article_id: str) -> None:
        """The calendar turns to the month of the article being read (it stayed on the
        newest issue's month, so "browse by date" started far from the reader's place)."""
        page = self.core.archive.page_of(article_id)
        self.calendar.follow(page.meta.date if page is not None else None)

    def raise_dock(self, dock: QDockWidget) -> None:
        """Bring ``dock`` to the front of its tabs (the program's doing, not the reader's
        choice of tab)."""
        dock.raise_()
        self._front_by_program = dock

    def _bring_printed_page(self) -> None:
        """A PDF article opened: its printed page to the front, unless the reader chose
        another tab beside it (the front tab is not the one the program put there), or
        closed the panel."""
        page = self.core.archive.page_of(self.current_article)
        if page is None or page.pdf is None or self.original_dock.isHidden():
            return
        article = next((a for a in page.articles if a.id == self.current_article), None)
        if article is None or not article.regions:
            return
        group = (self.search_dock, self.bookmarks_dock, self.original_dock)
        front = next((dock for dock in group if dock.isVisible()), None)
        if front is None or front is self._front_by_program:
            self.raise_dock(self.original_dock)

    def _article_menu(self, menu, paragraph: str) -> None:
        """The fixes in the article pane's menu, for the fragment holding ``paragraph``."""
        story = self.article.story
        if story is None:
            return
        text = paragraph.strip().lstrip("\u3000 ")
        holder = next(
            (a.id for a in story.fragments if any(p.strip() == text for p in a.paragraphs)),
            None,
        )
        selection = self.article.textCursor().selectedText().replace("\u2029", " ")
        self.corrections.fill_menu(menu, holder or self.current_article, paragraph, selection)

    def show_problems(self) -> None:
        self.problems_dock.show()
        self.problems_dock.raise_()

    def archive_changed(self, article_id: str) -> None:
        """The core's archive was corrected: show it, stay on the article (or where it went),
        and bring the index up to date (only changed stories are re-indexed)."""
        archive = self.core.archive
        self.tree.populate(archive)
        self.calendar.populate(archive)
        self._list_problems(archive)  # a continuation joined by hand is one problem fewer
        self.bookmarks.set_present({s.id for s in archive.stories})
        self.page_view.show_page(None)
        target = article_id if archive.page_of(article_id) else self.tree.first_article()
        if isinstance(target, tuple):
            target = target[1]
        # the reader stays where they were reading in the story they corrected
        shown = self.article.story.id if self.article.story is not None else None
        scroll = self.article.verticalScrollBar().value()
        if target:
            self._open_article(target)
        if self.article.story is not None and self.article.story.id == shown:
            self.article.verticalScrollBar().setValue(scroll)
        self.is_index_ready = False
        self._run(self._index_work, self._indexed)

    def _open_article(self, article_id: str) -> None:
        story = self.core.archive.story_of(article_id)
        if story is not None:
            self.open_story(story.id, article_id)

    def _fragment_link(self, article_id: str) -> None:
        """A 第N版 link: that fragment's place in the article, and its page in the page view."""
        self.article.scrollToAnchor(article_id)
        self.tree.select_article(article_id)
        self.current_article = article_id
        self.page_view.show_page(self.core.archive.page_of(article_id), article_id)
        self.article_shown.emit(article_id)
        self.page_dock.show()
        self.page_dock.raise_()

    def _movers(self) -> dict[str, Callable[[str, int], str | None]]:
        archive = self.core.archive
        return {
            "article": archive.step_article,
            "page": archive.step_page,
            "issue": archive.step_issue,
        }

    def _update_steps(self, article_id: str = "") -> None:
        """A step that leads nowhere from the open article is greyed out, as a browser's
        back button is on the first page (it only said "已经是…" when pressed)."""
        movers = self._movers()
        for (how, direction), action in self.step_actions.items():
            action.setEnabled(bool(article_id) and movers[how](article_id, direction) is not None)

    def step(self, how: str, direction: int) -> bool:
        """Next/previous article on the page, page of the issue, or issue of the paper."""
        if not self.current_article:
            return False
        mover = self._movers()[how]
        target = mover(self.current_article, direction)
        if target is None:
            ends = {
                ("article", -1): "已经是本版第一篇",
                ("article", 1): "已经是本版最后一篇",
                ("page", -1): "已经是本期第一版",
                ("page", 1): "已经是本期最后一版",
                ("issue", -1): "已经是这份报纸最早的一期",
                ("issue", 1): "已经是这份报纸最新的一期",
            }
            self.flash(self.tr(ends[(how, 1 if direction > 0 else -1)]))
            return False
        self.statusBar().clearMessage()  # "已经是…" no longer holds once the reader moved
        self._open_article(target)
        return True

    def _go(self, step: int) -> None:
        target = self.history_pos + step
        if 0 <= target < len(self.history):
            self.history_pos = target
            self.open_story(self.history[target], record=False)

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(self.history_pos > 0)
        self.forward_action.setEnabled(self.history_pos < len(self.history) - 1)

    def zoom_percent(self) -> float:
        return 100 * self.article.point_size / self.default_point_size

    def zoom(self, step: int) -> None:
        """One even step (10 % of the default size) bigger or smaller; a size set in the
        reading settings first goes to the nearest step in that direction."""
        percent = next_zoom_step(self.zoom_percent(), step)
        size = self.default_point_size * percent / 100
        if not MIN_ZOOM <= size <= MAX_ZOOM:
            return  # past the last even step: a size cut to the limit stepped 90 %, 89 %
        self.set_point_size(size)

    def _zoom_by(self, steps: int) -> None:
        for _ in range(abs(steps)):
            self.zoom(1 if steps > 0 else -1)

    def set_point_size(self, point_size: float) -> None:
        self.article.set_zoom(point_size)
        self.settings.setValue("zoom", self.article.point_size)
        self._show_zoom()

    def reset_zoom(self) -> None:
        self.set_point_size(self.default_point_size)

    def _show_zoom(self) -> None:
        self.zoom_label.setText(f"{round(self.zoom_percent())}%")
        self.zoom_label.setToolTip(
            self.tr("字号 %1 磅（点击恢复默认）").replace("%1", f"{self.article.point_size:g}")
        )

    def reading_settings(self) -> Reading:
        theme = self.settings.value("theme", "system")
        return Reading(
            self.article.font_family or self.article.font().family(),
            self.article.point_size,
            self.article.line_height,
            theme if theme in THEMES else "system",
        )

    def apply_reading(self, reading: Reading) -> None:
        """Font, size, spacing and theme, applied at once and kept for the next start."""
        self.article.set_zoom(reading.point_size)
        self.article.set_reading(reading.family, reading.line_height)
        apply_theme(reading.theme)
        for key, value in (
            ("zoom", reading.point_size),
            ("font_family", reading.family),
            ("line_height", reading.line_height),
            ("theme", reading.theme),
        ):
            self.settings.setValue(key, value)
        self._show_zoom()

    def _reading_dialog(self) -> None:
        dialog = ReadingDialog(self.reading_settings(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_reading(dialog.reading())

    def _hits_changed(self, current: int, count: int) -> None:
        self.prev_hit_action.setEnabled(count > 0)
        self.next_hit_action.setEnabled(count > 0)
        self.hit_label.setText(f" {current + 1}/{count} " if count else "")

    # -- search -------------------------------------------------------------------------
    def _focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _search(self, request: SearchRequest, cancel: threading.Event) -> Results:
        """Runs on the search panel's thread, never on the GUI thread."""
        if not self.core.search_ready:
            return Results(
                query=request.query, error=self.tr("索引建立中，就绪后自动搜索。"), building=True
            )
        return self.core.search(request, cancel)

    def run_search(self, query: str) -> None:
        """Show the search panel and start searching; hits arrive without blocking."""
        query = query.strip()
        if not query:
            return
        self._rerun_by_index = False  # the reader's own search: its matches are marked
        self.search_dock.show()
        self.raise_dock(self.search_dock)
        self.search_panel.search(query)

    def _search_suggestion(self, query: str) -> None:
        self.search_box.setText(query)
        self.run_search(query)

    def _search_answered(self, results: Results) -> None:
        """A new answer: remember a query that worked, and show its matches in the open
        article instead of the previous search's (or none, after an error)."""
        by_index, self._rerun_by_index = self._rerun_by_index, False
        if by_index and not self.article.needles:
            return  # an article read without matches marked stays so (after a correction,
            # the index's rerun of the last search had marked them all over it)
        if results.error or results.cancelled:
            self.article.set_needles([])
            return
        # a pasted line break joins the words it cut, as the search reads it: history keeps
        # the query on one line, as the search box can show it
        query = "".join(line.strip() for line in results.query.splitlines())
        recent = [query, *(q for q in self.recent.stringList() if q != query)][:MAX_RECENT]
        if recent != self.recent.stringList():
            self.recent.setStringList(recent)
            self.settings.setValue("recent_queries", recent)
        if self.article.needles != results.needles:
            self.article.set_needles(results.needles)

    # -- bookmarks ----------------------------------------------------------------------
    def toggle_bookmark(self) -> None:
        story = self.article.story
        if story is None:
            self.star_action.setChecked(False)
            return
        if self.core.bookmarks.contains(story.id):
            (removed,) = self.bookmarks.remove([story.id])
            kept = removed.note or removed.tags
            self.flash(
                self.tr("已取消书签（按 Ctrl+Z 或再按 Ctrl+D 可连同备注和标签恢复）")
                if kept
                else self.tr("已取消书签")
            )
        elif self.bookmarks.take_back(story.id):
            self.flash(self.tr("已恢复书签，备注和标签都在"))
        else:
            self.core.bookmarks.add(story)
            self.flash(self.tr("已加入书签"))
        self.bookmarks.refresh()
        self._update_star()

    def _bookmark_note(self, story: Story) -> str:
        bookmark = self.core.bookmarks.get(story.id)
        return bookmark.note if bookmark else ""

    def _bookmarks_removed(self) -> None:
        self.corrections.bookmarks_first = True  # Ctrl+Z brings them back first

    def _bookmarks_changed(self) -> None:
        self._update_star()
        self.article.refresh()  # the note shows with the article

    def _update_star(self) -> None:
        story = self.article.story
        marked = story is not None and self.core.bookmarks.contains(story.id)
        self.star_action.setEnabled(story is not None)
        self.star_action.setChecked(marked)
        self.star_action.setText(self.tr("★ 已收藏") if marked else self.tr("☆ 书签"))

    def _export_bookmarks(self, kind: str) -> None:
        choice = ("Markdown", ".md") if kind == "md" else ("CSV", ".csv")
        path = self.ask_save_path(self.tr("导出书签"), self.tr("书签"), [choice])
        if path:
            self.export_bookmarks(path)

    def export_bookmarks(self, path: Path) -> None:
        present = {s.id for s in self.core.archive.stories}
        missing = {b.story_id for b in self.core.bookmarks.all()} - present
        if path.suffix.lower() == ".csv":
            self.core.bookmarks.export_csv(path, missing)
        else:
            self.core.bookmarks.export_markdown(path, missing)
        self.flash(self.tr("书签已导出到 %1").replace("%1", str(path)))

    # -- saving files -------------------------------------------------------------------
    def ask_save_path(self, caption: str, name: str, choices: list[tuple[str, str]]) -> Path | None:
        """A save dialog in the export folder (``export_folder``); the chosen type's
        extension is added when the typed name has none."""
        filters = [f"{label} (*{suffix})" for label, suffix in choices]
        start = str(self.export_folder() / f"{safe_file_stem(name)}{choices[0][1]}")
        path, chosen = save_file(self, caption, start, filters)
        if not path:
            return None
        self.settings.setValue("last_export_folder", str(Path(path).parent))
        target = saved_path(path, chosen, choices)
        if read_as_page(target, self.core.folders.roots) and not self._save_in_library(target):
            return None
        return target

    def _save_in_library(self, path: Path) -> bool:
        """Whether to save an export where the library would read it back as a page (the
        reader may mean it; the default answer is no)."""
        answer = QMessageBox.question(
            self,
            self.tr("保存到书库文件夹"),
            self.tr(
                "“%1”在当前书库的文件夹里，存在这里的文件下次读取书库时会被当作一个版面读入。"
                "\n\n仍然保存在这里吗？"
            ).replace("%1", path.name),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Save

    def export_folder(self) -> Path:
        """Where save dialogs open: the folder of the last export, at first the user's
        documents. Never the folder of the last import (a save landed among the pages
        being imported, or in a library folder) nor the program's own folder."""
        return self._remembered("last_export_folder") or _documents()

    def start_folder(self) -> Path:
        """Where open dialogs (import, open library) open: the folder used last, else the
        user's documents."""
        return self._remembered("last_folder") or _documents()

    def library_dialog_folder(self) -> Path:
        """Where 打开书库 opens: beside the library open now (other libraries are kept next
        to it; the trial's dialog opened in the home folder), else where open dialogs do."""
        folders = self.core.folders
        if not folders.is_default and folders.roots[0].parent.is_dir():
            return folders.roots[0].parent
        return self.start_folder()

    def _remembered(self, key: str) -> Path | None:
        last = self.settings.value(key, "")
        return Path(last) if isinstance(last, str) and last and Path(last).is_dir() else None

    def remember_folder(self, folder: Path) -> None:
        self.settings.setValue("last_folder", str(folder))

    def flash(self, text: str) -> None:
        """A confirmation that goes away by itself (never left over while reading on)."""
        self.statusBar().showMessage(text, FLASH_MS)

    # -- article actions ------------------------------------------------------------------
    def _copy_all(self) -> None:
        if self.article.story is not None:
            self.article.copy_all()
            self.flash(self.tr("已复制全文"))

    def _copy_citation(self, style: str = "gbt") -> None:
        text = self.article.copy_citation(style)
        if text:
            # GB/T 7714 reads as one line; BibTeX and RIS open with markup (TY  - NEWS), so
            # the confirmation names the format instead of quoting it
            names = {
                "bibtex": self.tr("BibTeX 格式"),
                "ris": self.tr("RIS 格式（EndNote、Zotero 可导入）"),
            }
            shown = text.strip().splitlines()[0] if style == "gbt" else names[style]
            self.flash(self.tr("已复制引文：%1").replace("%1", shown))

    def _export_issue(self) -> None:
        if self.article.story is None:
            return
        meta = self.article.story.pages[0].meta
        name = " ".join(filter(None, [meta.newspaper, meta.date.isoformat() if meta.date else ""]))
        path = self.ask_save_path(
            self.tr("导出本期"), name or self.tr("本期"), [("Markdown", ".md")]
        )
        if path:
            self.export_issue(path)

    def export_issue(self, path: Path) -> int:
        """Every story of the open article's issue, in page order, as one Markdown file."""
        story = self.article.story
        if story is None:
            return 0
        stories = self.core.archive.issue_stories(story)
        meta = story.pages[0].meta
        heading = " ".join(
            filter(None, [meta.newspaper, meta.date.isoformat() if meta.date else ""])
        )
        atomic_write_text(path, stories_markdown(stories, heading or self.tr("未归档")))
        self.flash(
            self.tr("已导出 %1 篇到 %2").replace("%1", str(len(stories))).replace("%2", str(path))
        )
        return len(stories)

    def _export_bookmarked_stories(self, story_ids: list[str]) -> None:
        path = self.ask_save_path(
            self.tr("导出所选文章"), self.tr("书签文章"), [("Markdown", ".md")]
        )
        if path:
            self.export_stories(story_ids, path)

    def export_stories(self, story_ids: list[str], path: Path) -> int:
        """Whole texts of several stories (e.g. selected bookmarks) in one Markdown file."""
        stories = [s for s in map(self.core.story, story_ids) if s is not None]
        atomic_write_text(path, stories_markdown(stories, self.tr("书签文章")))
        missing = len(story_ids) - len(stories)
        note = self.tr("（%1 篇不在当前书库）").replace("%1", str(missing)) if missing else ""
        self.flash(
            self.tr("已导出 %1 篇到 %2").replace("%1", str(len(stories))).replace("%2", str(path))
            + note
        )
        return len(stories)

    def _story_name(self) -> str:
        story = self.article.story
        if story is None:
            return self.tr("文章")
        # an untitled item is named as the pane and the Markdown export name it
        return story.title or self.tr("（无标题）") + story.lead.display_title

    def _export_article(self) -> None:
        if self.article.story is None:
            return
        path = self.ask_save_path(
            self.tr("导出文章"),
            self._story_name(),
            [("Markdown", ".md"), (self.tr("文本"), ".txt")],
        )
        if path:
            self.export_article(path)

    def export_article(self, path: Path) -> None:
        self.article.export(path)
        self.flash(self.tr("文章已导出到 %1").replace("%1", str(path)))

    def _print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if ask_to_print(printer, self):
            self.print_with(printer)

    def print_with(self, printer: QPrinter) -> None:
        """Print the article; printed to a PDF file, the file's text is mended as an
        exported PDF's is (the print dialog's 打印到文件 gave look-alike radicals and holes)."""
        if self.article.story is not None:
            printer.setDocName(self._story_name())  # a PDF's title, a print queue's job name
        self.article.print_to(printer)
        pdf = printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
        # printing ended the painter, which completes the file
        target = Path(printer.outputFileName()) if pdf and printer.outputFileName() else None
        if target is not None and target.is_file():
            self.article.repair_printed(target)
            self.flash(self.tr("已打印到 %1").replace("%1", str(target)))

    def _export_pdf(self) -> None:
        if self.article.story is None:
            return
        path = self.ask_save_path(self.tr("导出 PDF"), self._story_name(), [("PDF", ".pdf")])
        if path:
            self.export_pdf(path)

    def export_pdf(self, path: Path) -> None:
        self.article.export_pdf(path, self._story_name())
        self.flash(self.tr("PDF 已导出到 %1").replace("%1", str(path)))

    # -- import ---------------------------------------------------------------------------
    def import_dialog(self) -> None:
        files = open_files(
            self,
            self.tr("导入版面"),
            str(self.start_folder()),
            [self.tr("版面文字或 PDF (*.txt *.md *.pdf)")],
        )
        if files:
            self.remember_folder(Path(files[0]).parent)
            self.import_paths([Path(f) for f in files])

    def import_folder_dialog(self) -> None:
        folder = existing_folder(self, self.tr("导入文件夹"), str(self.start_folder()))
        if folder:
            self.remember_folder(Path(folder).parent)
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> None:
        """Files or folders (also dropped on the window): confirm metadata, then import."""
        # the library's own rules: folders expanded, metadata from manifests and names
        files = [found for found in find_page_files(paths) if found.path.is_file()]
        if not files:
            self._status(self.tr("没有可导入的版面文件（.txt / .md）。"))
            return
        proposals = [(found.path, proposed_meta(found.path, found.meta)) for found in files]
        dialog = ImportDialog(proposals, self, self.core.folders.import_root)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.import_items(dialog.items(), refused=dialog.refused)
        else:
            for path, reason in dialog.refused:
                log.info("not offered for import %s: %s", path, reason)

    def import_items(
        self, items: list[ImportItem], refused: list[tuple[Path, str]] | None = None
    ) -> ImportReport:
        """Import ``items``; ``refused``: files the dialog showed as not importable, reported
        with the rest so the summary says every file left out (it said only 已导入 4)."""
        report = self.core.import_pages(items)
        report.rejected.extend(refused or [])
        self.last_import = report
        log_import(report, items, self.core.folders.import_root)
        summary = self.tr("已导入 %1 个版面").replace("%1", str(len(report.imported)))
        if report.rejected:
            details = "\n".join(
                f"{path.name}：{ui_text(reason)}" for path, reason in report.rejected
            )
            summary += self.tr("，%1 个文件未导入").replace("%1", str(len(report.rejected)))
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("部分文件未导入"),
                summary + "\n\n" + details,
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.open()  # not modal to the app: the import and re-index carry on
            self.import_message = box
        if report.imported:
            self.start()
        # after start(): its "reading" line would otherwise cover the confirmation at once
        self.flash(summary)
        return report

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        QTimer.singleShot(0, lambda: self.import_paths(paths))

    # -- help and closing --------------------------------------------------------------------
    def shortcuts_html(self) -> str:
        """The F1 list: every key spelled as the menus spell it."""
        rows = "".join(
            f"<tr><td><b>{key_text(k)}</b></td><td>{self.tr(v)}</td></tr>" for k, v in SHORTCUTS
        )
        return f"<table cellspacing='6'>{rows}</table>"

    def _show_shortcuts(self) -> None:
        QMessageBox.information(self, self.tr("快捷键"), self.shortcuts_html())

    def open_log_folder(self) -> bool:
        """Show the log folder in the system's file manager (for a report of a problem)."""
        folder = log_dir()
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        if not opened:
            self._status(self.tr("日志文件夹：%1").replace("%1", str(folder)))
        return opened

    def notify(self, title: str, text: str) -> QMessageBox:
        """A warning that does not block start-up (the window keeps loading behind it)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()
        self._notices.append(box)
        box.finished.connect(lambda _: self._notices.remove(box))
        return box

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("关于报纸阅读器"),
            self.tr(
                "<h3>报纸阅读器 %1</h3><p>把电子报版面文字整理成可阅读、可搜索的报纸档案："
                "自动重排文章、拼接跨版续文、全文检索与书签。</p>"
            ).replace("%1", __version__),
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search_box
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down  # type: ignore[attr-defined]
            and self._into_hits()
        ):
            return True
        return super().eventFilter(watched, event)

    def _into_hits(self) -> bool:
        """↓ in the search box moves into the hits of the search it shows, to go through them
        with the arrow keys; while it holds something else (or the history offers
        completions) ↓ stays the box's own."""
        panel = self.search_panel
        popup = self.search_box.completer().popup()
        if popup.isVisible() or not panel.model.rowCount():
            return False
        if self.search_box.text().strip() != panel.query:
            return False
        panel.list.setFocus()
        panel.list.setCurrentIndex(panel.model.index(max(0, panel.list.currentIndex().row())))
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("window_state", self.saveState())
        self.settings.sync()
        self.search_panel.runner.shutdown()
        for task in self._tasks:
            task.cancel()  # a library still being read stops at its next page
        # a closed window's pane no longer asks the core (it may be closed next)
        self.article.note_for = lambda _story: ""
        self.article.present_pages = lambda _story: frozenset()
        self.article.corrected_for = lambda _story: False
        super().closeEvent(event)
