"""The core application object: everything the reader does, without a window.

The Qt layer (``reader.ui``) drives one ``ReaderCore``; so could a test, a script or a
different front end. Loading and indexing are blocking calls meant for a worker thread.
"""

from __future__ import annotations

import gc
import logging
import threading
from concurrent.futures import CancelledError
from pathlib import Path

from reader.archive import Archive, Progress, assemble, load_archive
from reader.code_stamp import core_fingerprint
from reader.fix_store import FixStore, read_export
from reader.fixes import (
    HEADLINE_FIELDS,
    Fix,
    FixRefused,
    FixStatus,
    Op,
    Status,
    article_ref,
    new_fix,
    split_point,
    unchanged,
)
from reader.imports import ImportItem, ImportReport, import_pages
from reader.library import library_stamp
from reader.model import Article, Kind, Story
from reader.paths import LibraryFolders, bookmarks_db, fixes_db, library_folders
from reader.search.engine import (
    BuildCancelled,
    BuildReport,
    Results,
    SearchEngine,
    SearchRequest,
    open_engine,
)
from reader.search.engine import Progress as IndexProgress
from reader.store import BookmarkStore

_log = logging.getLogger(__name__)


class ReaderCore:
    """One library: its archive, its search index, and the user's bookmarks.

    ``library`` None (or the bundled samples) opens the default library: the samples and
    the user's own imported pages together (see ``reader.paths.library_folders``).
    """

    def __init__(
        self,
        library: Path | LibraryFolders | None = None,
        index_root: Path | None = None,
        store_path: Path | None = None,
        fixes_path: Path | None = None,
    ) -> None:
        self.folders = library if isinstance(library, LibraryFolders) else library_folders(library)
        self.library = self.folders.import_root  # where imports go
        self.archive = Archive()
        self._index_root = index_root or self.folders.index
        self._engine: SearchEngine | None = None
        self._engine_lock = threading.Lock()
        self._store_path = store_path or bookmarks_db()
        self._bookmarks: BookmarkStore | None = None
        self._fixes_path = fixes_path
        self._fixes: FixStore | None = None
        # This session's own steps (one fix, or every fix of one import), to undo and redo;
        # fixes stored by another program or process are never undone from here.
        self._undo: list[list[Fix]] = []
        self._redo: list[list[Fix]] = []

    def open_library(self, library: Path | LibraryFolders | None) -> None:
        """Switch to another library: its own pages and index; the bookmarks stay (they are
        the reader's, across libraries)."""
        self._close_engine()
        self.folders = library if isinstance(library, LibraryFolders) else library_folders(library)
        self.library = self.folders.import_root
        self.archive = Archive()
        self._index_root = self.folders.index
        if self._fixes is not None:
            self._fixes.close()
        self._fixes, self._fixes_path, self._undo, self._redo = None, None, [], []

    @property
    def index_folder(self) -> Path:
        """Where this library's search index lives."""
        return self._index_root

    @property
    def engine(self) -> SearchEngine:
        """The search index, opened on first use.

        Opening imports Whoosh and jieba (a fifth of a second): the window's worker thread
        does it when it first indexes, so the GUI thread never waits for those imports.
        """
        with self._engine_lock:
            if self._engine is None:
                self._engine = open_engine(self._index_root)
            return self._engine

    @property
    def engine_open(self) -> bool:
        return self._engine is not None

    @property
    def index_building(self) -> bool:
        """An index build is under way (False before the index was first opened)."""
        engine = self._engine
        return engine is not None and engine.building

    def _close_engine(self) -> None:
        with self._engine_lock:
            if self._engine is not None:
                self._engine.close()
            self._engine = None

    @property
    def bookmarks(self) -> BookmarkStore:
        """Opened on first use: a command-line search need not touch the user's database."""
        if self._bookmarks is None:
            self._bookmarks = BookmarkStore(self._store_path)
        return self._bookmarks

    def follow_bookmarks(self) -> int:
        """Bookmarks whose story was renamed by filing its page follow it (see
        ``BookmarkStore.follow``); returns how many moved, each logged."""
        moves = self.bookmarks.follow(self.archive.stories)
        for bookmark, story in moves:
            _log.info(
                "bookmark %s → %s (%s): its page was filed",
                bookmark.story_id,
                story.id,
                bookmark.title,
            )
        return len(moves)

    # -- library and index (worker thread) ---------------------------------------------
    def load(self, progress: Progress | None = None) -> Archive:
        """(Re-)read the library; pages whose files did not change are reused.

        A year's archive is millions of small objects. Python's cyclic garbage collector
        would walk all of them again and again while they are made (half a second each
        time, holding the interpreter, so the window froze although reading runs in a
        worker thread); they hold no cycles to collect, so collection waits until the
        archive is built, and the built archive is then left out of later collections.
        """
        with _collection_paused:
            self.archive = load_archive(
                self.folders.roots, progress, previous=self.archive, fixes=self.fix_store.all()
            )
        gc.freeze()  # long-lived: later collections need not walk the archive again
        return self.archive

    def _stamp(self) -> str:
        """What the index reflects: the library's files, the code that reads them (a new
        version's layout rules make other articles of the same files) and the readers'
        fixes."""
        stamp = f"{library_stamp(self.folders.roots)}+code-{core_fingerprint()[:12]}"
        revision = self.fix_store.revision()
        return f"{stamp}+fixes-{revision}" if revision else stamp

    def index_current(self) -> bool:
        """Whether the index already matches the library's files (no page need be read)."""
        return not self.engine.needs_build and self.engine.library_stamp == self._stamp()

    def index(self, progress: IndexProgress | None = None) -> BuildReport | None:
        """Bring the search index up to date with the loaded archive (None: it was).

        Either way the engine learns the archive it reflects, so an index found damaged
        later is rebuilt from it without the app having to notice.
        """
        stamp = self._stamp()
        if not self.engine.needs_build and self.engine.library_stamp == stamp:
            self.engine.use_archive(self.archive, stamp)
            return None
        try:
            return self.engine.submit_update(self.archive, progress, stamp).result()
        except (BuildCancelled, CancelledError):
            return None  # closing the library stopped it: a quiet end, not an error

    @property
    def index_messages(self) -> list[str]:
        engine = self._engine
        return list(engine.messages) if engine is not None else []

    @property
    def search_ready(self) -> bool:
        engine = self._engine
        return engine is not None and engine.ready

    def search(self, request: SearchRequest, cancel: threading.Event | None = None) -> Results:
        """Search; ``cancel`` lets the caller abandon a search it no longer needs."""
        return self.engine.search(request, cancel)

    def story(self, story_id: str) -> Story | None:
        return self.archive.story(story_id)

    # -- import -------------------------------------------------------------------------
    def import_pages(self, items: list[ImportItem]) -> ImportReport:
        """Copy page files into the user's library (see ``reader.imports``)."""
        return import_pages(self.library, items)

    # -- readers' fixes (see reader.fixes) --------------------------------------------
    # Each fix is checked against the loaded archive (FixRefused, with the reason in the
    # reader's words, leaves everything as it was), stored, and the archive re-assembled
    # from the analysed pages without reading any file: ``self.archive`` is then the
    # corrected archive. Call ``index()`` afterwards: only the changed stories are indexed.
    @property
    def fix_store(self) -> FixStore:
        if self._fixes is None:
            self._fixes = FixStore(self._fixes_path or fixes_db(self.folders))
        return self._fixes

    def fixes(self) -> list[FixStatus]:
        """Every stored fix, oldest first, with whether it applies to the loaded archive
        (a fix whose page text changed is ``Status.PAGE_CHANGED``, and so on). Before
        ``load()`` nothing is known about the pages: every fix is listed as applied."""
        if self.archive.fixes is not None:
            return list(self.archive.fixes.statuses)
        return [FixStatus(fix, Status.APPLIED) for fix in self.fix_store.all()]

    def split_article(self, article_id: str, before: str) -> Fix:
        """A new article starts at the paragraph or printed line beginning with ``before``;
        the part before it keeps the article's id."""
        return self._add_fix(Op.SPLIT, article_id, params={"before": before.strip()})

    def merge_articles(self, first_id: str, second_id: str) -> Fix:
        """Two items of one page become one (see ``reader.fixes``); across pages: refused."""
        return self._add_fix(Op.MERGE, first_id, other_id=second_id)

    def set_headline(
        self,
        article_id: str,
        *,
        title: str | None = None,
        kicker: str | None = None,
        subtitle: str | None = None,
        byline: str | None = None,
        column: str | None = None,
    ) -> Fix:
        """Set the fields given (an empty string clears one); None leaves a field as it is.
        ``column`` is the column label (栏目) over the headline."""
        given = dict(zip(HEADLINE_FIELDS, (title, kicker, subtitle, byline, column), strict=True))
        params = {k: v.strip() for k, v in given.items() if v is not None}
        return self._add_fix(Op.TITLE, article_id, params=params)

    def set_kind(self, article_id: str, kind: str | Kind) -> Fix:
        if str(kind) not in {k.value for k in Kind}:
            raise FixRefused(f"类别应为 article、photo 或 notice，而不是“{kind}”")
        return self._add_fix(Op.KIND, article_id, params={"kind": str(kind)})

    def link_continuation(self, from_id: str, to_id: str) -> Fix:
        """``to_id`` (on another page of the issue) continues ``from_id``."""
        return self._add_fix(Op.LINK, from_id, other_id=to_id)

    def unlink_continuation(self, from_id: str) -> Fix:
        """``from_id`` is not continued by what the analysis linked it to."""
        return self._add_fix(Op.UNLINK, from_id)

    def is_corrected(self, article_id: str) -> bool:
        return bool(self.archive.corrected(article_id))

    def analysed(self, article_id: str) -> list[Article]:
        """The article(s) as the analysis made them, for a corrected article ([] if not)."""
        return self.archive.corrected(article_id)

    @property
    def can_undo_fix(self) -> bool:
        """This session made a step that can be undone."""
        return bool(self._undo)

    @property
    def can_redo_fix(self) -> bool:
        return bool(self._redo)

    def undo_step(self) -> list[Fix]:
        """Undo this session's last step: the fixes it stored (a whole import at once) are
        removed, those of other programs stay; [] when this session has nothing to undo."""
        if not self._undo:
            return []
        step = self._undo.pop()
        self.fix_store.remove([fix.uid for fix in step])
        self._redo.append(step)
        self._reassemble()
        return step

    def redo_step(self) -> list[Fix]:
        """Store again the step undone last in this session; [] when there is none."""
        if not self._redo:
            return []
        step = self._redo.pop()
        self.fix_store.add_all(step)
        self._undo.append(step)
        self._reassemble()
        return step

    def undo_fix(self) -> Fix | None:
        """Remove the fix stored last, whoever made it (the command line's ``fix undo``, a
        program of its own); None: there is none."""
        fix = self.fix_store.pop_last()
        if fix is not None:
            steps = ([f for f in step if f.uid != fix.uid] for step in self._undo)
            self._undo = [step for step in steps if step]
            self._redo.append([fix])
            self._reassemble()
        return fix

    def redo_fix(self) -> Fix | None:
        """Store again the last undone fix (see ``redo_step``); None: nothing to redo."""
        step = self.redo_step()
        return step[-1] if step else None

    def export_fixes(self, path: Path) -> int:
        """Write every fix to a JSON file (to share with others reading the same archive)."""
        return self.fix_store.export_json(path)

    def import_fixes(self, path: Path) -> int:
        """Add the fixes of an exported file that are not stored yet; how many were new.
        They are one step: one undo takes the whole import back."""
        stored = {fix.uid for fix in self.fix_store.all()}
        new = [fix for fix in read_export(path) if fix.uid not in stored]
        added = self.fix_store.add_all(new)
        if added:
            self._undo.append(new)
            self._redo.clear()
            self._reassemble()
        return added

    def _reassemble(self) -> None:
        self.archive = assemble(
            self.archive.analysed_pages, self.fix_store.all(), previous=self.archive
        )

    def _article(self, article_id: str) -> Article:
        page = self.archive.page_of(article_id)
        if page is None:
            raise FixRefused(f"没有编号为 {article_id} 的文章")
        return next(a for a in page.articles if a.id == article_id)

    def _add_fix(
        self,
        op: Op,
        article_id: str,
        other_id: str | None = None,
        params: dict[str, str] | None = None,
    ) -> Fix:
        roots = self.folders.roots
        article = self._article(article_id)
        page = self.archive.page_of(article_id)
        assert page is not None
        other = None
        if other_id is not None:
            other_article = self._article(other_id)
            other_page = self.archive.page_of(other_id)
            assert other_page is not None
            if op is Op.MERGE and other_page is not page:
                raise FixRefused("两篇不在同一版，不能合并（跨版请用 fix link 接续）")
            other = article_ref(other_article, other_page, roots)
        if op is Op.SPLIT:
            split_point(article, params["before"] if params else "", page.text)
        if op in (Op.LINK, Op.UNLINK):
            following = _following(self.archive, article_id)
            if op is Op.LINK and following == other_id:
                raise FixRefused("这两篇已经接续，无需再接")
            if op is Op.UNLINK and following is None:
                raise FixRefused("这篇文章没有接续，无需断开")
        fix = new_fix(op, article_ref(article, page, roots), other, params)
        if unchanged(fix, article):
            raise FixRefused(unchanged(fix, article))
        stored = self.fix_store.all()
        candidate = assemble(self.archive.analysed_pages, [*stored, fix], previous=self.archive)
        assert candidate.fixes is not None
        status = candidate.fixes.statuses[-1]
        if not status.applied:
            raise FixRefused(status.problem)
        _check_links(op, candidate, article_id, other_id)
        self.fix_store.add(fix)
        self._undo.append([fix])
        self._redo.clear()
        self.archive = candidate
        return fix

    def close(self) -> None:
        self._close_engine()
        if self._bookmarks is not None:
            self._bookmarks.close()
        if self._fixes is not None:
            self._fixes.close()


class _CollectionPause:
    """Cyclic garbage collection off while any ``with`` block of it runs (blocks may nest
    or run in several threads); back on when the last ends, unless it was off before."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count = 0
        self._was_on = True

    def __enter__(self) -> None:
        with self._lock:
            if self._count == 0:
                self._was_on = gc.isenabled()
            self._count += 1
            gc.disable()

    def __exit__(self, *_: object) -> None:
        with self._lock:
            self._count -= 1
            if self._count == 0 and self._was_on:
                gc.enable()


_collection_paused = _CollectionPause()


def _following(archive: Archive, article_id: str) -> str | None:
    """The id of the fragment that continues ``article_id`` in its story, if any."""
    story = archive.story_of(article_id)
    if story is None:
        return None
    ids = [a.id for a in story.fragments]
    position = ids.index(article_id) + 1
    return ids[position] if position < len(ids) else None


def _check_links(op: Op, archive: Archive, from_id: str, to_id: str | None) -> None:
    """A link or unlink fix must show in the stories it is made for."""
    if op not in (Op.LINK, Op.UNLINK):
        return
    if op is Op.LINK and _following(archive, from_id) != to_id:
        raise FixRefused(f"无法把 {to_id} 接在 {from_id} 之后（会形成循环）")
