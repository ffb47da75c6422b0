"""Reading in the window: the printed page, continuations, untitled items, search state,
confirmations and saved files."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

from PySide6.QtCore import Qt
from uiharness import SEEDS, App, answer_dialogs, answered, longest_story

from reader.export import citation
from reader.model import Kind
from reader.ui.main_window import safe_file_stem, with_suffix
from reader.ui.tree import STORY_ROLE


def last_article_of_a_long_page(window):
    """A story whose lines sit far down its page (the original view must scroll to them)."""
    page = max(window.core.archive.pages, key=lambda p: len(p.text))
    article = max(page.articles, key=lambda a: min(a.source_lines or [0]))
    return window.core.archive.story_of(article.id), article


def test_printed_page_opens_at_the_articles_lines_and_modes_keep_their_place(app: App) -> None:
    window = app.open()
    story, article = last_article_of_a_long_page(window)
    window.open_story(story.id, article.id)
    view = window.article
    bar = view.verticalScrollBar()
    bar.setValue(0)  # reading from the top: the old behaviour kept this in the printed page
    window.original_action.trigger()
    assert view.original
    rect = view.viewport().rect()
    top = view.cursorForPosition(rect.topLeft()).blockNumber()
    bottom = view.cursorForPosition(rect.bottomLeft()).blockNumber()
    first_line = min(article.source_lines)
    assert top > 0 and top <= first_line + 1 <= bottom + 1  # the block after the page heading
    window.original_action.trigger()
    assert not view.original and bar.value() == 0
    bar.setValue(bar.maximum())
    window.original_action.trigger()
    window.original_action.trigger()
    assert bar.value() == bar.maximum()  # each mode keeps its own place


def test_continuation_not_found_on_a_page_that_is_there_says_so(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "library" / "乌海日报" / "2025-06-18"
    folder.mkdir(parents=True)
    (folder / "01.txt").write_text(
        "本报讯（记者王五）本月起，全市二十座公园延长\n夜间开放时间，方便市民散步健身。\n\n"
        "（下转第四版）\n\n全市公园延长夜间开放时间\n",
        encoding="utf-8",
    )
    (folder / "04.txt").write_text(
        "本报讯 市图书馆古籍修复公开课昨日开讲，\n吸引了众多市民参加。\n\n古籍修复公开课开讲\n",
        encoding="utf-8",
    )
    harness = App(qtbot, tmp_path, tmp_path / "library")
    window = harness.open()
    story = next(s for s in window.core.archive.stories if s.title == "全市公园延长夜间开放时间")
    window.open_story(story.id)
    text = window.article.toPlainText()
    assert "未找到接续部分" in text and "本库未收录" not in text
    harness.close()


def test_untitled_items_are_not_dressed_up_as_headlines(app: App) -> None:
    window = app.open()
    story = next(
        s for s in window.core.archive.stories if not s.title and s.lead.kind is Kind.ARTICLE
    )
    window.open_story(story.id)
    text = window.article.toPlainText()
    assert text.lstrip().startswith("（无标题）")
    assert story.lead.paragraphs[0] in text  # the whole text, from its first word
    opening = story.lead.opening
    body = "".join(story.lead.paragraphs)
    assert body.startswith(opening)
    # a clause, not a cut word: it ends where punctuation follows (or is the whole text)
    assert len(opening) == len(body) or body[len(opening)] in "，。；：！？、,;:!?"
    # cited by those words, marked as a title supplied, not printed
    assert f"[{story.lead.display_title}][N]" in citation(story)
    assert story.lead.display_title.startswith(opening)


def test_a_new_search_replaces_the_old_highlights(app: App, qtbot) -> None:
    window = app.open()
    first = answered(qtbot, window, lambda: window.run_search("煤"))
    window.search_panel.open_hit(0)
    assert window.article.needles == first.needles and window.article.hit_count > 0
    second = answered(qtbot, window, lambda: window.run_search("乌海"))
    assert window.article.needles == second.needles
    assert window.hit_label.text().strip() == (
        f"1/{window.article.hit_count}" if window.article.hit_count else ""
    )
    selected = window.tree.view.selectionModel().selectedIndexes()
    assert len(selected) == 1 and selected[0].data(STORY_ROLE) == window.article.story.id


def test_a_search_that_finds_nothing_clears_the_old_highlights(app: App, qtbot) -> None:
    window = app.open()
    answered(qtbot, window, lambda: window.run_search("煤"))
    window.search_panel.open_hit(0)
    assert window.article.hit_count > 0
    nothing = answered(qtbot, window, lambda: window.run_search("量子计算机芯片"))
    assert nothing.total == 0
    assert window.article.hit_count == 0 and window.hit_label.text().strip() == ""


def test_the_end_of_the_issue_is_no_longer_announced_once_the_reader_moves(app: App) -> None:
    window = app.open()
    while window.step("issue", 1):
        pass
    assert window.statusBar().currentMessage().startswith("已经是")
    assert window.step("issue", -1)
    assert window.statusBar().currentMessage() == ""


def test_steps_that_lead_nowhere_are_greyed_out(app: App) -> None:
    """The browse buttons follow the open article: at a page's first article ◀篇 is off,
    at the paper's newest issue 期▶ is off (oracle: the archive's own step functions)."""
    window = app.open()
    archive = window.core.archive
    movers = {"article": archive.step_article, "page": archive.step_page}
    movers["issue"] = archive.step_issue
    for page in archive.pages[:3]:
        for article in (page.articles[0], page.articles[-1]):
            window._open_article(article.id)
            for (how, direction), action in window.step_actions.items():
                reachable = movers[how](window.current_article, direction) is not None
                assert action.isEnabled() == reachable, (how, direction)
    assert not all(a.isEnabled() for a in window.step_actions.values())


def test_only_queries_that_worked_are_remembered(app: App, qtbot) -> None:
    window = app.open()
    answered(qtbot, window, lambda: window.run_search("date:2025-13"))
    answered(qtbot, window, lambda: window.run_search("发展"))
    assert window.recent.stringList() == ["发展"]
    # a query pasted across a line break is remembered as the search read it, on one line
    answered(qtbot, window, lambda: window.run_search("发 \n 展"))
    assert window.recent.stringList() == ["发展"]


def test_filtered_tree_counts_what_it_shows(app: App) -> None:
    window = app.open()
    model = window.tree.model
    total = model.folder_index(0, 0, 0).data()
    window.tree.filter.setText("周金星")
    day = model.folder_index(0, 0, 0)
    pages = [model.index(r, 0, day) for r in range(model.rowCount(day))]
    shown = sum(model.rowCount(page) for page in pages)
    assert shown > 0
    all_rows = int(total.rpartition("（")[2].rstrip("）"))
    assert day.data().endswith(f"（{shown}/{all_rows}）")
    window.tree.filter.setText("")
    assert model.folder_index(0, 0, 0).data() == total


def test_actions_confirm_themselves_briefly(app: App, qtbot, tmp_path: Path) -> None:
    window = app.open()
    window._copy_all()
    assert window.statusBar().currentMessage() == "已复制全文"
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == "已加入书签"
    window.export_article(tmp_path / "a.md")
    assert str(tmp_path / "a.md") in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "", timeout=10_000)


def test_exported_pdf_has_the_title_and_no_link_colours(app: App, tmp_path: Path) -> None:
    window = app.open()
    path = tmp_path / "a.pdf"
    window.export_pdf(path)
    data = path.read_bytes()
    title = window.article.story.title
    assert b"/Title" in data
    encoded = title.encode("utf-16-be").hex().upper().encode()
    assert encoded in data.upper() or title.encode("utf-16-be") in data


def _pdf_text_and_blue(path: Path) -> tuple[str, int]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    text, blue = [], 0
    for page in document:
        text.append(page.get_textpage().get_text_range())
        bitmap = page.render(scale=1, rev_byteorder=True)  # RGB(A) bytes
        step = bitmap.n_channels
        pixels = bytes(bitmap.buffer)
        for row in range(bitmap.height):
            line = pixels[row * bitmap.stride : row * bitmap.stride + bitmap.width * step]
            blue += sum(
                1
                for x in range(0, len(line), step)
                if line[x + 2] > 150
                and line[x + 2] > line[x] + 80
                and line[x + 2] > line[x + 1] + 40
            )
    title = document.get_metadata_dict().get("Title", "")
    document.close()
    return "".join(text) + "\n" + title, blue


def test_exported_pdf_text_is_the_characters_printed(app: App, tmp_path: Path) -> None:
    """Copying or searching the PDF finds 大, 用, 风… — not the look-alike radicals (⼤ U+2F24)
    a CJK font draws with the same glyph; the 第N版 link prints as plain text."""
    from reader.pdf_text import is_lookalike

    window = app.open()
    story = next(
        s for s in window.core.archive.stories if s.title and "大" in "".join(s.lead.paragraphs)
    )
    window.open_story(story.id)
    path = tmp_path / "b.pdf"
    window.export_pdf(path)
    text, blue = _pdf_text_and_blue(path)
    printed = {c for a in story.fragments for p in a.paragraphs for c in p if not c.isspace()}
    assert printed - set(text) == set()
    assert [c for c in text if is_lookalike(c)] == []
    assert story.title in text  # the document's title, as its metadata
    assert blue == 0  # no blue link text in print


def test_saved_file_names() -> None:
    assert safe_file_stem('a/b:c*"d"') == "a_b_c__d_"
    assert with_suffix(Path("增长5.2%"), ".txt", {".md", ".txt"}).name == "增长5.2%.txt"
    assert with_suffix(Path("x.md"), ".txt", {".md", ".txt"}).name == "x.md"


def test_selected_hit_is_readable_on_the_selection_colour(app: App, qtbot) -> None:
    from PySide6.QtGui import QPalette

    window = app.open()
    answered(qtbot, window, lambda: window.run_search("发展"))
    panel = window.search_panel
    panel.list.setCurrentIndex(panel.model.index(1))
    delegate = panel.list.itemDelegate()
    selected, other = delegate.html(1, selected=True), delegate.html(0, selected=False)
    light = panel.list.palette().color(QPalette.ColorRole.HighlightedText).name()
    assert f"color:{light}" in selected and "color:gray" not in selected
    assert "color:gray" in other


def test_index_progress_has_its_own_phase_from_the_start(qtbot, tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from reader.app import ReaderCore
    from reader.ui.main_window import MainWindow

    library = tmp_path / "library"
    shutil.copytree(SEEDS, library)
    core = ReaderCore(library, tmp_path / "index", tmp_path / "b.sqlite3")
    window = MainWindow(core, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    core.load()
    seen: list[tuple[int, int, str]] = []
    window._index_work(lambda done, total, label: seen.append((done, total, label)))
    assert seen[0] == (0, 0, "准备索引")
    assert seen[-1][0] == seen[-1][1] > 0 and seen[-1][2] != "读取版面"
    window._progress(0, 0, "准备索引")
    assert window.progress.text() == "准备索引…"
    window._progress(3, 50, "建立索引")
    assert window.progress.text() == "建立索引 3/50"
    core.close()


def test_export_a_whole_issue_and_selected_bookmarks(app: App, tmp_path: Path) -> None:
    window = app.open()
    story = window.article.story
    issue = story.pages[0].meta.issue_key
    path = tmp_path / "issue.md"
    count = window.export_issue(path)
    text = path.read_text("utf-8")
    expected = [s for s in window.core.archive.stories if s.pages[0].meta.issue_key == issue]
    assert count == len(expected)  # oracle: the stories the archive has for that issue
    for each in expected:
        assert each.lead.paragraphs[0] in text
    chosen = [s.id for s in expected[:2]] + ["s-gone"]
    assert window.export_stories(chosen, tmp_path / "b.md") == 2
    assert "不在当前书库" in window.statusBar().currentMessage()


def test_citations_in_three_styles_are_copied(app: App) -> None:
    from PySide6.QtGui import QGuiApplication

    window = app.open()
    for style, start, said in (
        ("gbt", "", window.article.story.title),
        ("bibtex", "@article{", "BibTeX"),
        ("ris", "TY  - NEWS", "RIS"),
    ):
        window._copy_citation(style)
        copied = QGuiApplication.clipboard().text()
        assert copied.startswith(start) and window.article.story.title in copied
        # the confirmation names the format; it quoted RIS's first line, "TY  - NEWS"
        message = window.statusBar().currentMessage()
        assert message.startswith("已复制引文：") and said in message and "TY" not in message


def test_save_dialog_writes_the_file_with_the_chosen_extension(
    app: App, qtbot, tmp_path: Path
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

    window = app.open()
    window.settings.setValue("last_export_folder", str(tmp_path))  # where the last export went

    def answer() -> None:  # what a user does in the dialog: pick 文本, type a bare name, save
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, answer)
            return
        dialog.selectNameFilter(next(f for f in dialog.nameFilters() if "txt" in f))
        dialog.findChild(QLineEdit).setText("我的文章")
        dialog.accept()

    QTimer.singleShot(50, answer)
    window._export_article()
    saved = tmp_path / "我的文章.txt"
    assert saved.exists() and window.article.story.lead.paragraphs[0] in saved.read_text("utf-8")
    assert str(saved) in window.statusBar().currentMessage()


def test_citation_menu_actions_copy(app: App) -> None:
    from PySide6.QtGui import QGuiApplication

    window = app.open()
    actions = {a.text(): a for a in window.findChildren(type(window.find_action))}
    actions["复制引文（GB/T 7714）"].trigger()
    assert (
        QGuiApplication.clipboard().text().endswith(".")
        and "[N]" in QGuiApplication.clipboard().text()
    )
    actions["复制引文（RIS）"].trigger()
    assert QGuiApplication.clipboard().text().startswith("TY  - NEWS")


def test_a_repaired_pdf_reads_back_as_printed_whatever_the_font(qtbot, tmp_path: Path) -> None:
    """In a simplified Chinese face 户 shares its glyph with the radical ⼾, whose Unicode
    equivalent is the traditional 戶, and —— is one ligature glyph: reading the PDF back
    against what was printed puts back 户 and ——."""
    import pypdfium2 as pdfium
    import pytest
    from PySide6.QtGui import QFont, QFontDatabase, QPdfWriter, QTextDocument

    from reader.ui.article_view import repair_pdf

    faces = [f for f in QFontDatabase.families() if "CJK SC" in f or f.endswith(" SC")]
    if not faces:
        pytest.skip("no simplified Chinese font installed")
    text = (
        "全市用户一户一策——大力推进户口迁移便民服务，今年以来共为三千余户居民办理业务，"
        "群众满意度持续提升，相关经验将在全市推广。"
    )
    font = QFont(faces[0])
    document = QTextDocument()
    document.setDefaultFont(font)
    document.setPlainText(text)
    path = tmp_path / "c.pdf"
    writer = QPdfWriter(str(path))
    document.print_(writer)
    del writer
    repair_pdf(path, text, font)
    pdf = pdfium.PdfDocument(str(path))
    read = "".join(pdf[0].get_textpage().get_text_range().split())
    pdf.close()
    assert read.rstrip("0123456789") == text  # print_() numbers the page


def test_a_hit_on_the_first_screen_shows_the_headline_too(app: App, qtbot) -> None:
    """A match the first screen already shows opens at the top (the reader sees which
    story it is); a match further down is scrolled to."""
    window = app.open()
    window.resize(1200, 800)
    view = window.article
    story = max(window.core.archive.stories, key=lambda s: len("".join(s.lead.paragraphs)))
    early = story.lead.paragraphs[0].strip()[2:6]
    late = story.lead.paragraphs[-1].strip()[-8:-2]
    view.show_story(story, needles=[early])
    assert view.hit_count > 0 and view.verticalScrollBar().value() == 0
    view.show_story(story, needles=[late])
    bar = view.verticalScrollBar()
    assert view.hit_count > 0 and bar.maximum() > 0 and bar.value() > 0


def test_a_title_that_matched_is_marked_in_the_hit_list(app: App, qtbot) -> None:
    """The query's words are marked in a hit's title as in its snippet (oracle: the title
    text itself holds the word or not)."""
    window = app.open()
    answered(qtbot, window, lambda: window.run_search("生态环境"))
    panel = window.search_panel
    titled = 0
    for row, hit in enumerate(panel.hits):
        heading = panel.list.itemDelegate().html(row, selected=False).split("<br/>")[0]
        assert ("background-color" in heading) == ("生态环境" in hit.title), hit.title
        titled += "生态环境" in hit.title
    assert titled  # the sample pages have such titles: the check above ran both ways


def _read_back(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    pdf.close()
    return text


def _bare(text: str) -> str:
    """Text without whitespace or the page numbers print_() adds at each page's foot."""
    return "".join("".join(line.split()) for line in text.splitlines() if not line.isdigit())


def _unread(path: Path, printed: str) -> list[tuple[str, str]]:
    """Where the PDF's text differs from the printed text, as (read, printed) pairs.

    A line cut by a page break is drawn at the foot of one page and again at the head of the
    next (each clipped), so text read twice is not a difference; a printed character not read
    in its place (dropped, or read as another) is."""
    import difflib

    read, wanted = _bare(_read_back(path)), _bare(printed)
    matcher = difflib.SequenceMatcher(None, read, wanted, autojunk=False)
    return [
        (read[i1:i2], wanted[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal" and not (tag == "delete" and read[i1:i2] in wanted)
    ]


def _cjk_jp_face() -> str:
    import pytest
    from PySide6.QtGui import QFontDatabase

    faces = [f for f in QFontDatabase.families() if f in ("Noto Sans CJK JP", "Noto Sans JP")]
    if not faces:
        pytest.skip("Noto Sans CJK JP is not installed")
    return faces[0]


def test_an_exported_pdf_copies_as_printed_under_a_chinese_locale(app: App) -> None:
    """The new-user trial's PDF had holes in its font maps (第, 境, 督, 察, 蒙, 信 copied as
    nothing): with Noto Sans CJK JP setting Chinese text for a Chinese locale the shaper
    draws those characters' Chinese forms, glyphs no code point of the font reaches, so
    Qt writes no entry for them. The export fills them in from what was printed."""
    from PySide6.QtCore import QLocale

    window = app.open()
    story = max(window.core.archive.stories, key=lambda s: len("".join(s.lead.paragraphs)))
    window.open_story(story.id)
    window.article.set_reading(_cjk_jp_face(), 150)
    window.article.set_zoom(9)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    try:
        window.export_pdf(app.root / "long.pdf")
    finally:
        QLocale.setDefault(QLocale.system())
    printed = window.article._printed_text
    assert story.title in printed  # the bold title and the body, in one PDF
    assert _unread(app.root / "long.pdf", printed) == []


def test_printing_to_a_pdf_file_mends_its_text_as_an_export_does(app: App) -> None:
    """The print dialog's 打印到文件 wrote Qt's PDF as it was: look-alike radicals and
    holes (⻛⾬⼒ for 风雨力) under the same font and locale as the export's test."""
    from PySide6.QtCore import QLocale
    from PySide6.QtPrintSupport import QPrinter

    window = app.open()
    story = max(window.core.archive.stories, key=lambda s: len("".join(s.lead.paragraphs)))
    window.open_story(story.id)
    window.article.set_reading(_cjk_jp_face(), 150)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(app.root / "printed.pdf"))
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    try:
        window.print_with(printer)
    finally:
        QLocale.setDefault(QLocale.system())
    printed = window.article._printed_text
    assert story.title in printed
    assert _unread(app.root / "printed.pdf", printed) == []
    assert "已打印到" in window.statusBar().currentMessage()
    import pypdfium2

    document = pypdfium2.PdfDocument(str(app.root / "printed.pdf"))
    assert document.get_metadata_dict()["Title"] == window._story_name()  # was empty
    document.close()


def test_missing_and_wrong_font_map_entries_are_restored(app: App) -> None:
    """A real PDF of Qt's with entries deleted from its ToUnicode maps and one entry
    pointing at another printed character reads back as printed after the repair: each
    glyph is named by lining the glyphs shown up with the printed text."""
    from reader.pdf_text import _stream, append_streams, cmap_entries, shown_glyphs, write_cmap
    from reader.ui.article_view import repair_pdf

    window = app.open()
    story = max(window.core.archive.stories, key=lambda s: len("".join(s.lead.paragraphs)))
    window.open_story(story.id)
    path = app.root / "a.pdf"
    window.export_pdf(path)
    printed = window.article._printed_text
    assert _unread(path, printed) == []  # complete before the damage
    data = path.read_bytes()
    shown, widths = shown_glyphs(data)
    maps = {n: cmap_entries(_stream(data, n)) for n in widths}
    by_text: dict[str, set[tuple[int, int]]] = {}  # a title's bold glyph and the body's
    for number, code in shown:
        by_text.setdefault(maps[number][code], set()).add((number, code))
    common = [c for c, _n in Counter(c for c in _bare(printed)).most_common() if c in by_text]
    holes, (wrong, other) = common[:6], common[6:8]
    damaged = {n: dict(entries) for n, entries in maps.items()}
    for char in holes:
        for number, code in by_text[char]:
            del damaged[number][code]
    for number, code in by_text[wrong]:
        damaged[number][code] = other  # reads as another character that is printed too
    path.write_bytes(append_streams(data, [(n, write_cmap(e)) for n, e in damaged.items()]))
    read = _read_back(path)
    assert not set(holes) & set(read) and wrong not in read  # the damage took
    assert repair_pdf(path, printed, window.article.document().defaultFont()) >= 7
    assert _unread(path, printed) == []


def _ink(path: Path) -> int:
    """How many pixels of the PDF's first page are dark (drawn in ink)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    pixels = bytes(pdf[0].render(scale=1, grayscale=True).buffer)
    pdf.close()
    return sum(1 for value in pixels if value < 128)


def test_the_page_as_printed_exports_in_ink_in_a_dark_theme(app: App, qtbot) -> None:
    """整版文字 printed the screen's document: in a dark theme, light grey text on white
    paper and the article's lines on dark blocks. What is printed no longer depends on the
    screen's theme (oracle: the same page exported in the light theme)."""
    from reader.ui.reading_settings import apply_theme

    window = app.open()
    window.article.set_original(True)
    window.export_pdf(app.root / "light.pdf")
    apply_theme("dark")
    try:
        qtbot.waitUntil(lambda: "#e6e6e6" in window.article.toHtml().lower())  # shown light
        window.export_pdf(app.root / "dark.pdf")
        printed = window.article._printed_text
    finally:
        apply_theme("system")
    assert window.article.story.fragments[0].paragraphs[0][:8] in "".join(printed.split())
    assert _ink(app.root / "dark.pdf") == _ink(app.root / "light.pdf") > 1000
    assert _unread(app.root / "dark.pdf", printed) == []


def test_opening_a_hit_shows_its_first_match(app: App, qtbot) -> None:
    """The view moves to the first match, also where the match lies in a short story's tail
    (the scroll bar stops short of it there, and the view used to stay at the headline)."""
    window = app.open()
    window.resize(1280, 800)
    view, panel = window.article, window.search_panel
    for query in ("矿山生态修复", "生态"):
        answered(qtbot, window, lambda q=query: window.run_search(q))
        for row in range(panel.model.rowCount()):
            panel.open_hit(row)
            first = view.document().find(query)  # the oracle: the story's own text
            assert not first.isNull()
            rect = view.cursorRect(first)
            assert rect.top() >= 0 and rect.bottom() <= view.viewport().height(), (query, row)


def test_zooming_keeps_the_line_at_the_top_of_the_view(app: App) -> None:
    """Ctrl++ kept the scroll bar's value, which at the new size is two paragraphs off."""
    window = app.open()
    view = window.article
    window.open_story(longest_story(window).id)
    app.qtbot.wait(50)  # shown: Qt lays a long article out in steps
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
    before = view.cursorForPosition(view.viewport().rect().topLeft()).position()
    block_text = view.document().findBlock(before).text()
    window.zoom(1)
    window.zoom(1)
    after = view.cursorForPosition(view.viewport().rect().topLeft()).position()
    assert view.document().findBlock(after).text() == block_text  # the same paragraph
    assert abs(after - before) < 40  # and the same line of it, give or take one


def test_ctrl_end_and_ctrl_home_go_to_the_ends_of_the_article(app: App, qtbot) -> None:
    """A read-only text browser has no cursor, so Qt dropped Ctrl+End / Ctrl+Home."""
    window = app.open()
    view = window.article
    window.open_story(longest_story(window).id)
    bar = view.verticalScrollBar()
    assert bar.maximum() > 0  # the story is longer than the pane
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert bar.value() == bar.maximum()
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert bar.value() == 0


def test_saving_an_export_into_the_library_asks_first(qtbot, tmp_path: Path) -> None:
    """An export saved in the library's folder would be read back as a page: the reader is
    asked, and no (the default) saves nothing."""
    from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox

    library = tmp_path / "library"
    shutil.copytree(SEEDS, library)
    harness = App(qtbot, tmp_path, library)
    window = harness.open()
    window.open_story(window.core.archive.stories[0].id)
    window.settings.setValue("last_export_folder", str(library))
    asked: list[str] = []

    def fill(dialog: QFileDialog) -> None:
        dialog.selectNameFilter(next(f for f in dialog.nameFilters() if "txt" in f))
        dialog.findChild(QLineEdit).setText("我的文章")

    saved = library / "我的文章.txt"
    for button in (QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save):
        answer_dialogs(fill, button, asked)
        window._export_article()
        assert saved.exists() == (button == QMessageBox.StandardButton.Save)
    assert len(asked) == 2 and "会被当作一个版面读入" in asked[0]
    harness.close()
