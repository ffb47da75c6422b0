"""The core app object: loading, indexing on demand, importing pages."""

from __future__ import annotations

import shutil
import tomllib
from datetime import date
from pathlib import Path

from search.oracle import matching

from reader.app import ReaderCore
from reader.imports import ImportItem
from reader.model import PageMeta
from reader.search.engine import SearchRequest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def core_in(tmp_path: Path) -> ReaderCore:
    library = tmp_path / "library"
    shutil.copytree(SEEDS, library)
    return ReaderCore(library, tmp_path / "index", tmp_path / "bookmarks.sqlite3")


def test_load_index_search_and_skip_when_current(tmp_path: Path) -> None:
    core = core_in(tmp_path)
    core.load()
    assert not core.search_ready and core.index() is not None and core.search_ready
    assert core.index() is None  # nothing changed since
    assert core.search(SearchRequest("煤")).total == len(matching(core.archive, "煤")) > 0
    core.close()


def test_import_copies_good_files_and_refuses_bad_ones(tmp_path: Path) -> None:
    core = core_in(tmp_path)
    good = tmp_path / "in" / "a.txt"
    good.parent.mkdir()
    good.write_text("本报讯 导入测试。\n", encoding="utf-8")
    unknown_page = good.with_name("b.txt")
    unknown_page.write_text("本报讯 版次未知。\n", encoding="utf-8")
    unfiled = good.with_name("c.txt")
    unfiled.write_text("本报讯 未归档。\n", encoding="gb18030")
    empty = good.with_name("d.txt")
    empty.write_bytes(b"")
    report = core.import_pages(
        [
            ImportItem(good, PageMeta("北方新报", date(2025, 7, 1), 3)),
            ImportItem(unknown_page, PageMeta("北方新报", date(2025, 7, 1), None)),
            ImportItem(unfiled, PageMeta()),
            ImportItem(empty, PageMeta("北方新报", date(2025, 7, 1), 5)),
        ]
    )
    folder = core.library / "北方新报" / "2025-07-01"
    assert report.imported == [
        folder / "03.txt",
        folder / "b.txt",
        core.library / "未归档" / "c.txt",
    ]
    assert [(p.name, "empty" in r) for p, r in report.rejected] == [("d.txt", True)]
    manifest = tomllib.loads((folder / "manifest.toml").read_text(encoding="utf-8"))
    assert {e["file"]: e.get("page") for e in manifest["page"]} == {"03.txt": 3, "b.txt": None}
    archive = core.load()
    metas = {Path(p.source).name: p.meta for p in archive.pages}
    assert metas["b.txt"] == PageMeta("北方新报", date(2025, 7, 1), None)
    assert metas["c.txt"] == PageMeta()
    assert archive.errors == []
    core.close()


def test_collection_is_paused_while_loading_and_back_after(tmp_path: Path) -> None:
    """Reading a library pauses the cyclic collector (it froze the window on a big archive)
    and turns it back on after; nested and concurrent pauses count."""
    import gc
    import threading

    from reader.app import _collection_paused

    assert gc.isenabled()
    seen: list[bool] = []
    started, release = threading.Event(), threading.Event()

    def other() -> None:
        with _collection_paused:
            started.set()
            release.wait(10)

    worker = threading.Thread(target=other)
    worker.start()
    started.wait(10)
    with _collection_paused:
        with _collection_paused:
            seen.append(gc.isenabled())
        seen.append(gc.isenabled())
    seen.append(gc.isenabled())  # the other thread's pause still runs
    release.set()
    worker.join()
    assert seen == [False, False, False] and gc.isenabled()
    gc.disable()  # off before: stays off after
    try:
        with _collection_paused:
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    core = core_in(tmp_path)
    frozen = gc.get_freeze_count()
    core.load()
    assert gc.isenabled() and gc.get_freeze_count() > frozen  # the archive is left out
    core.close()
