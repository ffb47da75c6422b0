"""The Whoosh schema: one document per story.

Fields take *pre-computed token lists* (from worker processes, see ``documents``), so the
writer never runs jieba itself; postings keep frequencies only. Matching goes through the
character n-gram fields (exact-substring recall for anything a reader copies), ranking adds
the jieba word fields. Change ``SCHEMA_VERSION`` (or the analysis, ``ANALYSIS_VERSION``)
and existing indexes are rebuilt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from whoosh import columns, fields, formats
from whoosh.system import pack_uint

SCHEMA_VERSION = 4
ANALYSIS_VERSION = 4


class TokenListField(fields.TEXT):
    """A text field indexed from a list of tokens (frequencies, no positions).

    ``scorable=False`` for the n-gram fields: they only decide matching, and Whoosh would
    otherwise look up the document's field length for every one of their many postings.
    """

    def __init__(self, field_boost: float = 1.0, scorable: bool = True) -> None:
        super().__init__(phrase=False, field_boost=field_boost)
        self.format = formats.Frequency(field_boost=field_boost)
        self.scorable = scorable

    def index(self, value: str | list[str], **kwargs: object) -> Iterator[tuple]:
        if isinstance(value, str):
            value = value.split()
        for token, count in Counter(value).items():
            yield token.encode("utf-8"), count, float(count), pack_uint(count)


def build_schema() -> fields.Schema:
    return fields.Schema(
        story_id=fields.ID(stored=True, unique=True),
        # ranking: jieba words
        title_words=TokenListField(field_boost=3.0),
        heads_words=TokenListField(field_boost=1.5),
        body_words=TokenListField(),
        # matching: character 1- and 2-grams
        gram=TokenListField(scorable=False),
        title_gram=TokenListField(field_boost=2.0, scorable=False),
        byline_gram=TokenListField(scorable=False),
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
