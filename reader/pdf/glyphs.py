"""Characters of a PDF page with where and how they are printed, grouped into lines.

pdfium gives every character its box, font size, weight and font; it also inserts the
line breaks it infers (``IsGenerated``). A printed line is a run of characters on one
baseline, in one style, without a gap wider than a character or two: that is what a
reader sees as one line, and it never spans a column gutter.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from reader.model import Box

# A gap wider than this many character sizes separates two lines on one baseline
# (a column gutter, or two headlines side by side).
_GUTTER = 1.2
# Two characters are on one baseline when their baselines differ by less than this share
# of the font size.
_BASELINE = 0.3
# Sizes differing by less than this share are one style (rounding in the PDF).
_SAME_SIZE = 0.08


@dataclass(slots=True)
class Glyph:
    """One printed character."""

    char: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    weight: int
    font: str
    baseline: float


@dataclass(slots=True)
class Line:
    """A printed line: its text, box and style (size, weight and font of most characters)."""

    glyphs: list[Glyph]
    size: float = 0.0
    weight: int = 0
    font: str = ""
    box: Box = field(default_factory=lambda: Box(0, 0, 0, 0))

    def __post_init__(self) -> None:
        if self.glyphs:
            self._measure()

    @classmethod
    def figure(cls, box: Box) -> Line:
        """A photo or frame: no text, but printed space that no cut may cross."""
        return cls([], box=box)

    @property
    def is_figure(self) -> bool:
        return not self.glyphs

    def _measure(self) -> None:
        visible = [g for g in self.glyphs if not g.char.isspace()] or self.glyphs
        sizes = sorted(g.size for g in visible)
        self.size = sizes[len(sizes) // 2]
        styles: dict[tuple[int, str], int] = {}
        x0, top, x1, bottom = visible[0].x0, visible[0].top, visible[0].x1, visible[0].bottom
        for g in visible:
            key = (g.weight, g.font)
            styles[key] = styles.get(key, 0) + 1
            x0, top = min(x0, g.x0), min(top, g.top)
            x1, bottom = max(x1, g.x1), max(bottom, g.bottom)
        self.weight, self.font = max(styles, key=styles.__getitem__)
        self.box = Box(x0, top, x1, bottom)

    @property
    def text(self) -> str:
        return unspaced("".join(g.char for g in self.glyphs).strip())

    @property
    def height(self) -> float:
        return self.box.bottom - self.box.top

    def extend(self, other: Line) -> None:
        self.glyphs.extend(other.glyphs)
        self._measure()


# FPDFText_GetTextObject answering with the object's address (a plain int), so it can key
# a dict without a cast per character.
_text_object = ctypes.cast(
    pdfium_c.FPDFText_GetTextObject,
    ctypes.CFUNCTYPE(ctypes.c_void_p, pdfium_c.FPDF_TEXTPAGE, ctypes.c_int),
)


def page_glyphs(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> list[Glyph | None]:
    """The page's characters in pdfium's order; None where pdfium broke a line."""
    height = page.get_height()
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    text = textpage.get_text_range(0, count) if count > 0 else ""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    # every character of one text object has its font and size: asked once per object
    styles: dict[int, tuple[float, int, str]] = {}
    glyphs: list[Glyph | None] = []
    for index in range(count):
        char = text[index] if index < len(text) else chr(pdfium_c.FPDFText_GetUnicode(raw, index))
        if char in "\r\n":  # a line break pdfium inferred
            if glyphs and glyphs[-1] is not None:
                glyphs.append(None)
            continue
        if not pdfium_c.FPDFText_GetCharBox(raw, index, left, right, bottom, top):
            continue
        pdfium_c.FPDFText_GetCharOrigin(raw, index, origin_x, origin_y)
        style = styles.get(_text_object(raw, index) or 0)
        if style is None:
            pdfium_c.FPDFText_GetFontInfo(raw, index, name, len(name), flags)
            style = styles[_text_object(raw, index) or 0] = (
                float(pdfium_c.FPDFText_GetFontSize(raw, index)),
                int(pdfium_c.FPDFText_GetFontWeight(raw, index)),
                name.value.decode("utf-8", "replace"),
            )
        size, weight, font = style
        glyphs.append(
            Glyph(
                char,
                left.value,
                height - top.value,
                right.value,
                height - bottom.value,
                size,
                weight,
                font,
                height - origin_y.value,
            )
        )
    return glyphs


# A drawing smaller than this (in points) either way is a rule or an ornament, not a photo.
_FIGURE_MIN = 24.0
# A drawing over this share of the page is a page frame, not one item's.
_FIGURE_MAX_SHARE = 0.4


def page_figures(page: pdfium.PdfPage) -> list[Line]:
    """Photos and frames on the page (images and drawn boxes large enough to hold one)."""
    width, height = page.get_size()
    figures = []
    for obj in page.get_objects(max_depth=1):
        if obj.type not in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH):
            continue
        left, bottom, right, top = obj.get_bounds()
        left, right = max(left, 0.0), min(right, width)
        top_y, bottom_y = max(height - top, 0.0), min(height - bottom, height)
        w, h = right - left, bottom_y - top_y
        if w < _FIGURE_MIN or h < _FIGURE_MIN or w * h > _FIGURE_MAX_SHARE * width * height:
            continue
        figures.append(Line.figure(Box(left, top_y, right, bottom_y)))
    return figures


# Credit lines, where two-character names are padded to three with a space (王 超 李 明):
# those spaces part names and stay.
_NAMES_PADDED = ("记者", "通讯员", "摄", "编辑", "作者", "文/", "图/", "文／", "图／")


def unspaced(text: str) -> str:
    """A letter-spaced line without the spaces pdfium reads into its wide tracking.

    Chinese text puts no spaces between characters; a short line justified to its column,
    or a heading set with tracking, comes out of pdfium as 保 护 修 复 治 理 2 个 项 目.
    A line whose words are mostly single characters, three or more of them, is such a
    line: its spaces go, except between Latin words. A headline's one space between its
    two parts (构筑生态屏障 矢志向绿而行) is no such line and stays.
    """
    words = text.split(" ")
    singles = sum(1 for word in words if len(word) == 1)
    if singles < 3 or 2 * singles < len(words) or any(m in text for m in _NAMES_PADDED):
        return text
    out = words[0]
    for word in words[1:]:
        if not word:
            continue
        latin = (
            out[-1:].isascii() and out[-1:].isalpha() and word[0].isascii() and word[0].isalpha()
        )
        out += (" " if latin else "") + word
    return out


def build_lines(glyphs: list[Glyph | None]) -> list[Line]:
    """Printed lines: runs of characters broken where pdfium broke them, where the next
    character leaves the baseline, changes style, or lies beyond a gutter."""
    lines: list[Line] = []
    run: list[Glyph] = []
    last: Glyph | None = None  # the run's last character that is not a space
    pdfium_break = False
    for glyph in glyphs:
        if glyph is None:
            pdfium_break = True
            continue
        if last is None:
            broken = pdfium_break
        else:
            broken = not _goes_on(last, glyph) if pdfium_break else _breaks(last, glyph)
        if broken:
            _close(run, lines)
            run, last = [], None
        pdfium_break = False
        run.append(glyph)
        if not glyph.char.isspace():
            last = glyph
    _close(run, lines)
    return lines


def _goes_on(last: Glyph, glyph: Glyph) -> bool:
    """A line pdfium broke goes on only where pdfium mistook the white space inside a
    full-width punctuation mark's own em for a gap: the next character, on the same
    baseline in the same type, starts where that em ends (“12345”：服务 is one headline).
    Any other break pdfium made holds: columns set close together stay apart."""
    if glyph.char.isspace() or last.char not in _FULL_WIDTH_MARKS or glyph.font != last.font:
        return False
    if _breaks(last, glyph):
        return False
    return abs(glyph.x0 - (last.x0 + last.size)) <= 0.25 * last.size


# Punctuation a Chinese face sets in a whole em, its ink at one side of it.
_FULL_WIDTH_MARKS = frozenset("“”‘’：；，。、！？（）《》〈〉「」『』【】")


def _breaks(last: Glyph, glyph: Glyph) -> bool:
    if glyph.char.isspace():
        return False
    size = max(last.size, glyph.size, 1.0)
    if abs(glyph.size - last.size) > _SAME_SIZE * size:
        return True
    if abs(glyph.baseline - last.baseline) > _BASELINE * size:
        return True
    gap = glyph.x0 - _advance_end(last)
    return gap > _GUTTER * size or glyph.x0 - last.x1 < -0.5 * size


def _advance_end(glyph: Glyph) -> float:
    """Where a character's advance ends: a full-width character (汉字, ，。, and the curly
    quotes a Chinese face sets in a whole em: “) takes a whole em whatever its ink covers,
    so a full stop's small box, or an opening quote's, is no gap after it."""
    if ord(glyph.char) >= 0x2E80 or glyph.char in _FULL_WIDTH_MARKS:
        return max(glyph.x1, glyph.x0 + glyph.size)
    return glyph.x1


def _close(run: list[Glyph], lines: list[Line]) -> None:
    while run and run[-1].char.isspace():
        run.pop()
    while run and run[0].char.isspace():
        run.pop(0)
    if run:
        lines.append(Line(run))
