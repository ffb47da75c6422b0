"""The loaded library: files → pages → articles → stories, with look-ups by id.

This is the core application object: the CLI, the search index and the Qt UI all read the
archive and never the files, so the data flows one way.
"""

from __future__ import annotations

import gc
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from reader.layout.furniture import Furniture, read_furniture
from reader.layout.page import analyze, fallback_articles
from reader.library import PageFile, PageFileError, find_page_files, is_pdf, load_page_text
from reader.model import Article, Page, PageMeta, Story
from reader.stories import link_score, link_stories

if TYPE_CHECKING:
    from reader.fixes import Fix, FixResult

Progress = Callable[[int, int], None]
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Unjoined:
    """A jump line (``marker`` 上接 or 下转, to page ``other``) of ``article`` on ``page``
    whose other part was not found on that page, though the page is in the library."""

    article: Article
    page: Page
    marker: str
    other: int


@dataclass(slots=True)
class Archive:
    """Every page read, every story found, and every problem met on the way."""

    pages: list[Page] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    _by_story: dict[str, Story] = field(default_factory=dict)
    _story_of_article: dict[str, Story] = field(default_factory=dict)
    _page_of_article: dict[str, Page] = field(default_factory=dict)
    _ordered: list[Page] = field(default_factory=list)  # pages with articles, as printed
    # per issue, the numbers of its pages in the library with text
    _issue_pages: dict[tuple[str, str], frozenset[int]] = field(default_factory=dict)
    # The pages as analysed, before readers' fixes (empty: no fixes, ``pages`` are those)
    raw_pages: list[Page] = field(default_factory=list)
    # What became of each fix (None: the archive was assembled without fixes)
    fixes: FixResult | None = None
    # Stories as the analysis linked them (empty: no fixes, ``stories`` are those)
    _analysed_stories: list[Story] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._index()

    def _index(self) -> None:
        self._ordered = sorted((p for p in self.pages if p.articles), key=_page_order)
        self._page_of_article = {a.id: p for p in self.pages for a in p.articles}
        present: dict[tuple[str, str], set[int]] = {}
        for page in self.pages:
            key = page.meta.issue_key
            if key is not None and page.meta.page is not None and page.text:
                present.setdefault(key, set()).add(page.meta.page)
        self._issue_pages = {key: frozenset(numbers) for key, numbers in present.items()}
        self._by_story = {story.id: story for story in self.stories}
        self._story_of_article = {
            article.id: story for story in self.stories for article in story.fragments
        }

    @property
    def errors(self) -> list[str]:
        """One message per problem, each naming the file."""
        return [message for page in self.pages for message in page.errors]

    @property
    def warnings(self) -> list[str]:
        """Problems that cost part of a page (damaged bytes, failed layout analysis)."""
        orphans = self.fixes.orphan_problems if self.fixes else []
        return [message for page in self.pages for message in page.warnings] + orphans

    @property
    def analysed_stories(self) -> list[Story]:
        return self._analysed_stories or self.stories

    @property
    def analysed_pages(self) -> list[Page]:
        """The pages as the analysis left them (what ``parse --no-fixes`` shows)."""
        return self.raw_pages or self.pages

    def corrected(self, article_id: str) -> list[Article]:
        """The analysed articles a corrected article was made from ([]: not corrected)."""
        return list(self.fixes.corrected.get(article_id, [])) if self.fixes else []

    def story(self, story_id: str) -> Story | None:
        return self._by_story.get(story_id)

    def story_of(self, article_id: str) -> Story | None:
        return self._story_of_article.get(article_id)

    # -- moving through the archive as printed: article, page, issue -------------------
    def page_of(self, article_id: str) -> Page | None:
        return self._page_of_article.get(article_id)

    def step_article(self, article_id: str, step: int) -> str | None:
        """The article ``step`` places away on the same page, in printed order."""
        page = self.page_of(article_id)
        if page is None:
            return None
        ids = [a.id for a in page.articles]
        target = ids.index(article_id) + step
        return ids[target] if 0 <= target < len(ids) else None

    def step_page(self, article_id: str, step: int) -> str | None:
        """The first article of the page ``step`` pages away within the same issue."""
        page = self.page_of(article_id)
        if page is None:
            return None
        pages = [p for p in self._ordered if _same_issue(p, page)]
        return _first_article(pages, pages.index(page) + step)

    def step_issue(self, article_id: str, step: int) -> str | None:
        """The first article of the neighbouring issue of the same newspaper."""
        page = self.page_of(article_id)
        if page is None or page.meta.issue_key is None:
            return None
        issues = sorted(
            {
                p.meta.issue_key
                for p in self._ordered
                if p.meta.issue_key and p.meta.newspaper == page.meta.newspaper
            }
        )
        target = issues.index(page.meta.issue_key) + step
        if not 0 <= target < len(issues):
            return None
        pages = [p for p in self._ordered if p.meta.issue_key == issues[target]]
        return _first_article(pages, 0)

    def issue_stories(self, story: Story) -> list[Story]:
        """Every story that starts in ``story``'s issue, in printed order (page, position)."""
        key = story.pages[0].meta.issue_key
        if key is None:
            return [story]
        order = {a.id: n for n, p in enumerate(self._ordered) for a in p.articles}
        found = [s for s in self.stories if s.pages[0].meta.issue_key == key]
        return sorted(found, key=lambda s: order.get(s.lead.id, len(order)))

    def unjoined(self) -> list[Unjoined]:
        """Jump lines whose page is in the library while their other part was not found
        there: the analysis (or the print) went wrong at those places, which a reader can
        join by hand (接续到…). A jump to a page the library lacks is no problem."""
        found = []
        for story in self.stories:
            pages = self.issue_pages(story)
            first, last = story.fragments[0], story.fragments[-1]
            if first.continued_from in pages:
                found.append(Unjoined(first, story.pages[0], "上接", first.continued_from))
            if last.continues_to in pages:
                found.append(Unjoined(last, story.pages[-1], "下转", last.continues_to))
        return found

    def continuation_choices(self, article_id: str) -> list[tuple[Article, Page]]:
        """The items a reader may join ``article_id`` to (every item of the issue's other
        pages), likeliest first: those printed under 上接 this page (on the page its jump
        line names first), best fitting first by headline and words; then the rest in
        printed order."""
        page = self.page_of(article_id)
        if page is None or page.meta.issue_key is None:
            return []
        article = next(a for a in page.articles if a.id == article_id)
        others = [
            (other, where)
            for where in self._ordered
            if where is not page and where.meta.issue_key == page.meta.issue_key
            for other in where.articles
        ]

        def rank(choice: tuple[Article, Page]) -> tuple[int, int, float]:
            other, where = choice
            answers = page.meta.page is not None and other.continued_from == page.meta.page
            named = article.continues_to is not None and where.meta.page == article.continues_to
            fit = link_score(article, other) if answers else 0.0
            return (not answers, not named, -fit)

        return sorted(others, key=rank)

    def issue_pages(self, story: Story) -> frozenset[int]:
        """Page numbers of the story's issue that are in the library (with text)."""
        key = story.pages[0].meta.issue_key
        return self._issue_pages.get(key, frozenset()) if key is not None else frozenset()


def _same_issue(a: Page, b: Page) -> bool:
    if a.meta.issue_key is None or b.meta.issue_key is None:
        return a is b  # an unfiled page is an issue of its own
    return a.meta.issue_key == b.meta.issue_key


def _first_article(pages: list[Page], index: int) -> str | None:
    return pages[index].articles[0].id if 0 <= index < len(pages) else None


def page_key(meta: PageMeta, source: Path) -> str:
    """Identity of a page for ids: where it sits in the archive, or its file name if unfiled.

    File names are bytes on POSIX: one that is not valid UTF-8 reaches Python with surrogate
    escapes, which cannot be encoded for hashing, so they are spelled out as ``\\xNN``.
    """
    name = _printable(source.name)
    if meta.newspaper and meta.date:
        stem = _printable(source.stem)
        return f"{meta.newspaper}|{meta.date.isoformat()}|{meta.page or '?'}|{stem}"
    return f"unfiled|{name}"


def _printable(name: str) -> str:
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def read_file(page_file: PageFile) -> list[Page]:
    """The pages of one page file: one for a text file, one per page for a PDF."""
    if not is_pdf(page_file.path):
        return [read_page(page_file)]
    from reader.pdf import read_pdf

    pages = read_pdf(page_file.path, page_file.meta, _stamp(page_file.path))
    if page_file.problems:
        pages[0].errors[:0] = page_file.problems
    return pages


def read_page(page_file: PageFile) -> Page:
    """Read, decode and analyse one text page file; problems become messages on the page."""
    source = str(page_file.path)
    page = Page(
        source=source,
        meta=page_file.meta,
        errors=list(page_file.problems),
        stamp=_stamp(page_file.path),
    )
    try:
        decoded = load_page_text(page_file.path)
    except PageFileError as exc:
        log.warning("skipped %s: %s", source, exc)
        page.errors.append(f"{source}: {exc}")
        return page
    page.text = decoded.text
    page.warnings.extend(f"{source}: {warning}" for warning in decoded.warnings)
    key = page_key(page.meta, page_file.path)
    try:
        furniture = read_furniture(page.text)
        page.meta = filled_meta(page.meta, furniture)
        key = page_key(page.meta, page_file.path)
        page.articles = analyze(page.text, key, furniture).articles
    except Exception as exc:  # a layout bug must cost one page's structure, not the library
        log.exception("layout analysis failed on %s", source)
        page.warnings.append(
            f"{source}: 版面分析失败，按段落显示 (layout analysis failed: {exc!r})"
        )
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
    cyclic collector would rescan them all repeatedly (measured: ~20% of parse time).

    When the collector comes back on, the objects made meanwhile are moved to its oldest
    generation as they are (``freeze`` then ``unfreeze``): they are the pages just read,
    kept as long as the library is, and the layout's caches. Left in the youngest, the
    first collection would walk them all at once (~3% of a library's parse); in the oldest
    they are walked only by a full collection, which still collects any garbage among
    them. Objects another caller froze (the app freezes a loaded archive) stay frozen."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def read_pages(
    files: list[PageFile], progress: Progress | None = None, previous: Archive | None = None
) -> list[Page]:
    """Read and analyse page files in order, reporting progress as (done, total).

    Pages of ``previous`` whose file is unchanged (same size and modification time, same
    metadata) are reused as they are: re-reading a library after one page changed costs
    one page of analysis.
    """
    reusable = previous.analysed_pages if previous else []
    known: dict[tuple, list[Page]] = {}
    for page in reusable:
        known.setdefault((_file_of(page), page.stamp), []).append(page)
    pages: list[Page] = []
    with _gc_paused():
        for done, page_file in enumerate(files, start=1):
            reused = known.get((str(page_file.path), _stamp(page_file.path)), [])
            if (
                reused
                and all(page.ok and _same_meta(page, page_file.meta) for page in reused)
                and not page_file.problems
            ):
                pages.extend(reused)
            else:
                pages.extend(read_file(page_file))
            if progress is not None:
                progress(done, len(files))
    return pages


def _same_meta(page: Page, given: PageMeta) -> bool:
    """The library still says of the file what it said when the page was read. A PDF's
    pages fill in what the library leaves open (a whole issue's page numbers), so only
    what the library says is compared for them."""
    if page.pdf is None:
        return page.meta == given
    return all(
        value is None or value == getattr(page.meta, name)
        for name, value in (
            ("newspaper", given.newspaper),
            ("date", given.date),
            ("page", given.page),
        )
    )


def _file_of(page: Page) -> str:
    """The file a page was read from (a PDF holds several pages)."""
    return page.pdf.path if page.pdf is not None else page.source


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns)


def load_archive(
    paths: Iterable[Path],
    progress: Progress | None = None,
    previous: Archive | None = None,
    fixes: Sequence[Fix] = (),
) -> Archive:
    """Load every page under ``paths``; bad files are reported, never fatal. Readers'
    ``fixes`` are applied to the analysis (see ``assemble``)."""
    pages = read_pages(list(find_page_files(paths)), progress, previous)
    return assemble(pages, fixes)


def assemble(
    pages: list[Page], fixes: Sequence[Fix] = (), previous: Archive | None = None
) -> Archive:
    """The archive of analysed ``pages``: ids made unique, then readers' fixes applied (the
    one place they are), then stories linked (with the continuations readers set).

    The analysed pages are never changed by a fix (a corrected page is a copy), so they can
    be reused when the library is read again, and assembled again with other fixes: given
    the ``previous`` archive of the same analysed pages, only the issues a fix touches are
    linked again (a fix takes a moment, not a re-reading of the library).
    """
    readable = [page for page in pages if page.text]
    readable.sort(key=_page_order)
    _unique_article_ids(readable)
    if not fixes:
        return Archive(pages=pages, stories=_unique_story_ids(link_stories(readable)))
    from reader.fixes import apply_fixes

    result = apply_fixes(pages, fixes)
    fixed = sorted((page for page in result.pages if page.text), key=_page_order)
    if previous is not None and previous.analysed_pages is pages:
        analysed = previous.analysed_stories
    else:
        analysed = _unique_story_ids(link_stories(readable))
    stories = _unique_story_ids(_linked(fixed, result, analysed))
    _keep_story_ids(stories, analysed)
    return Archive(
        pages=result.pages,
        stories=stories,
        raw_pages=pages,
        fixes=result,
        _analysed_stories=analysed,
    )


def _group(page: Page) -> object:
    """Stories never cross these: an issue, or an unfiled page on its own."""
    return page.meta.issue_key or ("unfiled", page.source)


def _linked(fixed: list[Page], result: FixResult, analysed: list[Story]) -> list[Story]:
    """Stories of the corrected pages: those of issues no fix touched are the analysed
    ones; the touched issues (a changed page's, each end of a reader's link) are linked
    again, with the readers' links."""
    changed = {id(result.pages[index]) for index in result.changed}
    touched = {_group(page) for page in fixed if id(page) in changed}
    ends = set(result.links) | {target for target in result.links.values() if target}
    for page in fixed:
        groups = {_group(page) for article in page.articles if article.id in ends}
        touched |= groups
    linked = [p for p in fixed if _group(p) in touched]
    stories = link_stories(linked, links=result.links)
    stories += [replace(s) for s in analysed if _group(s.pages[0]) not in touched]
    order = {id(page): number for number, page in enumerate(fixed)}

    def printed(story: Story) -> tuple[int, int]:
        page = story.pages[0]
        return order[id(page)], next(
            i for i, article in enumerate(page.articles) if article is story.lead
        )

    return sorted(stories, key=printed)


def _unique_article_ids(pages: list[Page]) -> None:
    """Make article ids unique across the library, deterministically.

    Ids come from a page's identity and an article's opening words, so two files with the
    same identity (the same page under two names, two unfiled files of one name) can give
    the same id. The first in library order keeps it; a later twin is told apart by its
    file's path, which stays the same as long as the file does.
    """
    seen: set[str] = set()
    for page in pages:
        for article in page.articles:
            if article.id in seen:
                article.id = _disambiguated(article.id, page.source, seen)
            seen.add(article.id)


def _unique_story_ids(stories: list[Story]) -> list[Story]:
    """Story ids unique across the library (a bookmark must never point at another story).

    A continued story is named by issue, first page and headline, so a fragment whose
    continuation was not found can share its name with the story it belongs to. The first
    in library order keeps the name; a later one is named by its own first article, whose
    id is unique.
    """
    seen: set[str] = set()
    for story in stories:
        if story.id in seen:
            own = "s" + story.lead.id.removeprefix("a")
            story.id = own if own not in seen else _disambiguated(own, story.pages[0].source, seen)
        seen.add(story.id)
    return stories


def _keep_story_ids(stories: list[Story], analysed: list[Story]) -> None:
    """A story that still starts with the fragment an analysed story started with keeps
    that story's id, whatever fixes did to its title or its other fragments (bookmarks and
    the index know stories by id). Any other story whose id is then taken is named by its
    own first article."""
    named = {story.lead.id: story.id for story in analysed}
    kept = set()
    for story in stories:
        if story.lead.id in named:
            story.id = named[story.lead.id]
            kept.add(story.id)
    seen = set(kept)
    for story in stories:
        if story.lead.id in named:
            continue
        if story.id in seen:
            own = "s" + story.lead.id.removeprefix("a")
            story.id = own if own not in seen else _disambiguated(own, story.pages[0].source, seen)
        seen.add(story.id)


def _disambiguated(base: str, source: str, seen: set[str]) -> str:
    salt = _printable(source).encode()
    number = 1
    while True:
        digest = hashlib.sha1(salt + f"|{number}".encode()).hexdigest()[:6]
        candidate = f"{base}~{digest}"
        if candidate not in seen:
            return candidate
        number += 1


def _page_order(page: Page) -> tuple:
    meta = page.meta
    return (
        meta.newspaper is None,
        meta.newspaper or "",
        meta.date.isoformat() if meta.date else "",
        meta.page if meta.page is not None else 10_000,
        page.source,
    )
