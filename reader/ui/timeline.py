"""Hits over time: a small bar chart of matching stories per month, drawn with QPainter.

A click on a bar asks for that month as the date filter (``month_clicked("YYYY-MM")``);
the search panel then keeps the whole chart with that bar picked out, and a click on it
again gives the period up (``selection_cleared``).
Months without hits between the first and the last are drawn as gaps, so the chart's
width is time, not just the months that happen to have hits. Under the bars, the first and
last period and the years between name the axis; above them, the tallest bar's count.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QToolTip, QWidget

MAX_MONTHS = 240  # twenty years: beyond that the months are summed into years


def month_range(first: str, last: str) -> list[str]:
    """Every "YYYY-MM" from ``first`` to ``last`` inclusive."""
    year, month = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    months = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class TimelineChart(QWidget):
    month_clicked = Signal(str)
    selection_cleared = Signal()  # the picked period's bar was clicked again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[tuple[str, int]] = []
        self.selected: str | None = None  # the period the search is limited to, if picked here
        self.setMouseTracking(True)
        self.setMinimumHeight(44 + 2 * self._label_height())
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        return QSize(200, 48 + 2 * self._label_height())

    def _label_height(self) -> int:
        return self.fontMetrics().height() + 2

    def axis_labels(self) -> list[tuple[int, str]]:
        """(left x, text) of the labels under the bars: the first and last period at the
        ends, and the start of each year between where there is room (no label overlaps
        another)."""
        if not self.bars:
            return []
        metrics = self.fontMetrics()
        width = self.width() / len(self.bars)
        first, last = self.bars[0][0], self.bars[-1][0]
        right = (self.width() - metrics.horizontalAdvance(last), last)
        labels = [(0, first)]
        if len(self.bars) > 1:
            for index, (period, _) in enumerate(self.bars[1:-1], start=1):
                if len(period) == 7 and not period.endswith("-01"):
                    continue  # months: only a year's first is named
                text = period[:4]
                x = int(index * width)
                end = labels[-1][0] + metrics.horizontalAdvance(labels[-1][1])
                gap = metrics.horizontalAdvance("  ")
                if x >= end + gap and x + metrics.horizontalAdvance(text) + gap <= right[0]:
                    labels.append((x, text))
            if right[0] >= metrics.horizontalAdvance(first) + metrics.horizontalAdvance("  "):
                labels.append(right)
        return labels

    def set_counts(self, timeline: dict[str, int], selected: str | None = None) -> None:
        """Show ``timeline`` ({"YYYY-MM": count}); hidden when there is nothing to show.
        ``selected``: the period picked on the chart, drawn in full colour among the others."""
        self.selected = selected
        months = sorted(m for m in timeline if len(m) == 7 and m[4] == "-")
        if not months:
            self.bars = []
        else:
            span = month_range(months[0], months[-1])
            if len(span) > MAX_MONTHS:  # by year
                years: dict[str, int] = {}
                for month, count in timeline.items():
                    years[month[:4]] = years.get(month[:4], 0) + count
                first, last = int(min(years)), int(max(years))
                self.bars = [(str(y), years.get(str(y), 0)) for y in range(first, last + 1)]
            else:
                self.bars = [(month, timeline.get(month, 0)) for month in span]
        self.setVisible(bool(self.bars))
        self.update()

    def _bar_at(self, x: float) -> int:
        if not self.bars or self.width() <= 0:
            return -1
        index = int(x / self.width() * len(self.bars))
        return index if 0 <= index < len(self.bars) else -1

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.bars:
            return
        painter = QPainter(self)
        color = self.palette().color(QPalette.ColorRole.Highlight)
        quiet = self.palette().color(QPalette.ColorRole.PlaceholderText)
        peak = max(count for _, count in self.bars) or 1
        width = self.width() / len(self.bars)
        base = self.height() - self._label_height()  # bars stand on the axis
        height = base - self._label_height()  # room above for the peak's label
        for index, (period, count) in enumerate(self.bars):
            if not count:
                continue
            bar = max(2.0, height * count / peak)
            gap = 1.0 if width > 3 else 0.0
            shade = color if self.selected in (None, period) else quiet
            painter.fillRect(QRectF(index * width, base - bar, max(width - gap, 1.0), bar), shade)
        painter.setPen(quiet)
        painter.drawLine(0, base, self.width(), base)
        ascent = self.fontMetrics().ascent()
        for x, text in self.axis_labels():
            painter.drawText(x, base + 1 + ascent, text)
        peak_text = self.tr("最多 %1 篇").replace("%1", str(peak))
        painter.drawText(
            self.width() - self.fontMetrics().horizontalAdvance(peak_text), ascent, peak_text
        )
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self._bar_at(event.position().x())
        if index >= 0:
            label, count = self.bars[index]
            text = (
                self.tr("%1：%2 篇（再次点击恢复全部时间）")
                if label == self.selected
                else self.tr("%1：%2 篇（点击只看这段时间）")
            ).replace("%1", label)
            QToolTip.showText(
                self.mapToGlobal(QPoint(int(event.position().x()), 0)),
                text.replace("%2", str(count)),
                self,
            )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        index = self._bar_at(event.position().x())
        if index >= 0 and self.bars[index][0] == self.selected:
            self.selection_cleared.emit()
        elif index >= 0 and self.bars[index][1]:
            self.month_clicked.emit(self.bars[index][0])
