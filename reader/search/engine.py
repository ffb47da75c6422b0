"""The search interface the UI and CLI use, and the values it returns.

Whoosh is young or unmaintained in every fork, so nothing outside ``reader.search`` names
it: callers get an engine from ``open_engine`` and use the ``SearchEngine`` protocol. A
server engine (OpenSearch/Elasticsearch) for archives larger than one machine would implement
this same protocol.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Protocol, runtime_checkable

from reader.archive import Archive
from reader.search.snippets import Snippet

# (done, total, phase) — phase is a short Chinese label for the status bar
Progress = Callable[[int, int, str], None]


class Sort(StrEnum):
    RELEVANCE = "relevance"  # 相关度
    NEWEST = "newest"  # 最新
    OLDEST = "oldest"  # 最早


@dataclass(frozen=True, slots=True)
class SearchRequest:
    query: str
    sort: Sort = Sort.RELEVANCE
    newspaper: str | None = None
    date_from: str | None = None  # YYYY-MM-DD, inclusive
    date_to: str | None = None
    page: int | None = None
    offset: int = 0
    limit: int = 20


@dataclass(frozen=True, slots=True)
class Hit:
    story_id: str
    article_id: str
    title: str
    newspaper: str | None
    date: str | None
    pages: list[int]
    snippet: Snippet
    score: float
    kind: str = "article"


@dataclass(slots=True)
class Results:
    query: str
    total: int = 0
    ms: float = 0.0
    hits: list[Hit] = field(default_factory=list)
    error: str | None = None  # a friendly message for a malformed query
    building: bool = False  # answered from what is committed while a build runs
    needles: list[str] = field(default_factory=list)  # compacted terms to highlight
    cancelled: bool = False  # the caller's cancel event stopped this search (no hits)
    # matching stories per month ("YYYY-MM" → count), over all matches, oldest month first
    timeline: dict[str, int] = field(default_factory=dict)
    # when nothing was found: queries to try instead, best first (each with its count)
    suggestions: list[Suggestion] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A query that finds something when the one typed found nothing."""

    query: str  # as it would be typed in the search box
    total: int  # what it finds (with the same filters)
    # "words": a run of words split at word boundaries; "similar": a word with one character
    # changed to a printed word; "without": the query without its rarest word; "close": a
    # word shortened
    kind: str
    dropped: str = ""  # the word left out ("without") or replaced ("similar", "close")


class SearchCancelled(Exception):
    """Raised inside a search whose cancel event was set; ``search`` turns it into
    ``Results(cancelled=True)``."""


@dataclass(frozen=True, slots=True)
class BuildReport:
    indexed: int
    removed: int
    unchanged: int
    seconds: float
    full: bool
    message: str = ""


class IndexBusyError(RuntimeError):
    """Another program holds the index (its message is for the user, in Chinese)."""


class BuildCancelled(RuntimeError):
    """``close()`` stopped a build or update."""


@runtime_checkable
class SearchEngine(Protocol):
    """What the app, the CLI, the self-test and the benchmark need from a search backend.

    Writes (build/update) run on the engine's own writer thread: ``submit_*`` return at
    once with a Future; ``build``/``update`` wait for it. Searches may run on any thread
    (one searcher per thread) and never raise: problems come back in ``Results.error``.
    """

    messages: list[str]  # what recovery did (damaged index, interrupted build...), for the user

    @property
    def ready(self) -> bool:
        """Searches answer from a complete index."""
        ...

    @property
    def needs_build(self) -> bool:
        """No complete, sound index: ``submit_update`` will build one."""
        ...

    @property
    def building(self) -> bool: ...

    @property
    def damaged(self) -> bool:
        """The index was found damaged and is being (or must be) rebuilt."""
        ...

    @property
    def library_stamp(self) -> str | None:
        """The stamp given with the last build/update (None: unknown)."""
        ...

    def document_count(self) -> int: ...

    def submit_build(
        self, archive: Archive, progress: Progress | None = None, stamp: str | None = None
    ) -> Future[BuildReport]: ...

    def submit_update(
        self, archive: Archive, progress: Progress | None = None, stamp: str | None = None
    ) -> Future[BuildReport]: ...

    def build(self, archive: Archive, progress: Progress | None = None) -> BuildReport: ...

    def update(self, archive: Archive, progress: Progress | None = None) -> BuildReport: ...

    def use_archive(self, archive: Archive, stamp: str | None = None) -> None:
        """The archive the index reflects, to rebuild from on its own if it is damaged."""
        ...

    def check(self) -> bool:
        """Verify the index files; a damaged index is discarded and rebuilt."""
        ...

    def wait_idle(self, timeout: float | None = None) -> None: ...

    def search(self, request: SearchRequest, cancel: threading.Event | None = None) -> Results: ...

    def close(self) -> None:
        """Cancel running writes (worker processes stop), release the index."""
        ...


def open_engine(root: Path, workers: int | None = None) -> SearchEngine:
    """The one place a search engine is constructed (the Whoosh one, stored under ``root``)."""
    from reader.search.whoosh_engine import WhooshEngine

    return WhooshEngine(root, workers=workers)
