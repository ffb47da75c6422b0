"""Page text is data, never markup: no widget renders it as HTML or loads what it names."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument

from reader.archive import Archive
from reader.model import Article, Kind, Page, PageMeta
from reader.stories import link_stories
from reader.ui.tree import ARTICLE_ROLE, IssueTree


class CanaryDocument(QTextDocument):
    """Records every resource (image, stylesheet) the rich-text engine tries to load."""

    def __init__(self) -> None:
        super().__init__()
        self.requested: list[str] = []

    def loadResource(self, kind: int, url: QUrl):
        self.requested.append(url.toString())
        return super().loadResource(kind, url)


def render(markup: str) -> CanaryDocument:
    """Render text the way Qt renders a tooltip or label that it takes for rich text."""
    doc = CanaryDocument()
    doc.setHtml(markup)
    doc.size()  # lay it out: images are requested during layout
    return doc


def test_tree_tooltip_shows_a_hostile_title_literally(qtbot, tmp_path: Path) -> None:
    canary = tmp_path / "canary.png"
    canary.write_bytes(b"\x89PNG\r\n\x1a\n")
    title = f'<img src="{canary}"><b>标题</b>'
    article = Article(id="a1", kind=Kind.ARTICLE, paragraphs=["正文。"], title=title)
    page = Page(
        source=str(tmp_path / "p.txt"),
        meta=PageMeta("测试报", date(2025, 1, 1), 1),
        text="正文。",
        articles=[article],
    )
    tree = IssueTree()
    qtbot.addWidget(tree)
    tree.populate(Archive(pages=[page], stories=link_stories([page])))
    flags = Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive
    [index] = tree.model.match(tree.model.index(0, 0), ARTICLE_ROLE, "a1", 1, flags)
    doc = render(index.data(Qt.ItemDataRole.ToolTipRole))
    assert doc.requested == []
    assert doc.toPlainText() == title


def test_the_canary_would_see_an_unescaped_title(tmp_path: Path) -> None:
    """The oracle works: unescaped, the same title does make Qt ask for the file."""
    canary = tmp_path / "canary.png"
    assert render(f'<img src="{canary}">').requested


def test_labels_that_quote_page_text_are_plain(qtbot) -> None:
    from PySide6.QtCore import QSettings

    from reader.app import ReaderCore
    from reader.paths import settings_file
    from reader.ui.main_window import MainWindow

    window = MainWindow(
        ReaderCore(None), QSettings(str(settings_file()), QSettings.Format.IniFormat)
    )
    qtbot.addWidget(window)
    for label in (window.status_label, window.search_panel.status):
        assert label.textFormat() == Qt.TextFormat.PlainText
    window.core.close()
