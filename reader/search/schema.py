"""The Whoosh schema: one document per story.

Fields take *pre-computed token lists* (from worker processes, see ``documents``), so the
writer never runs jieba itself. Word postings keep each document's count as the posting's
weight (no positions, no separate value strings); n-gram postings keep nothing but the
document (``Existence``: they only decide matching, so counts would be dead weight in
about three quarters of all postings). Matching goes through the
character n-gram fields (exact-substring recall for anything a reader copies), ranking adds
the jieba word fields. Change ``SCHEMA_VERSION`` (or the analysis, ``ANALYSIS_VERSION``)
and existing indexes are rebuilt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from whoosh import columns, fields, formats

from reader.language.normalize import GramCodes

SCHEMA_VERSION = 8  # 8: story signatures hashed from the field list (documents.py): an index
# of 7 would otherwise re-index every story, one by one, at its next update
# the compacted texts that exact matching re-checks: two bytes a Chinese character instead
# of UTF-8's three (a third of that column), and decoded twice as fast
TEXT_ENCODING = "utf-16-le"
ANALYSIS_VERSION = 5  # 5: the head indexed in printed order (kicker before headline)


class Counts(formats.Format):
    """A posting's weight is the token's count in the document; no value string is kept
    (Whoosh's ``Frequency`` stores the same count a second time, packed, in every posting).
    """

    posting_size = 0

    def __init__(self, field_boost: float = 1.0, **options: object) -> None:
        self.field_boost = field_boost
        self.options = options

    def word_values(self, value: object, analyzer: object, **kwargs: object) -> Iterator:
        counts = Counter(t.text for t in formats.tokens(value, analyzer, kwargs))
        return ((w, n, float(n), b"") for w, n in counts.items())


class TokenListField(fields.TEXT):
    """A text field indexed from a list of tokens: counts as weights, or (``counts=False``,
    the n-gram fields) only which documents hold a token.

    ``scorable=False`` for the n-gram fields: they only decide matching, and Whoosh would
    otherwise look up the document's field length for every one of their many postings.
    """

    def __init__(
        self, field_boost: float = 1.0, scorable: bool = True, counts: bool = True
    ) -> None:
        super().__init__(phrase=False, field_boost=field_boost)
        self.format = Counts(field_boost=field_boost) if counts else formats.Existence(field_boost)
        self.counts = counts
        self.scorable = scorable

    def index(self, value: str | list[str] | GramCodes, **kwargs: object) -> Iterator[tuple]:
        if isinstance(value, GramCodes):
            value = value.texts()
        elif isinstance(value, str):
            value = value.split()
        if not self.counts:
            for token in set(value):
                yield token.encode("utf-8"), 1, 1.0, b""
            return
        for token, count in Counter(value).items():
            yield token.encode("utf-8"), count, float(count), b""


def build_schema() -> fields.Schema:
    return fields.Schema(
        story_id=fields.ID(stored=True, unique=True),
        # ranking: jieba words
        title_words=TokenListField(field_boost=3.0),
        heads_words=TokenListField(field_boost=1.5),
        body_words=TokenListField(),
        # matching: character 1- and 2-grams
        gram=TokenListField(scorable=False, counts=False),
        title_gram=TokenListField(field_boost=2.0, scorable=False, counts=False),
        byline_gram=TokenListField(scorable=False, counts=False),
        # exact verification: compacted text per scope
        # (uncompressed: a phrase with 2,000 candidates spent 23 ms in zlib alone)
        norm_all=fields.COLUMN(columns.VarBytesColumn()),
        norm_title=fields.COLUMN(columns.VarBytesColumn()),
        norm_byline=fields.COLUMN(columns.VarBytesColumn()),
        # filters and sorting
        newspaper=fields.ID(stored=True),
        date=fields.ID(stored=True, sortable=True),
        pages=fields.KEYWORD(stored=True, commas=True, scorable=False),
        kind=fields.ID(stored=True),
        # display
        data=fields.STORED(),
    )
