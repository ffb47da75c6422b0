"""Printed lines from a PDF's characters: where pdfium's own line breaks hold and where not."""

from __future__ import annotations

from reader.pdf.glyphs import Glyph, build_lines


def glyphs(text: str, x: float, baseline: float, size: float = 26.0) -> list[Glyph]:
    """Characters set one em apart (quotes and colons keep their ink at the em's start)."""
    out = []
    for char in text:
        ink = size if ord(char) >= 0x2E80 else size * 0.4
        out.append(Glyph(char, x, baseline - size, x + ink, baseline, size, 700, "Hei", baseline))
        x += size
    return out


def texts(lines) -> list[str]:
    return ["".join(g.char for g in line.glyphs) for line in lines]


def test_a_headline_pdfium_broke_after_a_closing_quote_stays_one_line() -> None:
    first = glyphs("“12345”", 100, 500)
    rest = glyphs("：服务不停歇", first[-1].x0 + 26, 500)
    assert texts(build_lines([*first, None, *rest])) == ["“12345”：服务不停歇"]


def test_pdfium_breaks_hold_across_a_gutter_a_baseline_or_a_type_change() -> None:
    left = glyphs("左栏标题", 100, 500)
    assert texts(build_lines([*left, None, *glyphs("右栏标题", 100 + 4 * 26 + 40, 500)])) == [
        "左栏标题",
        "右栏标题",
    ]
    assert texts(build_lines([*left, None, *glyphs("下一行", 100, 530)])) == ["左栏标题", "下一行"]
    smaller = glyphs("正文", 100 + 4 * 26, 500, size=10.5)
    assert texts(build_lines([*left, None, *smaller])) == ["左栏标题", "正文"]
