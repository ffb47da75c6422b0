"""A story's printed text kept as the few edits that turn its folded text back into it.

The index already holds every story's folded text (``norm_all``: normalised, without
whitespace) for exact matching, and the hit list needs the text as printed for snippets.
Keeping both whole stored the text twice (the printed copy was a quarter of the index).
Folding changes little of a Chinese text: line breaks go, full-width ，：；（）！？ become
ASCII, quotation marks become one form. So the printed text is kept as its folded text
plus *edits*: ``expected(folded)`` puts the usual full-width marks back (one ``translate``),
and the edits put back every other printed character that folding changed — whitespace,
an ASCII comma, a closing quote, ``……`` (NFKC makes each ``...``), traditional characters,
capitals. A story whose text is not its characters' folds laid end to end (NFKC composing
across characters) keeps its text whole; ``encode`` checks every result, so ``restore``
always gives the printed text back exactly.
"""

from __future__ import annotations

from array import array
from itertools import compress, count

from reader.language.normalize import compacted, normalize

# full-width marks that Chinese text prints (their folds are the ASCII forms); the first
# printed form of a fold wins: “ for ", ‘ for '
_USUAL_MARKS = "，：；（）！？“‘"


class _Folds(dict):
    """printed character → its folded form ("" for whitespace), remembered."""

    def __missing__(self, char: str) -> str:
        folded = self[char] = compacted(normalize(char))
        return folded


_folds = _Folds()
_EXPECTED: dict[str, str] = {}
for _mark in _USUAL_MARKS:
    _EXPECTED.setdefault(_folds[_mark], _mark)
_EXPECT = str.maketrans(_EXPECTED)


class _Edited(dict):
    """printed character → whether ``expected`` does not give it back from its fold."""

    def __missing__(self, char: str) -> bool:
        folded = _folds[char]
        edited = self[char] = len(folded) != 1 or _EXPECTED.get(folded, folded) != char
        return edited


_edited = _Edited()


def expected(folded: str) -> str:
    """The folded text with the usual full-width marks put back: ``translate(_EXPECT)``
    as one ``str.replace`` per mark (each maps one ASCII character to one that is no key):
    ``translate`` looks every character up, 20 times slower on a story (a tenth of
    showing a page of hits)."""
    for fold, mark in _EXPECTED.items():
        folded = folded.replace(fold, mark)
    return folded


def encode(text: str, folded: str) -> dict:
    """What ``restore`` needs, besides ``folded`` (``compact(text)``), to give ``text``
    back: ``{"edits": (gaps and lengths, characters)}``, or ``{"text": text}`` when the
    edits would not give it back exactly."""
    if text:
        edits = _edits(text)
        if restore(folded, edits) == text:
            return {"edits": edits}
    return {"text": text}


def _edits(text: str) -> tuple[bytes, str]:
    """For each printed character ``expected`` does not give back: how far after the
    previous edit its fold starts in the folded text, and how long the fold is (0 for
    whitespace); the characters themselves, in order. (Every other character's fold is
    one character: ``encode`` checks the result as a whole.)"""
    numbers: list[int] = []
    chars: list[str] = []
    shift = end = 0  # folded position minus printed position; end of the last edit's fold
    for at in compress(count(), map(_edited.__getitem__, text)):
        length = len(_folds[text[at]])
        start = at + shift
        numbers += (start - end, length)
        chars.append(text[at])
        shift += length - 1
        end = start + length
    top = max(numbers, default=0)
    code = "B" if top < 0x100 else "H" if top < 0x10000 else "I"
    return code.encode() + array(code, numbers).tobytes(), "".join(chars)


def restore(folded: str, edits: tuple[bytes, str]) -> str:
    """The printed text back from its folded text and ``encode``'s edits."""
    packed, chars = edits
    numbers = array(chr(packed[0]))
    numbers.frombytes(packed[1:])
    base = expected(folded)
    parts = []
    end = 0
    for gap, length, char in zip(numbers[::2], numbers[1::2], chars, strict=True):
        start = end + gap
        parts += (base[end:start], char)
        end = start + length
    parts.append(base[end:])
    return "".join(parts)
