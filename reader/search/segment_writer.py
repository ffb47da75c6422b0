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

from array import array
from collections import Counter
from typing import Any

from whoosh.codec.base import FieldWriter, PerDocumentReader
from whoosh.fields import FieldType
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

from reader.search.schema import TokenListField


class _Postings:
    """One term's postings so far: document numbers, weights and encoded values."""

    __slots__ = ("docnums", "values", "weights")

    def __init__(self) -> None:
        self.docnums = array("I")
        self.weights = array("d")
        self.values: list[bytes] = []


class _Counts:
    """One token-list term's postings: document numbers and in-document counts.

    Weight (the count) and value (the packed count) follow from the count, so only two
    compact arrays are kept: a full build holds millions of these postings in memory.
    """

    __slots__ = ("counts", "docnums")

    def __init__(self) -> None:
        self.docnums = array("I")
        self.counts = array("I")


class BulkSegmentWriter(SegmentWriter):
    """``ix.writer()``'s replacement for writing many new documents into one new segment."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self._terms: dict[str, dict[Any, _Postings | _Counts]] = {}

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
            terms = self._terms.setdefault(name, {})
            if isinstance(field, TokenListField):
                length = _add_counts(terms, field, value, docnum)
            else:
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
        try:
            for name in sorted(self._terms):
                self._write_field(name, self._terms.pop(name), lengths)
        finally:
            self.fieldwriter.close()
            if lengths is not None:
                lengths.close()

    def _write_field(
        self, name: str, terms: dict[Any, _Postings | _Counts], lengths: PerDocumentReader | None
    ) -> None:
        field: FieldType = self.schema[name]
        writer: FieldWriter = self.fieldwriter
        # indexed by document number (a new segment's documents are numbered from 0); a field
        # that is not scorable keeps no lengths, so there is nothing to look up
        if lengths is None or not field.scorable:
            doc_lengths = [0] * self.docnum
        else:
            doc_lengths = [lengths.doc_field_length(d, name) for d in range(self.docnum)]
        writer.start_field(name, field)
        for key in sorted(terms):  # str keys: code-point order is UTF-8 byte order
            postings = terms[key]
            writer.start_term(key.encode("utf-8") if isinstance(key, str) else key)
            if isinstance(postings, _Counts):
                weights = array("f", postings.counts)
                values = [pack_uint(count) for count in postings.counts]
            else:
                weights, values = array("f", postings.weights), postings.values
            _write_posting_list(writer, postings.docnums, weights, values, doc_lengths)
            writer.finish_term()
        writer.finish_field()


def _add_counts(
    terms: dict[Any, _Postings | _Counts], field: TokenListField, value: Any, docnum: int
) -> int:
    """Record a token-list field's counts; returns its length (0 when not scorable)."""
    counts = Counter(value.split() if isinstance(value, str) else value)
    for token, count in counts.items():
        postings = terms.get(token)
        if postings is None:
            postings = terms[token] = _Counts()
        postings.docnums.append(docnum)
        postings.counts.append(count)
    return sum(counts.values()) if field.scorable else 0


def _add_postings(
    terms: dict[Any, _Postings | _Counts], field: FieldType, value: Any, docnum: int
) -> int:
    """Record any other field's postings through its own ``index()``, as Whoosh does."""
    length = 0
    for tbytes, freq, weight, vbytes in field.index(value):
        postings = terms.get(tbytes)
        if postings is None:
            postings = terms[tbytes] = _Postings()
        postings.docnums.append(docnum)
        postings.weights.append(weight)
        postings.values.append(vbytes)
        if field.scorable:
            length += freq
    return length


def _write_posting_list(
    writer: FieldWriter,
    docnums: array,
    weights: array,
    values: list[bytes],
    doc_lengths: list[int],
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
        nonzero = [n for n in (doc_lengths[d] for d in postings._ids) if n]
        postings._minlength = min(nonzero) if nonzero else None
        postings._maxlength = max(nonzero) if nonzero else 0
        if start + size < len(docnums):
            postings._write_block()
