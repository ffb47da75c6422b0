"""The article pane: one story, reflowed; the printed page on demand; search matches."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QTextBrowser, QWidget

from reader.atomic import atomic_write_text
from reader.export import citation, story_markdown, story_text
from reader.model import Story
from reader.ui.render import Colors, original_html, story_html

MIN_ZOOM, MAX_ZOOM = 8, 40


class ArticleView(QTextBrowser):
    """Shows a story. Emits ``fragment_link(article_id)`` for the reader's own links."""

    fragment_link = Signal(str)
    hits_changed = Signal(int, int)  # (current 0-based, count)

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
        self.point_size = self.font().pointSize() if self.font().pointSize() > 0 else 12
        self.setPlaceholderText(self.tr("在左侧选择一篇文章，或在工具栏搜索。"))

    # Nothing in an article may load a file, image or URL: the HTML is ours and escaped, and
    # even so every resource request is refused.
    def loadResource(self, kind: int, name: QUrl) -> object:
        return None

    def _anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "fragment":
            self.fragment_link.emit(url.path())

    # -- content --------------------------------------------------------------------
    def show_story(
        self, story: Story, needles: list[str] | None = None, anchor: str | None = None
    ) -> None:
        self.story, self.needles = story, list(needles or [])
        self.hit = 0 if self.needles else -1
        self._render()
        if self.hit_count and not self.original:
            self.scrollToAnchor("hit-0")
        elif anchor:
            self.scrollToAnchor(anchor)

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
            text=text.name(),
            quiet=palette.color(QPalette.ColorRole.PlaceholderText).name(),
            hit="#6b5a00" if dark else "#ffe58a",
            current="#b36b00" if dark else "#ffab40",
            rule=palette.color(QPalette.ColorRole.Mid).name(),
        )

    def _render(self) -> None:
        if self.story is None:
            return
        scroll = self.verticalScrollBar().value()
        if self.original:
            self.setHtml(original_html(self.story, self._colors()))
            self.hit_count = 0
        else:
            markup, self.hit_count = story_html(self.story, self._colors(), self.needles, self.hit)
            self.setHtml(markup)
        self._apply_zoom()
        self.verticalScrollBar().setValue(scroll)
        self.hits_changed.emit(self.hit if self.hit_count else -1, self.hit_count)

    def set_original(self, on: bool) -> None:
        self.original = on
        self._render()

    # -- search matches -------------------------------------------------------------
    def next_hit(self, step: int = 1) -> None:
        if not self.hit_count or self.original:
            return
        self.hit = (self.hit + step) % self.hit_count
        self._render()
        self.scrollToAnchor(f"hit-{self.hit}")

    # -- zoom -------------------------------------------------------------------------
    def set_zoom(self, point_size: int) -> None:
        self.point_size = max(MIN_ZOOM, min(MAX_ZOOM, point_size))
        self._apply_zoom()

    def _apply_zoom(self) -> None:
        font = self.document().defaultFont()
        font.setPointSize(self.point_size)
        self.document().setDefaultFont(font)

    # -- copy, export, print ------------------------------------------------------------
    def copy_all(self) -> None:
        if self.story:
            QGuiApplication.clipboard().setText(story_text(self.story))

    def copy_citation(self) -> str:
        if self.story is None:
            return ""
        text = citation(self.story)
        QGuiApplication.clipboard().setText(text)
        return text

    def export(self, path: Path) -> None:
        if self.story is None:
            return
        markdown = path.suffix.lower() in (".md", ".markdown")
        atomic_write_text(path, story_markdown(self.story) if markdown else story_text(self.story))

    def print_to(self, printer: QPrinter) -> None:
        self.document().print_(printer)
