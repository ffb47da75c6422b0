"""Readers' corrections of the layout analysis: what a fix is, and applying fixes to pages.

A fix names the page it was made on by its identity (``archive.page_key``: paper, date, page
and file stem, so it is the same in every copy of an archive), the hash of the page's text,
and anchor text (the article's id and opening words, the text a split starts at). It applies
while that page's text is unchanged; otherwise it is reported, never silently dropped.

Fixes are applied in the order they were made, each on the result of the ones before, after
the analysis and before stories are linked (``archive.assemble``), so everything downstream
(tree, article pane, stories, search, bookmarks, exports, ``parse --json``) sees corrected
articles. Ids: an article no fix touches keeps its id; an article a fix changes keeps its id
(a split keeps it on the part with the article's start; a merge on the item printed first);
the new part of a split gets an id derived from the article's id and the split text.

Merging: two items of one page, adjacent or not; the merged item stands where the first of
the two (in printed order) stood, its text is the first's followed by the second's, and
headline fields the first lacks come from the second. Merging items of two pages is refused:
that is what a continuation link is for.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from reader.model import Article, Kind, Page

_OPENING_CHARS = 24
HEADLINE_FIELDS = ("title", "kicker", "subtitle", "byline", "column")
_FIELD_LABEL = {
    "title": "标题",
    "kicker": "引题",
    "subtitle": "副题",
    "byline": "作者",
    "column": "栏目",
}
_KIND_LABEL = {"article": "文章", "photo": "图片", "notice": "公告"}


def unchanged(fix: Fix, article: Article) -> str:
    """Why making ``fix`` on ``article`` would change nothing ('' when it would change it)."""
    if fix.op is Op.KIND and str(article.kind) == fix.params.get("kind"):
        return f"已经是{_KIND_LABEL[str(article.kind)]}"
    if fix.op is Op.TITLE:
        changes = {k: v for k, v in fix.params.items() if k in HEADLINE_FIELDS}
        if changes and all(getattr(article, k) == v for k, v in changes.items()):
            return "与现在相同，无需更正"
    return ""


class FixRefused(ValueError):
    """A fix that cannot be made or applied; the message says why, in the reader's words."""


class Op(StrEnum):
    SPLIT = "split"
    MERGE = "merge"
    TITLE = "title"
    KIND = "kind"
    LINK = "link"
    UNLINK = "unlink"


class Status(StrEnum):
    APPLIED = "applied"
    PAGE_CHANGED = "page-changed"  # the page's text is not what the fix was made on
    PAGE_MISSING = "page-missing"  # no page of that identity in the library
    NOT_PLACED = "not-placed"  # same text, but the article or the split text is not found


@dataclass(frozen=True, slots=True)
class PageRef:
    """A page as a fix remembers it: identity, where it was (for people), text hash."""

    key: str
    source: str
    hash: str


@dataclass(frozen=True, slots=True)
class ArticleRef:
    id: str
    opening: str
    page: PageRef


@dataclass(frozen=True, slots=True)
class Fix:
    """One correction. ``params``: split {before}, title {title?, kicker?, subtitle?,
    byline?}, kind {kind}; merge and link name their second article in ``other``."""

    op: Op
    target: ArticleRef
    other: ArticleRef | None = None
    params: Mapping[str, str] = field(default_factory=dict)
    uid: str = ""
    created: float = 0.0

    def __hash__(self) -> int:  # ``params`` is a dict: a fix is known by its uid
        return hash(self.uid)

    def to_json(self) -> dict:
        return {
            "uid": self.uid,
            "op": str(self.op),
            "target": _ref_json(self.target),
            "other": _ref_json(self.other) if self.other else None,
            "params": dict(self.params),
            "created": self.created,
        }

    @classmethod
    def from_json(cls, data: object) -> Fix:
        """A fix read back from the database or an exported file; FixRefused if malformed."""
        try:
            assert isinstance(data, dict)
            params = data.get("params") or {}
            assert isinstance(params, dict)
            assert all(isinstance(k, str) and isinstance(v, str) for k, v in params.items())
            fix = cls(
                op=Op(data["op"]),
                target=_ref(data["target"]),
                other=_ref(data["other"]) if data.get("other") else None,
                params=params,
                uid=str(data["uid"]),
                created=float(data.get("created") or 0.0),
            )
            assert fix.uid
            assert fix.other is not None or fix.op not in (Op.MERGE, Op.LINK)
        except (AssertionError, KeyError, TypeError, ValueError) as exc:
            raise FixRefused(f"不是有效的更正记录：{str(data)[:80]}") from exc
        return fix

    def describe(self) -> str:
        """One line for lists: what the fix does, to what."""
        name = _short(self.target)
        if self.op is Op.SPLIT:
            return f"拆分 {name}：从“{self.params['before']}”起另成一篇"
        if self.op is Op.MERGE:
            return f"合并 {name} 与 {_short(self.other)}"
        if self.op is Op.TITLE:
            parts = [
                f"{_FIELD_LABEL[k]}“{self.params[k]}”" for k in HEADLINE_FIELDS if k in self.params
            ]
            return f"改 {name}：{'，'.join(parts)}"
        if self.op is Op.KIND:
            return f"改 {name} 为{_KIND_LABEL[self.params['kind']]}"
        if self.op is Op.LINK:
            return f"接续 {name} → {_short(self.other)}"
        return f"断开 {name} 的接续"


def new_fix(
    op: Op,
    target: ArticleRef,
    other: ArticleRef | None = None,
    params: Mapping[str, str] | None = None,
) -> Fix:
    return Fix(op, target, other, dict(params or {}), uuid.uuid4().hex, time.time())


def _short(ref: ArticleRef | None) -> str:
    if ref is None:
        return "?"
    opening = ref.opening[:12] + ("…" if len(ref.opening) > 12 else "")
    return f"{ref.id}（{opening}）"


def _ref_json(ref: ArticleRef) -> dict:
    page = ref.page
    return {
        "id": ref.id,
        "opening": ref.opening,
        "page": {"key": page.key, "source": page.source, "hash": page.hash},
    }


def _ref(data: dict) -> ArticleRef:
    page = data["page"]
    return ArticleRef(
        str(data["id"]),
        str(data["opening"]),
        PageRef(str(page["key"]), str(page["source"]), str(page["hash"])),
    )


# -- describing what is on the screen ---------------------------------------------------
def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def page_ref(page: Page, roots: Iterable[Path] = ()) -> PageRef:
    from reader.archive import page_key  # archive imports this module

    source = Path(page.source)
    shown = source.name
    for root in roots:
        try:
            shown = source.resolve().relative_to(Path(root).resolve()).as_posix()
            break
        except (ValueError, OSError):
            continue
    return PageRef(page_key(page.meta, source), shown, text_hash(page.text))


def opening(article: Article) -> str:
    """Anchor text naming an article: its first words (its title when it has no text)."""
    body = "".join(article.paragraphs).strip()
    return (body or article.title)[:_OPENING_CHARS]


def article_ref(article: Article, page: Page, roots: Iterable[Path] = ()) -> ArticleRef:
    return ArticleRef(article.id, opening(article), page_ref(page, roots))


# -- applying -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class FixStatus:
    fix: Fix
    status: Status
    problem: str = ""  # why it did not apply (empty when applied)

    @property
    def applied(self) -> bool:
        return self.status is Status.APPLIED


@dataclass(slots=True)
class FixResult:
    """Pages as corrected (a changed page is a copy; the analysed pages are left as they
    were), explicit continuation links for ``link_stories``, and what became of each fix."""

    pages: list[Page]
    links: dict[str, str | None] = field(default_factory=dict)
    statuses: list[FixStatus] = field(default_factory=list)
    # id of a corrected article → the analysed articles it was made from
    corrected: dict[str, list[Article]] = field(default_factory=dict)
    # problems that have no page to be listed under (the page left the library)
    orphan_problems: list[str] = field(default_factory=list)
    # indices (into ``pages``) of the pages that are copies: changed, or given a warning
    changed: set[int] = field(default_factory=set)

    @property
    def problems(self) -> list[FixStatus]:
        return [s for s in self.statuses if not s.applied]


def apply_fixes(pages: Sequence[Page], fixes: Sequence[Fix]) -> FixResult:
    """Apply ``fixes`` in order to ``pages``; a fix that cannot apply is reported on its page."""
    work = _Work(list(pages))
    result = FixResult(pages=work.pages)
    for fix in fixes:
        status = work.apply(fix)
        result.statuses.append(status)
        if status.applied:
            continue
        message = f"更正未应用（{status.problem}）：{fix.describe()}"
        index = work.page_index(fix.target.page)
        if index is None:
            result.orphan_problems.append(f"{fix.target.page.source}: {message}")
        else:
            page = work.own(index)
            page.warnings.append(f"{page.source}: {message}")
    result.links = work.links
    result.changed = work.changed
    present = {a.id for index in work.changed for a in work.pages[index].articles}
    result.corrected = {k: v for k, v in work.origins.items() if k in present}
    return result


class _Work:
    """Pages being corrected: each page is copied the first time a fix changes it."""

    def __init__(self, pages: list[Page]) -> None:
        self.pages = pages
        self._owned: set[int] = set()
        self._by_key: dict[str, list[int]] = {}
        for index, page in enumerate(pages):
            if page.text:
                self._by_key.setdefault(_key(page), []).append(index)
        self._hashes: dict[int, str] = {}
        self.links: dict[str, str | None] = {}
        self.origins: dict[str, list[Article]] = {}

    @property
    def changed(self) -> set[int]:
        """Indices of the pages a fix changed (or reported a problem on)."""
        return set(self._owned)

    def own(self, index: int) -> Page:
        if index not in self._owned:
            page = self.pages[index]
            self.pages[index] = replace(
                page, articles=list(page.articles), warnings=list(page.warnings)
            )
            self._owned.add(index)
        return self.pages[index]

    def _hash(self, index: int) -> str:
        if index not in self._hashes:
            self._hashes[index] = text_hash(self.pages[index].text)
        return self._hashes[index]

    def page_index(self, ref: PageRef) -> int | None:
        """The page the fix was made on: same identity, preferably the same text."""
        candidates = self._by_key.get(ref.key, [])
        for index in candidates:
            if self._hash(index) == ref.hash:
                return index
        return candidates[0] if candidates else None

    def apply(self, fix: Fix) -> FixStatus:
        refs = [fix.target] + ([fix.other] if fix.other else [])
        for ref in refs:
            index = self.page_index(ref.page)
            if index is None:
                return FixStatus(fix, Status.PAGE_MISSING, "版面不在库中")
            if self._hash(index) != ref.page.hash:
                return FixStatus(fix, Status.PAGE_CHANGED, "版面文字已改变")
        try:
            self._apply(fix)
        except FixRefused as exc:
            return FixStatus(fix, Status.NOT_PLACED, str(exc))
        return FixStatus(fix, Status.APPLIED)

    def locate(self, ref: ArticleRef) -> tuple[int, int]:
        """(page index, article index) of the article a fix names: by id, else by its
        opening words (the analysis may have named it differently since)."""
        index = self.page_index(ref.page)
        assert index is not None
        articles = self.pages[index].articles
        for position, article in enumerate(articles):
            if article.id == ref.id:
                return index, position
        for position, article in enumerate(articles):
            if ref.opening and opening(article) == ref.opening:
                return index, position
        raise FixRefused(f"找不到文章 {ref.id}（{ref.opening[:12]}）")

    def _remember(self, new_id: str, *sources: Article) -> None:
        origins: list[Article] = []
        for source in sources:
            origins.extend(self.origins.get(source.id, [source]))
        self.origins[new_id] = _unique(origins)

    def _apply(self, fix: Fix) -> None:
        index, position = self.locate(fix.target)
        article = self.pages[index].articles[position]
        if fix.op is Op.SPLIT:
            page = self.pages[index]
            before = fix.params["before"].strip()
            if before not in article.text and any(
                "".join(a.paragraphs).lstrip().startswith(before) for a in page.articles
            ):
                return  # the analysis splits there by itself now: nothing left to do
            first, second = split_article(article, fix.params["before"], page.text, self._ids())
            page = self.own(index)
            page.articles[position : position + 1] = [first, second]
            self._remember(first.id, article)
            self._remember(second.id, article)
        elif fix.op is Op.MERGE:
            assert fix.other is not None
            other_index, other_position = self.locate(fix.other)
            if other_index != index:
                raise FixRefused("两篇不在同一版，不能合并（跨版请用接续）")
            if other_position == position:
                raise FixRefused("不能与自身合并")
            low, high = sorted((position, other_position))
            page = self.own(index)
            first, second = page.articles[low], page.articles[high]
            merged = merge_articles(first, second)
            page.articles[low] = merged
            del page.articles[high]
            self._remember(merged.id, first, second)
        elif fix.op is Op.TITLE:
            changes = {k: v for k, v in fix.params.items() if k in HEADLINE_FIELDS}
            if not changes:
                raise FixRefused("没有给出要改的标题、引题、副题、作者或栏目")
            if all(getattr(article, k) == v for k, v in changes.items()):
                return  # the analysis reads it so by itself now
            self._replace(index, position, _take_headline_lines(article, changes))
        elif fix.op is Op.KIND:
            kind = Kind(fix.params["kind"])
            if article.kind is kind:
                return
            self._replace(index, position, replace(article, kind=kind))
        elif fix.op is Op.LINK:
            assert fix.other is not None
            other_index, other_position = self.locate(fix.other)
            if other_index == index:
                raise FixRefused("接续只连接不同版面上的文章")
            issue = self.pages[index].meta.issue_key
            other_issue = self.pages[other_index].meta.issue_key
            if issue and other_issue and issue != other_issue:
                raise FixRefused("两篇不在同一期报纸，不能接续")
            self.links.pop(article.id, None)  # the latest fix decides
            self.links[article.id] = self.pages[other_index].articles[other_position].id
        else:  # UNLINK
            self.links.pop(article.id, None)
            self.links[article.id] = None
            if article.continues_to is not None:
                # The reader says it continues nowhere: it no longer claims "下转第N版" (a
                # note of a continuation never found). The printed marker stays in the
                # page's text, which the 原版文字 view shows as printed.
                self._replace(index, position, replace(article, continues_to=None))

    def _replace(self, index: int, position: int, new: Article) -> None:
        old = self.pages[index].articles[position]
        self.own(index).articles[position] = new
        self._remember(new.id, old)

    def _ids(self) -> set[str]:
        return {a.id for page in self.pages for a in page.articles}


def _take_headline_lines(article: Article, changes: dict[str, str]) -> Article:
    """``article`` with its headline fields changed; a paragraph that is exactly one of the
    new values moves out of the body.

    Why: a reader who says "this printed line is the title" means the line was misread as
    text. Shown both as the headline and as the body's first paragraph it would be printed
    twice (and searched, exported and cited twice). Only a whole paragraph moves, and only
    once per value, so typed titles that merely quote the text leave the body alone. The
    one exception is an untitled item's very beginning: extraction runs a headline printed
    right on its text into the first paragraph (跑好历史接力赛七月，党旗飘扬…), so a title
    given to an item without one, that its first paragraph begins with and goes on after,
    moves out of that paragraph.
    """
    paragraphs = list(article.paragraphs)
    subheads = list(article.subheads)
    for name, value in changes.items():
        wanted = _bare(value)
        found = next((i for i, p in enumerate(paragraphs) if wanted and _bare(p) == wanted), None)
        run_in = name == "title" and not article.title and 0 not in subheads
        if found is None and wanted and paragraphs and run_in:
            rest = _without_opening(paragraphs[0], wanted)
            if rest:
                paragraphs[0] = rest
            continue
        if found is None or len(paragraphs) == 1:
            continue  # the value is not a paragraph, or it is all the text there is
        del paragraphs[found]
        subheads = [i - (i > found) for i in subheads if i != found]
    return replace(article, **changes, paragraphs=paragraphs, subheads=subheads)


def _without_opening(paragraph: str, opening: str) -> str:
    """``paragraph`` after ``opening`` (compared without layout spaces), or "" when it does
    not begin with it or nothing follows it."""
    taken = 0
    for index, char in enumerate(paragraph):
        if taken == len(opening):
            return paragraph[index:].lstrip().lstrip("\u3000")
        if char.isspace() or char == "\u3000":
            continue
        if char != opening[taken]:
            return ""
        taken += 1
    return ""


def _bare(text: str) -> str:
    """Text without its layout: spaces, ideographic spaces and line breaks."""
    return "".join(text.split()).replace("\u3000", "")


def _unique(articles: list[Article]) -> list[Article]:
    seen: set[int] = set()
    kept = []
    for article in articles:
        if id(article) not in seen:
            seen.add(id(article))
            kept.append(article)
    return kept


def _key(page: Page) -> str:
    from reader.archive import page_key

    return page_key(page.meta, Path(page.source))


# -- the operations themselves ----------------------------------------------------------
def split_point(article: Article, before: str, page_text: str) -> tuple[int, int]:
    """(paragraph, offset) where a new article starts: the first paragraph beginning with
    ``before``, or the place in the text where one of the article's printed lines begins
    with it (told apart by the end of the line printed above, when the words recur)."""
    before = before.strip()
    if not before:
        raise FixRefused("拆分处的文字不能为空")
    if not any(before in paragraph for paragraph in article.paragraphs):
        raise FixRefused(f"文章中没有“{before}”")
    for number, paragraph in enumerate(article.paragraphs):
        stripped = paragraph.lstrip()
        if stripped.startswith(before):
            if number == 0:
                raise FixRefused(f"“{before}”已是文章的开头")
            return number, len(paragraph) - len(stripped)
    lines = page_text.splitlines()
    numbers = [n for n in (article.source_lines or range(len(lines))) if 0 <= n < len(lines)]
    above = [_line_above(lines, n) for n in numbers if lines[n].strip().startswith(before)]
    if not above:
        raise FixRefused(f"“{before}”不在段落或行的开头")
    places = [
        (number, offset)
        for number, paragraph in enumerate(article.paragraphs)
        for offset in _occurrences(paragraph, before)
        if offset > 0
    ]
    for number, offset in places:
        text = article.paragraphs[number][:offset].replace(" ", "")
        if any(end and text.endswith(end) for end in above):
            return number, offset
    if places:
        return places[0]
    raise FixRefused(f"“{before}”不在段落或行的开头")


def _line_above(lines: list[str], number: int) -> str:
    """The last characters of the nearest printed line above ``number`` ('' if none)."""
    for index in range(number - 1, -1, -1):
        text = lines[index].replace(" ", "").strip()
        if text:
            return text[-4:]
    return ""


def _occurrences(text: str, needle: str) -> list[int]:
    found, start = [], text.find(needle)
    while start >= 0:
        found.append(start)
        start = text.find(needle, start + 1)
    return found


def split_article(
    article: Article, before: str, page_text: str, taken: set[str]
) -> tuple[Article, Article]:
    """The article up to ``before`` (keeping its id, headline and 上接 marker) and the new
    article from ``before`` on (a derived id, no headline, the 下转 marker)."""
    number, offset = split_point(article, before, page_text)
    paragraph = article.paragraphs[number]
    head, tail = paragraph[:offset].rstrip(), paragraph[offset:]
    first_paragraphs = article.paragraphs[:number] + ([head] if head else [])
    second_paragraphs = [tail, *article.paragraphs[number + 1 :]]
    first_lines, second_lines = _split_lines(article, before.strip(), page_text)
    first = replace(
        article,
        paragraphs=first_paragraphs,
        continues_to=None,
        subheads=[i for i in article.subheads if i < number or (i == number and head)],
        source_lines=first_lines,
    )
    digest = hashlib.sha1(f"{article.id}|split|{before.strip()}".encode()).hexdigest()[:12]
    new_id = f"a{digest}"
    count = 1
    while new_id in taken:
        new_id = f"a{digest}-s{count}"
        count += 1
    second = Article(
        id=new_id,
        kind=article.kind,
        paragraphs=second_paragraphs,
        continues_to=article.continues_to,
        subheads=[i - number for i in article.subheads if i > number or (i == number and not head)],
        source_lines=second_lines,
    )
    return first, second


def _split_lines(article: Article, before: str, page_text: str) -> tuple[list[int], list[int]]:
    """Source lines before the first printed line starting with ``before`` stay with the
    first part (with its headline lines wherever they are printed); the rest go on."""
    lines = page_text.splitlines()
    numbers = sorted(article.source_lines)
    cut = next(
        (n for n in numbers if 0 <= n < len(lines) and lines[n].strip().startswith(before)),
        None,
    )
    if cut is None:
        return numbers, []
    headline = {getattr(article, name).strip() for name in HEADLINE_FIELDS} - {""}

    def stays(n: int) -> bool:
        text = lines[n].strip() if 0 <= n < len(lines) else ""
        return n < cut or bool(text and any(text in h for h in headline))

    return [n for n in numbers if stays(n)], [n for n in numbers if not stays(n)]


def merge_articles(first: Article, second: Article) -> Article:
    """``second``'s text after ``first``'s; headline fields ``first`` lacks from ``second``."""
    shift = len(first.paragraphs)
    return replace(
        first,
        paragraphs=first.paragraphs + second.paragraphs,
        column=first.column or second.column,
        kicker=first.kicker or second.kicker,
        title=first.title or second.title,
        subtitle=first.subtitle or second.subtitle,
        byline=first.byline or second.byline,
        continued_from=first.continued_from or second.continued_from,
        continues_to=second.continues_to or first.continues_to,
        subheads=first.subheads + [i + shift for i in second.subheads],
        source_lines=sorted(set(first.source_lines) | set(second.source_lines)),
    )
