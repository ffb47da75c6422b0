"""The search panel: hits with highlighted snippets, filters, sort, more on scroll."""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

from reader.search.engine import Hit, Results, SearchRequest, Sort
from reader.ui.hit_list import STORY_ID, HitDelegate, HitsModel
from reader.ui.tasks import LatestOnly
from reader.ui.timeline import TimelineChart

PAGE_SIZE = 20


# the date fields' value while no span of issues is known (shown as a dash)
NO_DATE = QDate(1000, 1, 1)


class DateEdit(QDateEdit):
    """A date field that takes a date typed as written, "2025-06-20".

    Qt's field refuses digits typed in front of a complete part (the cursor after a click
    or Home) and, once a part is full, jumps to the next one by itself, so the "-" typed
    next skipped a part: "2025-06-20" came out as the old year with 06-20, or worse. Here a
    digit typed at a part that is not being typed replaces that part, and a separator right
    after such a jump is taken as the jump it already was.
    """

    SEPARATORS = "-/."

    def __init__(self, value: QDate, parent: QWidget | None = None) -> None:
        super().__init__(value, parent)
        self._typing: QDateTimeEdit.Section | None = None  # the part digits go into
        self._jumped = False  # the last digit filled its part and Qt moved on

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self._typing, self._jumped = None, False

    def mousePressEvent(self, event) -> None:
        super().mousePressEvent(event)
        self._typing, self._jumped = None, False

    def keyPressEvent(self, event) -> None:
        text = event.text()
        line = self.lineEdit()
        section = self.currentSection()
        if text.isdigit():
            if line.hasSelectedText() and line.selectedText() == line.text():
                section = self.sectionAt(0)  # all selected: a whole date is typed anew
                self.setSelectedSection(section)
            elif self._typing != section and not line.hasSelectedText():
                self.setSelectedSection(section)  # the digit starts this part afresh
            super().keyPressEvent(event)
            self._jumped = self.currentSection() != section
            self._typing = None if self._jumped else section
            return
        if text and text in self.SEPARATORS and self._jumped:
            self._typing, self._jumped = None, False
            return  # Qt moved to the next part already
        self._typing, self._jumped = None, False
        super().keyPressEvent(event)


@dataclass(frozen=True, slots=True)
class _ChartPick:
    """A period picked on the chart: the search and chart it was picked on, and the date
    filter before (checked, from, to), to come back to."""

    query: str
    paper: str | None
    timeline: dict[str, int]
    period: str
    before: tuple[bool, QDate, QDate]


def _period_dates(period: str) -> tuple[QDate, QDate]:
    """First and last day of a chart period: a month ("YYYY-MM") or a year ("YYYY")."""
    if len(period) == 4:
        return QDate(int(period), 1, 1), QDate(int(period), 12, 31)
    year, month = map(int, period.split("-"))
    first = QDate(year, month, 1)
    return first, first.addMonths(1).addDays(-1)


class SearchPanel(QWidget):
    """Runs searches through ``search_fn`` and emits ``hit_opened(story_id, needles)``.

    ``search_fn(request, cancel)`` runs off the GUI thread (a pathological query must not
    freeze the window); a newer search cancels an older one, whose answer is dropped.
    ``results_shown(results)`` tells when an answer is on screen.
    """

    hit_opened = Signal(str, list)
    results_shown = Signal(object)
    suggestion_chosen = Signal(str)  # a query offered after zero results

    def __init__(
        self, search_fn: Callable[[SearchRequest, threading.Event], Results], parent=None
    ) -> None:
        super().__init__(parent)
        self.search_fn = search_fn
        self.query = ""
        self.results: Results | None = None
        self.runner = LatestOnly("search", self)
        self.runner.finished.connect(self._answered)
        self.runner.failed.connect(self._search_failed)
        self._loading_more = False
        self.paper = QComboBox(self)
        self.paper.addItem(self.tr("全部报纸"), None)
        self.span: tuple[date, date] | None = None  # the library's first and last issue
        self.use_dates = QCheckBox(self.tr("日期"), self)
        self.date_from = DateEdit(NO_DATE, self)
        self.date_to = DateEdit(NO_DATE, self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            # no span known (the library is being read, or has no dated issue): a dash,
            # not made-up dates (2000-01-01 — today) or the last library's span
            edit.setMinimumDate(NO_DATE)
            edit.setSpecialValueText("—")
            edit.setDate(NO_DATE)
        self.sort = QComboBox(self)
        for label, value in (
            (self.tr("相关度"), Sort.RELEVANCE),
            (self.tr("最新"), Sort.NEWEST),
            (self.tr("最早"), Sort.OLDEST),
        ):
            self.sort.addItem(label, value)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # messages may quote the query
        self.status.setWordWrap(True)
        self.timeline = TimelineChart(self)
        self.timeline.hide()
        self.timeline.month_clicked.connect(self._pick_period)
        self.timeline.selection_cleared.connect(self._drop_period)
        self._pick: _ChartPick | None = None
        # zero results: what to try instead (escaped rich text, links are suggestion numbers)
        self.suggestions = QLabel(self)
        self.suggestions.setTextFormat(Qt.TextFormat.RichText)
        self.suggestions.setWordWrap(True)
        self.suggestions.hide()
        self.suggestions.linkActivated.connect(self._suggestion_chosen)
        self.suggested: list[str] = []
        self.model = HitsModel(self.load_more, self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setItemDelegate(HitDelegate(self.model, self.list))
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        # rows are as tall as their wrapped text at the view's width: laid out again on resize
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        filters = QHBoxLayout()
        filters.addWidget(self.paper)
        filters.addWidget(self.sort)
        dates = QHBoxLayout()
        dates.addWidget(self.use_dates)
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("—", self))
        dates.addWidget(self.date_to)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(dates)
        layout.addWidget(self.status)
        layout.addWidget(self.timeline)
        layout.addWidget(self.suggestions)
        layout.addWidget(self.list)
        self.paper.currentIndexChanged.connect(self.rerun)
        self.sort.currentIndexChanged.connect(self.rerun)
        self.use_dates.toggled.connect(self._dates_toggled)
        self.date_from.dateChanged.connect(self.rerun)
        self.date_to.dateChanged.connect(self.rerun)
        self.list.activated.connect(self._open_index)
        self.list.clicked.connect(self._open_index)

    def set_newspapers(self, papers: list[str]) -> None:
        current = self.paper.currentData()
        self.paper.blockSignals(True)
        while self.paper.count() > 1:
            self.paper.removeItem(1)
        for paper in papers:
            self.paper.addItem(paper, paper)
        index = self.paper.findData(current)
        self.paper.setCurrentIndex(max(0, index))
        self.paper.blockSignals(False)

    def _dates_toggled(self, on: bool) -> None:
        self._show_date_filter(on)
        self.rerun()

    def _show_date_filter(self, on: bool) -> None:
        """Off, the greyed fields show what is searched: the library's whole span (they
        kept a month picked in the chart, as if it still applied)."""
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        if not on and self.span is not None:
            self._show_dates(*self.span)

    def _show_dates(self, first: date, last: date) -> None:
        for edit, value in ((self.date_from, first), (self.date_to, last)):
            edit.blockSignals(True)
            edit.setDate(QDate(value.year, value.month, value.day))
            edit.blockSignals(False)

    def _request(self, offset: int) -> SearchRequest:
        dates = self.use_dates.isChecked()
        return SearchRequest(
            self.query,
            sort=Sort(self.sort.currentData()),
            newspaper=self.paper.currentData(),
            date_from=self.date_from.date().toString("yyyy-MM-dd") if dates else None,
            date_to=self.date_to.date().toString("yyyy-MM-dd") if dates else None,
            offset=offset,
            limit=PAGE_SIZE,
        )

    def reset(self) -> None:
        """Forget the last search (another library is opened: its answers would be about
        pages that are no longer there)."""
        self.runner.cancel()
        self.query = ""
        self.results = None
        self.model.show([], [], 0)
        self.status.setText("")
        self.suggested = []
        self.suggestions.hide()
        self.timeline.set_counts({})
        self._pick = None
        self.use_dates.blockSignals(True)  # a month picked in the old library's chart
        self.use_dates.setChecked(False)
        self.use_dates.blockSignals(False)
        self.set_date_span(None, None)  # the old library's span, until the new one's is known

    def search(self, query: str) -> None:
        """A new query starts from the date filter the reader set: a month picked on the
        last answer's chart looked into that answer, and kept, it hid most of the next
        one's hits behind a ticked box (trial: 暴雨 gave July's 85 of 150)."""
        pick = self._pick
        if pick is not None and query != pick.query:
            self._pick = None
            self._set_date_filter(*pick.before)
        self.query = query
        self.rerun()

    def _set_date_filter(self, checked: bool, first: QDate, last: QDate) -> None:
        """The date filter as given, without searching again."""
        for edit, value in ((self.date_from, first), (self.date_to, last)):
            edit.blockSignals(True)
            edit.setDate(value)
            edit.blockSignals(False)
        self.use_dates.blockSignals(True)
        self.use_dates.setChecked(checked)
        self.use_dates.blockSignals(False)
        self._show_date_filter(checked)

    def rerun(self, *_: object) -> None:
        """Search again with the current query and filters (the answer arrives later)."""
        if not self.query:
            return
        request = self._request(0)
        self._loading_more = False
        self.status.setText(self.tr("正在搜索…"))
        self.runner.submit(lambda cancel: ("new", self.search_fn(request, cancel)))

    def _answered(self, ticket: int, answer: tuple[str, Results]) -> None:
        if ticket != self.runner.ticket:
            return  # a newer search was started meanwhile
        kind, results = answer
        if kind == "more":
            self._loading_more = False
            if not results.error:
                self._append(results)
            self.results_shown.emit(self.results)
            return
        self.results = results
        shown = not results.error and results.total
        self.model.show(
            results.hits if shown else [], results.needles, results.total if shown else 0
        )
        self.list.scrollToTop()  # a new answer is read from its first hit
        self._show_timeline(results)
        self._show_suggestions(results)
        if results.error:
            self.status.setText(results.error)
        elif not results.total:
            self.status.setText(self.tr("没有找到：%1").replace("%1", results.query))
        else:
            building = self.tr("（索引建立中，结果可能不全）") if results.building else ""
            self.status.setText(
                self.tr("共 %1 条 · %2 毫秒")
                .replace("%1", str(results.total))
                .replace("%2", f"{results.ms:.1f}")
                + building
            )
        self.results_shown.emit(results)

    def _show_suggestions(self, results: Results) -> None:
        """Nothing found: offer queries that do find something, and say what else helps."""
        self.suggested = [s.query for s in results.suggestions]
        if results.error or results.total or results.cancelled:
            self.suggestions.hide()
            return
        links = [
            f'<a href="{number}">{html.escape(s.query)}</a>（{s.total}）'
            for number, s in enumerate(results.suggestions)
        ]
        hints = []
        if links:
            hints.append(self.tr("试试：") + "、".join(links))
        active = [
            name
            for name, on in (
                (self.tr("报纸"), self.paper.currentData() is not None),
                (self.tr("日期"), self._dates_exclude_some()),
            )
            if on
        ]
        if active:
            hints.append(html.escape(self.tr("可以取消%1筛选。").replace("%1", "和".join(active))))
        hints.append(html.escape(self.tr("检查错别字，或换一个说法。")))
        self.suggestions.setText("<br/>".join(hints))
        self.suggestions.show()

    def _dates_exclude_some(self) -> bool:
        """Whether the date filter leaves out part of the library: dropping a filter that
        spans every issue would find nothing more, so it is not offered."""
        if not self.use_dates.isChecked():
            return False
        if self.span is None:
            return True
        first, last = (QDate(d.year, d.month, d.day) for d in self.span)
        return self.date_from.date() > first or self.date_to.date() < last

    def _suggestion_chosen(self, link: str) -> None:
        if link.isdigit() and int(link) < len(self.suggested):
            self.suggestion_chosen.emit(self.suggested[int(link)])

    def _show_timeline(self, results: Results) -> None:
        """The chart of ``results``; limited to a period picked on the chart, it stays the
        chart the period was picked on (every month, that bar picked out), so another month
        is one click away and the picked one's bar gives the period up."""
        pick = self._pick
        if pick is not None and not results.error and self._still_picked(pick, results):
            self.timeline.set_counts(pick.timeline, selected=pick.period)
            return
        self._pick = None
        self.timeline.set_counts({} if results.error else results.timeline)

    def _still_picked(self, pick: _ChartPick, results: Results) -> bool:
        first, last = _period_dates(pick.period)
        return (
            results.query == pick.query
            and self.paper.currentData() == pick.paper
            and self.use_dates.isChecked()
            and (self.date_from.date(), self.date_to.date()) == (first, last)
        )

    def _pick_period(self, period: str) -> None:
        """A bar clicked: the search is limited to its period; the chart it was picked on,
        and the date filter as it was, are kept to come back to."""
        results = self.results
        if results is None:
            return
        kept = (
            self._pick
            if self._pick is not None and self._still_picked(self._pick, results)
            else None
        )
        self._pick = _ChartPick(
            query=results.query,
            paper=self.paper.currentData(),
            timeline=kept.timeline if kept else dict(results.timeline),
            period=period,
            before=kept.before
            if kept
            else (self.use_dates.isChecked(), self.date_from.date(), self.date_to.date()),
        )
        self.filter_to_period(period)

    def _drop_period(self) -> None:
        """The picked bar clicked again: the date filter goes back to what it was."""
        pick, self._pick = self._pick, None
        if pick is None:
            return
        self._set_date_filter(*pick.before)
        self.rerun()

    def filter_to_period(self, period: str) -> None:
        """Limit the search to one month ("YYYY-MM") or year ("YYYY") of the chart."""
        first, last = _period_dates(period)
        for edit, value in ((self.date_from, first), (self.date_to, last)):
            edit.blockSignals(True)
            edit.setDate(value)
            edit.blockSignals(False)
        if self.use_dates.isChecked():
            self.rerun()
        else:
            self.use_dates.setChecked(True)  # reruns

    def set_date_span(self, first: date | None, last: date | None) -> None:
        """The date filter starts as the library's own span of issues (none: no filter)."""
        dated = first is not None and last is not None
        self.span = (first, last) if dated else None
        self.use_dates.setEnabled(dated)
        if not dated:
            self.use_dates.setChecked(False)
            for edit in (self.date_from, self.date_to):
                edit.blockSignals(True)
                edit.setDate(NO_DATE)  # shown as its special text, a dash
                edit.blockSignals(False)
            return
        self._show_dates(first, last)

    def _search_failed(self, ticket: int, message: str) -> None:
        if ticket == self.runner.ticket:
            self._loading_more = False
            self.status.setText(self.tr("搜索出错：%1").replace("%1", message))

    def _append(self, results: Results) -> None:
        self.model.append(results.hits)

    @property
    def hits(self) -> list[Hit]:
        """The hits shown so far."""
        return self.model.hits

    @property
    def needles(self) -> list[str]:
        """The answer's terms, marked in each hit's title and snippet."""
        return self.model.needles

    def follow(self, story_id: str) -> None:
        """Mark the hit of the story being read, or none: a story opened another way (the
        tree, 后退) must not leave an old hit marked as if it were the one read."""
        row = self.model.row_of(story_id)
        if row == self.list.currentIndex().row() and row >= 0:
            return
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row))
        else:
            self.list.selectionModel().clear()

    def load_more(self) -> bool:
        """Ask for the next page of hits; False when all are shown (or it is on its way)."""
        if self.results is None or self.results.error or self._loading_more:
            return False
        if len(self.hits) >= self.results.total:
            return False
        request = self._request(len(self.hits))
        self._loading_more = True
        self.runner.submit(lambda cancel: ("more", self.search_fn(request, cancel)))
        return True

    def _open_index(self, index: QModelIndex) -> None:
        story_id = index.data(STORY_ID)
        if story_id is None:
            return
        needles = self.results.needles if self.results else []
        self.hit_opened.emit(story_id, list(needles))

    def open_hit(self, row: int) -> None:
        self._open_index(self.model.index(row))
