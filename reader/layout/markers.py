"""Continuation markers: （下转第四版） … （上接第1版） in every spelling newspapers use.

A marker is always bracketed and always names a page (版); that is what separates it from
prose such as ``上接天线、下接地气`` or ``从线下转向线上``. Extraction wraps a marker like any
text (``…检修。（`` / ``下转第四版）``): ``cut_marker`` finds one cut by a line break, and the
line rules read the two lines as one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

_NUMBER = r"[0-9０-９]{1,3}|[零〇一二两三四五六七八九十百]{1,4}"
MARKER_RE = re.compile(
    rf"[（(]\s*(?P<verb>下转|上接|紧接|续接|转|接|续)\s*(?:第\s*)?(?P<num>{_NUMBER})\s*"
    rf"(?:版|页|面)\s*(?:[上下]?)\s*[）)]"
)


class Direction(StrEnum):
    """下转 points forward to where the text goes on; 上接 back to where it came from."""

    CONTINUES_TO = "continues_to"
    CONTINUED_FROM = "continued_from"


@dataclass(frozen=True, slots=True)
class Marker:
    """One marker found in a line: direction, target page, and its span in the line."""

    direction: Direction
    page: int
    start: int
    end: int


def chinese_number(text: str) -> int:
    """Parse 1–999 written as Arabic (also full-width) or Chinese numerals (四, 十二, 二十)."""
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


def find_markers(line: str) -> list[Marker]:
    """All continuation markers in a line, left to right."""
    markers = []
    for match in MARKER_RE.finditer(line):
        verb = match.group("verb")
        direction = Direction.CONTINUES_TO if verb in ("下转", "转") else Direction.CONTINUED_FROM
        page = chinese_number(match.group("num"))
        if page > 0:
            markers.append(Marker(direction, page, match.start(), match.end()))
    return markers


# How far from a line's end a marker cut by the line break may open: （下转第十二
_TAIL = 8


def cut_marker(line: str, below: str) -> int:
    """Where a marker cut by a line break (``…检修。（`` / ``下转第四版）``) opens in ``line``,
    if ``below`` (the next line, stripped) completes it; -1 if it does not.

    Extraction wraps a marker like any other text; cut, neither piece reads as a marker,
    and the ``（`` left at the paragraph's end made the rest look like a signature."""
    start = max(0, len(line) - _TAIL)
    opening = max(line.rfind("（", start), line.rfind("(", start))
    if opening < 0 or ("版" not in below[:_TAIL] and "页" not in below[:_TAIL]):
        return -1
    tail = line[opening:]
    if ")" in tail or "）" in tail:
        return -1
    joined = MARKER_RE.match(tail + below)
    return opening if joined is not None and joined.end() > len(tail) else -1


def strip_markers(line: str) -> tuple[str, list[Marker]]:
    """The line without its markers, and the markers it had."""
    if "版" not in line and "页" not in line and "面" not in line:
        return line, []  # fast path: most lines name no page
    markers = find_markers(line)
    if not markers:
        return line, []
    pieces, last = [], 0
    for marker in markers:
        pieces.append(line[last : marker.start])
        last = marker.end
    pieces.append(line[last:])
    return "".join(pieces).strip(), markers
