"""Crashes and concurrency with real processes: kill -9, stale locks, search during builds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from oracle import matching

from reader.archive import load_archive
from reader.bench import generate_library
from reader.search import whoosh_engine
from reader.search.engine import SearchRequest
from reader.search.whoosh_engine import STATE_FILE, IndexBusyError, WhooshEngine

BUILD_AND_FREEZE = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from reader.archive import load_archive
    from reader.search import whoosh_engine
    whoosh_engine.COMMIT_EVERY = 40
    engine = whoosh_engine.WhooshEngine(Path(sys.argv[2]), workers=1)
    def progress(done, total, phase):
        if done >= 100:
            print("HALFWAY", flush=True)
            time.sleep(120)
    engine.submit_build(load_archive([Path(sys.argv[1])]), progress).result()
""")
HOLD_LOCK = textwrap.dedent("""
    import sys, time
    from whoosh import index
    ix_dir = sys.argv[1]
    writer = index.open_dir(ix_dir).writer()
    print("LOCKED", flush=True)
    time.sleep(120)
""")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("library")
    generate_library(root, pages=16, seed=5)
    return root


def run_until(script: str, marker: str, *args: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == marker:
            return process
    raise AssertionError(f"{marker} never printed (exit {process.wait()})")


def kill9(process: subprocess.Popen[str]) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def live_index(root: Path) -> Path:
    return next(p for p in root.glob("ix-*"))


def test_first_build_killed_half_way_is_detected_and_rebuilt(library: Path, tmp_path: Path) -> None:
    kill9(run_until(BUILD_AND_FREEZE, "HALFWAY", str(library), str(tmp_path)))
    assert not (tmp_path / STATE_FILE).exists() and list(tmp_path.glob("ix-*"))
    engine = WhooshEngine(tmp_path, workers=1)
    assert engine.needs_build and "中断" in engine.messages[0]
    assert list(tmp_path.glob("ix-*")) == []  # the half-written index is gone
    archive = load_archive([library])
    engine.update(archive)
    assert engine.document_count() == len(archive.stories)
    engine.close()


def test_rebuild_killed_half_way_keeps_the_previous_index(library: Path, tmp_path: Path) -> None:
    engine = WhooshEngine(tmp_path, workers=1)
    archive = load_archive([library])
    engine.build(archive)
    before = engine.search(SearchRequest("发展", limit=1000))
    engine.close()
    live = live_index(tmp_path)
    kill9(run_until(BUILD_AND_FREEZE, "HALFWAY", str(library), str(tmp_path)))
    assert len(list(tmp_path.glob("ix-*"))) == 2
    reopened = WhooshEngine(tmp_path, workers=1)
    assert not reopened.needs_build and "中断" in reopened.messages[0]
    assert [p.name for p in tmp_path.glob("ix-*")] == [live.name]
    after = reopened.search(SearchRequest("发展", limit=1000))
    assert after.total == before.total > 0
    reopened.close()


def test_write_lock_of_a_killed_process_is_recovered(tmp_path: Path) -> None:
    seeds = Path(__file__).resolve().parent.parent.parent / "seeds"
    engine = WhooshEngine(tmp_path / "ix", workers=1)
    engine.build(load_archive([seeds]))
    kill9(run_until(HOLD_LOCK, "LOCKED", str(live_index(tmp_path / "ix"))))
    engine.lock_timeout = 1.0
    library = tmp_path / "lib"
    library.mkdir()
    (library / "only.txt").write_text("本报讯 锁已释放，更新照常进行。\n", encoding="utf-8")
    report = engine.update(load_archive([library]))
    assert report.removed == len(load_archive([seeds]).stories) and report.indexed == 1
    assert engine.search(SearchRequest("锁已释放")).total == 1
    engine.close()


def test_a_live_writer_elsewhere_gives_a_clear_message(tmp_path: Path) -> None:
    seeds = Path(__file__).resolve().parent.parent.parent / "seeds"
    engine = WhooshEngine(tmp_path, workers=1)
    engine.build(load_archive([seeds]))
    holder = run_until(HOLD_LOCK, "LOCKED", str(live_index(tmp_path)))
    try:
        engine.lock_timeout = 0.3
        empty = load_archive([tmp_path / "nothing-here"])
        with pytest.raises(IndexBusyError, match="另一个程序正在写入索引"):
            engine.update(empty)
        coal = sum(matching(load_archive([seeds]), "煤").values())
        assert engine.search(SearchRequest("煤")).total == coal > 0  # still answering
    finally:
        kill9(holder)
        engine.close()


def test_search_during_a_build_answers_from_what_is_committed(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(whoosh_engine, "COMMIT_EVERY", 50)
    engine = WhooshEngine(tmp_path, workers=1)
    archive = load_archive([library])
    halfway, resume = threading.Event(), threading.Event()

    def progress(done: int, total: int, phase: str) -> None:
        if done == 100:
            halfway.set()
            resume.wait(30)

    assert engine.search(SearchRequest("发展")).error == "索引建立中，请稍候再搜索。"
    future = engine.submit_build(archive, progress)
    assert halfway.wait(60)
    during = engine.search(SearchRequest("发展", limit=1000))
    resume.set()
    future.result(timeout=120)
    after = engine.search(SearchRequest("发展", limit=1000))
    assert during.building and during.error is None
    assert 0 < during.total < after.total and not after.building
    engine.close()
