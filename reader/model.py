"""Plain data objects that flow through the reader: Page → Article → Story.

They hold no behaviour beyond small derived values, so every layer (layout analysis,
story linking, search, UI) can pass them around without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Kind(StrEnum):
    """What a piece of a page is; the UI renders each differently."""

    ARTICLE = "article"
    PHOTO = "photo"
    NOTICE = "notice"


@dataclass(frozen=True, slots=True)
class PageMeta:
    """Where a page belongs. Any field may be unknown (None): unfiled pages stay usable."""

    newspaper: str | None = None
    date: date | None = None
    page: int | None = None

    @property
    def issue_key(self) -> tuple[str, str] | None:
        """Pages of one issue share this key; continuations only link within an issue."""
        if self.newspaper is None or self.date is None:
            return None
        return (self.newspaper, self.date.isoformat())


@dataclass(slots=True)
class Article:
    """One item laid out on a page: a news article, a photo with caption, or a notice box."""

    id: str
    kind: Kind
    paragraphs: list[str]
    column: str = ""
    kicker: str = ""
    title: str = ""
    subtitle: str = ""
    byline: str = ""
    continues_to: int | None = None
    continued_from: int | None = None
    # Indices into the paragraph list that are in-body subheads (小标题), rendered bold.
    subheads: list[int] = field(default_factory=list)
    # 0-based line numbers of the source page text this article was built from,
    # so the UI can mark them in the "as printed" view.
    source_lines: list[int] = field(default_factory=list)

    @property
    def display_title(self) -> str:
        """The printed title, or the first words of the text when none was printed."""
        if self.title:
            return self.title
        text = "".join(self.paragraphs)
        return (text[:24] + "…") if len(text) > 24 else text

    @property
    def text(self) -> str:
        """Body text, paragraphs separated by newlines (what search indexes)."""
        return "\n".join(self.paragraphs)


@dataclass(slots=True)
class Page:
    """One page file: its metadata, raw text and the articles found on it."""

    source: str
    meta: PageMeta
    text: str = ""
    articles: list[Article] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Problems that cost part of the page, not all of it (damaged bytes were replaced)
    warnings: list[str] = field(default_factory=list)
    # (size, mtime_ns) of the file when read: an unchanged file need not be parsed again
    stamp: tuple[int, int] | None = None

    @property
    def ok(self) -> bool:
        """A page with errors has no usable text (it was reported and skipped)."""
        return not self.errors


@dataclass(slots=True)
class Story:
    """A whole article: its fragments in reading order across the pages of one issue."""

    id: str
    title: str
    fragments: list[Article]
    pages: list[Page]
    missing_pages: list[int] = field(default_factory=list)

    @property
    def lead(self) -> Article:
        """The fragment that carries the headline (the first one)."""
        return self.fragments[0]
