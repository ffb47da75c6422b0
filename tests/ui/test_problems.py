"""The problems panel lists every file not read or not fully analysed, with the reason."""

from __future__ import annotations

import shutil
from pathlib import Path

from uiharness import SEEDS, App

from reader.ui.problems import FILE, REASON


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
    table = window.problems.table
    assert table.rowCount() == expected == 4
    rows = {table.item(r, FILE).text(): table.item(r, REASON).text() for r in range(4)}
    # named by their place in the library: which issue's 02.txt it is
    assert set(rows) == {"binary.txt", "empty.txt", "damaged.txt", "乌海日报/2025-07-01/02.txt"}
    assert "文件为空" in rows["empty.txt"] and "不是文本文件" in rows["binary.txt"]
    assert "损坏" in rows["damaged.txt"]
    assert window.problems_button.isVisible() and "4" in window.problems_button.text()
    window.problems_button.click()
    assert window.problems_dock.isVisible()
    row = next(r for r in range(4) if table.item(r, FILE).text() == "damaged.txt")
    table.cellDoubleClicked.emit(row, 0)
    assert Path(window.article.story.pages[0].source).name == "damaged.txt"
    harness.close()


def test_no_problems_no_button(qtbot, tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(SEEDS, library)
    harness = App(qtbot, tmp_path, library)
    window = harness.open()
    assert window.problems.table.rowCount() == 0 and not window.problems_button.isVisible()
    harness.close()
