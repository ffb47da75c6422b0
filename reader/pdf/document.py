"""A PDF file → one Page per PDF page, each with its articles and where they are printed.

Every problem with a file or one of its pages becomes a message in Chinese on the page it
concerns (encrypted, damaged, no text layer, too large); the rest of the library loads.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from reader.archive import page_key
from reader.layout.furniture import read_furniture
from reader.layout.page import analyze, give_ids
from reader.model import Page, PageMeta, PdfPlace
from reader.pdf.blocks import (
    Style,
    assign_owners,
    find_heads,
    make_blocks,
    number_columns,
)
from reader.pdf.glyphs import Line, build_lines, page_figures, page_glyphs
from reader.pdf.items import Item, build_article, group_items, item_lines

log = logging.getLogger(__name__)

# An e-paper issue is a few to a few dozen MB and pages; far beyond that is not an issue
# and would stall the reader for minutes.
MAX_PDF_BYTES = 300 * 1024 * 1024
MAX_PDF_PAGES = 500
# A page with fewer printed characters than this has no usable text layer (a scan).
_MIN_CHARS = 20
NO_TEXT_LAYER = (
    "PDF 没有文字层（可能是扫描图像），本程序不做文字识别 (image-only PDF: no text layer, no OCR)"
)
NO_PAGE_TEXT_LAYER = (
    "此页没有文字层（可能是扫描图像），本程序不做文字识别 (image-only page: no text layer, no OCR)"
)


# PDFium is not thread-safe (pypdfium2's documentation says so): two threads inside it at
# once — a library reload and an import preview, say — can crash the whole process. Every
# use of pdfium in this process goes through this lock; the 原版 view renders in its own
# process and needs none.
PDFIUM_LOCK = threading.RLock()


class PdfFileError(Exception):
    """A PDF that cannot be read at all; the message says why in plain words."""


def read_pdf(path: Path, meta: PageMeta, stamp: tuple[int, int] | None = None) -> list[Page]:
    """The pages of one PDF file. ``meta`` is what the library knows (manifest, path)."""
    with PDFIUM_LOCK:
        return _read_pdf(path, meta, stamp)


def _read_pdf(path: Path, meta: PageMeta, stamp: tuple[int, int] | None) -> list[Page]:
    source = str(path)
    try:
        document = _open(path)
    except PdfFileError as exc:
        log.warning("skipped %s: %s", source, exc)
        return [Page(source=source, meta=meta, errors=[f"{source}: {exc}"], stamp=stamp)]
    try:
        count = len(document)
        if count > MAX_PDF_PAGES:
            message = (
                f"PDF 页数过多（{count} 页），不像一期报纸 (too many pages: over {MAX_PDF_PAGES})"
            )
            return [Page(source=source, meta=meta, errors=[f"{source}: {message}"], stamp=stamp)]
        pages = [_read_page(document, index, count, path, meta, stamp) for index in range(count)]
    finally:
        document.close()
    if pages and not any(page.text for page in pages):
        for page in pages:
            page.errors[:] = [f"{page.source}: {NO_TEXT_LAYER}"]
    return pages


def pdf_text(path: Path) -> str:
    """The text layer of a PDF, all pages, for checking a file before it is imported.

    Raises PdfFileError for a file the library could not read (encrypted, damaged, too
    large, too many pages, or with no text layer at all)."""
    with PDFIUM_LOCK:
        return _pdf_text(path)


def _pdf_text(path: Path) -> str:
    document = _open(path)
    try:
        if len(document) > MAX_PDF_PAGES:
            raise PdfFileError(_too_many_pages(len(document)))
        parts = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            parts.append(textpage.get_text_range())
            textpage.close()
            page.close()
    except pdfium.PdfiumError as exc:
        raise PdfFileError(f"PDF 页面已损坏，无法读取 (damaged page: {exc})") from exc
    finally:
        document.close()
    text = "\n".join(parts)
    if sum(1 for char in text if not char.isspace()) < _MIN_CHARS:
        raise PdfFileError(NO_TEXT_LAYER)
    return text


def _too_many_pages(count: int) -> str:
    return f"PDF 页数过多（{count} 页），不像一期报纸 (too many pages: over {MAX_PDF_PAGES})"


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PdfFileError(f"无法读取文件 (unreadable: {exc.strerror or exc})") from exc
    if size > MAX_PDF_BYTES:
        raise PdfFileError(
            f"PDF 文件过大 ({size / 1_048_576:.0f} MB)，不像一期报纸 "
            f"(file too large: over {MAX_PDF_BYTES // 1_048_576} MB)"
        )
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise PdfFileError(
                "PDF 已加密，需要密码才能打开 (encrypted PDF: password required)"
            ) from exc
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise PdfFileError("PDF 使用了不支持的加密方式 (unsupported PDF security)") from exc
        raise PdfFileError("PDF 文件已损坏或不是 PDF (damaged or not a PDF)") from exc


def page_source(path: Path, index: int, count: int) -> str:
    """A page's name: the file for a one-page PDF, ``file#N`` (1-based) for a page of a
    whole issue, so each page has its own identity in the library."""
    return str(path) if count == 1 else f"{path}#{index + 1}"


def _read_page(
    document: pdfium.PdfDocument,
    index: int,
    count: int,
    path: Path,
    meta: PageMeta,
    stamp: tuple[int, int] | None,
) -> Page:
    source = page_source(path, index, count)
    page_meta = meta if count == 1 else replace(meta, page=None)
    page = Page(source=source, meta=page_meta, stamp=stamp)
    try:
        pdf_page = document[index]
        width, height = pdf_page.get_size()
        page.pdf = PdfPlace(str(path), index, width, height)
        textpage = pdf_page.get_textpage()
        lines = build_lines(page_glyphs(pdf_page, textpage))
        figures = page_figures(pdf_page)
        textpage.close()
        pdf_page.close()
    except pdfium.PdfiumError as exc:
        page.errors.append(f"{source}: PDF 页面已损坏，无法读取 (damaged page: {exc})")
        return page
    if sum(len(line.text) for line in lines) < _MIN_CHARS:
        page.errors.append(f"{source}: {NO_PAGE_TEXT_LAYER}")
        return page
    style = Style.of(lines)
    lines.sort(key=lambda line: (line.box.top, line.box.x0))
    furniture = read_furniture("\n".join(line.text for line in lines))
    printed = [line for number, line in enumerate(lines) if number not in furniture.lines]
    items = _items(printed, figures, style)
    page.text, numbers = _page_text(lines, items)
    page.meta = _filled(page.meta, furniture, count, index)
    key = page_key(page.meta, Path(source))
    try:
        articles = [build_article(item, style, numbers) for item in items]
        articles = [a for a in articles if a.paragraphs or a.title]
        if not any(article.title for article in articles):
            # no headline set apart by size or weight: the geometry says too little, so
            # the text is read as a text page is
            log.info("no headlines from geometry on %s; text analysis", source)
            articles = analyze(page.text, key, furniture).articles
    except Exception as exc:  # a layout bug must cost one page's structure, not the library
        log.exception("PDF layout analysis failed on %s", source)
        page.warnings.append(f"{source}: 版面分析失败，按文字分析 (PDF layout failed: {exc!r})")
        articles = analyze(page.text, key, furniture).articles
    give_ids(articles, key)
    page.articles = articles
    return page


def _items(lines: list[Line], figures: list[Line], style: Style) -> list[Item]:
    blocks = make_blocks(lines + figures, style)
    columns = number_columns(blocks, style)
    heads = find_heads(blocks, style, columns)
    assign_owners(blocks, heads, style)
    return group_items(blocks, heads)


def _page_text(lines: list[Line], items: list[Item]) -> tuple[str, dict[int, int]]:
    """The page's text in reading order: what is in no item (masthead, date line) first,
    then each item; and each line's number in it. (The furniture read from this text is
    the same as from the lines in page order: it is the same lines, first.)"""
    placed = [line for item in items for line in item_lines(item)]
    taken = {id(line) for line in placed}
    loose = sorted(
        (line for line in lines if id(line) not in taken),
        key=lambda line: (line.box.top, line.box.x0),
    )
    ordered = loose + placed
    numbers = {id(line): number for number, line in enumerate(ordered)}
    return "\n".join(line.text for line in ordered), numbers


def _filled(meta: PageMeta, furniture, count: int, index: int) -> PageMeta:
    """What the library did not say, from the page's furniture; a page of a whole issue
    with no page line is numbered by its place in the file."""
    page = meta.page if meta.page is not None else furniture.page
    if page is None and count > 1:
        page = index + 1
    return replace(
        meta,
        newspaper=meta.newspaper or furniture.newspaper,
        date=meta.date or furniture.date,
        page=page,
    )
