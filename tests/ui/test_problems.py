"""The problems panel lists every file not read or not fully analysed, with the reason."""

from __future__ import annotations

import shutil
from pathlib import Path

from pagetext import column, page, write_continued_story
from uiharness import SEEDS, App

from reader.ui.problems import FILE, KIND, REASON


def test_problems_are_listed_by_file_and_reason(qtbot, tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(SEEDS, library)
    (library / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (library / "乌海日报" / "2025-07-01").mkdir(parents=True)
    (library / "乌海日报" / "2025-07-01" / "02.txt").write_bytes(b"")
    (library / "empty.txt").write_bytes(b"")
    damaged = bytearray((SEEDS / "000_b3bc1cab3866df80.txt").read_bytes())
    damaged[300] = 0xFF
    (library / "damaged.txt").write_bytes(bytes(damaged))
    harness = App(qtbot, tmp_path, library)
    window = harness.open()
    archive = window.core.archive
    expected = len(archive.errors) + len(archive.warnings)  # oracle: what the core reports
    model = window.problems.model
    assert model.rowCount() == expected == 4

    def cell(row: int, column: int) -> str:
        return model.index(row, column).data()

    rows = {cell(r, FILE): cell(r, REASON) for r in range(4)}
    # named by their place in the library: which issue's 02.txt it is
    assert set(rows) == {"binary.txt", "empty.txt", "damaged.txt", "乌海日报/2025-07-01/02.txt"}
    assert "文件为空" in rows["empty.txt"] and "不是文本文件" in rows["binary.txt"]
    assert "损坏" in rows["damaged.txt"]
    assert window.problems_button.isVisible() and "4" in window.problems_button.text()
    window.problems_button.click()
    assert window.problems_dock.isVisible()
    row = next(r for r in range(4) if cell(r, FILE) == "damaged.txt")
    window.problems.table.doubleClicked.emit(model.index(row, KIND))
    assert Path(window.article.story.pages[0].source).name == "damaged.txt"
    harness.close()


def test_no_problems_no_button(qtbot, tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(SEEDS, library)
    harness = App(qtbot, tmp_path, library)
    window = harness.open()
    assert window.problems.model.rowCount() == 0 and not window.problems_button.isVisible()
    harness.close()


def test_a_jump_line_not_answered_is_listed_until_joined_by_hand(qtbot, tmp_path: Path) -> None:
    """下转第四版 on page 1 while page 4, in the library, goes on with no part of it: the
    place is listed (it opens on a double click) until the reader joins it (接续到…)."""
    library = tmp_path / "library"  # the pages below alone: the samples' 2025-06-18 jumps too
    folder = write_continued_story(library)
    (folder / "04.txt").write_text(
        page("城区首条自行车专用道通车", column(["本报讯 昨日，城区首条自行车专用道正式通车。"])),
        encoding="utf-8",
    )
    harness = App(qtbot, tmp_path, library)
    window = harness.open()
    model = window.problems.model
    rows = [r for r in range(model.rowCount()) if model.index(r, KIND).data() == "接续未找到"]
    assert len(rows) == len(window.core.archive.unjoined()) == 1
    reason = model.index(rows[0], REASON).data()
    assert "下转第4版" in reason and reason.startswith("全市公园延长夜间开放时间：")  # names it
    assert window.problems_button.isVisible()
    window.problems.table.doubleClicked.emit(model.index(rows[0], FILE))
    source = window.article.story.fragments[0]
    assert "公园" in source.text and source.continues_to == 4
    target = window.core.archive.page_of(source.id)  # page 1; the other page's item:
    other = next(
        a for p in window.core.archive.pages if p.meta.page == 4 and p.meta.date for a in p.articles
    )
    assert target.meta.page == 1
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        window.core.link_continuation(source.id, other.id)
        window.archive_changed(source.id)
    assert window.core.archive.unjoined() == []
    assert model.rowCount() == 0 and not window.problems_button.isVisible()
    harness.close()


def test_the_list_keeps_the_readers_place_when_it_is_made_again(qtbot, tmp_path: Path) -> None:
    """After a problem is dealt with the list is made again: the problem being worked on
    stays current, and one that is gone gives its place to the next, not to row 0."""
    from reader.archive import load_archive

    library = tmp_path / "library"
    shutil.copytree(SEEDS, library)
    for name in ("a.txt", "b.txt", "c.txt"):
        (library / name).write_bytes(b"")
    harness = App(qtbot, tmp_path, library)
    window = harness.open()
    panel, model = window.problems, window.problems.model
    files = [model.index(r, FILE).data() for r in range(model.rowCount())]
    assert sorted(files) == ["a.txt", "b.txt", "c.txt"]

    def current() -> str:
        return model.index(panel.table.currentIndex().row(), FILE).data()

    def fix_and_list_again(name: str) -> None:
        (library / name).write_text((SEEDS / "000_b3bc1cab3866df80.txt").read_text("utf-8"))
        panel.populate(load_archive([library]), (library,))

    panel.table.selectRow(files.index("b.txt"))
    fix_and_list_again(files[0] if files[0] != "b.txt" else files[2])  # another one fixed
    assert current() == "b.txt"
    after_b = [f for f in files if f != "b.txt" and (library / f).stat().st_size == 0]
    fix_and_list_again("b.txt")  # the current one dealt with: the next takes its place
    assert model.rowCount() == 1 and current() == after_b[-1]
    assert panel.table.selectionModel().isRowSelected(0)
    harness.close()
