"""One text normalisation for index and query time, so what is typed matches what is printed.

NFKC turns full-width digits and Latin (``２０２４``, ``ＢＤＯ``) into plain ones, case is folded,
and whitespace is dropped for exact matching: a word the page cut with a line or column break
(``降\\n解``) is one word again, and a copied string with such a break still matches.

Traditional characters fold to simplified ones (``生態`` is ``生态``), one character for one
character, from OpenCC's character table (``t2s_table``): a whole-text conversion would use
phrases and convert a word differently inside a sentence than alone, and any copied substring
must still find its story. Quotation marks fold to one form per kind (``“”「」"`` → ``"``), so
a copied string that starts inside a quotation matches however the page or keyboard wrote the
mark. Every fold maps one character to one, so snippets map matches back to the printed text.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from operator import add
from typing import NamedTuple

from reader.language.t2s_table import SIMPLIFIED, TRADITIONAL

_WHITESPACE = re.compile(r"\s+")
_PUNCTUATION_ONLY = re.compile(r"^[\W_]+$")
_QUOTES = {"“": '"', "”": '"', "「": '"', "」": '"', "‘": "'", "’": "'", "『": "'", "』": "'"}
_FOLD = str.maketrans({**dict(zip(TRADITIONAL, SIMPLIFIED, strict=True)), **_QUOTES})


def normalize(text: str) -> str:
    """NFKC, case-folded, quotes and 繁体 folded: the form every indexed and queried
    string takes.

    Each step works character by character, so the normalised form of texts joined by a
    line break is their normalised forms joined by one (``documents`` relies on it)."""
    if not unicodedata.is_normalized("NFKC", text):  # the quick check is ~40× cheaper
        text = unicodedata.normalize("NFKC", text)
    return text.casefold().translate(_FOLD)


def compact(text: str) -> str:
    """Normalised text without whitespace: what exact (substring) matching compares."""
    return _WHITESPACE.sub("", normalize(text))


def compacted(normalized: str) -> str:
    """``compact`` of text that is normalised already."""
    return _WHITESPACE.sub("", normalized)


def char_grams(text: str) -> list[str]:
    """Characters and bigrams of the compacted text: any substring's grams are among them.

    Unigrams cost about a third more postings than bigrams alone; without them a single
    character had to be found as the prefix of every bigram it starts, and a common one
    (的) took seconds to count on a one-year archive.
    """
    return grams_of(compact(text))


def grams_of(chars: str) -> list[str]:
    """``char_grams`` of text that is compacted already."""
    grams = list(chars)
    grams.extend(map(add, chars, chars[1:]))
    return grams


def gram_set(chars: str) -> set[str]:
    """The distinct ``grams_of`` a compacted text: what an n-gram field indexes (it keeps
    which documents hold a gram, not how often), made without the list."""
    return {*chars, *map(add, chars, chars[1:])}


_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"


class GramCodes(NamedTuple):
    """``gram_set`` of a compacted text as numbers: each character's code point, and each
    pair of adjacent characters as their two UTF-32 code units read as one native 64-bit
    number. Both come from memory views of the text's UTF-32 bytes (C loops, no string per
    gram), and the bulk writer files numbers where a dictionary of strings cost a string
    hash and comparison per posting: together a quarter of indexing the n-grams.
    ``texts()`` is the same set as strings (``tests/search/test_text_tools.py``)."""

    chars: set[int]
    pairs: set[int]

    def texts(self) -> set[str]:
        return {*map(chr, self.chars), *map(pair_text, self.pairs)}


def gram_codes(chars: str) -> GramCodes:
    """``GramCodes`` of a compacted text."""
    data = chars.encode(_UTF32, "surrogatepass")
    view = memoryview(data)
    even = len(data) // 8 * 8  # pairs that start at an even position
    odd = max(0, len(data) - 4) // 8 * 8  # and at an odd one
    pairs = set(view[:even].cast("Q"))
    pairs.update(view[4 : 4 + odd].cast("Q"))
    return GramCodes(set(view.cast("I")), pairs)


def pair_text(code: int) -> str:
    """The two characters of a ``GramCodes`` pair."""
    return code.to_bytes(8, sys.byteorder).decode(_UTF32, "surrogatepass")


def query_grams(term: str) -> list[str]:
    """The bigrams a document must contain to contain ``term`` (compacted, 2+ characters)."""
    if len(term) <= 2:
        return [term] if term else []
    return [term[i : i + 2] for i in range(len(term) - 1)]


def is_punctuation(token: str) -> bool:
    """Tokens of punctuation or spaces carry no meaning for ranking."""
    return not token.strip() or bool(_PUNCTUATION_ONLY.match(token))


class _Meaningful(dict):
    """token → not ``is_punctuation(token)``, remembered (a text's words repeat)."""

    def __missing__(self, token: str) -> bool:
        if len(self) > 200_000:
            self.clear()
        meaningful = self[token] = not is_punctuation(token)
        return meaningful


meaningful = _Meaningful()
