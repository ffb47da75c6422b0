"""Plain data objects that flow through the reader: Page → Article → Story.

They hold no behaviour beyond small derived values, so every layer (layout analysis,
story linking, search, UI) can pass them around without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

# A clause of a Chinese sentence ends at these marks; an untitled item is named by its first.
_CLAUSE_ENDS = frozenset("，。；：！？、,;:!?")
_OPENING_MIN, _OPENING_MAX = 6, 30


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


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle on a printed page, in PDF points with the origin at the top-left corner
    (y grows downwards, as a reader and Qt see the page)."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True, slots=True)
class PdfPlace:
    """Where a page came from when it was read from a PDF: the file, the 0-based page index
    inside it and the page size in points, so a view can render the printed page."""

    path: str
    index: int
    width: float
    height: float


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
    # Where the article is printed, for pages read from a PDF (empty for text pages).
    regions: list[Box] = field(default_factory=list)

    @property
    def display_title(self) -> str:
        """The printed title, or the opening words of the text (marked as cut) when none was
        printed: a label for lists, never presented as if it were a headline."""
        if self.title:
            return self.title
        opening = self.opening
        return opening + ("…" if len(opening) < len("".join(self.paragraphs).strip()) else "")

    @property
    def opening(self) -> str:
        """The text's first clause: what a reader would quote to name an untitled item.

        Cut at a punctuation mark, never inside a word or a number; a clause too long to
        show is cut where a Chinese character meets the next (a break inside a run of Latin
        letters or digits would split a word).
        """
        text = "".join(self.paragraphs).strip()
        for index, char in enumerate(text[: _OPENING_MAX + 1]):
            if char in _CLAUSE_ENDS and index >= _OPENING_MIN:
                return text[:index]
        if len(text) <= _OPENING_MAX:
            return text.rstrip("".join(_CLAUSE_ENDS))
        cut = _OPENING_MAX
        while cut > _OPENING_MIN and text[cut - 1].isascii() and text[cut].isascii():
            cut -= 1
        return text[:cut]

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
    # Set for pages read from a PDF: the 原版 view renders this page beside the text.
    pdf: PdfPlace | None = None

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

    def heading_over(self, fragment: Article) -> str:
        """What a later fragment's heading prints beyond the story's own headline.

        A paper prints a continued story's headline again over its 上接 part, sometimes
        with more words (a subhead of that page's part, …“窗口期”全链条预警落地), and some
        papers print a headline of its own there. The repeat says nothing new; the rest
        must reach the reader and the index, or printed words are lost."""
        if fragment is self.lead:
            return ""
        lead = self.lead
        known = "".join((lead.column, lead.kicker, self.title, lead.subtitle)).replace(" ", "")
        title = "".join(self.title.split())
        rest = []
        for part in (fragment.column, fragment.kicker, fragment.title, fragment.subtitle):
            squeezed = "".join(part.split())
            if title and squeezed.startswith(title):
                squeezed = squeezed[len(title) :]
            if squeezed and squeezed not in known:
                rest.append(squeezed)
        return " ".join(rest)
