"""Page furniture: the masthead, the date line, the page number and the page's running
header or footer — what a newspaper prints on every page around its articles.

An editor would describe furniture like this, and the rules follow that description:
- the date line names a full date, usually with the weekday (``2026年7月2日 星期四``);
- the page line names the page (``第1版``, ``第 4 版``), sometimes with the section name;
- the masthead is the paper's name standing alone (``中国气象报``, ``乌海日报``): a short run of
  characters ending in 报 (日报, 晚报, 时报 …) that is not a common noun (预报, 通报, 喜报 …);
- staff lines (``责任编辑：王五 版式：赵六``) name only desk jobs.
Extraction may put several of these on one line (``2026年7月16日 星期四 第4版 中国气象报``), so a
line is furniture when nothing is left once its furniture tokens are removed (a short
section name such as 要闻 may remain beside a date or page). Furniture never ends in
running punctuation and never carries a sentence, so body text is never taken for it.

What the furniture says (paper, date, page) is returned so that pages without metadata
from a manifest or their path can be filed; it never overrides those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from reader.layout.markers import chinese_number

_NUMBER = r"[0-9０-９]{1,3}|[一二三四五六七八九十百]{1,4}"
DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"(?:\s*(?:星期|周|礼拜)[一二三四五六日天])?"
    r"(?:\s*农历[\u4e00-\u9fff]{2,8})?"
)
WEEKDAY_RE = re.compile(r"(?:星期|礼拜)[一二三四五六日天]")
PAGE_RE = re.compile(rf"第\s*(?P<n>{_NUMBER})\s*版")
# 乌海日报, 中国气象报, 新民晚报, 环球时报: 2–8 characters and a paper's kind of 报.
MASTHEAD_RE = re.compile(r"[\u4e00-\u9fff]{1,8}(?:日报|晚报|早报|时报|商报|周报|报)")
# Words ending in 报 that are not newspapers (weather forecast, notice, report …).
_NOT_PAPERS = (
    "预报",
    "通报",
    "快报",
    "简报",
    "喜报",
    "捷报",
    "情报",
    "汇报",
    "举报",
    "警报",
    "电报",
    "海报",
    "申报",
    "上报",
    "填报",
    "公报",
    "回报",
    "播报",
    "年报",
    "月报",
    "画报",
    "学报",
    "墙报",
    "板报",
    "战报",
)
_STAFF_RE = re.compile(
    r"^(?:(?:本版)?(?:责任编辑|责编|编辑|美编|美术编辑|版式设计|版式|校对|组版|审校|制图|照排|主编)"
    r"\s*[：:]\s*[\u4e00-\u9fff·]{2,4}(?:[\s、]+[\u4e00-\u9fff·]{2,4})*\s*)+$"
)
# A section name printed beside the date or page number (要闻, 综合新闻, 气象科普).
_SECTION_LEFTOVER = 8
_SENTENCE_MARKS = "。，；：！？、,;:!?"


@dataclass(slots=True)
class Furniture:
    """What a page's furniture says, and which source lines it occupies."""

    newspaper: str | None = None
    date: date | None = None
    page: int | None = None
    lines: dict[int, str] = field(default_factory=dict)  # source line number → its text


def is_masthead(text: str) -> bool:
    """A paper's name standing alone: ``中国气象报``, ``乌海日报`` (not ``天气预报``)."""
    text = "".join(text.split())
    if not 3 <= len(text) <= 10 or not MASTHEAD_RE.fullmatch(text):
        return False
    return not any(text.endswith(word) for word in _NOT_PAPERS)


def _leftover(text: str) -> tuple[str, int, dict]:
    """The line without its furniture tokens, how many there were, and what they said."""
    said: dict = {}
    count = 0
    match = DATE_RE.search(text)
    if match:
        try:
            said["date"] = date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            match = None
    if match:
        text = text[: match.start()] + " " + text[match.end() :]
        count += 1 + bool(WEEKDAY_RE.search(match.group(0)))
    match = PAGE_RE.search(text)
    if match:
        number = chinese_number(match["n"])
        if number > 0:
            said["page"] = number
            text = text[: match.start()] + " " + text[match.end() :]
            count += 1
    tokens = text.split()
    kept = []
    for token in tokens:
        if count and is_masthead(token):
            said["newspaper"] = token
            count += 1
        else:
            kept.append(token)
    return " ".join(kept), count, said


def furniture_line(text: str, edge: bool) -> dict | None:
    """If the line is page furniture, what it says (maybe nothing); otherwise None.

    ``edge`` tells whether the line is among the first or last lines of the page, where a
    lone date is furniture; elsewhere a date needs its weekday or a page number beside it.
    """
    stripped = text.strip()
    if not stripped or len(stripped) > 60 or stripped[-1] in _SENTENCE_MARKS:
        return None
    stripped = stripped.replace("\u3000", " ").strip()
    if stripped[-1] == "报" and is_masthead(stripped):
        return {"newspaper": "".join(stripped.split())}
    if ("：" in stripped or ":" in stripped) and _STAFF_RE.match(stripped):
        return {}
    if "第" not in stripped and "年" not in stripped:
        return None  # fast path: no date and no page number
    rest, count, said = _leftover(stripped)
    if not said:
        return None
    if rest:
        if count < 2 or len(rest.replace(" ", "")) > _SECTION_LEFTOVER:
            return None
        if any(ch in _SENTENCE_MARKS or ch.isdigit() for ch in rest):
            return None
    if set(said) == {"date"} and count < 2 and not edge:
        return None
    return said


def read_furniture(text: str) -> Furniture:
    """Find the furniture lines of a page and what they say."""
    raw = text.split("\n")
    numbered = [(n, line) for n, line in enumerate(raw) if line.strip()]
    edges = {n for n, _ in numbered[:6]} | {n for n, _ in numbered[-6:]}
    found = Furniture()
    for number, line in numbered:
        said = furniture_line(line, number in edges)
        if said is None:
            continue
        found.lines[number] = line.strip()
        if found.newspaper is None and "newspaper" in said:
            found.newspaper = said["newspaper"]
        if found.date is None and "date" in said:
            found.date = said["date"]
        if found.page is None and "page" in said:
            found.page = said["page"]
    return found
