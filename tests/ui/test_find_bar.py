"""Find in this article (Ctrl+F) is separate from archive search (Ctrl+K)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from uiharness import App


def test_ctrl_f_finds_in_the_article_and_ctrl_k_goes_to_search(app: App, qtbot) -> None:
    window = app.open()
    text = window.article.toPlainText()
    word = "中亚"
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert bar.isVisible()
    bar.edit.setText(word)
    assert len(bar.matches) == text.count(word) > 1  # oracle: the text itself
    assert bar.count.text() == f"1/{text.count(word)}"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.current == 1
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.current == 0
    assert window.article.textCursor().selectedText() == word
    assert len(window.article.extraSelections()) == text.count(word)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible() and window.article.extraSelections() == []
    assert window.search_panel.query == ""  # archive search untouched
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus() or window.focusWidget() is window.search_box


def test_no_match_says_so(app: App) -> None:
    window = app.open()
    window.find_bar.open_bar()
    assert window.find_bar.find("不存在的词语组合") == 0
    assert window.find_bar.count.text() == "无匹配"
