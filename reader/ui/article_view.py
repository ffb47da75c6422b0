"""The article pane: one story, reflowed; the printed page on demand; search matches."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QKeyEvent,
    QPalette,
    QRawFont,
    QResizeEvent,
    QTextDocument,
    QWheelEvent,
)
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMenu, QTextBrowser, QWidget

from reader.atomic import atomic_write_text
from reader.export import citation, citation_bibtex, citation_ris, story_markdown, story_text
from reader.model import Story
from reader.pdf_text import (
    fill_from_content,
    fix_pdf_text,
    lookalikes_in,
    misread_chars,
    standard_equivalent,
)
from reader.ui.render import Colors, original_html, story_html

log = logging.getLogger(__name__)

MIN_ZOOM, MAX_ZOOM = 8, 40
MIN_LINE_HEIGHT, DEFAULT_LINE_HEIGHT, MAX_LINE_HEIGHT = 120, 150, 250
READING_POINTS = 12  # the least default size of the article's text
MEASURE = 40  # characters: the longest line an article is set in


class ArticleView(QTextBrowser):
    """Shows a story. Emits ``fragment_link(article_id)`` for the reader's own links."""

    fragment_link = Signal(str)
    hits_changed = Signal(int, int)  # (current 0-based, count)
    rendered = Signal()  # new content is shown
    zoom_steps = Signal(int)  # Ctrl+wheel: steps bigger (+) or smaller (−)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._anchor_clicked)
        self.story: Story | None = None
        self.needles: list[str] = []
        self.original = False
        self.hit = -1
        self.hit_count = 0
        # the system's text size, but never under a size Chinese is comfortable to read at
        # length in (Windows and bare X11 desktops give 9 pt: a trial found it small)
        self.point_size: float = max(self.font().pointSize(), READING_POINTS)
        self.setPlaceholderText(self.tr("在左侧选择一篇文章，或在工具栏搜索。"))
        # Which pages of a story's issue the library holds (set by the window)
        self.present_pages: Callable[[Story], frozenset[int]] = lambda _story: frozenset()
        # The reader's bookmark note on a story, if any (set by the window)
        self.note_for: Callable[[Story], str] = lambda _story: ""
        # Whether readers corrected the story's analysis (set by the window)
        self.corrected_for: Callable[[Story], bool] = lambda _story: False
        self.line_height = DEFAULT_LINE_HEIGHT
        self.font_family = ""  # empty: the system's default font
        # Reading position per mode, so switching modes returns to where the reader was
        self._positions: dict[bool, int] = {}
        self._wheel = 0  # Ctrl+wheel turned, not yet a whole zoom step
        self._printed_text = ""  # the text last printed (to check a PDF's text against)
        # Adds the reader's fixes to the context menu, given the paragraph clicked (set by
        # the window)
        self.extend_menu: Callable[[QMenu, str], None] = lambda _menu, _paragraph: None

    # Nothing in an article may load a file, image or URL: the HTML is ours and escaped, and
    # even so every resource request is refused.
    def loadResource(self, kind: int, name: QUrl) -> object:
        return None

    def context_menu(self, pos: QPoint) -> QMenu:
        """Qt's menu (copy, select all) and, in the reflowed article, the fixes for the
        paragraph at ``pos`` (the page as printed is not the article: no fixes there)."""
        menu = self.createStandardContextMenu(pos)
        if self.story is not None and not self.original:
            self.extend_menu(menu, self.cursorForPosition(pos).block().text())
        return menu

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Ctrl+wheel zooms in the window's even steps: Qt's own wheel zoom changed the font
        behind the window's back (the status bar kept the old percentage and the size was
        not remembered)."""
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            super().wheelEvent(event)
            return
        self._wheel += event.angleDelta().y()
        steps = int(self._wheel / 120)  # one notch is 120; touchpads send less at a time
        if steps:
            self._wheel -= steps * 120
            self.zoom_steps.emit(steps)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Home / Ctrl+End go to the top / end of the article, as in a browser or an
        editor: a read-only QTextBrowser has no text cursor to move, so Qt dropped them (only
        Home / End scrolled)."""
        key, ctrl = event.key(), Qt.KeyboardModifier.ControlModifier
        if key in (Qt.Key.Key_Home, Qt.Key.Key_End) and event.modifiers() == ctrl:
            bar = self.verticalScrollBar()
            bar.setValue(bar.maximum() if key == Qt.Key.Key_End else bar.minimum())
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()

    def _anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "fragment":
            self.fragment_link.emit(url.path())

    # -- content --------------------------------------------------------------------
    def show_story(
        self, story: Story, needles: list[str] | None = None, anchor: str | None = None
    ) -> None:
        self.story, self.needles = story, list(needles or [])
        self.hit = 0 if self.needles else -1
        self._positions.clear()
        self._render(keep_scroll=False)
        self._scroll_to_start(anchor)

    def changeEvent(self, event: QEvent) -> None:
        """A new palette (theme switched, or the system's changed): colours follow."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._render()

    def refresh(self) -> None:
        """Render again in place (the note or the library changed)."""
        self._render()

    def set_needles(self, needles: list[str]) -> None:
        """Highlight another search's matches in the open story (none: clear them)."""
        if self.story is None:
            return
        self.needles = list(needles)
        self.hit = 0 if self.needles else -1
        self._render()

    def _scroll_to_start(self, anchor: str | None = None) -> None:
        """Where a reader wants to begin: the first match, the fragment asked for, or, in the
        printed page, the first of this article's lines (not the top of the page)."""
        if self.original:
            self.scrollToAnchor("mine-0")
            return
        target = "hit-0" if self.hit_count else anchor
        if target is None:
            return
        self.scrollToAnchor(target)
        # What is already on the first screen is shown with the headline above it: a
        # reader opening a story wants to see which story it is. Where the target is is
        # asked of the layout: the scroll bar stops short of it in a short story's tail.
        top = self._anchor_top(target)
        if (
            top is not None
            and top <= self.viewport().height() - 3 * self.fontMetrics().lineSpacing()
        ):
            self.verticalScrollBar().setValue(0)

    def _anchor_top(self, name: str) -> float | None:
        """The document y of the line holding the anchor ``name``."""
        layout = self.document().documentLayout()
        block = self.document().begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                if name in fragment.charFormat().anchorNames():
                    line = block.layout().lineForTextPosition(
                        fragment.position() - block.position()
                    )
                    top = layout.blockBoundingRect(block).top()
                    return top + (line.y() if line.isValid() else 0.0)
                fragments += 1
            block = block.next()
        return None

    def clear_story(self) -> None:
        self.story, self.needles, self.hit, self.hit_count = None, [], -1, 0
        self.clear()
        self.hits_changed.emit(-1, 0)

    def _colors(self) -> Colors:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Base)
        dark = base.lightness() < 128
        return Colors(
            line_height=self.line_height,
            text=text.name(),
            quiet=palette.color(QPalette.ColorRole.PlaceholderText).name(),
            hit="#6b5a00" if dark else "#ffe58a",
            current="#b36b00" if dark else "#ffab40",
            rule=palette.color(QPalette.ColorRole.Mid).name(),
        )

    def _render(self, keep_scroll: bool = True) -> None:
        if self.story is None:
            return
        scroll = self.verticalScrollBar().value()
        if self.original:
            self.setHtml(original_html(self.story, self._colors()))
            self.hit_count = 0
        else:
            markup, self.hit_count = story_html(
                self.story,
                self._colors(),
                self.needles,
                self.hit,
                self.present_pages(self.story),
                note=self.note_for(self.story),
                corrected=self.corrected_for(self.story),
            )
            self.setHtml(markup)
        self._apply_zoom()
        if keep_scroll:
            self.verticalScrollBar().setValue(scroll)
        self.hits_changed.emit(self.hit if self.hit_count else -1, self.hit_count)
        self.rendered.emit()

    def set_original(self, on: bool) -> None:
        """Switch between the reflowed article and the page as printed, keeping each mode's
        own reading position (the first time: the article's first line in the page)."""
        if on == self.original:
            return
        self._positions[self.original] = self.verticalScrollBar().value()
        self.original = on
        self._render(keep_scroll=False)
        if on in self._positions:
            self.verticalScrollBar().setValue(self._positions[on])
        else:
            self._scroll_to_start()

    # -- search matches -------------------------------------------------------------
    def next_hit(self, step: int = 1) -> None:
        if not self.hit_count or self.original:
            return
        self.hit = (self.hit + step) % self.hit_count
        self._render()
        self.scrollToAnchor(f"hit-{self.hit}")

    # -- zoom -------------------------------------------------------------------------
    def set_zoom(self, point_size: float) -> None:
        """The article's font size in points (fractions allowed: zoom steps are even
        percentages of the default size, not whole points)."""
        self.point_size = round(max(MIN_ZOOM, min(MAX_ZOOM, point_size)), 2)
        # the text at the top of the view stays there: the scroll bar's value alone would
        # point two paragraphs off at the new size (trial 8)
        top = self.cursorForPosition(self.viewport().rect().topLeft()).position()
        self._apply_zoom()
        if self.verticalScrollBar().value() > 0 or top > 0:
            self._scroll_to_position(top)

    def _scroll_to_position(self, position: int) -> None:
        """Scroll so the line holding document ``position`` is the first one in view."""
        block = self.document().findBlock(position)
        layout = block.layout()
        line = layout.lineForTextPosition(position - block.position()) if layout else None
        top = self.document().documentLayout().blockBoundingRect(block).top()
        if line is not None and line.isValid():
            top += line.y()
        self.verticalScrollBar().setValue(int(top))

    def set_reading(self, family: str, line_height: int) -> None:
        """The reader's font family ("" = system default) and line spacing (percent)."""
        self.font_family = family
        self.line_height = max(MIN_LINE_HEIGHT, min(MAX_LINE_HEIGHT, line_height))
        self._render()
        self._apply_zoom()

    def _apply_zoom(self) -> None:
        font = self.document().defaultFont()
        if self.font_family:
            font.setFamily(self.font_family)
        font.setPointSizeF(self.point_size)
        self.document().setDefaultFont(font)
        self._fit_measure()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_measure()

    def _fit_measure(self) -> None:
        """Lines of at most MEASURE characters, the text centred in a wider pane: in a wide
        window a line ran to 60 characters, and the eye lost its way back to the next one
        (a trial). The document's root frame takes the spare width as side margins."""
        document = self.document()
        char = QFontMetricsF(document.defaultFont()).horizontalAdvance("中")
        room = self.viewport().width() - 2 * document.documentMargin()
        side = max(0.0, (room - MEASURE * char) / 2)
        frame = document.rootFrame()
        spec = frame.frameFormat()
        if abs(spec.leftMargin() - side) >= 1:
            spec.setLeftMargin(side)
            spec.setRightMargin(side)
            frame.setFrameFormat(spec)

    # -- copy, export, print ------------------------------------------------------------
    def copy_all(self) -> None:
        if self.story:
            QGuiApplication.clipboard().setText(story_text(self.story))

    def copy_citation(self, style: str = "gbt") -> str:
        """Copy a citation: "gbt" (GB/T 7714), "bibtex" or "ris"."""
        if self.story is None:
            return ""
        text = {"gbt": citation, "bibtex": citation_bibtex, "ris": citation_ris}[style](self.story)
        QGuiApplication.clipboard().setText(text)
        return text

    def export(self, path: Path) -> None:
        if self.story is None:
            return
        markdown = path.suffix.lower() in (".md", ".markdown")
        atomic_write_text(path, story_markdown(self.story) if markdown else story_text(self.story))

    def export_pdf(self, path: Path, title: str) -> None:
        """What is shown as a PDF titled ``title``, whose text copies and searches as the
        characters printed (see ``reader.pdf_text``)."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printer.setDocName(title)  # the PDF's title
        self.print_to(printer)
        del printer  # the file is complete once the printer is gone
        self.repair_printed(path)

    def repair_printed(self, path: Path) -> int:
        """Mend the font maps of the PDF just printed to ``path`` (export, or the print
        dialog's 打印到文件), so its text copies as printed; how many entries changed."""
        return repair_pdf(path, self._printed_text, self.document().defaultFont())

    def print_to(self, printer: QPrinter) -> None:
        """Print what is shown, in ink colours whatever the screen's theme (a dark theme's
        light grey text is barely visible on paper); the reflowed article without its
        on-screen links."""
        if self.story is None:
            self.document().print_(printer)
            self._printed_text = self.document().toPlainText()
            return
        document = QTextDocument()
        document.setDefaultFont(self.document().defaultFont())
        if self.original:
            markup = original_html(self.story, Colors())
        else:
            markup, _ = story_html(
                self.story, Colors(), present_pages=self.present_pages(self.story), links=False
            )
        document.setHtml(markup)
        document.print_(printer)
        self._printed_text = document.toPlainText()


def printed_equivalents(lookalikes: set[str], text: str, font: QFont) -> dict[str, str]:
    """What each lookalike code point in a PDF really stood for in ``text``.

    Unicode names the ideograph of a Kangxi radical; for the radicals it does not (⻛ for
    风…), the character of the printed text that the Chinese font draws with the same
    glyph is the one that was printed.
    """
    replace = {c: e for c in lookalikes if (e := standard_equivalent(c)) is not None}
    rest = lookalikes - replace.keys()
    if not rest:
        return replace
    raw = QRawFont.fromFont(font, QFontDatabase.WritingSystem.SimplifiedChinese)
    if not raw.isValid():
        return replace
    by_glyph: dict[int, str] = {}
    for char in dict.fromkeys(text):
        if char.isspace() or char in lookalikes:
            continue
        glyphs = raw.glyphIndexesForString(char)
        if len(glyphs) == 1 and glyphs[0]:
            by_glyph.setdefault(glyphs[0], char)
    for char in rest:
        glyphs = raw.glyphIndexesForString(char)
        if len(glyphs) == 1 and glyphs[0] in by_glyph:
            replace[char] = by_glyph[glyphs[0]]
    return replace


def repair_pdf(path: Path, text: str, font: QFont) -> int:
    """Rewrite the PDF Qt saved at ``path`` so its text copies as ``text`` was printed;
    returns how many font map entries were added or corrected."""
    from reader.pdf import PdfFileError, pdf_text  # pdfium loads only when exporting

    # glyphs with no entry or a wrong one, named by lining the shown glyphs up with the
    # printed text (holes: a glyph the shaper substituted has no code point of its own)
    data, count = fill_from_content(path.read_bytes(), text)
    replace = printed_equivalents(lookalikes_in(data), text, font)
    if count:
        path.write_bytes(data)
    # any other glyph mapped to a character never printed (户 read as 戶): found by reading
    # the PDF back, whatever the font
    try:
        replace.update(misread_chars(pdf_text(path), text))
    except PdfFileError as error:
        log.warning("exported PDF could not be read back to check its text: %s", error)
    if replace:
        fixed, more = fix_pdf_text(data, replace)
        if more:
            path.write_bytes(fixed)
            count += more
    _check_read_back(path, text)
    return count


def _check_read_back(path: Path, text: str) -> None:
    """Log what still reads differently from what was printed (a case not yet handled)."""
    from reader.pdf import PdfFileError, pdf_text

    try:
        read = pdf_text(path)
    except PdfFileError:
        return
    printed = {char for char in text if not char.isspace()}
    missing = sorted(printed - set(read))
    if missing:
        log.warning("exported PDF %s does not copy as printed: %s", path, "".join(missing[:40]))
