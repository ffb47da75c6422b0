"""Benchmarks run as commands (``python -m reader bench``), never as timed test assertions.

The generator grows the sample library (and the development corpus's pages, when the source
tree has them) into a large archive by recombining runs of the pages' text blocks under new
dates, so the benchmark parses text with all the quirks of real PDF extraction (hard wraps,
column breaks, headlines after bodies). Body paragraphs are refilled with new text from a
word chain, so the archive does not repeat itself more than a real one does.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

from reader.archive import load_archive, read_pages
from reader.library import find_page_files, read_page_text
from reader.paths import bundled_library
from reader.stories import link_stories

_PAPERS = ("乌海日报", "北方新报")
_PAGE_BYTES = 16_000
KEEP = 0.0  # body paragraphs copied as printed (each 1 % adds ~0.4 % repeated text)


@dataclass(frozen=True, slots=True)
class GeneratedLibrary:
    root: Path
    pages: int
    bytes: int


# one extractor's pages of the development corpus (the three folders hold the same articles)
_CORPUS_PAGES = Path(__file__).resolve().parents[1] / "tests" / "corpus" / "pdfminer" / "pages"
_BODY_LINES = 3  # a segment of this many lines or more is body text, and is rewritten
_SENTENCE_END = "。！？"


def _source_segments(seeds: Path) -> list[list[str]]:
    """Each source page (the sample pages, and the corpus pages when the source tree has
    them) as a list of blank-line-separated text segments."""
    folders = [seeds] + ([_CORPUS_PAGES] if _CORPUS_PAGES.is_dir() else [])
    pages = []
    for page_file in find_page_files(folders):
        text = read_page_text(page_file.path)
        segments = [seg.strip("\n") for seg in text.split("\n\n") if seg.strip()]
        if segments:
            pages.append(segments)
    return pages


class _WordChain:
    """A word-level Markov chain (each jieba word drawn after the one before, as often as
    the sources have that pair) trained on the sources' body text.

    Copying real paragraphs into a 3,000-page archive made 98 % of its clauses repeats,
    and the index's block cache then skipped most of jieba; real archives repeat ~14 %.
    Text drawn from the chain has the sources' words, punctuation and clause lengths, so
    jieba works on it as on real text, but its clauses are mostly new: with the headlines
    and bylines kept as printed, ~18 % of a 3,000-page archive's characters are in clauses
    seen before (``bench --search`` prints the share). A chain over the previous two words
    copied long runs of the sources' rarer sentences and repeated ~34 % at 300 pages.
    """

    def __init__(self, bodies: list[str]) -> None:
        from reader.language.segmenter import tokenizer

        cut = tokenizer().lcut
        self.next: dict[str, list[str]] = {}
        self.starts: list[str] = []
        for body in bodies:
            words = cut(re.sub(r"\s+", "", body))
            for a, b in pairwise(words):
                self.next.setdefault(a, []).append(b)
                if a and a[-1] in _SENTENCE_END:
                    self.starts.append(b)
        if not self.starts:
            self.starts = list(self.next)

    def text(self, rng: random.Random, size: int) -> str:
        """``size`` characters of chain text, starting a sentence."""
        word = rng.choice(self.starts)
        parts = [word]
        length = len(word)
        while length < size:
            followers = self.next.get(word)
            # a dead end (a body's last word): start a new sentence
            if followers:
                word = followers[int(rng.random() * len(followers))]
            else:
                word = rng.choice(self.starts)
            parts.append(word)
            length += len(word)
        return "".join(parts)[:size]


def _is_body(segment: str) -> bool:
    return segment.count("\n") + 1 >= _BODY_LINES


def _rewrite(segment: str, chain: _WordChain, rng: random.Random, opening: bool) -> str:
    """The segment's lines (indents, widths, final punctuation) filled with chain text:
    the page keeps its hard wraps and paragraph shape for the layout analysis. The
    ``opening`` paragraph of a story keeps its first line (本报讯, a dateline, a byline:
    how a reader, and the layout analysis, sees a story begin)."""
    if opening:
        first, _, rest = segment.partition("\n")
        return f"{first}\n{_rewrite(rest, chain, rng, opening=False)}"
    lines = segment.split("\n")
    bodies = [line.strip() for line in lines]
    size = sum(map(len, bodies))
    text = chain.text(rng, size)
    if bodies[-1] and bodies[-1][-1] in _SENTENCE_END + "”":
        text = text[:-1] + bodies[-1][-1]
    out, position = [], 0
    for line, body in zip(lines, bodies, strict=True):
        indent = line[: len(line) - len(line.lstrip())]
        out.append(indent + text[position : position + len(body)])
        position += len(body)
    return "\n".join(out)


def _page_text(rng: random.Random, sources: list[list[str]], chain: _WordChain, keep: float) -> str:
    """A page made of contiguous runs of source segments: headlines, bylines and captions
    as printed, body paragraphs rewritten from the chain (a ``keep`` share as printed)."""
    parts: list[str] = []
    size = 0
    while size < _PAGE_BYTES:
        segments = rng.choice(sources)
        start = rng.randrange(len(segments))
        previous = ""
        for segment in segments[start : start + rng.randint(6, 18)]:
            if _is_body(segment) and rng.random() >= keep:
                opening = not _is_body(previous)
                previous, segment = segment, _rewrite(segment, chain, rng, opening)
            else:
                previous = segment
            parts.append(segment)
            size += len(segment.encode())
    return "\n\n".join(parts) + "\n"


def generate_library(
    dest: Path, pages: int, seed: int = 7, seeds: Path | None = None, keep: float = KEEP
) -> GeneratedLibrary:
    """Write ``pages`` page files as ``<报名>/<YYYY-MM-DD>/<NN>.txt``: deterministic per seed.

    ``keep``: the share of body paragraphs copied as printed (the rest is chain text)."""
    rng = random.Random(seed)
    sources = _source_segments(seeds or bundled_library())
    chain = _WordChain([seg for page in sources for seg in page if _is_body(seg)])
    written = total = 0
    day = date(2024, 1, 1)
    while written < pages:
        paper = _PAPERS[(day.toordinal()) % len(_PAPERS)]
        issue_pages = min(rng.randint(8, 12), pages - written)
        folder = dest / paper / day.isoformat()
        folder.mkdir(parents=True, exist_ok=True)
        for number in range(1, issue_pages + 1):
            data = _page_text(rng, sources, chain, keep).encode()
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
        peak_mb = _peak_mb()[0]
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


def _query_mix(archive, seed: int) -> list[str]:
    """≥ 200 queries: words, quoted phrases, single characters, filtered words."""
    from reader.language.segmenter import words

    rng = random.Random(seed)
    stories = [s for s in archive.stories if len("".join(s.lead.paragraphs)) > 200]
    texts = ["".join(p for a in s.fragments for p in a.paragraphs) for s in stories]
    cjk = re.compile(r"^[\u4e00-\u9fff]+$")
    mix: list[str] = []
    while len(mix) < 80:
        candidates = [w for w in words(rng.choice(texts)[:300]) if len(w) >= 2 and cjk.match(w)]
        if candidates:
            mix.append(rng.choice(candidates))
    while len(mix) < 140:
        text = rng.choice(texts)
        start = rng.randrange(len(text) - 10)
        piece = text[start : start + rng.randint(4, 8)]
        if cjk.match(piece):
            mix.append(f'"{piece}"')
    while len(mix) < 170:
        char = rng.choice(rng.choice(texts))
        if cjk.match(char):
            mix.append(char)
    papers = sorted({s.pages[0].meta.newspaper for s in stories if s.pages[0].meta.newspaper})
    months = sorted({s.pages[0].meta.date.isoformat()[:7] for s in stories if s.pages[0].meta.date})
    while len(mix) < 200:
        word = mix[len(mix) % 80]
        kind = len(mix) % 3
        if kind == 0:
            mix.append(f"{word} paper:{rng.choice(papers)}")
        elif kind == 1:
            mix.append(f"{word} date:{rng.choice(months)}")
        else:
            mix.append(f"{word} page:{rng.randint(1, 8)}")
    return mix


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _folder_mb(path: Path) -> float:
    """Size of a file, or of every file under a folder, in MB."""
    if path.is_file():
        return path.stat().st_size / 1_000_000
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1_000_000


def _peak_mb() -> tuple[float, float]:
    """Peak RSS of this process and of its largest child (0 where unknown: Windows)."""
    try:
        import resource  # POSIX only: imported here so the bench tools load on Windows
    except ImportError:
        return 0.0, 0.0
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def default_layout_references() -> list[Path]:
    """The corpus copy in the source tree's tests (each set's ``gold.json``), if present,
    the PDF pages of the corpus read directly (``pdf-dev/pdf/gold.json``), and the second
    paper set by our own typesetter (``wuhai/*/gold.json``, a check that rules carry over)."""
    from reader.layout.evaluate import find_references

    corpus = Path(__file__).resolve().parents[1] / "tests" / "corpus"
    if not corpus.is_dir():
        return []
    pdf = corpus / "pdf-dev" / "pdf" / "gold.json"
    return (
        find_references([corpus])
        + ([pdf] if pdf.is_file() else [])
        + find_references([corpus / "wuhai"])
    )


def run_layout_benchmark(paths: list[Path]) -> str:
    """Boundary / title / whole-article rates and time per page for each reference set,
    then how its stories join the continuations the reference names (where it names any)."""
    from reader.layout.evaluate import find_references, score_links, score_reference

    references = find_references(paths) if paths else default_layout_references()
    if not references:
        return "no reference found (give gold.json files or folders holding them)"
    lines = [score_reference(reference).line() for reference in references]
    for reference in references:
        links = score_links(reference)
        if links.pairs:
            lines.append(links.line())
    return "\n".join(lines)


_LAUNCH_PROBE = """
import sys, time
started = time.perf_counter()
from pathlib import Path
from reader.archive import load_archive
from reader.paths import bundled_library
from reader.search.engine import open_engine
from reader.language.segmenter import tokenizer
tokenizer()
engine = open_engine(Path(sys.argv[1]))
engine.update(load_archive([bundled_library()]))
print(f"{time.perf_counter() - started:.3f}")
"""


def _sample_library_ready_seconds(folder: Path) -> tuple[float, float]:
    """A fresh process: imports, jieba (cached dictionary), parse and index the samples.

    Twice, each with a new index: the first start compiles every module when the machine
    keeps no bytecode (``PYTHONDONTWRITEBYTECODE``, set on the shared build machine, cost
    ~2 s of ``compile``); the second reads it from a private cache, as an installed app
    (whose bundle holds compiled modules) does. Returns (first, installed-like)."""
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(folder / "bytecode")
    seconds = []
    for start in ("first", "again"):
        done = subprocess.run(
            [sys.executable, "-c", _LAUNCH_PROBE, str(folder / start)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        seconds.append(float(done.stdout.strip().splitlines()[-1]))
    return seconds[0], seconds[1]


def _cpu_seconds() -> float:
    """CPU time of this process and its finished (joined) children: on a shared machine
    the wall-clock ratio of two builds run a minute apart says little, this one more."""
    try:
        import resource  # POSIX only
    except ImportError:
        return time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _repeated_share(docs: list) -> tuple[float, float]:
    """Shares of the stories' characters, and of their jieba blocks (clauses), in blocks
    seen before in the archive: what the engine's block cache saves (the real sample pages
    repeat ~14 % of their characters, 55 % of their blocks: short ones)."""
    import jieba

    from reader.language.normalize import normalize

    seen: set[str] = set()
    total = repeated = blocks = repeated_blocks = 0
    for doc in docs:
        text = normalize(f"{doc.title}\n{doc.text}")
        for block in filter(None, jieba.re_han_default.split(text)):
            if not jieba.re_han_default.match(block):
                continue  # punctuation and spaces between blocks
            total += len(block)
            blocks += 1
            if block in seen:
                repeated += len(block)
                repeated_blocks += 1
            seen.add(block)
    return (repeated / total, repeated_blocks / blocks) if blocks else (0.0, 0.0)


def run_search_benchmark(pages: int = 3000, seed: int = 7, workers: int | None = None) -> str:
    """Index build, size, query latency and incremental update against an FTS5 baseline."""
    from reader.language.segmenter import tokenizer
    from reader.search.baseline import Fts5Baseline
    from reader.search.documents import story_doc
    from reader.search.engine import SearchRequest, open_engine

    workdir = Path(tempfile.mkdtemp(prefix="reader-search-bench-"))
    lines: list[str] = []
    try:
        tokenizer()
        library = generate_library(workdir / "library", pages, seed)
        started = time.perf_counter()
        archive = load_archive([library.root])
        parse_seconds = time.perf_counter() - started
        text_mb = sum(len(d.text.encode()) for d in map(story_doc, archive.stories)) / 1e6
        lines.append(
            f"archive: {library.pages} pages, {library.bytes / 1e6:.1f} MB of page text, "
            f"{len(archive.stories)} stories ({text_mb:.1f} MB of story text); "
            f"parsed in {parse_seconds:.1f} s"
        )
        engine = open_engine(workdir / "index", workers=workers)
        processes = workers or os.cpu_count() or 1
        cpu = _cpu_seconds()
        build = engine.build(archive)
        build_cpu = _cpu_seconds() - cpu
        own_mb, child_mb = _peak_mb()
        index_mb = _folder_mb(workdir / "index")
        lines.append(
            f"full build: {build.seconds:.1f} s = {text_mb / build.seconds:.2f} MB/s "
            f"({processes} analysis processes); peak RSS {own_mb:.0f} MB main, "
            f"{child_mb:.0f} MB largest worker; index {index_mb:.0f} MB"
        )
        baseline = Fts5Baseline(workdir / "baseline.sqlite3")
        docs = [story_doc(s) for s in archive.stories]
        cpu = _cpu_seconds()
        baseline_seconds = baseline.build(docs, workers=processes)
        baseline_cpu = _cpu_seconds() - cpu
        lines.append(
            f"baseline (SQLite FTS5 over jieba words, {processes} processes): "
            f"{baseline_seconds:.1f} s, "
            f"{_folder_mb(workdir / 'baseline.sqlite3'):.0f} MB; "
            f"build ratio ours/baseline = {build.seconds / baseline_seconds:.2f}"
        )
        repeated_chars, repeated_blocks = _repeated_share(docs)
        lines.append(
            f"build CPU time (all processes): ours {build_cpu:.1f} s, baseline "
            f"{baseline_cpu:.1f} s, ratio {build_cpu / baseline_cpu:.2f}; "
            f"{repeated_chars:.0%} of the story text ({repeated_blocks:.0%} of its jieba "
            f"blocks) is in blocks seen before (our block cache skips them, the baseline "
            f"cuts them again)"
        )
        mix = _query_mix(archive, seed)
        engine.search(SearchRequest(mix[0]))
        ours, theirs, found_ours, found_theirs = [], [], 0, 0
        for query in mix:
            results = engine.search(SearchRequest(query))
            ours.append(results.ms)
            found_ours += results.total
            started = time.perf_counter()
            total, _ = baseline.search(query)
            theirs.append((time.perf_counter() - started) * 1000)
            found_theirs += total
        p50, p95 = _percentile(ours, 0.5), _percentile(ours, 0.95)
        b50, b95 = _percentile(theirs, 0.5), _percentile(theirs, 0.95)
        lines.append(
            f"queries ({len(mix)}: 80 words, 60 phrases, 30 single characters, 30 filtered): "
            f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(ours):.1f} ms; "
            f"baseline p50 {b50:.1f} ms, p95 {b95:.1f} ms; "
            f"ratio p50 {p50 / b50:.1f}, p95 {p95 / b95:.1f}"
        )
        lines.append(
            f"stories found over the mix: ours {found_ours}, baseline {found_theirs} "
            f"(the baseline misses substrings of jieba words and single characters)"
        )
        page = next(iter(sorted(library.root.rglob("05.txt"))))
        page.write_text(
            page.read_text(encoding="utf-8") + "\n本报讯 基准测试追加的一段新闻。\n",
            encoding="utf-8",
        )
        started = time.perf_counter()
        changed = load_archive([library.root], previous=archive)
        reread = time.perf_counter() - started
        update = engine.update(changed)
        lines.append(
            f"one-page incremental update: index {update.seconds:.3f} s "
            f"({update.indexed} written, {update.removed} removed); "
            f"re-reading the library with unchanged pages reused: {reread:.2f} s"
        )
        engine.close()
        baseline.close()
        first, ready = _sample_library_ready_seconds(workdir / "sample-index")
        lines.append(
            f"sample library: index ready {ready:.2f} s after a fresh process starts "
            f"({first:.2f} s when it first compiles its modules)"
        )
        numbers = {
            "build_s": build.seconds,
            "baseline_build_s": baseline_seconds,
            "build_cpu_s": build_cpu,
            "baseline_build_cpu_s": baseline_cpu,
            "index_mb": index_mb,
            "baseline_index_mb": _folder_mb(workdir / "baseline.sqlite3"),
            "p50_ms": p50,
            "p95_ms": p95,
            "max_ms": max(ours),
            "baseline_p50_ms": b50,
            "baseline_p95_ms": b95,
            "update_s": update.seconds,
            "ready_s": ready,
            "ready_first_s": first,
            "repeated_share": repeated_chars,
        }
        # the last line: one JSON object, for scripts and CI
        lines.append(json.dumps({k: round(v, 3) for k, v in numbers.items()}))
        return "\n".join(lines)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
