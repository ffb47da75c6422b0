"""Lines and items from a PDF's characters: where pdfium's line breaks hold, which columns
of untitled text are one item."""

from __future__ import annotations

from reader.pdf.blocks import Block, Style, assign_owners, find_heads, make_blocks
from reader.pdf.blocks import Kind as BlockKind
from reader.pdf.glyphs import Glyph, Line, build_lines, unspaced
from reader.pdf.items import build_article, group_items


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


def test_a_paragraphs_short_last_line_under_its_indented_first_line_stays_with_its_text() -> None:
    """A two-line paragraph whose last line (葱茏。) is shorter than the indent shares no
    width with its indented first line, yet it is the same column and the same text: it is
    not a text of its own that the headline beside it could claim. And the paragraphs under
    it read as the print sets them, though one line of the column is set a little wider."""
    size, left, step = 10.5, 200.0, 14.0
    style = Style(size=size, weight=400, font="Song")

    def body(text: str, x: float, row: int, hanging: bool = False) -> Line:
        chars = glyphs(text, x, 300 + row * step, size=size)
        for char in chars:
            char.weight, char.font = 400, "Song"
        if hanging:  # marks hung past the measure (……): this line reaches further right
            chars[-1].x1 += 2 * size
        return Line(chars)

    paragraphs = [
        ["盛夏时节，乌海大地满目", "葱茏。"],
        ["铺设草帘、更新滴灌设施", "连日来，治理区里一片繁忙", "的景象，绿意在这里蔓延开", "来。"],
        ["在乌海市珍稀植物保护繁", "育基地阳光育苗棚，工作人", "员正忙着为种苗浇水。"],
    ]
    lines, row = [], 0
    for paragraph in paragraphs:
        for number, text in enumerate(paragraph):
            indent = 2 * size if number == 0 else 0
            lines.append(body(text, left + indent, row, hanging=text.startswith("铺设")))
            row += 1
    # a neighbour's headline set beside the column, level with the paragraph's last line
    beside = Line(glyphs("中央督察组交办第十一批", 40, 300 + step, size=20))
    blocks = make_blocks([*lines, beside], style)
    assert sorted(len(b.lines) for b in blocks) == [1, 9]
    heads = find_heads(blocks, style, [(left, left + 12 * size)])
    assign_owners(blocks, heads, style)
    [text] = [b for b in blocks if b.kind is BlockKind.TEXT]
    assert text.owner is None  # no headline over it: not the neighbour's
    [item] = [i for i in group_items(blocks, heads) if i.head is None]
    numbers = {id(line): n for n, line in enumerate(lines)}
    article = build_article(item, style, numbers)
    assert article.paragraphs == ["".join(p) for p in paragraphs]


def test_letter_spaced_lines_lose_their_tracking_spaces() -> None:
    """pdfium reads a justified short line's tracking as spaces (the trial's imported page:
    保 护 修 复 …, 0 4 7 1 -4819165); a line of words keeps its spaces."""
    assert (
        unspaced("保 护 修 复 治 理 2 个 项 目 ， 共3.881万亩")
        == "保护修复治理2个项目，共3.881万亩"
    )
    assert unspaced("专门值班电话：0 4 7 1 -4819165") == "专门值班电话：0471-4819165"
    assert unspaced("“五位一 体 ” 2 4 小 时 受 理") == "“五位一体”24小时受理"
    for kept in (
        "构筑生态屏障 矢志向绿而行",  # a headline's two parts
        "据了解, 春节期间",
        "I am a cat",
        "A B C D",  # Latin letters keep their spaces
        "本报记者 王 超 李 明",  # two-character names padded in a credit line
    ):
        assert unspaced(kept) == kept
