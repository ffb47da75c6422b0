"""Opening an article of a PDF page brings its printed page (版面原图) to the front of the
panels beside it, until the reader picks another of those tabs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pdfpages import DATA
from PySide6.QtWidgets import QTabBar
from uiharness import SEEDS, App

TALL = "zgqxb-2026-08-21-04.pdf"


def front_tab(window, dock) -> str:
    """The title of the tab in front in ``dock``'s tab group (as the reader sees it)."""
    for bar in window.findChildren(QTabBar):
        titles = [bar.tabText(i) for i in range(bar.count())]
        if dock.windowTitle() in titles:
            return bar.tabText(bar.currentIndex())
    return dock.windowTitle() if dock.isVisible() else ""


def click_tab(qtbot, window, title: str) -> None:
    for bar in window.findChildren(QTabBar):
        for i in range(bar.count()):
            if bar.tabText(i) == title:
                qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(i).center())
                return
    raise AssertionError(f"no tab {title}")


from PySide6.QtCore import Qt  # noqa: E402


@pytest.fixture
def pdf_window(qtbot, tmp_path: Path):
    pytest.importorskip("reader.pdf", reason="PDF pages are read by the core of issue J")
    library = tmp_path / "library"
    shutil.copytree(SEEDS, library)
    folder = library / "中国气象报" / "2026-08-21"
    folder.mkdir(parents=True)
    shutil.copyfile(DATA / TALL, folder / "04.pdf")
    harness = App(qtbot, tmp_path, library)
    window = harness.open()
    yield window
    harness.close()


def pdf_and_text_articles(window) -> tuple[str, str, str]:
    archive = window.core.archive
    page = next(p for p in archive.pages if p.pdf is not None)
    printed = [a.id for a in page.articles if a.regions and archive.story_of(a.id)]
    text = next(p for p in archive.pages if p.pdf is None and p.articles).articles[0].id
    return printed[0], printed[1], text


def test_printed_page_comes_to_front_until_another_tab_is_chosen(qtbot, pdf_window) -> None:
    window = pdf_window
    original, search = window.original_dock, window.search_dock
    first, second, text = pdf_and_text_articles(window)
    window.raise_dock(search)  # as a search does
    window._open_article(text)  # a text page: nothing to show as printed
    assert front_tab(window, original) == search.windowTitle()

    window._open_article(first)
    assert front_tab(window, original) == "版面原图"
    assert window.original_view.current == first

    click_tab(qtbot, window, search.windowTitle())  # the reader wants the search results
    assert front_tab(window, original) == search.windowTitle()
    window._open_article(second)
    assert front_tab(window, original) == search.windowTitle()  # their choice is kept

    click_tab(qtbot, window, "版面原图")
    window._open_article(text)
    click_tab(qtbot, window, "版面原图")
    window._open_article(first)
    assert front_tab(window, original) == "版面原图"


def test_a_hit_opened_from_the_results_keeps_the_results_in_front(qtbot, pdf_window) -> None:
    window = pdf_window
    first, _second, _text = pdf_and_text_articles(window)
    window.run_search("气象")
    story = window.core.archive.story_of(first).id
    window.search_panel.hit_opened.emit(story, [])
    assert window.current_article in {a.id for a in window.core.archive.story(story).fragments}
    assert front_tab(window, window.original_dock) == window.search_dock.windowTitle()
