"""The 原版 view on real e-paper PDFs: the rendered page, the marked article, zoom, pan,
click to open, and what it says when there is no page image to show."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pdfpages import DATA, layout_page
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPalette, QWheelEvent
from PySide6.QtWidgets import QApplication
from uiharness import App

from reader.model import Article, Box, Kind, Page, PageMeta, PdfPlace
from reader.ui.original_view import (
    HIGHLIGHT_ALPHA,
    MAX_RENDER_PIXELS,
    ZOOM_STEP,
    OriginalView,
    render_place,
    render_scale,
)
from reader.ui.pdf_render import RENDERER
from reader.ui.reading_settings import apply_theme

TALL = "zgqxb-2026-08-21-04.pdf"  # portrait page, four articles
WIDE = "zgqxb-2026-06-09-04.pdf"  # landscape page, eight items


@pytest.fixture
def view(qtbot):
    widget = OriginalView()
    qtbot.addWidget(widget)
    widget.resize(600, 700)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()


def show(qtbot, view: OriginalView, page: Page, current: str | None) -> None:
    """Show ``page`` and wait for its rendered image (rendering runs off the GUI thread)."""
    with qtbot.waitSignal(view.image_shown, timeout=20_000):
        view.show_page(page, current)


def settle(qtbot, view: OriginalView) -> None:
    """Wait until no render is under way and the image is as sharp as the zoom asks."""
    qtbot.waitUntil(lambda: view._pending is None, timeout=20_000)
    QApplication.processEvents()


def canvas_image(view: OriginalView) -> QImage:
    return view.canvas.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def inner_points(view: OriginalView, article: Article, inset: int = 6) -> list[QPoint]:
    """A grid of canvas points well inside ``article``'s region (clear of its outline)."""
    rect = view.canvas.rect_of(article.regions[0]).toRect().adjusted(inset, inset, -inset, -inset)
    return [
        QPoint(rect.left() + rect.width() * i // 8, rect.top() + rect.height() * j // 8)
        for i in range(9)
        for j in range(9)
    ]


def blend(base: QColor, over: QColor, alpha: int) -> tuple[int, int, int]:
    a = alpha / 255
    return tuple(
        round(b * (1 - a) + o * a)
        for b, o in zip(base.getRgb()[:3], over.getRgb()[:3], strict=True)
    )


def test_rendering_gives_a_printed_page_of_the_right_shape():
    page = layout_page(TALL)
    place = page.pdf
    result = render_place(place, 0.5)
    assert result.problem is None
    image = result.image
    assert abs(image.width() - place.width * 0.5) <= 1
    assert abs(image.height() - place.height * 0.5) <= 1
    # The page carries text, so the image has both paper and ink: count dark pixels.
    dark = sum(
        1
        for x in range(0, image.width(), 3)
        for y in range(0, image.height(), 3)
        if QColor(image.pixel(x, y)).lightness() < 100
    )
    samples = len(range(0, image.width(), 3)) * len(range(0, image.height(), 3))
    assert 0.01 < dark / samples < 0.5


def mean_lightness(image: QImage) -> float:
    values = [
        QColor(image.pixel(x, y)).lightness()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    ]
    return sum(values) / len(values)


@pytest.mark.parametrize("name", [TALL, WIDE])
def test_a_small_page_image_is_as_grey_as_the_printed_page(name):
    """Seen small, a page of text is grey, as much ink per area as at full size: pdfium
    alone draws small print as solid black bars (the whole page darkened by a third)."""
    place = layout_page(name).pdf
    printed = mean_lightness(render_place(place, 3.0).image)
    for scale in (0.25, 0.5):
        assert abs(mean_lightness(render_place(place, scale).image) - printed) < 6


def test_the_view_shows_the_page_at_its_aspect_ratio(qtbot, view):
    for name in (TALL, WIDE):
        page = layout_page(name)
        show(qtbot, view, page, page.articles[0].id)
        size = view.canvas.size()
        assert abs(size.width() / size.height() - page.pdf.width / page.pdf.height) < 0.01
        # fit width: the page fills the panel's width
        assert view.scroll.viewport().width() - 40 <= size.width() <= view.scroll.viewport().width()
        image = canvas_image(view)
        colours = {image.pixel(x, y) for x in range(0, size.width(), 7) for y in range(0, 300, 7)}
        assert len(colours) > 10, "the page image is blank"
        assert view.message_text() == ""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_current_article_is_tinted_and_nothing_else(qtbot, view, theme):
    apply_theme(theme)
    try:
        page = layout_page(TALL)
        current, other = page.articles[1], page.articles[2]
        show(qtbot, view, page, None)
        settle(qtbot, view)
        plain = canvas_image(view)
        view.show_page(page, current.id)
        view._follow = False
        view.canvas.repaint()
        marked = canvas_image(view)
        highlight = view.canvas.palette().color(QPalette.ColorRole.Highlight)
        for point in inner_points(view, current):
            expected = blend(QColor(plain.pixel(point)), highlight, HIGHLIGHT_ALPHA)
            got = QColor(marked.pixel(point)).getRgb()[:3]
            assert all(abs(g - e) <= 3 for g, e in zip(got, expected, strict=True)), point
        for point in inner_points(view, other):
            assert marked.pixel(point) == plain.pixel(point)
        margin = QPoint(5, view.canvas.height() // 2)  # the page's left margin
        assert marked.pixel(margin) == plain.pixel(margin)
    finally:
        apply_theme("system")


def test_a_click_on_another_article_opens_it(qtbot, view):
    page = layout_page(WIDE)
    current, other = page.articles[0], page.articles[3]
    show(qtbot, view, page, current.id)
    target = view.canvas.rect_of(other.regions[0]).center().toPoint()
    with qtbot.waitSignal(view.article_opened, timeout=2000) as blocker:
        qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=target)
    assert blocker.args == [other.id]
    # the article being read, and paper where nothing is printed, open nothing
    inside_current = view.canvas.rect_of(current.regions[0]).center().toPoint()
    with qtbot.assertNotEmitted(view.article_opened):
        qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=inside_current)
        qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=QPoint(3, 3))


def test_a_click_in_the_gutter_between_an_articles_columns_opens_it(qtbot, view):
    page = layout_page(TALL)
    current, other = page.articles[0], page.articles[1]
    box = other.regions[0]
    middle = (box.x0 + box.x1) / 2
    # the article printed as two column blocks with a 16 pt gutter between them
    other.regions = [
        Box(box.x0, box.top, middle - 8, box.bottom),
        Box(middle + 8, box.top, box.x1, box.bottom),
    ]
    show(qtbot, view, page, current.id)
    zoom = view.canvas.zoom
    target = QPoint(round(middle * zoom), round((box.top + box.bottom) / 2 * zoom))
    with qtbot.waitSignal(view.article_opened, timeout=2000) as blocker:
        qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=target)
    assert blocker.args == [other.id]


def test_a_drag_pans_the_page_and_opens_nothing(qtbot, view):
    page = layout_page(TALL)
    show(qtbot, view, page, page.articles[0].id)
    view.set_zoom(2.0)
    hbar, vbar = view.scroll.horizontalScrollBar(), view.scroll.verticalScrollBar()
    hbar.setValue(200)
    vbar.setValue(300)
    other = page.articles[1]
    start = view.canvas.rect_of(other.regions[0]).center().toPoint()
    with qtbot.assertNotEmitted(view.article_opened):
        qtbot.mousePress(view.canvas, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(view.canvas, start + QPoint(-30, -50))
        qtbot.mouseRelease(view.canvas, Qt.MouseButton.LeftButton, pos=start + QPoint(-30, -50))
    assert (hbar.value(), vbar.value()) == (230, 350)


def test_zoom_buttons_wheel_and_fit_width(qtbot, view):
    page = layout_page(TALL)
    show(qtbot, view, page, page.articles[0].id)
    fitted = view.canvas.width()
    view.zoom_in_button.click()
    assert view.canvas.width() == pytest.approx(fitted * ZOOM_STEP, abs=2)
    assert not view.fit_width
    view.zoom_out_button.click()
    view.zoom_out_button.click()
    assert view.canvas.width() == pytest.approx(fitted / ZOOM_STEP, abs=2)
    # Ctrl+wheel over the page zooms in around the pointer
    before = view.canvas.zoom
    viewport = view.scroll.viewport()
    where = QPointF(100, 100)
    wheel = QWheelEvent(
        where,
        viewport.mapToGlobal(where),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, wheel)
    assert view.canvas.zoom == pytest.approx(before * ZOOM_STEP**2)
    # a sharper image follows the zoom
    qtbot.waitUntil(lambda: view.canvas.pixmap_scale >= view.canvas.zoom * 0.95, timeout=20_000)
    view.actual_button.click()
    assert view.canvas.width() == pytest.approx(page.pdf.width, abs=1)
    view.fit_button.click()
    assert view.canvas.width() == pytest.approx(fitted, abs=2)
    assert view.fit_width


def test_opening_an_article_scrolls_to_it(qtbot, view):
    page = layout_page(WIDE)
    view.set_zoom(2.0)
    low = max(page.articles, key=lambda a: a.regions[0].top)
    show(qtbot, view, page, low.id)
    qtbot.waitUntil(
        lambda: view.visible_rect().contains(view.canvas.current_rect().topLeft().toPoint()),
        timeout=2000,
    )
    assert view.scroll.verticalScrollBar().value() > 0


def test_a_page_without_a_pdf_says_so(qtbot, view):
    page = Page(
        source="中国气象报/2026-06-09/01.txt",
        meta=PageMeta("中国气象报", None, 1),
        articles=[Article("a", Kind.ARTICLE, ["正文"], title="标题")],
    )
    view.show_page(page, "a")
    assert "没有原版图像" in view.message_text()
    assert view.message.isVisible()
    assert not view.zoom_in_button.isEnabled()
    assert not view.tools.isVisible()  # nothing to zoom
    assert "点击" not in view.heading.text()
    view.show_page(None)
    assert view.message_text() == "（未打开版面）"


def test_a_missing_pdf_says_so(qtbot, view, tmp_path: Path):
    page = layout_page(TALL)
    gone = tmp_path / "gone.pdf"
    page.pdf = PdfPlace(str(gone), 0, page.pdf.width, page.pdf.height)
    view.show_page(page, page.articles[0].id)
    qtbot.waitUntil(lambda: "找不到" in view.message_text(), timeout=20_000)
    assert str(gone) in view.message_text()
    assert "文字版仍可正常阅读" in view.message_text()
    # the file is back (a drive reconnected): showing the page again renders it
    shutil.copyfile(DATA / TALL, gone)
    show(qtbot, view, page, page.articles[0].id)
    assert view.message_text() == ""
    assert view.tools.isVisible()


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_pdf_says_so(qtbot, view, tmp_path: Path, damage):
    page = layout_page(TALL)
    broken = tmp_path / "broken.pdf"
    whole = (DATA / TALL).read_bytes()
    broken.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 500 if damage == "garbage" else whole[:400])
    page.pdf = PdfPlace(str(broken), 0, page.pdf.width, page.pdf.height)
    view.show_page(page, page.articles[0].id)
    qtbot.waitUntil(lambda: "已损坏" in view.message_text(), timeout=20_000)
    # the view recovers when the next page is a good one
    show(qtbot, view, layout_page(WIDE), None)
    assert view.message_text() == ""


def test_a_page_index_past_the_end_says_so(qtbot, view):
    page = layout_page(TALL)
    page.pdf = PdfPlace(page.pdf.path, 5, page.pdf.width, page.pdf.height)
    view.show_page(page, None)
    qtbot.waitUntil(lambda: "没有第 6 页" in view.message_text(), timeout=20_000)


def test_a_huge_page_is_rendered_within_the_pixel_budget():
    huge = PdfPlace("huge.pdf", 0, 14_400, 14_400)  # the largest page a PDF allows
    scale = render_scale(4.0, 2.0, huge)
    assert scale * huge.width * scale * huge.height <= MAX_RENDER_PIXELS
    small = layout_page(TALL).pdf
    assert render_scale(1.0, 1.0, small) == 1.0


def test_the_window_follows_the_article_and_opens_what_is_clicked(app, tmp_path: Path):
    window = app.open()
    original = window.original_view
    story = window.core.archive.stories[0]
    assert window.open_story(story.id)
    # the sample library holds text pages: the panel says there is no printed image
    assert original.page is window.core.archive.page_of(window.current_article)
    assert "没有原版图像" in original.message_text()
    # a click on the printed page opens that article through the window
    other = next(
        a.id
        for page in window.core.archive.pages
        for a in page.articles
        if window.core.archive.story_of(a.id) is not None and a.id != window.current_article
    )
    original.article_opened.emit(other)
    assert window.current_article == other
    assert original.current == other


def test_a_renderer_that_died_is_replaced():
    """The page renderer runs in its own process (pdfium may crash on a damaged file, and
    must not run beside the library's PDF reading in one process): when it dies, the next
    page image still comes."""
    place = layout_page(TALL).pdf
    assert render_place(place, 0.25).image is not None
    pool = RENDERER._pool
    for process in list(pool._processes.values()):
        process.kill()
        process.join()
    again = render_place(place, 0.25)
    assert again.image is not None
    assert RENDERER._pool is not pool


def test_a_page_seen_before_shows_at_once(qtbot, view):
    """Going back to a page uses the rendered image kept from before: no new render."""
    tall, wide = layout_page(TALL), layout_page(WIDE)
    show(qtbot, view, tall, None)
    settle(qtbot, view)
    show(qtbot, view, wide, None)
    settle(qtbot, view)
    view.show_page(tall, tall.articles[0].id)
    assert view.canvas.pixmap is not None
    assert view._pending is None


def test_a_hidden_panel_renders_when_it_is_shown(qtbot, view):
    """Behind another tab the panel only remembers the page; it renders once shown."""
    page = layout_page(TALL)
    view.hide()
    view.show_page(page, page.articles[1].id)
    assert view._pending is None and view.canvas.pixmap is None
    with qtbot.waitSignal(view.image_shown, timeout=20_000):
        view.show()
    room = view.scroll.viewport().width()
    assert room - 40 <= view.canvas.width() <= room  # fitted to the panel as shown
    qtbot.waitUntil(
        lambda: view.visible_rect().contains(view.canvas.current_rect().toRect().topLeft()),
        timeout=2000,
    )


def test_a_pdf_library_in_the_window(qtbot, tmp_path: Path):
    """The whole path: a library holding an e-paper PDF, the window reading an article of
    it, the 原版 panel showing its page, and a click there opening another article."""
    pytest.importorskip("reader.pdf", reason="PDF pages are read by the core of issue J")
    folder = tmp_path / "library" / "中国气象报" / "2026-08-21"
    folder.mkdir(parents=True)
    shutil.copyfile(DATA / TALL, folder / "04.pdf")
    harness = App(qtbot, tmp_path, tmp_path / "library")
    window = harness.open()
    try:
        archive = window.core.archive
        page = next(p for p in archive.pages if p.pdf is not None)
        readable = [a for a in page.articles if a.regions and archive.story_of(a.id)]
        first, second = readable[0], readable[1]
        original = window.original_view
        window.original_dock.show()
        window.original_dock.raise_()
        window._open_article(first.id)
        assert original.page is page and original.current == first.id
        qtbot.waitUntil(lambda: original.canvas.pixmap is not None, timeout=20_000)
        assert original.message_text() == ""
        target = original.canvas.rect_of(second.regions[0]).center().toPoint()
        qtbot.mouseClick(original.canvas, Qt.MouseButton.LeftButton, pos=target)
        assert window.current_article == second.id
        assert original.current == second.id
    finally:
        harness.close()


def test_pointing_at_another_article_names_it_as_written(qtbot, view):
    page = layout_page(TALL)
    other = page.articles[1]
    other.title = "<img src=/etc/passwd>标题"
    show(qtbot, view, page, page.articles[0].id)
    qtbot.mouseMove(view.canvas, view.canvas.rect_of(other.regions[0]).center().toPoint())
    qtbot.waitUntil(lambda: "标题" in view.canvas.toolTip(), timeout=2000)
    assert "&lt;img src=/etc/passwd&gt;" in view.canvas.toolTip()
    assert view.canvas.cursor().shape() == Qt.CursorShape.PointingHandCursor
    assert view.canvas.hovered == other.id  # outlined: what a click would open


@pytest.mark.parametrize("button", ["actual_button", "zoom_in_button"])
@pytest.mark.parametrize("name", [TALL, WIDE])
def test_the_zoom_buttons_keep_the_marked_article_in_view(qtbot, view, button, name):
    """From the fitted page, 100% (or +) zooms around the marked article, wherever it is
    printed, instead of around the middle of the view, which may be another article."""
    page = layout_page(name)
    for article in page.articles:
        if not article.regions:
            continue
        show(qtbot, view, page, article.id)
        view.fit()
        QApplication.processEvents()
        for _ in range(3 if button == "zoom_in_button" else 1):
            getattr(view, button).click()
            QApplication.processEvents()
        assert view.canvas.zoom > 0.5
        marked = view.canvas.current_rect().toRect()
        assert view.visible_rect().intersects(marked), article.title
