"""The hits-over-time chart names its axis: the first and last period, the years between
where there is room, and the tallest bar's count."""

from __future__ import annotations

import itertools

from PySide6.QtGui import QColor, QPalette

from reader.ui.timeline import TimelineChart, month_range


def _chart(qtbot, counts: dict[str, int], width: int = 320) -> TimelineChart:
    chart = TimelineChart()
    qtbot.addWidget(chart)
    chart.set_counts(counts)
    chart.resize(width, chart.sizeHint().height())
    chart.show()
    return chart


def test_axis_names_the_ends_and_the_years(qtbot) -> None:
    chart = _chart(qtbot, {"2023-01": 2, "2024-07": 5, "2025-06": 1})
    labels = chart.axis_labels()
    texts = [text for _, text in labels]
    assert texts[0] == "2023-01" and texts[-1] == "2025-06"
    assert set(texts[1:-1]) <= {"2024", "2025"} and "2024" in texts
    months = month_range("2023-01", "2025-06")
    width = chart.width() / len(months)
    for x, text in labels[1:-1]:  # a year's label stands at its January bar
        assert x == int(months.index(f"{text}-01") * width)
    metrics = chart.fontMetrics()
    spans = [(x, x + metrics.horizontalAdvance(text)) for x, text in labels]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))  # no overlap
    assert spans[-1][1] <= chart.width()


def test_narrow_chart_keeps_the_ends_apart(qtbot) -> None:
    chart = _chart(qtbot, {"2023-01": 2, "2025-06": 1}, width=90)
    labels = chart.axis_labels()
    metrics = chart.fontMetrics()
    spans = [(x, x + metrics.horizontalAdvance(text)) for x, text in labels]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    assert labels[0][1] == "2023-01"


def test_labels_are_painted_under_the_bars(qtbot) -> None:
    chart = _chart(qtbot, {"2023-01": 2, "2024-07": 5, "2025-06": 1})
    image = chart.grab().toImage()
    background = chart.palette().color(QPalette.ColorRole.Window)
    band = range(chart.height() - chart.fontMetrics().height(), chart.height())
    metrics = chart.fontMetrics()
    for x0, text in chart.axis_labels():  # ink under every label
        right = min(chart.width(), x0 + metrics.horizontalAdvance(text))
        inked = sum(
            1
            for y in band
            for x in range(x0, right)
            if not _close(image.pixelColor(x, y), background)
        )
        assert inked > 10, text


def _close(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 90
