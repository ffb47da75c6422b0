"""Browse by date: the calendar marks the library's issues and opens them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtGui import QFont
from uiharness import App

from reader.bench import generate_library


def test_calendar_marks_issue_days_per_paper_and_opens_page_one(qtbot, tmp_path: Path) -> None:
    root = generate_library(tmp_path / "library", pages=30, seed=3).root
    harness = App(qtbot, tmp_path, root)
    window = harness.open()
    panel = window.calendar
    archive = window.core.archive
    expected = {p.meta.date for p in archive.pages if p.meta.date}  # oracle: the pages' dates
    assert set(panel.days()) == expected
    for day in expected:
        fmt = panel.calendar.dateTextFormat(QDate(day.year, day.month, day.day))
        assert fmt.fontWeight() == QFont.Weight.Bold
    paper = "乌海日报"
    panel.paper.setCurrentIndex(panel.paper.findData(paper))
    own = {p.meta.date for p in archive.pages if p.meta.newspaper == paper}
    assert set(panel.days()) == own
    other = next(iter(expected - own))
    assert (
        panel.calendar.dateTextFormat(QDate(other.year, other.month, other.day)).fontWeight()
        != QFont.Weight.Bold
    )
    day = min(own)
    panel.calendar.clicked.emit(QDate(day.year, day.month, day.day))
    opened = archive.page_of(window.current_article)
    assert (opened.meta.newspaper, opened.meta.date, opened.meta.page) == (paper, day, 1)
    newest = max(own)  # the calendar spans the chosen paper's issues
    assert panel.calendar.maximumDate() == QDate(newest.year, newest.month, newest.day)
    harness.close()


def test_calendar_turns_to_the_month_of_the_opened_article(qtbot, tmp_path: Path) -> None:
    root = generate_library(tmp_path / "library", pages=30, seed=3).root
    # one issue moved to an earlier month (the calendar opens on the newest issue's)
    (root / "乌海日报" / "2024-01-01").rename(root / "乌海日报" / "2023-11-20")
    harness = App(qtbot, tmp_path, root)
    window = harness.open()
    panel = window.calendar
    archive = window.core.archive
    day = date(2023, 11, 20)
    page = next(p for p in archive.pages if p.meta.date == day and p.articles)
    assert window.open_story(archive.story_of(page.articles[0].id).id)
    assert (panel.calendar.yearShown(), panel.calendar.monthShown()) == (2023, 11)
    assert panel.calendar.selectedDate() == QDate(2023, 11, 20)
    panel.paper.setCurrentIndex(panel.paper.findData("乌海日报"))  # the marks redrawn
    assert (panel.calendar.yearShown(), panel.calendar.monthShown()) == (2023, 11)
    window.open_story(archive.story_of(archive.pages[-1].articles[0].id).id)
    day = archive.pages[-1].meta.date
    assert (panel.calendar.yearShown(), panel.calendar.monthShown()) == (day.year, day.month)
    harness.close()
