"""Reading settings: font, size, line spacing and theme (跟随系统 / 浅色 / 深色).

Light and dark are explicit palettes (a colour-scheme request is ignored by platforms
without a theme plugin, the bundled Linux app among them); "follow the system" restores the
palette the platform gave at start. The article pane takes its colours from the palette.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFontComboBox,
    QFormLayout,
    QProxyStyle,
    QSpinBox,
    QStyle,
    QWidget,
)

from reader.ui.article_view import MAX_LINE_HEIGHT, MAX_ZOOM, MIN_LINE_HEIGHT, MIN_ZOOM

THEMES = ("system", "light", "dark")
SPACINGS = (130, 150, 180, 200)


@dataclass(frozen=True, slots=True)
class Reading:
    family: str
    point_size: float
    line_height: int
    theme: str


TITLE_ICONS = (
    QStyle.StandardPixmap.SP_TitleBarNormalButton,
    QStyle.StandardPixmap.SP_TitleBarCloseButton,
    QStyle.StandardPixmap.SP_DockWidgetCloseButton,
)
DOCK_BUTTONS = {
    "qt_dockwidget_floatbutton": QStyle.StandardPixmap.SP_TitleBarNormalButton,
    "qt_dockwidget_closebutton": QStyle.StandardPixmap.SP_TitleBarCloseButton,
}


class ReaderStyle(QProxyStyle):
    """The platform's style, with the panels' float and close buttons drawn in the
    palette's text colour: Fusion draws them dark grey, next to invisible on a dark theme."""

    def standardIcon(self, which, option=None, widget=None) -> QIcon:
        if which in TITLE_ICONS:
            # the application's palette: a widget's own catches up only after events
            color = QApplication.palette().color(QPalette.ColorRole.WindowText)
            return title_icon(which, color)
        return super().standardIcon(which, option, widget)


def title_icon(which: QStyle.StandardPixmap, color: QColor) -> QIcon:
    """A float (two frames) or close (×) symbol in ``color``, sharp at 1× and 2×."""
    icon = QIcon()
    for size in (16, 32):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(color, size / 14)
        painter.setPen(pen)
        unit = size / 16
        if which == QStyle.StandardPixmap.SP_TitleBarNormalButton:
            painter.drawRect(QRectF(5 * unit, 3 * unit, 8 * unit, 7 * unit))
            painter.drawRect(QRectF(3 * unit, 6 * unit, 8 * unit, 7 * unit))
        else:
            painter.drawLine(QPointF(4 * unit, 4 * unit), QPointF(12 * unit, 12 * unit))
            painter.drawLine(QPointF(12 * unit, 4 * unit), QPointF(4 * unit, 12 * unit))
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def apply_theme(theme: str) -> None:
    """Light, dark, or whatever the system uses (the default)."""
    app = QApplication.instance()
    if app is None:
        return
    if not isinstance(app.style(), ReaderStyle):
        app.setStyle(ReaderStyle(app.style().name()))
    if not hasattr(app, "_reader_system_palette"):
        app._reader_system_palette = QPalette(app.palette())  # type: ignore[attr-defined]
    if theme == "dark":
        app.setPalette(dark_palette())
    elif theme == "light":
        app.setPalette(app.style().standardPalette())
    else:
        app.setPalette(app._reader_system_palette)  # type: ignore[attr-defined]
    refresh_dock_buttons(app)


def refresh_dock_buttons(app: QApplication) -> None:
    """Qt sets a panel's button icons once; after a theme change they are drawn again."""
    for widget in app.allWidgets():
        if isinstance(widget, QDockWidget):
            for button in widget.findChildren(QAbstractButton):
                which = DOCK_BUTTONS.get(button.objectName())
                if which is not None:
                    button.setIcon(app.style().standardIcon(which, None, widget))


def dark_palette() -> QPalette:
    """Light text on dark grey, with a readable selection and links."""
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, color in (
        (roles.Window, "#2b2b2b"),
        (roles.WindowText, "#e6e6e6"),
        (roles.Base, "#1f1f1f"),
        (roles.AlternateBase, "#2a2a2a"),
        (roles.Text, "#e6e6e6"),
        (roles.PlaceholderText, "#9a9a9a"),
        (roles.Button, "#333333"),
        (roles.ButtonText, "#e6e6e6"),
        (roles.ToolTipBase, "#333333"),
        (roles.ToolTipText, "#e6e6e6"),
        (roles.Highlight, "#3d6fb4"),
        (roles.HighlightedText, "#ffffff"),
        (roles.Link, "#8ab4f8"),
        (roles.Mid, "#555555"),
        # the frames the style draws around check boxes and bevels (invisible without)
        (roles.Light, "#6a6a6a"),
        (roles.Midlight, "#4a4a4a"),
        (roles.Dark, "#1a1a1a"),
        (roles.Shadow, "#111111"),
    ):
        palette.setColor(role, QColor(color))
    # What cannot be used now must look so: dimmed text, not the same light grey.
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, QColor("#7f7f7f"))
    palette.setColor(disabled, roles.Base, QColor("#2b2b2b"))
    return palette


class ReadingDialog(QDialog):
    def __init__(self, current: Reading, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("阅读设置"))
        self.family = QFontComboBox(self)
        self.family.setWritingSystem(QFontDatabase.WritingSystem.SimplifiedChinese)
        if current.family:
            self.family.setCurrentFont(QFont(current.family))
        self.size = QSpinBox(self)
        self.size.setRange(MIN_ZOOM, MAX_ZOOM)
        self._size = current.point_size
        self.size.setValue(round(current.point_size))
        self.size.setSuffix(self.tr(" 磅"))
        self.spacing = QComboBox(self)
        for value in sorted({*SPACINGS, current.line_height}):
            if MIN_LINE_HEIGHT <= value <= MAX_LINE_HEIGHT:
                self.spacing.addItem(f"{value / 100:.1f} 倍", value)
        self.spacing.setCurrentIndex(self.spacing.findData(current.line_height))
        self.theme = QComboBox(self)
        for label, key in (
            (self.tr("跟随系统"), "system"),
            (self.tr("浅色"), "light"),
            (self.tr("深色"), "dark"),
        ):
            self.theme.addItem(label, key)
        self.theme.setCurrentIndex(max(0, self.theme.findData(current.theme)))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("字体"), self.family)
        form.addRow(self.tr("字号"), self.size)
        form.addRow(self.tr("行距"), self.spacing)
        form.addRow(self.tr("配色"), self.theme)
        form.addRow(buttons)

    def reading(self) -> Reading:
        return Reading(
            self.family.currentFont().family(),
            # an unchanged whole-point box keeps a zoomed size such as 12.1 as it was
            self._size if self.size.value() == round(self._size) else self.size.value(),
            int(self.spacing.currentData()),
            str(self.theme.currentData()),
        )
