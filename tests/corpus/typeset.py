"""Lay the sample pages' articles out as broadsheet PDFs of our own and extract their text.

A developer tool, not part of the app: it makes a second scored set from a *different*
newspaper (乌海日报, the bundled samples) set by a *different* typesetter than the
development corpus (中国气象报), so that a layout rule fitted to the corpus shows up as a
drop here. The sample pages' articles are known exactly (the analysis reads the samples
50/50 and ``tests/test_seed_pages.py`` checks them by hand), so the reference comes from
where this script places them, never from reading the extracted text back.

Each sample page is set twice, with different column counts, headline sizes and item
order, and extracted by pdfminer.six (``extract_text``), poppler's ``pdftotext`` and
pypdfium2, into ``OUT/<extractor>/pages`` with a ``gold.json`` in the corpus format.

    apt-get install poppler-utils
    uv venv /tmp/pdfminer-venv && uv pip install -p /tmp/pdfminer-venv pdfminer.six
    QT_QPA_PLATFORM=offscreen uv run python tests/corpus/typeset.py tests/corpus/wuhai \
        --pdfminer-python /tmp/pdfminer-venv/bin/python
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from reader.archive import load_archive
from reader.model import Article, Kind, Page
from reader.pdf_text import fix_pdf_text, misread_chars

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
WIDTH, MARGIN, GAP = 1190.0, 40.0, 26.0
BODY_PT, LEADING = 10.5, 1.35
WEEKDAYS = "一二三四五六日"
CHINESE_PAGE = "〇一二三四五六七八九十"
FAMILY = "Noto Serif CJK SC"
_NO_LINE_START = set("，。、；：？！”’）》」』…—")


@dataclass
class Style:
    """One typesetter's habits for a page: columns, head sizes, whether the lead goes first."""

    columns: int
    head_pt: float
    rng: random.Random


@dataclass
class Placed:
    article: Article
    first: int
    span: int
    top: float
    height: float = 0.0
    ops: list[tuple] = field(default_factory=list)


def font(size: float, bold: bool = False) -> QFont:
    face = QFont(FAMILY)
    face.setPixelSize(round(size))
    face.setBold(bold)
    return face


def wrap(text: str, face: QFont, width: float) -> list[str]:
    """Lines of ``text`` no wider than ``width``, cut between characters like a CJK typesetter."""
    metrics = QFontMetricsF(face)
    lines, line = [], ""
    for char in text:
        hangs = char in _NO_LINE_START  # a typesetter never starts a line with these
        if line and not hangs and metrics.horizontalAdvance(line + char) > width:
            # nor cuts a number or a Latin word: the whole word goes to the next line
            word = re.search(r"[0-9A-Za-z.%]+$", line) if _word_char(char) else None
            if word and word.start() > 0:
                lines.append(line[: word.start()])
                line = line[word.start() :]
            else:
                lines.append(line)
                line = ""
        line += char
    if line:
        lines.append(line)
    return lines


def _word_char(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in ".%")


def marked_paragraphs(article: Article) -> list[str]:
    """The article's paragraphs with its jump lines printed again, as the paper printed them."""
    paragraphs = list(article.paragraphs)
    if article.continued_from and paragraphs:
        paragraphs[0] = f"（上接第{CHINESE_PAGE[article.continued_from]}版）" + paragraphs[0]
    if article.continues_to and paragraphs:
        paragraphs[-1] += f"（下转第{CHINESE_PAGE[article.continues_to]}版）"
    return paragraphs


def byline_printed_apart(article: Article) -> bool:
    """A byline not already inside the text (``本报讯（记者 X）``) gets a line of its own."""
    body = re.sub(r"\s+", "", "".join(article.paragraphs[:1]))
    return bool(article.byline) and re.sub(r"\s+", "", article.byline) not in body


def set_item(placed: Placed, column_width: float, style: Style) -> None:
    """Drawing operations for one item inside its columns, and the height they take."""
    article, span = placed.article, placed.span
    width = span * column_width + (span - 1) * GAP
    y = placed.top
    x0 = MARGIN + placed.first * (column_width + GAP)
    body = font(BODY_PT)
    line_height = BODY_PT * LEADING

    def text_line(text: str, face: QFont, x: float, y: float, justify: float = 0.0) -> None:
        placed.ops.append(("text", face, x, y, text, justify))

    if article.kind is Kind.PHOTO:
        frame = 0.62 * width
        placed.ops.append(("frame", QRectF(x0, y, width, frame)))
        y += frame + 6
        caption = font(BODY_PT - 1.5)
        for line in wrap("".join(marked_paragraphs(article)) + _credit(article), caption, width):
            text_line(line, caption, x0, y)
            y += (BODY_PT - 1.5) * LEADING
        placed.height = y - placed.top + 14
        return
    if article.kicker:
        face = font(style.head_pt * 0.55)
        for line in wrap(article.kicker, face, width):
            text_line(line, face, x0 + (width - QFontMetricsF(face).horizontalAdvance(line)) / 2, y)
            y += style.head_pt * 0.55 * 1.4
    head_pt = style.head_pt if span > 1 else style.head_pt * 0.75
    if article.title:
        face = font(head_pt, bold=True)
        for line in wrap(article.title, face, width):
            text_line(line, face, x0 + (width - QFontMetricsF(face).horizontalAdvance(line)) / 2, y)
            y += head_pt * 1.3
    if article.subtitle:
        face = font(head_pt * 0.6)
        subtitle = article.subtitle if article.subtitle.startswith("—") else "——" + article.subtitle
        for line in wrap(subtitle, face, width):
            text_line(line, face, x0 + (width - QFontMetricsF(face).horizontalAdvance(line)) / 2, y)
            y += head_pt * 0.6 * 1.4
    if byline_printed_apart(article):
        y += 4
        text_line(article.byline, font(BODY_PT), x0, y)
        y += line_height
    y += 8
    # each line, its type, and the width it is justified to; in-body subheads (小标题) are
    # set bold on lines of their own, centred, as the sample pages print them
    lines: list[tuple[str, QFont, float]] = []
    subhead = font(BODY_PT, bold=True)
    for number, paragraph in enumerate(marked_paragraphs(article)):
        if number in article.subheads:
            lines += [
                (line, subhead, -1.0) for line in wrap(paragraph.strip(), subhead, column_width)
            ]
            continue
        wrapped = wrap("\u3000\u3000" + paragraph.strip(), body, column_width)
        last = len(wrapped) - 1
        lines += [(line, body, column_width if i < last else 0.0) for i, line in enumerate(wrapped)]
    per_column = -(-len(lines) // span)
    for index, (line, face, justify) in enumerate(lines):
        column, row = divmod(index, per_column)
        x = x0 + column * (column_width + GAP)
        if justify < 0:  # centred
            x += (column_width - QFontMetricsF(face).horizontalAdvance(line)) / 2
        text_line(line, face, x, y + row * line_height, max(justify, 0.0))
    if article.kind is Kind.NOTICE:
        placed.ops.insert(0, ("box", QRectF(x0 - 4, placed.top - 6, width + 8, 0)))
    placed.height = y + per_column * line_height - placed.top + 22
    if placed.ops[0][0] == "box":
        box = placed.ops[0][1]
        box.setHeight(placed.height - 10)


def _credit(article: Article) -> str:
    return f"（{article.byline}）" if article.byline else ""


def span_of(article: Article, columns: int) -> int:
    """Columns an item takes: by its length, as an editor sizes a story on the page."""
    length = sum(len(p) for p in article.paragraphs)
    if article.kind is Kind.PHOTO:
        return min(columns, 2)
    wanted = 1 if length < 350 else 2 if length < 1300 else 3
    return min(columns, wanted)


def lay_out(page: Page, style: Style) -> tuple[list[Placed], float, float]:
    """Items placed on the page's columns, lowest free slot first (a skyline packer)."""
    column_width = (WIDTH - 2 * MARGIN - (style.columns - 1) * GAP) / style.columns
    header = 150.0 if (page.meta.page or 1) == 1 else 70.0
    heights = [MARGIN + header] * style.columns
    articles = [a for a in page.articles if a.paragraphs or a.title]
    lead, rest = articles[:1], articles[1:]
    style.rng.shuffle(rest)
    placed: list[Placed] = []
    for article in lead + rest:
        span = span_of(article, style.columns)
        starts = range(style.columns - span + 1)
        first = min(starts, key=lambda c: (max(heights[c : c + span]), c))
        item = Placed(article, first, span, max(heights[first : first + span]))
        set_item(item, column_width, style)
        placed.append(item)
        for column in range(first, first + span):
            heights[column] = item.top + item.height
    return placed, column_width, max(heights) + MARGIN


def furniture(newspaper: str, day: date, number: int) -> list[tuple]:
    """Masthead on the front page, a running head on the others."""
    dateline = f"{day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}"
    if number == 1:
        return [
            ("text", font(64, bold=True), MARGIN, MARGIN, newspaper, 0.0),
            ("text", font(13), MARGIN, MARGIN + 100, f"{dateline}  第{number}版", 0.0),
            ("rule", MARGIN + 135),
        ]
    return [
        ("text", font(12), MARGIN, MARGIN, f"{newspaper}  {dateline}  第{number}版", 0.0),
        ("rule", MARGIN + 30),
    ]


def photo(rect: QRectF) -> QImage:
    """A stand-in picture (a grey gradient), embedded as an image like a printed photo."""
    image = QImage(int(rect.width()), int(rect.height()), QImage.Format.Format_RGB32)
    for row in range(image.height()):
        grey = 110 + 100 * row // max(1, image.height())
        for column in range(image.width()):
            image.setPixelColor(column, row, QColor(grey, grey, grey + 10))
    return image


def set_line(painter: QPainter, face: QFont, x: float, y: float, text: str, justify: float) -> None:
    """One line, character by character (no ligatures: ``——`` stays two dashes), spread to
    ``justify`` points when given, as a typesetter justifies all but a paragraph's last line."""
    metrics = QFontMetricsF(face)
    painter.setFont(face)
    natural = metrics.horizontalAdvance(text)
    spare = max(0.0, justify - natural) / (len(text) - 1) if justify and len(text) > 1 else 0.0
    baseline = y + metrics.ascent()
    for char in text:
        painter.drawText(QPointF(x, baseline), char)
        x += metrics.horizontalAdvance(char) + spare


def draw(path: Path, ops: list[tuple], height: float) -> None:
    writer = QPdfWriter(str(path))
    writer.setResolution(72)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QSizeF(WIDTH, height), QPageSize.Unit.Point),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    painter = QPainter(writer)
    for op in ops:
        if op[0] == "text":
            set_line(painter, *op[1:])
        elif op[0] == "frame":
            painter.drawImage(op[1], photo(op[1]))
        elif op[0] == "box":
            painter.setPen(QPen(QColor(0, 0, 0), 1))
            painter.drawRect(op[1])
        else:
            painter.setPen(QPen(QColor(0, 0, 0), 1.5))
            painter.drawLine(QPointF(MARGIN, op[1]), QPointF(WIDTH - MARGIN, op[1]))
    painter.end()
    # Qt maps some glyphs back to other characters (⼤ for 大, 戶 for 户): put back the
    # characters printed, as the app does for its own exported PDFs.
    data = path.read_bytes()
    printed = "".join(op[4] for op in ops if op[0] == "text")
    replace = misread_chars(extract(path, "pdfium", ""), printed)
    path.write_bytes(fix_pdf_text(data, replace)[0])


def reference(page: Page, number: int, day: str) -> dict:
    """The corpus-format reference for a page: each item's titles, first and last words."""
    items = []
    for article in page.articles:
        if not (article.paragraphs or article.title):
            continue
        text = re.sub(r"\s+", "", "".join(article.paragraphs))
        if article.kind is Kind.PHOTO:
            text += re.sub(r"\s+", "", _credit(article))
        starts = [text[:16]]
        dateline = re.match(r"^本报讯[（(][^）)]*[）)]", text)
        if dateline:
            starts.append(text[dateline.end() : dateline.end() + 16])
        ends = [text[-12:]]
        if article.kind is Kind.PHOTO and article.byline:
            # The photographer's credit may be read as the caption's byline or left in it.
            ends.append(re.sub(r"\s+", "", "".join(article.paragraphs))[-12:])
        item = {"kind": str(article.kind), "start": starts, "end": ends}
        if article.kind is Kind.PHOTO:
            item["title"] = None
        else:
            kicker, title, subtitle = (
                re.sub(r"\s+", "", x) for x in (article.kicker, article.title, article.subtitle)
            )
            subtitle = subtitle if subtitle.startswith("—") or not subtitle else "——" + subtitle
            names = {title, kicker + title, title + subtitle, kicker + title + subtitle} - {""}
            item["title"] = sorted(names) if title else None
        if article.continues_to:
            item["continues_to"] = article.continues_to
        if article.continued_from:
            item["continued_from"] = article.continued_from
        items.append(item)
    return {"newspaper": page.meta.newspaper, "date": day, "page": number, "articles": items}


def extract(pdf: Path, extractor: str, pdfminer_python: str) -> str:
    if extractor == "pdftotext":
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    if extractor == "pdfminer":
        code = "import sys;from pdfminer.high_level import extract_text;sys.stdout.write(extract_text(sys.argv[1]))"
        return subprocess.run(
            [pdfminer_python, "-c", code, str(pdf)],
            check=True,
            capture_output=True,
            encoding="utf-8",
        ).stdout
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        return document[0].get_textpage().get_text_range()
    finally:
        document.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pdfminer-python", default=sys.executable)
    parser.add_argument("--variants", type=int, default=2)
    args = parser.parse_args()
    QGuiApplication.instance() or QGuiApplication([])
    archive = load_archive([SEEDS])
    golds = {
        name: {"about": __doc__.split("\n")[0], "name": f"wuhai-{name}", "pages": {}}
        for name in ("pdfminer", "pdftotext", "pdfium")
    }
    for variant in range(args.variants):
        rng = random.Random(variant * 7919 + 17)
        for page in sorted(
            archive.pages, key=lambda p: (p.meta.date or date.min, p.meta.page or 0)
        ):
            assert page.meta.date is not None and page.meta.newspaper is not None
            shifted = page.meta.date + timedelta(days=7 * variant)
            day = shifted.isoformat()
            number = page.meta.page or 1
            style = Style(
                columns=rng.choice([5, 6, 7]), head_pt=rng.choice([22.0, 26.0, 30.0]), rng=rng
            )
            placed, _, height = lay_out(page, style)
            ops = furniture(page.meta.newspaper, shifted, number)
            ops += [op for item in placed for op in item.ops]
            name = f"{page.meta.newspaper}/{day}/{number:02d}.txt"
            pdf = args.out / "pdf" / name.replace(".txt", ".pdf")
            pdf.parent.mkdir(parents=True, exist_ok=True)
            draw(pdf, ops, height)
            for extractor, gold in golds.items():
                target = args.out / extractor / "pages" / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(extract(pdf, extractor, args.pdfminer_python), encoding="utf-8")
                gold["pages"][name] = reference(page, number, day)
    # The PDFs themselves, read by the app's geometry reader (a reference naming NN.txt
    # scores NN.pdf where only the PDF is there).
    golds["pdf"] = {**golds["pdfium"], "name": "wuhai-pdf", "pages_dir": "."}
    for extractor, gold in golds.items():
        (args.out / extractor / "gold.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
