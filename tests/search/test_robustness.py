"""Damage on disk, worker processes, the inter-process index lock, hostile queries.

Real indexes on disk and real processes (kill -9); expectations come from the oracle
(brute-force substring search over the parsed archive).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from oracle import matching

from reader.archive import load_archive
from reader.bench import generate_library
from reader.search.engine import SearchRequest
from reader.search.query import MAX_QUERY_CHARS, Term, parse
from reader.search.whoosh_engine import IndexBusyError, WhooshEngine

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
QUERIES = ["煤", "发展", '"生态环境保护"', "BDO", "命运共同体", "乌海"]


@pytest.fixture(scope="module")
def child_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Subprocesses share one jieba cache (each test's own cache folder would make every
    child build jieba's dictionary cache again, ~1.5 s)."""
    return {**os.environ, "XDG_CACHE_HOME": str(tmp_path_factory.mktemp("child-cache"))}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("library")
    generate_library(root, pages=10, seed=5)
    return root


def answers(engine: WhooshEngine, queries: list[str] = QUERIES) -> dict[str, list[str]]:
    out = {}
    for query in queries:
        results = engine.search(SearchRequest(query, limit=1000))
        assert results.error is None, (query, results.error)
        out[query] = sorted(h.story_id for h in results.hits)
    return out


def oracle_answers(archive, queries: list[str] = QUERIES) -> dict[str, list[str]]:
    return {q: sorted(matching(archive, q.strip('"')).elements()) for q in queries}


def damage(folder: Path, rng: random.Random, spots: int = 3, size: int = 64) -> None:
    """Overwrite bytes in place inside the segment files (same length, as a bad disk)."""
    for segment in sorted(folder.glob("ix-*/*.seg")):
        length = segment.stat().st_size
        with open(segment, "r+b") as stream:
            for _ in range(spots):
                stream.seek(rng.randrange(0, max(1, length - size)))
                stream.write(rng.randbytes(size))


# -- damage -------------------------------------------------------------------------------
@pytest.mark.parametrize("seed", [2])
def test_damaged_segment_found_on_opening_is_rebuilt(
    tmp_path: Path, seeds_archive, seed: int
) -> None:
    engine = WhooshEngine(tmp_path, workers=1)
    engine.build(seeds_archive)
    assert answers(engine) == oracle_answers(seeds_archive)
    engine.close()
    damage(tmp_path, random.Random(seed))
    reopened = WhooshEngine(tmp_path, workers=1)
    assert reopened.needs_build and reopened.damaged
    assert any("索引已损坏" in m for m in reopened.messages)
    for query in QUERIES:  # never an exception; a clear message
        assert reopened.search(SearchRequest(query)).error is not None
    report = reopened.update(seeds_archive)  # what the app's index step does
    assert report.full and not reopened.damaged
    assert answers(reopened) == oracle_answers(seeds_archive)
    reopened.close()
    again = WhooshEngine(tmp_path, workers=1)  # the rebuilt index is sound on the next start
    assert not again.needs_build and again.messages == []
    again.close()


def test_damage_while_running_is_detected_and_rebuilt(tmp_path: Path, seeds_archive) -> None:
    engine = WhooshEngine(tmp_path, workers=1)
    engine.build(seeds_archive)
    expected = oracle_answers(seeds_archive)
    # a few bytes: searches may not notice; the check (cheap: CRC-32) does
    assert engine.check() is True
    damage(tmp_path, random.Random(4), spots=1, size=8)
    assert engine.check() is False and engine.damaged
    engine.wait_idle(120)  # the engine knew the archive: it rebuilt on its own
    assert answers(engine) == expected and engine.check() is True
    # the whole segment noise: the first search fails, finds the damage, rebuilds
    rng = random.Random(9)
    for segment in tmp_path.glob("ix-*/*.seg"):
        segment.write_bytes(rng.randbytes(segment.stat().st_size))
    for query in QUERIES:
        results = engine.search(SearchRequest(query))
        assert results.error == "索引已损坏，正在重新建立索引，请稍候再搜索。"
    assert engine.damaged and any("索引已损坏" in m for m in engine.messages)
    engine.wait_idle(120)
    assert answers(engine) == expected and not engine.damaged
    engine.close()


def test_a_renamed_module_means_a_rebuild_not_damage(tmp_path: Path, seeds_archive) -> None:
    from reader.search.whoosh_engine import CHECKSUMS_FILE, _write_checksums

    engine = WhooshEngine(tmp_path, workers=1)
    engine.build(seeds_archive)
    engine.close()
    [toc] = tmp_path.glob("ix-*/_MAIN_*.toc")  # the pickled table of contents names classes
    data = toc.read_bytes()
    for module in (b"reader.search.codec", b"reader.search.schema"):
        assert module in data
        data = data.replace(module, module[:-1] + b"X")
    toc.write_bytes(data)
    (toc.parent / CHECKSUMS_FILE).unlink()
    _write_checksums(toc.parent)  # the files are as written: only the code moved
    reopened = WhooshEngine(tmp_path, workers=1)
    assert reopened.needs_build and not reopened.damaged
    assert reopened.messages == ["索引格式已更新，重新建立索引。"]
    reopened.update(seeds_archive)
    assert answers(reopened) == oracle_answers(seeds_archive)
    reopened.close()


# -- worker processes ---------------------------------------------------------------------
BUILD_WITH_WORKERS = textwrap.dedent("""
    import multiprocessing, sys, time
    from pathlib import Path
    from reader.archive import load_archive
    from reader.search import whoosh_engine

    if __name__ == "__main__":
        whoosh_engine.POOL_THRESHOLD = 10
        engine = whoosh_engine.WhooshEngine(Path(sys.argv[2]), workers=2)
        engine.submit_build(load_archive([Path(sys.argv[1])]))
        while len(multiprocessing.active_children()) < 2:
            time.sleep(0.02)
        pids = [p.pid for p in multiprocessing.active_children()]
        print("WORKERS", *pids, flush=True)
        time.sleep(120)
""")


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return "\nState:\tZ" not in status  # a zombie is dead, waiting for its parent to reap it


def wait_dead(pids: list[int], seconds: float = 10.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = [pid for pid in pids if alive(pid)]
        if not left:
            return []
        time.sleep(0.1)
    return [pid for pid in pids if alive(pid)]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_workers_die_with_a_killed_parent(library: Path, tmp_path: Path, child_env) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", BUILD_WITH_WORKERS, str(library), str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
        env=child_env,
    )
    assert process.stdout is not None
    line = process.stdout.readline().split()
    assert line and line[0] == "WORKERS", line
    workers = [int(pid) for pid in line[1:]]
    assert workers and all(alive(pid) for pid in workers)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    survivors = wait_dead(workers, 10.0)
    for pid in survivors:  # do not leave them behind even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert survivors == []


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_close_cancels_a_build_and_stops_its_workers(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing

    from reader.search import whoosh_engine

    monkeypatch.setattr(whoosh_engine, "POOL_THRESHOLD", 10)
    engine = WhooshEngine(tmp_path, workers=2)
    before = {p.pid for p in multiprocessing.active_children()}
    future = engine.submit_build(load_archive([library]))
    deadline = time.monotonic() + 30
    while len({p.pid for p in multiprocessing.active_children()} - before) < 2:
        assert time.monotonic() < deadline and not future.done()
        time.sleep(0.02)
    workers = [p.pid for p in multiprocessing.active_children() if p.pid not in before]
    started = time.monotonic()
    engine.close()
    assert time.monotonic() - started < 10
    assert wait_dead(workers, 5.0) == []
    assert future.done()


# -- one writer per index, across processes -----------------------------------------------
BUILD_AND_HOLD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from reader.archive import load_archive
    from reader.search import whoosh_engine
    whoosh_engine.COMMIT_EVERY = 40
    engine = whoosh_engine.WhooshEngine(Path(sys.argv[2]), workers=1)
    def progress(done, total, phase):
        if done == 50:
            print("HALFWAY", flush=True)
            sys.stdin.readline()  # until the test says go on
    engine.submit_build(load_archive([Path(sys.argv[1])]), progress).result()
    print("DONE", flush=True)
    engine.close()
""")


def start_holder(library: Path, root: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", BUILD_AND_HOLD, str(library), str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "HALFWAY"
    return process


def test_a_second_program_never_deletes_a_build_in_progress(
    library: Path, tmp_path: Path, child_env
) -> None:
    archive = load_archive([library])
    first = WhooshEngine(tmp_path, workers=1)
    first.build(archive)
    before = answers(first, ["发展", "的"])
    first.close()
    holder = start_holder(library, tmp_path, child_env)
    try:
        folders = sorted(p.name for p in tmp_path.glob("ix-*"))
        assert len(folders) == 2  # the live index and the build in progress
        other = WhooshEngine(tmp_path, workers=1)
        assert sorted(p.name for p in tmp_path.glob("ix-*")) == folders  # nothing deleted
        assert other.messages == [] and not other.needs_build
        assert answers(other, ["发展", "的"]) == before  # answers from what is committed
        other.wait_timeout = 0.3
        with pytest.raises(IndexBusyError):
            other.build(archive)
        assert sorted(p.name for p in tmp_path.glob("ix-*")) == folders
        holder.stdin.write("go\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "DONE"
        assert holder.wait(timeout=60) == 0
        # the other program follows the new build without reopening
        assert answers(other, ["发展", "的"]) == before
        assert [p.name for p in tmp_path.glob("ix-*")] != folders
        other.close()
    finally:
        holder.kill()
        holder.wait()


def test_a_second_program_waits_for_a_first_build_then_uses_it(
    library: Path, tmp_path: Path, child_env
) -> None:
    archive = load_archive([library])
    holder = start_holder(library, tmp_path, child_env)
    try:
        other = WhooshEngine(tmp_path, workers=1)
        assert other.needs_build and other.messages == []
        assert len(list(tmp_path.glob("ix-*"))) == 1  # not taken for an interrupted build
        assert other.search(SearchRequest("发展")).error == "索引建立中，请稍候再搜索。"
        phases: list[str] = []
        future = other.submit_update(archive, lambda d, t, phase: phases.append(phase))
        time.sleep(0.5)
        assert not future.done() and phases == ["等待另一个程序完成索引"]
        holder.stdin.write("go\n")
        holder.stdin.flush()
        report = future.result(timeout=120)
        assert not report.full and report.indexed == 0  # the other's build was reused
        assert answers(other, ["发展"]) == oracle_answers(archive, ["发展"])
        other.close()
    finally:
        holder.kill()
        holder.wait()


# -- queries ------------------------------------------------------------------------------
@pytest.fixture
def engine(seeds_engine: WhooshEngine) -> WhooshEngine:
    return seeds_engine


def test_repeated_terms_collapse(engine: WhooshEngine) -> None:
    query = "的 " * 3000
    assert parse(query).clauses == (Term("的"),)
    assert parse("煤 OR 煤 电 电").clauses == (Term("煤"), Term("电"))
    started = time.perf_counter()
    results = engine.search(SearchRequest(query, limit=1000))
    assert time.perf_counter() - started < 1.0
    assert results.error is None
    assert results.total == engine.search(SearchRequest("的")).total > 0


def test_very_long_queries_get_a_clear_limit(engine: WhooshEngine) -> None:
    long_text = "".join(chr(0x4E00 + i) for i in range(MAX_QUERY_CHARS + 1))
    results = engine.search(SearchRequest(long_text))
    assert results.error == f"查询过长（最多 {MAX_QUERY_CHARS} 个字），请缩短后再搜索。"
    many = " ".join(chr(0x4E00 + i) for i in range(40))
    assert "搜索词太多" in engine.search(SearchRequest(many)).error
    assert "查询过长" in engine.search(SearchRequest("煤" * 1_000_000)).error


def test_a_pasted_paragraph_finds_its_story(engine: WhooshEngine, seeds_archive) -> None:
    story = max(
        seeds_archive.stories, key=lambda s: sum(len(p) for a in s.fragments for p in a.paragraphs)
    )
    text = "\n".join(p for a in story.fragments for p in a.paragraphs)
    paragraph = text[100:700]  # across paragraph breaks
    results = engine.search(SearchRequest(f'"{paragraph}"'))
    assert results.error is None
    assert story.id in [h.story_id for h in results.hits]
    assert results.total == sum(matching(seeds_archive, paragraph).values())


@pytest.mark.parametrize(
    ("date_from", "date_to", "message"),
    [
        ("2025-13-01", None, "日期不存在"),
        ("abc", None, "日期格式"),
        (None, "2025-02-30", "日期不存在"),
        ("2025-06-30", "2025-06-01", "开始晚于结束"),
    ],
)
def test_a_bad_date_filter_is_an_error(
    engine: WhooshEngine, date_from: str | None, date_to: str | None, message: str
) -> None:
    results = engine.search(SearchRequest("发展", date_from=date_from, date_to=date_to))
    assert results.error is not None and message in results.error and results.hits == []


def test_date_filter_accepts_days_months_and_years(engine: WhooshEngine) -> None:
    month = engine.search(SearchRequest("发展", date_from="2025-06", date_to="2025-06", limit=99))
    days = engine.search(
        SearchRequest("发展", date_from="2025-06-01", date_to="2025-06-30", limit=99)
    )
    assert month.error is None and month.total == days.total > 0


def test_a_cancelled_search_stops(engine: WhooshEngine) -> None:
    cancel = threading.Event()
    cancel.set()
    results = engine.search(SearchRequest("发展"), cancel=cancel)
    assert results.cancelled and results.hits == [] and results.error is None
    assert not engine.search(SearchRequest("发展"), cancel=threading.Event()).cancelled


def test_a_search_cancelled_from_another_thread_stops_early(
    engine: WhooshEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.search import docsets

    cancel = threading.Event()
    original = docsets.DocSets.postings

    def slow_postings(self, field: str, text: str):  # the UI's cancel arrives mid-search
        cancel.set()
        return original(self, field, text)

    monkeypatch.setattr(docsets.DocSets, "postings", slow_postings)
    results = engine.search(SearchRequest("生态 发展 项目"), cancel=cancel)
    assert results.cancelled and results.hits == [] and results.total == 0
