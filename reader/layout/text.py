"""Character-level helpers for Chinese page text: widths, spacing clean-up, similarity.

PDF text extraction pads justified lines with spaces and measures nothing, so the layout
rules work on *visual width* (a CJK character is 1, a Latin letter or digit is ½) and treat
spaces as layout noise except where they separate words or phrases.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain

# Sentence-final punctuation: a line ending in one of these may end a paragraph.
SENTENCE_END = "。！？!?…"
# Closing marks that end a paragraph only when a sentence end precedes them (“…。” or （…。）).
CLOSERS = "”’」』）)》"
# Punctuation that never ends a headline: a line ending with one is running text.
BODY_END = SENTENCE_END + "，、；;：:,"


def is_cjk(ch: str) -> bool:
    """True for CJK ideographs (the characters that make up words, not punctuation)."""
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2FA1F
        or 0xF900 <= code <= 0xFAFF
    )


# Curly quotes are East-Asian "ambiguous"; many newspapers set them in half the width of a
# character (the sample pages do), others in a whole one: ``lines`` decides per page.
_HALF_WIDTH_QUOTES = "“”‘’"


@lru_cache(maxsize=8192)
def char_width(ch: str) -> float:
    """Visual width in em: full-width characters and dashes count 1, others ½."""
    if ch in _HALF_WIDTH_QUOTES:
        return 0.5
    if unicodedata.east_asian_width(ch) in ("W", "F", "A"):
        return 1.0
    return 0.5


def _wide_run_pattern() -> re.Pattern[str]:
    """Runs of characters each one em wide, from the blocks that make up most of a Chinese
    page (ideographs, CJK punctuation, full-width forms): only those characters of the
    blocks that ``char_width`` itself counts 1, and no space (the ideographic space is
    wide, but ``visual_width`` ignores it)."""
    blocks = [(0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xFF01, 0xFF60)]
    ranges: list[str] = []
    for first, last in blocks:
        start = None
        for code in range(first, last + 2):
            wide = (
                code <= last
                and unicodedata.east_asian_width(chr(code)) in ("W", "F", "A")
                and not chr(code).isspace()
            )
            if wide and start is None:
                start = code
            elif not wide and start is not None:
                ranges.append(f"{chr(start)}-{chr(code - 1)}")
                start = None
    return re.compile(f"[{''.join(ranges)}]+")


_WIDE_RUN = _wide_run_pattern()
# Any one character outside those runs (``visual_width`` looks these up one by one).
_NOT_WIDE = re.compile("[^" + _WIDE_RUN.pattern[1:-2] + "]")


def visual_width(text: str) -> float:
    """Width of a line as printed, ignoring spaces (justification noise).

    Asked for every line: the ideographs, most of a line, are counted together (all
    characters but the others), and only the other characters are looked up one by one.
    (Widths are whole or half ems, so the sum is exact in any order.) The others are found
    as a list (most lines: a few, or none), a sixth faster than cutting the runs out of
    the text; the spaces among them count nothing."""
    rest = _NOT_WIDE.findall(text)
    wide = len(text) - len(rest)
    if rest:
        rest = "".join("".join(rest).split())
        if rest:
            return wide + sum(map(char_width, rest))
    return float(wide) if wide else 0


def ends_sentence(text: str) -> bool:
    """Does this text end a sentence (。 or 。” etc.)? Used to find real paragraph ends."""
    # the closers are stripped in one call (asked of most lines, several times each)
    stripped = text.rstrip().rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def is_letter_spaced(text: str) -> bool:
    """A title or justified line printed as ``市 人 民 政 府`` (one character per token)."""
    tokens = text.split()
    if len(tokens) < 3:
        return False
    singles = sum(1 for tok in tokens if len(tok) == 1)
    return singles >= 3 and singles / len(tokens) >= 0.4


def _space_kept(left: str, right: str) -> bool:
    """A space survives only between two words of the same script (两 个 phrases, two words)."""
    if is_cjk(left) and is_cjk(right):
        return True
    return left.isascii() and right.isascii() and left.isalnum() and right.isalnum()


_SPACE_RUN = re.compile(r" +")


def clean_spaces(text: str) -> str:
    """Remove justification spaces; keep the single spaces that separate phrases or words.

    ``6月 20日`` → ``6月20日``; ``效 、取 暖`` → ``效、取暖``; ``市 人 民 政 府`` → ``市人民政府``;
    ``党员攻坚队精准服务 推动重点项目`` keeps its phrase space; ``E-pack 技术`` → ``E-pack技术``.
    """
    text = text.replace("\u3000", " ").strip()
    if " " not in text:
        return text
    if is_letter_spaced(text):
        return _drop_spaces_between_cjk(text)

    def keep(match: re.Match[str]) -> str:
        left, right = text[match.start() - 1], text[match.end()]
        return " " if _space_kept(left, right) else ""

    return _SPACE_RUN.sub(keep, text)


def clean_title_spaces(text: str) -> str:
    """Headlines keep the spaces that separate their phrases (``同比增长101.3% 前5月…``);
    only letter-spaced titles (``市 人 民 政 府``) are closed up."""
    text = text.replace("\u3000", " ").strip()
    if is_letter_spaced(text):
        return _drop_spaces_between_cjk(text)
    return " ".join(text.split())


def _drop_spaces_between_cjk(text: str) -> str:
    """Letter-spaced lines: drop every space except those between Latin words. A lone letter
    or digit is spaced out like the characters around it (``4 5 0 公 里`` → ``450公里``,
    ``E C M W F`` → ``ECMWF``); two words of two letters or more keep theirs (``COVID 19``)."""

    def keep(match: re.Match[str]) -> str:
        start, end = match.start(), match.end()
        left, right = text[start - 1], text[end]
        latin = left.isascii() and right.isascii() and left.isalnum() and right.isalnum()
        if not latin:
            return ""
        word_before = start >= 2 and text[start - 2].isascii() and text[start - 2].isalnum()
        word_after = end + 1 < len(text) and text[end + 1].isascii() and text[end + 1].isalnum()
        return " " if word_before and word_after else ""

    return _SPACE_RUN.sub(keep, text)


def join_wrapped(left: str, right: str) -> str:
    """Join two pieces of one paragraph split by a hard wrap: no space, except between words."""
    if not left:
        return right
    if not right:
        return left
    if left[-1].isascii() and left[-1].isalpha() and right[0].isascii() and right[0].isalpha():
        return f"{left} {right}"
    return left + right


# One character at a time: deleting each one the same as deleting runs, and the pattern
# without a repeat runs a sixth faster (every paragraph of a page is folded).
_NON_WORD = re.compile(r"[\W_]")


# Full-width punctuation: in nearly every clause of Chinese text, and each one sends NFKC
# from its quick check (a text already normal is returned as it is) to the slow path.
_FULL_WIDTH_PUNCTUATION = [(ch, unicodedata.normalize("NFKD", ch)) for ch in "，；：（）？！\u3000"]


def fold(text: str) -> str:
    """Letters, digits and ideographs only, NFKC-normalised and lower-cased.

    The full-width punctuation is first replaced by its compatibility decomposition (，→ ,),
    so most lines pass NFKC's quick check. That changes nothing: NFKC is the canonical
    composition of the text's full compatibility decomposition, which the characters'
    own decompositions leave as it is."""
    for wide, narrow in _FULL_WIDTH_PUNCTUATION:
        text = text.replace(wide, narrow)
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


def bigrams(text: str) -> Counter[str]:
    """Character bigrams of the folded text: a script-agnostic overlap measure for Chinese."""
    folded = fold(text)
    return Counter(folded[i : i + 2] for i in range(len(folded) - 1))


class Rarity:
    """How rare each bigram is among a page's texts (its documents): the squared IDF,
    log((n + 1) / df)², read from a table by document frequency (a log per bigram per
    comparison was a tenth of the analysis). A bigram printed in none of them weighs as one
    printed once. ``words``: count only these (the ones ever weighed), not the documents'
    every bigram."""

    def __init__(
        self, documents: Iterable[frozenset[int]], words: frozenset[int] | None = None
    ) -> None:
        documents = list(documents)
        counted = documents if words is None else map(words.intersection, documents)
        self._frequency = Counter(chain.from_iterable(counted))
        top = max(1, len(documents)) + 1
        self._table = [math.log(top / max(1, n)) ** 2 for n in range(top)]

    def total(self, grams: Iterable[int]) -> float:
        """The summed weight of ``grams``."""
        table, df = self._table, self._frequency.get
        return math.fsum([table[df(gram, 1)] for gram in grams])


def bigram_set(text: str) -> frozenset[int]:
    """The distinct bigrams of a text (cached: headlines are compared with many blocks),
    each as the number ``pair_key`` makes of it.

    Spaces around the whole text change nothing (each line is stripped of them below), so
    the cache is keyed by the text without them: a block's text and the same text behind
    an empty column label and title (``"  " + text``) share one entry.
    """
    return _bigram_set(text.strip(" "))


def text_bigram_set(text: str) -> frozenset[int]:
    """``bigram_set`` of a text read once (a piece of a page before its blocks are made):
    folded whole, in one call, and kept in no cache. The same set: the folded text is its
    folded lines joined (see ``_bigram_set``), and ``fold`` drops the spaces around them."""
    return _pair_set(fold(text))


def text_bigrams_among(text: str, words: frozenset[int]) -> frozenset[int]:
    """``words & text_bigram_set(text)``, without making the text's own set: where only
    some bigrams are ever weighed (the leftover pairing counts in how many pieces each
    word of its openings is printed), the text's pairs are looked up in ``words`` as
    they are read, instead of each being put into a set of the text's every pair."""
    even, odd = _pair_views(fold(text))
    return words.intersection(chain(even, odd))


def joined_bigram_set(parts: list[str]) -> frozenset[int]:
    """``bigram_set`` of the parts joined by newlines, made from the parts' own sets (and
    kept in the same cache, under the joined text).

    When texts merge (a subhead and the text after it folded into the text above it),
    the parts' sets are already known: the joined text's folded form is the parts' folded
    forms one after another (see ``_bigram_set``), so its pairs are theirs and the pair
    across each join, the last folded character of one part and the first of the next.
    A union of known sets copies them, where making the set afresh walks every pair of
    the whole text again."""
    key = "\n".join(parts).strip(" ")
    joined: set[int] = set()
    last = ""
    for part in parts:
        joined |= bigram_set(part)
        folded = [_folded_line(line.strip(" ")) for line in part.split("\n")]
        first = next((line[0] for line in folded if line), "")
        if last and first:
            joined.add(pair_key(last + first))
        last = next((line[-1] for line in reversed(folded) if line), last)
    _PRIMED[key] = frozenset(joined)
    try:
        return _bigram_set(key)  # the cache takes the set made here (or has one already)
    finally:
        _PRIMED.pop(key, None)


# A set ``joined_bigram_set`` made, for ``_bigram_set`` to keep under its text.
_PRIMED: dict[str, frozenset[int]] = {}


@lru_cache(maxsize=4096)
def _bigram_set(text: str) -> frozenset[int]:
    """``bigram_set`` of a text with no spaces around it.

    A block's text is its paragraphs joined by newlines, and blocks grow and merge while a
    page is analysed, so the same paragraphs are compared again and again inside ever new
    texts. Folding is the costly part; it is done once per line (cached) and the text's
    folded form is its folded lines joined. That is exact: a newline or a space is a
    boundary for NFKC (nothing composes with it) and for lower-casing (it is neither cased
    nor case-ignorable), and ``fold`` drops it, so the folded text is the concatenation of
    the folded lines. The set is made at once from the joined text's pairs: a union of
    per-line sets cost half again as much (every line's set built, then copied into the
    text's).
    """
    primed = _PRIMED.get(text)
    if primed is not None:
        return primed
    if "\n" not in text:
        return _pair_set(_folded_line(text))
    return _pair_set("".join([_folded_line(line.strip(" ")) for line in text.split("\n")]))


@lru_cache(maxsize=16384)
def _folded_line(line: str) -> str:
    """``fold`` of one line (cached: a paragraph is folded once for all the texts it is in)."""
    return fold(line)


def _pair_views(text: str) -> tuple[memoryview, memoryview]:
    """The text's pairs of neighbouring characters as two views of 8-byte numbers: the
    windows at even character offsets and those at odd ones (see ``_pair_keys``)."""
    data = text.encode("utf-32-le")
    view = memoryview(data)
    even = len(data) // 8 * 8
    odd = 4 + (len(data) - 4) // 8 * 8 if len(data) >= 4 else 4
    return view[:even].cast("Q"), view[4:odd].cast("Q")


def _pair_keys(text: str) -> list[int]:
    """Every pair of neighbouring characters of the text as one number (``pair_key``).

    The code points are laid out as 4-byte words, and each 8-byte window is a pair: the
    windows at even character offsets and those at odd ones (the bytes shifted by one
    character) together are all the pairs. Made in C, ~2.5x faster than joining each
    pair into a string; bigram sets are built for all the text of every page."""
    even, odd = _pair_views(text)
    return even.tolist() + odd.tolist()


def _pair_set(text: str) -> frozenset[int]:
    """``frozenset(_pair_keys(text))``, made straight from the two views of the text (a
    tenth faster than through the lists: every bigram set of the page is made here)."""
    even, odd = _pair_views(text)
    return frozenset(chain(even, odd))


def pair_keys(folded: str) -> list[int]:
    """Every pair of neighbouring characters of a folded text, each as ``pair_key`` makes
    it, as often as it occurs (counting them counts the text's ``bigrams``)."""
    return _pair_keys(folded)


def pair_key(pair: str) -> int:
    """The number a pair of characters stands for in a bigram set."""
    return memoryview(pair.encode("utf-32-le")).cast("Q")[0]


def coverage(needle: str, haystack: str) -> float:
    """Share of ``needle``'s bigrams found in ``haystack`` (0–1): how well a headline fits text."""
    wanted = bigram_set(needle)
    if not wanted:
        return 0.0
    return len(wanted & bigram_set(haystack)) / len(wanted)


def cosine(a: Counter[str], b: Counter[str]) -> float:
    """Cosine similarity of two bigram bags (lexical cohesion between text windows)."""
    if not a or not b:
        return 0.0
    dot = sum(count * b.get(key, 0) for key, count in a.items())
    norm = (sum(v * v for v in a.values()) * sum(v * v for v in b.values())) ** 0.5
    return dot / norm if norm else 0.0
