"""Whoosh's W3 codec with one fix: remember that a length column is absent.

Whoosh looks up each posting's document field length while writing. For fields that keep
no lengths (our non-scorable n-gram fields, most of all postings) its per-document reader
re-checks on every posting whether the column file exists, because it caches found
columns only. Measured: 34,552 such checks for the 50 sample stories, ~20 % of writing.
Segments remember the codec that wrote them, so readers get the fix too.
"""

from __future__ import annotations

from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader


class _PerDocReader(W3PerDocReader):
    def _cached_reader(self, fieldname: str, column: object) -> object | None:
        if fieldname not in self._readers:
            self._readers[fieldname] = super()._cached_reader(fieldname, column)
        return self._readers[fieldname]


class ReaderCodec(W3Codec):
    def per_document_reader(self, storage: object, segment: object) -> W3PerDocReader:
        return _PerDocReader(storage, segment)
