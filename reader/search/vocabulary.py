"""The words an archive prints, for offering a word the reader may have meant.

Most typing mistakes in Chinese are one character swapped for another the input method
offered (督查 for 督察, 保扩 for 保护): a word of the same length that differs in one place.
A word the archive never prints but whose one-character neighbour it prints often is likely
such a slip. The vocabulary is the jieba words of the index (titles and texts), read once per
index generation when a search first finds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

WORD_FIELDS = ("title_words", "body_words")
HAN = re.compile(r"[\u3400-\u9fff]{2,6}")  # the words worth a neighbour: 2–6 characters


class Vocabulary:
    """Printed words by length, the characters they use, and how many stories hold each."""

    def __init__(self, reader: object) -> None:
        self._reader = reader
        self._words: dict[int, set[str]] = {}
        chars: set[str] = set()
        for field in WORD_FIELDS:
            for word in _field_words(reader, field):
                if HAN.fullmatch(word):
                    self._words.setdefault(len(word), set()).add(word)
                    chars.update(word)
        self._chars = frozenset(chars)

    def neighbours(self, word: str, limit: int) -> list[str]:
        """Printed words that differ from ``word`` in exactly one character, the ones in
        most stories first (a common word is the likelier intent)."""
        same_length = self._words.get(len(word))
        if not same_length or not HAN.fullmatch(word):
            return []
        found = {
            candidate
            for at in range(len(word))
            for char in self._chars
            if char != word[at] and (candidate := word[:at] + char + word[at + 1 :]) in same_length
        }
        ranked = sorted(found, key=lambda w: (-self.stories(w), w))
        return ranked[:limit]

    def stories(self, word: str) -> int:
        """Roughly how many stories print ``word`` (a story with it in title and text counts
        twice: only an order for the neighbours)."""
        return sum(self._reader.doc_frequency(f, word) for f in WORD_FIELDS)  # type: ignore[attr-defined]


def _field_words(reader: object, field: str) -> Iterable[str]:
    try:
        yield from reader.field_terms(field)  # type: ignore[attr-defined]
    except KeyError:  # an empty index has no such field yet
        return
