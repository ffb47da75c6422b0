"""Shortcuts the layout analysis takes for speed must answer exactly what the plain
computation answers: each is compared with it on the corpus's own pages and on random
cases (differential tests)."""

from __future__ import annotations

import random
from pathlib import Path

from reader.layout.furniture import read_furniture
from reader.layout.lines import _local_width, _local_widths, _wrap_widths, classify

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _corpus_pages() -> list[str]:
    folders = ["pdfminer", "pdftotext", "pdfium"]
    return [
        page.read_text(encoding="utf-8")
        for folder in folders
        for page in sorted((CORPUS / folder / "pages").rglob("*.txt"))
    ]


def test_local_widths_match_per_line_medians_on_corpus_pages() -> None:
    pages = _corpus_pages()
    assert len(pages) > 30
    for text in pages:
        lines = classify(text, read_furniture(text).lines)
        wraps = _wrap_widths(lines)
        fallbacks = [line.width for line in lines]
        expected = [_local_width(wraps, pos, fallbacks[pos]) for pos in range(len(lines))]
        got = _local_widths(wraps, fallbacks)
        assert list(map(repr, got)) == list(map(repr, expected))


def test_local_widths_match_per_line_medians_on_random_pages() -> None:
    rng = random.Random(5)
    for _ in range(400):
        count = rng.randint(0, 60)
        # sparse and dense runs of full lines, widths in half ems (as printed)
        density = rng.random()
        places = [pos for pos in range(count) if rng.random() < density]
        wraps = [(pos, rng.randint(20, 50) / 2) for pos in places]
        fallbacks = [rng.randint(0, 50) / 2 for _ in range(count)]
        expected = [_local_width(wraps, pos, fallbacks[pos]) for pos in range(count)]
        assert list(map(repr, _local_widths(wraps, fallbacks))) == list(map(repr, expected))
