"""Browse by date: a calendar of the library's issues, per newspaper.

Days with an issue are marked (bold, tinted); picking one opens that issue's first page.
The calendar opens on the newest issue and spans exactly the library's dates.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QComboBox, QLabel, QVBoxLayout, QWidget

from reader.archive import Archive


class CalendarPanel(QWidget):
    """Emits ``issue_opened(article_id)`` with the first article of the chosen issue."""

    issue_opened = Signal(str)
    no_issue = Signal(str)  # a day without an issue was picked ("YYYY-MM-DD")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # {newspaper: {date: first article id of that issue}}
        self.issues: dict[str, dict[date, str]] = {}
        self.followed: date | None = None  # the day of the article being read
        self.paper = QComboBox(self)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(False)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.paper)
        layout.addWidget(self.calendar)
        layout.addWidget(self.note)
        layout.addStretch()
        self.paper.currentIndexChanged.connect(self._mark)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)

    def populate(self, archive: Archive) -> None:
        issues: dict[str, dict[date, tuple[int, str]]] = defaultdict(dict)
        for page in archive.pages:
            meta = page.meta
            if not (meta.newspaper and meta.date and page.articles):
                continue
            order = meta.page if meta.page is not None else 10_000
            known = issues[meta.newspaper].get(meta.date)
            if known is None or order < known[0]:
                issues[meta.newspaper][meta.date] = (order, page.articles[0].id)
        self.issues = {
            paper: {day: first for day, (_, first) in days.items()}
            for paper, days in issues.items()
        }
        current = self.paper.currentData()
        self.paper.blockSignals(True)
        self.paper.clear()
        self.paper.addItem(self.tr("全部报纸"), None)
        for paper in sorted(self.issues):
            self.paper.addItem(paper, paper)
        self.paper.setCurrentIndex(max(0, self.paper.findData(current)))
        self.paper.blockSignals(False)
        self._mark()

    def days(self) -> dict[date, str]:
        """Issue days of the chosen newspaper (or of all), each with its first article."""
        paper = self.paper.currentData()
        chosen = [self.issues[paper]] if paper in self.issues else list(self.issues.values())
        merged: dict[date, str] = {}
        for days in chosen:
            for day, first in days.items():
                merged.setdefault(day, first)
        return merged

    def _mark(self, *_: object) -> None:
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())  # clear every mark
        days = self.days()
        marked = QTextCharFormat()
        marked.setFontWeight(QFont.Weight.Bold)
        marked.setBackground(QBrush(QColor(255, 214, 102, 140)))
        for day in days:
            self.calendar.setDateTextFormat(QDate(day.year, day.month, day.day), marked)
        if days:
            first, last = min(days), max(days)
            self.calendar.setDateRange(
                QDate(first.year, first.month, first.day), QDate(last.year, last.month, last.day)
            )
            shown = self.followed if self.followed and first <= self.followed <= last else last
            self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self.note.setText(
            self.tr("%1 期（加粗的日期），点击打开该期第一版").replace("%1", str(len(days)))
            if days
            else self.tr("书库里没有注明日期的报纸。")
        )

    def _picked(self, picked: QDate) -> None:
        day = date(picked.year(), picked.month(), picked.day())
        first = self.days().get(day)
        if first:
            self.issue_opened.emit(first)
        else:
            self.no_issue.emit(day.isoformat())

    def follow(self, day: date | None) -> None:
        """Show the month of the article being read, with its day selected (kept when the
        marks are redrawn: another newspaper chosen, the library corrected)."""
        self.followed = day
        if day is not None:
            self.calendar.blockSignals(True)
            self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
            self.calendar.setCurrentPage(day.year, day.month)
            self.calendar.blockSignals(False)
