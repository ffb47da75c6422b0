"""Benchmarks run as commands (``python -m reader bench``), never as timed test assertions.

The generator grows the sample library into a large archive by recombining runs of the
sample pages' text blocks under new dates, so the benchmark parses text with all the
quirks of real PDF extraction (hard wraps, column breaks, headlines after bodies).
"""

from __future__ import annotations

import random
import resource
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from reader.archive import bundled_library, load_archive, read_pages
from reader.library import find_page_files, read_page_text
from reader.stories import link_stories

_PAPERS = ("乌海日报", "北方新报")
_PAGE_BYTES = 16_000


@dataclass(frozen=True, slots=True)
class GeneratedLibrary:
    root: Path
    pages: int
    bytes: int


def _seed_segments(seeds: Path) -> list[list[str]]:
    """Each sample page as a list of blank-line-separated text segments."""
    pages = []
    for page_file in find_page_files([seeds]):
        text = read_page_text(page_file.path)
        segments = [seg.strip("\n") for seg in text.split("\n\n") if seg.strip()]
        pages.append(segments)
    return pages


def _page_text(rng: random.Random, sources: list[list[str]]) -> str:
    """A page made of contiguous runs of segments from the sample pages."""
    parts: list[str] = []
    size = 0
    while size < _PAGE_BYTES:
        segments = rng.choice(sources)
        start = rng.randrange(len(segments))
        run = segments[start : start + rng.randint(6, 18)]
        parts.extend(run)
        size += sum(len(seg.encode()) for seg in run)
    return "\n\n".join(parts) + "\n"


def generate_library(
    dest: Path, pages: int, seed: int = 7, seeds: Path | None = None
) -> GeneratedLibrary:
    """Write ``pages`` page files as ``<报名>/<YYYY-MM-DD>/<NN>.txt``: deterministic per seed."""
    rng = random.Random(seed)
    sources = _seed_segments(seeds or bundled_library())
    written = total = 0
    day = date(2024, 1, 1)
    while written < pages:
        paper = _PAPERS[(day.toordinal()) % len(_PAPERS)]
        issue_pages = min(rng.randint(8, 12), pages - written)
        folder = dest / paper / day.isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        for number in range(1, issue_pages + 1):
            data = _page_text(rng, sources).encode()
            (folder / f"{number:02d}.txt").write_bytes(data)
            total += len(data)
        written += issue_pages
        day += timedelta(days=1)
    return GeneratedLibrary(dest, written, total)


def run_parse_benchmark(pages: int = 1200, seed: int = 7) -> str:
    """Parse throughput (decode + layout analysis, then story linking) on one core."""
    workdir = Path(tempfile.mkdtemp(prefix="reader-bench-"))
    try:
        library = generate_library(workdir / "library", pages, seed)
        files = list(find_page_files([library.root]))
        started = time.perf_counter()
        parsed = read_pages(files)
        parse_seconds = time.perf_counter() - started
        started = time.perf_counter()
        stories = link_stories(parsed)
        link_seconds = time.perf_counter() - started
        started = time.perf_counter()
        load_archive([library.root])
        load_seconds = time.perf_counter() - started
        megabytes = library.bytes / 1_000_000
        articles = sum(len(page.articles) for page in parsed)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return "\n".join(
            [
                f"generated library: {library.pages} pages, "
                f"{megabytes:.1f} MB of text (seed {seed})",
                f"parse (decode + layout): {parse_seconds:.2f} s = "
                f"{megabytes / parse_seconds:.2f} MB/s, "
                f"{library.pages / parse_seconds:.0f} pages/s, {articles} articles",
                f"story linking: {link_seconds:.3f} s, {len(stories)} stories",
                f"load_archive end to end: {load_seconds:.2f} s = "
                f"{megabytes / load_seconds:.2f} MB/s",
                f"peak memory (RSS): {peak_mb:.0f} MB",
            ]
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
