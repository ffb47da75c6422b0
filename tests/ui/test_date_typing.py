"""A date typed into the search panel's date filter is the date written."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QPoint, Qt

from reader.search.engine import Results
from reader.ui.search_panel import SearchPanel


def _panel(qtbot) -> SearchPanel:
    panel = SearchPanel(lambda request, cancel: Results(query=request.query))
    qtbot.addWidget(panel)
    panel.show()
    panel.set_date_span(date(2020, 1, 1), date(2026, 12, 31))  # a library's issues
    panel.use_dates.setChecked(True)
    return panel


def test_typing_a_date_after_a_click(qtbot) -> None:
    panel = _panel(qtbot)
    for typed, expected in (
        ("2025-06-20", QDate(2025, 6, 20)),
        ("2024-6-5", QDate(2024, 6, 5)),
        ("2023-11-30", QDate(2023, 11, 30)),
        ("20220102", QDate(2022, 1, 2)),
    ):
        edit = panel.date_from
        line = edit.lineEdit()
        qtbot.mouseClick(line, Qt.MouseButton.LeftButton, pos=QPoint(4, line.height() // 2))
        qtbot.keyClicks(edit, typed)
        edit.interpretText()
        assert edit.date() == expected, typed


def test_typing_over_a_selected_date_or_from_home(qtbot) -> None:
    panel = _panel(qtbot)
    edit = panel.date_to
    edit.setFocus()
    edit.lineEdit().selectAll()
    qtbot.keyClicks(edit, "2025-06-20")
    assert edit.date() == QDate(2025, 6, 20)
    qtbot.keyClick(edit, Qt.Key.Key_Home)
    qtbot.keyClicks(edit, "2021-3-4")
    assert edit.date() == QDate(2021, 3, 4)
