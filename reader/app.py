"""The core application object: everything the reader does, without a window.

The Qt layer (``reader.ui``) drives one ``ReaderCore``; so could a test, a script or a
different front end. Loading and indexing are blocking calls meant for a worker thread.
"""

from __future__ import annotations

import threading
from concurrent.futures import CancelledError
from pathlib import Path

from reader.archive import Archive, Progress, load_archive
from reader.imports import ImportItem, ImportReport, import_pages
from reader.library import library_stamp
from reader.model import Story
from reader.paths import LibraryFolders, bookmarks_db, library_folders
from reader.search.engine import (
    BuildCancelled,
    BuildReport,
    Results,
    SearchRequest,
    open_engine,
)
from reader.search.engine import Progress as IndexProgress
from reader.store import BookmarkStore


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
    ) -> None:
        self.folders = library if isinstance(library, LibraryFolders) else library_folders(library)
        self.library = self.folders.import_root  # where imports go
        self.archive = Archive()
        self.engine = open_engine(index_root or self.folders.index)
        self._store_path = store_path or bookmarks_db()
        self._bookmarks: BookmarkStore | None = None

    def open_library(self, library: Path | LibraryFolders | None) -> None:
        """Switch to another library: its own pages and index; the bookmarks stay (they are
        the reader's, across libraries)."""
        self.engine.close()
        self.folders = library if isinstance(library, LibraryFolders) else library_folders(library)
        self.library = self.folders.import_root
        self.archive = Archive()
        self.engine = open_engine(self.folders.index)

    @property
    def bookmarks(self) -> BookmarkStore:
        """Opened on first use: a command-line search need not touch the user's database."""
        if self._bookmarks is None:
            self._bookmarks = BookmarkStore(self._store_path)
        return self._bookmarks

    # -- library and index (worker thread) ---------------------------------------------
    def load(self, progress: Progress | None = None) -> Archive:
        """(Re-)read the library; pages whose files did not change are reused."""
        self.archive = load_archive(self.folders.roots, progress, previous=self.archive)
        return self.archive

    def index_current(self) -> bool:
        """Whether the index already matches the library's files (no page need be read)."""
        stamp = library_stamp(self.folders.roots)
        return not self.engine.needs_build and self.engine.library_stamp == stamp

    def index(self, progress: IndexProgress | None = None) -> BuildReport | None:
        """Bring the search index up to date with the loaded archive (None: it was).

        Either way the engine learns the archive it reflects, so an index found damaged
        later is rebuilt from it without the app having to notice.
        """
        stamp = library_stamp(self.folders.roots)
        if not self.engine.needs_build and self.engine.library_stamp == stamp:
            self.engine.use_archive(self.archive, stamp)
            return None
        try:
            return self.engine.submit_update(self.archive, progress, stamp).result()
        except (BuildCancelled, CancelledError):
            return None  # closing the library stopped it: a quiet end, not an error

    @property
    def index_messages(self) -> list[str]:
        return list(self.engine.messages)

    @property
    def search_ready(self) -> bool:
        return self.engine.ready

    def search(self, request: SearchRequest, cancel: threading.Event | None = None) -> Results:
        """Search; ``cancel`` lets the caller abandon a search it no longer needs."""
        return self.engine.search(request, cancel)

    def story(self, story_id: str) -> Story | None:
        return self.archive.story(story_id)

    # -- import -------------------------------------------------------------------------
    def import_pages(self, items: list[ImportItem]) -> ImportReport:
        """Copy page files into the user's library (see ``reader.imports``)."""
        return import_pages(self.library, items)

    def close(self) -> None:
        self.engine.close()
        if self._bookmarks is not None:
            self._bookmarks.close()
