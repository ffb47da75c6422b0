"""The loaded library: files → pages → articles → stories, with look-ups by id.

This is the core application object: the CLI, the search index and the Qt UI all read the
archive and never the files, so the data flows one way.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from reader.layout.furniture import Furniture, read_furniture
from reader.layout.page import analyze, fallback_articles
from reader.library import PageFile, PageFileError, find_page_files, read_page_text
from reader.model import Page, PageMeta, Story
from reader.stories import link_stories

Progress = Callable[[int, int], None]


@dataclass(slots=True)
class Archive:
    """Every page read, every story found, and every problem met on the way."""

    pages: list[Page] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    _by_story: dict[str, Story] = field(default_factory=dict)
    _story_of_article: dict[str, Story] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._index()

    def _index(self) -> None:
        self._by_story = {story.id: story for story in self.stories}
        self._story_of_article = {
            article.id: story for story in self.stories for article in story.fragments
        }

    @property
    def errors(self) -> list[str]:
        """One message per problem, each naming the file."""
        return [message for page in self.pages for message in page.errors]

    def story(self, story_id: str) -> Story | None:
        return self._by_story.get(story_id)

    def story_of(self, article_id: str) -> Story | None:
        return self._story_of_article.get(article_id)


def page_key(meta: PageMeta, source: Path) -> str:
    """Identity of a page for ids: where it sits in the archive, or its file name if unfiled."""
    if meta.newspaper and meta.date:
        return f"{meta.newspaper}|{meta.date.isoformat()}|{meta.page or '?'}|{source.stem}"
    return f"unfiled|{source.name}"


def read_page(page_file: PageFile) -> Page:
    """Read, decode and analyse one page file; problems become messages on the page."""
    source = str(page_file.path)
    page = Page(
        source=source,
        meta=page_file.meta,
        errors=list(page_file.problems),
        stamp=_stamp(page_file.path),
    )
    try:
        page.text = read_page_text(page_file.path)
    except PageFileError as exc:
        page.errors.append(f"{source}: {exc}")
        return page
    furniture = read_furniture(page.text)
    page.meta = filled_meta(page.meta, furniture)
    key = page_key(page.meta, page_file.path)
    try:
        page.articles = analyze(page.text, key, furniture).articles
    except Exception as exc:  # a layout bug must cost one page's structure, not the library
        page.errors.append(f"{source}: 版面分析失败，按段落显示 (layout analysis failed: {exc!r})")
        page.articles = fallback_articles(page.text, key)
    return page


def filled_meta(meta: PageMeta, furniture: Furniture) -> PageMeta:
    """Fill what the manifest and the path left unknown from the page's own furniture."""
    if meta.newspaper and meta.date and meta.page is not None:
        return meta
    return replace(
        meta,
        newspaper=meta.newspaper or furniture.newspaper,
        date=meta.date or furniture.date,
        page=meta.page if meta.page is not None else furniture.page,
    )


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Bulk parsing creates many long-lived objects and no cycles worth collecting; the
    cyclic collector would rescan them all repeatedly (measured: ~20% of parse time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_pages(
    files: list[PageFile], progress: Progress | None = None, previous: Archive | None = None
) -> list[Page]:
    """Read and analyse page files in order, reporting progress as (done, total).

    Pages of ``previous`` whose file is unchanged (same size and modification time, same
    metadata) are reused as they are: re-reading a library after one page changed costs
    one page of analysis.
    """
    known = {(p.source, p.stamp, p.meta): p for p in previous.pages} if previous else {}
    pages: list[Page] = []
    with _gc_paused():
        for done, page_file in enumerate(files, start=1):
            reused = known.get((str(page_file.path), _stamp(page_file.path), page_file.meta))
            pages.append(reused if reused is not None and reused.ok else read_page(page_file))
            if progress is not None:
                progress(done, len(files))
    return pages


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns)


def load_archive(
    paths: Iterable[Path], progress: Progress | None = None, previous: Archive | None = None
) -> Archive:
    """Load every page under ``paths``; bad files are reported, never fatal."""
    pages = read_pages(list(find_page_files(paths)), progress, previous)
    readable = [page for page in pages if page.text]
    readable.sort(key=_page_order)
    archive = Archive(pages=pages, stories=link_stories(readable))
    return archive


def _page_order(page: Page) -> tuple:
    meta = page.meta
    return (
        meta.newspaper is None,
        meta.newspaper or "",
        meta.date.isoformat() if meta.date else "",
        meta.page if meta.page is not None else 10_000,
        page.source,
    )


def bundled_library() -> Path:
    """The sample library shipped with the app (``seeds/``), also inside a frozen build."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "seeds"
    return Path(__file__).resolve().parent.parent / "seeds"
