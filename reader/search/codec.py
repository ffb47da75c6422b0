"""Whoosh's W3 codec with three changes: compact posting blocks, a remembered absent column,
and segment files read where they are mapped.

**Posting blocks.** W3 pickles each block of 128 postings as a tuple of Python ints (the
delta-coded document numbers), a tuple of floats (the weights, 9 pickled bytes each) and a
tuple of value strings. Our postings are document numbers and small integer counts (or
nothing but document numbers, for the n-gram fields), so a block here is written as raw
machine arrays of the narrowest width that holds them: deltas as bytes when every gap is
below 256 (most n-gram lists), counts as bytes or shorts. The whole block is zlib-compressed
as W3 does, and the block-info tuple, skipping and statistics are W3's own. Reading decodes
with ``array.frombytes`` and ``itertools.accumulate`` (C speed) instead of unpickling and a
Python delta loop. Segments remember the codec that wrote them; the first 4 bytes of every
posting list (``RDb1``) say it is this layout. ``tests/search/test_private_reads.py``
compares every read with Whoosh's public matchers.

**Length columns.** Whoosh looks up each posting's document field length while writing. For
fields that keep no lengths (our non-scorable n-gram fields, most of all postings) its
per-document reader re-checks on every posting whether the column file exists, because it
caches found columns only (34,552 such checks for the 50 sample stories, ~20 % of writing).

**Mapped files.** A compound segment is one memory-mapped file; Whoosh opens each of its
files as a ``BufferFile``, whose ``BytesIO`` copies the whole range, so every reader opened
(each search after a commit, each update's deletions) first copied the term tables, posting
lists and text columns of every segment. ``open_mapped`` reads them in place.
"""

from __future__ import annotations

import sys
import zlib
from array import array
from itertools import accumulate, islice, repeat
from operator import sub
from pickle import dumps, loads

from whoosh.codec.whoosh3 import (
    W3Codec,
    W3LeafMatcher,
    W3PerDocReader,
    W3PostingsWriter,
    W3TermsReader,
)
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import OverlayStorage
from whoosh.filedb.structfile import BufferFile
from whoosh.system import _INT_SIZE, pack_int, unpack_int
from whoosh.util.numeric import length_to_byte

MAGIC = b"RDb1"
INLINE_LIMIT = 8  # posting lists shorter than this live in the term index
COMPRESS_FROM = 96  # bytes of block data (shorter ones shrank by 3 %, for a zlib call each)
_ONE = 1.0
# block data: one header byte each for ids / weights / values, then the sections
_NO_WEIGHTS, _SAME_WEIGHT, _INT_WEIGHTS_B, _INT_WEIGHTS_H, _FLOAT_WEIGHTS = range(5)
_NO_VALUES, _FIXED_VALUES, _PICKLED_VALUES = range(3)


def _narrowest(numbers: array | list[int]) -> str:
    top = max(numbers) if len(numbers) else 0
    if top < 0x100:
        return "B"
    if top < 0x10000:
        return "H"
    return "I"


def delta_bytes(ids: array) -> tuple[str, bytes]:
    """The gaps between increasing document numbers (the first one's from 0) as the
    narrowest machine array that holds them: its type code and bytes.

    The array's bytes are read as one big number, and the number of the array shifted by
    one place subtracted from it: each 32-bit place then holds its gap (no place borrows:
    every gap is positive). The narrow forms are every 4th byte, or every other 16-bit
    half, when the bytes above are all zero. A few C calls per block instead of a Python
    subtraction, comparison and conversion per posting (2.3x faster on lists of 1-128;
    below 4 postings the per-posting way is faster)."""
    if len(ids) < 4 or ids.itemsize != 4 or sys.byteorder != "little":
        deltas = array("I", ids[:1])
        deltas.extend(map(sub, ids[1:], ids[:-1]))
        code = _narrowest(deltas)
        return code, array(code, deltas).tobytes()
    raw = ids.tobytes()
    shifted = int.from_bytes(b"\0\0\0\0" + raw[:-4], "little")
    gaps = (int.from_bytes(raw, "little") - shifted).to_bytes(len(raw), "little")
    if not (gaps[1::4] + gaps[2::4] + gaps[3::4]).strip(b"\0"):
        return "B", gaps[::4]
    if not (gaps[2::4] + gaps[3::4]).strip(b"\0"):
        return "H", memoryview(gaps).cast("H")[::2].tobytes()
    return "I", gaps


def _weights(weights: array | list[float], count: int) -> tuple[bytes, bytes]:
    """A block's weights section: its header byte and its bytes."""
    if not isinstance(weights, array) or weights.typecode != "f":
        weights = array("f", weights)
    first = weights[0]
    if weights.count(first) == count:
        if first == _ONE:
            return bytes([_NO_WEIGHTS]), b""
        return bytes([_SAME_WEIGHT]), array("d", [first]).tobytes()
    small = min(weights) >= 0 and max(weights) < 0x10000
    whole = array("I", map(int, weights)) if small else None
    if whole is not None and array("f", whole) == weights:
        code = _narrowest(whole)
        kind = _INT_WEIGHTS_B if code == "B" else _INT_WEIGHTS_H
        return bytes([kind]), array(code, whole).tobytes()
    return bytes([_FLOAT_WEIGHTS]), weights.tobytes()


def _count_weights(counts: array) -> tuple[bytes, bytes]:
    """``_weights`` of whole-number weights (in-document counts), without the float round
    trip: the same header and bytes."""
    first = counts[0]
    if counts.count(first) == len(counts):
        if first == 1:
            return bytes([_NO_WEIGHTS]), b""
        return bytes([_SAME_WEIGHT]), array("d", [first]).tobytes()
    top = max(counts)
    if top < 0x100:
        return bytes([_INT_WEIGHTS_B]), array("B", counts).tobytes()
    if top < 0x10000:
        return bytes([_INT_WEIGHTS_H]), array("H", counts).tobytes()
    return bytes([_FLOAT_WEIGHTS]), array("f", counts).tobytes()


def encode_block(ids: array, weights: array, values: list[bytes], fixedsize: int | None) -> bytes:
    """One block's postings as bytes (before compression)."""
    count = len(ids)
    if not isinstance(ids, array) or ids.typecode != "I":
        ids = array("I", ids)
    id_code, id_bytes = delta_bytes(ids)
    if isinstance(weights, array) and weights.typecode == "I":  # counts: whole numbers
        weight_head, weight_bytes = _count_weights(weights)
    else:
        weight_head, weight_bytes = _weights(weights, count)
    if fixedsize == 0:
        value_head, value_bytes = bytes([_NO_VALUES]), b""
    elif fixedsize is not None and fixedsize > 0:
        value_head, value_bytes = bytes([_FIXED_VALUES]), b"".join(values)
    else:
        value_head, value_bytes = bytes([_PICKLED_VALUES]), dumps(tuple(values), 2)
    head = id_code.encode() + weight_head + value_head
    return head + id_bytes + weight_bytes + value_bytes


def write_block(
    postfile, data: bytes, ids: array, compression: int, stats: tuple, last: bool
) -> None:
    """One posting block, written (``block_bytes``)."""
    postfile.write(block_bytes(data, ids, compression, stats, last))


def block_bytes(data: bytes, ids: array, compression: int, stats: tuple, last: bool) -> bytes:
    """One posting block as W3 lays it out: its size (negative for a list's last block),
    its info (count, last id, max weight, compression, min and max length) and its data.
    A short block gains (almost) nothing from zlib but its cost; the info says whether the
    data is compressed."""
    max_weight, min_length, max_length = stats
    compression = compression if len(data) >= COMPRESS_FROM else 0
    if compression:
        data = deflate(data, compression)
    info = dumps(
        (
            len(ids),
            ids[-1],
            max_weight,
            compression,
            length_to_byte(min_length),
            length_to_byte(max_length),
        ),
        2,
    )
    size = len(info) + len(data)
    return pack_int(-size if last else size) + info + data


def deflate(data: bytes, level: int) -> bytes:
    """``zlib.compress(data, level)`` with a 1 KB window (a block's data is about that at
    most) and a small hash table: ``zlib.compress`` sets up a 32 KB window and 256 KB of
    state per call, and for blocks of a few hundred bytes that set-up was nearly all of the
    time (61 µs a block against 10 µs, at the same size). Matches are looked for only at
    distance 1 (``Z_RLE``): the data are small deltas and counts, whose gain is in the
    Huffman codes and in runs; 1 % smaller and 15 % faster than the full search on the
    blocks of 300 generated pages. Any zlib stream reads back with ``zlib.decompress``,
    whatever its window or strategy."""
    packer = zlib.compressobj(level, zlib.DEFLATED, _WINDOW_BITS, _MEMORY_LEVEL, zlib.Z_RLE)
    return packer.compress(data) + packer.flush()


_WINDOW_BITS = 10
_MEMORY_LEVEL = 2


def decode_block(data: bytes, count: int, fixedsize: int | None) -> tuple:
    """``encode_block``'s bytes back as (ids, weights, values); weights None means all 1.0."""
    id_code, weight_kind, value_kind = chr(data[0]), data[1], data[2]
    pos = 3
    deltas = array(id_code)
    end = pos + count * deltas.itemsize
    deltas.frombytes(data[pos:end])
    ids = tuple(accumulate(deltas))
    pos = end
    weights: object
    if weight_kind == _NO_WEIGHTS:
        weights = None
    elif weight_kind == _SAME_WEIGHT:
        weights = array("d", data[pos : pos + 8])[0]
        pos += 8
    else:
        code = {_INT_WEIGHTS_B: "B", _INT_WEIGHTS_H: "H", _FLOAT_WEIGHTS: "f"}[weight_kind]
        weights = array(code)
        end = pos + count * weights.itemsize
        weights.frombytes(data[pos:end])
        if code != "f":
            weights = array("f", weights)
        pos = end
    if value_kind == _NO_VALUES:
        values = None if not fixedsize else b""
    elif value_kind == _FIXED_VALUES:
        values = data[pos:]
    else:
        values = loads(data[pos:])
    return ids, weights, values


_WEIGHT_CODES = {_INT_WEIGHTS_B: "B", _INT_WEIGHTS_H: "H", _FLOAT_WEIGHTS: "f"}


def read_postings(
    buf: memoryview, offset: int, base: int, ids: list[int], weights: list[float] | None
) -> None:
    """A whole posting list written by ``_PostingsWriter``, straight from the mapped
    segment: its document numbers + ``base`` appended to ``ids``, and (unless None) its
    weights, equal to what W3's matcher gives, to ``weights`` (counts as ints).

    W3's matcher reads each block's info with ``pickle.load`` over the file object (about
    20 small ``read`` calls a block) and builds a tuple of ids a block; reading a common
    character's lists that way was a third of its search. Here each block is one slice:
    its info unpickled from bytes, its data decoded straight onto Python lists (an
    ``array`` fed from an iterator, or converted to floats, was 4-10 times slower).
    ``tests/search/test_private_reads.py`` compares every list with Whoosh's public
    matchers."""
    if bytes(buf[offset : offset + 4]) != MAGIC:
        raise ValueError(f"posting list tag error {bytes(buf[offset : offset + 4])!r}")
    pos = offset + 4
    while True:  # as W3's matcher: a negative block size marks the last block
        size = unpack_int(buf[pos : pos + _INT_SIZE])[0]
        pos += _INT_SIZE
        chunk = bytes(buf[pos : pos + abs(size)])
        pos += abs(size)
        info = loads(chunk)
        count = info[0]
        # the data follows the pickled info, which ``block_bytes`` wrote as dumps(info, 2)
        data = chunk[len(dumps(info, 2)) :]
        if info[3]:
            data = zlib.decompress(data)
        deltas = array(chr(data[0]))
        stop = 3 + count * deltas.itemsize
        deltas.frombytes(data[3:stop])
        ids.extend(islice(accumulate(deltas, initial=base), 1, None))
        if weights is not None:
            _extend_weights(weights, data, stop, count)
        if size < 0:
            break


def _extend_weights(weights: list[float], data: bytes, pos: int, count: int) -> None:
    """Add one block's weights (``encode_block``'s section at ``pos``) to ``weights``:
    1.0 each, one float32 value each, or the block's counts (ints, equal to the floats
    W3 gives) or float32 values."""
    kind = data[1]
    if kind == _NO_WEIGHTS:
        weights.extend(repeat(_ONE, count))
    elif kind == _SAME_WEIGHT:
        weights.extend(repeat(array("f", array("d", data[pos : pos + 8]))[0], count))
    else:
        block = array(_WEIGHT_CODES[kind])
        block.frombytes(data[pos : pos + count * block.itemsize])
        weights.extend(block)


class _PostingsWriter(W3PostingsWriter):
    """W3's postings writer with ``encode_block``'s layout for each block's data, and
    short posting lists kept inside the term's entry (W3 means to, but calls a method its
    term info does not have, so it is off there): no block, no compression, no seek."""

    def finish_postings(self) -> object:
        terminfo = self._terminfo
        if self.written() or len(self) >= INLINE_LIMIT:
            return super().finish_postings()
        terminfo.add_block(self)
        weights = self._weights
        # as W3's matcher gives them: all 1.0 (None), else the weights; counts as ints
        if weights.count(_ONE) == len(weights):
            kept: tuple | None = None
        elif all(w.is_integer() for w in weights):
            kept = tuple(map(int, weights))
        else:
            kept = tuple(weights)
        # no value strings: None each, what W3's matcher gives (a ListMatcher without values: "")
        values = tuple(self._values) or (None,) * len(self._ids)
        terminfo._inlined = (tuple(self._ids), kept, values)
        self._terminfo = None
        return terminfo

    def _write_block(self, last: bool = False) -> None:
        if not self._blockcount:
            self._postfile.write(MAGIC)
        self._terminfo.add_block(self)
        ids = self._ids if isinstance(self._ids, array) else array("I", self._ids)
        write_block(
            self._postfile,
            encode_block(ids, self._weights, self._values, self._format.fixed_value_size()),
            ids,
            self._compression,
            (self._maxweight, self._minlength, self._maxlength),
            last,
        )
        self._blockcount += 1
        self._new_block()


class _LeafMatcher(W3LeafMatcher):
    """W3's on-disk matcher reading ``encode_block``'s layout."""

    def _read_header(self) -> None:
        self._postfile.seek(self._startoffset)
        magic = self._postfile.read(4)
        if magic != MAGIC:
            raise ValueError(f"posting list tag error {magic!r}")
        self._baseoffset = self._postfile.tell()

    def _read_data(self) -> None:
        data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        if self._compression:
            data = zlib.decompress(data)
        self._data = decode_block(bytes(data), self._blocklength, self._fixedsize)

    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        self._ids = self._data[0]

    def _read_weights(self) -> None:
        if self._data is None:
            self._read_data()
        weights = self._data[1]
        if weights is None:
            self._weights = array("f", [_ONE]) * self._blocklength
        elif isinstance(weights, float):
            self._weights = array("f", [weights]) * self._blocklength
        else:
            self._weights = weights


class _Cursor:
    """``read``/``seek``/``tell`` (and what ``pickle.load`` calls) over a memoryview."""

    __slots__ = ("buf", "pos")

    def __init__(self, buf: memoryview) -> None:
        self.buf = buf
        self.pos = 0

    def read(self, size: int | None = -1) -> bytes:
        start = self.pos
        end = len(self.buf) if size is None or size < 0 else min(len(self.buf), start + size)
        self.pos = end
        return bytes(self.buf[start:end])

    def readinto(self, target: bytearray | memoryview) -> int:
        data = self.read(len(target))
        target[: len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        rest = self.buf[self.pos :]
        at = bytes(rest[: size if size is not None and size >= 0 else len(rest)]).find(b"\n")
        return self.read(at + 1 if at >= 0 else size)

    def seek(self, position: int, whence: int = 0) -> int:
        base = (0, self.pos, len(self.buf))[whence]
        self.pos = base + position
        return self.pos

    def tell(self) -> int:
        return self.pos


class _ViewFile(BufferFile):
    """Whoosh's ``BufferFile`` over a compound segment's mapped file without its copy:
    ``BufferFile`` hands the memoryview to ``BytesIO``, which copies it, so every segment
    reader opened read its whole term table, postings and text columns into memory
    (~130 MB for a one-year archive) before answering: most of a one-page update, and of
    every first search after a commit.

    ``source`` and ``start``: the memory map and where this file begins in it, for
    ``source.find`` over a range (checking a candidate's text without copying it)."""

    def __init__(
        self, buf: memoryview, name: str | None = None, source: object = None, start: int = 0
    ) -> None:
        self._buf = buf
        self._name = name
        self.source = source
        self.start = start
        self.file = _Cursor(buf)
        self.onclose = None
        self.is_real = False
        self.is_closed = False


def open_mapped(storage: object, name: str) -> object:
    """``storage.open_file(name)``, as a view of the mapped compound file when the segment
    is one (its files are ranges of one memory map), else as Whoosh opens it.
    ``tests/search/test_segment_writer.py`` compares every read with Whoosh's W3 codec."""
    compound = storage.a if isinstance(storage, OverlayStorage) else storage
    if isinstance(compound, CompoundStorage) and compound.file_exists(name):
        source = getattr(compound, "_source", None)
        if source is not None:
            offset, length = compound.range(name)
            view = memoryview(source)[offset : offset + length]
            return _ViewFile(view, name=name, source=source, start=offset)
    return storage.open_file(name)


class _PerDocReader(W3PerDocReader):
    def _get_column_file(self, fieldname: str) -> tuple[object, int, int]:
        filename = W3Codec.column_filename(self._segment, fieldname)
        length = self._storage.file_length(filename)
        return open_mapped(self._storage, filename), 0, length

    def _cached_reader(self, fieldname: str, column: object) -> object | None:
        if fieldname not in self._readers:
            self._readers[fieldname] = super()._cached_reader(fieldname, column)
        return self._readers[fieldname]


class ReaderCodec(W3Codec):
    def per_document_reader(self, storage: object, segment: object) -> W3PerDocReader:
        return _PerDocReader(storage, segment)

    def terms_reader(self, storage: object, segment: object) -> W3TermsReader:
        terms = segment.make_filename(self.TERMS_EXT)
        return W3TermsReader(
            self,
            open_mapped(storage, terms),
            storage.file_length(terms),
            open_mapped(storage, segment.make_filename(self.POSTS_EXT)),
        )

    def postings_writer(self, dbfile: object, byteids: bool = False) -> W3PostingsWriter:
        if byteids:  # term vectors (not in our schema): W3's own layout
            return super().postings_writer(dbfile, byteids=True)
        return _PostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=False,
            compression=self._compression,
            inlinelimit=INLINE_LIMIT,
        )

    def postings_reader(
        self, dbfile: object, terminfo: object, format_: object, term=None, scorer=None
    ) -> object:
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return _LeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)
