"""One text normalisation for index and query time, so what is typed matches what is printed.

NFKC turns full-width digits and Latin (``２０２４``, ``ＢＤＯ``) into plain ones, case is folded,
and whitespace is dropped for exact matching: a word the page cut with a line or column break
(``降\\n解``) is one word again, and a copied string with such a break still matches.
"""

from __future__ import annotations

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")
_PUNCTUATION_ONLY = re.compile(r"^[\W_]+$")


def normalize(text: str) -> str:
    """NFKC, case-folded: the form every indexed and queried string takes."""
    return unicodedata.normalize("NFKC", text).casefold()


def compact(text: str) -> str:
    """Normalised text without whitespace: what exact (substring) matching compares."""
    return _WHITESPACE.sub("", normalize(text))


def char_grams(text: str) -> list[str]:
    """Characters and bigrams of the compacted text: any substring's grams are among them.

    Unigrams cost about a third more postings than bigrams alone; without them a single
    character had to be found as the prefix of every bigram it starts, and a common one
    (的) took seconds to count on a one-year archive.
    """
    chars = compact(text)
    grams = list(chars)
    grams.extend(chars[i : i + 2] for i in range(len(chars) - 1))
    return grams


def query_grams(term: str) -> list[str]:
    """The bigrams a document must contain to contain ``term`` (compacted, 2+ characters)."""
    if len(term) <= 2:
        return [term] if term else []
    return [term[i : i + 2] for i in range(len(term) - 1)]


def is_punctuation(token: str) -> bool:
    """Tokens of punctuation or spaces carry no meaning for ranking."""
    return not token.strip() or bool(_PUNCTUATION_ONLY.match(token))
