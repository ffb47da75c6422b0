"""Snippets: about 80 characters of the story around its best match, matches marked.

Matching happens on normalised, whitespace-free text (as in the index); a character map
carries every match back to the original text, so full-width ``２０２４`` typed as ``2024``,
or a word the page split over a line, is marked where it is printed.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from reader.language.normalize import normalize

WIDTH = 80
LEAD = 20  # characters shown before the first match
_NON_SPACE = re.compile(r"\S+")
_PARAGRAPH_BREAK = re.compile(r"(.?)\n+(.?)")


def run_on(text: str) -> str:
    """The story's paragraphs (one a line) as one run of text for a snippet."""
    return _PARAGRAPH_BREAK.sub(_joined, text)


def _joined(match: re.Match[str]) -> str:
    """Paragraphs run on in a snippet: Chinese with nothing between (a space there read as
    a stray gap, 会谈。 习近平), Latin letters and digits with a space, and so a subhead
    (a paragraph that ends in no mark: 全链条预警落地 面对台风…, run on it read as one
    sentence)."""
    before, after = match.group(1), match.group(2)
    gap = " " if before.isalnum() or (after.isascii() and after.isalnum()) else ""
    return before + gap + after


@dataclass(frozen=True, slots=True)
class Snippet:
    """A piece of text and the [start, end) spans in it that matched."""

    text: str
    spans: tuple[tuple[int, int], ...]
    clipped_start: bool = False
    clipped_end: bool = False

    def marked(self, before: str, after: str, escape: bool = False) -> str:
        """The text with every match between ``before`` and ``after``; … where clipped."""
        clean = html.escape if escape else str
        out, last = [], 0
        for start, end in self.spans:
            out.append(clean(self.text[last:start]))
            out.append(f"{before}{clean(self.text[start:end])}{after}")
            last = end
        out.append(clean(self.text[last:]))
        return (
            ("…" if self.clipped_start else "") + "".join(out) + ("…" if self.clipped_end else "")
        )

    def html(self) -> str:
        """Escaped text with matches in ``<mark>``: article text is data, never markup."""
        return self.marked("<mark>", "</mark>", escape=True)


@lru_cache(maxsize=8192)
def _folded(char: str) -> str:
    """A character as the index sees it (cached: a story repeats few distinct characters)."""
    return "".join(piece for piece in normalize(char) if not piece.isspace())


def _fold_map(text: str) -> tuple[str, list[int]]:
    """The text as the index sees it, and for each of its characters the original index.

    Usually normalising keeps every character's place (Chinese, and full-width forms that
    become one ASCII character each), so only whitespace runs need removing: done with C
    string operations, ~20 times faster than the per-character fallback on a long story.
    """
    norm = normalize(text)
    if len(norm) == len(text):
        runs = [m.span() for m in _NON_SPACE.finditer(norm)]
        origin = list(chain.from_iterable(range(a, b) for a, b in runs))
        return "".join(norm[a:b] for a, b in runs), origin
    return _fold_map_by_character(text)


class _FoldTable(dict):
    """code point → ``_folded`` of its character, for ``str.translate`` (filled as met)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _folded(chr(code))
        return folded


class _LengthTable(dict):
    """code point → chr(1) where ``_folded`` gives one character, else chr(0x100 + its
    length) (0 for whitespace): marks the characters whose fold is not one character."""

    def __missing__(self, code: int) -> str:
        length = len(_folded(chr(code)))
        mark = self[code] = "\x01" if length == 1 else chr(0x100 + length)
        return mark


_FOLD_TABLE = _FoldTable()
_LENGTH_TABLE = _LengthTable()
_NOT_ONE = re.compile("[^\x01]")


def _fold_map_by_character(text: str) -> tuple[str, list[int]]:
    """``_fold_map`` folding each character alone (where normalising the whole text
    changed its length: … becomes ..., ℃ °c): the folds joined, and each folded
    character's original index. Done with two ``str.translate`` calls and a walk over
    the characters whose fold is not one character: a loop over every character took
    2 ms for a long story, and a story in three holds a … or a ℃."""
    marks = text.translate(_LENGTH_TABLE)
    origin: list[int] = []
    last = 0
    for match in _NOT_ONE.finditer(marks):
        at = match.start()
        origin.extend(range(last, at))
        origin.extend([at] * (ord(marks[at]) - 0x100))
        last = at + 1
    origin.extend(range(last, len(text)))
    return text.translate(_FOLD_TABLE), origin


def find_spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Every occurrence of every compacted needle in ``text``, as original-text spans."""
    return _spans(*_fold_map(text), needles)


def _spans(
    haystack: str, origin: list[int], needles: list[str], offset: int = 0
) -> list[tuple[int, int]]:
    """Every match in ``haystack`` as spans of the original text (``origin`` + ``offset``)."""
    spans: list[tuple[int, int]] = []
    for needle in {n for n in needles if n}:
        start = haystack.find(needle)
        while start >= 0:
            spans.append((origin[start] + offset, origin[start + len(needle) - 1] + 1 + offset))
            start = haystack.find(needle, start + 1)
    return _merged(spans)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _window_spans(
    text: str, needles: list[str], width: int, folded: str | None = None
) -> list[tuple[int, int]]:
    """``find_spans`` as far as the snippet's window needs it.

    A result page folds ~20 whole stories for ~80 characters each. Folding a prefix is
    folding the text up to there (character by character), so when the prefix holds a
    match, and more folded characters than the longest needle follow the window it opens,
    no match that the full text would add can start before the window's end: the spans
    that touch the window are the same. Otherwise a longer prefix, at last the whole text.

    ``folded``: the whole text as the index holds it (``compact``), when known: a text
    without any needle needs no folding at all, and the first match's place says how long
    a prefix to try first (the text has at least as many characters before it).
    """
    longest = max((len(n) for n in needles), default=0)
    first_size = 192
    if folded is not None:
        found = [at for at in (folded.find(n) for n in needles if n) if at >= 0]
        if not found:
            return []
        first_size = max(first_size, min(found) + longest + width + 64)
        if first_size * 2 >= len(text):  # a prefix would be most of the text
            spans = _suffix_spans(text, needles, folded, min(found))
            if spans is not None:
                return spans
    for size in (first_size, first_size * 4, first_size * 16):
        if size >= len(text):
            break
        haystack, origin = _fold_map(text[:size])
        spans = _spans(haystack, origin, needles)
        if spans:
            window_end = max(0, spans[0][0] - LEAD) + width
            if len(origin) - bisect_left(origin, window_end) > longest + 1:
                return spans
    return find_spans(text, needles)


def _suffix_spans(
    text: str, needles: list[str], folded: str, first: int
) -> list[tuple[int, int]] | None:
    """``find_spans`` from a suffix of the text, when the first match (at ``first`` in
    ``folded``, the whole text as the index holds it) lies deep in a long story: the
    mirror of folding a prefix. Folding is character by character, so the suffix's fold
    is the end of the whole fold; where it is (``folded`` ends with it) and begins at or
    before the first match, no match starts before the suffix, and every match in it is
    found with its place. Otherwise None (the caller folds prefixes, at last the whole).
    Half of a result page's time went to folding whole stories for matches near their end.
    """
    start = max(0, min(first, len(text)) - 64)
    haystack, origin = _fold_map(text[start:])
    skipped = len(folded) - len(haystack)
    if not 0 <= skipped <= first or not folded.endswith(haystack):
        return None
    return _spans(haystack, origin, needles, start)


def make_snippet(
    text: str, needles: list[str], width: int = WIDTH, folded: str | None = None
) -> Snippet:
    """The window of ``text`` around its first match (or its opening when none).

    ``folded``: ``compact(text)`` when the caller has it (the index stores it)."""
    text = run_on(text)
    spans = _window_spans(text, needles, width, folded)
    start = max(0, spans[0][0] - LEAD) if spans else 0
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    inside = tuple(
        (max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start
    )
    return Snippet(text[start:end], inside, start > 0, end < len(text))
