"""The issue tree on a generated archive of many issues: rows made only when opened, the
filter worked out in slices, and the answers checked against a scan of the archive."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex

from reader.archive import Archive, load_archive
from reader.bench import generate_library
from reader.ui.tree import ARTICLE_ROLE, STORY_ROLE, IssueTree, article_label


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Archive:
    root = tmp_path_factory.mktemp("big") / "library"
    generate_library(root, 90)
    return load_archive([root])


def _rows(tree: IssueTree) -> list[str]:
    """Article ids of every row the model shows, walked through Qt's model interface."""
    model, found, stack = tree.model, [], [None]
    while stack:
        parent = stack.pop()
        parent = parent if parent is not None else QModelIndex()
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if index.data(ARTICLE_ROLE):
                found.append(index.data(ARTICLE_ROLE))
            else:
                stack.append(index)
    return found


def _matching(archive: Archive, text: str) -> set[str]:
    """The oracle: every article whose row label holds ``text``."""
    out = set()
    for page in archive.pages:
        for article in page.articles:
            story = archive.story_of(article.id)
            continued = story is not None and (
                len(story.fragments) > 1 or bool(story.missing_pages)
            )
            if text in article_label(article, continued):
                out.add(article.id)
    return out


def test_article_rows_are_made_when_their_page_opens(qtbot, archive: Archive) -> None:
    tree = IssueTree()
    qtbot.addWidget(tree)
    tree.populate(archive)
    assert tree.model.rows_made() == 0  # issues and pages listed; no article row yet
    first_page = tree.model.folder_index(0, 0, 0, 0)
    tree.view.expand(first_page)
    page = tree.model.index(0, 0, first_page).internalPointer().parent.page
    assert tree.model.rows_made() == len(page.articles)
    # every article is there when walked, in printed order per page
    assert sorted(_rows(tree)) == sorted(a.id for p in archive.pages for a in p.articles)


def test_filter_in_slices_finds_what_a_scan_finds(qtbot, archive: Archive) -> None:
    tree = IssueTree()
    qtbot.addWidget(tree)
    tree.populate(archive)
    for text in ("发展", "乌海", "没有这样的标题"):
        with qtbot.waitSignal(tree.filtered, timeout=10_000):
            tree.filter.setText(text)
        assert set(_rows(tree)) == _matching(archive, text)
    # a text typed while a filter is still worked out replaces it
    with qtbot.waitSignal(tree.filtered, timeout=10_000):
        tree.filter.setText("发")
        tree.filter.setText("建设")
    assert set(_rows(tree)) == _matching(archive, "建设")
    with qtbot.waitSignal(tree.filtered, timeout=10_000):
        tree.filter.setText("")
    assert len(_rows(tree)) == sum(len(p.articles) for p in archive.pages)


def test_selecting_an_article_deep_in_the_archive(qtbot, archive: Archive) -> None:
    tree = IssueTree()
    qtbot.addWidget(tree)
    tree.populate(archive)
    page = archive.pages[len(archive.pages) // 2]
    article = page.articles[-1]
    assert tree.select_article(article.id)
    current = tree.view.currentIndex()
    assert current.data(ARTICLE_ROLE) == article.id
    assert current.data(STORY_ROLE) == archive.story_of(article.id).id
    assert tree.first_article() is not None


def test_an_article_the_filter_hides_leaves_no_other_row_selected(qtbot, archive: Archive) -> None:
    """Opened from the search list while a filter hid it, the old row stayed selected, and a
    click on it did nothing (it was current already)."""
    tree = IssueTree()
    qtbot.addWidget(tree)
    tree.populate(archive)
    text = "发展"
    with qtbot.waitSignal(tree.filtered, timeout=10_000):
        tree.filter.setText(text)
    shown = _rows(tree)
    hidden = next(a.id for p in archive.pages for a in p.articles if a.id not in set(shown))
    assert tree.select_article(shown[0])
    assert not tree.select_article(hidden)
    assert not tree.view.currentIndex().isValid()
    chosen: list[str] = []
    tree.article_chosen.connect(lambda _story, article: chosen.append(article))
    tree.view.setCurrentIndex(tree.model.article_index(shown[0]))  # the old row, clicked
    assert chosen == [shown[0]]


def test_big_archive_shows_its_issues_closed(qtbot, archive: Archive) -> None:
    """Beyond a few hundred pages the issues are listed closed, each opened on demand."""
    from reader.ui import tree as tree_module

    tree = IssueTree()
    qtbot.addWidget(tree)
    limit = tree_module.EXPAND_PAGES_LIMIT
    tree_module.EXPAND_PAGES_LIMIT = 10
    try:
        tree.populate(archive)
    finally:
        tree_module.EXPAND_PAGES_LIMIT = limit
    day = tree.model.folder_index(0, 0, 0)
    assert tree.view.isExpanded(day.parent()) and not tree.view.isExpanded(day)


def test_folders_opened_by_hand_stay_open_when_the_tree_is_filled_again(
    qtbot, archive: Archive
) -> None:
    """A correction fills the tree anew: the pages the reader had opened closed (trial 9)."""
    tree = IssueTree()
    qtbot.addWidget(tree)
    tree.populate(archive)
    page = tree.model.folder_index(0, 0, 0, 0)
    other = tree.model.folder_index(0, 0, 1, 0)
    tree.view.expand(page)
    assert not tree.view.isExpanded(other)
    tree.populate(archive)
    assert tree.view.isExpanded(tree.model.folder_index(0, 0, 0, 0))
    assert not tree.view.isExpanded(tree.model.folder_index(0, 0, 1, 0))


def test_long_headlines_sharing_a_start_keep_their_ends_in_a_narrow_tree(qtbot) -> None:
    """Two headlines of one issue that share their first words must still read apart when
    the tree is too narrow for them: the view elides in the middle, so each keeps its end."""
    tree = IssueTree()
    qtbot.addWidget(tree)
    start = "习近平出席二〇二六世界人工智能大会暨人工智能全球治理高级别会议开幕式"
    first, second = start + "并发表主旨演讲", start + "并会见外方嘉宾"
    metrics = tree.view.fontMetrics()
    width = metrics.horizontalAdvance(start) // 2  # far narrower than either headline
    elided = {
        metrics.elidedText(text, tree.view.textElideMode(), width) for text in (first, second)
    }
    assert len(elided) == 2
