"""The 原版 view: the printed page of a PDF-read page, with the article being read marked.

E-paper readers expect to see where an article sits on the printed page. The page image is
rendered by pdfium in a process of its own (see pdf_render), waited for on a worker thread
(a large page takes longer than a frame), and cached;
meanwhile the view paints blank paper, so the window never waits. The current article's
regions are tinted; a click on another article's region asks the window to open it.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from reader.model import Article, Box, Page, PdfPlace
from reader.ui.pdf_render import MISSING, NO_PAGE, RENDERER
from reader.ui.render import page_label, plain_tooltip
from reader.ui.tasks import LatestOnly

log = logging.getLogger(__name__)

MIN_ZOOM, MAX_ZOOM = 0.1, 6.0  # device-independent pixels per PDF point
ZOOM_STEP = 1.25
# A rendered page is kept below this many pixels (64 MB as 32-bit colour, about 3× the
# printed size of a broadsheet page); a closer zoom scales that image up instead.
MAX_RENDER_PIXELS = 16_000_000
# Rendered images kept, so going back and forth does not render again: a few pages, and
# never more pixels than two of the largest images (128 MB).
CACHE_SIZE = 6
CACHE_PIXELS = 2 * MAX_RENDER_PIXELS
DRAG_DISTANCE = 4  # pixels a press may move and still count as a click
SCROLL_MARGIN = 24  # room left above an article when the view scrolls to it
HIGHLIGHT_ALPHA = 80
# pdfium renders at least this many pixels per point (see render_place).
SUPERSAMPLE_SCALE = 2.0
# Half a column gutter, in points: a click this close to an article's block opens it.
HIT_SLACK = 10.0


@dataclass(frozen=True, slots=True)
class Rendered:
    """A render's answer: the image of ``place`` at ``scale`` pixels per point, or why not
    (one of pdf_render's MISSING, DAMAGED, NO_PAGE)."""

    place: PdfPlace
    scale: float
    image: QImage | None = None
    problem: str | None = None
    detail: str = ""


def render_place(place: PdfPlace, scale: float) -> Rendered:
    """Render one PDF page to an image. It blocks until the renderer process answers, so it
    runs off the GUI thread (QImage, unlike QPixmap, may be made there).

    Below ``SUPERSAMPLE_SCALE`` pdfium draws small print as solid black bars; the page is
    rendered at that scale and reduced here with area averaging, as a printed page looks
    from a distance (grey lines of text).
    """
    pdfium_scale = min(max(scale, SUPERSAMPLE_SCALE), pixel_cap(place))
    bits = RENDERER.render(place.path, place.index, pdfium_scale)
    if bits.problem is not None:
        log.warning("cannot render %s page %d: %s", place.path, place.index, bits.detail)
        return Rendered(place, scale, problem=bits.problem, detail=bits.detail)
    # pdfium's BGRx bytes are what Qt's RGB32 holds on little-endian machines; copy()
    # gives the image its own pixels
    image = QImage(
        bits.data, bits.width, bits.height, bits.stride, QImage.Format.Format_RGB32
    ).copy()
    if pdfium_scale > scale * 1.01:
        image = image.scaled(
            max(1, round(bits.width * scale / pdfium_scale)),
            max(1, round(bits.height * scale / pdfium_scale)),
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    return Rendered(place, scale, image=image)


def pixel_cap(place: PdfPlace) -> float:
    """The largest scale whose image stays within ``MAX_RENDER_PIXELS``."""
    return (MAX_RENDER_PIXELS / max(1.0, place.width * place.height)) ** 0.5


def render_scale(zoom: float, device_ratio: float, place: PdfPlace) -> float:
    """The pdfium scale for a zoom: sharp on the screen, rounded up to a quarter so small
    changes (a resized panel) reuse the image, and capped in pixels."""
    wanted = max(0.25, int(zoom * device_ratio * 4 + 0.999) / 4)
    return min(wanted, pixel_cap(place))


class PageCanvas(QWidget):
    """The printed page at the current zoom, with the current article tinted.

    Emits ``article_clicked(article_id)`` for a click on an article's region and
    ``pan_requested(delta)`` for a drag (the view owns zoom and scrolling).
    """

    article_clicked = Signal(str)
    pan_requested = Signal(QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.place: PdfPlace | None = None
        self.zoom = 1.0
        self.pixmap: QPixmap | None = None
        self.pixmap_scale = 0.0
        self.articles: list[Article] = []
        self.current = ""
        self.hovered = ""  # the article a click would open, outlined
        self._press: QPoint | None = None
        self._dragging = False
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    # -- state ---------------------------------------------------------------------------
    def set_page(self, place: PdfPlace | None, articles: list[Article], current: str) -> None:
        if place != self.place:
            self.pixmap, self.pixmap_scale = None, 0.0
        self.place, self.articles, self.current = place, articles, current
        self.hovered = ""
        self._resize_to_zoom()
        self.update()

    def set_zoom(self, zoom: float) -> None:
        self.zoom = zoom
        self._resize_to_zoom()
        self.update()

    def set_image(self, image: QImage, scale: float) -> None:
        self.pixmap, self.pixmap_scale = QPixmap.fromImage(image), scale
        self.update()

    def _resize_to_zoom(self) -> None:
        if self.place is None:
            self.resize(0, 0)
            return
        self.resize(self.page_size())

    def page_size(self) -> QSize:
        assert self.place is not None
        return QSize(round(self.place.width * self.zoom), round(self.place.height * self.zoom))

    # -- geometry --------------------------------------------------------------------------
    def rect_of(self, box: Box) -> QRectF:
        """A PDF-point box in widget pixels (both have the origin top-left, y down)."""
        z = self.zoom
        return QRectF(box.x0 * z, box.top * z, (box.x1 - box.x0) * z, (box.bottom - box.top) * z)

    def current_rect(self) -> QRectF:
        """The bounding rectangle of the current article's regions (empty if none)."""
        union = QRectF()
        for article in self.articles:
            if article.id == self.current:
                for box in article.regions:
                    union = union.united(self.rect_of(box))
        return union

    def article_at(self, point: QPointF) -> Article | None:
        """The article printed at ``point``.

        A point in the gutter between two columns of one article, or just beside a block,
        still means that article: regions reach ``HIT_SLACK`` points further, and the
        nearest region wins; among regions holding the point the smallest wins (a photo
        inside an article's box is the thing pointed at).
        """
        x, y = point.x() / self.zoom, point.y() / self.zoom
        best: tuple[float, float, Article] | None = None
        for article in self.articles:
            for box in article.regions:
                distance = max(box.x0 - x, x - box.x1, 0.0) + max(box.top - y, y - box.bottom, 0.0)
                if distance > HIT_SLACK:
                    continue
                rank = (distance, (box.x1 - box.x0) * (box.bottom - box.top))
                if best is None or rank < best[:2]:
                    best = (*rank, article)
        return best[2] if best else None

    # -- painting ----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        exposed = event.rect()
        painter.fillRect(exposed, QColor("white"))  # paper until the image arrives
        if self.pixmap is not None and self.pixmap_scale > 0:
            self._paint_image(painter, exposed)
        elif self.place is not None:
            # pdfium takes a moment for a page set in large CJK fonts: say it is coming
            painter.setPen(QColor("#808080"))
            painter.drawText(
                self.visibleRegion().boundingRect(),
                Qt.AlignmentFlag.AlignCenter,
                self.tr("正在载入原版…"),
            )
        self._paint_regions(painter)
        painter.end()

    def _paint_image(self, painter: QPainter, exposed: QRect) -> None:
        """Draw only the exposed part: a large page scaled whole would cost a frame."""
        assert self.pixmap is not None
        ratio = self.pixmap_scale / self.zoom  # image pixels per widget pixel
        source = QRectF(
            exposed.x() * ratio,
            exposed.y() * ratio,
            exposed.width() * ratio,
            exposed.height() * ratio,
        )
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(QRectF(exposed), self.pixmap, source)

    def _paint_regions(self, painter: QPainter) -> None:
        highlight = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        fill = QColor(highlight)
        fill.setAlpha(HIGHLIGHT_ALPHA)
        pen = QPen(highlight, 2)
        hover_pen = QPen(highlight, 1, Qt.PenStyle.DashLine)
        for article in self.articles:
            if article.id == self.current:
                for box in article.regions:
                    rect = self.rect_of(box)
                    painter.fillRect(rect, fill)
                    painter.setPen(pen)
                    painter.drawRect(rect.adjusted(1, 1, -1, -1))
            elif article.id == self.hovered:
                painter.setPen(hover_pen)
                for box in article.regions:
                    painter.drawRect(self.rect_of(box).adjusted(0.5, 0.5, -0.5, -0.5))

    # -- mouse -------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.globalPosition().toPoint()
            self._dragging = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None:
            now = event.globalPosition().toPoint()
            if self._dragging or (now - self._press).manhattanLength() > DRAG_DISTANCE:
                if not self._dragging:
                    self.setCursor(Qt.CursorShape.ClosedHandCursor)
                self._dragging = True
                self.pan_requested.emit(self._press - now)
                self._press = now
            return
        article = self.article_at(event.position())
        if article is not None and article.id != self.current:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setToolTip(plain_tooltip(article.display_title))
            self._hover(article.id)
        else:
            self.unsetCursor()
            self.setToolTip("")
            self._hover("")

    def leaveEvent(self, event) -> None:
        self._hover("")
        super().leaveEvent(event)

    def _hover(self, article_id: str) -> None:
        if article_id != self.hovered:
            self.hovered = article_id
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._press is not None:
            clicked = not self._dragging
            self._press, self._dragging = None, False
            self.unsetCursor()
            if clicked:
                article = self.article_at(event.position())
                if article is not None and article.id != self.current:
                    QToolTip.hideText()
                    self.article_clicked.emit(article.id)
        super().mouseReleaseEvent(event)


class OriginalView(QWidget):
    """The printed page of the article's page, or a sentence saying why there is none.

    Emits ``article_opened(article_id)`` when the reader clicks another article on the page.
    """

    article_opened = Signal(str)
    image_shown = Signal()  # a rendered page image is on screen (for tests and status)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page: Page | None = None
        self.current = ""
        self.fit_width = True  # follows the panel's width until the reader zooms
        self._cache: OrderedDict[tuple[str, int, float], QImage] = OrderedDict()
        self._pending: tuple[str, int, float] | None = None
        # True from opening an article until the reader scrolls or zooms: a re-fit of a
        # resized panel then keeps the article in view
        self._follow = False
        self.runner = LatestOnly("render-page", self)
        self.runner.finished.connect(self._rendered)
        self.runner.failed.connect(self._render_failed)
        self._build()
        self.show_page(None)

    def _build(self) -> None:
        tr = self.tr
        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.zoom_out_button = self._button("−", tr("缩小原版"), self.zoom_out)
        self.zoom_in_button = self._button("+", tr("放大原版"), self.zoom_in)
        self.fit_button = self._button(tr("适合宽度"), tr("整版宽度放进面板"), self.fit)
        self.actual_button = self._button("100%", tr("按印刷尺寸显示"), lambda: self.set_zoom(1.0))
        self.zoom_label = QLabel(self)
        self.tools = QWidget(self)  # hidden while there is no page image to zoom
        tools = QHBoxLayout(self.tools)
        tools.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.zoom_out_button,
            self.zoom_in_button,
            self.fit_button,
            self.actual_button,
            self.zoom_label,
        ):
            tools.addWidget(widget)
        tools.addStretch(1)
        self.canvas = PageCanvas()
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.canvas)
        self.scroll.setWidgetResizable(False)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll.setBackgroundRole(QPalette.ColorRole.Dark)
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setMargin(16)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.scroll)
        self.stack.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.tools)
        layout.addWidget(self.stack, 1)
        self.canvas.article_clicked.connect(self.article_opened)
        self.canvas.pan_requested.connect(self._pan)
        self.scroll.viewport().installEventFilter(self)
        for bar in (self.scroll.horizontalScrollBar(), self.scroll.verticalScrollBar()):
            bar.actionTriggered.connect(self._stop_following)

    def _button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(lambda *_: slot())
        return button

    # -- what is shown -------------------------------------------------------------------
    @property
    def place(self) -> PdfPlace | None:
        return self.page.pdf if self.page is not None else None

    def show_page(self, page: Page | None, current: str | None = None) -> None:
        """Show ``page``'s printed image with ``current`` (an article id) marked, and scroll
        to that article."""
        new_page = page is not self.page
        self.page, self.current = page, current or ""
        if page is None:
            self._say(self.tr("（未打开版面）"))
            self.canvas.set_page(None, [], "")
            return
        if page.pdf is None:
            self._say(
                self.tr(
                    "这一版是从文字文件读入的，没有原版图像。\n"
                    "从电子报 PDF 读入的版面才能在这里看到印刷版面。"
                )
            )
            self.canvas.set_page(None, [], "")
            return
        self.stack.setCurrentWidget(self.scroll)
        self._update_heading()
        self.canvas.set_page(page.pdf, page.articles, self.current)
        if new_page and self.fit_width:
            self._apply_fit()
        self._update_zoom_controls()
        self._request_image()
        self._follow = True
        self._scroll_to_current()
        QTimer.singleShot(0, self._scroll_to_current)  # again once the layout has settled

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)
        self._update_heading()
        self._update_zoom_controls()

    def message_text(self) -> str:
        """What the view says instead of a page image ('' while it shows the image)."""
        return self.message.text() if self.stack.currentWidget() is self.message else ""

    def _update_heading(self) -> None:
        page = self.page
        if page is None:
            self.heading.setText("")
            return
        where = " · ".join(
            filter(
                None,
                [
                    page.meta.newspaper or self.tr("未归档"),
                    page.meta.date.isoformat() if page.meta.date else "",
                    page_label(page),
                ],
            )
        )
        showing = self.stack.currentWidget() is self.scroll
        hint = self.tr("点击版面上的其他文章可打开它") if showing else ""
        self.heading.setText(f"{where}\n{hint}" if hint else where)

    # -- rendering -----------------------------------------------------------------------
    def _request_image(self) -> None:
        """Show a cached image at once or ask the worker for one sharp at this zoom."""
        place = self.place
        if place is None or not self.isVisible():
            return  # a hidden panel (another tab in front) renders when it is shown
        scale = render_scale(self.canvas.zoom, self.devicePixelRatioF(), place)
        if self.canvas.place == place and self.canvas.pixmap_scale >= scale * 0.95:
            return  # the image on screen is sharp enough
        key = (place.path, place.index, scale)
        cached = self._cached(place, scale)
        if cached is not None:
            self.canvas.set_image(cached[1], cached[0])
            self.image_shown.emit()
            if cached[0] >= scale * 0.95:
                return
        if self._pending == key:
            return
        self._pending = key
        self.runner.submit(lambda _cancel: render_place(place, scale))

    def _cached(self, place: PdfPlace, scale: float) -> tuple[float, QImage] | None:
        """The sharpest cached image of ``place`` no sharper than needed, else any."""
        found = [
            (s, image)
            for (path, index, s), image in self._cache.items()
            if path == place.path and index == place.index
        ]
        if not found:
            return None
        good = [item for item in found if item[0] >= scale * 0.95]
        item = min(good, key=lambda i: i[0]) if good else max(found, key=lambda i: i[0])
        self._cache.move_to_end((place.path, place.index, item[0]))
        return item

    def _rendered(self, ticket: int, result: Rendered) -> None:
        if ticket != self.runner.ticket:
            return
        self._pending = None
        if result.image is not None:
            self._cache[(result.place.path, result.place.index, result.scale)] = result.image
            while len(self._cache) > 1 and (
                len(self._cache) > CACHE_SIZE
                or sum(i.width() * i.height() for i in self._cache.values()) > CACHE_PIXELS
            ):
                self._cache.popitem(last=False)
        if result.place != self.place:
            return  # the reader moved on to another page meanwhile
        if result.image is None:
            self._say(self._problem_text(result))
            return
        self.canvas.set_image(result.image, result.scale)
        self.image_shown.emit()

    def _render_failed(self, ticket: int, message: str) -> None:
        if ticket == self.runner.ticket:
            self._pending = None
            self._say(self.tr("无法显示原版：%1").replace("%1", message))

    def _problem_text(self, result: Rendered) -> str:
        path = result.place.path
        if result.problem == MISSING:
            text = self.tr("找不到这一版的 PDF 文件，无法显示原版：\n%1").replace("%1", path)
        elif result.problem == NO_PAGE:
            text = (
                self.tr("PDF 文件中没有第 %1 页（文件可能已被替换）：\n%2")
                .replace("%1", str(result.place.index + 1))
                .replace("%2", path)
            )
        else:
            text = self.tr("PDF 文件已损坏或无法读取，无法显示原版：\n%1").replace("%1", path)
        return text + "\n" + self.tr("文字版仍可正常阅读。")

    # -- zoom and pan ------------------------------------------------------------------
    def set_zoom(self, zoom: float, anchor: QPoint | None = None) -> None:
        """Zoom to ``zoom`` pixels per point, keeping the page point under ``anchor``
        (canvas coordinates) where it was on the screen."""
        self.fit_width = self._follow = False
        self._zoom_to(zoom, anchor if anchor is not None else self._marked_anchor())

    def _marked_anchor(self) -> QPoint | None:
        """Where a zoom button zooms around: the part of the marked article on screen (the
        reader is looking at it), else the middle of the view."""
        shown = self.visible_rect().intersected(self.canvas.current_rect().toRect())
        return shown.center() if not shown.isEmpty() else None

    def zoom_in(self) -> None:
        self.set_zoom(self.canvas.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.canvas.zoom / ZOOM_STEP)

    def fit(self) -> None:
        self.fit_width = True
        self._apply_fit()
        self._request_image()

    def _apply_fit(self) -> None:
        place = self.place
        if place is None or place.width <= 0:
            return
        room = self.scroll.viewport().width() - 2
        bar = self.scroll.verticalScrollBar()
        if not bar.isVisible():  # the bar will appear once the page is taller than the view
            room -= self.scroll.style().pixelMetric(
                self.scroll.style().PixelMetric.PM_ScrollBarExtent
            )
        self._zoom_to(max(1, room) / place.width, None)

    def _zoom_to(self, zoom: float, anchor: QPoint | None) -> None:
        zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        old = self.canvas.zoom
        hbar, vbar = self.scroll.horizontalScrollBar(), self.scroll.verticalScrollBar()
        if anchor is None:
            viewport = self.scroll.viewport()
            anchor = self.canvas.mapFrom(viewport, viewport.rect().center())
        on_screen = anchor - QPoint(hbar.value(), vbar.value())
        self.canvas.set_zoom(zoom)
        if old > 0:
            hbar.setValue(round(anchor.x() * zoom / old) - on_screen.x())
            vbar.setValue(round(anchor.y() * zoom / old) - on_screen.y())
        self._update_zoom_controls()
        if self.place is not None:
            self._request_image()

    def _wheel(self, event: QWheelEvent) -> bool:
        """Ctrl+wheel zooms around the pointer; a plain wheel scrolls (not handled here)."""
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier or self.place is None:
            return False
        steps = event.angleDelta().y() / 120
        if steps:
            anchor = self.canvas.mapFrom(self.scroll.viewport(), event.position().toPoint())
            self.set_zoom(self.canvas.zoom * ZOOM_STEP**steps, anchor)
        return True

    def _pan(self, delta: QPoint) -> None:
        self._follow = False
        hbar, vbar = self.scroll.horizontalScrollBar(), self.scroll.verticalScrollBar()
        hbar.setValue(hbar.value() + delta.x())
        vbar.setValue(vbar.value() + delta.y())

    def _stop_following(self, *_args) -> None:
        """The reader moved the page: a later re-fit must not jump back to the article."""
        self._follow = False

    def _update_zoom_controls(self) -> None:
        usable = self.place is not None and self.stack.currentWidget() is self.scroll
        for button in (
            self.zoom_in_button,
            self.zoom_out_button,
            self.fit_button,
            self.actual_button,
        ):
            button.setEnabled(usable)
        self.zoom_in_button.setEnabled(usable and self.canvas.zoom < MAX_ZOOM)
        self.zoom_out_button.setEnabled(usable and self.canvas.zoom > MIN_ZOOM)
        self.zoom_label.setText(f"{round(self.canvas.zoom * 100)}%" if usable else "")
        self.tools.setVisible(usable)

    def _scroll_to_current(self) -> None:
        """Bring the marked article into view: its top-left corner near the top-left of the
        view, or centred horizontally when it is narrower than the view."""
        if not self._follow:
            return
        rect = self.canvas.current_rect()
        if rect.isEmpty():
            return
        viewport = self.scroll.viewport()
        hbar, vbar = self.scroll.horizontalScrollBar(), self.scroll.verticalScrollBar()
        vbar.setValue(round(rect.top()) - SCROLL_MARGIN)
        if rect.width() < viewport.width():
            hbar.setValue(round(rect.center().x() - viewport.width() / 2))
        else:
            hbar.setValue(round(rect.left()) - SCROLL_MARGIN)

    def eventFilter(self, watched, event) -> bool:
        """Ctrl+wheel over the page area zooms; a resized panel re-fits the page."""
        is_viewport = watched is self.scroll.viewport()
        if is_viewport and event.type() == event.Type.Wheel and self._wheel(event):
            return True
        if (
            watched is self.scroll.viewport()
            and event.type() == event.Type.Resize
            and self.fit_width
            and self.place is not None
        ):
            QTimer.singleShot(0, self._refit)
        return super().eventFilter(watched, event)

    def _refit(self) -> None:
        if self.fit_width and self.place is not None:
            self._apply_fit()
            self._scroll_to_current()

    def showEvent(self, event: QShowEvent) -> None:
        """The panel came to the front: fit and render the page it was given meanwhile."""
        super().showEvent(event)
        if self.place is not None and self.stack.currentWidget() is self.scroll:
            if self.fit_width:
                self._apply_fit()
            self._request_image()
            QTimer.singleShot(0, self._scroll_to_current)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_zoom_controls()

    def visible_rect(self) -> QRect:
        """The part of the page on screen, in canvas pixels."""
        viewport = self.scroll.viewport()
        return QRect(self.canvas.mapFrom(viewport, QPoint(0, 0)), viewport.size())

    def shutdown(self) -> None:
        self.runner.shutdown()


def add_original_dock(window: QMainWindow, beside: QDockWidget | None = None) -> QDockWidget:
    """The 原版 panel as a dock of ``window`` (tabbed with ``beside`` when given); its
    widget is the dock's ``widget()``, an :class:`OriginalView`."""
    view = OriginalView(window)
    dock = QDockWidget(view.tr("版面原图"), window)
    dock.setObjectName("dock-original")
    dock.setWidget(view)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    if beside is not None:
        window.tabifyDockWidget(beside, dock)
        beside.raise_()
    return dock
