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


def test_nothing_of_the_old_library_stays_on_show_while_the_new_one_is_read(
    qtbot, tmp_path: Path
) -> None:
    """Its 问题（N） button and list, its page in 版面原图 and its tree filter (trials: they
    stayed while the other library loaded, and 问题 said 没有问题 before it was read)."""
    library = tmp_path / "library"
    shutil.copytree(SEEDS, library)
    (library / "empty.txt").write_bytes(b"")
    harness = App(qtbot, tmp_path, library)
    window = harness.open()
    assert window.problems.model.rowCount() == 1 and not window.problems_button.isHidden()
    window.original_view.show_page(window.core.archive.pages[0])
    window.tree.filter.setText("生态")
    assert str(library) == window.recent_libraries()[0]  # the one it opened on is recent
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        window.open_library(other_library(tmp_path))
        assert window.problems.model.rowCount() == 0 and window.problems_button.isHidden()
        assert window.problems.summary.text() == "正在读取书库…"  # not 没有问题 yet
        assert window.original_view.page is None and window.page_view.page is None
        assert window.tree.filter.text() == ""  # it would hide the new library's rows
    assert window.problems.summary.text().startswith("没有问题")  # read: now it knows
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
    assert panel.status.text() == "" and panel.model.rowCount() == 0
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


def test_a_library_given_on_the_command_line_opens_at_the_next_start(qtbot, tmp_path: Path) -> None:
    """--library is the library open when the app closes, so the next start without it
    reopens that one (trial: it went back to the library before)."""
    other = other_library(tmp_path)
    window = create_window(other)  # as `--library other` does
    qtbot.addWidget(window)
    window.core.close()
    window = create_window(None)
    qtbot.addWidget(window)
    assert window.core.folders.roots == (other,)
    assert window.recent_libraries()[0] == str(other)
    window.core.close()


def test_a_bookmark_outside_the_open_library_greys_at_once(qtbot, tmp_path: Path) -> None:
    """The trial saw another library's bookmark marked only after a restart: it greys as
    soon as the library changes, its mark in front where a long title cannot hide it, and
    comes back on switching back."""
    from reader.ui.bookmarks import TITLE

    library = tmp_path / "library"
    shutil.copytree(SEEDS, library)
    harness = App(qtbot, tmp_path, library)
    window = harness.open()
    story = window.article.story
    window.toggle_bookmark()
    table = window.bookmarks.table

    def greyed() -> bool:
        row = next(r for r in range(table.rowCount()) if story.title in table.item(r, TITLE).text())
        item = table.item(row, TITLE)
        # the mark leads (after a long title it was cut off) and the row is grey
        return (
            item.text().startswith("（不在当前书库）")
            and item.foreground().color().name() == "#808080"
        )

    assert not greyed()
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        window.open_library(other_library(tmp_path))
        # while the new library is read, the old one's stories mark nothing
        assert window.bookmarks.present is None
    assert greyed()
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        window.open_library(library)
    assert not greyed()
    harness.close()


def test_the_log_says_which_library_and_what_was_imported_and_corrected(
    qtbot, tmp_path: Path
) -> None:
    """reader.log named no import, correction or library switch, and said "library
    (default)" when the last library reopened at start: each is logged with its paths."""
    import logging
    from datetime import date

    from reader.imports import ImportItem
    from reader.logs import setup_logging
    from reader.model import Kind, PageMeta

    log_file = setup_logging(tmp_path / "logs")

    def logged() -> str:
        for handler in logging.getLogger("reader").handlers:
            handler.flush()
        return log_file.read_text("utf-8")

    other = other_library(tmp_path)
    settings = QSettings(str(settings_file()), QSettings.Format.IniFormat)
    settings.setValue("last_library", str(other))
    settings.sync()
    window = create_window(None)  # as at start: the last library reopens
    qtbot.addWidget(window)
    window.core.close()
    assert f"opened library {other} " in logged()
    library = tmp_path / "library"
    shutil.copytree(SEEDS, library)
    harness = App(qtbot, tmp_path, library)
    window = harness.open()
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        window.open_library(other)
    assert f"switched library: now library {other} " in logged()
    page = tmp_path / "incoming" / "page.txt"
    page.parent.mkdir()
    page.write_text(
        "本报讯（记者李四）昨日，市博物馆举办端午民俗展。\n\n端午民俗展开幕\n", encoding="utf-8"
    )
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        report = window.import_items([ImportItem(page, PageMeta("北方新报", date(2025, 7, 2), 1))])
    text = logged()
    assert f"import into {other}: 1 of 1 files imported, 0 rejected" in text
    assert f"import from {page}" in text and f"imported as {report.imported[0]}" in text
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        window.open_library(library)
    article = next(
        a
        for p in window.core.archive.pages
        for a in p.articles
        if a.kind is Kind.ARTICLE and len(a.paragraphs) >= 3
    )
    window._open_article(article.id)
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        assert window.corrections.split_at_cursor(before=article.paragraphs[2][:10])
    assert f"correction: split {article.id} (" in logged()
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        assert window.corrections.undo()
    assert f"undid 1 correction(s): split {article.id} (" in logged()
    harness.close()


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


def test_the_date_filter_shows_no_made_up_or_old_span(qtbot, tmp_path: Path) -> None:
    """While a library is read, and for a library without a dated issue, the date fields
    show a dash (trial: 2000-01-01 — today while loading; the last library's span after
    switching to undated pages)."""
    library = tmp_path / "library"
    shutil.copytree(SEEDS, library)
    harness = App(qtbot, tmp_path, library)
    window = harness.unstarted()
    panel = window.search_panel
    assert panel.date_from.text() == panel.date_to.text() == "—"  # not read yet
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.is_index_ready, timeout=60_000)
    dates = [p.meta.date for p in window.core.archive.pages if p.meta.date]
    assert panel.date_from.text() == min(dates).isoformat()  # the oracle: the pages' dates
    undated = tmp_path / "undated"
    undated.mkdir()
    (undated / "页面.txt").write_text("本报讯 市图书馆古籍修复公开课开讲。\n", encoding="utf-8")
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        window.open_library(undated)
        assert panel.date_from.text() == "—"  # not the old library's span while reading
    assert not any(p.meta.date for p in window.core.archive.pages)
    assert panel.date_from.text() == panel.date_to.text() == "—"
    assert not panel.use_dates.isEnabled()
    harness.close()
