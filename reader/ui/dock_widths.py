"""Side panels keep the width they were given when the window shrinks and grows again.

Qt gives a main window's extra width to its central widget: panels squeezed while the
window was narrow stayed narrow after it grew back (the tree's titles stayed cut). This
remembers each panel's width as laid out at the start and as set by the reader (a drag of
a panel's edge ends with a mouse release on the window's separator), and gives it back,
up to that, when the window grows.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow


class DockWidths(QObject):
    def __init__(self, window: QMainWindow, docks: list[QDockWidget]) -> None:
        super().__init__(window)
        self.window = window
        self.docks = docks
        self.wanted: dict[QDockWidget, int] = {}
        window.installEventFilter(self)

    def remember(self) -> None:
        """The panels' widths now are the ones to keep."""
        self.wanted = {dock: dock.width() for dock in self.docks if _docked(dock)}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window:
            if event.type() == QEvent.Type.MouseButtonRelease:
                QTimer.singleShot(0, self.remember)  # a panel's edge was dragged
            elif isinstance(event, QResizeEvent) and _grew(event):
                QTimer.singleShot(0, self.regrow)
        return False

    def regrow(self) -> None:
        """Give panels narrower than they were set back their width (room allowing)."""
        short = [
            (dock, width)
            for dock, width in self.wanted.items()
            if _docked(dock) and dock.width() < width
        ]
        if short:
            docks, widths = [dock for dock, _ in short], [width for _, width in short]
            self.window.resizeDocks(docks, widths, Qt.Orientation.Horizontal)


def _docked(widget: QObject) -> bool:
    """A panel shown in the window (not floating, not a tab behind another)."""
    return isinstance(widget, QDockWidget) and widget.isVisible() and not widget.isFloating()


def _grew(event: QResizeEvent) -> bool:
    return 0 < event.oldSize().width() < event.size().width()
