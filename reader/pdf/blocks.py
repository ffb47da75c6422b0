"""Blocks of a PDF page and the item each belongs to, from geometry alone.

A block is a run of lines set one under the other in one column, in one kind of type
(headline, text, caption), with no more than the leading between them. Items are found
the way a reader finds them on a broadsheet:
- a headline group (label, kicker, title, subtitle, byline set together) heads an item;
- the text under a headline, in the columns it spans, is that item's;
- a column's text goes on down the column until another headline starts there;
- text at the top of a column with nothing above it, or below wide white space, continues
  the item beside it on the left that starts at the same height (a headline set beside its
  text, or the next column of the same item).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from reader.layout.lines import SUBTITLE_RE, is_byline
from reader.layout.markers import Direction, find_markers
from reader.pdf.glyphs import Line

# A line set this much larger than the body text is a headline line.
HEADLINE_RATIO = 1.15
# Text this much smaller than the body is a caption.
CAPTION_RATIO = 0.97
# Font weights differ by at least this much between regular and bold faces.
_BOLD_STEP = 100
# Lines further apart than this share of their size are not one block.
_LEADING = 0.8
# White space above a block, in body sizes, that ends the text above it (between items).
_ITEM_GAP = 1.9
# A small headline stands at most this far (in body sizes) above its text.
_HEAD_TO_TEXT = 2.5
# … and at least this far (a subhead sits closer, in the text's own leading).
_OFF_TEXT = 0.8
# Text goes on from the block left of it across at most this gutter (in body sizes);
# a headline set beside its text may stand this far off.
_GUTTER = 4.0
_BESIDE = 10.0
# A byline or subtitle is set at most this far (in body sizes) under its headline.
_SET_UNDER = 2.5
# A paragraph's first line is set in by two characters (in body sizes, with some slack).
_INDENT_EMS = 2.5
# A column label (基层动态) is this short.
LABEL_MAX = 6
# Bold text at body size heads an item only if it is this short (lines).
_SMALL_HEAD_LINES = 3


class Kind(StrEnum):
    HEAD = "head"
    TEXT = "text"
    CAPTION = "caption"
    FIGURE = "figure"


@dataclass(slots=True)
class Style:
    """The page's body text: the size and face most of its characters are set in."""

    size: float
    weight: int
    font: str

    @classmethod
    def of(cls, lines: list[Line]) -> Style:
        counts: dict[tuple[float, int, str], int] = {}
        for line in lines:
            key = (round(line.size, 1), line.weight, line.font)
            counts[key] = counts.get(key, 0) + len(line.text)
        size, weight, font = max(counts, key=counts.__getitem__)
        return cls(size, weight, font)

    def heading(self, line: Line) -> bool:
        return line.size >= self.size * HEADLINE_RATIO

    def caption(self, line: Line) -> bool:
        """Smaller than the body and not bold (small bold type is a small headline)."""
        return 0 < line.size <= self.size * CAPTION_RATIO and not self.heavy(line)

    def heavy(self, line: Line) -> bool:
        return line.weight >= self.weight + _BOLD_STEP

    def bold(self, line: Line) -> bool:
        """Set heavier than the body, or at body size in another face (黑体 in 宋体 text)."""
        if line.is_figure or self.heading(line):
            return False
        if self.heavy(line):
            return True
        return line.font != self.font and not self.caption(line)

    def kind(self, line: Line) -> Kind:
        if line.is_figure:
            return Kind.FIGURE
        if self.heading(line):
            return Kind.HEAD
        if self.caption(line):
            return Kind.CAPTION
        return Kind.TEXT


@dataclass(slots=True, eq=False)
class Block:
    """Lines set together in one column, in one kind of type."""

    lines: list[Line]
    kind: Kind
    column: int = 0
    # the block heads an item (a headline group, or a small bold headline)
    heads: bool = False
    # a bold line at body size inside a text: a subhead, not a headline
    owner: Block | None = None
    group: list[Block] = field(default_factory=list)  # for a head: its label, byline …
    # for a head: the columns its item spans (a headline is centred over its item)
    span: tuple[float, float] | None = None

    # the block's box, kept as lines are added (read far more often than changed)
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0

    def __post_init__(self) -> None:
        boxes = [line.box for line in self.lines]
        self.x0 = min(box.x0 for box in boxes)
        self.top = min(box.top for box in boxes)
        self.x1 = max(box.x1 for box in boxes)
        self.bottom = max(box.bottom for box in boxes)

    def add(self, line: Line) -> None:
        self.lines.append(line)
        box = line.box
        self.x0, self.top = min(self.x0, box.x0), min(self.top, box.top)
        self.x1, self.bottom = max(self.x1, box.x1), max(self.bottom, box.bottom)

    def overlaps(self, other: Block) -> bool:
        """Side by side in x: one is above the other."""
        (a0, a1), (b0, b1) = self.reach, other.reach
        width = min(a1 - a0, b1 - b0)
        shared = min(a1, b1) - max(a0, b0)
        return shared > 0.3 * width

    @property
    def reach(self) -> tuple[float, float]:
        return self.span or (self.x0, self.x1)


def make_blocks(lines: list[Line], style: Style) -> list[Block]:
    """Lines grouped into blocks (see the module docstring)."""
    blocks: list[Block] = []
    open_blocks: list[Block] = []
    for line in sorted(lines, key=lambda line: (line.box.top, line.box.x0)):
        kind = style.kind(line)
        target = None
        for block in open_blocks:
            last = block.lines[-1]
            if block.kind is not kind or kind is Kind.FIGURE:
                continue
            if _bold_change(style, last, line):
                continue
            gap = line.box.top - last.box.bottom
            limit = _LEADING * max(line.size, last.size)
            shared = min(last.box.x1, line.box.x1) - max(last.box.x0, line.box.x0)
            narrow = min(last.box.x1 - last.box.x0, line.box.x1 - line.box.x0)
            if -0.5 * line.size < gap <= limit and (
                shared > 0.5 * narrow or _aligned(last, line, style)
            ):
                target = block
                break
        if target is None:
            target = Block([line], kind)
            blocks.append(target)
            open_blocks.append(target)
        else:
            target.add(line)
        # blocks that can no longer grow are closed, so the search stays short
        open_blocks = [
            b for b in open_blocks if line.box.top - b.lines[-1].box.bottom < 3 * style.size
        ]
    return blocks


def _aligned(last: Line, line: Line, style: Style) -> bool:
    """Two lines of one column start at its left edge, or one of them an indent (two
    characters) in: a paragraph's short last line (葱茏。) under its indented first line
    shares little width with it, yet it is the same column and the same text."""
    indent = _INDENT_EMS * max(last.size, line.size, style.size)
    return abs(line.box.x0 - last.box.x0) <= indent


def _bold_change(style: Style, last: Line, line: Line) -> bool:
    """A bold run at body size (a subhead, a small headline) is a block of its own."""
    return style.bold(last) != style.bold(line)


def number_columns(blocks: list[Block], style: Style) -> list[tuple[float, float]]:
    """Each block's column: the page's text columns are where text blocks start. Returns
    the columns (left, right)."""
    texts = [b for b in blocks if b.kind is Kind.TEXT and len(b.lines) >= 3]
    starts = sorted(b.x0 for b in texts)
    bands: list[float] = []
    for x in starts:
        if not bands or x - bands[-1] > 2 * style.size:
            bands.append(x)
    for block in blocks:
        block.column = sum(1 for band in bands if band <= block.x0 + style.size)
    widths = sorted(b.x1 - b.x0 for b in texts)
    width = widths[len(widths) // 2] if widths else 0.0
    return [(band, band + width) for band in bands]


def set_spans(
    heads: list[Block], blocks: list[Block], columns: list[tuple[float, float]], style: Style
) -> None:
    """The columns each headline's item spans. A headline set flush with a column's left
    edge spans from there to the first column that holds its end. A centred one is centred
    over its item: of the runs of whole columns it is centred in, the widest whose every
    column has text starting right under the headline, and no other headline beside it."""
    slack = style.size
    for head in heads:
        lines = [b for b in [head, *head.group] if b.kind is Kind.HEAD] or [head]
        x0, x1 = min(b.x0 for b in lines), max(b.x1 for b in lines)
        runs = [
            (left, right)
            for i, (left, _) in enumerate(columns)
            if left <= x0 + slack
            for _, right in columns[i:]
            if right >= x1 - slack
        ]
        flush = sorted((run for run in runs if abs(run[0] - x0) <= slack), key=lambda r: r[1])
        if flush:
            head.span = flush[0]
            continue
        centre = (x0 + x1) / 2
        centred = sorted(
            (run for run in runs if abs((run[0] + run[1]) / 2 - centre) <= 2 * slack),
            key=lambda run: run[1] - run[0],
        )
        if not centred:
            continue
        spanned = [
            run
            for run in centred
            if all(
                _opens_under(head, column, heads, blocks, style)
                for column in columns
                if run[0] <= column[0] and column[1] <= run[1]
            )
        ]
        head.span = spanned[-1] if spanned else centred[0]


def _opens_under(
    head: Block,
    column: tuple[float, float],
    heads: list[Block],
    blocks: list[Block],
    style: Style,
) -> bool:
    """A text starts in this column right under the headline, and no other headline
    stands in the column beside it."""
    bottom = max(b.bottom for b in [head, *head.group])
    left, right = column
    for other in heads:
        beside = other.x1 > left and other.x0 < right
        if other is not head and beside and other.top < bottom and other.bottom > head.top:
            return False
    reach = _HEAD_TO_TEXT * style.size + 1.2 * max(line.size for line in head.lines)
    return any(
        b.kind is not Kind.HEAD
        and left - style.size <= b.x0 < right
        and bottom - 1 <= b.top <= bottom + reach
        for b in blocks
    )


def find_heads(
    blocks: list[Block], style: Style, columns: list[tuple[float, float]]
) -> list[Block]:
    """Headline groups: headline blocks with the label, kicker, subtitle and byline set
    right against them; and short bold runs at body size that stand apart with their own
    text under them."""
    heads: list[Block] = []
    for block in sorted(blocks, key=lambda b: (b.top, b.x0)):
        if block.owner is not None:
            continue
        if block.kind is Kind.HEAD or _small_head(block, blocks, style):
            block.heads = True
            heads.append(block)
    # kicker, subtitle, label and byline join the headline they are set against
    for head in heads:
        if head.owner is not None:
            continue
        _gather(head, heads, blocks, style)
    heads = [head for head in heads if head.owner is None]
    set_spans(heads, blocks, columns, style)
    _place_subtitles(heads, blocks, style)
    _place_labels(heads, blocks, style)
    return [head for head in heads if head.owner is None]


def _place_labels(heads: list[Block], blocks: list[Block], style: Style) -> None:
    """A column label (一线传真, 基层动态: a few bold characters set flush left over a
    headline, often boxed) joins the headline right under it."""
    for block in blocks:
        if block.owner is not None or block.group or len(block.lines) != 1:
            continue
        if not _label_like(block, style):
            continue
        under = [
            head
            for head in heads
            if head is not block
            and 0 <= head.top - block.bottom < _SET_UNDER * style.size
            and head.reach[0] - style.size <= block.x0 < head.reach[1]
        ]
        if under:
            head = min(under, key=lambda head: head.top)
            block.owner = head
            block.heads = False
            head.group.append(block)
    heads[:] = [head for head in heads if head.heads]


def _place_subtitles(heads: list[Block], blocks: list[Block], style: Style) -> None:
    """A ——subtitle or a byline set apart (flush right or flush left under a headline
    that spans several columns) joins the nearest headline right above it. A ——subtitle
    set in a size of its own was taken for a headline: it never heads an item (a line
    opening with —— goes on from the headline over it), so it joins one too."""
    for block in blocks:
        if block.owner is not None or (block.heads and not _subtitle(block)):
            continue
        if not (_subtitle(block) or (len(block.lines) <= 2 and is_byline(block.lines[0].text))):
            continue
        near = {
            id(head): (_apart(head, block), block.top - bottom, head)
            for head in heads
            if head is not block and head.owner is None
            for bottom in [max(m.bottom for m in [head, *head.group])]
            if -1 <= block.top - bottom < _SET_UNDER * style.size
        }
        if not near:
            continue
        head = min(near.values(), key=lambda found: found[:2])[2]
        block.owner = head
        block.heads = False
        head.group.append(block)


def _gather(head: Block, heads: list[Block], blocks: list[Block], style: Style) -> None:
    changed = True
    while changed:
        changed = False
        members = [head, *head.group]
        for block in blocks:
            if block is head or block in head.group or block.owner is not None:
                continue
            if not any(_against(member, block, style) for member in members):
                continue
            if block.heads or _head_companion(block, style):
                block.owner = head
                block.heads = False
                head.group.append(block)
                changed = True


def _apart(a: Block, b: Block) -> float:
    """Horizontal white space between two blocks (0 when one is over the other), a
    headline taken across the columns of its item."""
    (a0, a1), (b0, b1) = a.reach, b.reach
    return max(0.0, max(a0, b0) - min(a1, b1))


def _against(a: Block, b: Block, style: Style) -> bool:
    """Set directly above or below each other, close; or, for a headline's own lines
    (a second line set off to one side, a ——subtitle flush right), close and touching
    at a corner."""
    gap = b.top - a.bottom if b.top >= a.top else a.top - b.bottom
    if a.overlaps(b) or b.overlaps(a):
        return -1 <= gap < 1.5 * style.size
    if b.kind is not Kind.HEAD:
        return False
    beside = max(a.x0, b.x0) - min(a.x1, b.x1)
    return -1 <= gap < 1.5 * style.size and beside < style.size


def _byline(block: Block) -> bool:
    return len(block.lines) <= 2 and is_byline(block.lines[0].text)


def _subtitle(block: Block) -> bool:
    return len(block.lines) <= 2 and bool(SUBTITLE_RE.match(block.lines[0].text))


def _head_companion(block: Block, style: Style) -> bool:
    """A byline, a ——subtitle or a column label set against a headline."""
    if len(block.lines) > 2:
        return False
    text = "".join(line.text for line in block.lines)
    if block.kind is Kind.HEAD:
        return True
    return is_byline(text) or bool(SUBTITLE_RE.match(text))


def _small_head(block: Block, blocks: list[Block], style: Style) -> bool:
    """A short bold run at body size with white space above and its own text below."""
    if block.kind is not Kind.TEXT or len(block.lines) > _SMALL_HEAD_LINES:
        return False
    if not all(style.bold(line) for line in block.lines):
        return False
    if is_byline(block.lines[0].text) or _subtitle(block):
        return False
    below = _nearest(block, blocks, above=False)
    if below is None:
        return False
    # a headline is set off from its text (or its byline); a subhead sits on its text, in
    # the text's own leading
    if not _OFF_TEXT * style.size <= below.top - block.bottom <= _HEAD_TO_TEXT * style.size:
        return False
    if _byline(below):
        below = _nearest(below, blocks, above=False)
    if below is None or below.kind is not Kind.TEXT or style.bold(below.lines[0]):
        return False
    above = _nearest(block, blocks, above=True)
    return (
        above is None
        or _label_like(above, style)
        or block.top - above.bottom >= _ITEM_GAP * style.size
    )


def _label_like(block: Block, style: Style) -> bool:
    """One short line in headline or bold type: a column label (短评, 基层动态)."""
    if len(block.lines) != 1 or len(block.lines[0].text) > LABEL_MAX:
        return False
    line = block.lines[0]
    return style.heading(line) or style.bold(line)


def _nearest(block: Block, blocks: list[Block], above: bool) -> Block | None:
    """The nearest block directly above (or below) in the same column; of two at the same
    height, the one more squarely over it (a headline's own column before one its item
    only spans)."""
    best, best_key = None, None
    for other in blocks:
        if other is block or not (other.overlaps(block) or block.overlaps(other)):
            continue
        if above and other.bottom <= block.top + 1:
            distance = block.top - other.bottom
        elif not above and other.top >= block.bottom - 1:
            distance = other.top - block.bottom
        else:
            continue
        shared = min(other.x1, block.x1) - max(other.x0, block.x0)
        key = (round(distance), -shared)
        if best_key is None or key < best_key:
            best, best_key = other, key
    return best


def assign_owners(blocks: list[Block], heads: list[Block], style: Style) -> None:
    """Every block not in a headline group gets the head of its item (or None: text no
    headline claims)."""
    resolved: dict[int, Block | None] = {id(head): head for head in heads}
    for head in heads:
        for member in head.group:
            resolved[id(member)] = head
    for block in sorted(blocks, key=lambda b: (b.x0, b.top)):
        block.owner = _owner(block, blocks, style, resolved)
    # a line set over a text (本报评论员) belongs to the text right under it
    for block in sorted(blocks, key=lambda b: -b.top):
        if block.owner is None and block.kind is Kind.TEXT and not block.heads:
            below = _nearest(block, blocks, above=False)
            if below is not None and below.top - block.bottom < 1.5 * style.size:
                block.owner = below.owner


def _owner(
    block: Block, blocks: list[Block], style: Style, resolved: dict[int, Block | None]
) -> Block | None:
    if id(block) in resolved:
        return resolved[id(block)]
    resolved[id(block)] = None  # guards against cycles while it is worked out
    above = _nearest(block, blocks, above=True)
    if above is not None and block.kind is Kind.TEXT and _jumped_in(block):
        head = resolved.get(id(above))
        if not (above.heads or (head is not None and above in head.group)):
            above = None  # the rest of a story from another page never goes on from text
    left = _left_neighbour(block, blocks, style)
    gap = _gap_below(above, block) if above is not None else float("inf")
    owner = None
    if above is not None and gap < _reach(above, style):
        owner = _owner(above, blocks, style, resolved)
    elif left is not None:
        owner = _owner(left, blocks, style, resolved)
    if owner is None:
        right = _right_neighbour(block, blocks, style)
        if right is not None:
            owner = _owner(right, blocks, style, resolved)
    if owner is None and above is not None:
        owner = _owner(above, blocks, style, resolved)
    resolved[id(block)] = owner
    return owner


def _jumped_in(block: Block) -> bool:
    """Text that opens with 上接第N版 is the rest of a story printed on another page: it
    does not go on from the text above it in the column (a headline over it still heads it:
    papers repeat a continued story's headline)."""
    opening = block.lines[0].text[:12]
    return any(
        marker.direction is Direction.CONTINUED_FROM and marker.start == 0
        for marker in find_markers(opening)
    )


def _gap_below(above: Block, block: Block) -> float:
    """White space between a block and the one above it; under a headline, between it and
    the lowest line of the headline's group (its byline, its subtitle)."""
    head = above if above.heads else above.owner if _in_group(above) else None
    if head is None:
        return block.top - above.bottom
    bottoms = [m.bottom for m in [head, *head.group] if m.bottom <= block.top + 1]
    return block.top - max(bottoms, default=above.bottom)


def _in_group(block: Block) -> bool:
    return block.owner is not None and block in block.owner.group


def _reach(above: Block, style: Style) -> float:
    """How far below a block its item's text may start: the space between items, or more
    under a headline (set with space around it in proportion to its size)."""
    reach = _ITEM_GAP * style.size
    if above.heads or _in_group(above):
        reach = max(
            _HEAD_TO_TEXT * style.size, 1.2 * max(line.size for line in above.lines) + style.size
        )
    return reach


def _right_neighbour(block: Block, blocks: list[Block], style: Style) -> Block | None:
    """The text block just right of this one, level with its top (see ``_owner``)."""
    best = None
    for other in blocks:
        if other.x0 < block.x1 - 1 or other.kind is not Kind.TEXT:
            continue
        if abs(other.top - block.top) > 2 * style.size:
            continue
        if other.x0 - block.x1 > _GUTTER * style.size:
            continue
        if best is None or other.x0 < best.x0:
            best = other
    return best


def _left_neighbour(block: Block, blocks: list[Block], style: Style) -> Block | None:
    """The block just left of this one that is level with its top: the item this text
    goes on from, when nothing above it in its column does."""
    best = None
    for other in blocks:
        if other.kind is Kind.CAPTION or other.x0 > block.x0 - style.size:
            continue
        # a headline beside its text may reach a little into the text's column
        overreach = 0.3 * (block.x1 - block.x0) if other.heads else 1.0
        if other.x1 > block.x0 + overreach:
            continue
        # the next column of an item starts level with the one before it; a headline set
        # beside its text may stand a little lower or higher
        if other.heads:
            if not other.top - 2 * style.size <= block.top <= other.bottom + style.size:
                continue
        elif abs(other.top - block.top) > 2 * style.size:
            continue
        # text goes on across a gutter; a headline beside its text may stand further off
        if block.x0 - other.x1 > (_BESIDE if other.heads else _GUTTER) * style.size:
            continue
        if best is None or other.x1 > best.x1:
            best = other
    return best
