"""The benchmark generator: deterministic, realistic enough to parse like real pages."""

from __future__ import annotations

from pathlib import Path

from reader.archive import load_archive
from reader.bench import generate_library


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.txt"))}


def test_generator_is_deterministic(tmp_path: Path) -> None:
    first = generate_library(tmp_path / "a", pages=25, seed=3)
    second = generate_library(tmp_path / "b", pages=25, seed=3)
    other = generate_library(tmp_path / "c", pages=25, seed=4)
    assert first.pages == 25 and first.bytes > 25 * 10_000
    assert files(first.root) == files(second.root)
    assert files(first.root) != files(other.root)


def test_generated_pages_are_filed_and_parse_into_articles(tmp_path: Path) -> None:
    library = generate_library(tmp_path, pages=12, seed=1)
    archive = load_archive([library.root])
    assert archive.errors == []
    assert all(p.meta.newspaper and p.meta.date and p.meta.page for p in archive.pages)
    assert sum(len(p.articles) for p in archive.pages) > 12 * 5
