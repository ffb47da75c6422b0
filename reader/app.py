"""The core application object: everything the reader does, without a window.

The Qt layer (``reader.ui``) drives one ``ReaderCore``; so could a test, a script or a
different front end. Loading and indexing are blocking calls meant for a worker thread.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reader.archive import Archive, Progress, load_archive
from reader.atomic import atomic_write_text
from reader.library import (
    MANIFEST_NAME,
    PageFileError,
    library_stamp,
    load_manifest,
    read_page_text,
)
from reader.model import PageMeta, Story
from reader.paths import bookmarks_db, index_dir
from reader.search.engine import BuildReport, Results, SearchRequest
from reader.search.engine import Progress as IndexProgress
from reader.search.whoosh_engine import WhooshEngine
from reader.store import BookmarkStore

UNFILED_FOLDER = "未归档"


@dataclass(slots=True)
class ImportItem:
    """A file to import and the metadata the user confirmed for it."""

    source: Path
    meta: PageMeta


@dataclass(slots=True)
class ImportReport:
    imported: list[Path] = field(default_factory=list)
    rejected: list[tuple[Path, str]] = field(default_factory=list)


class ReaderCore:
    """One library: its archive, its search index, and the user's bookmarks."""

    def __init__(
        self, library: Path, index_root: Path | None = None, store_path: Path | None = None
    ) -> None:
        self.library = Path(library)
        self.archive = Archive()
        self.engine = WhooshEngine(index_root or index_dir(self.library))
        self.bookmarks = BookmarkStore(store_path or bookmarks_db())

    # -- library and index (worker thread) ---------------------------------------------
    def load(self, progress: Progress | None = None) -> Archive:
        """(Re-)read the library; pages whose files did not change are reused."""
        self.archive = load_archive([self.library], progress, previous=self.archive)
        return self.archive

    def index(self, progress: IndexProgress | None = None) -> BuildReport | None:
        """Bring the search index up to date with the loaded archive (None: it was)."""
        stamp = library_stamp([self.library])
        if not self.engine.needs_build and self.engine.library_stamp == stamp:
            return None
        return self.engine.submit_update(self.archive, progress, stamp).result()

    @property
    def index_messages(self) -> list[str]:
        return list(self.engine.messages)

    @property
    def search_ready(self) -> bool:
        return not self.engine.needs_build

    def search(self, request: SearchRequest) -> Results:
        return self.engine.search(request)

    def story(self, story_id: str) -> Story | None:
        return self.archive.story(story_id)

    # -- import -------------------------------------------------------------------------
    def import_pages(self, items: list[ImportItem]) -> ImportReport:
        """Copy page files into the library; files that are not page text are refused."""
        report = ImportReport()
        for item in items:
            try:
                read_page_text(item.source)
            except PageFileError as exc:
                report.rejected.append((item.source, str(exc)))
                continue
            try:
                report.imported.append(self._copy_in(item))
            except (OSError, ValueError) as exc:
                report.rejected.append((item.source, f"无法复制到书库 ({exc})"))
        return report

    def _copy_in(self, item: ImportItem) -> Path:
        meta = item.meta
        folder = self.library / (meta.newspaper or UNFILED_FOLDER)
        if meta.date:
            folder /= meta.date.isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{meta.page:02d}.txt" if meta.page else item.source.name
        target = _free_name(folder / name)
        shutil.copyfile(item.source, target)
        if meta.newspaper or meta.date or meta.page:
            _add_to_manifest(folder, target.name, meta)
        return target

    def close(self) -> None:
        self.engine.close()
        self.bookmarks.close()


def _free_name(path: Path) -> Path:
    candidate, number = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


def _add_to_manifest(folder: Path, name: str, meta: PageMeta) -> None:
    """Record the confirmed metadata in the folder's manifest (the most trusted source)."""
    manifest = folder / MANIFEST_NAME
    _, problems = load_manifest(folder)
    if problems:
        raise ValueError(f"{manifest} 无法读取，未改动")
    existing = manifest.read_text(encoding="utf-8") if manifest.exists() else ""
    entry = ["", "[[page]]", f"file = {_toml_string(name)}"]
    if meta.newspaper:
        entry.append(f"newspaper = {_toml_string(meta.newspaper)}")
    if isinstance(meta.date, date):
        entry.append(f"date = {meta.date.isoformat()}")
    if meta.page:
        entry.append(f"page = {meta.page}")
    atomic_write_text(manifest, existing.rstrip("\n") + "\n".join(entry) + "\n")


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
