"""``newspaper-reader --self-test``: prove an installed or frozen app really works.

It reads the bundled library, builds an index in a temporary folder, runs searches whose
answers are known, opens and closes the main window offscreen, and prints a short report.
Exit code 0, or 1 naming what failed. Everything it writes goes to a temporary folder, so
it runs from a read-only install too.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reader.archive import load_archive
from reader.paths import bundled_library
from reader.search.engine import SearchRequest, open_engine

LEAD = "弘扬“中国—中亚精神”开创更加美好未来"
TRADE = "同比增长101.3% 前5月我市外贸增速位居全区第一"
# An e-paper page (中国气象报, 2026-06-09, 第1版) shipped in resources/ for the PDF check.
SELFTEST_PDF = "selftest-page.pdf"


class _Report:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.failed: list[str] = []

    def check(self, name: str, test: Callable[[], object]) -> None:
        started = time.perf_counter()
        try:
            detail = test()
            ok = detail is not False
        except Exception as exc:  # every failure is reported by name, none is fatal
            ok, detail = False, f"{type(exc).__name__}: {exc}"
        took = (time.perf_counter() - started) * 1000
        mark = "ok  " if ok else "FAIL"
        extra = f" — {detail}" if isinstance(detail, str) and detail else ""
        self.lines.append(f"[{mark}] {name} ({took:.0f} ms){extra}")
        if not ok:
            self.failed.append(name)


def run_self_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    report = _Report()
    started = time.perf_counter()
    library = bundled_library()
    archive = load_archive([library])
    report.check("读取样例版面 (bundled library)", lambda: _library_ok(archive))
    with tempfile.TemporaryDirectory(prefix="newspaper-reader-selftest-") as tmp:
        engine = open_engine(Path(tmp) / "index", workers=1)
        report.check("建立索引 (index build)", lambda: f"{engine.build(archive).indexed} 篇")

        def titles(query: str) -> list[str]:
            return [h.title for h in engine.search(SearchRequest(query, limit=50)).hits]

        report.check("搜索词语 RCEP", lambda: _expect(titles("RCEP") == [TRADE]))
        phrase = "生态环境保护"
        report.check(
            f'搜索短语 "{phrase}"',
            lambda: _expect(len(titles(f'"{phrase}"')) == _stories_with(archive, phrase)),
        )
        report.check("搜索被换行拆开的词 命运共同体", lambda: _expect(LEAD in titles("命运共同体")))
        engine.close()
        report.check("打开并关闭主窗口 (main window)", lambda: _window_ok(library, Path(tmp)))
    report.check("读取 PDF 版面 (PDF page)", _pdf_ok)
    report.check("程序版本指纹 (code fingerprint)", _fingerprint_ok)
    report.check("中文排序与旧编码 (ICU data)", _icu_ok)
    report.check("Qt 对话框中文 (translation)", _translation_ok)
    seconds = time.perf_counter() - started
    for line in report.lines:
        print(line)
    if report.failed:
        print(f"self-test FAILED: {', '.join(report.failed)}")
        return 1
    print(f"self-test passed in {seconds:.1f} s (library: {library})")
    return 0


def _expect(condition: bool) -> bool:
    return condition


def _fingerprint_ok() -> str | bool:
    """The index knows a new version by the core's code: a frozen app must find its modules
    and their code (a fingerprint of the version string alone would miss new layout rules)."""
    from reader import __version__
    from reader.code_stamp import core_fingerprint, core_modules

    modules = core_modules()
    fingerprint = core_fingerprint()
    return len(modules) > 20 and fingerprint != __version__ and f"{len(modules)} 个模块"


def _stories_with(archive, phrase: str) -> int:
    """How many stories print ``phrase`` (across line breaks): the answer a search must give,
    whatever the layout analysis made of the pages."""

    def text(story) -> str:
        parts = [p for a in story.fragments for p in (a.kicker, a.title, a.subtitle, *a.paragraphs)]
        return "".join("".join(parts).split())

    return sum(phrase in text(story) for story in archive.stories)


def _library_ok(archive: object) -> str | bool:
    pages, stories, errors = len(archive.pages), len(archive.stories), archive.errors
    if pages != 5 or errors or stories < 40:
        return False
    return f"{pages} 个版面，{stories} 篇稿件"


PINYIN_ORDER = ["阿拉善", "包头", "呼和浩特", "乌海", "中国"]


def _pdf_ok() -> str | bool:
    """Parse the bundled e-paper page through the real PDF path (pdfium, geometry, items)
    and check the result against pdfium's own text layer: every article's text is printed
    on the page, and every headline is printed inside the regions given for its article."""
    import pypdfium2 as pdfium

    from reader.language.segmenter import resources_dir
    from reader.model import PageMeta
    from reader.pdf import read_pdf

    path = resources_dir() / SELFTEST_PDF
    [page] = read_pdf(path, PageMeta())
    titled = [article for article in page.articles if article.title]
    if not page.ok or len(titled) < 3 or page.pdf is None:
        return False
    document = pdfium.PdfDocument(str(path))
    try:
        textpage = document[0].get_textpage()
        printed = _squeezed(textpage.get_text_range())
        height = page.pdf.height
        for article in page.articles:
            if any(_squeezed(p) not in printed for p in article.paragraphs):
                return f"文字不在版面上：{article.display_title}"
        for article in titled:
            inside = "".join(
                textpage.get_text_bounded(r.x0, height - r.bottom, r.x1, height - r.top)
                for r in article.regions
            )
            if _squeezed(article.title)[:4] not in _squeezed(inside):
                return f"标题不在其区域内：{article.title}"
    finally:
        document.close()
    return f"{len(page.articles)} 篇，{len(titled)} 个标题"


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _icu_ok() -> str | bool:
    """The frozen app ships a trimmed ICU data library: what Qt needs from it must be there.

    Qt's file dialogs sort names with QCollator (pinyin order needs ICU's Chinese collation)
    and clipboard text labelled GB18030/GBK/Big5 goes through ICU's converters.
    """
    from functools import cmp_to_key

    from PySide6.QtCore import QCollator, QLocale, QStringDecoder

    collator = QCollator(QLocale("zh_CN"))
    ordered = sorted(reversed(PINYIN_ORDER), key=cmp_to_key(collator.compare))
    encodings = ["GB18030", "GBK", "Big5"]
    decodable = [name for name in encodings if QStringDecoder(name).isValid()]
    if ordered != PINYIN_ORDER or decodable != encodings:
        return False
    return "拼音排序 " + "、".join(ordered) + "；" + "/".join(decodable)


def _translation_ok() -> str | bool:
    """Qt's own buttons read Chinese (the translation file shipped and loads)."""
    from PySide6.QtCore import QCoreApplication

    from reader.ui.app import application

    application()
    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    return f"Cancel → {cancel}" if cancel != "Cancel" else False


def _window_ok(library: Path, tmp: Path) -> str | bool:
    from PySide6.QtCore import QEventLoop, QSettings, QTimer

    from reader.app import ReaderCore
    from reader.paths import LibraryFolders
    from reader.ui.app import application
    from reader.ui.main_window import MainWindow

    application()
    # the samples alone: a self-test must not create the user's own library folder
    folders = LibraryFolders((library,), tmp / "imports", tmp / "window-index")
    core = ReaderCore(folders, store_path=tmp / "bookmarks.sqlite3")
    window = MainWindow(core, QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    window.show()
    loop = QEventLoop()
    window.index_ready.connect(loop.quit)
    QTimer.singleShot(60_000, loop.quit)
    window.start()
    loop.exec()
    rows = len(window.tree.article_rows())
    ready = window.is_index_ready and rows > 0 and window.article.story is not None
    window.close()
    core.close()
    return f"{rows} 篇文章在目录中" if ready else False
