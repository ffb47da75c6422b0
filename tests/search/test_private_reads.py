"""Where docsets reads Whoosh's posting blocks and length columns through private names
(speed), it must give what Whoosh's public API gives: every term of every field of a real
index with several segments and deletions, compared one by one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.archive import load_archive
from reader.search.docsets import DocSets
from reader.search.whoosh_engine import WhooshEngine

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("private")
    library = root / "lib"
    shutil.copytree(SEEDS, library)
    engine = WhooshEngine(root / "ix", workers=1)
    engine.build(load_archive([library]))
    (library / "004_62a9a9b80fba4421.txt").unlink()  # deletions in the first segment
    page = library / "002_3e4d958af8c47870.txt"
    page.write_text(page.read_text(encoding="utf-8") + "\n本报讯 新增一段。\n", encoding="utf-8")
    engine.update(load_archive([library]))  # a second segment
    searcher = engine._searcher()[0]
    assert len(searcher.leaf_searchers()) >= 2 and searcher.reader().has_deletions()
    yield searcher
    engine.close()


def public_postings(searcher, field: str, text: str) -> dict[int, float]:
    matcher = searcher.postings(field, text)
    found = {}
    while matcher.is_active():
        found[matcher.id()] = matcher.weight()
        matcher.next()
    return found


@pytest.mark.parametrize("field", ["gram", "title_gram", "body_words", "title_words", "pages"])
def test_block_reads_equal_public_matchers(searcher, field: str) -> None:
    docsets = DocSets(searcher)
    terms = list(searcher.reader().lexicon(field))
    assert terms
    terms = terms[:: max(1, len(terms) // 800)]  # an even spread of 800 terms per field
    for raw in terms:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        assert docsets.postings(field, text) == public_postings(searcher, field, text), text


@pytest.mark.parametrize("field", ["title_words", "heads_words", "body_words"])
def test_length_columns_equal_public_lengths(searcher, field: str) -> None:
    docsets = DocSets(searcher)
    reader = searcher.reader()
    lengths = docsets.lengths(field)
    live = list(reader.all_doc_ids())
    assert live
    for docnum in live:
        # Whoosh 2.7 returns None, not 0, for a stored length byte of 0
        assert lengths[docnum] == (reader.doc_field_length(docnum, field, 0) or 0), docnum


@pytest.fixture(scope="module")
def long_lists(tmp_path_factory: pytest.TempPathFactory):
    """A generated archive big enough for posting lists of many (compressed) blocks, in two
    segments, the first with deletions."""
    from reader.bench import generate_library

    root = tmp_path_factory.mktemp("long")
    library = generate_library(root / "lib", pages=24, seed=5).root
    engine = WhooshEngine(root / "ix", workers=1)
    engine.build(load_archive([library]))
    pages = sorted(library.rglob("*.txt"))
    pages[0].unlink()
    pages[1].write_text(pages[1].read_text(encoding="utf-8") + "\n本报讯 新增一段。\n", "utf-8")
    engine.update(load_archive([library]))
    searcher = engine._searcher()[0]
    assert len(searcher.leaf_searchers()) >= 2 and searcher.reader().has_deletions()
    yield searcher
    engine.close()


@pytest.mark.parametrize(
    "field", ["gram", "title_gram", "body_words", "title_words", "heads_words", "pages"]
)
def test_long_lists_read_from_the_mapped_file_equal_public_matchers(long_lists, field) -> None:
    """``codec.read_postings`` (blocks read straight from the mapped segment) against
    Whoosh's matchers: every list longer than one block, and a spread of the others."""
    docsets = DocSets(long_lists)
    reader = long_lists.reader()
    terms = [t.decode("utf-8") if isinstance(t, bytes) else t for t in reader.lexicon(field)]
    frequency = {t: long_lists.doc_frequency(field, t) for t in terms}
    long = [t for t in terms if frequency[t] > 128]
    if field in ("gram", "body_words"):
        assert max(frequency.values()) > 128  # lists of several (compressed) blocks
    for text in [*long, *terms[:: max(1, len(terms) // 300)]]:
        assert docsets.postings(field, text) == public_postings(long_lists, field, text), text


@pytest.mark.parametrize("scope", ["all", "title", "byline"])
def test_text_spans_in_the_memory_map_equal_the_column_reader(long_lists, scope) -> None:
    """``DocSets._holding`` searches each candidate's text where the column's offsets say
    it lies in the mapped segment: every such range must hold exactly the column's text."""
    from reader.search.docsets import TEXT_COLUMN

    docsets = DocSets(long_lists)
    spans = docsets._spans(scope)
    column = long_lists.reader().column_reader(TEXT_COLUMN[scope])
    assert all(span is not None for span in spans)  # the engine's segments are mapped
    for docnum in long_lists.reader().all_doc_ids():
        find, start, end = spans[docnum]
        source = find.__self__
        assert source[start:end] == column[docnum], docnum


def test_holding_equals_string_containment_also_for_odd_offsets(long_lists) -> None:
    """``_holding`` (``mmap.find`` over each text's range) finds what ``str`` containment
    finds, also for needles whose bytes occur in a text only straddling two characters."""
    from reader.search.schema import TEXT_ENCODING

    docsets = DocSets(long_lists)
    reader = long_lists.reader()
    column = reader.column_reader("norm_all")
    live = set(reader.all_doc_ids())
    texts = {d: column[d].decode(TEXT_ENCODING) for d in live}
    sample = column[min(live, key=lambda d: -len(texts[d]))]
    needles = [texts[d][5:8] for d in sorted(live)[:: max(1, len(live) // 6)] if len(texts[d]) > 8]
    for odd in range(101, 801, 100):  # bytes from the middle of one character onwards
        try:
            needles.append(sample[odd : odd + 4].decode(TEXT_ENCODING))
        except UnicodeDecodeError:
            continue
    assert len(needles) > 8
    for needle in needles:
        expected = {d for d in live if needle in texts[d]}
        assert docsets._holding("all", live, needle.encode(TEXT_ENCODING)) == expected, needle


def test_pruned_ranking_equals_scoring_every_document(long_lists, monkeypatch) -> None:
    """``DocSets._pruned`` bounds long body-text parts instead of scoring them: on a
    generated archive (long lists, two segments, deletions), with every body part bounded
    where the bound allows, the first page by (-score, docnum) and its scores equal those
    of scoring every document."""
    from reader.search.engine import Sort
    from reader.search.query import parse

    monkeypatch.setattr("reader.search.docsets.PRUNE_FROM", 20)
    docsets = DocSets(long_lists)
    column = long_lists.reader().column_reader("norm_title")
    titles = [column[d].decode("utf-16-le") for d in sorted(long_lists.reader().all_doc_ids())]
    words = sorted({t[i : i + 2] for t in titles[:40] for i in range(0, len(t) - 1, 3)})
    queries = [*"的一是在不了有和人这中大为上", *words[:40], "的 OR 是", "一 -不", '"中国"']
    pruned = 0
    for query in queries:
        parsed = parse(query)
        docs = docsets.evaluate(parsed)
        full = docsets.scores(docs, parsed)
        for count in (1, 5, 20):
            expected = sorted(docs, key=lambda d: (-full.get(d, 0.0), d))[:count]
            got = docsets.top(docs, parsed, Sort.RELEVANCE, count)
            assert got == [(d, full.get(d, 0.0)) for d in expected], (query, count)
            pruned += len(docsets.scores(docs, parsed, count)) < len(full)
    assert pruned > 10  # the bound did rule documents out
