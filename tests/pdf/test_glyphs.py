"""Lines and items from a PDF's characters: where pdfium's line breaks hold, which columns
of untitled text are one item."""

from __future__ import annotations

from reader.pdf.blocks import Block, Style, assign_owners
from reader.pdf.blocks import Kind as BlockKind
from reader.pdf.glyphs import Glyph, Line, build_lines
from reader.pdf.items import group_items


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
    # columns set close together: a character right after the gutter is another column
    close = glyphs("另一栏", 100 + 4 * 26 + 8, 500)
    assert texts(build_lines([*left, None, *close])) == ["左栏标题", "另一栏"]
    smaller = glyphs("正文", 100 + 4 * 26, 500, size=10.5)
    assert texts(build_lines([*left, None, *smaller])) == ["左栏标题", "正文"]


def test_an_opening_quote_in_a_justified_line_stays_on_its_line() -> None:
    """A curly quote takes a whole em in a Chinese face, its ink at one side: the space a
    justified line adds after an opening quote is no gap (the quote once became a line of
    its own, and the paragraph read it out of place); a gutter after its em still is."""
    quote = glyphs("“", 100, 500, size=10)  # ink 0.4 em at the em's start
    rest = glyphs("中国气象局与", 100 + 17, 500, size=10)  # 0.7 em added after the mark
    assert texts(build_lines([*quote, *rest])) == ["“中国气象局与"]
    far = glyphs("另一栏", 100 + 10 + 15, 500, size=10)  # 1.5 em past the mark's em
    assert texts(build_lines([*quote, *far])) == ["“", "另一栏"]


def text_block(x: float, top: float, rows: int, column: int) -> Block:
    """A column of body text (10.5 pt, 12 characters a line) with no headline over it."""
    lines = [
        Line(glyphs("正文正文正文正文正文正文", x, top + 10.5 + row * 14, size=10.5))
        for row in range(rows)
    ]
    return Block(lines, BlockKind.TEXT, column=column)


def test_untitled_text_goes_on_in_the_next_column_level_with_its_top() -> None:
    left = text_block(40, 100, 20, 0)
    beside = text_block(40 + 126 + 20, 100, 20, 1)  # the next column, level with it
    lower = text_block(40 + 2 * (126 + 20), 400, 8, 2)  # another item further down
    items = group_items([left, beside, lower], [])
    assert [[b.column for b in item.blocks] for item in items] == [[0, 1], [2]]


def test_text_that_opens_with_a_jump_line_is_not_the_story_above_it() -> None:
    """Under one story's text, with the usual space between items, ``（上接第一版）`` opens
    the rest of another story; text without it goes on with the story above."""
    style = Style(size=10.5, weight=700, font="Hei")
    for opening, items in (
        ("（上接第一版）市发改委深入贯彻", 2),
        ("市发改委深入贯彻习近平总书", 1),
    ):
        head = Block([Line(glyphs("标题标题", 40, 100, size=20))], BlockKind.HEAD, heads=True)
        story = text_block(40, 130, 10, 0)
        rest = Block([Line(glyphs(opening, 40, 290, size=10.5))], BlockKind.TEXT)
        blocks = [head, story, rest]
        assign_owners(blocks, [head], style)
        assert len(group_items(blocks, [head])) == items, opening
