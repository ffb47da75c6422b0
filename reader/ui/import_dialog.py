"""The import dialog: confirm each file's newspaper, date and page before copying it in."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.imports import ImportItem, ImportRefused, check_meta, library_twins, preview
from reader.model import PageMeta
from reader.ui.render import plain_tooltip, ui_text

FILE, PAPER, DATE, PAGE, STATUS = range(5)


class ImportDialog(QDialog):
    """Rows pre-filled from names or manifests; ``items()`` returns what the user confirmed."""

    def __init__(
        self,
        proposals: list[tuple[Path, PageMeta]],
        parent: QWidget | None = None,
        library: Path | None = None,
    ) -> None:
        """``library``: the folder the pages would be imported into; a file it already
        holds is shown as such (unticked: the import would refuse it) instead of ✓."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("导入版面"))
        self.paths = [path for path, _ in proposals]
        self.refused: list[tuple[Path, str]] = []  # rows the import would refuse, and why
        self.table = QTableWidget(len(proposals), 5, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("导入 / 文件"),
                self.tr("报纸"),
                self.tr("日期 (YYYY-MM-DD)"),
                self.tr("版次"),
                self.tr("检查"),
            ]
        )
        twins = library_twins(library, self.paths) if library is not None else {}
        labels = file_labels(self.paths)
        for row, (path, meta) in enumerate(proposals):
            found = preview(path)
            twin = twins.get(path)
            name = QTableWidgetItem(labels[row])
            name.setToolTip(plain_tooltip(str(path)))
            # files that cannot be imported are shown, unticked and disabled, with the
            # reason; a file that does not look like a page is the user's call (unticked)
            name.setFlags(name.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            fine = found.problem is None and found.doubt is None and twin is None
            name.setCheckState(Qt.CheckState.Checked if fine else Qt.CheckState.Unchecked)
            if found.problem is not None or twin is not None:
                name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            if found.problem is not None:
                status = QTableWidgetItem(self.tr("✗ 无法导入：") + ui_text(found.problem))
                self.refused.append((path, found.problem))
            elif twin is not None:
                self.refused.append((path, f"已在书库中 (already in the library: {twin})"))
                status = QTableWidgetItem(
                    self.tr("✗ 已在书库中，不会重复导入：%1").replace("%1", _shown(twin, library))
                )
                status.setToolTip(plain_tooltip(str(twin)))
            elif found.doubt is not None:
                status = QTableWidgetItem(self.tr("？") + ui_text(found.doubt))
            elif meta.newspaper and meta.date and meta.page:
                status = QTableWidgetItem(self.tr("✓ 版面文字"))
            else:  # blank fields are not lost: the page's masthead and folio fill them
                status = QTableWidgetItem(
                    self.tr("✓ 版面文字；留空的项将尽量从版面上的报头和日期行读取")
                )
            status.setFlags(status.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, STATUS, status)
            self.table.setItem(row, FILE, name)
            self.table.setItem(row, PAPER, QTableWidgetItem(meta.newspaper or ""))
            self.table.setItem(
                row, DATE, QTableWidgetItem(meta.date.isoformat() if meta.date else "")
            )
            self.table.setItem(row, PAGE, QTableWidgetItem(str(meta.page) if meta.page else ""))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)  # the table fills the dialog
        # room for a paper's name as typed (sized to an empty column, 中国气象报 showed as …)
        room = self.fontMetrics().horizontalAdvance("中国气象报社刊") + 16
        self.table.setColumnWidth(PAPER, max(self.table.columnWidth(PAPER), room))
        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # it may quote a file's name
        self.error.setStyleSheet("color: #c62828")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.table.itemChanged.connect(self._count_ticked)
        self._count_ticked()
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("请确认每个版面的报纸、日期和版次（不知道的可以留空）："), self)
        )
        layout.addWidget(self.table)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(720, 360)

    def items(self) -> list[ImportItem]:
        """The ticked rows; raises ValueError naming the first bad cell."""
        result = []
        for row, path in enumerate(self.paths):
            if self.table.item(row, FILE).checkState() != Qt.CheckState.Checked:
                continue
            paper = self.table.item(row, PAPER).text().strip() or None
            day_text = self.table.item(row, DATE).text().strip()
            page_text = self.table.item(row, PAGE).text().strip()
            try:
                day = date.fromisoformat(day_text) if day_text else None
            except ValueError as exc:
                raise ValueError(
                    self.tr("第%1行的日期应为 YYYY-MM-DD").replace("%1", str(row + 1))
                ) from exc
            if page_text and not page_text.isdigit():
                raise ValueError(self.tr("第%1行的版次应为数字").replace("%1", str(row + 1)))
            meta = PageMeta(paper, day, int(page_text) if page_text else None)
            try:
                meta = check_meta(meta)  # the same rules as the import itself
            except ImportRefused as exc:
                raise ValueError(
                    self.tr("第%1行：%2").replace("%1", str(row + 1)).replace("%2", str(exc))
                ) from exc
            result.append(ImportItem(path, meta))
        return result

    def _count_ticked(self, *_: object) -> None:
        """导入 names how many files it will copy, and stays off while that is none (a
        dialog of unreadable files had offered to import them and then said 已导入 0)."""
        ticked = sum(
            self.table.item(row, FILE) is not None
            and self.table.item(row, FILE).checkState() == Qt.CheckState.Checked
            for row in range(self.table.rowCount())
        )
        self.ok_button.setText(self.tr("导入（%1）").replace("%1", str(ticked)))
        self.ok_button.setEnabled(ticked > 0)

    def _accept(self) -> None:
        try:
            self.items()
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


def file_labels(paths: list[Path]) -> list[str]:
    """What tells the files apart: their names, or where names repeat (01.txt in every
    issue's folder) their place below the folder they all share."""
    names = [path.name for path in paths]
    if len(set(names)) == len(names):
        return names
    try:
        shared = Path(os.path.commonpath([path.parent for path in paths]))
        return [str(path.relative_to(shared)) for path in paths]
    except ValueError:  # on different drives: nothing shared to leave out
        return [str(path) for path in paths]


def _shown(path: Path, library: Path | None) -> str:
    """A library file as the reader knows it: its place in the library."""
    try:
        return str(path.relative_to(library)) if library is not None else path.name
    except ValueError:
        return path.name
