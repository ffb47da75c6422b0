"""Pages read from real e-paper PDFs, with each article's region taken from the corpus's
layout record (what was placed where when the page was made), for the 原版 view tests."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium

from reader.model import Article, Box, Kind, Page, PageMeta, PdfPlace

DATA = Path(__file__).resolve().parent / "data"
# The corpus pages are set with a 40 pt margin left and right, columns of equal width
# between them (the layout record gives column numbers, top and height in points).
MARGIN = 40.0


def layout_page(name: str, folder: Path = DATA) -> Page:
    """The PDF ``name`` in ``folder`` as a Page whose articles carry their printed boxes."""
    record = json.loads((DATA / "layout.json").read_text(encoding="utf-8"))[name]
    path = folder / name
    document = pdfium.PdfDocument(str(path))
    width, height = document[0].get_size()
    document.close()
    column = (width - 2 * MARGIN) / record["columns"]
    articles = []
    for number, item in enumerate(record["placed"]):
        first, last = item["cols"]
        box = Box(
            MARGIN + first * column,
            float(item["top"]),
            MARGIN + (last + 1) * column,
            float(item["top"] + item["height"]),
        )
        articles.append(
            Article(
                id=f"{name}#{number}",
                kind=Kind(item["kind"]),
                paragraphs=[f"正文{number}"],
                title=item["title"] or "",
                regions=[box],
            )
        )
    return Page(
        source=str(path),
        meta=PageMeta("中国气象报", date(2026, 8, 21), 4),
        text="",
        articles=articles,
        pdf=PdfPlace(str(path), 0, width, height),
    )
