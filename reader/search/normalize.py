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
    """Bigrams of the compacted text, plus its last character alone.

    Every substring of two or more characters is covered by bigrams; a single character
    is the first character of some bigram, or the last character of the text. (Indexing
    all unigrams too would cost a third more postings.)
    """
    chars = compact(text)
    grams = [chars[i : i + 2] for i in range(len(chars) - 1)]
    if chars:
        grams.append(chars[-1])
    return grams


def query_grams(term: str) -> list[str]:
    """The bigrams a document must contain to contain ``term`` (compacted, 2+ characters)."""
    if len(term) <= 2:
        return [term] if term else []
    return [term[i : i + 2] for i in range(len(term) - 1)]


def is_punctuation(token: str) -> bool:
    """Tokens of punctuation or spaces carry no meaning for ranking."""
    return not token.strip() or bool(_PUNCTUATION_ONLY.match(token))
