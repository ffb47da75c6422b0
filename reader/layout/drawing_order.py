"""Pages printed in drawing order: text with no blank lines at all (pypdfium2's page text,
PyMuPDF's default).

Such an extractor prints each text box whole, in the order the page was drawn, and never
sets anything apart: a headline may come before its body or after it, two headlines drawn
side by side share a line, and two articles whose boxes were drawn one after the other meet
at a bare paragraph break — a finished sentence, then an indented line — exactly like two
paragraphs of one text. Blank lines say nothing there; what the page prints does, and the
rules below read it the way a typesetter would. They run only on pages with no blank line
anywhere (``is_drawing_order``): where an extractor prints blank lines, even rarely, they
already mark where boxes end, and those pages are left exactly as the other modules read
them.

Lines by their boxes (``_split_baselines``, first): two boxes drawn side by side on one
baseline come out on one line with a space between them — a text's last line and a byline, a
dateline or a headline set beside it. No sentence runs on into a byline, a dateline opens a
text, and no line of one box is wider than the box: after a sentence's end, the line is cut
in two where a byline or a dateline follows, or where the line is wider than the box it ends
(the line above it, or the column). A line wider than its box with no sentence end to cut at
is cut before a byline, else after the widest first piece that fits the box (a headline set
beside a text's line); a headline line is cut only before a byline. A space inside a
caption's own line, or between the words of a Latin name, stays. A jump line
(（下转第四版）) goes with the piece it ends. Where the line above stops in mid- sentence
and only the second piece finishes a sentence, the first — no clause in it — is a box set
beside the text's last line (a headline), read after it (``_beside_last_line``). Where the
first piece, running text with a clause, stops in mid-sentence and the line under the two
goes on with it, the second piece (no sentence end) is a headline drawn on the text's
baseline: it is lifted out of the sentence to a paragraph end ahead, in the same text, whose
text after it names clearly more than the text before — a headline stands before its own
text; of several such ends, the one where the text after best contains its words and shares
least vocabulary with the text before (``_lift_out_of_sentence``) — or after it: one that
names the text before the interrupted one (before the headlines between them) clearly more
is set after that text (``_lift_to_previous``). A dateline or an editor's note (编者按：)
set in its own face may be drawn after the rest of its line: a lone running line that ends
no sentence, before a dateline or note line that runs on, is read after it when a box opens
there — after a line that is no running text, or after finished text with its last word
running on into the line under the opener (…近年来，极 / 编者按：… / 端强降水…; no word is
broken across two boxes) (``_dateline_first``).

Headlines by their shape (``mark_headlines``, on the classified lines):
- justified text fills its measure and a paragraph's first line is indented, so after a
  paragraph's last line (a sentence end on a line clearly shorter than the column) the
  text goes on with an indented line. A line there that runs in no clauses and is set
  wider than the column — or flush, followed by the opening of a text (a dateline, a
  byline, an indented line, a line in another measure) — is a headline. A paragraph may
  end on a full line too, but no running line is wider than its column: after any
  sentence end, an unpunctuated line set wider than the column before a text's opening
  is a headline (``_wide_after_sentence``). A paragraph's first
  line runs on into a full line or into the sentence's end: two unpunctuated lines there
  whose second does neither, before a text's opening, are a headline. A headline may ask
  (…为何…？), but a question right after another is the text asking on; a caption ends
  with its credit (图/文 X), and what follows it starts afresh;
- a headline set in a narrow box beside its text wraps every few characters: after
  finished text, a run of lines at most half the column wide, none with clauses or a
  bracketed note, followed by the opening of a text, is one headline; a short
  unpunctuated line under a headline line, followed by the opening of a text, is that
  headline wrapped (…捕捉“无先例”台 / 风), and two unpunctuated lines under a headline
  line, followed by the opening of a text, go on with it whatever their width (a column
  label over a two-line headline as wide as the column: no paragraph opens flush there);
  a headline line broken inside a word (…全球防灾伙 / 伴关系…) goes on in the line under it,
  however wide, when that line ends on a whole word (``_word_goes_on``);
- some papers print the reporter's bare name under the headline (王江宇): a line of one
  personal name under a headline line, over a text's opening, is the byline
  (``_name_bylines``);
- a narrow box wraps where its measure ends, not where the headline's phrases do
  (专家解读今 / 夏气候格局—— / 主汛期降水 / “早而猛” / 台风活跃期 / 将至): three or more
  narrow headline lines in a row are printed as one headline line (``_collapse_boxes``), so
  that no short piece of it is read as a column label or a subtitle. Each line of a box
  but its last fills the measure (to a word: a number is not broken), so only a label's
  word on top, clearly shorter than the line under it (基层动态), stays a label. Two lines
  are left as they are: they may be two phrases set one under the other (薪火传百年 /
  数据鉴初心), which the headline group keeps as two;
- a dateline (本报讯…) or an editor's note (编者按：) opens an article's text, so the
  unpunctuated lines stacked above it, back to finished text, are headlines (its own, and
  perhaps that of the text before it, drawn after that text); a byline follows its
  headline, so the lines between finished text and a byline are headlines, even of two
  phrases, as long as none is a sentence; a line between finished text and a headline or
  byline, which no text follows, is no paragraph (an article ends on a statement or a
  signature): it is a headline too.

A headline is a whole phrase: it closes every bracket and quote it opens. A line taken
for a headline (by these rules or the page-wide ones) that leaves one open for the body
line under it to close (品读《习近平的七年知青岁 / 月》，…) is the first line of that text
(``_unmark_open_brackets``, after the rules above); nor does it break a word into the
running text under it (相关信访举报件将持续按 / 照中央督察组…): such a line is that text's
(``_unmark_broken_words``).

Headlines by their words (on the page stream):
- two headlines drawn side by side come out on one line with a space between them: where
  each half is a headline's width and names a different text — the text contains its
  words, wherever they stand in it, since its opening may be another article's — the line
  is two headlines (``split_shared_line``); a two-line headline beside a one-line one comes
  out around it (甲上 乙 甲下), or beside its second line, which completes a word its first
  line breaks (…和党 / 乙 员教育…); a subtitle under the line goes with the headline of the
  text under it, and names that text with it (a feature headline need not repeat its
  text's words);
- every headline heads an article of its own, and each article's headline is printed right
  before or right after its own text. So two articles print as one text only when the
  first one's headline was drawn before it and the second one's after it: a second
  headline on the *other* side of a text from the headline it got, with nothing but
  headlines between them, whose words the text contains (clearly more of them than the
  text it was given, if any), says the text is two articles joined. It is cut at the
  paragraph break where each part best contains its own headline's words, the part below
  no longer speaks of the upper headline's subject (a text is about its own subject to its
  end; the text before may lead up to the next one's), and the two parts share the least
  vocabulary (lexical cohesion, as in TextTiling), and headlines are
  then assigned again (``split_joined``). A headline that has cut a text heads the part it
  cut off, whatever it was first given: the text it was given is untitled so far, and a
  headline group beside that text is its own, not a sign of another join. A feature's
  headline need not repeat its text's words, but a complete headline group — headline and
  byline — that no text got says the same: the text is cut where it changes subject (each
  part keeping two paragraphs or more). A headline on the same side as the title is part
  of the same headline group (a kicker, a second line); a label of four characters or
  fewer (科普园地, 气象服务) names a column, not an article, and cuts nothing. Two
  headlines drawn one under the other between two texts (the upper one after its own
  text, the lower one before its own) come out as one group, which the text below gets;
  when the text above already has a headline printed before it and the group's upper
  lines name it, clearly more than the text below, that text is two articles joined: it
  is cut, and so is the group (``_cut_by_stacked``).

A headline given to the text under it, while the article text right above it got none, is
that text's when it names it clearly more (its words are there, hardly under it): drawn
after its text with its subtitle and byline (``_give_to_named_neighbour``, after the cuts).

Headlines shared by position (``share_by_position``, after that): every text has a
headline drawn right before or right after it. A headline group of several lines that the
text on one side of it got, while the article text on its other side got none, is the two
texts' headlines drawn one under the other (a special page's theme line under its editor's
note, then the first article's headline): the upper lines head the text above, the lower
ones the text below, with the byline (it follows its own headline). It is cut only between
lines that end and start a phrase, never in a word the page prints or after a colon or
dash; and not where the text above is the rest of a sentence begun in the text before it.
Feature headlines rarely repeat their text's words, so here position decides. For the
same reason, a headline group with its own byline that was taken as the column label of
the text after the next headline (a label carries no byline) heads the untitled article
text right before it (``_give_back_signed_labels``).

Sections of a roundup: its byline names its team (three or more reporters), and each
section under its short head (焦作 / 漯河) is signed by the one who wrote it (（张莹）): such a
signature closes the section, not the article (``_open_team_sections``).

Sections of a feature (``merge_sections``, before in-body subheads are folded): a section
head often opens with a short phrase on a line of its own (攻克数据孤岛 / 实现多源异构数据
深度融合), which reads like a column label over a headline. Two or more two-line heads in
one run of text, none followed by a byline or a dateline, are a feature's sections: they
are judged as subheads; any other labelled head keeps its label.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from reader.layout.blocks import Block, Head, Item, Para
from reader.layout.bylines import team_names
from reader.layout.headlines import (
    Attached,
    Fit,
    assign,
    merge_subheads,
    share_between_neighbours,
)
from reader.layout.lines import _AGENCY as AGENCY
from reader.layout.lines import _BARE_NAME_RE as BARE_NAME_RE
from reader.layout.lines import _BULLET as BULLET
from reader.layout.lines import _SURNAMES as SURNAMES
from reader.layout.lines import (
    DATELINE_RE,
    SLASH_CREDIT_RE,
    Line,
    Role,
    closing_note,
    is_byline,
    joins_word,
    signed_name,
    terminal_at,
)
from reader.layout.markers import Direction
from reader.layout.text import bigrams, cosine, ends_sentence, join_wrapped, visual_width
from reader.model import Kind

# A page this long with no blank line at all was printed in drawing order.
MIN_LINES = 20
# A headline group this narrow is a column label (科普园地), not an article's headline.
LABEL_WIDTH = 4.0
# A headline names a text that contains this much of its words (weighted by rarity).
NAMED = 0.35
# ...and clearly more of them than the text it was given (if any) contains.
MARGIN = 0.2
# Each part of a cut text must contain at least this much of its own headline's words.
PART_COVERAGE = 0.3


def is_drawing_order(text: str) -> bool:
    """Is the page printed in drawing order: many lines and not one blank line between them?
    (Asked several times per page: a scan that stops at the first blank line.)"""
    text = text.strip()
    return text.count("\n") + 1 >= MIN_LINES and _BLANK_LINE_RE.search(text) is None


_BLANK_LINE_RE = re.compile(r"\n[^\S\n]*\n")
# A paragraph's first line is indented by about this many characters.
INDENT = 2.0
# A headline set in a narrow box beside its text wraps onto at most this many lines.
NARROW_LINES = 8
# Headlines stacked above a text's opening: at most this many lines (two headlines).
STACK_LINES = 6
# 编者按：… opens a feature's text, as a dateline opens a news article's.
EDITORS_NOTE_RE = re.compile(r"^\s*编者按")
# A headline may ask or exclaim.
QUESTION = "？！?!"
# Marks that make a line part of a sentence: a headline has none inside.
CLAUSE_MARKS = "，；。,;、"


def mark_headlines(lines: list[Line]) -> None:
    """Headlines the page's shape gives away where no blank line sets them apart (the
    rules are listed in the module docstring). Roles are changed in place."""
    _split_baselines(lines)
    _dateline_first(lines)
    _mark_stacks(lines)
    for pos in range(1, len(lines)):
        line = lines[pos]
        if line.role not in (Role.BODY, Role.HEADLINE):
            continue
        # the cheap tests of the line itself come first: most lines are running text
        narrow = _narrow_run(lines, pos)
        if narrow and _after_finished(lines, pos):
            for member in lines[pos : pos + narrow]:
                member.role = Role.HEADLINE
            continue
        if line.role is not Role.BODY:
            continue
        opens = _before_head(lines, pos) or (
            (
                (_unindented_head(lines, pos) and _after_paragraph(lines, pos))
                or _wide_after_sentence(lines, pos)
            )
            and not (_asks(line) and _asks(lines[pos - 1]))
        )
        wraps = lines[pos - 1].role is Role.HEADLINE and (
            _headline_rest(lines, pos) or _word_goes_on(lines, pos)
        )
        if opens or wraps:
            line.role = Role.HEADLINE
        elif (lines[pos - 1].role is Role.HEADLINE and _headline_on(lines, pos)) or (
            _two_line_head(lines, pos) and _after_paragraph(lines, pos)
        ):
            line.role = lines[pos + 1].role = Role.HEADLINE
    _name_bylines(lines)
    _unmark_broken_words(lines)
    _unmark_open_brackets(lines)
    _collapse_boxes(lines)


def _unmark_broken_words(lines: list[Line]) -> None:
    """A headline is set apart from its text: it never breaks a word into the text's first
    line. A line taken for a headline whose last word runs on into the running text under
    it (相关信访举报件将持续按 / 照中央督察组…), and is no wider than its column, is that
    text's line. Only a line that goes on with text counts: a text's opening (an indented
    line, a caption in another measure) starts afresh, whatever word its first characters
    make with the line above. (A headline broken inside a word goes on in a line of its
    own, ``_word_goes_on``.)"""
    for pos in range(len(lines) - 1):
        line, nxt = lines[pos], lines[pos + 1]
        if line.role is not Role.HEADLINE or nxt.role is not Role.BODY:
            continue
        if line.width > line.column + max(1.0, 0.1 * line.column):
            continue  # wider than the column: no line of its text
        if not _opening_after(lines, pos + 1, line.column) and joins_word(line.text, nxt.text):
            line.role = Role.BODY


def _name_bylines(lines: list[Line]) -> None:
    """Some papers print the reporter's bare name under the headline (王江宇), with no
    本报记者 before it. A line that is one personal name (a common surname, two to four
    characters) under a headline line, over the opening of a text, is that byline: a
    headline does not end on a name, and text does not stop on one and open a paragraph.
    A headline's wrapped rest is no name: its word runs on from the line above (…万平 |
    方米)."""
    for pos in range(1, len(lines) - 1):
        line, above = lines[pos], lines[pos - 1]
        if line.role not in (Role.HEADLINE, Role.BODY) or above.role is not Role.HEADLINE:
            continue
        text = line.text.strip()
        if not BARE_NAME_RE.match(text) or text[0] not in SURNAMES:
            continue
        if lines[pos + 1].role is not Role.BODY or not _opening_after(lines, pos + 1, line.column):
            continue
        if not joins_word(above.text, text):
            line.role = Role.BYLINE


# A headline wrapped onto this many lines or more is set in a narrow box; two lines may be two
# phrases set one under the other (薪火传百年 / 数据鉴初心), which the headline group keeps.
BOX_LINES = 3


def _collapse_boxes(lines: list[Line]) -> None:
    """A headline set in a narrow box wraps wherever its box ends, not where its phrases
    do (专家解读今 / 夏气候格局—— / 主汛期降水): its lines are one headline, printed as one
    line, as a vertical title is (a short piece among them is no label or subtitle). Each
    line of a box but its last fills the box's measure (to a word: a number is not broken),
    so a word of a label's length at the top, clearly shorter than the line under it, is
    a column label set over the box (基层动态)."""
    pos = len(lines) - 1
    while pos > 0:
        end = pos + 1
        while pos >= 0 and _in_box(lines[pos]):
            pos -= 1
        start = pos + 1
        if end - start >= 2 and _label_over(lines, start):
            start += 1
        if end - start >= BOX_LINES:
            _collapse(lines, start, end - start)
        if end == pos + 1:
            pos -= 1


def _in_box(line: Line) -> bool:
    """A headline line at most half the column wide, with no clause or note in it."""
    return (
        line.role is Role.HEADLINE
        and 0 < visual_width(line.text.strip().rstrip(_CLOSING)) <= line.column / 2
        and not line.markers
        and not any(mark in line.text for mark in "，；。,;")
        and not _note(line.text)
    )


def _label_over(lines: list[Line], pos: int) -> bool:
    """Is the line a column label's word, clearly shorter than the box line under it?"""
    upper = visual_width(lines[pos].text)
    lower = visual_width(lines[pos + 1].text.strip().rstrip(_CLOSING))
    return upper <= LABEL_WIDTH and upper + 1 < lower


# Marks a line of a narrow box may end with beyond the box's measure.
_CLOSING = "—-”’」』？！?!：:"


def _collapse(lines: list[Line], start: int, count: int) -> None:
    """Print the lines of a narrow box as one headline line."""
    members = lines[start : start + count]
    text = ""
    for member in members:
        text = join_wrapped(text, member.text.strip())
    first = members[0]
    lines[start : start + count] = [
        replace(
            first,
            text=text,
            width=sum(member.width for member in members),
            sources=[source for member in members for source in member.sources],
            markers=[],
        )
    ]


# Paired marks: a headline closes what it opens.
# Quotes and brackets, each opener with its closer.
BRACKETS = {"《": "》", "“": "”", "（": "）", "「": "」", "『": "』", "‘": "’", "(": ")"}


def _unmark_open_brackets(lines: list[Line]) -> None:
    """A headline is a whole phrase: it closes every bracket and quote it opens. A line
    taken for a headline that leaves one open for the body line under it to close (品读
    《习近平的七年知青岁 / 月》，黄土高原上的…) is the first line of that text's sentence."""
    for pos in range(len(lines) - 1):
        line, nxt = lines[pos], lines[pos + 1]
        if line.role is not Role.HEADLINE or nxt.role is not Role.BODY:
            continue
        still_open = open_mark(line.text)
        if still_open is not None and BRACKETS[still_open] in nxt.text:
            closes = nxt.text.index(BRACKETS[still_open])
            if not any(mark in nxt.text[:closes] for mark in BRACKETS):
                line.role = Role.BODY


def open_mark(text: str) -> str | None:
    """The last bracket or quote the text opens and does not close, if any."""
    stack: list[str] = []
    closing = {close: open_ for open_, close in BRACKETS.items()}
    for ch in text:
        if ch in BRACKETS:
            stack.append(ch)
        elif ch in closing and stack and stack[-1] == closing[ch]:
            stack.pop()
    return stack[-1] if stack else None


# A sentence's end, a space, then the rest of the printed line.
_AFTER_SENTENCE_RE = re.compile(r"[。！？!?][”’」』）)]?(\s+)(?=\S)")


def _split_baselines(lines: list[Line]) -> None:
    """Two boxes drawn side by side on one baseline come out on one line, a space between
    them: the last line of one text, then a byline or a dateline set beside it (一道防线作用。
    本报通讯员 X), or a headline beside a text's line. No sentence or headline runs on into a
    byline, a dateline opens a text, and no box is wider than itself: the line is two, the
    second one what it is by itself (see the module docstring)."""
    pos = 0
    while pos < len(lines):
        line = lines[pos]
        pos += 1
        if line.role not in (Role.BODY, Role.HEADLINE):
            continue
        if " " not in line.text.strip():
            continue
        measure = max(line.column, lines[pos - 2].width if pos >= 2 else 0.0)
        tolerance = max(1.0, 0.1 * measure)
        if line.role is Role.HEADLINE:  # headlines are set wide: only a byline beside one
            cut = _byline_cut(line.text.strip())
        else:
            wider = line.width > measure + tolerance
            cut = _baseline_cut(line.text.strip(), wider)
            if cut is None and wider:
                cut = _box_cut(line.text.strip(), measure + tolerance)
        if cut is None:
            continue
        head, rest = cut
        role = Role.BYLINE if is_byline(rest) else line.role
        # a jump line goes with the text it ends (下转) or opens (上接)
        before = [m for m in line.markers if m.direction is Direction.CONTINUED_FROM]
        after = [m for m in line.markers if m.direction is not Direction.CONTINUED_FROM]
        pieces = [
            replace(line, text=head, width=visual_width(head), markers=before),
            replace(line, text=rest, width=visual_width(rest), role=role, markers=after),
        ]
        if _beside_last_line(lines, pos - 1, head, rest):
            pieces.reverse()
        top = _narrow_box_top(head, lines[pos] if pos < len(lines) else None)
        if line.role is Role.HEADLINE and top is not None:
            pieces[0] = replace(pieces[0], text=top[0], width=visual_width(top[0]))
            pieces.append(replace(line, text=top[1], width=visual_width(top[1]), markers=[]))
        lines[pos - 1 : pos] = pieces
        pos += len(pieces) - 1
        if line.role is Role.BODY and _lift_out_of_sentence(lines, pos):
            pos -= 1


def _lift_out_of_sentence(lines: list[Line], pos: int) -> bool:
    """A box set beside a line of running text that stops in mid-sentence (…2023年底前新建
    “融”通世界，按下开放发展“快进键” / 充电桩8000个。): the sentence goes on in the line
    under the two pieces, not in the second piece, which ends no sentence — a headline drawn
    on the text's baseline. It is lifted out of the sentence and set after a paragraph end
    ahead (a sentence's end on a line clearly shorter than the column), where a headline
    can stand: before the text it heads (``_best_paragraph_end``); the paragraph it
    interrupts need not be its text's last, as two articles may be joined below it. Did it
    move?"""
    head, rest = lines[pos - 2], lines[pos - 1]
    if pos >= len(lines) or rest.role is not Role.BODY or lines[pos].role is not Role.BODY:
        return False
    text = head.text.rstrip()
    if not text or ends_sentence(text) or text[-1] in "：:" or ends_sentence(rest.text.rstrip()):
        return False
    # running text, with a clause in it and no bracket left for the rest to close (not a
    # date line's pieces, nor a dateline's 本报讯（记者 / 苗欣）…)
    if not any(mark in text for mark in CLAUSE_MARKS) or open_mark(text) is not None:
        return False
    ends = []
    for end in range(pos, min(len(lines), pos + LIFT_REACH)):
        line = lines[end]
        if line.role is not Role.BODY:
            if not ends:
                return False  # the sentence runs into a box of another kind
            break
        if ends_sentence(line.text.rstrip()) and line.width < line.column - 1:
            ends.append(end + 1)
    best = _best_paragraph_end(rest, lines, pos - 2, ends)
    if best is not None:
        lines.insert(best, replace(rest, role=Role.HEADLINE))
        del lines[pos - 1]
        return True
    return _lift_to_previous(lines, pos)


def _best_paragraph_end(rest: Line, lines: list[Line], start: int, ends: list[int]) -> int | None:
    """Of the paragraph ends ahead of a headline drawn inside a sentence, the one it heads
    the text after: that text contains its words (``_names_next``), best, and shares least
    vocabulary with the text before the end (where one article stops and the next begins,
    as ``_best_cut`` reads it). None if it names the text after no end."""
    wanted = set(bigrams(rest.text))
    if not wanted:
        return None
    before = _text_start(lines, start)
    best: tuple[float, int] | None = None
    for after in ends:
        if not _names_next(rest, lines, start, after):
            continue
        stop = _text_stop(lines, after)
        upper = bigrams("".join(line.text for line in lines[before:after] if line is not rest))
        lower = bigrams("".join(line.text for line in lines[after:stop]))
        value = len(wanted & set(lower)) / len(wanted) - cosine(upper, lower)
        if best is None or value > best[0]:
            best = (value, after)
    return best[1] if best else None


def _dateline_first(lines: list[Line]) -> None:
    """A dateline or an editor's note opens its text, but one set in its own face may be
    drawn after the rest of the text's first line (黑龙江省气象局与…、 / 本报讯通讯员 X 报道近
    日，; 也带来新的考验。近年来，极 / 编者按：雨水滋养万物，): a lone running line (a clause
    in it) that ends no sentence, where a box opens (``_box_opens_at``), before an opener
    line that runs on, is no text of its own (a text ends on a sentence): it is the rest of
    the opener's line, read after it."""
    for pos in range(1, len(lines) - 1):
        line, dateline = lines[pos], lines[pos + 1]
        if line.role is not Role.BODY or not _box_opens_at(lines, pos):
            continue
        if dateline.role is not Role.BODY or not _opens_text(dateline):
            continue
        text = line.text.rstrip()
        if not text or ends_sentence(text) or ends_sentence(dateline.text.rstrip()):
            continue
        # running text (a clause in it), not a date line's or a dateline's own piece
        if DATELINE_RE.match(text.strip()) or not any(mark in text for mark in CLAUSE_MARKS):
            continue
        lines[pos], lines[pos + 1] = dateline, line


def _box_opens_at(lines: list[Line], pos: int) -> bool:
    """Does a box open at ``pos``: after a line that is no running text, or after finished
    text with the line's last word running on past the opener under it into the line after
    (…近年来，极 / 编者按：… / 端强降水…): a word is not broken across two boxes."""
    prev = lines[pos - 1]
    if prev.role is not Role.BODY:
        return True
    if pos + 2 >= len(lines) or not terminal_at(lines, pos - 1):
        return False
    return joins_word(lines[pos].text, lines[pos + 2].text)


def _lift_to_previous(lines: list[Line], pos: int) -> bool:
    """The headline lifted out of a sentence, set after the text before the one it
    interrupts, with the headlines drawn between the two, when it names that text (its
    words are there) clearly more than the one it interrupts: drawn after its own text,
    as a headline may be. Did it move?"""
    rest = lines[pos - 1]
    wanted = set(bigrams(rest.text))
    start = _text_start(lines, pos - 2)
    group = start
    while group > 0 and lines[group - 1].role is not Role.BODY:
        group -= 1
    previous = _text_start(lines, group)
    if not wanted or group == start or previous == group:
        return False
    stop = _text_stop(lines, pos)
    upper = set(bigrams("".join(line.text for line in lines[previous:group])))
    own = set(bigrams("".join(line.text for line in lines[start:stop] if line is not rest)))
    named = len(wanted & upper) / len(wanted)
    if named < NAMED or named < len(wanted & own) / len(wanted) + MARGIN:
        return False
    del lines[pos - 1]
    lines.insert(start, replace(rest, role=Role.HEADLINE))
    return True


def _names_next(rest: Line, lines: list[Line], start: int, after: int) -> bool:
    """Does a headline name the text after ``after`` (its words are there, clearly more
    than in the text it interrupts, back from ``start`` to the last line that is no
    running text)? Only there can it stand, before its own text; a headline of a text
    elsewhere on the page is not moved into the middle of another one."""
    wanted = set(bigrams(rest.text))
    if not wanted:
        return False
    before = _text_start(lines, start)
    stop = _text_stop(lines, after)
    upper = set(bigrams("".join(line.text for line in lines[before:after] if line is not rest)))
    lower = set(bigrams("".join(line.text for line in lines[after:stop])))
    named = len(wanted & lower) / len(wanted)
    return named >= NAMED and named >= len(wanted & upper) / len(wanted) + MARGIN


def _text_start(lines: list[Line], pos: int) -> int:
    """The first line of the run of running text that ``pos`` is in (or stands right after)."""
    while pos > 0 and lines[pos - 1].role is Role.BODY:
        pos -= 1
    return pos


def _text_stop(lines: list[Line], pos: int) -> int:
    """The end (exclusive) of the run of running text from ``pos`` on."""
    while pos < len(lines) and lines[pos].role is Role.BODY:
        pos += 1
    return pos


# A headline lifted out of a sentence goes at most this many lines down, to its paragraph's end.
LIFT_REACH = 30


def _narrow_box_top(head: str, below: Line | None) -> tuple[str, str] | None:
    """A headline line's last piece that is the first line of the narrow box under it
    (以确定性努力应对不确定的极端天气 决定召开二 / 十届五中全 / 会分析研究): a narrow box's
    lines fill its measure, so a piece exactly as wide as the narrow line under it, whose
    word that line completes, is that box's top line, drawn on the same baseline as the
    headline beside it. The two pieces, or None."""
    if below is None or " " not in head or below.role not in (Role.BODY, Role.HEADLINE):
        return None
    if not 0 < below.width <= below.column / 2:
        return None
    first, _, last = head.rpartition(" ")
    if abs(visual_width(last) - below.width) > 1.0 or not joins_word(last, below.text):
        return None
    return first.rstrip(), last


def _beside_last_line(lines: list[Line], pos: int, head: str, rest: str) -> bool:
    """Is the first of two pieces a box set beside a text's last line (“伴随式”执法监督 可持续
    发展。)? Where the line above stops in mid-sentence, the text goes on in the piece that
    finishes a sentence, not in a piece of no clause and no sentence end: that one is a
    box of its own, drawn with the line but read after it."""
    if pos == 0 or lines[pos - 1].role is not Role.BODY or lines[pos].role is not Role.BODY:
        return False
    above = lines[pos - 1].text.rstrip()
    if not above or ends_sentence(above) or above[-1] in "：:":
        return False
    return (
        ends_sentence(rest)
        and not ends_sentence(head)
        and not any(mark in head for mark in CLAUSE_MARKS)
    )


def _baseline_cut(text: str, wider: bool) -> tuple[str, str] | None:
    """After a sentence's end: the two pieces of a line where a byline or a dateline
    follows, or anything on a line wider than its box."""
    for gap in _AFTER_SENTENCE_RE.finditer(text):
        head, rest = text[: gap.start(1)], text[gap.end() :]
        if is_byline(rest) or wider or DATELINE_RE.match(rest):
            return head, rest
    return None


def _byline_cut(text: str) -> tuple[str, str] | None:
    """The two pieces of a line that runs on into a byline after a space. A byline opens
    with its paper's name or the reporter's title (本报记者, 记者, 通讯员), and the space
    between two boxes falls before that word, never inside it: the cut is at the gap whose
    rest opens with such a word, not at an earlier one whose rest reads as a byline only
    once the gap is closed up (决定召开二 本报记者 文科: no paper is called 决定召开二本报)."""
    for gap in _BOX_GAP_RE.finditer(text):
        rest = text[gap.end() :]
        if gap.start() and _BYLINE_WORD_RE.match(rest) and is_byline(rest):
            return text[: gap.start()], rest
    return None


# The first word of a byline (up to a space): a paper or agency's name, or a reporter's
# title, perhaps cut short by a space the extractor put inside it (本报通讯 员).
_BYLINE_WORD_RE = re.compile(
    rf"{BULLET}?\s*(?:{AGENCY}|特[约約]|[见見][习習]|[实實][习習]|首席|[驻駐]|[记記]者"
    rf"|通[讯訊]|[评評][论論]|撰稿)"
)


# A space between two boxes' text, not one between the words of a Latin name.
_BOX_GAP_RE = re.compile(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])")


def _box_cut(text: str, measure: float) -> tuple[str, str] | None:
    """A line wider than its box holds two boxes' lines: a byline after any space (no
    sentence runs on into one), else the widest first piece that fits the box."""
    cut = _byline_cut(text)
    if cut is not None:
        return cut
    for at in reversed([m.start() for m in _BOX_GAP_RE.finditer(text)]):
        if visual_width(text[:at]) <= measure:
            return text[:at].rstrip(), text[at:].strip()
    return None


def _narrow_run(lines: list[Line], pos: int) -> int:
    """How many lines from ``pos`` make a headline set beside its text in a narrow box:
    two or more lines of at most half the column, no clauses in any (a list's 、 aside),
    followed by the opening of a text. 0 if there is none."""
    column = lines[pos].column
    end = pos
    while (
        end < len(lines)
        and end - pos < NARROW_LINES
        and lines[end].role in (Role.BODY, Role.HEADLINE)
        and 0 < lines[end].width <= column / 2
        and not lines[end].markers
        and not any(mark in lines[end].text for mark in "，；。,;")
        and not _note(lines[end].text)
    ):
        end += 1
    if end - pos < 2 or not _opening_after(lines, end, column):
        return 0
    if ends_sentence(lines[end - 1].text) and not _asks(lines[end - 1]):
        return 0
    return end - pos


def _note(text: str) -> bool:
    """A bracketed note or either end of one (（李悦）, a signature): never a headline."""
    return text[0] in "（(" or text[-1] in "）)"


def _asks(line: Line) -> bool:
    """Does the line end in a question or exclamation? A question following another is
    the text asking on, never a headline: an article ends on a statement or a signature."""
    text = line.text.rstrip("”’」』")
    return bool(text) and text[-1] in QUESTION


def _opens_text(line: Line) -> bool:
    """Does the line open an article's text: a dateline (本报讯…) or an editor's note?"""
    return line.role is Role.BODY and bool(
        DATELINE_RE.match(line.text) or EDITORS_NOTE_RE.match(line.text)
    )


def _mark_stacks(lines: list[Line]) -> None:
    """A dateline or an editor's note (编者按：) opens an article's text, so the
    unpunctuated lines stacked above it, back to finished text, are headlines: its own,
    and perhaps the one of the text before it, drawn after that text. A byline follows its
    headline: the lines between finished text and a byline are headlines too, even of two
    phrases (防护全方位，/ 从容赴山野), as long as none is a sentence."""
    for pos, line in enumerate(lines):
        if pos == 0:
            continue
        if _opens_text(line):
            fits = _unpunctuated
        elif line.role is Role.BYLINE:
            fits = _no_sentence
        else:
            continue
        start = pos
        while start > 0 and pos - start < STACK_LINES:
            above = lines[start - 1]
            if above.role not in (Role.BODY, Role.HEADLINE) or not fits(above):
                break
            start -= 1
        if start == pos or start == 0 or not _after_finished(lines, start):
            continue
        for member in lines[start:pos]:
            member.role = Role.HEADLINE


def _no_sentence(line: Line) -> bool:
    """No sentence in it or ending it, no note, no marker: a headline of clauses at most."""
    text = line.text
    if line.markers or "。" in text or "；" in text or _note(text):
        return False
    if ends_sentence(text) and not _asks(line):
        return False
    return not DATELINE_RE.search(text[:40])


def _before_head(lines: list[Line], pos: int) -> bool:
    """A line between finished text and a headline or byline, which no text follows, is
    no paragraph (a paragraph's first line runs on into its rest, and an article ends on a
    statement or a signature, not on a question): it is a headline, even one of two
    phrases (…，为何…？)."""
    if pos + 1 >= len(lines) or lines[pos + 1].role not in (Role.HEADLINE, Role.BYLINE):
        return False
    text = lines[pos].text
    if lines[pos].markers or "。" in text or "；" in text or _note(text):
        return False
    if ends_sentence(text) and not _asks(lines[pos]):
        return False
    return text[-1] not in "，、；：,;:" and _after_finished(lines, pos)


def _after_finished(lines: list[Line], pos: int) -> bool:
    """Does the line follow finished text (a sentence end, a signature), a headline, a byline
    or a credit?"""
    prev = lines[pos - 1]
    if prev.role in (Role.HEADLINE, Role.BYLINE, Role.CREDIT):
        return True
    return prev.role is Role.BODY and terminal_at(lines, pos - 1)


def _after_paragraph(lines: list[Line], pos: int) -> bool:
    """Does the line follow a paragraph's last line (or a headline, byline or credit)?"""
    prev = lines[pos - 1]
    if prev.role in (Role.HEADLINE, Role.BYLINE, Role.CREDIT):
        return prev.role is not Role.HEADLINE or not prev.aside
    if prev.role is Role.BODY and SLASH_CREDIT_RE.search(prev.text):
        return True  # a caption ends with its credit (图/文 X)
    if prev.role is not Role.BODY or not terminal_at(lines, pos - 1):
        return False
    tolerance = max(1.0, 0.1 * prev.column)
    signed = closing_note(prev.text) or signed_name(prev.text)
    return signed or prev.width < prev.column - tolerance


def _wide_after_sentence(lines: list[Line], pos: int) -> bool:
    """A paragraph may end on a full line, and a new sentence of it may start on the next:
    but no line of running text is wider than its column. An unpunctuated line set wider
    than the column, after a sentence's end and before a text's opening, is a headline."""
    line = lines[pos]
    tolerance = max(1.0, 0.1 * line.column)
    return (
        line.width > line.column + tolerance
        and _unpunctuated(line)
        and _after_finished(lines, pos)
        and _opening_after(lines, pos + 1, line.column)
    )


def _unindented_head(lines: list[Line], pos: int) -> bool:
    line = lines[pos]
    if not _unpunctuated(line):
        return False
    column = line.column
    tolerance = max(1.0, 0.1 * column)
    if line.width > column + tolerance:
        return True  # no body line is wider than its column
    if line.width < column - tolerance / 2:
        return False  # indented, or short: a paragraph's opening or a subhead
    return _opening_after(lines, pos + 1, column)


def _unpunctuated(line: Line) -> bool:
    """A line with no clauses, not a sentence end (a question may head an article), a label
    (编者按：), a dateline or a note."""
    text = line.text
    if line.markers or any(mark in text for mark in CLAUSE_MARKS):
        return False
    if ends_sentence(text) and not _asks(line):
        return False
    return not (text[-1] in "：:" or DATELINE_RE.search(text[:40]) or _note(text))


def _two_line_head(lines: list[Line], pos: int) -> bool:
    """A paragraph's first line runs on into a full line, or into a last line that ends the
    sentence. Two unpunctuated lines after a paragraph's end where the second does neither,
    followed by the opening of a text, are no paragraph: a headline and its second line."""
    if pos + 2 >= len(lines):
        return False
    line, nxt = lines[pos], lines[pos + 1]
    if nxt.role is not Role.BODY or not (_unpunctuated(line) and _unpunctuated(nxt)):
        return False
    if _asks(line) or _asks(nxt):
        return False
    tolerance = max(1.0, 0.1 * nxt.column)
    return nxt.width < nxt.column - tolerance and _opening_after(lines, pos + 2, nxt.column)


def _headline_rest(lines: list[Line], pos: int) -> bool:
    """A short unpunctuated line under a headline line, shorter than any paragraph opening
    and followed by the opening of a text, is the headline's last line wrapped (…台 / 风)."""
    line = lines[pos]
    if not _unpunctuated(line):
        return False
    tolerance = max(1.0, 0.1 * line.column)
    return line.width < line.column - INDENT - tolerance and _opening_after(
        lines, pos + 1, line.column
    )


def _word_goes_on(lines: list[Line], pos: int) -> bool:
    """A headline line broken inside a word (ECMWF加入全球防灾伙 / 伴关系助力…) goes on in
    the line under it: text does not open in the middle of a word. That line, with no
    clauses and ending on a whole word (not running on into the line under it), is the
    headline's rest, however wide."""
    line = lines[pos]
    if not _unpunctuated(line) or not joins_word(lines[pos - 1].text, line.text):
        return False
    return pos + 1 >= len(lines) or not joins_word(line.text, lines[pos + 1].text)


def _headline_on(lines: list[Line], pos: int) -> bool:
    """Two unpunctuated lines under a headline line, followed by the opening of a text,
    go on with the headline (a label over a two-line headline as wide as the column)."""
    if pos + 1 >= len(lines) or lines[pos + 1].role is not Role.BODY:
        return False
    line, nxt = lines[pos], lines[pos + 1]
    if not (_unpunctuated(line) and _unpunctuated(nxt)):
        return False
    return _opening_after(lines, pos + 2, nxt.column)


def _opening_after(lines: list[Line], pos: int, column: float) -> bool:
    """Does a text (or a headline) open at ``pos``, not the rest of a paragraph?"""
    if pos >= len(lines):
        return True
    line = lines[pos]
    if line.role is not Role.BODY or line.continued_from is not None:
        return True
    if DATELINE_RE.match(line.text) or EDITORS_NOTE_RE.match(line.text):
        return True
    column = line.column or column
    tolerance = max(1.0, 0.1 * column)
    indented = abs(line.width - (column - INDENT)) <= tolerance / 2
    other_measure = abs(line.width - column) > 2 * tolerance and not ends_sentence(line.text)
    return (indented and not ends_sentence(line.text)) or other_measure


# Each of two headlines sharing a line is at least this wide.
HALF_WIDTH = 6.0


def split_shared_line(stream: list[Item]) -> list[Item]:
    """Two headlines drawn side by side come out on one line, a space between them
    (标题甲 标题乙). Where each half is a headline's width and names a different text (the
    text contains its words, wherever they stand in it: the opening may be another
    article's), the line is two headlines. A headline of two lines beside one of one line
    comes out around it (共商气象赋能新疆 跑好历史接力赛 经济社会高质量发展): the outer pieces
    are the one headline, the middle piece the other. A subtitle under the line goes with
    the headline of the text printed under it."""
    blocks = [item for item in stream if isinstance(item, Block) and item.paras]
    fit = Fit(blocks)
    result: list[Item] = []
    for pos, item in enumerate(stream):
        below = stream[pos + 1] if pos + 1 < len(stream) else None
        parts = (
            _halves(item, blocks, fit, below if isinstance(below, Block) else None)
            if isinstance(item, Head)
            else None
        )
        result.extend(parts or [item])
    return result


def _halves(head: Head, blocks: list[Block], fit: Fit, below: Block | None) -> list[Head] | None:
    pieces = _shared_pieces(head)
    if pieces is None or not blocks or min(map(visual_width, pieces)) < HALF_WIDTH:
        return None
    # a headline with a subtitle is named by both: the subtitle stands over its own text,
    # the one printed under the line
    said = " ".join(head.subtitles)
    texts = [[piece, f"{piece} {said}"] if said else [piece] for piece in pieces]
    named: list[Block | None] = []
    for options in texts:
        best = max(blocks, key=lambda b, t=options[0]: fit.coverage(t, b.text))
        if fit.coverage(options[0], best.text) < NAMED:
            whole = options[-1]
            best = below if below and fit.coverage(whole, below.text) >= NAMED else None
            if len(options) < 2 or best is None:
                return None
        named.append(best)
    if named[0] is named[1]:
        return None
    subtitled = 1
    if said:  # printed over its own text: the text under the line
        if below is None or below not in named:
            return None
        subtitled = named.index(below)
    return [
        Head(
            [piece],
            subtitles=list(head.subtitles) if n == subtitled else [],
            bylines=list(head.bylines) if n == 1 else [],
            lines=list(head.lines),
            label=head.label if n == 0 else "",
        )
        for n, piece in enumerate(pieces)
    ]


def _shared_pieces(head: Head) -> list[str] | None:
    """The two headlines a group's lines may hold side by side: the halves of one line
    (甲 乙); a two-line headline's lines on either side of a one-line one (甲上 乙 甲下); or
    a two-line headline whose first line breaks a word that a piece of the second line
    completes (气象部门党支部书记和党 / 风雨接力党旗高扬 员教育…培训班开班: 党|员), the
    other piece of that line being the headline drawn beside it."""
    if len(head.titles) == 1:
        pieces = head.titles[0].split(" ")
        if len(pieces) == 3:
            return [pieces[0] + pieces[2], pieces[1]]
        return pieces if len(pieces) == 2 else None
    if len(head.titles) == 2 and " " not in head.titles[0]:
        pieces = head.titles[1].split(" ")
        if len(pieces) == 2:
            first, (beside, rest) = head.titles[0], pieces
            if joins_word(first, rest) and not joins_word(first, beside):
                return [first + rest, beside]
    return None


def split_joined(stream: list[Item], attached: dict[int, Attached]) -> bool:
    """Cut texts that a second, unused headline printed beside them names, assign the
    headlines again if anything was cut, then share out by position the headline groups
    that one text got while the text on their other side got none (see module docstring).
    ``attached`` is updated in place and final: returns False, nothing is left for the
    caller to assign again."""
    if _cut_joined(stream, attached):
        fresh = assign(stream)
        share_between_neighbours(stream, fresh, Fit([b for b in stream if isinstance(b, Block)]))
        attached.clear()
        attached.update(fresh)
    fit = Fit([b for b in stream if isinstance(b, Block)])
    _give_to_named_neighbour(stream, attached, fit)
    share_by_position(stream, attached, fit)
    _give_back_signed_labels(stream, attached)
    return False


def _give_to_named_neighbour(stream: list[Item], attached: dict[int, Attached], fit: Fit) -> None:
    """Every headline is printed right before or right after its own text. A headline that
    the text under it got, while the article text right above it got none, is that text's
    when it names it clearly more (its words are found there, hardly under it): drawn after
    its text, subtitle and byline with it. The text under it is then untitled, and the
    headline group after it may be shared by position."""
    for pos in range(1, len(stream) - 1):
        head, above, below = stream[pos], stream[pos - 1], stream[pos + 1]
        if not (isinstance(head, Head) and isinstance(above, Block) and isinstance(below, Block)):
            continue
        if _title_of(attached, below) is not head or not _untitled_or_owner(above, attached, head):
            continue
        named = fit.coverage(head.match_text, above.text)
        if named < NAMED or fit.coverage(head.match_text, below.text) + MARGIN > named:
            continue
        attached[id(below)].title = None
        attached.setdefault(id(above), Attached()).title = head


def _give_back_signed_labels(stream: list[Item], attached: dict[int, Attached]) -> None:
    """A column label names a column and carries no byline: a headline group with its own
    byline, taken as the column label of the text after the next headline, is an
    article's headline. Where the article text right before it has none, it is that
    text's, drawn after it (every text has a headline right before or after it)."""
    for pos in range(1, len(stream) - 1):
        head, above = stream[pos], stream[pos - 1]
        if not (isinstance(head, Head) and head.bylines and isinstance(above, Block)):
            continue
        if not isinstance(stream[pos + 1], Head):
            continue
        if not _untitled_or_owner(above, attached, head) or _title_of(attached, above):
            continue
        holder = next((parts for parts in attached.values() if head in parts.columns), None)
        if holder is None:
            continue
        holder.columns.remove(head)
        attached.setdefault(id(above), Attached()).title = head


def _cut_joined(stream: list[Item], attached: dict[int, Attached]) -> bool:
    """Cut texts that a second, unused headline printed beside them names. Returns whether
    anything was cut."""
    blocks = [item for item in stream if isinstance(item, Block)]
    fit = Fit(blocks)
    owners = {id(parts.title): key for key, parts in attached.items() if parts.title is not None}
    by_id = {id(block): block for block in blocks}
    cut_any = False
    cutters: set[int] = set()  # headlines that cut a text: each now heads its own part
    for head in [item for item in stream if isinstance(item, Head)]:
        if not head.titles or visual_width(head.title) <= LABEL_WIDTH:
            continue
        block = _beside(head, stream)
        if block is None:
            continue
        title = attached.get(id(block), Attached()).title
        if title is not None and id(title) in cutters:
            continue  # its headline went to the part it cut off: this text is not yet titled
        if title is None or title is head or len(block.paras) < 2:
            continue
        if _before(head, block, stream) == _before(title, block, stream):
            continue  # on the title's side: part of the same headline group
        named = fit.coverage(head.match_text, block.text)
        owner = by_id.get(owners.get(id(head), 0))
        if named >= NAMED and (
            owner is None or fit.coverage(head.match_text, owner.text) + MARGIN <= named
        ):
            cut = _best_cut(block, title.match_text, head.match_text, fit)
        elif owner is None and head.bylines:
            cut = _least_cohesive_cut(block)
        else:
            continue
        if cut is None:
            continue
        stream.insert(stream.index(block) + 1, block.cut_at(cut))
        cutters.add(id(head))
        cut_any = True
    return _cut_by_stacked(stream, attached, fit) or cut_any


def _cut_by_stacked(stream: list[Item], attached: dict[int, Attached], fit: Fit) -> bool:
    """Two headlines drawn one under the other between two texts, the upper one after its
    own text and the lower one before its own: when the text above already has a headline
    of its own, printed before it, and the upper lines name it (clearly more than they name
    the text below, whose headline the lower lines are), that text is two articles joined —
    the upper lines head its second part. It is cut as a text named by a second headline
    is, and the headline group is cut in two (only between lines that end and start a
    phrase). Returns whether anything was cut."""
    cut_any = False
    pos = 1
    while pos < len(stream) - 1:
        head, above, below = stream[pos], stream[pos - 1], stream[pos + 1]
        pos += 1
        if not (isinstance(head, Head) and isinstance(above, Block) and isinstance(below, Block)):
            continue
        if len(head.titles) < 2 or head.markdown or head.label:
            continue
        title = _title_of(attached, above)
        if title is None or title is head or _title_of(attached, below) is not head:
            continue
        if not _before(title, above, stream) or len(above.paras) < 2:
            continue
        split = _stacked_split(head, above, below, fit)
        if split is None:
            continue
        cut = _best_cut(above, title.match_text, "".join(head.titles[:split]), fit)
        if cut is None:
            continue
        upper, lower = _split_head(head, split)
        at = stream.index(above)
        stream[at + 1 : at + 2] = [above.cut_at(cut), upper, lower]
        pos = at + 4
        cut_any = True
    return cut_any


def _stacked_split(head: Head, above: Block, below: Block, fit: Fit) -> int | None:
    """Where a headline group is two headlines stacked: its upper lines name the text
    above (and clearly more than the text below), its lower lines the text below (no less
    than the text above)."""
    for split in range(1, len(head.titles)):
        upper, lower = "".join(head.titles[:split]), "".join(head.titles[split:])
        if min(visual_width(upper), visual_width(lower)) < SHARED_LINE_WIDTH:
            continue
        if _runs_on(head.titles[split - 1], head.titles[split], fit):
            continue
        named = fit.coverage(upper, above.text)
        if named < NAMED or fit.coverage(upper, below.text) + MARGIN > named:
            continue
        if fit.coverage(lower, below.text) < fit.coverage(lower, above.text):
            continue
        return split
    return None


def _beside(head: Head, stream: list[Item]) -> Block | None:
    """The text printed next to a headline, before or after it, with only headlines between:
    which of the two is the one it names is for the content to say (``_named``)."""
    pos = next(i for i, item in enumerate(stream) if item is head)
    found: list[Block] = []
    for step in (-1, 1):
        n = pos + step
        while 0 <= n < len(stream) and isinstance(stream[n], Head):
            n += step
        if 0 <= n < len(stream):
            item = stream[n]
            if isinstance(item, Block) and item.kind is Kind.ARTICLE and item.paras:
                found.append(item)
    return found[0] if len(found) == 1 else _named(head, found)


def _before(head: Head, block: Block, stream: list[Item]) -> bool:
    """Is the headline printed before the text?"""
    return stream.index(head) < stream.index(block)


def _named(head: Head, found: list[Block]) -> Block | None:
    if not found:
        return None
    fit = Fit(found)
    return max(found, key=lambda block: fit.score(head.match_text, block))


def _least_cohesive_cut(block: Block) -> int | None:
    """The paragraph break where the two parts share the least vocabulary, each keeping at
    least two paragraphs."""
    paras = block.paras
    counts = [bigrams(p.text) for p in paras]
    best: tuple[float, int] | None = None
    for cut in range(2, len(paras) - 1):
        if paras[cut].subhead or paras[cut - 1].subhead:
            continue
        value = cosine(sum(counts[:cut], Counter()), sum(counts[cut:], Counter()))
        if best is None or value < best[0]:
            best = (value, cut)
    return best[1] if best else None


def _best_cut(block: Block, first: str, second: str, fit: Fit) -> int | None:
    """The paragraph break where the text is best cut between two headlines, or None when
    no cut leaves each part a good share of its own headline's words. Each part should
    hold its own headline's words, and share little vocabulary with the other; and a text
    goes on about its own subject to its end, so the part below must not still carry the
    upper headline's words (it would be the upper article's rest). The part above, though,
    may lead up to the subject of the text after it (a commentary before its report), so
    the lower headline's words above the cut count for nothing. (The parts' bigram counts
    are carried from one break to the next rather than counted afresh.)"""
    best: tuple[float, int] | None = None
    paras = block.paras
    counts = [bigrams(p.text) for p in paras]
    upper_counts: Counter[str] = Counter()
    lower_counts: Counter[str] = sum(counts, Counter())
    for cut in range(1, len(paras)):
        upper_counts.update(counts[cut - 1])
        lower_counts.subtract(counts[cut - 1])
        if paras[cut].subhead or paras[cut - 1].subhead:
            continue
        upper = "\n".join(p.text for p in paras[:cut])
        lower = "\n".join(p.text for p in paras[cut:])
        pairs = (
            (fit.coverage(first, upper), fit.coverage(second, lower)),
            (fit.coverage(second, upper), fit.coverage(first, lower)),
        )
        usable = [
            own_upper + own_lower - upper_in_lower
            for (own_upper, own_lower), (_, upper_in_lower) in zip(
                pairs, reversed(pairs), strict=True
            )
            if min(own_upper, own_lower) >= PART_COVERAGE
        ]
        if not usable:
            continue
        value = max(usable) - cosine(upper_counts, +lower_counts)
        if best is None or value > best[0]:
            best = (value, cut)
    return best[1] if best else None


def merge_sections(stream: list[Item]) -> list[Item]:
    """Fold in-body subheads (``headlines.merge_subheads``), reading a short first line over
    a headline as the first line of a two-line head rather than as a column label where
    such heads come as a series: a feature's section heads often open with a short phrase
    (攻克数据孤岛 / 实现多源异构数据深度融合), and only their coming two or more inside one
    run of text, with no byline or dateline after any, tells them from labelled headlines.
    A head that stays a headline keeps its label. A section signed by one of the reporters
    the headline group names is a roundup's section (``_open_team_sections``)."""
    signed = _open_team_sections(stream)
    relabel: dict[int, Head] = {}
    for pos, item in enumerate(stream):
        if isinstance(item, Head) and item.label and len(item.titles) == 1:
            if item.subtitles or item.bylines or item.markdown:
                continue
            joined = Head([item.label, *item.titles], lines=list(item.lines), glued=item.glued)
            relabel[id(joined)] = item
            stream[pos] = joined
    _keep_series(stream, relabel)
    stream = merge_subheads(stream)
    _close_team_sections(stream, signed)
    return [relabel.get(id(item), item) for item in stream]


# A bracketed signature at the end of a paragraph: （张莹）, （刘礼锋王双正）.
_SECTION_SIGNATURE_RE = re.compile(r"[（(]([^（）()\s]{2,20})[）)]$")


@dataclass(slots=True)
class _Signed:
    """A section's signature set aside while subheads are judged."""

    block: Block
    para: Para
    text: str  # the paragraph as it was
    byline: str  # the block's byline as it was


def _open_team_sections(stream: list[Item]) -> list[_Signed]:
    """A roundup's byline names its whole team (本报记者 庄若南 张莹 …), and each section,
    under its own short head (焦作 / 漯河), is signed by the reporter who wrote it (（张莹）).
    Such a signature closes the section, not the article: a text closed by the signature of
    a reporter the last headline group's byline names among a team of three or more (a
    reporter signing a story under a byline of their own signs its end), with a head and
    more text after it,
    is set aside as open, so that the heads can be judged as the sections' subheads (the
    signature goes back afterwards, ``_close_team_sections``). Any other signature (a name
    the byline does not give) still closes its article."""
    team = ""
    signed: list[_Signed] = []
    for pos, item in enumerate(stream[:-2]):
        if isinstance(item, Head):
            if item.bylines:
                team = team_names(item.bylines)
            continue
        if item.dateline:
            team = ""  # a news item: an article of its own, with its own reporters
        if not (team and item.closed and item.paras):
            continue
        head, after = stream[pos + 1], stream[pos + 2]
        if not (isinstance(head, Head) and not head.bylines and isinstance(after, Block)):
            continue
        last = item.paras[-1]
        if item.byline:
            name = "".join(item.byline.split())
            cut = len(last.text)
        else:
            match = _SECTION_SIGNATURE_RE.search(last.text)
            if match is None:
                continue
            name, cut = match.group(1), match.start()
        if name not in team:
            continue
        signed.append(_Signed(item, last, last.text, item.byline))
        last.text = last.text[:cut].rstrip()
        item.byline, item.closed = "", False
    return signed


def _close_team_sections(stream: list[Item], signed: list[_Signed]) -> None:
    """Give back the signatures ``_open_team_sections`` set aside: a section folded into its
    article keeps its signature in the text, where it was printed (（张莹）); a text that
    stayed an article of its own is closed by it again, as it was."""
    ends = {id(item.paras[-1]) for item in stream if isinstance(item, Block) and item.paras}
    for entry in signed:
        if id(entry.para) in ends and any(item is entry.block for item in stream):
            entry.para.text, entry.block.byline = entry.text, entry.byline
            entry.block.closed = True
        else:
            name = "".join(entry.byline.split())
            entry.para.text = f"{entry.para.text}（{name}）" if name else entry.text


def _keep_series(stream: list[Item], relabel: dict[int, Head]) -> None:
    """Give back its label to every relabelled head that is not one of two or more two-line
    heads in a run of text where no byline or dateline opens a part."""
    run: list[int] = []

    def close() -> None:
        if len(run) < 2:
            for pos in run:
                if id(stream[pos]) in relabel:
                    stream[pos] = relabel.pop(id(stream[pos]))
        run.clear()

    for pos, item in enumerate(stream):
        if isinstance(item, Head):
            if id(item) in relabel or _bare_two_lines(item):
                run.append(pos)
            else:
                close()
        elif item.dateline or item.byline or item.kind is not Kind.ARTICLE:
            close()
    close()


def _bare_two_lines(head: Head) -> bool:
    """A head of two lines with nothing under it: a section head's shape."""
    return len(head.titles) == 2 and not (
        head.subtitles or head.bylines or head.label or head.markdown
    )


# Each headline line shared out by position is at least this wide (a phrase, not a word).
SHARED_LINE_WIDTH = 6.0


def share_by_position(stream: list[Item], attached: dict[int, Attached], fit: Fit) -> None:
    """Every text has a headline, drawn right before or right after it. A headline group of
    several lines that the text on one side of it got, while the text on its other side got
    none, is the two texts' headlines drawn one under the other: the upper lines head the
    text above, the lower ones the text below (the byline and subtitles go with the lower
    part: a byline follows its own headline). It is cut between two lines that each end
    and start a phrase (not inside a word the page prints, not after a dash or colon),
    where the two parts fit their texts best."""
    for pos in range(1, len(stream) - 1):
        head, above, below = stream[pos], stream[pos - 1], stream[pos + 1]
        if not (isinstance(head, Head) and isinstance(above, Block) and isinstance(below, Block)):
            continue
        if len(head.titles) < 2 or head.markdown or head.label:
            continue
        titles = [_title_of(attached, block) for block in (above, below)]
        if titles.count(head) != 1 or titles.count(None) != 1:
            continue
        if not all(_untitled_or_owner(block, attached, head) for block in (above, below)):
            continue
        if (
            pos >= 2
            and isinstance(stream[pos - 2], Block)
            and not ends_sentence(stream[pos - 2].text)
        ):
            continue  # the text above completes the sentence of the one before: its rest
        best: tuple[float, int] | None = None
        for cut in range(1, len(head.titles)):
            upper, lower = head.titles[:cut], head.titles[cut:]
            if min(visual_width(upper[-1]), visual_width(lower[0])) < SHARED_LINE_WIDTH:
                continue
            if _runs_on(upper[-1], lower[0], fit):
                continue
            value = fit.score("".join(upper), above) + fit.score("".join(lower), below)
            if best is None or value > best[0]:
                best = (value, cut)
        if best is None:
            continue
        cut = best[1]
        upper_head, lower_head = _split_head(head, cut)
        stream[pos : pos + 1] = [upper_head, lower_head]
        attached.setdefault(id(above), Attached()).title = upper_head
        attached.setdefault(id(below), Attached()).title = lower_head
        return share_by_position(stream, attached, fit)  # positions have moved on
    return None


def _title_of(attached: dict[int, Attached], block: Block) -> Head | None:
    parts = attached.get(id(block))
    return parts.title if parts is not None else None


def _untitled_or_owner(block: Block, attached: dict[int, Attached], head: Head) -> bool:
    """An article text that has this headline, or none at all (a caption or a notice has
    no headline to share)."""
    return (
        block.kind is Kind.ARTICLE
        and bool(block.paras)
        and not block.tentative
        and _title_of(attached, block) in (head, None)
    )


def _runs_on(upper: str, lower: str, fit: Fit) -> bool:
    """Does one headline line run on into the next: broken inside a word the page prints
    (气|象), or ending on a dash or colon?"""
    upper, lower = upper.rstrip(), lower.lstrip()
    if not upper or not lower or upper[-1] in "—-：:、，,":
        return True
    return fit.printed(upper[-1] + lower[0])


def _split_head(head: Head, at: int) -> tuple[Head, Head]:
    """Two stacked headlines read as one group, cut before its line ``at``: the subtitle
    and byline under the group are the lower headline's."""
    upper = Head(head.titles[:at], lines=head.lines[:at], glued=head.glued)
    lower = Head(
        head.titles[at:],
        subtitles=list(head.subtitles),
        bylines=list(head.bylines),
        lines=head.lines[at:],
    )
    return upper, lower
