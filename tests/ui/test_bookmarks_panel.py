"""The bookmarks panel: columns in view, open by click or Enter, undo a deletion, notes."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QToolBar
from uiharness import App

from reader.ui.bookmarks import NOTE, TAGS, TITLE


def bookmark_three(window):
    stories = sorted(window.core.archive.stories, key=lambda s: -len(s.title))[:3]
    for story in stories:
        window.core.bookmarks.add(story)
    window.bookmarks.refresh()
    return stories


def side_panel_table(app: App):
    """Three bookmarks in the panel at a side panel's width (420 px)."""
    window = app.open()
    bookmark_three(window)
    window.bookmarks_dock.raise_()
    window.bookmarks.resize(420, 300)
    return window.bookmarks.table


def test_tags_and_note_columns_stay_in_view(app: App) -> None:
    table = side_panel_table(app)
    table.item(0, TAGS).setText("外交 经济")
    width = table.viewport().width()
    assert table.columnViewportPosition(NOTE) <= width * 0.8  # a fifth at least for the note
    assert table.columnViewportPosition(TAGS) < table.columnViewportPosition(NOTE)


def test_the_source_column_shows_paper_and_date_whole(app: App, qtbot) -> None:
    """出处 was cut to "乌海日报 2025-…": at a side panel's width it shows the paper and date whole
    (Qt's own measure of the cells), and 备注 still has a fifth of the width."""
    from reader.ui.bookmarks import SOURCE

    table = side_panel_table(app)
    assert table.columnWidth(SOURCE) >= table.sizeHintForColumn(SOURCE)
    text = table.item(0, SOURCE).text()
    assert text.count("-") == 2  # paper and a whole date
    drawn = table.fontMetrics().boundingRect(QRect(0, 0, 10_000, 10_000), 0, text)
    assert table.columnWidth(SOURCE) >= drawn.width() and table.rowHeight(0) >= drawn.height()
    qtbot.waitUntil(  # Qt stretches the last column on its next layout pass
        lambda: (
            table.columnViewportPosition(NOTE) + table.columnWidth(NOTE) <= table.viewport().width()
        ),
        timeout=2000,
    )
    assert table.columnViewportPosition(NOTE) <= table.viewport().width() * 0.8


def test_click_and_enter_open_and_the_note_shows_with_the_article(app: App, qtbot) -> None:
    window = app.open()
    stories = bookmark_three(window)
    table = window.bookmarks.table
    row = next(
        r for r in range(3) if table.item(r, TITLE).data(Qt.ItemDataRole.UserRole) == stories[1].id
    )
    table.item(row, NOTE).setText("值得细读的一篇")
    rect = table.visualItemRect(table.item(row, TITLE))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.article.story.id == stories[1].id
    assert "书签备注：值得细读的一篇" in window.article.toPlainText()
    other = next(r for r in range(3) if r != row)
    table.setCurrentCell(other, TITLE)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.article.story.id == table.item(other, TITLE).data(Qt.ItemDataRole.UserRole)


def test_deleting_can_be_undone_with_note_and_tags(app: App, qtbot) -> None:
    window = app.open()
    stories = bookmark_three(window)
    store = window.core.bookmarks
    store.set_note(stories[0].id, "备注甲")
    store.set_tags(stories[0].id, ["标签甲"])
    before = store.get(stories[0].id)
    panel = window.bookmarks
    panel.refresh()
    table = panel.table
    row = next(
        r for r in range(3) if table.item(r, TITLE).data(Qt.ItemDataRole.UserRole) == stories[0].id
    )
    table.selectRow(row)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert not store.contains(stories[0].id) and panel.undo_button.isVisible()
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.get(stories[0].id) == before and not panel.undo_button.isVisible()
    assert table.rowCount() == 3


def test_a_deletion_says_so_and_offers_its_undo_in_full(app: App, qtbot) -> None:
    """At 1024×700 the undo button beside the tag filter shows its whole label, the status
    bar says what was deleted, and a right click offers the same undo."""
    from PySide6.QtCore import QSize

    window = app.open()
    window.fit_to(QSize(1024, 700))
    stories = bookmark_three(window)
    window.bookmarks_dock.show()
    window.bookmarks_dock.raise_()
    panel, table = window.bookmarks, window.bookmarks.table
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    qtbot.wait(20)
    button = panel.undo_button
    assert button.isVisible()
    assert button.width() >= button.fontMetrics().horizontalAdvance(button.text())
    assert "已删除 1 个书签" in window.statusBar().currentMessage()
    undo = next(a for a in table.actions() if a.text() == "撤销删除")
    assert undo.isEnabled()
    undo.trigger()
    assert all(window.core.bookmarks.contains(s.id) for s in stories)
    assert "已恢复 1 个书签" in window.statusBar().currentMessage() and not undo.isEnabled()


def test_delete_key_elsewhere_does_not_remove_bookmarks(app: App, qtbot) -> None:
    window = app.open()
    bookmark_three(window)
    window.bookmarks.table.selectRow(0)
    window.search_box.setText("abc")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Delete)
    assert len(window.core.bookmarks.all()) == 3


def test_unstarring_keeps_the_note_for_undo_and_starring_again_brings_it_back(
    app: App, qtbot
) -> None:
    """One click on ★ (or Ctrl+D) had thrown a note and tags away for good."""
    window = app.open()
    story = window.article.story
    store = window.core.bookmarks
    toolbar = window.findChild(QToolBar, "toolbar-main")
    star = toolbar.widgetForAction(window.star_action)
    unstarred = star.width()
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(20)
    assert star.width() == unstarred  # the toolbar does not shift when starred
    store.set_note(story.id, "督察问题整改")
    store.set_tags(story.id, ["环保"])
    before = store.get(story.id)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert not store.contains(story.id) and not window.star_action.isChecked()
    assert window.bookmarks.undo_button.isVisible()
    assert "Ctrl+D" in window.statusBar().currentMessage()
    assert "督察问题整改" not in window.article.toPlainText()  # the pane no longer shows it
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert store.get(story.id) == before and window.star_action.isChecked()
    assert not window.bookmarks.undo_button.isVisible()
    # and the panel's 撤销删除 brings it back just as well
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(window.bookmarks.undo_button, Qt.MouseButton.LeftButton)
    assert store.get(story.id) == before and window.star_action.isChecked()
    # and so does Ctrl+Z, the undo of what was done last; a second one has nothing to undo
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert not store.contains(story.id)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.get(story.id) == before and window.star_action.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.get(story.id) == before
    assert window.statusBar().currentMessage() == "没有可撤销的操作（更正或删除书签）"


def test_an_empty_list_says_how_to_fill_it_and_keeps_its_title_column(app: App) -> None:
    """With no bookmarks the panel showed four bare headers, 标题 squeezed to 48 px beside a
    wide 备注: it now says how to add one, and the title column stays the widest but 备注."""
    window = app.open()
    window.bookmarks_dock.raise_()
    panel = window.bookmarks
    panel.resize(420, 300)
    table = panel.table
    assert table.rowCount() == 0 and not panel.empty_hint.isHidden()
    assert "Ctrl+D" in panel.empty_hint.text()
    assert not any(button.isEnabled() for button in panel.export_buttons)
    others = (table.columnWidth(c) for c in range(table.columnCount()) if c not in (TITLE, NOTE))
    assert table.columnWidth(TITLE) > max(others)
    bookmark_three(window)
    assert panel.empty_hint.isHidden() and all(b.isEnabled() for b in panel.export_buttons)
    panel.remove(panel.all_ids())
    assert table.rowCount() == 0 and not panel.empty_hint.isHidden()


def test_the_list_stays_in_place_when_the_undo_button_comes_and_goes(app: App, qtbot) -> None:
    """The undo button is taller than the tag filter beside it: the list used to jump down a
    few pixels under the reader's pointer when it appeared."""
    window = app.open()
    bookmark_three(window)
    window.bookmarks_dock.show()
    window.bookmarks_dock.raise_()
    panel, table = window.bookmarks, window.bookmarks.table
    qtbot.wait(20)
    top = table.geometry().top()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    qtbot.wait(20)
    assert panel.undo_button.isVisible()
    assert table.geometry().top() == top
    panel.undo_remove()
    qtbot.wait(20)
    assert not panel.undo_button.isVisible()
    assert table.geometry().top() == top
