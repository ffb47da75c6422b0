"""The core app object: loading, indexing on demand, importing pages."""

from __future__ import annotations

import shutil
import tomllib
from datetime import date
from pathlib import Path

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
    assert core.search(SearchRequest("煤")).total == 8
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
