"""Page analysis: page text in, articles out, in reading order and with stable ids.

The steps, each in its own module: page furniture is found and set aside (``furniture``);
lines get roles from their shape measured against the page's own column width and
blank-line habit (``lines``); lines are reflowed into blocks split where an item must start
(``blocks``); headline groups are attached to blocks by how well their words fit each block's
opening, subheads are folded in where the text around them coheres (``headlines``). Nothing
printed is dropped: every line ends in some field of some article, or in the furniture.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from reader.layout.blocks import Block, Head, Item, build_stream
from reader.layout.furniture import Furniture, read_furniture
from reader.layout.headlines import (
    Attached,
    Fit,
    assign,
    merge_subheads,
    split_double_titled,
    split_shared_lines,
)
from reader.layout.lines import classify
from reader.layout.text import fold
from reader.model import Article, Kind

_FINGERPRINT_CHARS = 80


@dataclass(slots=True)
class PageAnalysis:
    """A page's articles, and its furniture (masthead, date line, page number)."""

    articles: list[Article]
    furniture: Furniture


def analyze_page(text: str, page_key: str) -> list[Article]:
    """Find the articles, photos and notices of one page.

    ``page_key`` identifies the page (paper/date/page, or the file for unfiled pages); it
    goes into every article id so that ids are unique across the library and stable when
    the library is re-read or grows.
    """
    return analyze(text, page_key).articles


def analyze(text: str, page_key: str, furniture: Furniture | None = None) -> PageAnalysis:
    """The articles of a page and what its furniture says (see ``analyze_page``)."""
    furniture = furniture or read_furniture(text)
    stream = _layout_stream(text, furniture)
    fit = Fit([item for item in stream if isinstance(item, Block)])  # blocks are final here
    stream = split_shared_lines(stream, fit)
    attached = assign(stream, fit)
    if split_double_titled(stream, attached):
        attached = assign(stream)  # new blocks: fresh statistics
    articles = [_article(item, attached) for item in _ordered(stream, attached)]
    _give_ids(articles, page_key)
    return PageAnalysis(articles, furniture)


def fallback_articles(text: str, page_key: str) -> list[Article]:
    """The page as one untitled article of its text blocks: used only if analysis fails."""
    paragraphs = [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]
    articles = [Article(id="", kind=Kind.ARTICLE, paragraphs=paragraphs)]
    _give_ids(articles, page_key)
    return articles


def _layout_stream(text: str, furniture: Furniture) -> list[Item]:
    stream = build_stream(classify(text, furniture.lines), text)
    stream = [item for item in stream if not isinstance(item, Block) or _has_content(item)]
    return merge_subheads(_fold_lone_bylines(stream))


def _fold_lone_bylines(stream: list[Item]) -> list[Item]:
    """A byline with no headline above it belongs to the text that follows it (or, at the
    end of the page, to the text before it)."""
    result: list[Item] = []
    for pos, item in enumerate(stream):
        if isinstance(item, Head) and not item.titles and not item.subtitles:
            after = stream[pos + 1] if pos + 1 < len(stream) else None
            before = result[-1] if result else None
            target = next(
                (
                    b
                    for b in (after, before)
                    if isinstance(b, Block) and b.kind is Kind.ARTICLE and b.paras
                ),
                None,
            )
            if target is not None:
                names = " ".join(item.bylines)
                parts = [names, target.byline] if target is after else [target.byline, names]
                target.byline = " ".join(filter(None, parts))
                target.paras[0 if target is after else -1].lines[:0] = item.lines
                continue
        result.append(item)
    return result


def _has_content(block: Block) -> bool:
    return any(p.text for p in block.paras) or block.kind is Kind.PHOTO


def _ordered(stream: list[Item], attached: dict[int, Attached]) -> list[Item]:
    """Blocks, plus headlines that belong to no block, by where their text starts."""
    items = [item for item in stream if id(item) in attached]
    return sorted(items, key=lambda item: item.start)


def _article(item: Item, attached: dict[int, Attached]) -> Article:
    parts = attached[id(item)]
    if isinstance(item, Head):
        return Article(
            id="",
            kind=Kind.ARTICLE,
            paragraphs=[],
            column=item.label,
            title=item.title,
            subtitle=" ".join(item.subtitles),
            byline=" ".join(item.bylines),
            source_lines=sorted(item.lines),
        )
    title_head = parts.title
    paragraphs = [p.text for p in item.paras if p.text]
    subheads = [i for i, p in enumerate(p for p in item.paras if p.text) if p.subhead]
    demoted = [head for head in [parts.kicker, *parts.columns] if head is not None]
    bylines = [
        *(title_head.bylines if title_head else []),
        *(name for head in demoted for name in head.bylines),
        item.byline,
    ]
    source = set(item.lines)
    for head in filter(None, [title_head, parts.kicker, *parts.columns]):
        source.update(head.lines)
    return Article(
        id="",
        kind=item.kind,
        paragraphs=paragraphs,
        column=" ".join(
            filter(
                None,
                [
                    *(h.label for h in [title_head, parts.kicker] if h is not None),
                    *(_label(h) for h in parts.columns),
                    item.column,
                ],
            )
        ),
        kicker=" ".join([parts.kicker.title, *parts.kicker.subtitles]) if parts.kicker else "",
        title=title_head.title if title_head else item.title,
        subtitle=" ".join(title_head.subtitles) if title_head else "",
        byline=" ".join(filter(None, bylines)),
        continues_to=item.continues_to,
        continued_from=item.continued_from,
        subheads=subheads,
        source_lines=sorted(n for n in source if n >= 0),
    )


def _label(head: Head) -> str:
    """A headline group used as kicker or column label, with its own label and subtitle."""
    return " ".join(filter(None, [head.label, head.title, *head.subtitles]))


def _give_ids(articles: list[Article], page_key: str) -> None:
    """Content-derived ids: page identity + a fingerprint of the article's own words."""
    seen: dict[str, int] = {}
    for article in articles:
        opening = article.title + "".join(article.paragraphs)[: _FINGERPRINT_CHARS * 2]
        words = fold(opening)[:_FINGERPRINT_CHARS]
        digest = hashlib.sha1(f"{page_key}|{article.kind}|{words}".encode()).hexdigest()[:12]
        count = seen.get(digest, 0)
        seen[digest] = count + 1
        article.id = f"a{digest}" if count == 0 else f"a{digest}-{count}"
