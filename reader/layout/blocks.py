"""From classified lines to a page stream: text blocks and headline groups in printed order.

Reflow happens here: hard-wrapped lines are joined into paragraphs, also across a blank line
that is only a column break in mid-sentence, while real paragraph ends are kept (a sentence
end, a signature, or a photo credit, bracketed or not: ``图/文 X`` ends a caption). Blocks are
split where a new item must start, by rules an editor would state:
- a dateline (本报讯…, 新华社…电) opens a news article; the reporters it names go to the byline;
- a continuation marker (（上接第N版）) opens a fragment, （下转第N版） closes one;
- a photo credit (（X 摄）, 图/文 X, 图/X 文/Y) closes a caption: a photo item. A caption is
  a text box of its own set flush in its own measure, so a flush paragraph opening a box
  (after a blank line or a headline) and running straight on (no blank line) into the
  credited paragraph in the same measure is the caption's first paragraph; where the
  credit stands on a line of its own, a paragraph set as wide as the credited one, both far
  wider than the text above them, is the caption's too;
- body paragraphs are indented; in a column whose paragraphs are, a paragraph set flush in the
  same measure after a finished one is not that text's next paragraph (a caption, a box, or
  another article's text carried over): it is split off tentatively (see the last rule);
- a short word over a headline is its column label (科普园地): glued to it, or, where the
  extractor rarely prints blank lines, set apart by one — then the line under the blank is
  the headline, not a subtitle of the label; labels may stack (短评 / 本报专访), each
  short word over the headline being one;
- a ``——`` subtitle wraps like any line: a line set right under an unfinished one, before
  the byline, is its rest, not a headline of its own; and it closes its headline's lines:
  a headline line set apart under it is the next headline (two boxes printed in turn);
- a headline wraps where its box ends, in mid-word if need be: a line glued under it that
  goes on with a word the page prints whole (抓住暴 | 雨: 暴雨) is its rest however short,
  not a subtitle; a wrap fills every line but its last, so once a short rest has ended the
  headline, a line glued under it is the next headline;
- a headline may be broken over two boxes (a blank line between its parts): the line under
  the blank is its rest when the words across the break read on as a phrase the page
  prints whole (…纪念 | 江泽民…: 纪念江泽民 in the text; two characters either side);
- the lines of a two-line headline may come in swapped order, a blank line between them:
  where the line under the blank reads on into the one above it as a phrase the page
  prints whole (…暨人工智能 | 全球治理…: 人工智能全球治理 in the text), it is the first;
- a headline set beside the text (an inset: a sentence runs on past it) is a group of its
  own after that text; two such boxes stacked are two headlines where the upper one has
  come to its end (its lines fill its measure but the last, a short rest);
- a byline standing alone opens the text after it, and heads the headline printed right
  under it (the extractor took the byline's box first) (a closing signature is bracketed: （赵晖）);
- a headline breaks between words and closes its quotes: a short line under it that
  completes its last word or quote, a single character, or the next line of a headline
  set in a narrow box is the headline's, not a subtitle (``title_runs_on``; the article
  takes them back in ``page``), while ——subtitles, names and labels stay apart;
- a signature or a bracketed note set after a paragraph's last sentence (（赵晖）, names run
  together, （来源：…）, （X、Y对本文有贡献）) closes the article: nothing more belongs to it.
  A signature wrapped onto two lines (…。（张 / 嘉赫）) is read whole;
- where the extractor rarely prints blank lines, a blank line between a finished paragraph
  and an indented one is where a text box ends: the text after it is split off
  *tentatively* — it stays an article only if a headline claims it, and otherwise goes to
  the article whose vocabulary it shares most (``page``).
Before any of this, text broken at a column's foot is put back where its sentence goes on:
where the extractor prints columns as runs, ``lines.untangle_columns`` first moves a run
whose words complete a broken line; then, on every page, ``fragments`` pairs the pieces
that stop in mid-sentence with those that open in mid-sentence, one to one for the page as
a whole, and moves each piece after the one it continues.
Headlines are *not* attached here: that is ``headlines``' job, by content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.layout import fragments
from reader.layout.bylines import closed_roles
from reader.layout.lines import (
    DATELINE_BYLINE_RE,
    PHOTO_CREDIT_RE,
    SLASH_CREDIT_RE,
    SPARSE_BLANKS,
    SUBTITLE_RE,
    TRAILING_NAME_RE,
    Line,
    Role,
    blank_habit,
    closing_note,
    finds_dateline,
    is_markdown,
    joins_word,
    names_a_credit,
    notice_item,
    opens_with_dateline,
    signed_name,
    squash_cjk_spaces,
    untangle_columns,
)
from reader.layout.text import (
    clean_spaces,
    clean_title_spaces,
    ends_sentence,
    is_cjk,
    is_letter_spaced,
    join_wrapped,
    visual_width,
)
from reader.model import Kind

# Roles as plain names: ``add`` asks every line, and in Python 3.11 ``Role.BODY`` costs
# ~13x a plain name (an enum's members are found through a slow attribute hook).
_BODY_ROLE, _NOTICE_ROLE = Role.BODY, Role.NOTICE
# First lines of paragraphs are indented by two characters.
_INDENT = 2.0
# A short line under a headline such as 崔景英主持 / 冯雪涛出席 is a subtitle, not a title line.
_SHORT_SUBTITLE = 6.0
# Text before a dateline on the same line is a column label when it is this short.
_MAX_COLUMN_LABEL = 40
# A bracketed note set after the last sentence of a paragraph: a signature, a source, （完）.
# A bracketed note after the last sentence, or standing as a paragraph of its own (a
# signature with the writer's post: （中国工程院院士徐祥德）), closes an article; a short
# one standing alone is a section number (（一）), not a note.
_SIGNED_RE = re.compile(
    r"[。！？!?…][”’」』]?\s*[（(][^（）()]{1,60}[）)]$|^\s*[（(][^（）()]{4,60}[）)]$"
)
_CREDIT_TAIL_RE = re.compile(
    rf"(?P<credit>{PHOTO_CREDIT_RE.pattern})\s*(?P<title>[^，。、；：,.;:（）()]{{0,16}})$"
)


@dataclass(slots=True)
class Para:
    """A reflowed paragraph and the source lines it came from."""

    text: str
    lines: list[int]
    subhead: bool = False


@dataclass(slots=True)
class Block:
    """A run of text that is (part of) one article, a photo caption or a notice box."""

    kind: Kind
    paras: list[Para]
    column: str = ""
    byline: str = ""
    title: str = ""  # a title printed inside the block itself (photo titles after the credit)
    dateline: bool = False
    continued_from: int | None = None
    continues_to: int | None = None
    closed: bool = False  # ended by a signature such as （赵晖）: nothing more belongs to it
    # opened by a byline line of its own (本报记者 X over the text): an article, never the
    # rest of another (a signature at the end, （赵晖）, says nothing about where it starts)
    signed_above: bool = False
    indented: bool = False  # its paragraphs open with an indent (most body text does)
    measure: float = 0.0  # the column width its last paragraph was set in
    last_width: float = 0.0  # width of its last printed line
    # split off on layout evidence only ("flush", "box"): an article if a headline claims it,
    # else perhaps the rest of the article whose vocabulary it shares most
    tentative: str = ""

    @property
    def start(self) -> int:
        return self.paras[0].lines[0] if self.paras and self.paras[0].lines else 0

    def cut_at(self, cut: int) -> Block:
        """Split off the paragraphs from ``cut`` on as an article of their own; what
        belongs to the text's end (its jump line, signature, closing) goes with them."""
        tail = Block(
            Kind.ARTICLE,
            self.paras[cut:],
            continues_to=self.continues_to,
            byline=self.byline,
            closed=self.closed,
        )
        self.paras = self.paras[:cut]
        self.continues_to, self.byline, self.closed = None, "", False
        return tail

    def go_on_with(self, rest: Block, paras: list[Para] | None = None) -> None:
        """The text goes on with ``rest`` (its paragraphs, or ``paras`` of them): it takes
        what belongs to the text's end too (its jump line, signature, closing) — the
        inverse of ``cut_at``."""
        self.paras.extend(rest.paras if paras is None else paras)
        self.continues_to = rest.continues_to
        self.byline = " ".join(filter(None, [self.byline, rest.byline]))
        self.closed = rest.closed

    @property
    def text(self) -> str:
        return "\n".join([p.text for p in self.paras])  # a list joins faster than a generator

    @property
    def lines(self) -> list[int]:
        return [n for p in self.paras for n in p.lines]


@dataclass(slots=True)
class Head:
    """A headline group as printed: title lines, subtitles and bylines."""

    titles: list[str]
    subtitles: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    glued: bool = False  # the next block follows with no blank line (its repeated headline)
    markdown: bool = False
    label: str = ""  # a column label (栏目) printed just above the title

    @property
    def title(self) -> str:
        text = ""
        for part in self.titles:
            text = join_wrapped(text, part)
        return text

    @property
    def match_text(self) -> str:
        """What is compared with article text: title and subtitles (bylines say nothing)."""
        return " ".join([self.title, *self.subtitles])

    @property
    def start(self) -> int:
        return self.lines[0] if self.lines else 0


Item = Block | Head


def build_stream(lines: list[Line], text: str, habit: float | None = None) -> list[Item]:
    """Turn classified lines into blocks and headline groups, in printed order.
    ``habit``: the lines' ``blank_habit``, if the caller has it already."""
    builder = _StreamBuilder(markdown=is_markdown(text))
    builder.page = text
    if habit is None:
        habit = blank_habit(lines)
    builder.sparse = habit < SPARSE_BLANKS
    ordered = fragments.reorder(untangle_columns(lines, habit) if builder.sparse else lines)
    for line in ordered:
        builder.add(line)
    builder.flush()
    return builder.stream


class _StreamBuilder:
    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown
        self.stream: list[Item] = []
        self.body: list[Line] = []
        self.notice: list[Line] = []
        self.pending_from: int | None = None
        self.sparse = False  # this extractor rarely prints blank lines
        self.asides: list[Line] = []  # bylines set beside a sentence that runs on past them
        self.last_piece: _Piece | None = None  # the paragraph last added to a block
        # the widest line of each paragraph added (by id): the measure a caption box is set in
        self.widest: dict[int, float] = {}
        self.page = ""  # the page's text: phrases it prints whole

    # -- dispatch ---------------------------------------------------------------------
    def add(self, line: Line) -> None:
        if line.role is not _NOTICE_ROLE:
            self._flush_notice()
        if line.role is _BODY_ROLE:
            self.body.append(line)
            return
        if line.aside and self.body:
            # a byline never stands inside a sentence: this one is set in a box beside the
            # column, and the text runs on past it (the byline is the article's)
            self.asides.append(line)
            return
        if line.role is not Role.NOTICE:
            self._flush_body()
        handler = {
            Role.HEADLINE: self._headline,
            Role.SUBTITLE: self._subtitle,
            Role.BYLINE: self._byline,
            Role.CREDIT: self._credit,
            Role.NOTICE: self._notice_line,
            Role.MARKER: self._marker,
        }[line.role]
        handler(line)

    def flush(self) -> None:
        self._flush_notice()
        self._flush_body()

    # -- headline groups ------------------------------------------------------------
    def _last_head(self) -> Head | None:
        return self.stream[-1] if self.stream and isinstance(self.stream[-1], Head) else None

    def _headline(self, line: Line) -> None:
        text = clean_title_spaces(line.text)
        head = self._last_head()
        if head and not head.titles and not head.subtitles and not self.markdown:
            # a byline printed before its headline (the extractor took its box first)
            head.titles.append(text)
            head.lines.extend(line.sources)
            return
        if head and not self.markdown and not head.bylines:
            if head.subtitles and not line.blank_before and _runs_on(head.subtitles[-1]):
                # a subtitle wraps like any line: a line set right under it, before the
                # byline, goes on with it when it stopped unfinished
                head.subtitles[-1] += text
                head.lines.extend(line.sources)
                return
            if line.blank_before and head.titles and _phrase_runs_on(head, text, self.page):
                # a headline broken over two boxes: the words across the break read on as a
                # phrase the page prints whole (…纪念 | 江泽民… : 纪念江泽民 in the text)
                head.titles = [*head.titles, *head.subtitles, text]
                head.subtitles = []
                head.lines.extend(line.sources)
                return
            if (
                line.blank_before
                and len(head.titles) == 1
                and not head.subtitles
                and not head.label
                and _phrase_runs_on_text(text, head.titles[0], self.page)
            ):
                # a headline's two lines printed in swapped order: the line under the blank
                # reads on into the one above it as a phrase the page prints whole (…暨人工
                # 智能 | 全球治理…: 人工智能全球治理 in the text)
                head.titles = [text, *head.titles]
                head.lines.extend(line.sources)
                return
            if (
                self.sparse
                and line.blank_before
                and _is_label(head.titles)
                and not (head.label or head.subtitles)
            ):
                # where blanks are rare, a short word set apart above a headline is its label
                head.label, head.titles = head.titles[0], [text]
                head.lines.extend(line.sources)
                return
            if (
                head.titles
                and not head.subtitles
                and not line.blank_before
                and _word_runs_on(head.titles[-1], text, self.page)
            ):
                # a headline wraps where its box ends, in mid-word if need be (抓住暴 | 雨):
                # a line going on with a word of the page is the headline's rest, however short
                head.titles.append(text)
                head.lines.extend(line.sources)
                return
            if line.blank_before and any(SUBTITLE_RE.match(sub) for sub in head.subtitles):
                # a ——subtitle closes its headline's lines (its byline or text comes next):
                # a headline line set apart under it is the next headline
                self.stream.append(Head([text], lines=list(line.sources), markdown=False))
                return
            if (
                head.titles
                and visual_width(text) <= _SHORT_SUBTITLE
                and not is_letter_spaced(line.text)
            ):
                head.subtitles.append(text)
                head.lines.extend(line.sources)
                return
            if not line.blank_before and not head.subtitles and not _wrap_ended(head.titles):
                if _is_label(head.titles):
                    # 科普园地 / 短评 above a headline: the column's label, not the title
                    # (under another label set apart above it, the two labels stack)
                    head.label = " ".join(filter(None, [head.label, head.titles[0]]))
                    head.titles = [text]
                else:
                    head.titles.append(text)
                head.lines.extend(line.sources)
                return
        self.stream.append(Head([text], lines=list(line.sources), markdown=self.markdown))

    def _subtitle(self, line: Line) -> None:
        head = self._last_head()
        if head is None:
            self.body.append(line)
            return
        head.subtitles.append(clean_spaces(line.text))
        head.lines.extend(line.sources)

    def _byline(self, line: Line) -> None:
        """A byline line: under its headline, or else opening the text that follows it
        (a signature closing an article is bracketed, ``（赵晖）``, and found in the text)."""
        text = closed_roles(clean_spaces(line.text))
        head = self._last_head()
        if head is not None and head.bylines and _names_run_on(head.bylines[-1], text):
            head.bylines[-1] += text  # names run together, wrapped: …蔡云袁 | 玉黄诗棋
            head.lines.extend(line.sources)
        elif head is not None:
            head.bylines.append(text)
            head.lines.extend(line.sources)
        else:
            self.stream.append(Head([], bylines=[text], lines=list(line.sources)))

    # -- photos, notices, markers ---------------------------------------------------
    def _credit(self, line: Line) -> None:
        """A credit line (■本报记者 X 摄): the caption is the text just before it."""
        credit = clean_spaces(line.text).lstrip("■●▲◆□ ")
        block = self.stream[-1] if self.stream and isinstance(self.stream[-1], Block) else None
        opened = block is not None and block.dateline  # a news item: only its last paragraph
        if (
            block is None
            or block.kind is not Kind.ARTICLE
            or not block.paras
            or (opened and len(block.paras) < 2)
        ):
            photo = Block(Kind.PHOTO, [Para("", list(line.sources))], byline=credit)
            self.stream.append(photo)
            return
        if len(block.paras) > 2 or opened:
            caption = [block.paras.pop()]
            while len(block.paras) > 1 and self._same_box(
                block.paras[-1], caption[0], block.paras[-2]
            ):
                caption.insert(0, block.paras.pop())
            block = Block(Kind.PHOTO, caption)
            self.stream.append(block)
        block.kind = Kind.PHOTO
        block.byline = credit
        block.paras[-1].lines.extend(line.sources)

    def _same_box(self, para: Para, caption: Para, before: Para) -> bool:
        """A caption is a text box set in its own measure: a paragraph set as wide as the
        credited one, both far wider than the text before them, is the caption's too (the
        report the photo illustrates, 7月24日，… over 工作人员…), not that text's."""
        wide = self.widest.get(id(caption), 0.0)
        mine, text = self.widest.get(id(para), 0.0), self.widest.get(id(before), 0.0)
        return (
            wide > 0
            and abs(mine - wide) <= max(1.0, 0.1 * wide)
            and mine > _WIDER_BOX * text
            and ends_sentence(para.text)
        )

    def _notice_line(self, line: Line) -> None:
        self.notice.append(line)

    def _flush_notice(self) -> None:
        if not self.notice:
            return
        self._flush_body()
        paras: list[Para] = []
        for line in self.notice:
            if paras and not notice_item(line.text):  # an item's wrapped rest (…5 | 月28日)
                paras[-1].text += clean_spaces(line.text)
                paras[-1].lines.extend(line.sources)
            else:
                paras.append(Para(clean_spaces(line.text), list(line.sources)))
        self.stream.append(Block(Kind.NOTICE, paras))
        self.notice = []

    def _marker(self, line: Line) -> None:
        if line.continues_to is not None:
            self._mark_continues_to(line.continues_to, line.sources)
        if line.continued_from is not None:
            self.pending_from = line.continued_from

    def _mark_continues_to(self, page: int, sources: list[int]) -> None:
        for item in reversed(self.stream):
            if isinstance(item, Block) and item.paras:
                if item.kind is Kind.ARTICLE and item.continues_to is None:
                    item.continues_to = page
                    item.paras[-1].lines.extend(sources)
                return

    # -- body text ------------------------------------------------------------------
    def _flush_body(self) -> None:
        if not self.body:
            return
        lines, self.body = self.body, []
        for piece in _paragraphs(lines, self.markdown):
            self._add_paragraph(piece)
        asides, self.asides = self.asides, []
        block = next((b for b in reversed(self.stream) if isinstance(b, Block) and b.paras), None)
        inset = [line for line in asides if line.role is Role.HEADLINE]
        for group in _inset_groups(inset):  # a headline set beside the text: after it
            titles = [clean_title_spaces(line.text) for line in group]
            sources = [n for line in group for n in line.sources]
            self.stream.append(Head(titles, lines=sources))
        for line in asides:
            if line.role is Role.HEADLINE:
                continue
            if block is None:
                self.stream.append(Head([], bylines=[clean_spaces(line.text)], lines=line.sources))
                continue
            block.byline = " ".join(filter(None, [block.byline, clean_spaces(line.text)]))
            block.paras[-1].lines.extend(line.sources)

    def _add_paragraph(self, piece: _Piece) -> None:
        para = piece.para
        block = self._open_block()
        if block is not None and block.paras and _flush_start(piece, block):
            block = self._new_block()
            block.tentative = "flush"
        elif block is not None and block.paras and self.sparse and _boxed_start(piece, block):
            block = self._new_block()
            block.tentative = "box"
        if piece.continued_from is not None or self.pending_from is not None:
            block = self._new_block()
            block.continued_from = piece.continued_from or self.pending_from
            self.pending_from = None
        column, rest = _split_dateline(para.text)
        if column is not None:
            block = self._new_block()
            block.dateline = True
            block.column = column
            para.text = rest
            block.byline = dateline_byline(rest)
        caption = None
        if column is None:
            text = para.text  # each credit pattern searched only if what it needs is there
            caption = (
                names_a_credit(text)
                and ("）" in text or ")" in text)
                and _CREDIT_TAIL_RE.search(text)
            ) or ("/" in text and SLASH_CREDIT_RE.search(text))
        if caption:
            lead = self._caption_lead(piece, block)
            self._add_photo(para, caption, block, lead)
            return
        if block is None:
            block = self._new_block()
        block.paras.append(para)
        self.last_piece = piece
        self.widest[id(para)] = max(piece.widths, default=0.0)
        if piece.wrapped and piece.indented:
            block.indented = True
        block.measure = max(block.measure, piece.measure)
        block.last_width = piece.widths[-1] if piece.widths else 0.0
        self._take_signature(block)
        if piece.continues_to is not None:
            block.continues_to = piece.continues_to

    def _caption_lead(self, piece: _Piece, block: Block | None) -> Para | None:
        """The paragraph before a credited caption paragraph that is part of the caption.

        A caption is a text box of its own, set flush in its own measure: a flush paragraph
        that opens a box (a blank line or a headline before it), set in the caption's
        measure and running straight on into the caption paragraph (no blank line between),
        is the caption's first paragraph — the report the photo illustrates
        (今年高考前，… / 图为6月8日，… 图/X 文/Y). Body paragraphs are indented, so they are
        never taken."""
        lead = self.last_piece
        first, lead_first = piece.first, lead.first if lead is not None else None
        if (
            lead is None
            or block is None
            or not block.paras
            or block.paras[-1] is not lead.para
            or first is None
            or lead_first is None
            or first.blank_before
            or not (lead_first.blank_before or block.paras[0] is lead.para)
            or not ends_sentence(lead.para.text)
        ):
            return None
        measure = lead.measure
        if measure <= 0 or lead.widths[0] < measure - 0.5 or piece.widths[0] < measure - 0.5:
            return None  # indented: a body paragraph, not a caption box
        if any(width > measure + 1.0 for width in piece.widths):  # hanging punctuation
            return None
        return block.paras.pop()

    def _add_photo(
        self, para: Para, caption: re.Match[str], block: Block | None, lead: Para | None = None
    ) -> None:
        groups = caption.groupdict()
        credit = (groups.get("credit") or caption.group(0)).strip("（）() ")
        title = (groups.get("title") or "").strip()
        para.text = para.text[: caption.start()].rstrip()
        photo = Block(Kind.PHOTO, [lead, para] if lead else [para], byline=credit, title=title)
        if block is not None and not block.paras:
            self.stream.remove(block)
        self.stream.append(photo)
        self.stream.append(Block(Kind.ARTICLE, []))  # text after a photo starts afresh

    def _take_signature(self, block: Block) -> None:
        """（赵晖） closing a paragraph is the writer's name: move it to the byline."""
        para = block.paras[-1]
        # both patterns end in a closing bracket: searched only where the text has one
        bracketed = para.text.endswith(_BRACKET_ENDS)
        match = TRAILING_NAME_RE.search(para.text) if bracketed and signed_name(para.text) else None
        if not match:
            # a bracketed note after the last sentence (（来源：…）, （完）, names run
            # together: （胡竞文刘超郑羡仪）) closes the article as a signature does
            block.closed = block.closed or (bracketed and bool(_SIGNED_RE.search(para.text[-64:])))
            return
        name = match.group(0).strip("（）() ")
        para.text = para.text[: match.start()].rstrip()
        block.byline = " ".join(filter(None, [block.byline, name]))
        if not para.text:
            block.paras.pop()
            if block.paras:
                block.paras[-1].lines.extend(para.lines)
        block.closed = True

    def _open_block(self) -> Block | None:
        """The article block new text may go on in, if any."""
        if not self.stream or not isinstance(self.stream[-1], Block):
            return None
        block = self.stream[-1]
        if block.kind is not Kind.ARTICLE or block.closed or block.continues_to is not None:
            return None
        return block

    def _new_block(self) -> Block:
        last = self.stream[-1] if self.stream else None
        if isinstance(last, Block) and last.kind is Kind.ARTICLE and not last.paras:
            return last
        block = Block(Kind.ARTICLE, [])
        self.stream.append(block)
        return block


def title_runs_on(title: str, text: str) -> bool:
    """Is ``text``, set under a headline as its subtitle, the headline's last line? A
    headline breaks between words and closes its quotes, and a subtitle says something
    of its own: a line that completes the word the title stopped in (何以虑、何 / 以备,
    六地抓住暴 / 雨间隙…), closes its open quote (警惕“累积效 / 应”…), or is a single
    character (…何以 / 应？, …研究 / 所) goes on with the title. (Two characters may be a
    label or a name set there: 短评, 吕恒.)"""
    if SUBTITLE_RE.match(text):
        return False  # ——… is a subtitle whatever it says
    if title.count("“") > title.count("”") and "”" in text:
        return True
    return len(text.rstrip("？！?!")) <= 1 or joins_word(title, text)


def _names_run_on(byline: str, line: str) -> bool:
    """Is ``line`` the rest of ``byline`` wrapped in mid-name? Where the names are run
    together (a run longer than any one name: 张欣彤魏裕革饶) a wrap may fall inside one,
    and the rest (轶) reads on without a space; names set apart by spaces wrap between
    names."""
    tokens = byline.split()
    return bool(tokens) and " " not in line and len(tokens[-1]) > _LONGEST_NAME


# A Chinese personal name has at most four characters (two-character surname, two given).
_LONGEST_NAME = 4


def _is_label(titles: list[str]) -> bool:
    """A headline group that so far is one short word (科普园地, 短评, 本报专访): a label."""
    return len(titles) == 1 and visual_width(titles[0]) <= _SHORT_SUBTITLE and " " not in titles[0]


# A flush paragraph this many times as wide as the text before it is set in a box of its own.
_WIDER_BOX = 1.5


def _flush_start(piece: _Piece, block: Block) -> bool:
    """Body paragraphs open with a two-character indent; a paragraph set flush in the same
    column measure after a finished paragraph (one whose last line stops short) is not the
    next paragraph of that text: it is another item (a caption, a box, a new article) or the
    rest of another article carried over from elsewhere — split off tentatively, it is
    placed by its headline or its vocabulary (``page``). In a narrower measure it may be
    the body after a lede, and after a full last line it may be the same paragraph going on
    in the next column, so it is left alone; but a lede comes before its body, never after
    it, so one set flush far wider than the text before it is split off too."""
    first = piece.first
    if first is None or not piece.wrapped or not block.indented or not first.blank_before:
        return False
    same_measure = abs(piece.measure - block.measure) <= max(1.0, 0.1 * block.measure)
    # a lede set wide comes before its body, never after it: a flush paragraph in a measure
    # far wider than the indented text before it is another text box
    same_measure = same_measure or piece.measure > _WIDER_BOX * block.measure
    flush = piece.measure > 0 and piece.widths[0] >= piece.measure - 0.5
    # a sentence that ends on a full line may go on in the next column as the same paragraph
    short_end = block.last_width < block.measure - max(1.0, 0.1 * block.measure)
    return same_measure and ends_sentence(block.paras[-1].text) and short_end and flush


def _boxed_start(piece: _Piece, block: Block) -> bool:
    """A blank line where this extractor rarely prints one, after a finished paragraph and
    before an indented one, is where a text box ends: perhaps another article."""
    first = piece.first
    if first is None or not first.blank_before or not piece.indented_first:
        return False
    return ends_sentence(block.paras[-1].text)


def dateline_byline(text: str) -> str:
    """The reporters a dateline names (本报讯（记者 王五）… → 记者 王五); the text keeps them."""
    match = DATELINE_BYLINE_RE.match(text) or DATELINE_BYLINE_RE.match(squash_cjk_spaces(text))
    if not match:
        return ""
    return " ".join((match["paren"] or match["plain"]).split())


def _split_dateline(text: str) -> tuple[str | None, str]:
    """If the paragraph opens an article (本报讯…), return (column label before it, text)."""
    match = finds_dateline(text[: _MAX_COLUMN_LABEL + 12])
    if not match:
        return None, text
    prefix = text[: match.start()].strip()
    if len(prefix) > _MAX_COLUMN_LABEL or (prefix and ends_sentence(prefix)):
        return None, text
    if any(ch in prefix for ch in "。，；"):
        return None, text
    return prefix, text[match.start() :]


@dataclass(slots=True)
class _Piece:
    """A paragraph as reflowed, with what its first and last lines said about markers."""

    para: Para
    continued_from: int | None
    continues_to: int | None = None
    first: Line | None = None  # the paragraph's first line
    wrapped: bool = False  # the first line was filled to the column and wrapped
    widths: list[float] = field(default_factory=list)  # widths of its lines
    # ``measure`` once worked out: asked several times of each piece, and a long run of
    # lines read as one paragraph has many widths (its lines are all read by then)
    _measure: float | None = field(default=None, init=False, repr=False)

    @property
    def measure(self) -> float:
        """The column width the paragraph is set in: its inner lines are full lines
        (0 when it has none: a paragraph of one or two lines says nothing about it)."""
        measure = self._measure
        if measure is None:
            widths = self.widths
            measure = self._measure = max(widths[1:-1]) if len(widths) >= 3 else 0.0
        return measure

    @property
    def indented_first(self) -> bool:
        """Its first line is set in from the column (two characters for an indent)."""
        first = self.first
        return bool(self.widths) and first is not None and self.widths[0] <= first.column - 1.0

    @property
    def indented(self) -> bool:
        return self.measure > 0 and self.widths[0] <= self.measure - 1.0


def _paragraphs(lines: list[Line], markdown: bool) -> list[_Piece]:
    """Join hard-wrapped lines into paragraphs; a 下转 marker always closes one."""
    pieces: list[_Piece] = []
    current: _Piece | None = None
    prev: Line | None = None
    for line in lines:
        text = line.text
        # most lines have no space left to clean (``clean_spaces`` only strips them)
        text = clean_spaces(text) if " " in text or "\u3000" in text else text.strip()
        if current is None or prev is None or _breaks(prev, line, markdown, current.para.text):
            current = _Piece(Para(text, list(line.sources)), line.continued_from, first=line)
            pieces.append(current)
            current.widths.append(line.width)
        else:
            current.widths.append(line.width)
            current.wrapped = current.wrapped or current.first is prev
            current.para.text = join_wrapped(current.para.text, text)
            current.para.lines.extend(line.sources)
        prev = line
        if line.markers and line.continues_to is not None:  # most lines have no marker
            current.continues_to = line.continues_to
            current, prev = None, None
    return pieces


# TRAILING_NAME_RE ends in a bracket at the end of the text (``$``: or before a final newline).
_BRACKET_ENDS = ("）", ")", "）\n", ")\n")


def _breaks(prev: Line, line: Line, markdown: bool, so_far: str = "") -> bool:
    """Does ``line`` start a new paragraph after ``prev``? ``so_far`` is the paragraph's text
    up to and including ``prev``: a signature wrapped onto two lines (``…坚守。（张`` /
    ``嘉赫）``) is read whole."""
    if line.markers and line.continued_from is not None:  # most lines have no marker
        return True
    if opens_with_dateline(line.text) or (
        line.blank_before
        and finds_dateline(line.text[: _MAX_COLUMN_LABEL + 12])
        and _split_dateline(clean_spaces(line.text))[0] is not None
    ):
        return True
    tail = so_far[-64:] if so_far else prev.text
    # each pattern is searched only where the characters it needs are there: most lines
    # run on, and searching the tail three times for each was a tenth of the analysis
    finished = ends_sentence(prev.text) or bool(
        (tail.endswith(_BRACKET_ENDS) and signed_name(tail))
        or (names_a_credit(tail) and PHOTO_CREDIT_RE.search(tail))
        or ("/" in tail and SLASH_CREDIT_RE.search(tail))  # 图/文 X closes a caption
        or closing_note(tail)
    )
    if not finished:
        return False
    if markdown or line.blank_before:
        return True
    tolerance = max(1.0, 0.1 * prev.column)
    if prev.width < prev.column - tolerance:
        return True  # a short last line
    # a sentence ended at a full line: the paragraph goes on unless the next line is indented
    return line.width <= line.column - _INDENT + 0.5


def _runs_on(subtitle: str) -> bool:
    """A ``——`` subtitle line not closed by sentence punctuation may wrap onto the next
    line (a short line set under a headline is a subtitle of its own, not a wrap)."""
    return bool(SUBTITLE_RE.match(subtitle)) and not ends_sentence(subtitle)


# Characters on each side of a break that must read on as a phrase the page prints.
_PHRASE_SIDE = 2


def _phrase_runs_on_text(upper: str, lower: str, page: str) -> bool:
    """Do two lines read on as one phrase the page prints whole (two ideographs either
    side of the break)?"""
    upper, lower = upper.rstrip(), lower.lstrip()
    if len(upper) < _PHRASE_SIDE or len(lower) < _PHRASE_SIDE:
        return False
    phrase = upper[-_PHRASE_SIDE:] + lower[:_PHRASE_SIDE]
    return all(map(is_cjk, phrase)) and phrase in page


def _phrase_runs_on(head: Head, text: str, page: str) -> bool:
    """Do a headline group's last line and the line set apart under it read on as one
    phrase that the page prints whole elsewhere (two characters either side of the
    break, all ideographs)? A headline broken over two boxes does; two headlines do not."""
    if any(SUBTITLE_RE.match(sub) for sub in head.subtitles):
        return False
    upper = (head.subtitles or head.titles)[-1].rstrip()
    lower = text.lstrip()
    if len(upper) < _PHRASE_SIDE or len(lower) < _PHRASE_SIDE:
        return False
    phrase = upper[-_PHRASE_SIDE:] + lower[:_PHRASE_SIDE]
    return all(map(is_cjk, phrase)) and phrase in page


def _word_runs_on(upper: str, lower: str, page: str) -> bool:
    """Does a headline line break inside a word the page prints whole (暴 | 雨: 暴雨 is
    printed together elsewhere on the page)? Two ideographs only: a pair of letters or
    digits says nothing."""
    upper, lower = upper.rstrip(), lower.lstrip()
    if not upper or not lower or not (is_cjk(upper[-1]) and is_cjk(lower[0])):
        return False
    return upper[-1] + lower[0] in page


# A headline wrapped in a box of its own fills at least this many lines before its rest.
_BOX_LINES = 2


def _box_ended(lines: list[str]) -> bool:
    """Has a headline wrapped in a narrow box of its own come to its end? Its lines fill
    the box's measure (as wide as each other, give or take a character) but the last, a
    short rest. Another line set apart under it is no part of it: the next headline
    (读《真实与 | 虚拟》： | … | 思考 ‖ 读《苦难辉 | …), not a subtitle."""
    if len(lines) <= _BOX_LINES or not _wrap_ended(lines):
        return False
    widths = [visual_width(line) for line in lines[:-1]]
    return max(widths) - min(widths) <= 1.0


def _inset_groups(inset: list[Line]) -> list[list[Line]]:
    """Headline lines set beside the text, one group per headline: two boxes stacked
    there are two headlines where the upper one has come to its end (``_box_ended``)."""
    groups: list[list[Line]] = []
    for line in inset:
        if groups and not (
            line.blank_before and _box_ended([member.text for member in groups[-1]])
        ):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _wrap_ended(titles: list[str]) -> bool:
    """Has a wrapped headline come to its end? Its last line, a short rest clearly shorter
    than the line above it, is where the headline stops: a wrap fills every line of its
    box but the last, so a line after that rest is something else (the next headline)."""
    if len(titles) < 2:
        return False
    last = visual_width(titles[-1])
    return last <= _SHORT_SUBTITLE and last < visual_width(titles[-2]) - _INDENT
