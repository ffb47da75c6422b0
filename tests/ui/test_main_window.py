"""The desktop app driven through its real widgets (offscreen), on real files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pagetext import write_continued_story, write_saved_page, write_unfiled_page
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from search.oracle import matching
from uiharness import App, answered

from reader.imports import ImportItem
from reader.library import find_page_files
from reader.model import PageMeta
from reader.ui.bookmarks import NOTE, TITLE
from reader.ui.hit_list import STORY_ID
from reader.ui.import_dialog import ImportDialog

LEAD = "弘扬“中国—中亚精神”开创更加美好未来"


def test_launch_builds_the_index_in_the_background(app: App) -> None:
    window = app.open()
    assert "索引就绪" in window.status_label.text()
    assert window.search_box.placeholderText().startswith("搜索全部报纸")
    assert window.article.story is not None and window.article.story.title == LEAD


def test_tree_lists_papers_issues_pages_and_marked_articles(app: App) -> None:
    window = app.open()
    model = window.tree.model
    papers = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert papers == ["乌海日报", "呼和浩特日报"]
    rows = window.tree.article_rows()
    assert len(rows) == sum(len(page.articles) for page in window.core.archive.pages)
    assert "［公告］中央第二生态环境保护督察组值班电话和邮箱" in rows
    assert f"{LEAD}（下转第4版）" in rows
    assert "［图］夏日送清凉" in rows
    huhhot_day = model.folder_index(1, 0, 0)
    assert huhhot_day.data() == "2023-07-27（10）"
    assert model.index(0, 0, huhhot_day).data() == "版次未知（10）"
    window.tree.filter.setText("周金星")
    assert not window.tree.filtering  # a small library is filtered at once
    assert model.rowCount() == 1  # only 乌海日报 has matching articles


def test_selecting_in_the_tree_opens_the_article(app: App, qtbot) -> None:
    window = app.open()
    window.tree.filter.setText("伴随式")
    model = window.tree.model
    index = model.index(0, 0)
    while model.rowCount(index):
        index = model.index(0, 0, index)
    window.tree.view.setCurrentIndex(index)
    assert window.article.story.title == "“伴随式”执法监督"
    text = window.article.toPlainText()
    assert "本报记者 陈洋 曹艺" in text and "乌海日报 · 2025-06-18 · 第1版" in text
    assert "\u3000\u3000“您好，现在对加气站进行安全检查" in text  # two-character indent


def test_continued_story_reads_as_one_article(qtbot, tmp_path: Path) -> None:
    write_continued_story(tmp_path / "library", continues_further=True)
    harness = App(qtbot, tmp_path, tmp_path / "library")
    window = harness.open()
    text = window.article.toPlainText()
    assert "方便市民散步健身。" in text and "（接第4版）" in text and "夜间散步更安心。" in text
    assert text.index("方便市民") < text.index("（接第4版）") < text.index("夜间散步")
    assert "下转第5版 — 本库未收录第5版" in text
    assert "乌海日报 · 2025-06-18 · 第1版、第4版" in text
    harness.close()


def test_words_a_continuations_heading_adds_are_shown_at_the_join(qtbot, tmp_path: Path) -> None:
    folder = write_continued_story(tmp_path / "library")
    inner = folder / "04.txt"
    text = inner.read_text(encoding="utf-8")
    inner.write_text(text.replace("开放时间\n", "开放时间巡逻照明两手抓\n", 1), encoding="utf-8")
    harness = App(qtbot, tmp_path, tmp_path / "library")
    window = harness.open()
    story = window.article.story
    assert story.heading_over(story.fragments[-1]) == "巡逻照明两手抓"  # as parsed
    shown = window.article.toPlainText()
    assert shown.index("（接第4版）") < shown.index("巡逻照明两手抓") < shown.index("夜间散步")
    harness.close()


def test_toolbar_search_filters_sort_and_hit_navigation(app: App, qtbot) -> None:
    window = app.open()
    window.search_box.setFocus()
    window.search_box.setText("煤")  # QTest cannot type CJK; an input method commits text so
    answered(qtbot, window, lambda: qtbot.keyClick(window.search_box, Qt.Key.Key_Return))
    panel = window.search_panel
    found = matching(window.core.archive, "煤")
    assert 0 < panel.results.total == len(found) == panel.model.rowCount() <= 20
    assert panel.status.text().startswith(f"共 {len(found)} 条")
    answered(
        qtbot, window, lambda: panel.paper.setCurrentIndex(panel.paper.findData("呼和浩特日报"))
    )
    papers = {s.id: s.pages[0].meta.newspaper for s in window.core.archive.stories}
    in_huhhot = [sid for sid in found if papers[sid] == "呼和浩特日报"]
    assert 0 < panel.results.total == len(in_huhhot) < len(found)
    assert {h.newspaper for h in panel.hits} == {"呼和浩特日报"}
    answered(qtbot, window, lambda: panel.paper.setCurrentIndex(0))
    answered(qtbot, window, lambda: panel.sort.setCurrentIndex(1))  # 最新
    dates = [h.date for h in panel.hits]
    assert dates == sorted(dates, reverse=True)
    panel.open_hit(0)
    view = window.article
    assert view.story.id == panel.hits[0].story_id and view.hit_count >= 1
    assert view.hit == 0 and window.hit_label.text().strip() == f"1/{view.hit_count}"
    if view.hit_count > 1:
        qtbot.keyClick(window, Qt.Key.Key_F3)
        assert view.hit == 1
        qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
        assert view.hit == 0
    assert "煤" in window.recent.stringList()


def test_search_syntax_error_is_shown_inline(app: App, qtbot) -> None:
    window = app.open()
    answered(qtbot, window, lambda: window.run_search("煤 OR"))
    assert window.search_panel.status.text() == "“OR”两边都需要搜索词，例如：煤 OR 电。"
    assert window.search_panel.model.rowCount() == 0


def test_more_results_load_on_scroll(app: App, qtbot) -> None:
    """Scrolled to its end, the hit list asks for the next page itself (the model's
    fetchMore); the hits are painted rows, no widget each."""
    from PySide6.QtWidgets import QLabel

    window = app.open()
    window.resize(1000, 700)
    results = answered(qtbot, window, lambda: window.run_search("发展"))
    panel = window.search_panel
    assert results.total > 20 and panel.model.rowCount() == 20
    answered(qtbot, window, lambda: panel.list.scrollToBottom())
    assert panel.model.rowCount() == min(40, results.total)
    assert [h.story_id for h in panel.hits] == [
        panel.model.index(r).data(STORY_ID) for r in range(panel.model.rowCount())
    ]
    assert not panel.list.viewport().findChildren(QLabel)


def test_bookmark_survives_a_restart_and_keeps_its_note(app: App, qtbot) -> None:
    window = app.open()
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.star_action.isChecked()
    table = window.bookmarks.table
    assert table.rowCount() == 1 and table.item(0, TITLE).text() == LEAD
    table.item(0, NOTE).setText("中亚峰会综述")
    story_id = window.article.story.id
    app.close()
    again = app.open()
    table = again.bookmarks.table
    assert table.rowCount() == 1 and table.item(0, NOTE).text() == "中亚峰会综述"
    assert again.article.story.id == story_id and again.star_action.isChecked()  # last story
    again.core.bookmarks.set_tags(story_id, ["外交"])
    again.bookmarks.refresh()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert table.rowCount() == 0 and not again.core.bookmarks.contains(story_id)


def test_bookmark_of_a_vanished_story_stays_listed(app: App) -> None:
    window = app.open()
    window.toggle_bookmark()
    app.close()
    (app.library / "000_b3bc1cab3866df80.txt").unlink()
    again = app.open()
    assert again.bookmarks.table.item(0, TITLE).text() == f"（不在当前书库）{LEAD}"
    assert not again.open_story(again.core.bookmarks.all()[0].story_id)
    export = app.root / "bookmarks.csv"
    again.export_bookmarks(export)
    assert ",是\n" in export.read_text(encoding="utf-8-sig")


def test_a_bookmark_follows_its_story_when_its_page_is_filed(app: App) -> None:
    """Filing a loose page renames its stories (the id covers paper, date and page): the
    bookmark made before follows, instead of showing 不在当前书库 beside the very story."""
    loose, filed = write_unfiled_page(app.library)
    window = app.open()
    story = next(s for s in window.core.archive.stories if s.title == "市民公园新添健身步道")
    window.open_story(story.id)
    window.toggle_bookmark()
    app.close()
    filed.parent.mkdir(parents=True)
    loose.rename(filed)
    again = app.open()
    (bookmark,) = again.core.bookmarks.all()
    assert bookmark.story_id != story.id and bookmark.newspaper == "乌海日报"
    assert again.bookmarks.table.item(0, TITLE).text() == "市民公园新添健身步道"
    assert again.open_story(bookmark.story_id)
    assert "书签已随稿件更新" in again.statusBar().currentMessage()


def test_import_with_one_bad_file(app: App, qtbot, tmp_path: Path) -> None:
    window = app.open()
    good = tmp_path / "incoming" / "page.txt"
    good.parent.mkdir()
    good.write_text(
        "本报讯（记者孙七）昨日，市图书馆古籍修复公开课开讲。\n\n古籍修复公开课开讲\n",
        encoding="utf-8",
    )
    bad = good.with_name("scan.txt")
    bad.write_bytes(bytes(range(256)) * 4)
    items = [
        ImportItem(good, PageMeta("北方新报", date(2025, 7, 1), 3)),
        ImportItem(bad, PageMeta("北方新报", date(2025, 7, 1), 4)),
    ]
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        report = window.import_items(items)
        confirmation = window.statusBar().currentMessage()
    assert "已导入 1 个版面" in confirmation  # said, not covered at once by the reload
    assert [p.name for p in report.imported] == ["03.txt"]
    assert report.rejected[0][0] == bad and "binary" in report.rejected[0][1]
    assert "北方新报" in [
        window.tree.model.index(r, 0).data() for r in range(window.tree.model.rowCount())
    ]
    assert answered(qtbot, window, lambda: window.run_search("古籍修复")).total == 1
    assert (app.library / "北方新报" / "2025-07-01" / "03.txt").exists()


def test_import_dialog_prefills_and_validates(app: App, tmp_path: Path) -> None:
    window = app.open()
    page = tmp_path / "乌海日报_20250618_02.txt"
    page.write_text("本报讯 测试。\n", encoding="utf-8")
    [found] = find_page_files([page])
    dialog = ImportDialog([(found.path, found.meta)], window)
    assert [dialog.table.item(0, c).text() for c in range(1, 4)] == ["乌海日报", "2025-06-18", "2"]
    dialog.table.item(0, 0).setCheckState(Qt.CheckState.Checked)  # tiny: the user's call
    dialog.table.item(0, 2).setText("2025-13-01")
    with pytest.raises(ValueError, match="日期"):
        dialog.items()


def test_article_text_is_never_markup(qtbot, tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "evil.txt").write_text(
        '本报讯 稿件里有<img src="file:///etc/passwd">和<a href="http://x">链接</a>'
        "以及<b>粗体</b>字样。\n",
        encoding="utf-8",
    )
    harness = App(qtbot, tmp_path, library)
    window = harness.open()
    text = window.article.toPlainText()
    assert '<img src="file:///etc/passwd">' in text and "<b>粗体</b>" in text
    document_html = window.article.document().toHtml()
    assert "<img" not in document_html and 'href="http://x"' not in document_html
    harness.close()


def test_original_text_zoom_history_and_citation(app: App, qtbot) -> None:
    window = app.open()
    window.original_action.trigger()
    assert "举行的第二届中国—中亚峰会期" in window.article.toPlainText()  # as printed
    window.original_action.trigger()
    size = window.article.point_size
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.article.point_size == pytest.approx(size * 1.1, abs=0.01)
    first = window.article.story.id
    second = window.core.archive.stories[5].id
    window.open_story(second)
    window.back_action.trigger()
    assert window.article.story.id == first
    window.forward_action.trigger()
    assert window.article.story.id == second
    window.back_action.trigger()
    assert window.article.copy_citation() == f"谢彬彬. {LEAD}[N]. 乌海日报, 2025-06-23(1)."
    assert QGuiApplication.clipboard().text().endswith("2025-06-23(1).")
    app.close()
    assert app.open().article.point_size == pytest.approx(size * 1.1, abs=0.01)  # remembered


def test_export_markdown_and_pdf(app: App) -> None:
    window = app.open()
    markdown = app.root / "article.md"
    window.article.export(markdown)
    assert markdown.read_text(encoding="utf-8").startswith(f"# {LEAD}")
    pdf = app.root / "article.pdf"
    window.export_pdf(pdf)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000


def test_a_story_not_in_this_library_is_a_passing_notice(app: App) -> None:
    """Opening a bookmark of another library says so once; the notice does not stay
    under the articles read next (the lasting status line keeps the library's state)."""
    window = app.open()
    state = window.status_label.text()
    assert not window.open_story("not-a-story-of-this-library")
    assert "不在当前书库中" in window.statusBar().currentMessage()
    assert window.status_label.text() == state


def test_menus_and_the_shortcut_list_spell_keys_alike(app: App, qapp) -> None:
    """The 视图 menu said Alt+左方向 (Qt's Chinese key name) while F1 said Alt+←: both now
    show the arrows, and every key the F1 list names reads there as in the menus."""
    from PySide6.QtGui import QKeySequence

    from reader.ui.app import install_qt_translation

    install_qt_translation(qapp)
    window = app.open()
    listed = window.shortcuts_html()
    native = QKeySequence.SequenceFormat.NativeText
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    shown = {
        action.shortcut().toString(native)
        for menu in menus
        for action in menu.actions()
        if not action.shortcut().isEmpty()
    }
    assert {"Alt+←", "Alt+→", "Ctrl+↑", "Ctrl+↓"} <= shown
    assert "方向" not in listed and not any("方向" in text for text in shown)
    for keys in ("Alt+←", "Alt+→", "Ctrl+↑", "Ctrl+↓", "Ctrl+Shift+PgUp", "F1"):
        assert keys in shown
    for keys in ("Alt+←", "Alt+→", "Ctrl+↑", "Ctrl+↓", "Ctrl+Shift+PgUp"):
        assert keys in listed


def test_clicking_a_month_in_the_chart_searches_that_month(app: App, qtbot) -> None:
    """The chart draws every match per month (the oracle's count), and a click on a bar
    limits the search to that month: the hits are then that month's matches."""
    from collections import Counter
    from datetime import date as Date

    from PySide6.QtCore import QDate, QPoint

    window = app.open()
    panel = window.search_panel
    answered(qtbot, window, lambda: window.run_search("生态"))
    found = matching(window.core.archive, "生态")
    days = {s.id: s.pages[0].meta.date for s in window.core.archive.stories}
    per_month = Counter(days[sid].isoformat()[:7] for sid in found if days[sid])
    months = sorted(per_month)
    chart = panel.timeline
    assert chart.isVisible() and len(months) > 1  # a chart worth clicking
    assert {m: c for m, c in chart.bars if c} == per_month
    target = next(i for i, (m, c) in enumerate(chart.bars) if m == months[0])
    x = int((target + 0.5) * chart.width() / len(chart.bars))
    answered(
        qtbot,
        window,
        lambda: qtbot.mouseClick(
            chart, Qt.MouseButton.LeftButton, pos=QPoint(x, chart.height() // 2)
        ),
    )
    year, month = map(int, months[0].split("-"))
    assert panel.use_dates.isChecked() and panel.date_from.date() == QDate(year, month, 1)
    assert panel.results.total == per_month[months[0]]
    assert {h.date[:7] for h in panel.hits} == {months[0]}
    assert all(Date.fromisoformat(h.date) <= panel.date_to.date().toPython() for h in panel.hits)
    # the chart stays the whole search's, that month picked out; clicked again, it gives
    # the month up and the search is the whole library's again
    assert {m: c for m, c in chart.bars if c} == per_month and chart.selected == months[0]
    answered(
        qtbot,
        window,
        lambda: qtbot.mouseClick(
            chart, Qt.MouseButton.LeftButton, pos=QPoint(x, chart.height() // 2)
        ),
    )
    assert not panel.use_dates.isChecked() and chart.selected is None
    assert panel.results.total == len(found)
    # a month picked looks into that answer only: the next query is the whole library's
    answered(
        qtbot,
        window,
        lambda: qtbot.mouseClick(
            chart, Qt.MouseButton.LeftButton, pos=QPoint(x, chart.height() // 2)
        ),
    )
    assert panel.use_dates.isChecked()
    answered(qtbot, window, lambda: window.run_search("环境"))
    assert not panel.use_dates.isChecked() and chart.selected is None
    found = matching(window.core.archive, "环境")
    assert any(days[sid] and days[sid].isoformat()[:7] != months[0] for sid in found)
    assert panel.results.total == len(found)


def test_the_import_dialog_proposes_what_the_page_prints(app: App, tmp_path: Path) -> None:
    """A page saved in 下载/2026-06-09/ is proposed as the paper its masthead names, not as
    a paper called 下载 (trial 8: one issue ended up split under two papers)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from reader.ui.import_dialog import DATE, PAGE, PAPER

    source = write_saved_page(tmp_path)
    window = app.open()
    shown: list[tuple[str, str, str]] = []

    def read_and_cancel() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ImportDialog))
        shown.append(tuple(dialog.table.item(0, c).text() for c in (PAPER, DATE, PAGE)))
        dialog.reject()

    QTimer.singleShot(0, read_and_cancel)
    window.import_paths([source])
    assert shown == [("乌海日报", "2025-06-23", "2")]


def test_the_first_part_of_a_continued_story_opens_with_its_headline_in_view(
    app: App, qtbot
) -> None:
    """Clicking page 1's part of a long continued story opened it scrolled past its title
    and byline (trial 8); a later part still opens where it starts."""
    from pagetext import column, page

    folder = app.library / "乌海日报" / "2025-06-18"
    folder.mkdir(parents=True)
    long_body = column(
        [f"第{n}段，全市公园延长夜间开放时间，园内照明设施全面检修。" * 3 for n in range(30)]
    )
    (folder / "01.txt").write_text(
        page("全市公园延长夜间开放时间", "本报记者 王五", long_body, "（下转第四版）"),
        encoding="utf-8",
    )
    (folder / "04.txt").write_text(
        page("全市公园延长夜间开放时间", "（上接第1版）" + long_body), encoding="utf-8"
    )
    window = app.open()
    story = next(s for s in window.core.archive.stories if len(s.fragments) == 2)
    first, later = story.fragments
    window.open_story(story.id, later.id)
    assert window.article.verticalScrollBar().value() > 0  # a story longer than the pane
    window.open_story(story.id, first.id)
    assert window.article.verticalScrollBar().value() == 0


def test_a_search_typed_before_the_index_is_ready_runs_when_it_is(app: App, qtbot) -> None:
    """The panel says the search will run by itself (it said 请稍候再搜索, but it does run)."""
    window = app.unstarted()
    window.show()
    window.start()
    panel = window.search_panel
    early = answered(qtbot, window, lambda: window.run_search("煤"))
    assert early.building and panel.status.text() == "索引建立中，就绪后自动搜索。"
    with qtbot.waitSignal(panel.results_shown, timeout=60_000) as later:
        pass
    assert later.args[0].total == len(matching(window.core.archive, "煤")) > 0


def test_down_in_the_search_box_goes_into_the_hits(app: App, qtbot) -> None:
    window = app.open()
    window.search_box.setText("煤")
    answered(qtbot, window, lambda: qtbot.keyClick(window.search_box, Qt.Key.Key_Return))
    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    hits = window.search_panel.list
    assert hits.hasFocus() and hits.currentIndex().row() == 0
    window.search_box.setFocus()
    window.search_box.setText("煤矿")  # not yet searched: ↓ is the box's own
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    assert window.search_box.hasFocus()


def test_the_hit_list_marks_the_story_being_read_or_none(app: App, qtbot) -> None:
    """Opening a story another way (the tree, 后退) left the old hit marked."""
    window = app.open()
    window.search_box.setText("煤")
    answered(qtbot, window, lambda: qtbot.keyClick(window.search_box, Qt.Key.Key_Return))
    hits, model = window.search_panel.list, window.search_panel.model
    second = model.index(1)
    rect = hits.visualRect(second)
    qtbot.mouseClick(hits.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert hits.currentIndex() == second and window.article.story.id == second.data(STORY_ID)
    found = {model.index(r).data(STORY_ID) for r in range(model.rowCount())}
    other = next(s for s in window.core.archive.stories if s.id not in found)
    window.open_story(other.id)
    assert not hits.selectionModel().hasSelection()
    window.open_story(second.data(STORY_ID))
    assert hits.currentIndex() == second and hits.selectionModel().isSelected(second)


def test_a_new_answer_is_shown_from_its_first_hit(app: App, qtbot) -> None:
    """The hit list kept the old answer's scroll position: the new top hits were hidden."""
    window = app.open()
    window.resize(1000, 700)
    panel = window.search_panel
    answered(qtbot, window, lambda: window.run_search("发展"))
    bar = panel.list.verticalScrollBar()
    assert bar.maximum() > 0  # an answer longer than the list
    bar.setValue(bar.maximum() // 2)
    answered(qtbot, window, lambda: window.run_search("生态"))
    assert bar.value() == 0


def test_what_needs_an_open_story_is_off_until_one_is_open(app: App, qtbot) -> None:
    """During the first read, ◀篇/版▶/期▶, back and ☆书签 looked usable and did nothing."""
    window = app.unstarted()
    needs_a_story = [window.star_action, window.back_action, *window.step_actions.values()]
    assert not any(action.isEnabled() for action in needs_a_story)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.article.story is not None, timeout=60_000)
    assert window.star_action.isEnabled()
    assert any(action.isEnabled() for action in window.step_actions.values())
    qtbot.waitUntil(lambda: window.is_index_ready, timeout=60_000)


def test_an_import_names_the_files_it_left_out_with_those_it_copied(
    app: App, qtbot, tmp_path: Path
) -> None:
    """A file the dialog showed as not importable was missing from the summary (trial 9)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    source = write_saved_page(tmp_path)
    (source.parent / "bad.txt").write_bytes(bytes(range(256)) * 4)
    window = app.open()

    def accept() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ImportDialog))
        dialog.ok_button.click()

    QTimer.singleShot(0, accept)
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        window.import_paths([source.parent])
        summary = window.statusBar().currentMessage()
    assert "已导入 1 个版面" in summary and "1 个文件未导入" in summary
    assert "bad.txt" in window.import_message.text()


def test_help_is_the_last_menu_and_bookmark_and_search_are_in_the_menus(app: App) -> None:
    """Readers look for 帮助 at the end of the menu bar (it stood before 更正) and for
    what a toolbar button or key does in a menu too (Ctrl+D and Ctrl+K were in none)."""
    window = app.open()
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    assert menus[-1].title() == "帮助(&H)"
    assert "更正(&C)" in [m.title() for m in menus[:-1]]
    shortcuts = {action.shortcut().toString() for menu in menus for action in menu.actions()}
    assert {"Ctrl+D", "Ctrl+K", "Ctrl+F"} <= shortcuts
