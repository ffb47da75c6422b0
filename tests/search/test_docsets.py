"""Exact evaluation and ranking over whole posting lists (reader/search/docsets.py),
checked against a brute-force reading of every document's text on a real index."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from reader.language.normalize import compact
from reader.language.segmenter import words
from reader.search.codec import ReaderCodec
from reader.search.docsets import DocSets, holds
from reader.search.documents import StoryDoc, analyze
from reader.search.engine import Sort
from reader.search.query import AnyOf, Filter, Negated, Node, ParsedQuery, Term, parse
from reader.search.schema import TEXT_ENCODING, build_schema
from reader.search.segment_writer import BulkSegmentWriter

STORIES = [
    ("生态环境局召开会议", "生态环境局和自然资源局联合检查。", "乌海日报", "2025-06-01", (1,)),
    ("自然资源保护", "生态好，资源多，保护自然资源是大事。", "乌海日报", "2025-06-02", (2,)),
    ("煤炭产量增长", "全市煤炭产量同比增长101.3%，电力供应稳定。", "北方新报", "2025-05-30", (1,)),
    ("电力保障", "迎峰度夏电力保障有力，热电联产稳定。", "北方新报", None, (3,)),
    ("生态资源调查", "开展生态资源调查，摸清家底。", "乌海日报", "2025-07-01", (1, 4)),
    ("民生实事", "城市更新惠及居民，生态环境持续改善。", "乌海日报", "2025-06-15", (2,)),
    # every bigram of 生态资源 (生态, 态资, 资源), never the word itself
    ("档案整理", "生态好，状态资料齐全，资源丰富。", "乌海日报", "2025-06-20", (5,)),
]
QUERIES = [
    "生态环境",
    "生态资源",
    "生态资源 OR 自然资源",
    "生态 -自然资源局",
    "title:生态",
    "煤",
    "101.3%",
    "电力 热",
    "电 OR 热 -煤",
    "资源 paper:北方新报",
    "生态 date:2025-06",
    "生态 page:1",
    "环境保护",
    '"生态环境持续改善"',
    "title:资源 生态",
    "资源 -title:生态",
]


def _doc(n: int, title: str, text: str, paper: str, day: str | None, pages: tuple) -> StoryDoc:
    return StoryDoc(f"s{n}", f"a{n}", title, "", "", text, paper, day, pages, "news")


@pytest.fixture
def docsets(tmp_path: Path) -> DocSets:
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    for half in (STORIES[:3], STORIES[3:]):  # two segments: docnums carry a segment offset
        writer = BulkSegmentWriter(ix, codec=ReaderCodec())
        for n, story in enumerate(half, start=len(list(ix.searcher().documents()))):
            writer.add_document(**analyze(_doc(n, *story)))
        writer.commit(merge=False)
    searcher = ix.searcher()
    assert len(searcher.leaf_searchers()) == 2
    return DocSets(searcher)


def _brute(node: Node, n: int) -> bool:
    title, text, paper, day, pages = STORIES[n]
    if isinstance(node, Term):
        scope = {"all": title + text, "title": title, "byline": ""}[node.scope]
        return node.text in compact(scope)
    if isinstance(node, AnyOf):
        return any(_brute(c, n) for c in node.children)
    if isinstance(node, Negated):
        return not _brute(node.child, n)
    if node.field == "newspaper":
        return paper == node.low
    if node.field == "page":
        return int(node.low) in pages
    return day is not None and node.low <= day <= (node.high or node.low)


def _story_numbers(docsets: DocSets, docs: set[int]) -> set[int]:
    return {int(docsets.searcher.stored_fields(d)["story_id"][1:]) for d in docs}


@pytest.mark.parametrize("query", QUERIES)
def test_evaluation_equals_reading_every_text(docsets: DocSets, query: str) -> None:
    parsed = parse(query)
    expected = {n for n in range(len(STORIES)) if all(_brute(c, n) for c in parsed.clauses)}
    assert _story_numbers(docsets, docsets.evaluate(parsed)) == expected


def test_byte_matching_equals_string_matching() -> None:
    """Texts are checked as UTF-16-LE bytes: a needle's bytes found across two characters
    (中文 is 2D 4E 87 65: 蝎 is 4E 87) are no match; surrogate pairs and every substring of
    a real sentence (and some that are not in it) agree with ``in`` on strings."""

    def both(text: str, needle: str) -> tuple[bool, bool]:
        encoded = (text.encode(TEXT_ENCODING), needle.encode(TEXT_ENCODING))
        return holds(*encoded), needle in text

    assert both("中文", "蝎") == (False, False)
    assert both("中文蝎", "蝎") == (True, True)
    assert both("a𠀀b𠀁", "𠀁") == (True, True)
    assert both("a𠀀b", "𠀁") == (False, False)
    sentence = "全市煤炭产量同比增长101.3%，电力供应稳定。“引号”生态𠀀环境"
    for start in range(len(sentence)):
        for end in range(start + 1, min(len(sentence), start + 6) + 1):
            piece = sentence[start:end]
            assert both(sentence, piece) == (True, True), piece
            shifted = "".join(chr(ord(c) + 1) if c < "\ud000" else c for c in piece)
            assert both(sentence, shifted)[0] == both(sentence, shifted)[1], shifted


def test_bigrams_alone_do_not_make_a_match(docsets: DocSets) -> None:
    assert _story_numbers(docsets, docsets.evaluate(parse("生态资源"))) == {4}


def test_deleted_documents_are_gone(docsets: DocSets, tmp_path: Path) -> None:
    ix = whoosh_index.open_dir(str(tmp_path))
    with ix.writer() as writer:
        writer.delete_by_term("story_id", "s4")
    fresh = DocSets(ix.searcher())
    assert _story_numbers(fresh, fresh.evaluate(parse("生态"))) == {0, 1, 5, 6}
    assert 4 not in _story_numbers(fresh, fresh.evaluate(ParsedQuery((Negated(Term("煤")),))))


def test_title_matches_rank_above_body_matches(docsets: DocSets) -> None:
    parsed = parse("电力")
    top = docsets.top(docsets.evaluate(parsed), parsed, Sort.RELEVANCE, 10)
    assert _story_numbers(docsets, {top[0][0]}) == {3}  # 电力 is its title
    assert [score for _, score in top] == sorted((s for _, s in top), reverse=True)
    assert top[0][1] > top[-1][1] >= 0


def test_date_orders_put_unknown_dates_last_when_newest_first(docsets: DocSets) -> None:
    parsed = ParsedQuery((Filter("newspaper", "北方新报"), *parse("电").clauses))
    docs = docsets.evaluate(parsed)
    newest = [d for d, _ in docsets.top(docs, parsed, Sort.NEWEST, 10)]
    oldest = [d for d, _ in docsets.top(docs, parsed, Sort.OLDEST, 10)]
    numbers = [int(docsets.searcher.stored_fields(d)["story_id"][1:]) for d in newest]
    assert numbers == [2, 3]  # 2025-05-30, then the story without a date
    assert oldest == newest[::-1]


def test_paging_takes_the_next_ones_in_the_same_order(docsets: DocSets) -> None:
    parsed = parse("生态")
    docs = docsets.evaluate(parsed)
    everything = docsets.top(docs, parsed, Sort.RELEVANCE, 10)
    assert docsets.top(docs, parsed, Sort.RELEVANCE, 2) == everything[:2]


def _reference_top(docsets: DocSets, docs: set[int], parsed: ParsedQuery, count: int) -> list:
    """Ranking written out from its definition: whoosh.scoring.bm25 per document over the
    term's jieba words; where they miss a field, the term's occurrences in the story's own
    title (read from STORIES, not the index), or one occurrence elsewhere when the title
    does not hold it, as rare as the stories that hold it."""
    from math import log

    from whoosh.scoring import bm25

    from reader.search.docsets import K1, WORD_FIELDS, B

    searcher = docsets.searcher
    total: dict[int, float] = {}

    def add(field: str, idf: float, d: int, tf: float) -> None:
        average = searcher.avg_field_length(field) or 1.0
        if tf:
            score = bm25(idf, tf, docsets.lengths(field)[d], average, B, K1)
            total[d] = total.get(d, 0.0) + score

    for term in parsed.terms():
        reached: dict[str, set[int]] = {}
        for field in WORD_FIELDS[term.scope]:
            boost = searcher.schema[field].format.field_boost
            reached[field] = set()
            for word in dict.fromkeys(words(term.text)):
                postings = docsets.postings(field, word)
                idf = searcher.idf(field, word) * boost
                for d in docs & postings.keys():
                    reached[field].add(d)
                    add(field, idf, d, postings[d])
        if term.scope == "byline":
            continue
        holders = {d for d in docs if _brute(term, _story_numbers(docsets, {d}).pop())}
        rarity = log(searcher.doc_count_all() / (len(holders) + 1)) + 1
        in_title = set()
        for d in holders - reached["title_words"]:
            title = compact(STORIES[_story_numbers(docsets, {d}).pop()][0])
            boost = searcher.schema["title_words"].format.field_boost
            add("title_words", rarity * boost, d, title.count(term.text))
            if term.text in title:
                in_title.add(d)
        if term.scope == "all":  # once at least, outside a title that does not hold it
            for d in holders - reached["body_words"] - in_title:
                add("body_words", rarity, d, 1)
    best = sorted(docs, key=lambda d: (-total.get(d, 0.0), d))[:count]
    return [(d, total.get(d, 0.0)) for d in best]


@pytest.mark.parametrize("prune_from", [None, 1])
@pytest.mark.parametrize("count", [1, 3, 20])
def test_ranking_equals_the_written_out_reference(
    docsets: DocSets, count: int, prune_from: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Also with every body-text part bounded instead of scored where the bound allows
    (``PRUNE_FROM`` 1): the first ``count`` and their scores must not change."""
    if prune_from is not None:
        monkeypatch.setattr("reader.search.docsets.PRUNE_FROM", prune_from)
    for query in [*QUERIES, "生态 OR 煤炭 OR 电", "好 OR 生态 OR 保护"]:
        parsed = parse(query)
        docs = docsets.evaluate(parsed)
        got = docsets.top(docs, parsed, Sort.RELEVANCE, count)
        assert got == _reference_top(docsets, docs, parsed, count), query


def test_a_title_holding_the_term_inside_a_longer_word_ranks_first(tmp_path: Path) -> None:
    """jieba keeps 生态环境保护 whole, so the title's words never equal the query's; the
    title still names 生态环境 and must outrank a passing mention in a long text."""
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    writer = BulkSegmentWriter(ix, codec=ReaderCodec())
    stories = [
        ("重点项目建设提速", "市生态环境局等部门定期报送进展。" + "项目建设稳步推进。" * 20),
        ("生态环境保护督察组交办第十一批案件", "督察组交办信访件，有关部门推进整改。"),
    ]
    assert "生态环境" not in words(stories[1][0])  # the case this guards
    for n, (title, text) in enumerate(stories):
        writer.add_document(**analyze(_doc(n, title, text, "乌海日报", "2025-06-18", (1,))))
    writer.commit(merge=False)
    sets = DocSets(ix.searcher())
    parsed = parse("生态环境")
    top = sets.top(sets.evaluate(parsed), parsed, Sort.RELEVANCE, 10)
    assert _story_numbers(sets, {top[0][0]}) == {1}
    assert top[0][1] > top[1][1] > 0
