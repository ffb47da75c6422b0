"""Draw the app icon (a folded newspaper with 报) into resources/icon.png and icon.ico.

Run once when the design changes: ``uv run python packaging/make_icon.py``.
"""

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    unit = size / 64
    painter.setBrush(QColor("#b71c1c"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(QRectF(2 * unit, 2 * unit, 60 * unit, 60 * unit), 10 * unit, 10 * unit)
    painter.setBrush(QColor("#fffdf7"))
    painter.drawRect(QRectF(12 * unit, 12 * unit, 40 * unit, 40 * unit))
    painter.setPen(QPen(QColor("#b71c1c"), 2 * unit))
    for row in range(4):
        y = (36 + row * 4.5) * unit
        painter.drawLine(int(16 * unit), int(y), int(48 * unit), int(y))
    font = QFont()
    font.setPixelSize(int(22 * unit))
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(
        QRectF(12 * unit, 10 * unit, 40 * unit, 24 * unit), Qt.AlignmentFlag.AlignCenter, "报"
    )
    painter.end()
    return image


if __name__ == "__main__":
    app = QGuiApplication([])
    draw(256).save(str(RESOURCES / "icon.png"))
    draw(256).scaled(128, 128).save(str(RESOURCES / "icon.ico"))
    print("wrote", RESOURCES / "icon.png", RESOURCES / "icon.ico")
