"""From the blocks of a PDF page, each knowing its item, to the page's articles.

The rules are the ones an editor states for any broadsheet:
- of a headline group's lines, the largest are the title; smaller lines above it are the
  kicker (引题), below it the subtitle (副题); a short label on top (基层动态) names a
  column; a byline (本报记者 …) under the headline is the byline;
- an item's text is read column by column, each top to bottom;
- a paragraph starts on an indented line, or after a line that stops short;
- a bold line at body size inside a text is a subhead (小标题);
- text set smaller than the body is a caption: a photo item of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.layout.bylines import closed_roles
from reader.layout.lines import SUBTITLE_RE, is_byline
from reader.layout.markers import Direction, strip_markers
from reader.layout.page import CAPTION_OPENING_RE
from reader.model import Article, Box, Kind
from reader.pdf.blocks import LABEL_MAX, Block, Style
from reader.pdf.blocks import Kind as BlockKind
from reader.pdf.glyphs import Line

# A line this far in from its column's left edge (in character sizes) starts a paragraph.
_INDENT = 1.2
# A line ending this far short of its column's right edge ends a paragraph.
_SHORT = 1.5


@dataclass(slots=True)
class Item:
    """One item's blocks: its headline group (if any) and its other blocks."""

    head: Block | None
    blocks: list[Block] = field(default_factory=list)
    kind: Kind = Kind.ARTICLE
    # for a photo: the picture its caption is set under (printed, but no text)
    picture: Block | None = None

    @property
    def anchor(self) -> tuple[int, float, float]:
        first = self.head or min(self.blocks, key=lambda b: (b.column, b.top))
        return (first.column if self.head is None else 0, first.top, first.x0)


# The gutter between two columns of one item is at most this wide (in body sizes).
_NEXT_COLUMN = 4.0


def group_items(blocks: list[Block], heads: list[Block]) -> list[Item]:
    """Items in reading order: headed items and captions by where they start, text no
    headline claims as items of its own."""
    items = {id(head): Item(head) for head in heads}
    orphans: list[Item] = []
    for block in blocks:
        if block.heads or (block.owner is not None and block in block.owner.group):
            continue
        if block.kind is BlockKind.FIGURE:
            continue
        if block.kind is BlockKind.CAPTION or (
            block.kind is BlockKind.TEXT and CAPTION_OPENING_RE.match(block.lines[0].text)
        ):
            orphans.append(Item(None, [block], Kind.PHOTO, _picture_over(block, blocks)))
            continue
        if block.owner is not None and id(block.owner) in items:
            items[id(block.owner)].blocks.append(block)
            continue
        host = next(
            (item for item in orphans if item.kind is Kind.ARTICLE and _chains(item, block)), None
        )
        if host is None:
            orphans.append(Item(None, [block]))
        else:
            host.blocks.append(block)
    found = list(items.values()) + orphans
    for item in found:
        item.blocks.sort(key=lambda b: (b.column, b.top))
    return sorted(found, key=lambda item: _reading_key(item))


def _picture_over(caption: Block, blocks: list[Block]) -> Block | None:
    """The photo right above a caption (a caption is set close under its picture)."""
    size = caption.lines[0].size
    over = [
        b
        for b in blocks
        if b.kind is BlockKind.FIGURE
        and b.overlaps(caption)
        and -1 <= caption.top - b.bottom <= 2 * size
    ]
    return max(over, key=lambda b: b.bottom, default=None)


def _chains(item: Item, block: Block) -> bool:
    """Headless text goes on in the headless text right above it, and in the next column
    when it starts level with the item's top right beside the item's last column (an
    untitled lead set over two columns is one item, as a headed one is)."""
    last = item.blocks[-1]
    size = block.lines[0].size
    if last.overlaps(block) and 0 <= block.top - last.bottom < 3 * size:
        return True
    rightmost = max(item.blocks, key=lambda b: b.x1)
    top = min(b.top for b in item.blocks)
    beside = 0 < block.x0 - rightmost.x1 < _NEXT_COLUMN * size
    return beside and abs(block.top - top) < 2 * size


def _reading_key(item: Item) -> tuple[float, float]:
    first = item.head or min(item.blocks, key=lambda b: (b.top, b.x0))
    return (round(first.top / 40), first.x0)


def item_lines(item: Item) -> list[Line]:
    """An item's lines in reading order: the headline group, then the text."""
    lines: list[Line] = []
    if item.head is not None:
        group = sorted([item.head, *item.head.group], key=lambda b: (b.top, b.x0))
        for block in group:
            lines.extend(block.lines)
    for block in item.blocks:
        lines.extend(block.lines)
    return lines


def build_article(item: Item, style: Style, numbers: dict[int, int]) -> Article:
    """One item as an Article; ``numbers`` gives each line's number in the page text."""
    kicker, title, subtitle, byline, column = _headline(item, style)
    paragraphs, subheads, more_bylines = _paragraphs(item, style)
    continues_to = continued_from = None
    cleaned: list[str] = []
    kept: list[int] = []
    for number, paragraph in enumerate(paragraphs):
        text, markers = strip_markers(paragraph)
        for marker in markers:
            if marker.direction is Direction.CONTINUES_TO:
                continues_to = marker.page
            else:
                continued_from = marker.page
        if text:
            if number in subheads:
                kept.append(len(cleaned))
            cleaned.append(text)
    lines = item_lines(item)
    return Article(
        id="",
        kind=item.kind,
        paragraphs=cleaned,
        column=column,
        kicker=kicker,
        title=title,
        subtitle=subtitle,
        byline=" ".join(filter(None, [byline, *more_bylines])),
        continues_to=continues_to,
        continued_from=continued_from,
        subheads=kept,
        source_lines=sorted(numbers[id(line)] for line in lines),
        regions=_regions(item),
    )


def _headline(item: Item, style: Style) -> tuple[str, str, str, str, str]:
    """Kicker, title, subtitle, byline and column label of an item's headline group."""
    if item.head is None:
        return "", "", "", "", ""
    group = sorted([item.head, *item.head.group], key=lambda b: (b.top, b.x0))
    lines = [line for block in group for line in block.lines]
    bylines = [line for line in lines if not style.heading(line) and is_byline(line.text)]
    heading = [line for line in lines if line not in bylines]
    if not heading:
        return "", "", "", " ".join(closed_roles(line.text) for line in bylines), ""
    column = ""
    if len(heading) > 1 and _label(heading[0], heading[1:]):
        column, heading = heading[0].text, heading[1:]
    top = max(line.size for line in heading)
    titled = [i for i, line in enumerate(heading) if line.size >= top * 0.95]
    before, after = heading[: titled[0]], heading[titled[-1] + 1 :]
    title = heading[titled[0] : titled[-1] + 1]
    return (
        join_lines([line.text for line in before]),
        join_lines([line.text for line in title]),
        join_lines([line.text for line in after]),
        " ".join(closed_roles(line.text) for line in bylines),
        column,
    )


def _label(line: Line, rest: list[Line]) -> bool:
    """A column label: a short line on top of a headline group, in another size than the
    headline and set flush left rather than centred over it (基层动态, 科普园地)."""
    following = rest[0]
    if len(line.text) > LABEL_MAX or SUBTITLE_RE.match(following.text):
        return False
    if line.size > 1.3 * following.size:
        return False  # a short headline over its subtitle, not a label
    if abs(line.size - following.size) <= 0.05 * line.size:
        return False  # the same type: the first line of a headline that wraps
    centre = (line.box.x0 + line.box.x1) / 2
    following_centre = (following.box.x0 + following.box.x1) / 2
    words = sum(len(other.text) for other in rest if not SUBTITLE_RE.match(other.text))
    return abs(centre - following_centre) > line.size or words > 2 * len(line.text)


def _paragraphs(item: Item, style: Style) -> tuple[list[str], set[int], list[str]]:
    """The text's paragraphs, which are subheads, and bylines opening the text."""
    paragraphs: list[list[str]] = []
    subheads: set[int] = set()
    bylines: list[str] = []
    carry = False  # the last paragraph runs on into the next block
    for number, block in enumerate(item.blocks):
        lines = list(block.lines)
        if number == 0 and item.head is not None and _byline_block(item):
            # a block of its own: not a paragraph
            bylines.append(" ".join(closed_roles(line.text) for line in lines))
            continue
        text_lines = [line for line in lines if not style.bold(line)] or lines
        left = min(line.box.x0 for line in text_lines)
        right = _measure_right(text_lines)
        if number == 0 and item.head is not None:
            # a byline line of its own (not one that runs on into the text)
            while (
                len(lines) > 1
                and not paragraphs
                and is_byline(lines[0].text)
                and right - lines[0].box.x1 >= _SHORT * lines[0].size
            ):
                bylines.append(closed_roles(lines.pop(0).text))
        prev: Line | None = None
        for line in lines:
            bold = style.bold(line)
            indented = line.box.x0 - left >= _INDENT * line.size
            short_before = prev is not None and right - prev.box.x1 >= _SHORT * prev.size
            starts = (
                not paragraphs
                or indented
                or short_before
                or (prev is None and not carry)
                or (prev is not None and style.bold(prev) != bold)
                or (prev is None and bold)
            )
            if starts:
                paragraphs.append([line.text])
                if bold and len(block.lines) <= 3:
                    subheads.add(len(paragraphs) - 1)
            else:
                paragraphs[-1].append(line.text)
            prev = line
        carry = prev is not None and right - prev.box.x1 < _SHORT * prev.size
    return [join_lines(p) for p in paragraphs], subheads, bylines


def _byline_block(item: Item) -> bool:
    """The item's first block is its byline, with the text after it: a byline line (本报
    通讯员 张玮), and under it only more names (a team: 李明瑶 冀海鹰 马洵 …). Set apart
    under the headline, it is no paragraph. (A bare name there, 吕恒, stays the text's
    first line: references of this paper's archive print it so.)"""
    first = item.blocks[0]
    if len(item.blocks) < 2 or not is_byline(first.lines[0].text):
        return False
    return all(_names_only(line.text) for line in first.lines[1:])


_NAME_TOKEN_MAX = 4  # a Chinese name (two-character surname, two given)
_NAME_CLAUSE_MARKS = frozenset("，。；：、！？,.;:!?（）()“”")


def _names_only(text: str) -> bool:
    """A line of names set apart by spaces (玉素甫·吐尔公 黄娟 李雯), a name cut by the line
    end among them (崔汝 / 菲): no clause marks, no run longer than a name."""
    tokens = text.split()
    return bool(tokens) and all(
        not _NAME_CLAUSE_MARKS & set(token)
        and (
            len(token) <= _NAME_TOKEN_MAX
            or ("·" in token and len(token) <= 2 * _NAME_TOKEN_MAX + 1)
        )
        for token in tokens
    )


def _measure_right(lines: list[Line]) -> float:
    """Where the block's full lines end: justified text fills its measure, so most lines end
    at its right edge (the upper median); one line set a little wider (a Latin word, a
    hanging mark) does not make every other line of a block of several paragraphs short."""
    ends = sorted(line.box.x1 for line in lines)
    return ends[len(ends) // 2]


def join_lines(parts: list[str]) -> str:
    """Lines of one paragraph: Chinese runs on without a space; Latin words keep one."""
    text = ""
    for part in parts:
        if text and _word_char(text[-1]) and _word_char(part[:1]):
            text += " "
        text += part
    return text


def _word_char(char: str) -> bool:
    return bool(char) and char.isascii() and char.isalnum()


def _regions(item: Item) -> list[Box]:
    """Where the item is printed: its headline group and each of its blocks; for a photo,
    the picture and its caption."""
    blocks = list(item.blocks)
    if item.head is not None:
        blocks = [item.head, *item.head.group, *blocks]
    if item.picture is not None:
        blocks.insert(0, item.picture)
    return [Box(b.x0, b.top, b.x1, b.bottom) for b in blocks]
