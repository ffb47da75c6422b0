"""The 更正 menu: readers repair what the analysis got wrong, in seconds.

Every action goes through ``ReaderCore``'s fix API (stored per library, applied in one place
in the core, re-indexed incrementally); the window then shows the corrected archive. A
refused fix (text not in the article, a merge across pages…) is explained and changes
nothing. Undo/redo walk back and forth through the stored fixes.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QVBoxLayout,
)

from reader.fixes import FixRefused
from reader.model import Article, Kind
from reader.ui.file_dialogs import open_file

if TYPE_CHECKING:
    from reader.fixes import Fix
    from reader.ui.main_window import MainWindow

log = logging.getLogger(__name__)

SPLIT_ANCHOR_CHARS = 16  # enough of a paragraph's opening to find it again
MAX_TITLE_CHARS = 40  # a longer paragraph is text, not a headline to pick
MERGE_LABEL_CHARS = 30  # an item named in the "merge with" menu
MIN_FIELD_CHARS = 24  # the headline dialog's fields show at least this many ideographs


def fix_text(fix: Fix) -> str:
    """A correction as the log states it: what, on which item of which page file, with
    what (the reader's words: a title, where a split falls)."""
    text = f"{fix.op} {fix.target.id} ({fix.target.page.source})"
    if fix.other is not None:
        text += f" with {fix.other.id} ({fix.other.page.source})"
    if fix.params:
        text += " " + ", ".join(f"{k}={v!r}" for k, v in sorted(fix.params.items()))
    return text


def headline_labels() -> dict[str, str]:
    """The headline fields as the dialog names them, in its order; the column label first (a
    headline misread as the column label (栏目) could otherwise not be cleared)."""

    def tr(text: str) -> str:
        return QCoreApplication.translate("HeadlineDialog", text)

    return {
        "column": tr("栏目"),
        "kicker": tr("引题"),
        "title": tr("标题"),
        "subtitle": tr("副题"),
        "byline": tr("作者"),
    }


class HeadlineDialog(QDialog):
    """Title, kicker, subtitle and byline of one article, prefilled, each editable."""

    def __init__(self, article: Article, printed: list[str] | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("修改标题与作者"))
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        # a printed line of the article (where the headline often hides) fills the focused
        # field, the title unless another field was chosen
        self.lines = QComboBox(self)
        self.lines.addItem(self.tr("（选原文的一行填入……）"), "")
        for line in printed or []:
            self.lines.addItem(line[:40], line)
        self.lines.activated.connect(self._pick_line)
        self._target = "title"
        form.addRow(self.tr("原文"), self.lines)
        for name, label in headline_labels().items():
            edit = QLineEdit(getattr(article, name), self)
            edit.setCursorPosition(0)  # a title longer than the field shows its beginning
            edit.installEventFilter(self)
            self.fields[name] = edit
            form.addRow(label, edit)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._size_fields(
            [article.title, article.kicker, article.subtitle, article.column, *(printed or [])]
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _size_fields(self, texts: list[str]) -> None:
        """Fields wide enough to show a long headline whole (at least MIN_FIELD_CHARS
        ideographs, at most MAX_TITLE_CHARS, within the screen): Qt's default width shows
        about 10 of them, so a title had to be read by scrolling through it."""
        edit = self.fields["title"]
        metrics = edit.fontMetrics()
        # Qt's own padding of a line edit: its size hint is 17 "x" plus frame and margins
        padding = edit.sizeHint().width() - metrics.horizontalAdvance("x" * 17)
        longest = max((metrics.horizontalAdvance(t[:MAX_TITLE_CHARS]) for t in texts), default=0)
        # two ideographs to spare: a word typed into a title that just fits
        wanted = (
            max(
                longest + metrics.horizontalAdvance("中中"),
                metrics.horizontalAdvance("中" * MIN_FIELD_CHARS),
            )
            + padding
        )
        screen = self.screen().availableGeometry().width() if self.screen() else wanted * 2
        width = min(wanted, int(screen * 0.8))
        for each in self.fields.values():
            each.setMinimumWidth(width)
        self.lines.setMinimumWidth(width)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            self._target = next(n for n, e in self.fields.items() if e is watched)
        return super().eventFilter(watched, event)

    def _pick_line(self, index: int) -> None:
        line = self.lines.itemData(index)
        if line:
            self.fields[self._target].setText(line)

    def values(self) -> dict[str, str]:
        return {name: edit.text().strip() for name, edit in self.fields.items()}


class Corrections:
    """Builds the 更正 menu on ``window`` and carries out its actions."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._target: str | None = None  # set while a context menu's action runs
        # Ctrl+Z undoes what was done last: a bookmark removal made after the last
        # correction comes back before any correction is undone
        self.bookmarks_first = False
        tr = window.tr
        menu = window.menuBar().addMenu(tr("更正(&C)"))
        self.menu = menu
        add = window._action
        menu.addAction(add(tr("从光标所在段落拆分为新文章"), self.split_at_cursor))
        self.merge_up_action = add(tr("与本版上一篇合并"), lambda: self.merge(-1))
        self.merge_down_action = add(tr("与本版下一篇合并"), lambda: self.merge(1))
        menu.addAction(self.merge_up_action)
        menu.addAction(self.merge_down_action)
        self.merge_with_menu = QMenu(tr("与本版另一篇合并"), menu)
        menu.addMenu(self.merge_with_menu)
        menu.addAction(add(tr("修改标题与作者…"), self.edit_headline))
        kinds = QMenu(tr("改为"), menu)
        for label, kind in (
            (tr("文章"), Kind.ARTICLE),
            (tr("图片"), Kind.PHOTO),
            (tr("公告"), Kind.NOTICE),
        ):
            kinds.addAction(label, lambda k=kind: self.set_kind(k))
        menu.addMenu(kinds)
        menu.addAction(add(tr("接续到…"), self.link_to))
        self.unlink_action = add(tr("断开接续"), self.unlink)
        menu.addAction(self.unlink_action)
        menu.addSeparator()
        self.undo_action = add(tr("撤销更正"), self.undo, "Ctrl+Z")
        self.redo_action = add(tr("重做更正"), self.redo, "Ctrl+Shift+Z")
        menu.addAction(self.undo_action)
        menu.addAction(self.redo_action)
        menu.addAction(add(tr("查看更正前的分析…"), self.show_original))
        menu.addSeparator()
        menu.addAction(add(tr("导出全部更正…"), self._export_dialog))
        menu.addAction(add(tr("导入更正…"), self._import_dialog))
        menu.aboutToShow.connect(self._update_actions)
        # Shortcuts (Ctrl+Z) must work whatever the menu showed last time it was open:
        # each action says itself when there is nothing to do.
        menu.aboutToHide.connect(self._enable_all)

    # -- helpers ----------------------------------------------------------------------
    @property
    def core(self):
        return self.window.core

    def _current(self, article_id: str | None = None) -> Article | None:
        """The article a fix is for: the one named, else the one being read."""
        article_id = article_id or self._target or self.window.current_article
        page = self.core.archive.page_of(article_id) if article_id else None
        if page is None:
            return None
        return next((a for a in page.articles if a.id == article_id), None)

    def _for(self, article_id: str, action):
        """``action`` run on ``article_id`` (a context menu's item), not the one being read."""

        def run(*_: object) -> bool:
            self._target = article_id
            try:
                return action()
            finally:
                self._target = None

        return run

    def _apply(self, action, done: str) -> bool:
        """Run one fix; on success show the corrected archive, on refusal say why."""
        article = self._current()
        if article is None:
            self.window.flash(self.window.tr("请先打开一篇文章"))
            return False
        try:
            fix = action(article)
        except FixRefused as exc:
            self.window.notify(self.window.tr("无法更正"), str(exc))
            return False
        if fix is None:
            return False
        log.info("correction: %s", fix_text(fix))
        self.bookmarks_first = False
        # the item fixed, or, merged into the item above and gone, what now holds it
        self.window.archive_changed(self._still_there([fix], preferred=article.id))
        self.window.flash(done)
        return True

    def _update_actions(self) -> None:
        """What the menu offers follows the open article, as its context menu does: no
        merge without a neighbour on the page, no unlinking what goes on nowhere."""
        self.undo_action.setEnabled(self.core.can_undo_fix)
        self.redo_action.setEnabled(self.core.can_redo_fix)
        article = self._current()
        archive = self.core.archive
        self.merge_up_action.setEnabled(
            article is not None and archive.step_article(article.id, -1) is not None
        )
        self.merge_down_action.setEnabled(
            article is not None and archive.step_article(article.id, 1) is not None
        )
        self.unlink_action.setEnabled(article is not None and self._goes_on(article))
        self._fill_merge_with(self.merge_with_menu, article)

    def _enable_all(self) -> None:
        for action in (
            self.undo_action,
            self.redo_action,
            self.merge_up_action,
            self.merge_down_action,
            self.unlink_action,
        ):
            action.setEnabled(True)

    def _goes_on(self, article: Article) -> bool:
        """The article is continued by a later fragment of its story."""
        story = self.core.archive.story_of(article.id)
        return story is not None and story.fragments[-1].id != article.id

    # -- actions ------------------------------------------------------------------------
    def split_at_cursor(self, before: str | None = None) -> bool:
        """A new article starts at the paragraph the cursor is in (or that begins with
        ``before``)."""
        if before is None:
            block = self.window.article.textCursor().block().text().strip()
            before = block.lstrip("\u3000 ")[:SPLIT_ANCHOR_CHARS]
        if not before:
            self.window.flash(self.window.tr("请把光标放在新文章开始的段落里"))
            return False
        return self._apply(
            lambda a: self.core.split_article(a.id, before), self.window.tr("已拆分")
        )

    def split_before(self, article_id: str, paragraph: str) -> bool:
        """A new article starts at ``paragraph`` of ``article_id`` (from a context menu)."""
        before = paragraph.strip().lstrip("\u3000 ")[:SPLIT_ANCHOR_CHARS]
        return self._for(article_id, lambda: self.split_at_cursor(before))()

    def set_title_line(self, article_id: str, line: str) -> bool:
        """A printed line of the article becomes its title."""
        return self._for(
            article_id,
            lambda: self._apply(
                lambda a: self.core.set_headline(a.id, title=line.strip()),
                self.window.tr("已修改标题"),
            ),
        )()

    # -- context menus (article pane, page view) -------------------------------------------
    def fill_menu(
        self, menu: QMenu, article_id: str, paragraph: str = "", selection: str = ""
    ) -> None:
        """The fixes for ``article_id`` in a context menu; ``paragraph``: the paragraph
        right-clicked in the article pane, where a split can start or a title be taken;
        ``selection``: the text selected there, which can be taken as the title (a headline
        run into a paragraph is only part of it)."""
        article = self._current(article_id)
        if article is None:
            return
        tr = self.window.tr
        menu.addSeparator()
        text = paragraph.strip().lstrip("\u3000 ")
        if text and self._splittable(article, text):
            menu.addAction(tr("从此处拆分为新文章"), lambda: self.split_before(article.id, text))
        if text and len(text) <= MAX_TITLE_CHARS and text != article.title:
            menu.addAction(tr("设为标题"), lambda: self.set_title_line(article.id, text))
        chosen = " ".join(selection.split())
        if chosen and len(chosen) <= MAX_TITLE_CHARS and chosen not in (text, article.title):
            menu.addAction(
                tr("将所选文字设为标题"), lambda: self.set_title_line(article.id, chosen)
            )
        archive = self.core.archive
        previous = archive.step_article(article.id, -1)
        following = archive.step_article(article.id, 1)
        merge_up = menu.addAction(tr("与上一篇合并"), self._for(article.id, lambda: self.merge(-1)))
        merge_up.setEnabled(previous is not None)
        merge_down = menu.addAction(
            tr("与下一篇合并"), self._for(article.id, lambda: self.merge(1))
        )
        merge_down.setEnabled(following is not None)
        self._fill_merge_with(menu.addMenu(tr("与本版另一篇合并")), article)
        menu.addAction(tr("修改标题与作者…"), self._for(article.id, self.edit_headline))
        kinds = menu.addMenu(tr("改为"))
        for label, kind in (
            (tr("文章"), Kind.ARTICLE),
            (tr("图片"), Kind.PHOTO),
            (tr("公告"), Kind.NOTICE),
        ):
            action = kinds.addAction(label, self._for(article.id, lambda k=kind: self.set_kind(k)))
            action.setEnabled(article.kind is not kind)
        menu.addAction(tr("接续到…"), self._for(article.id, self.link_to))
        unlink = menu.addAction(tr("断开接续"), self._for(article.id, self.unlink))
        unlink.setEnabled(self._goes_on(article))

    @staticmethod
    def _splittable(article: Article, text: str) -> bool:
        """A paragraph of the article other than its first: a new article can start there."""
        return any(p.strip().lstrip("\u3000 ") == text for p in article.paragraphs[1:])

    def merge(self, direction: int) -> bool:
        def action(article: Article):
            other = self.core.archive.step_article(article.id, direction)
            if other is None:
                raise FixRefused(self.window.tr("本版没有相邻的文章可以合并"))
            first, second = (other, article.id) if direction < 0 else (article.id, other)
            return self.core.merge_articles(first, second)

        return self._apply(action, self.window.tr("已合并"))

    def _fill_merge_with(self, menu: QMenu, article: Article | None) -> None:
        """Every other item of the article's page, in printed order: a story the analysis
        cut apart around a photo or a box between its parts is merged in one step."""
        menu.clear()
        page = self.core.archive.page_of(article.id) if article is not None else None
        others = [a for a in page.articles if a.id != article.id] if page is not None else []
        for other in others:
            label = other.display_title[:MERGE_LABEL_CHARS]
            action = menu.addAction(
                label, self._for(article.id, lambda o=other.id: self.merge_with(o))
            )
            action.setToolTip(other.display_title)
        menu.setEnabled(bool(others))

    def merge_with(self, other_id: str) -> bool:
        """The article being read and ``other_id``, an item of the same page anywhere on it,
        become one (the text of the one printed first comes first)."""
        return self._apply(
            lambda article: self.core.merge_articles(article.id, other_id),
            self.window.tr("已合并"),
        )

    def edit_headline(self, values: dict[str, str] | None = None) -> bool:
        article = self._current()
        if article is None:
            return False
        if values is None:
            page = self.core.archive.page_of(article.id)
            printed = page.text.split("\n") if page else []
            lines = [printed[n].strip() for n in article.source_lines if n < len(printed)]
            dialog = HeadlineDialog(article, [line for line in lines if line], self.window)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            values = dialog.values()
        labels = headline_labels()
        changed = [
            label
            for name, label in labels.items()
            if values.get(name, "") != getattr(article, name)
        ]
        done = self.window.tr("已修改%1").replace("%1", "、".join(changed or [labels["title"]]))
        return self._apply(lambda a: self.core.set_headline(a.id, **values), done)

    def set_kind(self, kind: Kind) -> bool:
        return self._apply(lambda a: self.core.set_kind(a.id, kind), self.window.tr("已更改类别"))

    def link_to(self, target: str | None = None) -> bool:
        """Continue the current article with an item of another page of the issue."""
        article = self._current()
        if article is None:
            return False
        if target is None:
            # likeliest first (the items printed under 上接 this page), so it is offered
            choices = [
                (self._choice_label(other, where), other.id)
                for other, where in self.core.archive.continuation_choices(article.id)
            ]
            if not choices:
                self.window.flash(self.window.tr("本期没有其他版面可以接续"))
                return False
            label, ok = QInputDialog.getItem(
                self.window,
                self.window.tr("接续到"),
                self.window.tr("续文在："),
                [c[0] for c in choices],
                0,
                False,
            )
            if not ok:
                return False
            target = dict(choices)[label]
        return self._apply(
            lambda a: self.core.link_continuation(a.id, target), self.window.tr("已接续")
        )

    def _choice_label(self, other: Article, where) -> str:
        label = f"{where.meta.page or '?'}版 · {other.title or other.display_title}"
        if other.continued_from is not None:
            mark = self.window.tr("（上接第%1版）").replace("%1", str(other.continued_from))
            label += " " + mark
        return label

    def unlink(self) -> bool:
        return self._apply(
            lambda a: self.core.unlink_continuation(a.id), self.window.tr("已断开接续")
        )

    def undo(self) -> bool:
        """Undo this window's last correction (a whole import at once); fixes made by
        another program on the same library are left alone. A bookmark removed since the
        last correction is what was done last: it comes back first."""
        if self.bookmarks_first and self.window.bookmarks.removed:
            self.bookmarks_first = False
            self.window.bookmarks.undo_remove()
            return True
        self.bookmarks_first = False
        step = self.core.undo_step()
        if not step:
            # Ctrl+Z also brings back removed bookmarks, so "nothing to undo" names both
            self.window.flash(self.window.tr("没有可撤销的操作（更正或删除书签）"))
            return False
        log.info("undid %d correction(s): %s", len(step), "; ".join(map(fix_text, step)))
        self.window.archive_changed(self._still_there(step))
        self.window.flash(self._counted(self.window.tr("已撤销更正"), step))
        return True

    def redo(self) -> bool:
        self.bookmarks_first = False
        step = self.core.redo_step()
        if not step:
            self.window.flash(self.window.tr("没有可重做的更正"))
            return False
        log.info("redid %d correction(s): %s", len(step), "; ".join(map(fix_text, step)))
        self.window.archive_changed(self._still_there(step))
        self.window.flash(self._counted(self.window.tr("已重做更正"), step))
        return True

    def _still_there(self, step: list, preferred: str | None = None) -> str:
        """The article to show after a fix, an undo or a redo: ``preferred`` (the item a fix
        was made on) or the one being read if still there, else an article the fixes touched
        that is (never the library's first)."""
        archive = self.core.archive
        current = self.window.current_article
        for candidate in (preferred, current):
            if candidate and archive.page_of(candidate) is not None:
                return candidate
        for fix in reversed(step):
            for ref in (fix.target, fix.other):
                if ref is not None and archive.page_of(ref.id) is not None:
                    return ref.id
        return current or ""

    def _counted(self, text: str, step: list) -> str:
        if len(step) == 1:
            return text
        return text + self.window.tr("（%1 条）").replace("%1", str(len(step)))

    def export_fixes(self, path: Path) -> int:
        count = self.core.export_fixes(path)
        log.info("exported %d correction(s) to %s", count, path)
        self.window.flash(
            self.window.tr("已导出 %1 条更正到 %2")
            .replace("%1", str(count))
            .replace("%2", str(path))
        )
        return count

    def import_fixes(self, path: Path) -> int:
        """Add a shared file's fixes (those already here are skipped), then show them."""
        try:
            added = self.core.import_fixes(path)
        except FixRefused as exc:
            log.warning("corrections from %s not imported: %s", path, exc)
            self.window.notify(self.window.tr("无法导入更正"), str(exc))
            return 0
        log.info("imported %d new correction(s) from %s", added, path)
        if added:
            self.window.archive_changed(self.window.current_article)
        self.window.flash(self.window.tr("导入了 %1 条新的更正").replace("%1", str(added)))
        return added

    def _export_dialog(self) -> None:
        path = self.window.ask_save_path(
            self.window.tr("导出全部更正"), self.window.tr("更正"), [("JSON", ".json")]
        )
        if path:
            self.export_fixes(path)

    def _import_dialog(self) -> None:
        name = open_file(
            self.window,
            self.window.tr("导入更正"),
            str(self.window.start_folder()),
            ["JSON (*.json)"],
        )
        if name:
            self.import_fixes(Path(name))

    def original_text(self) -> str:
        """The analysis as it was, for the open article (empty: not corrected)."""
        article = self._current()
        if article is None:
            return ""
        originals = self.core.analysed(article.id)
        parts = []
        for original in originals:
            heading = " / ".join(
                filter(None, [original.kicker, original.title, original.subtitle, original.byline])
            )
            parts.append(
                f"【{heading or self.window.tr('无标题')}】\n" + "\n".join(original.paragraphs)
            )
        return "\n\n".join(parts)

    def show_original(self) -> None:
        text = self.original_text()
        if not text:
            self.window.flash(self.window.tr("这篇文章没有更正过"))
            return
        dialog = QDialog(self.window)
        dialog.setWindowTitle(self.window.tr("更正前的分析"))
        view = QPlainTextEdit(text, dialog)
        view.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(view)
        layout.addWidget(buttons)
        dialog.resize(560, 420)
        dialog.open()
