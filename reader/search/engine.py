"""The search interface the UI and CLI use, and the values it returns.

Whoosh is young or unmaintained in every fork, so nothing outside ``reader.search`` names
it. A server engine (OpenSearch/Elasticsearch) for archives larger than one machine would
implement this same protocol: build, update, search, close.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

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
    kind: str  # "without": the query without its rarest word; "close": a word shortened
    dropped: str = ""  # the word left out ("without") or replaced ("close"), as typed


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


class SearchEngine(Protocol):
    """What a search backend offers the app."""

    def build(self, archive: Archive, progress: Progress | None = None) -> BuildReport: ...

    def update(self, archive: Archive, progress: Progress | None = None) -> BuildReport: ...

    def search(self, request: SearchRequest) -> Results: ...

    def close(self) -> None: ...
