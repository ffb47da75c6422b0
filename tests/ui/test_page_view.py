"""The page view and moving by article, page and issue from the keyboard."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from uiharness import App

from reader.bench import generate_library


def test_page_view_follows_the_reader_and_keys_move_through_the_archive(
    qtbot, tmp_path: Path
) -> None:
    root = generate_library(tmp_path / "library", pages=30, seed=3).root  # two issues a paper
    harness = App(qtbot, tmp_path, root)
    window = harness.open()
    archive = window.core.archive
    page = archive.page_of(window.current_article)
    view = window.page_view
    assert view.list.count() == len(page.articles)  # oracle: the page's own items, in order
    assert [view.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(view.list.count())] == [
        a.id for a in page.articles
    ]
    assert view.list.currentItem().data(Qt.ItemDataRole.UserRole) == window.current_article
    second = page.articles[1].id
    qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert window.current_article == second
    assert view.list.currentItem().data(Qt.ItemDataRole.UserRole) == second
    qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert archive.page_of(window.current_article).meta.page == page.meta.page + 1
    window.step_actions[("issue", -1)].trigger()  # 上一期 (toolbar ◀期, Ctrl+Shift+PgUp)
    moved = archive.page_of(window.current_article)
    assert moved.meta.date < page.meta.date and moved.meta.page == 1  # the tree opens the newest
    view.list.itemClicked.emit(view.list.item(view.list.count() - 1))
    assert window.current_article == moved.articles[-1].id
    harness.close()


def test_page_link_in_the_article_header_opens_the_page_view(qtbot, tmp_path: Path) -> None:
    root = generate_library(tmp_path / "library", pages=4, seed=3).root
    harness = App(qtbot, tmp_path, root)
    window = harness.open()
    window.tree_dock.raise_()
    window.article.anchorClicked.emit(QUrl(f"fragment:{window.current_article}"))
    assert window.page_dock.isVisible() and window.page_view.page is not None
    harness.close()
