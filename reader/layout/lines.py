"""Line roles: what each printed line of a page is (body, headline, byline, credit, notice…).

The rules read the *shape* of PDF-extracted text, measured against the page's own habits,
and combine several kinds of evidence rather than trusting any one:
- body lines are hard-wrapped at a column width, so a line that flows on is about as wide
  as its neighbours (the column width is the median of nearby full lines; first lines of
  paragraphs are two characters shorter: the indent);
- extractors differ in blank lines: some print every text box apart, some none at all. The
  page's habit is estimated from the page (``blank_habit``: the share of plain paragraph ends
  followed by a blank line), and a missing blank line is evidence only where blanks are usual;
- a headline does not end in running punctuation, is not a sentence (no 。), follows finished
  text (a sentence end, or a bracketed note set after one: （来源：…）, （完）, a signature),
  and is set apart from the column: by width, by standing alone, or by what lies under it —
  a byline (本报记者 …, 经济日报记者 …), a subtitle (——…), a dateline (本报讯 …), an indented
  first line of text, or a （上接第N版） fragment repeating it;
- the line after a byline is text: the byline stands between a headline and its article
  (unless the extractor took the byline's box first: a short line alone between blank
  lines, with no punctuation, over a paragraph's indented opening is the headline);
  a team byline may name a dozen reporters on one line;
- a line running in clauses that stops in mid-word, the word going on in the text line
  after it (财政承|担, jieba), is running text, never a headline; so is a line of no
  clauses that fills the column's measure right under the line above it and breaks its
  word onto the text below (…等工|程建设); and so is a line running in clauses that ends
  on a lone character a text box of the page completes, opening with a full line, to a
  word the page prints (三类：崩 | … | 塌、滑坡…: 崩塌): no box opens in mid-word but the
  rest of a broken sentence;
- where blank lines are rare, a question that opens a text box (a blank line above it) and
  sits on a paragraph's indented opening is that box's headline; so is one standing alone
  between two blank lines after finished text, whatever the extractor's habit;
- a line standing alone between blank lines, with no sentence in it, right over a headline
  set on its byline or dateline is a headline too (two heads one under the other): a
  paragraph's last line ends its sentence;
- a line with an article's apparatus under it — a ``——`` subtitle then a byline, or, for a
  line (or two: a headline wrapped) set apart with no clauses, a byline with text after
  it or a dateline — is a headline even after
  text that stops in mid-sentence: that text goes on elsewhere;
- a headline may wrap: unfinished lines directly above a headline line set on a dateline,
  byline or subtitle, back to finished text, are the same headline;
- an indented line (two characters short) followed by the rest of its paragraph — full text
  flowing on, or a short line ending the sentence — is a paragraph broken by a column or a
  text box, never a headline; but a paragraph's rest never stands on a byline (glued, or
  one blank line below where the extractor sets every box apart): then both are headlines;
- curly quotes take half a character in some papers and a whole one in others: the width
  that makes full lines with quotes as wide as those without is the page's own;
- no body line is wider than its column: a line after finished text set clearly wider than
  the column around it, made of no clauses (no comma or semicolon inside), is a headline;
- a bracketed note on a line of its own (（李悦）, （来源：…）, or either end of one wrapped) is
  the signature or source of the text above, never a headline;
- justified text fills its measure (only a paragraph's last line, which ends a sentence,
  and its indented first line are shorter): where blank lines are rare, one or two lines
  after a break, clearly shorter than the column, without punctuation and set apart, are a
  headline even after a line that stops in mid-sentence; a headline set between a broken
  sentence and the line that goes on with it is printed beside the text (an inset), and
  the text runs on past it; where blank lines are common, a line alone in its box that the
  sentence runs past (its word goes on across it: …古 | 器物里的秋声 | 人…, 古人 a word
  of the page) is such an inset too;
- a run of three or more lines each no wider than half the page's column, with no
  sentence end or clause break at their ends, is a headline set in a narrow box (body
  text fills its column; only a paragraph's last line is short); a closing dash leading
  to the subtitle (越下越大？——) is set narrow or hangs past the box's edge;
- a box of two or three lines between blank lines, each clearly shorter than the column
  and none with any punctuation, is no part of a paragraph (justified text fills its
  measure): it is a headline, even set between the halves of a broken sentence (an inset
  beside the text); a comma closing a line of the box other than its last is where a
  headline of two phrases was broken (防护全方位，| 从容赴山野);
- a box of one to three lines between blank lines, each clearly wider than the column
  and of no clauses, is a headline even right after text that stops in mid-sentence (the
  sentence goes on past it);
- where blank lines are rare, a line opening a box (a blank line above it), of no clauses
  and ending no sentence, glued onto a paragraph's indented first line is its headline
  however narrow: text that ends no sentence is never followed by a new paragraph; so is
  one glued onto a paragraph of one line (indented, ending its sentence, the next
  paragraph's indented opening under it);
- where blank lines are rare, a line alone between two of them after text that stops in
  mid-sentence, of no clauses, is a headline set beside the text when it cannot go on with
  the sentence: clearly shorter than the column without ending a sentence, or a line the
  sentence's word runs past (服务发 | headline | 展全局);
- an indented line before a break is a paragraph going on only if what follows the break
  can be its rest: a line that stands alone unfinished and without clauses is not (two
  headlines in a row); an indented line running in clauses opens a paragraph;
- extractors that print columns one after another (pdftotext) may set the rest of a
  sentence broken at a column's foot after another column: ``untangle_columns`` moves the
  run whose words join the broken line (a word across the break, jieba) and whose
  vocabulary goes on with the text up to it, when the run printed next does not join.
Page furniture (masthead, date line, 第N版) is found first (``furniture``) and left out.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise
from statistics import median

from reader.layout.markers import MARKER_RE, Direction, Marker, cut_marker, strip_markers
from reader.layout.text import BODY_END, bigram_set, ends_sentence, is_cjk, visual_width


class Role(StrEnum):
    BODY = "body"
    HEADLINE = "headline"
    SUBTITLE = "subtitle"
    BYLINE = "byline"
    CREDIT = "credit"
    NOTICE = "notice"
    MARKER = "marker"


# The roles as plain names: Python 3.11 finds an enum's members through a slow attribute
# hook (``Role.BODY`` costs ~8x a plain name), and the line rules compare roles hundreds of
# thousands of times per run.
_BODY, _HEADLINE, _SUBTITLE = Role.BODY, Role.HEADLINE, Role.SUBTITLE
_BYLINE, _CREDIT, _NOTICE, _MARKER = Role.BYLINE, Role.CREDIT, Role.NOTICE, Role.MARKER


_NAME = r"[\u4e00-\u9fff·]{2,5}"
# The conventions below in either script: papers in traditional characters (Hong Kong,
# Taiwan, overseas editions) print 本報訊（記者 X）, 新華社…電, （X 攝） the same way.
# 本报, 新华社, 经济日报, 人民网, 央视: whoever employs the reporter (any paper, agency, station).
# (电视台 and 广播电台 end in 台 too)
_AGENCY = r"(?:本[报報]|[\u4e00-\u9fff]{1,8}?(?:[报報]|社|[台臺]|[网網]))"
_REPORTER = (
    r"(?:特[约約]|[见見][习習]|[实實][习習]|首席|[驻駐][\u4e00-\u9fff]{1,4})?"
    r"(?:[记記]者|[通][讯訊][员員]|[评評][论論][员員]|撰稿人)"
)
_BULLET = r"[■●▲◆□◇○△]"
BYLINE_RE = re.compile(
    rf"^{_BULLET}?\s*{_AGENCY}?{_REPORTER}(?:[\s、]*{_NAME})*"
    rf"(?:[\s、]+(?:{_AGENCY}?{_REPORTER})?(?:[\s、]*{_NAME})+)*$"
)
# A feature's team byline may name a dozen reporters on one line (本报记者 王畅 董灵汝 …).
_MAX_BYLINE = 100
_SHORT_BYLINE = 40
_BARE_REPORTER_RE = re.compile(rf"^{_BULLET}?\s*{_REPORTER}")
_AGENCY_START_RE = re.compile(
    rf"^{_BULLET}?\s*{_AGENCY}(?:特[约約]|[见見][习習]|[实實][习習]|首席|[记記]者|[通][讯訊][员員]|[评評][论論][员員])"
)
_CJK_GAP_RE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


def squash_cjk_spaces(text: str) -> str:
    """``本报通讯 员 李辉`` → ``本报通讯员李辉``: spaces between ideographs closed up."""
    return _CJK_GAP_RE.sub("", text)


def is_byline(text: str) -> bool:
    """``本报记者 王五`` / ``经济日报记者 刘洋`` / ``记者 王五 李四``, never a line of prose.

    Without a paper or agency in front, the names must stand apart (记者 王五 李四): a
    wrapped body line such as ``记者攥着手机`` otherwise reads the same.
    """
    if len(text) > _MAX_BYLINE or not (
        "记者" in text or "通讯" in text or "评论员" in text or "撰稿" in text
    ):
        return False  # fast path: most lines name no reporter
    if len(text) > _SHORT_BYLINE and max(map(len, text.replace("、", " ").split())) > 8:
        return False  # a long byline names people apart; a long run of text is prose
    if not BYLINE_RE.match(text):
        # extraction may space out a word (本报通讯 员 李辉): a paper or agency in front makes
        # the closed-up line safe to read
        closed = squash_cjk_spaces(text)
        return (
            closed != text
            and _AGENCY_START_RE.match(closed) is not None
            and bool(BYLINE_RE.match(closed))
        )
    bare = _BARE_REPORTER_RE.match(text)
    if bare is None:
        return True
    rest = text[bare.end() :]
    names = rest.replace("、", " ").split()
    return not rest or (rest[0].isspace() and all(len(name) <= 4 for name in names))


# Reporters named in a dateline: 本报讯（记者 X）/ 本报讯 记者 X 报道 / 本报北京电（记者 X、Y）.
DATELINE_BYLINE_RE = re.compile(
    rf"^\s*(?:{_AGENCY}[讯訊]|{_AGENCY}[^，。\s（(]{{0,12}}?[电電]|{_AGENCY})\s*"
    rf"(?:[（(]\s*(?P<paren>{_REPORTER}[^（）()]{{1,40}}?)\s*[）)]"
    rf"|(?P<plain>{_REPORTER}[\u4e00-\u9fff·\s、]{{2,40}}?)\s*[报報]\s*道)"
)
_CREDIT_NAME = r"[\u4e00-\u9fff·]{2,12}"
# 图/文 王翔 (photo and words by one person), 图/李信君 文/王小宁, 文/谢杏莹 图/杜莞榕, 摄影/X.
_SLASH_CREDIT = (
    rf"(?:(?:[图圖]\s*/\s*文|文\s*/\s*[图圖])\s*{_CREDIT_NAME}"
    rf"|(?:[图圖]|[摄攝]影|[摄攝])\s*/\s*{_CREDIT_NAME}(?:\s*文\s*/\s*{_CREDIT_NAME})?"
    rf"|文\s*/\s*{_CREDIT_NAME}\s*(?:[图圖]|[摄攝]影)\s*/\s*{_CREDIT_NAME})"
)
CREDIT_RE = re.compile(
    rf"^{_BULLET}?\s*(?:(?:{_AGENCY}?(?:[记記]者|通[讯訊][员員])\s*)?{_NAME}(?:[\s、]+{_NAME})*\s*"
    rf"(?:[摄攝]影|[摄攝]|文/[图圖]|[图圖]/文|供[图圖])|{_SLASH_CREDIT})$"
)
# The same credits closing a caption paragraph.
SLASH_CREDIT_RE = re.compile(rf"{_SLASH_CREDIT}$")
NOTICE_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z]{2,12}[：:]\s*[^，。,]+$")
SUBTITLE_RE = re.compile(r"^(?:——|－－|--)\s*\S")
MARKDOWN_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*)$")
# 本报讯 / 本报北京6月1日电 / 新华社阿斯塔纳6月16日电: the opening of a news article.
DATELINE_RE = re.compile(
    r"本[报報][讯訊]|本[报報][^，。\s]{0,12}?[电讯電訊](?=\s|（|\(|$)|"
    r"[\u4e00-\u9fff]{1,6}社[^，。]{0,12}?\d{1,2}月\s*\d{1,2}日\s*[电電]"
)


def _dateline_opens(text: str) -> bool:
    """Is there a dateline in the text's first 40 characters (a news article opens)?
    Asked of most lines, many times: the pattern is searched only where the characters
    every dateline has are there (本报; or 社 and 电)."""
    head = text[:40]
    return (
        "本报" in head or "本報" in head or ("社" in head and ("电" in head or "電" in head))
    ) and bool(DATELINE_RE.search(head))


def opens_with_dateline(text: str) -> bool:
    """``DATELINE_RE.match``: asked of most lines, so the pattern is tried only where a
    dateline could start (本 first, or 社 after at most six ideographs)."""
    return (text[:1] == "本" or "社" in text[1:7]) and DATELINE_RE.match(text) is not None


def finds_dateline(text: str) -> re.Match[str] | None:
    """``DATELINE_RE.search``, tried only where the text has 本 or 社 (every dateline has
    one): asked of every paragraph, and the pattern tries each character as a start."""
    return DATELINE_RE.search(text) if "本" in text or "社" in text else None


def names_a_credit(text: str) -> bool:
    """Does the text hold a character every photo credit has (摄 or 图, in either script)?
    The credit patterns are tried only then: most lines have neither."""
    return "摄" in text or "图" in text or "攝" in text or "圖" in text


# （赵政宇 摄） (郭浩 文/图): a photo credit; the text before it is a caption.
PHOTO_CREDIT_RE = re.compile(
    r"[（(]\s*[^（）()]{0,16}?(?:[摄攝]影|[摄攝]|文/[图圖]|[图圖]/文|供[图圖])\s*[）)]"
)
# （王江宇） (赵晖): the writer's name closing an article.
TRAILING_NAME_RE = re.compile(rf"[（(]\s*{_NAME}(?:[\s、]+{_NAME})*\s*[）)]$")


def signed_name(text: str) -> bool:
    """Does the text end in a bracketed name set after its last sentence (…。（赵晖）) or
    standing alone (（赵晖）)? A bracketed word inside a running sentence (…重大气象灾害
    （台风） / 四级应急响应) glosses it, and the sentence goes on."""
    match = TRAILING_NAME_RE.search(text)
    if match is None:
        return False
    before = text[: match.start()].rstrip()
    return not before or ends_sentence(before)


# （来源：ECMWF官网 编译：王畅） / （完） / （X、Y对本文有贡献）: a bracketed note set after the
# last sentence closes an article (a source, a signature, a credit).
_CLOSING_NOTE_RE = re.compile(r"(?:[。！？!?…][”’」』]?|^)\s*[（(][^（）()]{1,60}[）)]$")


def closing_note(text: str) -> bool:
    """Does the text end in a bracketed note set after its last sentence (（完）, a source)?"""
    text = text.rstrip()
    return bool(text) and text[-1] in "）)" and bool(_CLOSING_NOTE_RE.search(text[-64:]))


# Ends a headline may have: a question or an exclamation.
_HEADLINE_END = "？！?!"
# An indented first line is about two characters shorter than a full line.
_INDENT = 2.0
# A headline followed directly by full text must be clearly shorter than an indented line.
_SUBHEAD_GAP = 4.0


@dataclass(slots=True)
class Line:
    """One printed line (or a vertical title collapsed into one) with its role."""

    index: int
    text: str
    role: Role = _BODY
    markers: list[Marker] = field(default_factory=list)
    blank_before: bool = False
    width: float = 0.0
    # Source line numbers this line stands for (several for a vertical title).
    sources: list[int] = field(default_factory=list)
    # Width of the text column around the line (0 for unwrapped Markdown text).
    column: float = 0.0
    # A byline set in a box beside a sentence that runs on past it.
    aside: bool = False

    @property
    def continued_from(self) -> int | None:
        if not self.markers:
            return None  # most lines: asked for every line, many times a page
        return next((m.page for m in self.markers if m.direction is Direction.CONTINUED_FROM), None)

    @property
    def continues_to(self) -> int | None:
        if not self.markers:
            return None
        return next((m.page for m in self.markers if m.direction is Direction.CONTINUES_TO), None)


def is_markdown(text: str) -> bool:
    """Pages exported as Markdown mark headlines with ``#``; their paragraphs are unwrapped."""
    if "#" not in text:
        return False  # most pages: no need to look at every line
    return any(MARKDOWN_HEADING_RE.match(line.strip()) for line in text.splitlines())


def classify(text: str, furniture: Iterable[int] = ()) -> list[Line]:
    """Split page text into non-blank lines and give each its role.

    ``furniture`` lists source line numbers of page furniture (masthead, date line, page
    number): they are left out, and break the text around them like a blank line.
    """
    markdown = is_markdown(text)
    lines = _collect(text.split("\n"), markdown, set(furniture))
    for line in lines:
        line.role = _intrinsic_role(line)
    _extend_bylines(lines)
    if not markdown:
        _fit_quote_width(lines)
    _mark_notices(lines)
    if not markdown:
        _mark_headlines(lines, _BLANK_LINE_RE.search(text.strip()) is not None)
    _confirm_subtitles(lines)
    if not markdown:
        _mark_asides(lines)
    return lines


def _mark_asides(lines: list[Line]) -> None:
    """A byline never stands inside a sentence. One printed between a line that stops in
    mid-sentence and a full line of running text (not a paragraph's indented opening) was
    set in a box beside the column; the text runs on past it."""
    for pos in range(1, len(lines) - 1):
        line, prev, nxt = lines[pos], lines[pos - 1], lines[pos + 1]
        if line.role is not _BYLINE or prev.role is not _BODY or nxt.role is not _BODY:
            continue
        if terminal_at(lines, pos - 1):
            continue
        tolerance = max(1.0, 0.1 * nxt.column)
        if nxt.width >= nxt.column - tolerance / 2 and not _dateline_opens(nxt.text):
            line.aside = True


def _marker_made_whole(stripped: str, raw_lines: list[str], index: int) -> str | None:
    """A line ending in a marker's opening that the next line completes (``…检修。（`` /
    ``下转第四版）``) read as one line with the next, when nothing else shares that line (or
    the marker opens the line above): the marker is whole again, no signature.

    Asked only of lines ending near a bracket (most lines: one look at the last chars)."""
    if ("（" not in stripped[-8:] and "(" not in stripped[-8:]) or index + 1 >= len(raw_lines):
        return None
    below = raw_lines[index + 1].strip()
    opening = cut_marker(stripped, below)
    if opening < 0:
        return None
    joined = stripped + below
    marker = MARKER_RE.search(joined, opening)
    if marker is None or (marker.end() < len(joined) and stripped[:opening].strip()):
        return None  # text under the marker's end too: left as printed
    return joined


def _collect(raw_lines: list[str], markdown: bool, skip: set[int]) -> list[Line]:
    """Non-blank lines with blank-before flags; vertical titles (一字一行) joined into one."""
    lines: list[Line] = []
    blank = False
    resume = 0  # the first line after a vertical title
    for index, raw in enumerate(raw_lines):
        if index < resume:
            continue
        stripped = raw.strip()
        if not stripped or index in skip:
            blank = True
            continue
        # a vertical title starts with a line of one character (most lines: no need to look)
        run_end = _vertical_run_end(raw_lines, index) if len(stripped) == 1 else index
        if run_end - index >= 3:
            text = "".join(raw_lines[i].strip() for i in range(index, run_end))
            role, sources = _HEADLINE, list(range(index, run_end))
            resume = run_end
        elif markdown and (heading := MARKDOWN_HEADING_RE.match(stripped)):
            text, role, sources = heading.group(2).strip(), _HEADLINE, [index]
        elif (
            # the function's own first look, made here: asked of every line, most end far
            # from a bracket, and a call costs more than the look
            ("（" in (last := stripped[-8:]) or "(" in last)
            and (whole := _marker_made_whole(stripped, raw_lines, index)) is not None
        ):
            text, role, sources = whole, _BODY, [index, index + 1]
            resume = index + 2
        else:
            text, role, sources = stripped, _BODY, [index]
        # most lines name no page (the characters every marker has): no call for them
        markers: list[Marker] = []
        if "版" in text or "页" in text or "面" in text:
            text, markers = strip_markers(text)
        # made whole at once, its fields given in order (keywords cost a third more, for
        # every line; test_caches checks the order)
        lines.append(Line(sources[0], text, role, markers, blank, visual_width(text), sources))
        blank = False
    return lines


_QUOTES = "“”‘’"


def _has_quote(text: str) -> bool:
    """Is there a curly quote in the text? (Four substring searches: the fastest way.)"""
    return "“" in text or "”" in text or "‘" in text or "’" in text


def _quote_count(text: str) -> int:
    """How many curly quotes the text has (four counts added: a generator over the four
    quotes cost several times more)."""
    return text.count("“") + text.count("”") + text.count("‘") + text.count("’")


def _fit_quote_width(lines: list[Line]) -> None:
    """Curly quotes are set in half a character by some papers and in a whole one by
    others: the page tells which. Full lines (lines that wrap into more text) are all as
    wide as the column, so the width that brings full lines with quotes to the width of
    full lines without them is the page's own."""
    wraps = [
        line
        for pos, line in enumerate(lines[:-1])
        if line.role is _BODY and lines[pos + 1].role is _BODY and not lines[pos + 1].blank_before
    ]
    plain: list[float] = []
    quoted: list[Line] = []
    for line in wraps:
        if _has_quote(line.text):
            quoted.append(line)
        else:
            plain.append(line.width)
    if len(plain) < 5 or len(quoted) < 3:
        return
    column = median(plain)
    half = whole = 0
    for line in quoted:
        extra = 0.5 * _quote_count(line.text)
        half += abs(line.width - column) <= 0.5
        whole += abs(line.width + extra - column) <= 0.5
    if whole > half:
        for line in lines:
            if _has_quote(line.text):
                line.width += 0.5 * _quote_count(line.text)


def _vertical_run_end(raw_lines: list[str], start: int) -> int:
    end = start
    while end < len(raw_lines):
        stripped = raw_lines[end].strip()
        if len(stripped) != 1 or not is_cjk(stripped):
            break
        end += 1
    return end


def _intrinsic_role(line: Line) -> Role:
    """Roles a line has by itself, whatever surrounds it."""
    if line.role is _HEADLINE:
        return _HEADLINE
    text = line.text
    if not text:
        return _MARKER
    # every credit names 摄(影) or 图 (摄, 文/图, 供图, 图/…): the pattern is tried only then
    if len(text) <= 30 and names_a_credit(text) and CREDIT_RE.match(text):
        return _CREDIT
    if is_byline(text):
        return _BYLINE
    # every subtitle opens with a dash (——, －－ or --): the pattern is tried only then
    if len(text) <= 60 and text[0] in "—－-" and SUBTITLE_RE.match(text):
        return _SUBTITLE
    return _BODY


# A line of names only: ideograph groups set apart by spaces (a name cut by the line's end
# leaves one character at either end; a transliterated name printed without its dot runs to
# six: 玉素甫吐尔公).
_NAMES_LINE_RE = re.compile(
    r"^[\u4e00-\u9fff·]{1,6}(?:\s+[\u4e00-\u9fff·]{2,6})*\s+[\u4e00-\u9fff·]{1,6}$"
)


# The end of a byline wrapped onto the next line: a few ideographs, a name or two run together.
_NAMES_TAIL_RE = re.compile(r"^[\u4e00-\u9fff·]{1,6}$")


def _extend_bylines(lines: list[Line]) -> None:
    """A team byline runs on over several lines: lines of bare names set apart by spaces,
    right under a byline, name more reporters. Running text never looks like that (it has no
    spaces between its words), so such a line is read as byline, not as the text's opening.
    A byline that fills its column wraps like any line: a few bare ideographs glued under
    it (…蔡云袁 | 玉黄诗棋) are the end of its names — the text under a byline opens with a
    paragraph, which a line that short, with no punctuation, never is."""
    wraps: list[tuple[int, float]] | None = None  # worked out at the first line that needs it
    for pos in range(1, len(lines)):
        line = lines[pos]
        if lines[pos - 1].role is not _BYLINE or line.role is not _BODY:
            continue
        if (
            len(line.text) <= _MAX_BYLINE
            and _NAMES_LINE_RE.match(line.text)
            and not _dateline_opens(line.text)  # 本报讯通讯员 X: the next article's opening
        ):
            line.role = _BYLINE
        elif not line.blank_before and _NAMES_TAIL_RE.match(line.text):
            wraps = _wrap_widths(lines) if wraps is None else wraps
            above = lines[pos - 1]
            column = _local_width(wraps, pos - 1, above.width)
            if above.width >= column - max(1.0, 0.1 * column):
                line.role = _BYLINE


def _mark_notices(lines: list[Line]) -> None:
    """Runs of two or more ``项目：内容`` lines are a boxed notice (值班电话, 邮箱…), unless
    they are set straight on running text: then they head it (``_heads_running_text``).
    An item set in a narrow box wraps: a line or two glued under an item, opening no item
    of its own and ending no sentence before it, is that item's rest (…2025年5 | 月28日)."""
    run: list[Line] = []
    items = rest = 0
    for pos, line in enumerate([*lines, None]):
        item = line is not None and line.role is _BODY and notice_item(line.text)
        if item and not (run and line.blank_before):
            run.append(line)
            items, rest = items + 1, 0
            continue
        if (
            run
            and line is not None
            and line.role is _BODY
            and not line.blank_before
            and rest < _NOTICE_REST
            and "。" not in line.text
            and not ends_sentence(run[-1].text)
        ):
            run.append(line)  # an item's wrapped rest
            rest += 1
            continue
        if items >= 2 and not _heads_running_text(lines[pos : pos + 3]):
            for member in run:
                member.role = _NOTICE
        run = [line] if item else []
        items, rest = (1 if item else 0), 0


# An item of a notice wraps onto at most this many more lines.
_NOTICE_REST = 2


def notice_item(text: str) -> bool:
    """Is the line a ``项目：内容`` item (extraction may space its characters out)?"""
    if "：" not in text and ":" not in text:
        return False
    text = "".join(text.split()) if " " in text else text
    # the pattern only where its colon can stand (after 2 to 12 characters)
    return ("：" in text[2:13] or ":" in text[2:13]) and NOTICE_RE.match(text) is not None


def _heads_running_text(after: list[Line]) -> bool:
    """A notice stands in a box of its own; ``项目：内容`` lines set straight on running text
    (no blank line, then a paragraph running in clauses: 在气科院的这些年，…) are that
    text's header — an event's 时间：/地点：, a profile's 去向：— and the text is an article.
    ``after``: the lines after the run (the paragraph's first few)."""
    body: list[Line] = []
    for line in after:
        if line.role is not Role.BODY or line.blank_before or NOTICE_RE.match(line.text):
            break
        body.append(line)
    return any(mark in line.text for line in body for mark in "，。；")


class _Wraps(list):
    """(position, width) of full lines, and the column widths ``_local_width`` has worked
    out from them (several rules ask it about the same line)."""

    __slots__ = ("columns", "places", "widths")

    def __init__(self, wraps: Iterable[tuple[int, float]]) -> None:
        super().__init__(wraps)
        self.columns: dict[tuple[int, float, int], float] = {}
        # the positions and the widths apart: neighbours are found by bisecting the
        # positions, and their widths taken as one slice (no pairs filtered per question)
        self.places = [pos for pos, _ in self]
        self.widths = [width for _, width in self]


def _wrap_widths(lines: list[Line]) -> list[tuple[int, float]]:
    """(position, width) of lines that flow straight on into another body line: full lines."""
    return _Wraps(
        [  # a list, not a generator: made in one go (asked of every line, twice a page)
            (pos, line.width)
            for pos, line in enumerate(lines[:-1])
            if line.role is _BODY
            and lines[pos + 1].role is _BODY
            and not lines[pos + 1].blank_before
        ]
    )


def _local_width(wraps: list[tuple[int, float]], pos: int, fallback: float, side: int = 0) -> float:
    """The column width around a line: median width of nearby full lines.

    ``side`` -1 or +1 looks only before or after the line (columns change width around
    photos and boxes, so a glued subhead is compared with both sides separately).
    ``wraps`` is sorted by position, so the neighbours are found by bisection.
    """
    if isinstance(wraps, _Wraps):
        return _kept_local_width(wraps, pos, fallback, side)
    return _plain_local_width(wraps, pos, fallback, side)


def _plain_local_width(
    wraps: list[tuple[int, float]], pos: int, fallback: float, side: int
) -> float:
    """``_local_width`` worked out from the (position, width) pairs themselves."""
    reach = 8 if side == 0 else 5
    centre = bisect_left(wraps, (pos, -1.0))
    # only the last ``reach`` (≥ 5) full lines before are looked at: copying all of them,
    # for every line of the page, made this quadratic in the page's length
    before = wraps[max(0, centre - reach) : centre] if side <= 0 else []
    after = [pw for pw in wraps[centre : centre + reach + 1] if pw[0] != pos] if side >= 0 else []
    near = [w for p, w in before[-reach:] if pos - p <= reach]
    near += [w for p, w in after if p - pos <= reach]
    if len(near) < 3:
        candidates = before[-5:] + (wraps[centre : centre + 6] if side >= 0 else [])
        ranked = sorted((pw for pw in candidates if pw[0] != pos), key=lambda pw: abs(pw[0] - pos))
        near = [w for _, w in ranked[:5]]
    column = fallback
    if near:  # ``statistics.median`` without its checks: the middle one, or the two's mean
        near.sort()
        middle = len(near) // 2
        column = near[middle] if len(near) % 2 else (near[middle - 1] + near[middle]) / 2
    return column


def _kept_local_width(wraps: _Wraps, pos: int, fallback: float, side: int) -> float:
    """``_local_width`` of a page's full lines, kept (several rules ask about one line).

    Full lines stand at distinct positions, so those within ``reach`` before the line
    are at most ``reach`` of them, as are those within ``reach`` after it: the bounds
    are found by bisecting the positions, and the widths taken as slices. Where fewer
    than three are that near, the plain computation looks further."""
    known = wraps.columns
    column = known.get((pos, fallback, side))
    if column is not None:
        return column
    reach = 8 if side == 0 else 5
    places, widths = wraps.places, wraps.widths
    centre = bisect_left(places, pos)
    start = centre + 1 if centre < len(places) and places[centre] == pos else centre
    first = bisect_left(places, pos - reach, 0, centre) if side <= 0 else centre
    last = bisect_right(places, pos + reach, start) if side >= 0 else start
    near = widths[first:centre] + widths[start:last]
    if len(near) < 3:
        column = _plain_local_width(wraps, pos, fallback, side)
    else:
        near.sort()
        middle = len(near) // 2
        column = near[middle] if len(near) % 2 else (near[middle - 1] + near[middle]) / 2
    known[pos, fallback, side] = column
    return column


def _local_widths(wraps: list[tuple[int, float]], fallbacks: list[float]) -> list[float]:
    """``_local_width`` (both sides) of every position in one pass (``fallbacks[pos]``
    where no full line is near).

    Asked for every line of the page. Full lines stand at distinct positions, so those
    within reach of a line are a window that moves on by at most one line at each end from
    one position to the next: the window's widths are kept sorted, each width put in and
    taken out once, instead of being sliced out and sorted for each line. The line's own
    width (a full line is no neighbour of itself) is stepped over when the middle is read.
    The same widths, and the same median (the middle one or the mean of the middle two),
    so the result is identical.
    """
    reach = 8
    if isinstance(wraps, _Wraps):
        places, widths = wraps.places, wraps.widths
    else:
        places, widths = [p for p, _ in wraps], [w for _, w in wraps]
    total = len(places)
    columns: list[float] = []
    window: list[float] = []  # widths of the full lines within reach (the line's own too)
    enter = leave = own = 0  # next to come within reach, next to fall out, first at/after pos
    for pos, fallback in enumerate(fallbacks):
        while enter < total and places[enter] <= pos + reach:
            insort(window, widths[enter])
            enter += 1
        while leave < enter and places[leave] < pos - reach:
            window.remove(widths[leave])  # any one of equal widths: the same window
            leave += 1
        while own < total and places[own] < pos:
            own += 1
        size = len(window)
        skip = size  # where the line's own width stands in the window (past it: none)
        if own < total and places[own] == pos:
            size -= 1
            skip = bisect_left(window, widths[own])
        if size < 3:
            columns.append(_local_width(wraps, pos, fallback))  # few full lines: look further
            continue
        middle = size // 2
        upper = window[middle] if middle < skip else window[middle + 1]
        if size % 2:
            columns.append(upper)
        else:
            lower = window[middle - 1] if middle - 1 < skip else window[middle]
            columns.append((lower + upper) / 2)
    return columns


def is_terminal(line: Line, before: Line | None = None) -> bool:
    """Does text stop after this line (so a headline may follow)?

    A signature or credit may be wrapped (``…篇章。（崔`` / ``国辉）``): with ``before``, the
    line above, a closing bracket is read together with what it closes.
    """
    if line.role is not _BODY:
        return True
    if line.continues_to is not None:
        return True
    text = line.text
    if before is not None and text[-1] in "）)" and not any(ch in text for ch in "（("):
        text = before.text + text
    return _ends_text(text)


def _ends_text(text: str) -> bool:
    """``is_terminal`` of a body line with this text and no marker (``terminal_at`` asks
    it of every line a rule looks above, without making a line for the text)."""
    return ends_sentence(text) or bool(
        (text.endswith(("）", ")", "）\n", ")\n")) and signed_name(text))
        or (names_a_credit(text) and PHOTO_CREDIT_RE.search(text))  # what it needs
        or closing_note(text)
    )


# A bracketed note (a source, a signature, the contributors) wraps onto at most this many lines.
_NOTE_LINES = 4


def terminal_at(lines: list[Line], pos: int) -> bool:
    """``is_terminal`` for the line at ``pos``, reading a bracketed note wrapped onto several
    lines (``…。（李四、`` / ``王五对本文有贡献）``) together with the lines it began on."""
    line = lines[pos]
    if line.role is not _BODY or line.continues_to is not None:
        return True
    text, back = line.text, pos
    while (
        text[-1] in "）)"
        and not any(ch in text for ch in "（(")
        and back > 0
        and pos - back < _NOTE_LINES - 1
        and lines[back - 1].role is _BODY
    ):
        back -= 1
        text = lines[back].text + text
    return _ends_text(text)


def blank_habit(lines: list[Line]) -> float:
    """How often this extractor printed a blank line after a paragraph's end (0–1).

    Estimated on the page itself: of the lines that plainly end a paragraph (a sentence
    end on a line clearly shorter than the page's usual line), the share followed by a
    blank line. Extractors that print every text box apart (pdfminer) come near 1; those
    that print a column as one run (pdftotext, pdfium) near 0, and then a missing blank
    line says nothing about where a headline ends or starts.
    """
    widths = sorted([line.width for line in lines if line.role is _BODY])
    if not widths:
        return 1.0
    short = widths[len(widths) * 3 // 4] - _INDENT
    # each line with the one after it; the cheap tests first (asked several times a page)
    ends = blanks = 0
    for line, nxt in pairwise(lines):
        if line.role is _BODY and line.width < short and ends_sentence(line.text):
            ends += 1
            blanks += nxt.blank_before
    if ends < 3:
        return 1.0
    return blanks / ends


# Below this share of paragraph ends followed by a blank line, blank lines are not expected
# where headlines and text meet.
SPARSE_BLANKS = 0.5


def _mark_headlines(lines: list[Line], spaced: bool = True) -> None:
    wraps = _wrap_widths(lines)
    sparse = blank_habit(lines) < SPARSE_BLANKS
    if spaced:  # a narrow deck's lines are no text column to measure other lines by
        _mark_narrow_decks(lines, wraps)
        wraps = _wrap_widths(lines)
    for pos, line in enumerate(lines):
        # a line with a full stop is no headline (``_looks_like_headline`` says so for
        # each: asked first here, it spares the call for most lines of running text)
        if (
            line.role is _BODY
            and "。" not in line.text
            and _looks_like_headline(lines, pos, wraps, sparse)
        ):
            line.role = _HEADLINE
    _mark_apparatus_headlines(lines, sparse)
    if spaced:
        _mark_narrow_decks(lines, wraps)
    _mark_stacked_headlines(lines)
    if sparse:
        _mark_heads_over_openings(lines, wraps)
    _mark_wrapped_headlines(lines)
    _unmark_running_clauses(lines)
    _unmark_dangling_words(lines)
    wraps = _wrap_widths(lines)
    for line, column in zip(
        lines, _local_widths(wraps, [line.width for line in lines]), strict=True
    ):
        line.column = column
    _unmark_full_lines(lines)
    _unmark_broken_off(lines)
    _mark_inset_headlines(lines)


def _mark_narrow_decks(lines: list[Line], wraps: list[tuple[int, float]]) -> None:
    """A headline set in a narrow box beside its text wraps onto many short lines (读《真实与 |
    虚拟》： | “真实性哲 | …). Body text fills its column: of a paragraph only the last line
    is short. So a run of three or more lines, each no wider than half the page's column,
    with no sentence end and no clause break at their ends, is a headline, however it
    stands — to its last line, where the other rules found only its first ones (they read
    a line by what stands around it, and the deck's last line stands on text). Decks are
    found first, too: their short lines are no text column, and measured as one they made
    the opening line of the text under a deck look set wider than its column. Pages in
    drawing order (no blank line at all) are left to ``drawing_order``,
    which reads its narrow boxes its own way."""
    if not wraps:
        return
    narrow = _NARROW * median(width for _, width in wraps)
    pos = 0
    while pos < len(lines):
        end = pos
        while (
            end < len(lines)
            and lines[end].role in (_BODY, _HEADLINE)  # a deck the other rules began
            and _deck_width(lines[end]) <= narrow
            and "。" not in lines[end].text
            and lines[end].text[-1] not in "，；,;"
            and not lines[end].markers
            and (end == pos or not lines[end].blank_before)
        ):
            end += 1
        if end - pos >= _DECK_LINES:
            for member in lines[pos:end]:
                member.role = _HEADLINE
            pos = end
        else:
            pos = end if end > pos + 1 else pos + 1  # max() without a call, for every line


def _deck_width(line: Line) -> float:
    """A line's width in a narrow box: a headline's closing dash, leading to its subtitle
    (越下越大？——), is set narrow or hangs past the box's edge, so it is left out."""
    if line.text.endswith(_CLOSING_DASH):
        return line.width - _DASH_WIDTH
    return line.width


_CLOSING_DASH = "——"
_DASH_WIDTH = visual_width(_CLOSING_DASH)
# A narrow box's lines are at most this share of the page's column wide …
_NARROW = 0.5
# … and a headline deck in one has at least this many of them.
_DECK_LINES = 3
# A blank line in the page's text (drawing-order extractors print none).
_BLANK_LINE_RE = re.compile(r"\n[^\S\n]*\n")


def _mark_inset_headlines(lines: list[Line]) -> None:
    """A headline (or a column label) set between a line that stops in mid-sentence and
    a line that goes on with the sentence is printed beside the text, not in it: the text
    runs on past it (the headline is kept as a group of its own)."""
    pos = 1
    while pos < len(lines):
        if lines[pos].role is not _HEADLINE or lines[pos - 1].role is not _BODY:
            pos += 1
            continue
        end = pos
        while end + 1 < len(lines) and lines[end + 1].role is _HEADLINE:
            end += 1
        after = lines[end + 1] if end + 1 < len(lines) else None
        if (
            after is not None
            and not terminal_at(lines, pos - 1)
            and after.role is _BODY
            and not after.markers
            and not _dateline_opens(after.text)
            and not _opens_paragraph(after, after.column, max(1.0, 0.1 * after.column))
        ):
            for member in lines[pos : end + 1]:
                member.aside = True
        pos = end + 1


# A headline wraps onto at most this many lines.
_MAX_HEADLINE_LINES = 3


def _bracketed(text: str) -> bool:
    """A line that is one bracketed note (（李悦）, （来源：…）), or the first or last line of
    one wrapped: the signature or source of the text above it — never a headline."""
    text = text.strip()
    if len(text) < 2:
        return False
    opens, closes = text[0] in "（(", text[-1] in "）)"
    inner = text[1:-1]
    if opens and closes:
        return "（" not in inner and "(" not in inner
    # a note wrapped onto two lines: its opening line, or its closing line
    if opens:
        return not any(ch in text for ch in "）)")
    return closes and not any(ch in text for ch in "（(")


def _could_be_headline(line: Line) -> bool:
    text = line.text
    return (  # the cheap tests first: most lines fail them
        line.role in (_BODY, _HEADLINE)
        and "。" not in text
        and not line.markers
        and (text[-1] not in BODY_END or text[-1] in _HEADLINE_END)
        and not _bracketed(text)
        and not _dateline_opens(text)
    )


def _mark_apparatus_headlines(lines: list[Line], sparse: bool) -> None:
    """A line with an article's whole apparatus under it — a ``——`` subtitle and then a
    byline — is a headline even after text that stops in mid-sentence: title, subtitle and
    byline never stand inside a sentence, so the text before them goes on elsewhere (the
    extractor printed a text box in between)."""
    for pos in range(len(lines) - 1):
        line = lines[pos]
        # a full stop rules a line out (``_could_be_headline``'s cheapest test, made here)
        if line.role is not _BODY or "。" in line.text or not _could_be_headline(line):
            continue
        size = _set_on_byline(lines, pos, sparse)
        if size:
            for member in lines[pos : pos + size]:
                member.role = _HEADLINE
            continue
        if pos + 2 >= len(lines):
            continue
        sub, byline = lines[pos + 1], lines[pos + 2]
        if not (byline.role is _BYLINE and SUBTITLE_RE.match(sub.text)):  # the cheap test first
            continue
        if sparse and (sub.blank_before or byline.blank_before):
            continue  # where blanks are rare, a blank line parts what it stands between
        if sub.role is _SUBTITLE or _could_be_headline(sub):
            line.role = _HEADLINE
            sub.role = _SUBTITLE


def _mark_stacked_headlines(lines: list[Line]) -> None:
    """A line standing alone between blank lines, no sentence (no 。, no running or closing
    punctuation at its end), set right over a headline that stands on its own byline or
    dateline, is a headline too: two heads one under the other (a main title over its
    subtitle, or the head of the text before, printed after it). Text never stands alone
    between blank lines right over a headline: a paragraph's last line ends its sentence.
    A line that leaves a quote or a title mark open at its end (…受台风“巴) stops inside
    a word: it is running text whose rest was printed elsewhere, not a whole head."""
    for pos in range(len(lines) - 2, 0, -1):
        line, nxt = lines[pos], lines[pos + 1]
        if line.role is not _BODY or not line.blank_before or not nxt.blank_before:
            continue
        if nxt.role is not _HEADLINE or not _stands_on_apparatus(lines, pos + 1):
            continue
        text = line.text
        if "。" in text or text[-1] in BODY_END or text[-1] in "）)" or _bracketed(text):
            continue
        if _leaves_open(text):
            continue
        if SUBTITLE_RE.match(text) or _dateline_opens(text):
            continue
        line.role = _HEADLINE


# Latin letters are set in widths of their own (by font): a line with them shows no indent.
_LATIN_RE = re.compile("[A-Za-z]")


def _mark_heads_over_openings(lines: list[Line], wraps: list[tuple[int, float]]) -> None:
    """A paragraph's last line ends its sentence: text that ends no sentence is never
    followed by a new paragraph. So a line standing apart (a blank line above it), clearly
    shorter than the column and than the line under it, ending no sentence and made of no
    clauses, glued onto a paragraph's indented opening that runs on, is a headline set on
    its text (一江星火送炎凉 | 处暑三候，…) — whatever the text before it says (a sentence
    broken there goes on elsewhere). Asked only where blank lines are rare: where they are
    the habit, a headline is set apart from its text by one."""
    for pos in range(1, len(lines) - 2):
        line, nxt = lines[pos], lines[pos + 1]
        if nxt.role is not _BODY or line.role not in (_BODY, _HEADLINE):
            continue
        if not line.blank_before:
            _name_under_head(lines, pos, wraps)
            continue
        if line.role is not _BODY:
            continue
        if nxt.blank_before or lines[pos + 2].blank_before:
            continue
        if not _could_be_headline(line) or _clauses(line):
            continue
        column = _local_width(wraps, pos + 1, nxt.width, 1)  # the text under it
        tolerance = max(1.0, 0.1 * column)
        if line.width > min(column - _INDENT, nxt.width) - tolerance:
            continue  # clearly shorter than the column and than the opening under it
        if _LATIN_RE.search(nxt.text):
            continue
        if _opens_paragraph(nxt, column, tolerance):
            if _flows_on(lines, pos + 2, column):
                line.role = _HEADLINE
        elif _one_line_paragraph(nxt, lines[pos + 2], column, tolerance):
            line.role = _HEADLINE


def _one_line_paragraph(line: Line, nxt: Line, column: float, tolerance: float) -> bool:
    """Is the line a paragraph of one line (七月，党旗飘扬，初心如磐。): indented, ending its
    sentence, with the next paragraph's indented opening glued under it?"""
    return (
        line.role is _BODY
        and abs(line.width - (column - _INDENT)) <= max(0.75, tolerance / 2)
        and ends_sentence(line.text)
        and not nxt.blank_before
        and _opens_paragraph(nxt, column, tolerance)
    )


def _name_under_head(lines: list[Line], pos: int, wraps: list[tuple[int, float]]) -> None:
    """Some papers print the reporter's bare name under the headline (王江宇), no 本报记者
    before it. A line that is one personal name (a common surname, two to four
    characters), glued under a line standing apart (a blank line above it) that ends no
    sentence and runs in no clauses, and glued over a paragraph's indented opening that
    runs on, is that byline, and the line above it the headline: text never stops short
    on a name and then opens a new paragraph. A headline's wrapped rest is no name: its
    word runs on from the line above (…面积984.69万平 | 方米)."""
    line, nxt = lines[pos], lines[pos + 1]
    if not _BARE_NAME_RE.match(line.text) or line.text[0] not in _SURNAMES:
        return
    start = pos - 1  # the headline: back to the blank line above it, a headline's lines at most
    while start > 0 and not lines[start].blank_before and pos - start < _MAX_HEADLINE_LINES:
        start -= 1
    if not lines[start].blank_before or _LATIN_RE.search(nxt.text):
        return
    if joins_word(lines[pos - 1].text, line.text):
        return  # the end of a word broken at the line's end (…万平 | 方米), no name
    if any(
        above.role not in (_BODY, _HEADLINE) or not _could_be_headline(above) or _clauses(above)
        for above in lines[start:pos]
    ):
        return
    column = _local_width(wraps, pos + 1, nxt.width, 1)
    if _opens_paragraph(nxt, column, max(1.0, 0.1 * column)) and _flows_on(lines, pos + 2, column):
        for above in lines[start:pos]:
            above.role = _HEADLINE
        line.role = _BYLINE


_BARE_NAME_RE = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
# The commonest Chinese surnames (together borne by most of the population).
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺"
    "顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧"
    "耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍"
)


def _leaves_open(text: str) -> bool:
    """Does the line end inside a quotation or a title (an opening mark after the last
    closing one: …受台风“巴)?"""
    return max(text.rfind(mark) for mark in _OPENING_MARKS) > max(
        text.rfind(mark) for mark in _CLOSING_MARKS
    )


_OPENING_MARKS = "“《（‘「"
_CLOSING_MARKS = "”》）’」"


def _stands_on_apparatus(lines: list[Line], pos: int) -> bool:
    """Is the headline at ``pos`` (with the headline lines glued under it) set on a byline
    or a dateline — one blank line below at most?"""
    end = pos
    while (
        end + 1 < len(lines)
        and lines[end + 1].role is _HEADLINE
        and not lines[end + 1].blank_before
    ):
        end += 1
    if end + 1 >= len(lines):
        return False
    anchor = lines[end + 1]
    return anchor.role is _BYLINE or (anchor.role is _BODY and opens_with_dateline(anchor.text))


def _set_on_byline(lines: list[Line], pos: int, sparse: bool) -> int:
    """A line (or two, a headline wrapped) standing apart — a blank line above it — made
    of no clauses, with a byline and text, or a dateline (本报讯…), under it: a headline over
    its article, whatever the text above it. Returns how many lines the headline has (0:
    none). The byline or dateline is glued to it, or one blank line below where blanks are
    the habit; where blanks are rare, a headline standing alone between blank lines may
    have one below it too."""
    line = lines[pos]
    if not (pos == 0 or line.blank_before) or _has_clauses(line.text):
        return 0
    for size in (1, 2):
        if pos + size >= len(lines):
            return 0
        if size == 2:
            second = lines[pos + 1]
            if (
                second.blank_before
                or second.role is not _BODY
                or not _could_be_headline(second)
                or _has_clauses(second.text)
            ):
                return 0
        anchor = lines[pos + size]
        if anchor.blank_before and sparse and not (size == 2 or anchor.role is _BODY):
            continue
        if anchor.role is _BODY and opens_with_dateline(anchor.text):
            return size  # 本报讯…: a news article's text opens there
        if (
            anchor.role is _BYLINE
            and pos + size + 1 < len(lines)
            and lines[pos + size + 1].role is _BODY
            and not (anchor.blank_before and sparse)
        ):
            return size
    return 0


def _question_over_opening(lines: list[Line], pos: int, wraps: list[tuple[int, float]]) -> bool:
    """Where blank lines are rare, one opens a text box: a question set first in a box and
    glued onto a paragraph's indented opening (running on in full lines) is the box's
    headline — a question asked in the text would open its own paragraph indented, and
    would not begin a box."""
    if not (pos == 0 or lines[pos].blank_before) or pos + 2 >= len(lines):
        return False
    anchor = lines[pos + 1]
    if anchor.blank_before or lines[pos + 2].blank_before:
        return False
    column = _local_width(wraps, pos + 1, anchor.width)
    if not _opens_paragraph(anchor, column, max(1.0, 0.1 * column)):
        return False
    return _flows_on(lines, pos + 2, column)


def _unmark_running_clauses(lines: list[Line]) -> None:
    """A line running in clauses (a comma inside) that stops in mid-word, the word going on
    in the text line after it (财政承|担), is running text: a headline is not broken off in
    the middle of a sentence's word with its sentence going on below. So is a line without
    clauses that fills the column's measure, set right under the line above it, whose word
    goes on in the text line after it (…灌区等工|程建设): a headline is set apart and in a
    width of its own, and does not break a word onto the text below it."""
    wraps: list[tuple[int, float]] | None = None  # worked out at the first line that needs it
    for pos in range(len(lines) - 1):
        line, nxt = lines[pos], lines[pos + 1]
        if line.role is not _HEADLINE or nxt.role is not _BODY or len(line.sources) > 1:
            continue
        if ends_sentence(line.text):
            continue
        if not any(mark in line.text[:-1] for mark in "，,；;、：:"):
            wraps = _wrap_widths(lines) if wraps is None else wraps
            if line.blank_before:
                if not _runs_on_full(lines, pos, wraps):
                    continue
            else:
                column = _local_width(wraps, pos, line.width)
                if abs(line.width - column) > max(1.0, 0.1 * column):
                    continue
        if joins_word(line.text, nxt.text):
            line.role = _BODY


def _unmark_dangling_words(lines: list[Line]) -> None:
    """A headline is a whole phrase: it never ends on a word that joins what follows it —
    a conjunction or a preposition (…伏天里的莲蓬与 | 葡萄). A line alone in its box that
    does is running text whose sentence goes on in the next box. (的 may close a phrase:
    旱涝急转是如何发生的.)"""
    from reader.language.segmenter import tokenizer  # jieba's dictionary: loaded on first use

    for pos, line in enumerate(lines):
        if line.role is not _HEADLINE or line.text[-1] not in _DANGLING_WORDS:
            continue  # the cheap test first: most headlines end otherwise
        if not (pos == 0 or line.blank_before) or not _ends_block(lines, pos):
            continue
        if len(line.sources) > 1:
            continue
        words = tokenizer().lcut(line.text[-_JOIN_REACH:], HMM=False)
        if words and words[-1] in _DANGLING_WORDS:
            line.role = _BODY


# Words (one character each) that join what follows them, so no phrase ends on them.
_DANGLING_WORDS = frozenset("与和及并或把被对跟")


def _runs_on_full(lines: list[Line], pos: int, wraps: list[tuple[int, float]]) -> bool:
    """Is the line alone in its box, with a full line of text (no paragraph's indented
    opening, no dateline) opening the next box? A headline stands over its text's opening;
    a full line there goes on with a sentence — the caller asks whether a word runs across
    (…局长穆罕默 | 德伊斯梅尔努尔…)."""
    nxt = lines[pos + 1]
    if not nxt.blank_before or nxt.role is not _BODY or _dateline_opens(nxt.text):
        return False
    column = _local_width(wraps, pos + 1, nxt.width, 1)
    return abs(nxt.width - column) <= max(1.0, 0.1 * column)


def _unmark_full_lines(lines: list[Line]) -> None:
    """A line that fills its column to the full width, set right under a line of running
    text (no blank between), that runs in clauses (a comma inside) and stops without ending
    its sentence, is the last line of a column of text, not a headline: a headline is set
    apart from the text above it — by white space, or by a width of its own (larger type
    runs wider or narrower than the column). Extractors that print columns one after another
    put such a line right before another column's indented paragraph opening, which looks
    like a headline set on its text. Where the extractor never prints a blank line after a
    paragraph (drawing order), nothing is set apart by white space, and the test says
    nothing."""
    if blank_habit(lines) == 0:
        return
    for pos in range(1, len(lines)):
        line = lines[pos]
        if (
            line.role is _HEADLINE
            and not line.blank_before
            and len(line.sources) == 1
            and lines[pos - 1].role is _BODY
            and line.column > 0
            and line.width >= line.column - 0.5
            and _has_clauses(line.text[:-1])
            and not ends_sentence(line.text)
        ):
            line.role = _BODY


def _unmark_broken_off(lines: list[Line]) -> None:
    """A line running in clauses that ends on a lone character (三类：崩), where a box of
    text on the page opens with a full line (no paragraph's indented opening) completing
    it to a word the page prints whole elsewhere (塌、滑坡、…: 崩塌), is running text stopped
    at a column's foot: a headline is a whole phrase, and no text box opens in mid-word but
    one that goes on with a broken line. (The line right under a headline is asked first,
    in ``_unmark_running_clauses``; a line glued onto the one under it may be wrapped.)"""
    candidates = [
        line
        for pos, line in enumerate(lines)
        if line.role is _HEADLINE
        and (pos + 1 == len(lines) or lines[pos + 1].blank_before)
        and len(line.sources) == 1
        and is_cjk(line.text.rstrip()[-1:] or " ")
        and any(mark in line.text[:-1] for mark in "，,；;、：:")
        and not ends_sentence(line.text)
    ]
    if not candidates:
        return  # the usual page: headlines are whole phrases
    from reader.language.segmenter import tokenizer  # jieba's dictionary: loaded on first use

    # a line ending on a whole word (…看到的是气象 | 卫星…: 气象卫星 is a compound) is out
    candidates = [
        line
        for line in candidates
        if len(list(tokenizer().cut(line.text.rstrip()[-_JOIN_REACH:], HMM=False))[-1]) == 1
    ]
    if not candidates:
        return
    openings = [
        line
        for line in lines
        if line.blank_before
        and line.role is _BODY
        and line.column > 0
        and line.width >= line.column - 0.5
        and is_cjk(line.text.lstrip()[:1] or " ")
    ]
    printed = "".join(line.text for line in lines)
    for line in candidates:
        tail = line.text.rstrip()[-1]
        # the word the break would make is printed whole on the page
        completing = [o for o in openings if tail + o.text.lstrip()[0] in printed]
        if any(joins_word(line.text, opening.text) for opening in completing):
            line.role = _BODY


def _has_clauses(text: str) -> bool:
    return any(mark in text for mark in "，,；;、")


def _mark_wrapped_headlines(lines: list[Line]) -> None:
    """Text set directly on a dateline, a byline or a subtitle is headline; text that stops
    unfinished cannot close an article there. So the unfinished lines above such a line, back
    to finished text (or a blank line, or the top of the page), are the headline wrapped onto
    several lines — extractors without blank lines give no other sign of them. A dateline
    one blank line below counts too when the lines above it are a box of their own (a
    blank line above them, three lines at most): text before a blank line and a dateline
    ends its sentence."""
    for pos, line in enumerate(lines):
        if "。" in line.text:
            continue  # ``_could_be_headline``'s cheapest test, made first
        boxed = False
        if not _anchored(lines, pos):
            if not _over_dateline(lines, pos):
                continue
            boxed = True
        if not _could_be_headline(line):
            continue
        start = pos
        while pos - start < _MAX_HEADLINE_LINES - 1 and start > 0:
            if lines[start].blank_before:
                break
            above = lines[start - 1]
            if above.role is _HEADLINE or is_terminal(above):
                break
            if not _could_be_headline(above):
                start = -1
                break
            start -= 1
        if start < 0 or (boxed and start > 0 and not lines[start].blank_before):
            continue
        if start > 0 and not (
            lines[start].blank_before
            or lines[start - 1].role is _HEADLINE
            or terminal_at(lines, start - 1)
        ):
            continue
        for member in lines[start : pos + 1]:
            member.role = _HEADLINE


def _over_dateline(lines: list[Line], pos: int) -> bool:
    """Is the line the last of its box, with a dateline (本报讯…) opening the next box?"""
    if pos + 1 >= len(lines):
        return False
    nxt = lines[pos + 1]
    return nxt.blank_before and nxt.role is _BODY and opens_with_dateline(nxt.text)


def _looks_like_headline(
    lines: list[Line], pos: int, wraps: list[tuple[int, float]], sparse: bool = False
) -> bool:
    line = lines[pos]
    if line.markers and (line.continued_from is not None or line.continues_to):
        return False
    if line.text[-1] in BODY_END:
        # a question or exclamation may be a headline (何以应？), but only one set on its
        # byline, subtitle or dateline, set wider than the column, or standing alone between
        # blank lines (a box of its own: where the extractor prints every box apart, or
        # where it rarely prints blanks at all, the two around it set it apart all the
        # more): otherwise it reads as a paragraph of its own
        opens_box = pos == 0 or line.blank_before
        if line.text[-1] == "，" and opens_box and _short_box(lines, pos, wraps):
            # a headline of two phrases, broken at the comma between them
            return pos == 0 or terminal_at(lines, pos - 1)
        if line.text[-1] not in _HEADLINE_END or "。" in line.text:
            return False
        alone = (pos == 0 or line.blank_before) and _ends_block(lines, pos)
        if (
            not _anchored(lines, pos, not sparse)
            and not _wider_than_column(lines, pos, wraps)
            and not alone
            and not (sparse and _question_over_opening(lines, pos, wraps))
        ):
            return False
        prev = lines[pos - 1] if pos else None
        return prev is None or terminal_at(lines, pos - 1)
    # the tests that rule a line out, cheapest first (asked of every body line)
    if "。" in line.text:
        return False  # a headline is not a sentence
    prev = lines[pos - 1] if pos else None
    after_headline = prev is not None and prev.role is _HEADLINE and not line.blank_before
    if prev is not None and not (line.blank_before or after_headline or sparse):
        return False
    if _dateline_opens(line.text) or (
        names_a_credit(line.text) and PHOTO_CREDIT_RE.search(line.text)
    ):
        return False
    if _bracketed(line.text):
        return False
    if prev is not None and not terminal_at(lines, pos - 1):
        # where blank lines are rare, one sets a box apart
        if sparse:
            return (
                _short_apart(lines, pos, wraps)
                or _short_box(lines, pos, wraps)
                or _lone_inset(lines, pos, wraps)
                or _wide_alone(lines, pos, wraps)
            )
        return (
            _short_box(lines, pos, wraps)
            or _wide_alone(lines, pos, wraps)
            or _word_runs_past(lines, pos)
        )
    if _anchored(lines, pos, not sparse):
        return True
    if _set_wide(lines, pos, wraps):
        return True
    if prev is not None and prev.role is _BYLINE:
        # the byline stands between a headline and its text — unless the extractor printed
        # the byline's box before the headline's: a short line alone between blank lines,
        # with no punctuation, over a paragraph's indented opening is no text of its own
        return _short_over_opening(lines, pos, wraps)
    nxt = lines[pos + 1] if pos + 1 < len(lines) else None
    glued = nxt is not None and not nxt.blank_before
    column = _local_width(wraps, pos, line.width)
    tolerance = max(1.0, 0.1 * column)
    if glued and nxt.role is _BODY:
        if (
            nxt.text[-1] in BODY_END
            and not after_headline
            and (ends_sentence(nxt.text) or nxt.width < column - tolerance)
        ):
            # a two-line paragraph: indented first line, short last line (a full line ending
            # in a comma runs on, and says nothing against a headline above it)
            return False
        if _opens_paragraph(nxt, column, tolerance) and (
            line.width > nxt.width + 1 or _opens_box_over_paragraph(lines, pos, sparse)
        ):
            return True  # text starts on the next line, indented: this one stands above it
        if (
            "。" not in nxt.text
            and not (_opens_paragraph(line, column, tolerance) and _clauses(line, nxt))
            and _ends_block(lines, pos + 1)
            and (abs(nxt.width - column) > tolerance or not _flows_on(lines, pos + 2, column))
        ):
            return True  # a two-line headline standing apart from the text
        if nxt.width >= column - tolerance or "。" in nxt.text:
            # running text follows: only a subhead far narrower than both columns stands out
            narrowest = min(
                _local_width(wraps, pos, column, -1), _local_width(wraps, pos, column, 1)
            )
            return line.width <= narrowest - _SUBHEAD_GAP
        return line.width <= column - _INDENT - tolerance / 2 or line.width > column + tolerance
    if (
        nxt is not None
        and _column_break_after_indent(line, nxt, column, tolerance)
        and not _anchored(lines, pos + 1, not sparse)
        # the rest of a paragraph set alone must end it: one unfinished line of no clauses
        # standing alone is no paragraph's rest (a second headline, a label)
        and not (
            _ends_block(lines, pos + 1)
            and not is_terminal(nxt)
            and not any(mark in nxt.text for mark in "，；、")
        )
    ):
        return False
    alone = pos == 0 or line.blank_before or after_headline or pos + 1 >= len(lines)
    if _ends_block(lines, pos) and alone:
        # one line alone between blanks that does not end a sentence; a line glued under
        # text and ending its box is that text's line before a column break; one that
        # leaves a quote open (…受台风“巴) stops inside a word: its rest is elsewhere
        return not _leaves_open(line.text)
    if _clauses(line) and abs(line.width - (column - _INDENT)) <= tolerance / 2:
        return False  # an indented line running in clauses opens a paragraph
    return line.width < column - tolerance or line.width > column + tolerance


def _opens_box_over_paragraph(lines: list[Line], pos: int, sparse: bool) -> bool:
    """Where blank lines are rare, one opens a text box. A line that opens a box, runs in
    no clauses and ends no sentence, glued onto a paragraph's indented first line, is no
    body line however narrow: text that ends no sentence is never followed by a new
    paragraph. It is the box's headline (the caller has seen the indented line under it)."""
    return sparse and (pos == 0 or lines[pos].blank_before) and not _clauses(lines[pos])


def _wider_than_column(lines: list[Line], pos: int, wraps: list[tuple[int, float]]) -> bool:
    """A line set wider than the text column around it, standing apart (a blank line before
    it, or none at all on this page): no body line is wider than its column."""
    line = lines[pos]
    column = _local_width(wraps, pos, line.width)
    return line.width > column + 2 * max(1.0, 0.1 * column) and (pos == 0 or line.blank_before)


# Running punctuation inside a line: a caption or a lede set wide is made of clauses.
_CLAUSE_MARKS = "，；,;"


def _short_apart(lines: list[Line], pos: int, wraps: list[tuple[int, float]]) -> bool:
    """Justified text fills its measure: only a paragraph's last line (which ends a
    sentence) and its indented first line are shorter. So after a break, one or two lines
    clearly shorter than the column, without any punctuation, standing apart (a break
    after them) are not the rest of the sentence before the break: they are a headline
    set there, whatever the line before it says."""
    line = lines[pos]
    if not line.blank_before:
        return False
    column = _local_width(wraps, pos, line.width)
    short = column - _INDENT - max(1.0, 0.1 * column)
    end = pos
    while end + 1 < len(lines) and not lines[end + 1].blank_before and end - pos < 1:
        end += 1
    if not _ends_block(lines, end):
        return False
    group = lines[pos : end + 1]
    return all(
        member.role is _BODY
        and member.width <= short
        and not any(mark in member.text for mark in BODY_END)
        for member in group
    )


def _wide_alone(lines: list[Line], pos: int, wraps: list[tuple[int, float]]) -> bool:
    """No body line is wider than its column. A box of one to three lines between blank
    lines, each clearly wider than the column around it and made of no clauses and no
    sentence, is a headline wherever it stands — even right after text that stops in
    mid-sentence: the sentence goes on past it (a headline set across the columns, or
    beside the text)."""
    span = _box_span(lines, pos)
    return span is not None and all(
        lines[at].role in (_BODY, _HEADLINE)
        and "。" not in lines[at].text
        and _set_wide(lines, at, wraps)
        for at in range(span[0], span[1] + 1)
    )


def _box_span(lines: list[Line], pos: int) -> tuple[int, int] | None:
    """First and last line of the text box (a run between blank lines) the line at ``pos``
    is in, if it holds no more lines than a headline may wrap onto (else None)."""
    start = pos
    while start > 0 and not lines[start].blank_before and pos - start < _MAX_HEADLINE_LINES:
        start -= 1
    end = pos
    while not _ends_block(lines, end) and end - start < _MAX_HEADLINE_LINES:
        end += 1
    if end - start + 1 > _MAX_HEADLINE_LINES:
        return None
    if (start > 0 and not lines[start].blank_before) or not _ends_block(lines, end):
        return None
    return start, end


def _lone_inset(lines: list[Line], pos: int, wraps: list[tuple[int, float]]) -> bool:
    """Where blank lines are rare, a line standing alone between two of them right after
    text that stops in mid-sentence is no part of that sentence when it cannot go on with
    it: the sentence's next line fills the measure unless it ends the sentence, so a line
    clearly shorter than the column that ends no sentence is not it; nor is a line the
    sentence runs past, its word going on in the line after it (服务发 | … | 展全局). Made
    of no clauses and no sentence, it is a headline set beside the text (an inset)."""
    line = lines[pos]
    if not line.blank_before or not _ends_block(lines, pos) or pos + 1 >= len(lines):
        return False
    text = line.text
    if "。" in text or _clauses(line) or (text[-1] in BODY_END and text[-1] not in _HEADLINE_END):
        return False
    prev, nxt = lines[pos - 1], lines[pos + 1]
    if joins_word(prev.text, nxt.text) and not joins_word(prev.text, text):
        return True
    column = _local_width(wraps, pos, line.width)
    return text[-1] not in BODY_END and line.width < column - max(1.0, 0.1 * column)


def _word_runs_past(lines: list[Line], pos: int) -> bool:
    """A line alone in its box (blank lines around it) between a line that stops in
    mid-sentence and one whose word goes on with it (…更是古 | … | 人对…: 古人, a word the
    page prints) is not in that sentence: the sentence runs past it. Made of no clauses
    and no sentence, it is a headline set beside the text (an inset)."""
    line = lines[pos]
    if not line.blank_before or not _ends_block(lines, pos) or pos + 1 >= len(lines):
        return False
    text = line.text
    if "。" in text or _clauses(line) or text[-1] in BODY_END:
        return False
    prev, nxt = lines[pos - 1], lines[pos + 1]
    return joins_word(prev.text, nxt.text) and not joins_word(prev.text, text)


def _short_box(lines: list[Line], pos: int, wraps: list[tuple[int, float]]) -> bool:
    """A run of lines between blank lines is a text box: a paragraph (or part of one) or a
    headline. Justified text fills its measure: a paragraph's lines are full but
    for its indented first line and its last, which ends the sentence. A box of two or
    three lines, each clearly shorter than the column and none with any punctuation, is
    therefore no part of a paragraph, wherever it stands — even between the two halves of
    a broken sentence: it is a headline set there (an inset beside the text). This holds
    whatever the extractor's blank-line habit: where blank lines are rare, the blank line
    around the box is itself evidence it was set apart. A single short line is left to the
    other tests: alone it may be a label or a list item."""
    span = _box_span(lines, pos)
    if span is None or span[0] == span[1]:
        return False
    start, end = span
    column = _local_width(wraps, pos, lines[pos].width)
    short = column - _INDENT - max(1.0, 0.1 * column)
    box = lines[start : end + 1]
    return all(
        member.role in (_BODY, _HEADLINE)
        and member.width <= short
        and not any(mark in _phrase(member, box) for mark in BODY_END)
        and not any(mark in _phrase(member, box) for mark in _CLAUSE_MARKS)
        for member in box
    )


def _phrase(member: Line, box: list[Line]) -> str:
    """A box line's text as punctuation evidence: a comma closing a line other than the
    box's last is where a headline of two phrases (防护全方位，| 从容赴山野) was broken, and
    says nothing about running text; a box whose last line ends in a comma runs on."""
    if member is not box[-1] and member.text.endswith("，"):
        return member.text[:-1]
    return member.text


def _clauses(*lines: Line) -> bool:
    """Do the lines run in clauses (a comma or semicolon inside), as sentences do?"""
    return any(mark in line.text[:-1] for line in lines for mark in _CLAUSE_MARKS)


def _set_wide(lines: list[Line], pos: int, wraps: list[tuple[int, float]]) -> bool:
    """No body line is wider than its column: a line after finished text set clearly
    wider than the column around it, made of no clauses and not running on into the end of
    a sentence, is a headline (a caption or a lede set across columns runs in clauses)."""
    line = lines[pos]
    column = _local_width(wraps, pos, line.width)
    if line.width <= column + 2 * max(1.0, 0.1 * column):
        return False
    if any(mark in line.text for mark in _CLAUSE_MARKS):
        return False
    nxt = lines[pos + 1] if pos + 1 < len(lines) else None
    # a wide line running on into the end of its sentence is a paragraph set wide
    runs_on = nxt is not None and not nxt.blank_before and nxt.role is _BODY
    return not (runs_on and ends_sentence(nxt.text))


def _short_over_opening(lines: list[Line], pos: int, wraps: list[tuple[int, float]]) -> bool:
    """Is the line alone between blank lines, clearly shorter than an indented opening and
    with no punctuation at all, right over a paragraph's indented first line? A paragraph
    of one line ends its sentence; this is a headline."""
    line = lines[pos]
    if pos + 1 >= len(lines) or not line.blank_before or not lines[pos + 1].blank_before:
        return False
    if any(not (is_cjk(ch) or ch.isalnum() or ch in "“”‘’《》 ") for ch in line.text):
        return False
    column = _local_width(wraps, pos, line.width)
    tolerance = max(1.0, 0.1 * column)
    return line.width < column - _INDENT - tolerance and _opens_paragraph(
        lines[pos + 1], column, tolerance
    )


def _opens_paragraph(line: Line, column: float, tolerance: float) -> bool:
    """Is the line a paragraph's indented first line (about two characters short of a full
    line, and running on)?"""
    return (
        line.role is _BODY
        and abs(line.width - (column - _INDENT)) <= max(0.75, tolerance / 2)
        and not ends_sentence(line.text)
    )


def _flows_on(lines: list[Line], pos: int, column: float) -> bool:
    """Is the line at ``pos`` full-width running text (a column break continuing)?"""
    if pos >= len(lines):
        return False
    line = lines[pos]
    tolerance = max(1.0, 0.1 * column)
    return (
        line.role is _BODY
        and (abs(line.width - column) <= tolerance or ends_sentence(line.text))
        and not _dateline_opens(line.text)
    )


def _ends_block(lines: list[Line], pos: int) -> bool:
    """Is the line followed by a blank line or the end of the page?"""
    return pos + 1 >= len(lines) or lines[pos + 1].blank_before


def _anchored(lines: list[Line], pos: int, spaced: bool = False) -> bool:
    """A line glued to a byline, a subtitle, a dateline (本报讯…) or a （上接…） fragment below
    it is (the end of) its headline. Where this extractor prints a blank line after every
    text box (``spaced``), a byline or subtitle one blank line below counts as glued."""
    if pos + 1 >= len(lines):
        return False
    nxt = lines[pos + 1]
    if nxt.blank_before:
        return spaced and nxt.role in (_BYLINE, _SUBTITLE)
    if nxt.role in (_BYLINE, _SUBTITLE) or nxt.continued_from is not None:
        return True
    # a dateline opens an article's text: the unfinished line just above it is headline
    return nxt.role is _BODY and opens_with_dateline(nxt.text)


def _column_break_after_indent(line: Line, nxt: Line, column: float, tolerance: float) -> bool:
    """An indented first line, then a column break (or a text box boundary), then the rest
    of its paragraph: full text flowing on, or a short line ending the sentence."""
    indented = abs(line.width - (column - _INDENT)) <= tolerance
    if not indented or nxt.role is not _BODY or _dateline_opens(nxt.text):
        return False
    if column - tolerance / 2 <= nxt.width <= column + tolerance:
        return True  # full text flowing on
    # or the paragraph's last line: extractors that print every text box apart may set the
    # indented first line of a two-line paragraph apart from its short last line
    return ends_sentence(nxt.text) and nxt.width <= column + tolerance


def _confirm_subtitles(lines: list[Line]) -> None:
    """``——…`` is a subtitle only under a headline; in running text it starts a list item."""
    for pos, line in enumerate(lines):
        if line.role is _SUBTITLE:
            prev = lines[pos - 1] if pos else None
            if prev is None or prev.role not in (_HEADLINE, _SUBTITLE):
                line.role = _BODY


# Around a column break, this many characters on each side are read as words.
_JOIN_REACH = 4


def joins_word(left: str, right: str) -> bool:
    """Does a word run across the break between ``left`` and ``right`` (多尺度结|构)?

    Read as jieba cuts the characters around the break without its HMM: it cuts a text as
    blocks (runs of Han, letters and digits: its ``re_han_default``), everything else one
    character at a time, and a block along its best route; the break is inside a word if
    that route steps over it. Only the route is walked, not jieba's cut (a generator, its
    regular expressions and tuples: 35 µs a break, asked ~5 times a page);
    ``test_caches`` compares the two."""
    from reader.language.segmenter import route_ends  # jieba's dictionary: loaded on first use

    tail, head = "".join(left.split())[-_JOIN_REACH:], "".join(right.split())[:_JOIN_REACH]
    if not tail or not head or not (is_cjk(tail[-1]) and is_cjk(head[0])):
        return False
    text, cut = tail + head, len(tail)
    for block in _HAN_BLOCK_RE.finditer(text):
        if block.start() < cut < block.end():  # the break inside the block: on its route?
            ends, at, cut = route_ends(block.group()), 0, cut - block.start()
            while at < cut:
                at = ends[at]
            return at != cut
    return False  # the break at a block's edge, or beside a character cut alone


# jieba's blocks: ``jieba.re_han_default`` (copied, so that this module does not import
# jieba before the dictionary is needed).
_HAN_BLOCK_RE = re.compile("[\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+")


# Of several runs whose words join a broken line, one goes on with it only if it shares
# clearly more of the text's vocabulary than the next best.
CLEARLY = 1.5


def blank_runs(lines: Sequence[Line]) -> list[list[Line]]:
    """The page's runs of lines between blank lines (a column's run, a text box)."""
    runs: list[list[Line]] = []
    for line in lines:
        if line.blank_before or not runs:
            runs.append([line])
        else:
            runs[-1].append(line)
    return runs


def untangle_columns(lines: list[Line], habit: float | None = None) -> list[Line]:
    """Extractors that print columns one after another may put the rest of a sentence
    broken at a column's foot after another column (or before it): the text after the
    break then does not read on from the line before it. A sentence goes on where the
    words join: where a line stops unfinished before a break and the run after the break
    does not continue its words (no word runs across: a headline, another text), while a
    run elsewhere that starts in mid-sentence does — its own predecessor not joining it,
    and, of several such runs, the one clearly sharing most of the text's vocabulary — that
    run is moved to follow the line it completes. A sentence does not go on into a new
    paragraph or item either: where the run after the break opens with an indented line, a
    dateline or a jump line, a run of text opening mid-sentence (after text that ended) that
    clearly shares most of the text's vocabulary, and more than the run after the break, is
    its rest though no word runs across. Pages whose extractor prints every text
    box apart keep their order (it is the reading order of the boxes). ``habit``: the
    lines' ``blank_habit``, if the caller has it already."""
    if len(lines) < 4:
        return lines
    if (blank_habit(lines) if habit is None else habit) >= SPARSE_BLANKS:
        return lines  # where every text box is printed apart, its order is the reading order
    runs = blank_runs(lines)
    pos = 0
    while pos < len(runs) - 1:
        last, following = runs[pos][-1], runs[pos + 1][0]
        pos += 1
        if not _dangles(last):
            continue
        if _mid_sentence(following) and joins_word(last.text, following.text):
            continue
        # a sentence does not go on into a new paragraph or item: after an indented opening,
        # a dateline or a jump line, its rest may be any run of text that opens mid-sentence
        opens = following.role is _BODY and not _mid_sentence(following)
        candidates = [
            k
            for k in range(len(runs))
            if k not in (pos - 1, pos)
            and _mid_sentence(runs[k][0])
            and (
                joins_word(last.text, runs[k][0].text)
                or (opens and len(runs[k]) > 1 and not (k and _dangles(runs[k - 1][-1])))
            )
            and not (k and _continues(runs[k - 1][-1], runs[k][0]))
        ]
        if not candidates:
            continue
        here = bigram_set("".join(line.text for line in runs[pos - 1]))
        ranked = sorted(candidates, key=lambda k: -_cohesion(here, runs[k]))
        best = _cohesion(here, runs[ranked[0]])
        if len(ranked) > 1 and best < CLEARLY * _cohesion(here, runs[ranked[1]]):
            continue  # several runs could go on here: none clearly does
        if (
            _mid_sentence(following) or not joins_word(last.text, runs[ranked[0]][0].text)
        ) and best <= _cohesion(here, runs[pos]):
            continue  # the words of the text do not go on there either
        moved = runs.pop(ranked[0])
        if ranked[0] < pos:
            pos -= 1
        runs.insert(pos, moved)
    return [line for run in runs for line in run]


def _cohesion(words: frozenset[int], run: list[Line]) -> float:
    """Share of a run's vocabulary (character bigrams) found in ``words``."""
    other = bigram_set("".join(line.text for line in run))
    return len(words & other) / len(other) if other else 0.0


def _continues(line: Line, following: Line) -> bool:
    """Does ``following`` go on with the words of ``line``, which stops in mid-sentence?"""
    return _dangles(line) and joins_word(line.text, following.text)


def _dangles(line: Line) -> bool:
    """A full body line that stops in mid-sentence (at the foot of a column)."""
    return (
        line.role is _BODY
        and not line.markers
        and not is_terminal(line)
        and line.width >= line.column - max(1.0, 0.1 * line.column)
    )


def _mid_sentence(line: Line) -> bool:
    """A body line that cannot open a paragraph or an item: it goes on with a sentence."""
    return (
        line.role is _BODY
        and not line.markers
        and not _dateline_opens(line.text)
        and not (line.column and abs(line.width - (line.column - _INDENT)) <= 0.75)
    )
