"""A Whoosh segment writer for full builds that keeps postings in memory, term by term.

Whoosh's own writer sends every posting (~830 per story here) through a pure-Python
pipeline: a tuple into an external-sort pool, pickled to a temporary run file, unpickled,
heap-merged, sorted, then handed one by one to the codec with a length look-up and type
assertions each. That pipeline was ~80 % of building the index. This writer instead appends
each document's term counts to per-term arrays and, when the segment is finished, writes
each term's whole posting list through the same W3 codec objects in blocks: the files are
what Whoosh writes itself (a test compares every term's postings, statistics and stored
data with Whoosh's own writer), only the route there is shorter.

It only *adds new documents* to a new segment. Merging other segments into it (which
would go through the pool it does not read) is refused; incremental updates, deletions and
merges use Whoosh's own writer.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Iterator
from functools import partial
from hashlib import md5
from itertools import accumulate, chain, compress, repeat
from operator import add, itemgetter, lt, mul, not_
from pathlib import Path
from pickle import dumps
from struct import Struct
from typing import Any

from whoosh import index as whoosh_index
from whoosh.analysis import IDTokenizer
from whoosh.codec.base import FieldWriter, PerDocumentReader
from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.fields import FieldType
from whoosh.filedb import filetables
from whoosh.formats import Existence
from whoosh.system import pack_int, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.util.numlists import GrowableArray
from whoosh.writing import SegmentWriter

from reader.language.normalize import GramCodes
from reader.language.segmenter import warm_up
from reader.search.codec import (
    _NO_VALUES,
    _NO_WEIGHTS,
    COMPRESS_FROM,
    INLINE_LIMIT,
    MAGIC,
    ReaderCodec,
    block_bytes,
    deflate,
    delta_bytes,
    encode_block,
)
from reader.search.documents import StoryDoc, analyze
from reader.search.schema import TokenListField, build_schema


class _Postings:
    """One term's postings so far: document numbers, weights and encoded values."""

    __slots__ = ("docnums", "values", "weights")

    def __init__(self) -> None:
        self.docnums = array("I")
        self.weights = array("d")
        self.values: list[bytes] = []


class _TokenPostings:
    """A token-list field's postings: per token its document numbers and (``counts``) its
    in-document counts (the weights; without them every weight is 1).

    A full build holds millions of these postings in memory, so they are compact arrays,
    and a document's postings are appended by C-level ``map`` calls, not a Python loop (that
    loop was a fifth of a worker's time).
    """

    __slots__ = ("chars", "counts", "docnums", "pairs")

    def __init__(self, counts: bool) -> None:
        self.docnums: defaultdict[str, array] = defaultdict(partial(array, "I"))
        # counts as whole numbers: no float conversion when they are written
        self.counts = defaultdict(partial(array, "I")) if counts else None
        # n-grams given as ``GramCodes``: by code point, and by pair code
        self.chars: defaultdict[int, array] = defaultdict(partial(array, "I"))
        self.pairs: defaultdict[int, array] = defaultdict(partial(array, "I"))

    def add_codes(self, grams: GramCodes, docnum: int) -> int:
        """Record one document's n-grams (a field without counts); returns their number."""
        if self.counts is not None or self.docnums:
            raise TypeError("n-gram codes go to a field without counts, and only there")
        _drain(map(array.append, map(self.chars.__getitem__, grams.chars), repeat(docnum)))
        _drain(map(array.append, map(self.pairs.__getitem__, grams.pairs), repeat(docnum)))
        return len(grams.chars) + len(grams.pairs)

    def lists(self) -> tuple[list[str], list[array]]:
        """The tokens in order, and each one's document numbers."""
        if self.chars or self.pairs:
            if self.docnums:
                raise TypeError("a field took both n-gram codes and tokens")
            keys = [*map(chr, self.chars), *pair_texts(self.pairs)]
            values = [*self.chars.values(), *self.pairs.values()]
        else:
            keys, values = list(self.docnums), list(self.docnums.values())
        # no token twice: sorting the positions by token never compares the arrays
        order = sorted(range(len(keys)), key=keys.__getitem__)
        return list(map(keys.__getitem__, order)), list(map(values.__getitem__, order))

    def add(self, tokens: list[str] | set[str], docnum: int) -> int:
        """Record one document's tokens; returns the field length Whoosh would count."""
        if self.chars or self.pairs:
            raise TypeError("a field took both n-gram codes and tokens")
        if self.counts is None:  # as Whoosh counts them: one per distinct token
            unique = tokens if isinstance(tokens, set) else set(tokens)
            # array.append as a plain function: no method look-up per posting (a third of
            # the time methodcaller("append", docnum) took)
            _drain(map(array.append, map(self.docnums.__getitem__, unique), repeat(docnum)))
            return len(unique)
        counts = Counter(tokens)
        _drain(map(array.append, map(self.docnums.__getitem__, counts), repeat(docnum)))
        _drain(map(array.append, map(self.counts.__getitem__, counts), counts.values()))
        return len(tokens)


def _drain(iterator: Any) -> None:
    deque(iterator, maxlen=0)


class BulkSegmentWriter(SegmentWriter):
    """``ix.writer()``'s replacement for writing many new documents into one new segment."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self._terms: dict[str, dict[Any, _Postings]] = {}
        self._tokens: dict[str, _TokenPostings] = {}

    def add_document(self, **fields: Any) -> None:
        self._check_state()
        names = sorted(fields)
        if any(name.startswith("_") for name in names):
            raise TypeError("BulkSegmentWriter takes no boosts or custom stored values")
        self._check_fields(self.schema, names)
        perdoc, docnum = self.perdocwriter, self.docnum
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is not None:
                    self._add_field(name, self.schema[name], value, docnum)
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _add_field(self, name: str, field: FieldType, value: Any, docnum: int) -> None:
        if field.vector or field.separate_spelling():
            raise TypeError(f"BulkSegmentWriter does not write vectors or spelling ({name})")
        length = 0
        if field.indexed:
            if isinstance(field, TokenListField):
                tokens = self._tokens.get(name)
                if tokens is None:
                    tokens = self._tokens[name] = _TokenPostings(field.counts)
                if isinstance(value, GramCodes):
                    count = tokens.add_codes(value, docnum)
                else:
                    count = tokens.add(value.split() if isinstance(value, str) else value, docnum)
                length = count if field.scorable else 0
            else:
                terms = self._terms.setdefault(name, {})
                length = _add_postings(terms, field, value, docnum)
        self.perdocwriter.add_field(name, field, value if field.stored else None, length)
        if field.column_type:
            column_value = field.to_column_value(value)
            self.perdocwriter.add_column_value(name, field.column_type, column_value)

    def add_reader(self, reader: Any) -> None:
        raise TypeError("BulkSegmentWriter only adds new documents; merge with ix.writer()")

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        tindex = self.fieldwriter._tindex
        tindex._write_hashes = partial(_write_dense_hashes, tindex)
        try:
            for name in sorted({*self._terms, *self._tokens}):
                if name in self._tokens:
                    self._write_tokens(name, self._tokens.pop(name), lengths)
                else:
                    self._write_field(name, self._terms.pop(name), lengths)
        finally:
            self.fieldwriter.close()
            if lengths is not None:
                lengths.close()

    def _doc_lengths(self, name: str, lengths: PerDocumentReader | None) -> list[int] | None:
        """Each document's length of the field, by document number (a new segment's are
        numbered from 0); None for a field that keeps no lengths (nothing to look up)."""
        if lengths is None or not self.schema[name].scorable:
            return None
        return [lengths.doc_field_length(d, name) for d in range(self.docnum)]

    def _write_field(
        self, name: str, terms: dict[Any, _Postings], lengths: PerDocumentReader | None
    ) -> None:
        writer: FieldWriter = self.fieldwriter
        doc_lengths = self._doc_lengths(name, lengths)
        writer.start_field(name, self.schema[name])
        for key in sorted(terms):
            postings = terms[key]
            writer.start_term(key)
            weights = array("f", postings.weights)
            _write_posting_list(writer, postings.docnums, weights, postings.values, doc_lengths)
            writer.finish_term()
        writer.finish_field()

    def _write_tokens(
        self, name: str, tokens: _TokenPostings, lengths: PerDocumentReader | None
    ) -> None:
        writer: FieldWriter = self.fieldwriter
        doc_lengths = self._doc_lengths(name, lengths)
        counts = tokens.counts
        writer.start_field(name, self.schema[name])
        # lists the codec keeps in the term index: no block is ever written for them
        blocklimit = writer._postwriter._blocklimit
        inline = min(INLINE_LIMIT, blocklimit + 1)
        field_key = pack_ushort(writer._fieldid)
        lists = _PostingLists(writer, self.schema[name].format.fixed_value_size())
        # a field of bare postings (no counts, no lengths: the n-gram fields, most of all
        # postings) has the same statistics for every list but the ids
        bare = counts is None and doc_lengths is None and lists.fixedsize == 0
        keys, docnum_lists = tokens.lists()
        # code-point order is UTF-8 byte order
        terms = list(map(add, repeat(field_key), map(str.encode, keys)))
        if bare:
            lists.add_many(terms, _bare_entries(lists, docnum_lists, inline))
        else:
            for key, term, docnums in zip(keys, terms, docnum_lists, strict=True):
                weights = counts[key] if counts is not None else _ONES * len(docnums)
                if len(docnums) < inline:
                    lists.add(term, _inline_entry(docnums, weights, doc_lengths))
                else:
                    lists.posting_list(term, docnums, weights, doc_lengths)
        lists.flush()
        writer.finish_field()


_ONES = array("f", [1.0])
_TERM_INFO = W3TermInfo._struct.pack


def _inline_entry(docnums: array, weights: array, doc_lengths: list[int] | None) -> bytes:
    """A short posting list's term-index entry, as the codec's ``finish_postings`` and
    ``W3TermInfo.to_bytes`` make it (statistics, then the postings pickled inline) without
    their per-term objects: most n-gram terms of a segment have only a few documents, and
    the per-term route was a third of finishing a segment. Compared with Whoosh's own
    writer in ``tests/search/test_segment_writer.py``."""
    min_length, max_length = _lengths(docnums, doc_lengths)
    count = len(docnums)
    if weights.count(1.0) == count:
        kept: tuple | None = None
    elif weights.typecode == "I":  # counts
        kept = tuple(weights)
    elif all(w.is_integer() for w in weights):
        kept = tuple(map(int, weights))
    else:
        kept = tuple(weights)
    head = _TERM_INFO(
        1,
        sum(weights),
        count,
        0 if min_length is None else length_to_byte(min_length),
        length_to_byte(max_length),
        max(0, max(weights)),
        docnums[0],
        docnums[-1],
    )
    return head + dumps((tuple(docnums), kept, (None,) * count), 2)


def _bare_entries(lists: _PostingLists, docnum_lists: list[array], inline: int) -> list[bytes]:
    """The term-index entries of bare posting lists (``_bare_inline_entry`` of the short
    ones, made together by C-level ``map`` calls; ``bare_list`` writes the others), in order.

    Half of a segment's terms are such short n-gram lists, and a Python call per term to
    pack and pickle each was a tenth of finishing a segment."""
    counts = list(map(len, docnum_lists))
    short = list(map(lt, counts, repeat(inline)))
    entries = iter(_bare_inline_entries(list(compress(docnum_lists, short))))
    written = map(lists.bare_list, compress(docnum_lists, map(not_, short)))
    return [next(entries) if is_short else next(written) for is_short in short]


def _bare_inline_entries(docnum_lists: list[array]) -> Iterator[bytes]:
    """``_bare_inline_entry`` of each list."""
    counts = list(map(len, docnum_lists))
    heads = map(
        _TERM_INFO,
        repeat(1),
        map(float, counts),
        counts,
        repeat(0),
        repeat(0),
        repeat(1.0),
        map(itemgetter(0), docnum_lists),
        map(itemgetter(-1), docnum_lists),
    )
    postings = zip(map(tuple, docnum_lists), repeat(None), map(mul, repeat((None,)), counts))
    return map(add, heads, map(dumps, postings, repeat(2)))


def _bare_inline_entry(docnums: array) -> bytes:
    """A short bare posting list's term-index entry: ``_inline_entry`` without counts or
    lengths (every weight 1)."""
    count = len(docnums)
    head = _TERM_INFO(1, float(count), count, 0, 0, 1.0, docnums[0], docnums[-1])
    return head + dumps((tuple(docnums), None, (None,) * count), 2)


def _lengths(docnums: array, doc_lengths: list[int] | None) -> tuple[int | None, int]:
    """The smallest and largest non-zero field length of the documents (None, 0: none)."""
    if doc_lengths is None:
        return None, 0
    # map/filter in C: a comprehension here was a Python step per word posting
    lengths = list(map(doc_lengths.__getitem__, docnums))
    top = max(lengths)
    if not top:
        return None, 0
    return (min(filter(None, lengths)) if 0 in lengths else min(lengths)), top


class _PostingLists:
    """A field's posting lists and their term-index entries, gathered and written in one go.

    A list is written as the codec's postings writer writes it (``_PostingsWriter.
    _write_block`` for each block of ``blocklimit`` postings, the last one marked, then
    ``finish_postings``'s extent, its statistics summed block by block as
    ``W3TermInfo.add_block`` sums them) and a term-index entry is added as
    ``OrderedHashWriter.add`` adds it (lengths, key, value; the key's MD5 hash and position
    remembered for the hash tables and the ordered index), without the per-term and
    per-block writer objects and file calls: that route was a third of finishing a segment.
    Compared with Whoosh's own writer in ``tests/search/test_segment_writer.py`` (also with
    3-posting blocks, so that long lists cross many block borders)."""

    def __init__(self, writer: FieldWriter, fixedsize: int | None) -> None:
        self.postfile = writer._postfile
        self.tindex: filetables.OrderedHashWriter = writer._tindex
        self.compression = writer._postwriter._compression
        self.blocklimit = writer._postwriter._blocklimit
        self.fixedsize = fixedsize
        self.keys: list[bytes] = []
        self.values: list[bytes] = []
        self.posts: list[bytes] = []
        self.offset: int | None = None  # where the next gathered posting list starts

    def add(self, key: bytes, value: bytes) -> None:
        self.keys.append(key)
        self.values.append(value)

    def posting_list(
        self, key: bytes, docnums: array, weights: array, doc_lengths: list[int] | None
    ) -> None:
        size = self.blocklimit
        count = len(docnums)
        if count <= size:  # one block (most lists): its statistics are the list's
            self._one_block_list(key, docnums, weights, doc_lengths)
            return
        parts = [MAGIC]
        total = 0.0
        top_weight = 0.0
        for start in range(0, count, size):
            ids = docnums[start : start + size]
            block_weights = weights[start : start + size]
            max_weight = float(max(0, max(block_weights)))
            stats = (max_weight, *_lengths(ids, doc_lengths))
            data = encode_block(ids, block_weights, [], self.fixedsize)
            parts.append(block_bytes(data, ids, self.compression, stats, start + size >= count))
            total += sum(block_weights)
            top_weight = max(top_weight, max_weight)
        min_length, max_length = _lengths(docnums, doc_lengths)
        head = _TERM_INFO(
            0,
            total,
            count,
            0 if min_length is None else length_to_byte(min_length),
            length_to_byte(max_length),
            top_weight,
            docnums[0],
            docnums[-1],
        )
        self._append(key, head, parts)

    def _one_block_list(
        self, key: bytes, docnums: array, weights: array, doc_lengths: list[int] | None
    ) -> None:
        """``posting_list`` of a list that fits one block."""
        top_weight = float(max(0, max(weights)))
        min_length, max_length = lengths = _lengths(docnums, doc_lengths)
        data = encode_block(docnums, weights, [], self.fixedsize)
        block = block_bytes(data, docnums, self.compression, (top_weight, *lengths), True)
        head = _TERM_INFO(
            0,
            0.0 + sum(weights),
            len(docnums),
            0 if min_length is None else length_to_byte(min_length),
            length_to_byte(max_length),
            max(0.0, top_weight),
            docnums[0],
            docnums[-1],
        )
        self._append(key, head, [MAGIC, block])

    def bare_list(self, docnums: array) -> bytes:
        """``posting_list`` without counts, values or lengths (a block is nothing but its
        ids' deltas: ``encode_block``'s layout, its weights and values sections empty);
        returns the list's term-index entry, for the caller to add in term order."""
        size = self.blocklimit
        count = len(docnums)
        if count <= size:  # one block (most lists): no slicing
            parts = [MAGIC, _bare_block(docnums, self.compression, True)]
        else:
            parts = [MAGIC]
            for start in range(0, count, size):
                ids = docnums[start : start + size]
                parts.append(_bare_block(ids, self.compression, start + size >= count))
        head = _TERM_INFO(0, float(count), count, 0, 0, 1.0, docnums[0], docnums[-1])
        return self._entry(head, parts)

    def _append(self, key: bytes, head: bytes, parts: list[bytes]) -> None:
        self.add(key, self._entry(head, parts))

    def _entry(self, head: bytes, parts: list[bytes]) -> bytes:
        """Gather a list's posting bytes; its term-index entry (statistics and extent)."""
        if self.offset is None:
            self.offset = self.postfile.tell()
        postings = b"".join(parts)
        self.posts.append(postings)
        entry = head + _EXTENT(self.offset, len(postings))
        self.offset += len(postings)
        return entry

    def add_many(self, keys: list[bytes], values: list[bytes]) -> None:
        self.keys += keys
        self.values += values

    def flush(self) -> None:
        if self.posts:
            self.postfile.write(b"".join(self.posts))
            self.posts.clear()
        self.offset = None
        if self.keys:
            _add_terms(self.tindex, self.keys, self.values)
            self.keys.clear()
            self.values.clear()


_ENTRY_LENGTHS = filetables._lengths.pack
_EXTENT = Struct("!qi").pack  # W3TermInfo.to_bytes: pack_long(offset) + pack_int(length)
# encode_block's header of a block of bare postings, by the width of its id deltas
_BARE_HEADS = {code: code.encode() + bytes([_NO_WEIGHTS, _NO_VALUES]) for code in "BHI"}


def _bare_block(ids: array, compression: int, last: bool) -> bytes:
    """``block_bytes`` of a block of bare postings: its data is the ids' deltas only, and
    its statistics are those of every such block (max weight 1, no lengths)."""
    code, deltas = delta_bytes(ids)
    data = _BARE_HEADS[code] + deltas
    if compression and len(data) >= COMPRESS_FROM:
        data = deflate(data, compression)
    else:
        compression = 0
    info = dumps(
        (len(ids), ids[-1], 1.0, compression, 0, 0), 2
    )  # lengths: length_to_byte(None), (0)
    size = len(info) + len(data)
    return pack_int(-size if last else size) + info + data


def pair_texts(codes: Iterable[int]) -> list[str]:
    """``pair_text`` of each code, in order, by one decoding and one C-level split (a
    Python call per pair was ~100,000 calls a segment)."""
    text = array("Q", codes).tobytes().decode(_UTF32, "surrogatepass")
    return _PAIRS.findall(text)


_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"
_PAIRS = re.compile("..", re.DOTALL)


def _add_terms(tindex: filetables.OrderedHashWriter, keys: list, values: list) -> None:
    """``tindex.add(key, value)`` for each pair (keys increasing), in one write, with the
    lengths, positions and hashes made by C-level ``map`` calls."""
    if keys[0] <= tindex.lastkey:
        raise ValueError(f"keys must increase: {tindex.lastkey!r}..{keys[0]!r}")
    dbfile = tindex.dbfile
    key_sizes = list(map(len, keys))
    value_sizes = list(map(len, values))
    # each entry: its two lengths (8 bytes), the key, the value
    sizes = map(add, map(add, key_sizes, value_sizes), repeat(8))
    positions = list(accumulate(sizes, initial=dbfile.tell()))
    positions.pop()  # the end of the last entry
    heads = map(_ENTRY_LENGTHS, key_sizes, value_sizes)
    dbfile.write(b"".join(chain.from_iterable(zip(heads, keys, values, strict=True))))
    _extend_positions(tindex.index, positions)
    hashes = map(_md5_hash if tindex.hashfn is filetables.md5_hash else tindex.hashfn, keys)
    buckets = tindex.buckets
    for h, at in zip(hashes, positions, strict=True):
        buckets[h & 255].append((h, at))
    tindex.lastkey = keys[-1]


def _extend_positions(index: GrowableArray, positions: list[int]) -> None:
    """``index.extend(positions)`` (increasing positions) in one C call: Whoosh's
    ``GrowableArray.extend`` makes a Python call per term to widen the array when needed."""
    try:
        array(index.array.typecode, positions[-1:])
    except OverflowError:
        index._retype(positions[-1])
    index.array.extend(positions)


_POINTER = filetables._pointer.pack
_EMPTY = (0, 0)


def _write_dense_hashes(tindex: filetables.HashWriter) -> None:
    """``HashWriter._write_hashes`` with a fuller table: 5 slots for every 4 keys of a
    bucket instead of 2 for every one.

    The 256 tables of 12-byte slots were over a quarter of the term table (a quarter of
    the index): this saves 9 bytes a term. Whoosh's reader takes any slot count from the
    directory and probes, from the key's slot on, until it meets the key or an empty slot
    (there always is one); an absent term costs a few more probes (~13 at this fill, each
    a read from the mapped file). Found and absent terms are checked through Whoosh's
    public reader in ``tests/search/test_segment_writer.py``."""
    dbfile = tindex.dbfile
    for entries in tindex.buckets:
        start = dbfile.tell()
        slots = len(entries) + len(entries) // 4 + 1 if entries else 0
        tindex.directory.append((start, slots))
        table = [_EMPTY] * slots
        for entry in entries:
            slot = (entry[0] >> 8) % slots
            while table[slot] is not _EMPTY:
                slot = (slot + 1) % slots
            table[slot] = entry
        dbfile.write(b"".join(_POINTER(h, at) for h, at in table))


def _md5_hash(key: bytes) -> int:
    """``filetables.md5_hash``: the digest's low 32 bits (without a hex round trip)."""
    return int.from_bytes(md5(key, usedforsecurity=False).digest()[-4:], "big")


def _add_postings(terms: dict[Any, _Postings], field: FieldType, value: Any, docnum: int) -> int:
    """Record any other field's postings through its own ``index()``, as Whoosh does."""
    length = 0
    for tbytes, freq, weight, vbytes in _index(field, value):
        postings = terms.get(tbytes)
        if postings is None:
            postings = terms[tbytes] = _Postings()
        postings.docnums.append(docnum)
        postings.weights.append(weight)
        postings.values.append(vbytes)
        if field.scorable:
            length += freq
    return length


def _index(field: FieldType, value: Any) -> Iterable[tuple[bytes, int, float, bytes]]:
    """``field.index(value)``; for an ID field (the whole value one term, of no frequency)
    its one posting without the analyser's token objects and generators, which were most
    of adding the five small fields of a document."""
    if (
        isinstance(value, str)
        and type(field.analyzer) is IDTokenizer
        and type(field.format) is Existence
    ):
        return ((value.encode("utf-8"), 1, field.format.field_boost, b""),)
    return field.index(value)


def _write_posting_list(
    writer: FieldWriter,
    docnums: array,
    weights: array,
    values: list[bytes] | tuple,
    doc_lengths: list[int] | None,
) -> None:
    """Fill the codec's posting blocks a block at a time (what ``add_posting`` does one
    posting at a time); the last block stays buffered for ``finish_term`` to write."""
    postings = writer._postwriter
    size = postings._blocklimit
    for start in range(0, len(docnums), size):
        block = slice(start, start + size)
        postings._ids = docnums[block]
        postings._weights = weights[block]
        postings._values = [v for v in values[block] if v]
        postings._maxweight = max(0, max(postings._weights))
        postings._minlength, postings._maxlength = _lengths(postings._ids, doc_lengths)
        if start + size < len(docnums):
            postings._write_block()


def write_segment(folder: str, part: int, docs: list[StoryDoc]) -> tuple[Any, list[str]]:
    """Worker-process entry point: analyse ``docs`` and write them as one finished segment.

    It is written in a private sub-folder (a commit deletes every file of the index folder
    that its table of contents does not name, so a segment still being written must not
    live there), and returned with its file names for the parent to move in and add to the
    table of contents — what Whoosh's own multi-segment writer does, minus fork and the
    documents passed through temp files. (It lives here, not in ``whoosh_engine``: a
    worker imports the module of its task, and that one brings the search and layout
    modules a build worker never uses.)
    """
    work = Path(f"{folder}.part-{part}")  # beside the index: a killed build's is stray too
    work.mkdir()
    ix = whoosh_index.create_in(str(work), build_schema())
    writer = BulkSegmentWriter(ix, codec=ReaderCodec())
    for doc in docs:
        writer.add_document(**analyze(doc))
    segment = writer._finalize_segment()
    writer._finish()  # release the sub-folder's lock and temp files (no commit there)
    files = [p.name for p in work.iterdir() if p.name.startswith(segment.segment_id())]
    if not files:
        raise RuntimeError(f"segment {segment.segment_id()} wrote no files in {work}")
    return segment, files


def prepare_worker() -> None:
    """A build worker's first task, given while the parent still makes the documents: load
    what analysing and writing need (this module, jieba and its route table)."""
    warm_up()
