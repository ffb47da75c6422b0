"""The bulk segment writer writes the same index Whoosh's own writer writes."""

from __future__ import annotations

import mmap
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec

from reader.archive import load_archive
from reader.language.segmenter import tokenizer
from reader.paths import bundled_library
from reader.search import codec
from reader.search.codec import ReaderCodec
from reader.search.documents import analyze, story_doc
from reader.search.schema import build_schema
from reader.search.segment_writer import BulkSegmentWriter


@pytest.fixture(scope="module")
def fields() -> list[dict]:
    tokenizer()
    archive = load_archive([bundled_library()])
    return [analyze(story_doc(story)) for story in archive.stories]


def _index(folder: Path, fields: list[dict], bulk: bool, blocklimit: int = 128) -> object:
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    codec = ReaderCodec(blocklimit=blocklimit)
    writer = BulkSegmentWriter(ix, codec=codec) if bulk else ix.writer(codec=codec)
    for doc in fields:
        writer.add_document(**doc)
    writer.commit(merge=False)
    return ix


def _dump(ix: object) -> dict:
    """Everything a search can see: per term its statistics and every posting; per
    document its stored fields, columns and field lengths."""
    out: dict = {"terms": {}, "docs": []}
    with ix.searcher() as searcher:
        reader = searcher.reader()
        schema = ix.schema
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            matcher = reader.postings(fieldname, text)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            stats = (
                info.weight(),
                info.doc_frequency(),
                info.min_length(),
                info.max_length(),
                info.max_weight(),
                info.min_id(),
                info.max_id(),
            )
            out["terms"][(fieldname, text)] = (stats, postings)
        for docnum in range(reader.doc_count_all()):
            columns = {
                name: reader.column_reader(name)[docnum]
                for name in schema.names()
                if schema[name].column_type is not None
            }
            lengths = {name: reader.doc_field_length(docnum, name) for name in schema.names()}
            out["docs"].append((reader.stored_fields(docnum), columns, lengths))
        out["totals"] = {name: reader.field_length(name) for name in schema.names()}
    return out


@pytest.mark.parametrize("blocklimit", [128, 3])  # 3: long lists cross many block borders
def test_bulk_writer_writes_what_whoosh_writes(
    tmp_path: Path, fields: list[dict], blocklimit: int
) -> None:
    plain = _dump(_index(tmp_path / "plain", fields, bulk=False, blocklimit=blocklimit))
    bulk = _dump(_index(tmp_path / "bulk", fields, bulk=True, blocklimit=blocklimit))
    assert len(plain["terms"]) > 10_000
    assert bulk["totals"] == plain["totals"]
    assert bulk["docs"] == plain["docs"]
    assert list(bulk["terms"]) == list(plain["terms"])
    assert bulk["terms"] == plain["terms"]


def test_bulk_term_table_finds_every_term_and_no_other(tmp_path: Path, fields: list[dict]) -> None:
    """The bulk writer's term table (entries written in one go, fuller hash tables) answers
    every public look-up as Whoosh's own: each present term by exact key, and absent terms
    (near misses of present ones, which land in the same tables) not at all."""
    plain = _index(tmp_path / "plain", fields, bulk=False)
    bulk = _index(tmp_path / "bulk", fields, bulk=True)
    with plain.searcher() as theirs, bulk.searcher() as ours:
        present = list(theirs.reader().all_terms())
        assert present == list(ours.reader().all_terms())
        known = set(present)
        near = [(name, text + end) for name, text in present for end in ("乂".encode(), b"0")]
        absent = [term for term in near if term not in known]
        assert len(absent) > 10_000
        for term in present:
            assert term in ours.reader()
            assert ours.reader().doc_frequency(*term) == theirs.reader().doc_frequency(*term)
        for term in absent:
            assert term not in ours.reader()
            assert term not in theirs.reader()


def test_reader_codec_reads_as_whooshs_own_codec(tmp_path: Path, fields: list[dict]) -> None:
    """Our posting layout (narrow arrays, short lists in the term index) is only bytes: every
    public read equals what Whoosh's W3 codec writes and reads for the same documents."""
    folder = tmp_path / "w3"
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = ix.writer(codec=W3Codec())
    for doc in fields:
        writer.add_document(**doc)
    writer.commit(merge=False)
    ours = _dump(_index(tmp_path / "ours", fields, bulk=True))
    theirs = _dump(ix)
    assert ours["totals"] == theirs["totals"]
    assert ours["docs"] == theirs["docs"]
    assert ours["terms"] == theirs["terms"]


def test_bulk_writer_refuses_what_it_does_not_write(tmp_path: Path, fields: list[dict]) -> None:
    ix = _index(tmp_path / "ix", fields[:3], bulk=True)
    writer = BulkSegmentWriter(ix, codec=ReaderCodec())
    try:
        with pytest.raises(TypeError):
            writer.add_document(**{**fields[3], "_boost": 2.0})
        with pytest.raises(TypeError):  # merging would bypass its postings
            writer.commit(optimize=True)
    finally:
        writer.cancel()
    assert isinstance(ReaderCodec(), W3Codec)


def test_mapped_reads_equal_whooshs_copies(
    tmp_path: Path, fields: list[dict], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Segment files read in place from the memory map (``open_mapped``) give every public
    read that Whoosh's own copies of them give, and the term table, postings and columns
    really are read in place (a copy was most of a one-page update)."""
    ix = _index(tmp_path / "ix", fields, bulk=True)
    with ix.searcher() as searcher:
        reader = searcher.reader()
        terms = reader._terms
        for file in (
            terms._dbfile,
            terms._postfile,
            reader._perdoc._get_column_file("norm_all")[0],
        ):
            assert isinstance(file, codec._ViewFile)
            assert isinstance(file._buf.obj, mmap.mmap)
    mapped = _dump(ix)
    monkeypatch.setattr(codec, "open_mapped", lambda storage, name: storage.open_file(name))
    copied = _dump(whoosh_index.open_dir(str(tmp_path / "ix")))
    assert mapped == copied
    assert len(mapped["terms"]) > 10_000


def test_gaps_by_big_number_arithmetic_are_the_plain_gaps() -> None:
    """``delta_bytes`` (one subtraction of the block read as a big number) gives every
    gap of increasing document numbers, in the narrowest array, as subtracting them one by
    one does: gaps at and across the byte and short limits, and ids near 2**32."""
    import random
    from array import array
    from itertools import pairwise

    def plain(ids: array) -> tuple[str, bytes]:
        gaps = [ids[0], *(b - a for a, b in pairwise(ids))]
        top = max(gaps)
        code = "B" if top < 0x100 else "H" if top < 0x10000 else "I"
        return code, array(code, gaps).tobytes()

    rng = random.Random(7)
    cases = [array("I", [0]), array("I", [5, 6, 7, 8]), array("I", [255, 256, 512, 767])]
    cases.append(array("I", [0, 0xFFFF, 0x1FFFE, 0x2FFFD, 0x3FFFD]))
    cases.append(array("I", [2**32 - 5, 2**32 - 4, 2**32 - 2, 2**32 - 1]))
    for _ in range(600):
        size = rng.choice([1, 2, 3, 4, 5, 8, 31, 128])
        top = rng.choice([300, 70_000, 2**32 - 1])
        cases.append(array("I", sorted(rng.sample(range(top), size))))
    codes = set()
    for ids in cases:
        assert codec.delta_bytes(ids) == plain(ids), list(ids)
        codes.add(plain(ids)[0])
    assert codes == {"B", "H", "I"}
