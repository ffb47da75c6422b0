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


def repeated_share(root: Path) -> float:
    """Brute force: the share of the pages' clause characters (jieba's blocks, hard wraps
    joined) in clauses that appeared earlier in the archive."""
    import jieba

    seen: set[str] = set()
    total = repeated = 0
    for text in files(root).values():
        for block in jieba.re_han_default.findall(text.decode().replace("\n", "")):
            total += len(block)
            repeated += len(block) if block in seen else 0
            seen.add(block)
    return repeated / total


def test_generated_text_repeats_like_a_real_archive_not_like_copies(tmp_path: Path) -> None:
    """Copying the sample paragraphs made a benchmark archive whose clauses were 98 % repeats
    (the index's block cache then skipped jieba); body text now comes from a word chain."""
    honest = repeated_share(generate_library(tmp_path / "a", pages=120, seed=3).root)
    copied = repeated_share(generate_library(tmp_path / "b", pages=120, seed=3, keep=1.0).root)
    assert honest < 0.2 < 0.4 < copied, (honest, copied)


def test_rewritten_pages_keep_the_shape_of_their_source_lines(tmp_path: Path) -> None:
    """Hard wraps and line widths survive the rewrite (the layout analysis reads them): every
    generated line is as wide as some source line."""
    from reader.bench import _source_segments
    from reader.paths import bundled_library

    widths = {
        len(line)
        for page in _source_segments(bundled_library())
        for seg in page
        for line in seg.split("\n")
    }
    library = generate_library(tmp_path, pages=6, seed=2)
    lines = [line for text in files(library.root).values() for line in text.decode().split("\n")]
    assert {len(line) for line in lines if line} <= widths


def test_search_benchmark_prints_the_issue_numbers_as_json_with_json(capsys) -> None:
    """``bench --search --json``: standard output is one JSON object holding every number the
    issue names (scripts read it), and the readable report still goes to standard error."""
    import json

    from reader.cli import main

    assert main(["bench", "--search", "--json", "--pages", "12", "--workers", "1"]) == 0
    out, err = capsys.readouterr()
    numbers = json.loads(out)
    named = {
        "build_s", "baseline_build_s", "index_mb", "baseline_index_mb", "p50_ms", "p95_ms",
        "baseline_p50_ms", "baseline_p95_ms", "update_s", "ready_s",
    }  # fmt: skip
    assert named <= numbers.keys()
    assert all(numbers[k] > 0 for k in ("build_s", "baseline_build_s", "index_mb", "ready_s"))
    assert "full build:" in err and "baseline" in err


def test_json_is_refused_where_the_benchmark_has_no_numbers_object(capsys) -> None:
    from reader.cli import main

    assert main(["bench", "--json"]) == 2
    assert "--search" in capsys.readouterr().err
