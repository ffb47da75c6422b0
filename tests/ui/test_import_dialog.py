"""The import dialog shows before OK which files cannot be imported or do not look like pages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from reader.library import find_page_files
from reader.model import PageMeta
from reader.ui.import_dialog import FILE, STATUS, ImportDialog

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"


def test_rows_say_what_each_file_is_before_ok(qtbot, tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes((SEEDS / "000_b3bc1cab3866df80.txt").read_bytes())
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "notes.md").write_text("hello\n", encoding="utf-8")
    files = list(find_page_files([tmp_path]))
    dialog = ImportDialog([(f.path, f.meta) for f in files])
    qtbot.addWidget(dialog)
    rows = {dialog.table.item(r, FILE).text(): r for r in range(dialog.table.rowCount())}
    state = {name: dialog.table.item(r, FILE).checkState() for name, r in rows.items()}
    status = {name: dialog.table.item(r, STATUS).text() for name, r in rows.items()}
    assert state["page.txt"] == Qt.CheckState.Checked and status["page.txt"].startswith("✓")
    for bad in ("binary.txt", "empty.txt"):
        assert state[bad] == Qt.CheckState.Unchecked and status[bad].startswith("✗")
        assert not dialog.table.item(rows[bad], FILE).flags() & Qt.ItemFlag.ItemIsEnabled
        assert "(" not in status[bad]  # Chinese only, no English detail in the window
    assert state["notes.md"] == Qt.CheckState.Unchecked and "不像报纸版面" in status["notes.md"]
    assert [item.source.name for item in dialog.items()] == ["page.txt"]
    dialog.table.item(rows["notes.md"], FILE).setCheckState(Qt.CheckState.Checked)
    assert sorted(item.source.name for item in dialog.items()) == ["notes.md", "page.txt"]


def test_a_file_already_in_the_library_is_marked_so(qtbot, tmp_path: Path) -> None:
    library = tmp_path / "library"
    held = library / "乌海日报" / "2024-01-01" / "01.txt"
    held.parent.mkdir(parents=True)
    seeds = sorted(SEEDS.glob("*.txt"))
    held.write_bytes(seeds[0].read_bytes())
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "again.txt").write_bytes(seeds[0].read_bytes())  # the same bytes, renamed
    (incoming / "new.txt").write_bytes(seeds[1].read_bytes())
    files = list(find_page_files([incoming]))
    dialog = ImportDialog([(f.path, f.meta) for f in files], library=library)
    qtbot.addWidget(dialog)
    rows = {dialog.table.item(r, FILE).text(): r for r in range(dialog.table.rowCount())}
    again, new = rows["again.txt"], rows["new.txt"]
    status = dialog.table.item(again, STATUS).text()
    assert "已在书库中" in status and not status.startswith("✓")
    assert str(Path("乌海日报") / "2024-01-01" / "01.txt") in status
    assert dialog.table.item(again, FILE).checkState() == Qt.CheckState.Unchecked
    assert dialog.table.item(new, STATUS).text().startswith("✓")
    assert [item.source.name for item in dialog.items()] == ["new.txt"]


def test_blank_fields_say_where_they_will_come_from(qtbot, tmp_path: Path) -> None:
    """A page whose name gives no paper, date or page: the row says the page itself will
    be read for them; a row with all three says nothing of it."""
    bare = tmp_path / "scan.txt"
    bare.write_bytes((SEEDS / "000_b3bc1cab3866df80.txt").read_bytes())
    named = tmp_path / "乌海日报" / "2025-06-18" / "01.txt"
    named.parent.mkdir(parents=True)
    named.write_bytes(bare.read_bytes().replace("。".encode(), "，".encode(), 1))
    files = list(find_page_files([tmp_path]))
    dialog = ImportDialog([(f.path, f.meta) for f in files])
    qtbot.addWidget(dialog)
    status = {
        dialog.table.item(r, FILE).text(): dialog.table.item(r, STATUS).text()
        for r in range(dialog.table.rowCount())
    }
    metas = {f.path.name: f.meta for f in files}
    assert not (metas["scan.txt"].newspaper and metas["scan.txt"].date)  # the case guarded
    assert "留空的项" in status["scan.txt"] and "留空的项" not in status["01.txt"]


def test_ok_counts_the_files_it_will_import_and_is_off_for_none(qtbot, tmp_path: Path) -> None:
    """A dialog of unreadable files offered 确定 and then said 已导入 0 个版面 (trial 8)."""
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "notes.md").write_text("hello\n", encoding="utf-8")
    files = list(find_page_files([tmp_path]))
    dialog = ImportDialog([(f.path, f.meta) for f in files])
    qtbot.addWidget(dialog)
    assert not dialog.ok_button.isEnabled() and dialog.ok_button.text() == "导入（0）"
    assert [path.name for path, _ in dialog.refused] == ["binary.txt"]  # logged as refused
    row = next(r for r in range(2) if dialog.table.item(r, FILE).text() == "notes.md")
    dialog.table.item(row, FILE).setCheckState(Qt.CheckState.Checked)  # the user's call
    assert dialog.ok_button.isEnabled() and dialog.ok_button.text() == "导入（1）"


def test_the_paper_column_has_room_for_a_name_typed_in(qtbot, tmp_path: Path) -> None:
    from reader.ui.import_dialog import PAPER

    page = tmp_path / "page.txt"
    page.write_bytes((SEEDS / "000_b3bc1cab3866df80.txt").read_bytes())
    files = list(find_page_files([page]))
    dialog = ImportDialog([(f.path, PageMeta()) for f in files])  # nothing proposed
    qtbot.addWidget(dialog)
    needed = dialog.table.fontMetrics().horizontalAdvance("中国气象报")
    assert dialog.table.columnWidth(PAPER) > needed


def test_files_of_the_same_name_are_told_apart_by_their_folders(qtbot, tmp_path: Path) -> None:
    """A folder of issues holds an 01.txt in every issue: each row says which one."""
    text = (SEEDS / "000_b3bc1cab3866df80.txt").read_bytes()
    for day in ("2026-06-09", "2026-06-10"):
        (tmp_path / "报" / day).mkdir(parents=True)
        (tmp_path / "报" / day / "01.txt").write_bytes(text)
    (tmp_path / "报" / "2026-06-10" / "02.txt").write_bytes(text)
    files = list(find_page_files([tmp_path]))
    dialog = ImportDialog([(f.path, f.meta) for f in files])
    qtbot.addWidget(dialog)
    shown = sorted(dialog.table.item(r, FILE).text() for r in range(dialog.table.rowCount()))
    assert shown == [
        str(Path("2026-06-09") / "01.txt"),
        str(Path("2026-06-10") / "01.txt"),
        str(Path("2026-06-10") / "02.txt"),
    ]
