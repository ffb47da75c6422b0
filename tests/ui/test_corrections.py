"""The 更正 menu: split, headline, kind, refusals, undo/redo — real window, real fix store."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from uiharness import App, answered

from reader.model import Kind


def long_article(window):
    for page in window.core.archive.pages:
        for article in page.articles:
            if article.kind is Kind.ARTICLE and len(article.paragraphs) >= 3 and article.title:
                return article
    raise AssertionError("no article with three paragraphs")


def test_split_shows_everywhere_and_undo_redo_walk_back(app: App, qtbot) -> None:
    window = app.open()
    article = long_article(window)
    window._open_article(article.id)
    page_before = [a.id for a in window.core.archive.page_of(article.id).articles]
    third = article.paragraphs[2]
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        assert window.corrections.split_at_cursor(before=third[:10])
    page_after = window.core.archive.page_of(article.id).articles
    assert len(page_after) == len(page_before) + 1
    kept = next(a for a in page_after if a.id == article.id)
    assert kept.paragraphs == article.paragraphs[:2]  # the part that keeps its start
    new = next(a for a in page_after if a.paragraphs and a.paragraphs[0] == third)
    assert "已更正" in window.article.toPlainText()
    assert window.core.archive.corrected(new.id) or window.core.archive.corrected(kept.id)
    found = answered(qtbot, window, lambda: window.run_search(f'"{third[:12]}"'))
    assert window.core.archive.story_of(new.id).id in {h.story_id for h in found.hits}
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        assert window.corrections.undo()
    assert [a.id for a in window.core.archive.page_of(article.id).articles] == page_before
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        assert window.corrections.redo()
    assert len(window.core.archive.page_of(article.id).articles) == len(page_before) + 1
    assert "【" in window.corrections.original_text()  # the analysis as it was


def test_headline_and_kind_fixes(app: App, qtbot) -> None:
    window = app.open()
    article = long_article(window)
    window._open_article(article.id)
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        assert window.corrections.edit_headline(
            {"title": "读者改过的标题", "kicker": "", "subtitle": "", "byline": "本报记者 王五"}
        )
    assert window.article.story.title == "读者改过的标题"
    assert "读者改过的标题" in window.article.toPlainText()
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        assert window.corrections.set_kind(Kind.NOTICE)
    assert window.core.archive.page_of(article.id) is not None
    kinds = {a.id: a.kind for a in window.core.archive.page_of(article.id).articles}
    assert kinds[article.id] is Kind.NOTICE


def test_a_refused_fix_is_explained_and_changes_nothing(app: App, qtbot) -> None:
    window = app.open()
    article = long_article(window)
    window._open_article(article.id)
    before = [a.id for a in window.core.archive.page_of(article.id).articles]
    assert not window.corrections.split_at_cursor(before="这句话不在文章里出现过")
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and boxes[-1].windowTitle() == "无法更正"
    assert [a.id for a in window.core.archive.page_of(article.id).articles] == before
    assert not window.core.can_undo_fix


def test_fixes_travel_between_readers(app: App, qtbot, tmp_path: Path) -> None:
    window = app.open()
    article = long_article(window)
    window._open_article(article.id)
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        window.corrections.edit_headline(
            {"title": "共享的标题", "kicker": "", "subtitle": "", "byline": ""}
        )
    shared = tmp_path / "fixes.json"
    assert window.corrections.export_fixes(shared) == 1
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        window.corrections.undo()
    assert window.core.archive.story_of(article.id).title != "共享的标题"
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        assert window.corrections.import_fixes(shared) == 1
    assert window.core.archive.story_of(article.id).title == "共享的标题"
    assert window.corrections.import_fixes(shared) == 0  # nothing twice
    bad = tmp_path / "bad.json"
    bad.write_text("not json", encoding="utf-8")
    assert window.corrections.import_fixes(bad) == 0
    assert any(
        b.windowTitle() == "无法导入更正" for b in window.findChildren(QMessageBox) if b.isVisible()
    )


def test_menu_actions_work_as_a_user_triggers_them(app: App, qtbot) -> None:
    """Through the QAction (as a click does): Qt's triggered(bool) must not reach the slot."""
    from PySide6.QtGui import QTextCursor

    window = app.open()
    article = long_article(window)
    window._open_article(article.id)
    view = window.article
    position = view.toPlainText().index(article.paragraphs[2][:8])
    cursor = view.textCursor()
    cursor.setPosition(position)
    view.setTextCursor(cursor)
    assert view.textCursor().position() == position and isinstance(cursor, QTextCursor)
    actions = {a.text(): a for a in window.corrections.menu.actions()}
    count = len(window.core.archive.page_of(article.id).articles)
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        actions["从光标所在段落拆分为新文章"].trigger()
    assert len(window.core.archive.page_of(article.id).articles) == count + 1


def test_headline_dialog_takes_a_printed_line(qtbot) -> None:
    from reader.model import Article
    from reader.ui.corrections import HeadlineDialog

    article = Article("a1", Kind.ARTICLE, ["正文。"], title="旧标题", byline="")
    dialog = HeadlineDialog(article, ["第一行印的标题", "本报记者 王五"])
    qtbot.addWidget(dialog)
    dialog.lines.activated.emit(1)
    assert dialog.values()["title"] == "第一行印的标题"
    dialog.fields["byline"].setFocus()
    dialog.show()
    dialog.fields["byline"].setFocus()
    qtbot.waitUntil(lambda: dialog._target == "byline", timeout=2000)
    dialog.lines.activated.emit(2)
    assert dialog.values()["byline"] == "本报记者 王五"


def test_headline_dialog_edits_the_column_label_too(qtbot) -> None:
    """A headline read as the column label (栏目) showed as a grey line over the title that
    no field of the dialog could clear (trial 8)."""
    from reader.model import Article
    from reader.ui.corrections import HeadlineDialog

    article = Article("a1", Kind.ARTICLE, ["正文。"], title="第一道防线作用", column="与巴威赛跑")
    dialog = HeadlineDialog(article, [])
    qtbot.addWidget(dialog)
    assert dialog.fields["column"].text() == "与巴威赛跑"
    dialog.fields["column"].clear()
    assert dialog.values()["column"] == ""


def test_headline_dialog_fields_show_a_long_title_whole(qtbot) -> None:
    """The fields were Qt's default width (about ten ideographs): a 37-character headline
    and a short byline both get fields that show the long title without scrolling."""
    from reader.model import Article
    from reader.ui.corrections import HeadlineDialog

    title = "中央第二生态环境保护督察组交办我区第十一批信访件办理情况公示说明及整改进展"
    article = Article("a1", Kind.ARTICLE, ["正文。"], title=title, byline="王五")
    dialog = HeadlineDialog(article, [])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for edit in dialog.fields.values():
        metrics = edit.fontMetrics()
        padding = edit.sizeHint().width() - metrics.horizontalAdvance("x" * 17)  # Qt's own
        assert edit.width() - padding >= metrics.horizontalAdvance(title)


def test_headline_dialog_shows_the_beginning_of_a_title_longer_than_its_field(qtbot) -> None:
    """A title longer than the widest field opened scrolled to its end: 中 hidden (trial)."""
    from reader.model import Article
    from reader.ui.corrections import HeadlineDialog

    title = (
        "中央第二生态环境保护督察组交办内蒙古自治区第十四批涉及乌海市1件群众信访举报件办理情况" * 2
    )
    dialog = HeadlineDialog(Article("a1", Kind.ARTICLE, ["正文。"], title=title), [])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    edit = dialog.fields["title"]
    assert edit.cursorPosition() == 0
    assert edit.cursorRect().left() < edit.fontMetrics().horizontalAdvance("中")


def test_undo_leaves_another_programs_fixes_and_takes_an_import_whole(
    app: App, qtbot, tmp_path: Path
) -> None:
    from reader.app import ReaderCore

    window = app.open()
    article = long_article(window)
    window._open_article(article.id)
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        assert window.corrections.split_at_cursor(before=article.paragraphs[2][:10])
    # another program (the command line, a second window) fixes the same library
    other = ReaderCore(
        app.library,
        index_root=tmp_path / "other-index",
        store_path=tmp_path / "other-bookmarks.sqlite3",
        fixes_path=window.core.fix_store.path,
    )
    other.load()
    neighbour = next(
        a for a in other.archive.page_of(article.id).articles if a.id != article.id and a.title
    )
    other.set_kind(neighbour.id, "notice")
    other.close()
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        assert window.corrections.undo()
    assert [f.op for f in window.core.fix_store.all()] == ["kind"]
    assert not window.corrections.undo()  # nothing of this window's own is left
    assert [f.op for f in window.core.fix_store.all()] == ["kind"]
    # an imported file of fixes is one step
    shared = tmp_path / "two.json"
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        assert window.corrections.split_at_cursor(before=article.paragraphs[2][:10])
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        window.corrections.edit_headline(
            {"title": "另一个标题", "kicker": "", "subtitle": "", "byline": ""}
        )
    assert window.corrections.export_fixes(shared) == 3
    for _ in range(2):
        with qtbot.waitSignal(window.index_ready, timeout=60_000):
            window.corrections.undo()
    window.core.fix_store.remove([f.uid for f in window.core.fix_store.all()])
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        assert window.corrections.import_fixes(shared) == 3
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        assert window.corrections.undo()
    assert len(window.core.fix_store) == 0
    assert "3 条" in window.statusBar().currentMessage()


PAGE_FOUR = """弘扬“中国—中亚精神”开创更加美好未来

（上接第1版）六国元首一致同意，继续深化各领域务实合作，推动中国—中亚
合作走深走实，为地区和平稳定与发展繁荣注入更多正能量。
"""


def test_unlinked_part_shows_no_broken_continuation(app: App, qtbot) -> None:
    """After 断开接续 the article no longer says "下转第4版 — 未找到接续部分"; the page as
    printed (原版文字) still shows the marker."""
    folder = app.library / "乌海日报" / "2025-06-23"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "04.txt").write_text(PAGE_FOUR, encoding="utf-8")
    window = app.open()
    story = next(s for s in window.core.archive.stories if len(s.fragments) > 1)
    head = story.fragments[0]
    window.open_story(story.id, head.id)
    assert "接第4版" in window.article.toPlainText()
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        assert window.corrections.unlink()
    assert window.article.story.fragments == [window.core.archive.page_of(head.id).articles[0]]
    text = window.article.toPlainText()
    assert "下转第" not in text and "未找到接续部分" not in text and "已更正" in text
    window.original_action.trigger()
    assert "（下转第四版）" in window.article.toPlainText()  # as printed
    window.original_action.trigger()
    rows = window.tree.article_rows()
    assert not any(row.startswith(head.title) and "下转" in row for row in rows)


def _action(menu, text: str):
    for action in menu.actions():
        if action.text() == text:
            return action
        if action.menu() is not None:
            found = _action(action.menu(), text)
            if found is not None:
                return found
    return None


def _paragraph_pos(view, paragraph: str):
    """Where ``paragraph`` is shown in the article pane (widget coordinates)."""
    view.show()
    cursor = view.document().find(paragraph[:12])
    assert not cursor.isNull()
    view.setTextCursor(cursor)
    view.ensureCursorVisible()
    return view.viewport().mapTo(view, view.cursorRect(cursor).center())


def test_right_click_a_paragraph_to_split_there(app: App, qtbot) -> None:
    window = app.open()
    article = long_article(window)
    window._open_article(article.id)
    third = article.paragraphs[2]
    menu = window.article.context_menu(
        window.article.viewport().mapFrom(window.article, _paragraph_pos(window.article, third))
    )
    assert _action(menu, "复制") is not None or menu.actions()  # Qt's own entries stay
    split = _action(menu, "从此处拆分为新文章")
    assert split is not None and split.isEnabled()
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        split.trigger()
    page = window.core.archive.page_of(article.id)
    assert any(a.paragraphs and a.paragraphs[0] == third for a in page.articles)
    kept = next(a for a in page.articles if a.id == article.id)
    assert kept.paragraphs == article.paragraphs[:2]
    # a first paragraph cannot start a new article; the page as printed has no fixes
    first_menu = window.article.context_menu(
        window.article.viewport().mapFrom(
            window.article, _paragraph_pos(window.article, kept.paragraphs[0])
        )
    )
    assert _action(first_menu, "从此处拆分为新文章") is None
    assert _action(first_menu, "与上一篇合并") is not None
    window.original_action.trigger()
    printed = window.article.context_menu(window.article.viewport().rect().center())
    assert _action(printed, "与上一篇合并") is None
    window.original_action.trigger()


def test_page_view_menu_merges_and_retitles_the_item(app: App, qtbot) -> None:
    window = app.open()
    article = long_article(window)
    window._open_article(article.id)
    page = window.core.archive.page_of(article.id)
    ids = [a.id for a in page.articles]
    row = 1
    rect = window.page_view.list.visualItemRect(window.page_view.list.item(row))
    menu = window.page_view.context_menu(rect.center())
    assert _action(menu, "打开") is not None
    assert not _action(menu, "断开接续").isEnabled()  # not continued
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        _action(menu, "与上一篇合并").trigger()
    after = [a.id for a in window.core.archive.page_of(article.id).articles]
    assert len(after) == len(ids) - 1
    assert ids[2:] == after[1:]  # the others keep their ids
    # 改为 → 公告 on an item of the page view
    window.page_view.show_page(window.core.archive.page_of(article.id), after[1])
    rect = window.page_view.list.visualItemRect(window.page_view.list.item(1))
    menu = window.page_view.context_menu(rect.center())
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        _action(menu, "公告").trigger()
    kinds = {a.id: a.kind for a in window.core.archive.page_of(after[1]).articles}
    assert kinds[after[1]] is Kind.NOTICE


def test_right_click_a_short_line_to_make_it_the_title(app: App, qtbot) -> None:
    window = app.open()
    article, line = next(
        (a, p)
        for page in window.core.archive.pages
        for a in page.articles
        if a.kind is Kind.ARTICLE
        for p in a.paragraphs[1:]
        if 4 <= len(p.strip()) <= 20 and p.strip() != a.title
    )
    window._open_article(article.id)
    pos = window.article.viewport().mapFrom(window.article, _paragraph_pos(window.article, line))
    menu = window.article.context_menu(pos)
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        _action(menu, "设为标题").trigger()
    page = window.core.archive.page_of(article.id)
    assert next(a for a in page.articles if a.id == article.id).title == line.strip()
    assert "已更正" in window.article.toPlainText()


def test_selected_words_run_into_the_text_become_the_title(app: App, qtbot) -> None:
    """An untitled item whose headline extraction ran into its first paragraph: select the
    headline's words, right-click, 将所选文字设为标题; they leave the paragraph."""
    window = app.open()
    article = long_article(window)
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        window.core.set_headline(article.id, title="")
        window.archive_changed(article.id)
    first = article.paragraphs[0].strip()
    words = first[:7]
    window._open_article(article.id)
    pos = _paragraph_pos(window.article, first)  # selects the paragraph's first 12 characters
    cursor = window.article.textCursor()
    cursor.setPosition(cursor.selectionStart())
    cursor.setPosition(cursor.position() + len(words), cursor.MoveMode.KeepAnchor)
    window.article.setTextCursor(cursor)
    menu = window.article.context_menu(window.article.viewport().mapFrom(window.article, pos))
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        _action(menu, "将所选文字设为标题").trigger()
    fixed = next(a for a in window.core.archive.page_of(article.id).articles if a.id == article.id)
    assert fixed.title == words
    assert "".join(fixed.paragraphs[0].split()) == "".join(first.split())[len(words) :]


def test_undo_stays_with_the_article_not_the_first_of_the_library(app: App, qtbot) -> None:
    """Reading the piece a split made, Ctrl+Z takes the split back and shows the article it
    was split from, not whatever article the library starts with."""
    window = app.open()
    first = window.tree.first_article()
    first = first[1] if isinstance(first, tuple) else first
    article = next(
        a
        for page in window.core.archive.pages
        for a in page.articles
        if a.kind is Kind.ARTICLE and len(a.paragraphs) >= 3 and a.title and a.id != first
    )
    window._open_article(article.id)
    third = article.paragraphs[2]
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        assert window.corrections.split_at_cursor(before=third[:10])
    piece = next(
        a for a in window.core.archive.page_of(article.id).articles if a.paragraphs[0] == third
    )
    window._open_article(piece.id)
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        assert window.corrections.undo()
    assert window.current_article == article.id


def test_the_correction_menu_follows_the_open_article_and_shortcuts_still_work(
    app: App, qtbot
) -> None:
    window = app.open()
    article = long_article(window)
    window._open_article(article.id)
    corrections = window.corrections
    corrections.menu.aboutToShow.emit()
    assert not corrections.undo_action.isEnabled()  # nothing done yet
    assert not corrections.unlink_action.isEnabled()  # the article goes on nowhere
    assert corrections.merge_down_action.isEnabled() == (
        window.core.archive.step_article(article.id, 1) is not None
    )
    corrections.menu.aboutToHide.emit()
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        assert corrections.split_at_cursor(before=article.paragraphs[2][:10])
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        corrections.undo_action.trigger()  # as Ctrl+Z does, with the menu closed
    assert not window.core.can_undo_fix  # the split was taken back


def test_merge_with_an_item_further_down_the_page(app: App, qtbot) -> None:
    """Two parts of one story with another item printed between them become one."""
    window = app.open()
    page = next(p for p in window.core.archive.pages if len(p.articles) >= 4)
    first, between, second = page.articles[0], page.articles[1], page.articles[2]
    window._open_article(first.id)
    corrections = window.corrections
    corrections.menu.aboutToShow.emit()  # the menu fills as it opens
    entries = {a.text(): a for a in corrections.merge_with_menu.actions()}
    # oracle: the page's other items, in printed order
    others = [a.display_title for a in page.articles if a.id != first.id]
    assert [a.toolTip() for a in corrections.merge_with_menu.actions()] == others
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        entries[second.display_title[:30]].trigger()
    after = window.core.archive.page_of(first.id).articles
    assert len(after) == len(page.articles) - 1
    merged = next(a for a in after if a.id == first.id)
    assert merged.paragraphs == first.paragraphs + second.paragraphs
    assert after[1].paragraphs == between.paragraphs  # the item between stays as it was
    assert second.id not in {a.id for a in after}
    assert second.paragraphs[0][:20] in window.article.toPlainText()
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        assert corrections.undo()
    assert [a.id for a in window.core.archive.page_of(first.id).articles] == [
        a.id for a in page.articles
    ]


def test_merging_into_the_item_above_stays_on_the_merged_article(app: App, qtbot) -> None:
    """更正 → 与本版上一篇合并 on the second item: the reader stays with the merged text
    (it went to an unrelated article of another paper, as the read item was gone)."""
    window = app.open()
    first = window.tree.first_article()
    first = first[1] if isinstance(first, tuple) else first
    page = next(
        p
        for p in window.core.archive.pages
        if len(p.articles) >= 3 and first not in {a.id for a in p.articles}
    )
    above, read = page.articles[0], page.articles[1]
    window._open_article(read.id)
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        assert window.corrections.merge(-1)
    assert window.current_article == above.id
    assert window.core.archive.page_of(window.current_article) is not None
    assert read.paragraphs[0][:20] in window.article.toPlainText()


def test_a_fix_from_a_context_menu_shows_the_item_it_was_made_on(app: App, qtbot) -> None:
    """Right-clicking another item of the page (page view) and fixing it shows that item,
    not the article that was being read."""
    window = app.open()
    page = next(p for p in window.core.archive.pages if len(p.articles) >= 3)
    read, other = page.articles[0], page.articles[2]
    window._open_article(read.id)
    kind = Kind.NOTICE if other.kind is not Kind.NOTICE else Kind.ARTICLE
    fix_other = window.corrections._for(other.id, lambda: window.corrections.set_kind(kind))
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        assert fix_other()
    assert window.current_article == other.id


def test_a_headline_fix_keeps_the_reading_place_and_names_what_changed(app: App, qtbot) -> None:
    """After 修改标题与作者 the view jumped to the top, and it said 已修改标题 when only the
    column label had changed (trial 9)."""
    window = app.open()
    article = long_article(window)
    window._open_article(article.id)
    bar = window.article.verticalScrollBar()
    assert bar.maximum() > 0  # a story longer than the pane
    bar.setValue(bar.maximum() // 2)
    place = bar.value()
    values = {name: getattr(article, name) for name in ("title", "kicker", "subtitle", "byline")}
    with qtbot.waitSignal(window.index_ready, timeout=60_000):
        assert window.corrections.edit_headline({**values, "column": "特别报道"})
        assert window.statusBar().currentMessage() == "已修改栏目"
    assert window.article.story.fragments[0].column == "特别报道"
    assert bar.value() == place


def test_a_fix_does_not_mark_the_last_search_over_an_article_read_without_it(
    app: App, qtbot
) -> None:
    """After a fix the index reruns the last search; its matches were marked all over the
    article being read, which had been opened from the tree (trial 9)."""
    window = app.open()
    article = long_article(window)
    word = article.paragraphs[0][:2]
    answered(qtbot, window, lambda: window.run_search(word))
    window._open_article(article.id)  # from the tree: nothing marked
    window.article.set_needles([])
    values = {name: getattr(article, name) for name in ("title", "kicker", "subtitle", "byline")}
    with qtbot.waitSignal(window.search_panel.results_shown, timeout=60_000):
        assert window.corrections.edit_headline({**values, "column": "特别报道"})
    assert window.article.needles == [] and window.article.hit_count == 0
