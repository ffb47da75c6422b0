"""Browse by date: the calendar marks the library's issues and opens them."""

from __future__ import annotations

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
