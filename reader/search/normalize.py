"""One text normalisation for index and query time, so what is typed matches what is printed.

NFKC turns full-width digits and Latin (``２０２４``, ``ＢＤＯ``) into plain ones, case is folded,
and whitespace is dropped for exact matching: a word the page cut with a line or column break
(``降\\n解``) is one word again, and a copied string with such a break still matches.

Traditional characters fold to simplified ones (``生態`` is ``生态``), one character for one
character, from OpenCC's character table: a whole-text conversion would use phrases and
convert a word differently inside a sentence than alone, and any copied substring must still
find its story. Quotation marks fold to one form per kind (``“”「」"`` → ``"``), so a copied
string that starts inside a quotation matches however the page or keyboard wrote the mark.
Every fold maps one character to one, so snippets map matches back to the printed text.
"""

from __future__ import annotations

import re
import threading
import unicodedata

_WHITESPACE = re.compile(r"\s+")
_PUNCTUATION_ONLY = re.compile(r"^[\W_]+$")
# the blocks OpenCC's traditional characters live in (BMP, compatibility, planes 2 and 3)
_CJK = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
_QUOTES = {"“": '"', "”": '"', "「": '"', "」": '"', "‘": "'", "’": "'", "『": "'", "』": "'"}
_table: dict[int, str] | None = None
_table_lock = threading.Lock()


def fold_table() -> dict[int, str]:
    """Code point → folded character: quotation marks, then traditional → simplified.

    Built once per process from OpenCC (every character converted on its own line, so
    only its character dictionary applies): ~30 ms, 5,000-odd characters."""
    global _table
    if _table is None:
        with _table_lock:
            if _table is None:
                import opencc

                chars = [chr(c) for low, high in _CJK for c in range(low, high + 1)]
                converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
                table = {
                    ord(a): b
                    for a, b in zip(chars, converted, strict=True)
                    if a != b and len(b) == 1
                }
                table.update({ord(q): folded for q, folded in _QUOTES.items()})
                _table = table
    return _table


def normalize(text: str) -> str:
    """NFKC, case-folded, quotes and 繁体 folded: the form every indexed and queried
    string takes."""
    return unicodedata.normalize("NFKC", text).casefold().translate(fold_table())


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
