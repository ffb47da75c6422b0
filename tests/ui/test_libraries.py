"""Opening another library from the window, recent libraries, and the last one at start."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QDate, QSettings
from uiharness import SEEDS, App, answered

from reader.paths import settings_file
from reader.ui.app import create_window


def other_library(tmp_path: Path) -> Path:
    folder = tmp_path / "other" / "北方新报" / "2025-07-01"
    folder.mkdir(parents=True)
    (folder / "01.txt").write_text(
        "本报讯（记者孙七）昨日，市图书馆古籍修复公开课开讲。\n\n古籍修复公开课开讲\n",
        encoding="utf-8",
    )
    return tmp_path / "other"


def test_open_another_library_and_back(qtbot, tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(SEEDS, library)
    harness = App(qtbot, tmp_path, library)
    window = harness.open()
    other = other_library(tmp_path)
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        window.open_library(other)
    assert [Path(p.source).parent.parent.parent for p in window.core.archive.pages] == [other]
    assert window.article.story.title == "古籍修复公开课开讲"
    assert "other" in window.windowTitle()
    recent = [a.text() for a in window.recent_libraries_menu.actions()]
    assert str(other) in recent
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        window.open_library(library)
    assert len(window.core.archive.pages) == len(list(SEEDS.glob("*.txt")))
    assert window.recent_libraries()[:2] == [str(library), str(other)]
    harness.close()


def test_another_library_starts_with_no_old_search_answer(qtbot, tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(SEEDS, library)
    harness = App(qtbot, tmp_path, library)
    window = harness.open()
    window.search_box.setText("量子计算机芯片")
    answered(qtbot, window, lambda: window.run_search("量子计算机芯片"))
    assert window.search_panel.status.text()  # "没有找到：…"
    answered(qtbot, window, lambda: window.search_panel.filter_to_period("2025-06"))
    assert window.search_panel.use_dates.isChecked()
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        window.open_library(other_library(tmp_path))
    panel = window.search_panel
    assert panel.status.text() == "" and panel.list.count() == 0
    assert not panel.suggestions.isVisible() and panel.results is None
    assert window.search_box.text() == ""  # the old library's words are not offered
    assert not panel.use_dates.isChecked()  # nor the month picked in its chart
    harness.close()


def test_zero_results_offer_dropping_only_a_date_filter_that_leaves_issues_out(
    qtbot, tmp_path: Path
) -> None:
    library = tmp_path / "library"
    shutil.copytree(SEEDS, library)
    harness = App(qtbot, tmp_path, library)
    window = harness.open()
    panel = window.search_panel
    panel.use_dates.setChecked(True)  # spans the whole library: excludes nothing
    answered(qtbot, window, lambda: window.run_search("量子计算机芯片"))
    assert "没有找到" in panel.status.text() and "日期" not in panel.suggestions.text()
    first = panel.span[0]
    panel.date_from.setDate(QDate(first.year - 1, 1, 1))  # a year before the first issue
    panel.date_to.setDate(QDate(first.year - 1, 12, 31))
    answered(qtbot, window, lambda: window.run_search("量子计算机芯片"))
    assert "可以取消日期筛选" in panel.suggestions.text()
    harness.close()


def test_the_last_library_opens_at_the_next_start(qtbot, tmp_path: Path) -> None:
    other = other_library(tmp_path)
    settings = QSettings(str(settings_file()), QSettings.Format.IniFormat)
    settings.setValue("last_library", str(other))
    settings.sync()
    window = create_window(None)
    qtbot.addWidget(window)
    assert window.core.folders.roots == (other,)
    window.core.close()
    shutil.rmtree(other)  # gone: the default library opens instead
    window = create_window(None)
    qtbot.addWidget(window)
    assert window.core.folders.is_default
    window.core.close()


def test_unticked_dates_show_the_library_span_not_the_month_picked(qtbot, tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(SEEDS, library)
    harness = App(qtbot, tmp_path, library)
    window = harness.open()
    panel = window.search_panel
    answered(qtbot, window, lambda: window.run_search("生态"))
    answered(qtbot, window, lambda: panel.filter_to_period("2025-06"))
    assert panel.date_from.date() == QDate(2025, 6, 1)
    answered(qtbot, window, lambda: panel.use_dates.setChecked(False))
    dates = [p.meta.date for p in window.core.archive.pages if p.meta.date]
    first, last = min(dates), max(dates)
    shown = (panel.date_from.date().toPython(), panel.date_to.date().toPython())
    assert shown == (first, last)  # the oracle: the pages' own dates
    harness.close()


def test_back_in_a_library_the_story_read_there_last_opens(qtbot, tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(SEEDS, library)
    harness = App(qtbot, tmp_path, library)
    window = harness.open()
    chosen = window.core.archive.stories[-1]  # not the one a library opens first
    assert window.article.story.id != chosen.id
    window.open_story(chosen.id)
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        window.open_library(other_library(tmp_path))
    assert window.article.story.title == "古籍修复公开课开讲"
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        window.open_library(library)
    assert window.article.story.id == chosen.id
    harness.close()
