"""Page analysis: page text in, articles out, in reading order and with stable ids.

The steps, each in its own module: page furniture is found and set aside (``furniture``);
lines get roles from their shape measured against the page's own column width and blank-line
habit (``lines``), and a line taken for a headline that leaves a quote open which a piece of
the page's text closes is running text again (a headline is a whole phrase), and so is one
that opens by tying itself to a sentence before it (而…, 但是…, 因此… running in clauses: a
headline stands on its own); lines are reflowed into blocks split where an item must start
(``blocks``); headline groups are attached to blocks by how well their words fit each
block's opening, subheads are folded in where the text around them coheres (``headlines``).
A headline stacked under another that titles no text opens the text after a news brief's
last sentence, where that text restates its words and no longer the brief's headline's (two
boxes printed as one run).
A second look then reconsiders the pieces split off only at a box end: one no headline
claims is the rest of the article it shares most vocabulary with; where every box is set
apart and headlines lead, an untitled text right under a headline that another text claimed
is that article's rest (its opening printed elsewhere); a text no headline claims is the
rest of one that stops in mid-sentence (the one whose last word it completes, the only
one if it opens on a sentence's tail, or where the extractor sets boxes apart, the nearest
before it). Nothing printed is dropped: every line
ends in some field of some article, or in the furniture.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from reader.layout.blocks import Block, Head, Item, Para, build_stream, title_runs_on
from reader.layout.bylines import team_names
from reader.layout.drawing_order import (
    BRACKETS,
    is_drawing_order,
    mark_headlines,
    merge_sections,
    open_mark,
    split_joined,
    split_shared_line,
)
from reader.layout.fragments import opens_on_tail
from reader.layout.furniture import Furniture, read_furniture
from reader.layout.headlines import (
    EDITOR_NOTE_RE,
    OPENING_CHARS,
    Attached,
    Fit,
    assign,
    decks_under_titles,
    head_parts,
    heads_follow_body,
    merge_subheads,
    share_between_neighbours,
    split_double_titled,
    split_kicker_joined,
    split_shared_lines,
)
from reader.layout.lines import (
    SPARSE_BLANKS,
    SUBTITLE_RE,
    Line,
    Role,
    blank_habit,
    classify,
    closing_note,
    joins_word,
)
from reader.layout.text import bigram_set, ends_sentence, fold, join_wrapped, visual_width
from reader.model import Article, Kind

_FINGERPRINT_CHARS = 80


@dataclass(slots=True)
class PageAnalysis:
    """A page's articles, and its furniture (masthead, date line, page number)."""

    articles: list[Article]
    furniture: Furniture


def analyze_page(text: str, page_key: str) -> list[Article]:
    """Find the articles, photos and notices of one page.

    ``page_key`` identifies the page (paper/date/page, or the file for unfiled pages); it
    goes into every article id so that ids are unique across the library and stable when
    the library is re-read or grows.
    """
    return analyze(text, page_key).articles


def analyze(text: str, page_key: str, furniture: Furniture | None = None) -> PageAnalysis:
    """The articles of a page and what its furniture says (see ``analyze_page``)."""
    furniture = furniture or read_furniture(text)
    stream, boxed, sparse = _layout_stream(text, furniture)
    fit = Fit([item for item in stream if isinstance(item, Block)])  # blocks are final here
    stream = split_shared_lines(stream, fit, spaced=not is_drawing_order(text))
    if is_drawing_order(text):
        stream = split_shared_line(stream)
    attached = assign(stream, fit)
    if split_double_titled(stream, attached, fit):  # the blocks ``fit`` was weighed over
        attached = assign(stream)  # new blocks: fresh statistics
    pairs = split_kicker_joined(stream, attached)
    if pairs:
        attached = assign(stream)
        head_parts(attached, pairs)
    if _split_for_headless(stream, attached):
        attached = assign(stream)
    share_between_neighbours(stream, attached, fit, spaced=not is_drawing_order(text))
    if is_drawing_order(text) and split_joined(stream, attached):
        attached = assign(stream)
        share_between_neighbours(stream, attached, Fit([b for b in stream if isinstance(b, Block)]))
    _gather_roundup(stream, attached)
    _join_tentative(stream, attached)
    if not sparse:
        _join_under_own_headline(stream, attached, fit)
    _join_broken(stream, attached, boxed)
    decks_under_titles(stream, attached)
    articles = [_article(item, attached) for item in _ordered(stream, attached)]
    give_ids(articles, page_key)
    return PageAnalysis(articles, furniture)


# Text split off at a box end goes to another text than the one it was split from only if
# it shares this much more of its vocabulary with it.
JOIN_MARGIN = 1.25
# 图为… / 上图… / 图①…: how a photo caption opens.
CAPTION_OPENING_RE = re.compile(r"^\s*(?:图为|[上下左右中]图|图\s*[①-⑩\d])")


def _join_tentative(stream: list[Item], attached: dict[int, Attached]) -> None:
    """Text split off on layout evidence only — at a box end (a blank line where this
    extractor rarely prints one) or as a flush paragraph — is an article of its own only if
    some headline claims it. Otherwise it is the rest of some article, set in another column
    or box: the one whose vocabulary it shares clearly most (lexical cohesion); failing that,
    the text it was split from. A caption (图为…, 上图…) stays an item of its own, and so does
    a text opened by a dateline (本报讯…): that is how a news article begins, never how one
    goes on; a text opened by a jump line (（上接第N版）…) is the rest of a story from another
    page, never of a text on this one; a text closed by a signature (（赵晖）) takes no rest."""
    blocks = [b for b in stream if isinstance(b, Block)]
    for pos in range(len(stream) - 1, 0, -1):
        item, prev = stream[pos], stream[pos - 1]
        if not (isinstance(item, Block) and item.tentative and isinstance(prev, Block)):
            continue
        parts = attached.get(id(item))
        if parts is None or parts.title is not None:
            continue
        if CAPTION_OPENING_RE.match(item.text):
            continue  # 图为… / 上图… describes a photo: a caption of its own
        if item.dateline:
            continue  # 本报讯… opens a news article: never the rest of another text
        if item.continued_from is not None:
            continue  # （上接第N版）: the rest of a story from another page, not of this text
        if _completes_one(item, blocks, attached):
            continue  # the rest of the one text whose last word it completes: _join_broken
        words = bigram_set(item.text)
        hosts = [
            b
            for b in blocks
            if b is not item
            and b.kind is Kind.ARTICLE
            and b.paras
            and b.continues_to is None
            and not b.closed  # a signature closes its text: nothing more belongs to it
            and id(b) in attached
        ]
        if not hosts:
            continue
        best = max(hosts, key=lambda b: _overlap(words, b))
        target = prev
        if prev not in hosts or _overlap(words, best) > JOIN_MARGIN * _overlap(words, prev):
            target = best
        target.go_on_with(item)
        del stream[pos]
        del attached[id(item)]
        blocks.remove(item)


# Where a news brief has ended and another article runs on under it: that article's
# headline covers this share of the text after the cut at least, this many times what it
# covers of the brief above, while the brief's own headline covers less than
# ``HEADLESS_OWN`` of it (the vocabulary changes at the cut).
HEADLESS_FIT = 0.3
HEADLESS_MARGIN = 2.0
HEADLESS_OWN = 0.1


def _split_for_headless(stream: list[Item], attached: dict[int, Attached]) -> bool:
    """A headline stacked under another that titles no text has its text somewhere on the
    page: where a news brief (本报讯…) has come to a sentence's end and the paragraphs after
    it restate that headline's words far better than the brief does, and no longer those of
    the brief's own headline, the brief is over and the headline's article opens there
    (the extractor printed the two boxes as one run of text). Returns whether it cut."""
    titled = {id(parts.title) for parts in attached.values() if parts.title is not None}
    orphans = [
        item
        for pos, item in enumerate(stream)
        if isinstance(item, Head)
        and item.titles
        and id(item) not in titled
        and _stacked(stream, pos)
    ]
    if not orphans:
        return False
    briefs = [
        item
        for item in stream
        if isinstance(item, Block) and item.dateline and item.kind is Kind.ARTICLE
    ]
    if not briefs:
        return False  # no news brief to cut: the vocabulary table is not built for nothing
    fit = Fit([item for item in stream if isinstance(item, Block)])
    cut_any = False
    for head in orphans:
        found = [
            (score, cut, b) for b in briefs for score, cut in _headless_cuts(head, b, attached, fit)
        ]
        if found:
            _, cut, block = max(found, key=lambda found: found[0])
            stream.insert(stream.index(block) + 1, block.cut_at(cut))
            cut_any = True
    return cut_any


def _headless_cuts(
    head: Head, block: Block, attached: dict[int, Attached], fit: Fit
) -> list[tuple[float, int]]:
    """The paragraph breaks of a news brief where ``head``'s article may open, with how
    well the headline fits the text after each (its opening weighs: see ``Fit.score``)."""
    own = attached.get(id(block))
    own_title = own.title.match_text if own is not None and own.title is not None else ""
    cuts: list[tuple[float, int]] = []
    for cut in range(1, len(block.paras)):
        if not ends_sentence(block.paras[cut - 1].text):
            continue  # a sentence goes on across the break: the same text
        above = "".join([p.text for p in block.paras[:cut]])
        below = "".join([p.text for p in block.paras[cut:]])
        score = fit.coverage(head.match_text, below[: 2 * OPENING_CHARS])
        if score < HEADLESS_FIT or score < HEADLESS_MARGIN * fit.coverage(head.match_text, above):
            continue
        if own_title and fit.coverage(own_title, below) >= HEADLESS_OWN:
            continue  # the text below still tells the brief's own story
        cuts.append((score, cut))
    return cuts


def _stacked(stream: list[Item], pos: int) -> bool:
    """A headline printed right under another, with no text between: two boxes' headlines."""
    return pos > 0 and isinstance(stream[pos - 1], Head) and bool(stream[pos - 1].titles)


# A signature closing a roundup's section, names run together: （刘礼锋王双正）.
_SIGNATURE_RE = re.compile(r"[（(]([\u4e00-\u9fff·、\s]{2,16})[）)]$")
# A section's subhead (a place: 焦作, 信阳平桥) is a short phrase without clauses.
_SECTION_HEAD = 6
_CLAUSE_MARK = re.compile("[，。；：！？、,;:!?]")


def _gather_roundup(stream: list[Item], attached: dict[int, Attached]) -> None:
    """A roundup is one article: its headline's byline names a team (本报记者 庄若南 张莹
    段宸宇 …), and each section, under a short subhead of its own (焦作, 信阳平桥) or none,
    is signed by the member who wrote it (（张莹）). Where two texts or more are signed so,
    each is a section of that roundup, not an article of its own: the sections go on after
    the roundup's text in printed order, each opening with its subhead."""
    for head in [item for item in stream if isinstance(item, Head)]:
        team = team_names(head.bylines)
        if not team:
            continue
        hosts = [b for b in stream if isinstance(b, Block) and _titled(attached, b, head)]
        if not hosts:
            continue
        host = hosts[0]
        sections = [
            b
            for b in stream
            if isinstance(b, Block)
            and b is not host
            and b.kind is Kind.ARTICLE
            and id(b) in attached
            and _under_section_head(attached[id(b)])
            and not b.dateline
            and not b.signed_above
            and b.continued_from is None
        ]
        signed = [b for b in sections if _signed_by(b, team)]
        if len(signed) < 2:
            continue  # one signature alone does not make a roundup
        for section in signed:
            sub = attached.pop(id(section)).title
            if sub is not None:
                section.paras.insert(0, Para(sub.title, list(sub.lines), subhead=True))
            host.go_on_with(section)  # its signature goes to the byline, as for any text
            stream.remove(section)


def _titled(attached: dict[int, Attached], block: Block, head: Head) -> bool:
    parts = attached.get(id(block))
    return parts is not None and parts.title is head


def _under_section_head(parts: Attached) -> bool:
    """Untitled, or under a short subhead without byline or clauses (焦作)."""
    head = parts.title
    if head is None:
        return parts.kicker is None
    return (
        not head.bylines
        and not head.subtitles
        and len(head.title) <= _SECTION_HEAD
        and not _CLAUSE_MARK.search(head.title)
    )


def _signed_by(block: Block, team: str) -> bool:
    """Is the text closed by a signature (its byline, once ``blocks`` took it out of the
    text) of names all in ``team``?"""
    if not block.closed or not block.paras:
        return False
    signature = block.byline  # the signature taken out of the text (``blocks``)
    if not signature:  # names run together stay in the text: （刘礼锋王双正）
        found = _SIGNATURE_RE.search(block.paras[-1].text.rstrip())
        signature = found.group(1) if found else ""
    names = signature.replace("、", " ").split()
    return bool(names) and all(name in team for name in names)


def _join_under_own_headline(stream: list[Item], attached: dict[int, Attached], fit: Fit) -> None:
    """A headline stands over its article's text. Where the extractor sets every text box
    apart (a blank line after each) and the page's headlines lead their text, an untitled
    text printed right under a headline that another text claimed by its words is that
    article's too: the article's opening (its dateline, its first column) was printed
    elsewhere, and this is the rest of it under its headline. A caption, an editor's note
    or a text opened by a dateline or a jump line starts an item of its own."""
    blocks = [b for b in stream if isinstance(b, Block)]
    leads: bool | None = None  # the page's convention, worked out at the first candidate
    owners = {id(p.title): bid for bid, p in attached.items() if p.title is not None}
    by_id = {id(b): b for b in blocks}
    for pos in range(len(stream) - 1, 0, -1):
        item, prev = stream[pos], stream[pos - 1]
        if not (isinstance(item, Block) and isinstance(prev, Head) and item.kind is Kind.ARTICLE):
            continue
        parts = attached.get(id(item))
        if parts is None or parts.title is not None or item.dateline or item.continued_from:
            continue
        if CAPTION_OPENING_RE.match(item.text) or EDITOR_NOTE_RE.match(item.text):
            continue
        host = by_id.get(owners.get(id(prev), -1))
        if host is None or host is item or host.continues_to is not None or host.closed:
            continue
        if leads is None:
            leads = not heads_follow_body(stream, blocks, fit)
        if not leads:
            return
        host.go_on_with(item)
        del stream[pos]
        del attached[id(item)]


def _completes_one(item: Block, blocks: list[Block], attached: dict[int, Attached]) -> bool:
    """Does the text open by completing the word that exactly one other text stops in the
    middle of (…6月2 | 日20时…)? A text broken at a column's foot goes on where its word
    goes on, whatever vocabulary the pieces around share."""
    opening = item.paras[0].text
    return (
        sum(
            1
            for b in blocks
            if b is not item
            and id(b) in attached
            and _unfinished(b)
            and joins_word(b.paras[-1].text, opening)
        )
        == 1
    )


def _join_broken(stream: list[Item], attached: dict[int, Attached], boxed: bool) -> None:
    """A text that stops in mid-sentence goes on somewhere: a text no headline claims is
    the rest of one that stops unfinished (a column or box break the extractor printed
    elsewhere) — the one whose last word it completes; if it opens on a sentence's tail
    (落地有声。… — no sentence is that short) and one text alone stops unfinished, that
    one; or, where the extractor prints a column as one run but sets boxes apart
    (``boxed``: it prints blank lines, though rarely), the nearest unfinished text before
    it."""
    blocks = [b for b in stream if isinstance(b, Block) and b.kind is Kind.ARTICLE and b.paras]
    for block in list(blocks):
        parts = attached.get(id(block))
        if parts is None or parts.title is not None or block.continued_from:
            continue
        if CAPTION_OPENING_RE.match(block.text) or block.dateline:
            continue
        broken = [b for b in blocks if b is not block and _unfinished(b) and id(b) in attached]
        if not broken:
            continue
        opening = block.paras[0].text
        joined = [b for b in broken if joins_word(b.paras[-1].text, opening)]
        earlier = [b for b in broken if b.start < block.start]
        if len(joined) == 1:
            host = joined[0]
        elif len(broken) == 1 and opens_on_tail(opening):
            host = broken[0]  # the one sentence left unfinished goes on in this tail
        elif earlier and boxed:
            host = max(earlier, key=lambda b: b.start)
        else:
            continue
        last = host.paras[-1]
        last.text = join_wrapped(last.text, opening)
        last.lines.extend(block.paras[0].lines)
        host.go_on_with(block, block.paras[1:])
        stream.remove(block)
        blocks.remove(block)
        del attached[id(block)]


def _unfinished(block: Block) -> bool:
    """Does the block's text stop in mid-sentence (no jump line, no signature)?"""
    if block.kind is not Kind.ARTICLE or not block.paras or block.closed:
        return False
    if block.continues_to is not None:
        return False
    text = block.paras[-1].text.rstrip()
    return bool(text) and not ends_sentence(text) and not closing_note(text)


def _overlap(words: frozenset[int], block: Block) -> float:
    """Cosine of two sets of character bigrams."""
    other = bigram_set(block.text)
    if not words or not other:
        return 0.0
    return len(words & other) / (len(words) * len(other)) ** 0.5


def fallback_articles(text: str, page_key: str) -> list[Article]:
    """The page as one untitled article of its text blocks: used only if analysis fails."""
    paragraphs = [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]
    articles = [Article(id="", kind=Kind.ARTICLE, paragraphs=paragraphs)]
    give_ids(articles, page_key)
    return articles


def _layout_stream(text: str, furniture: Furniture) -> tuple[list[Item], bool, bool]:
    """The page's stream, and whether its extractor sets boxes apart by blank lines while
    printing columns as runs (some blank lines, but rarely after a paragraph)."""
    lines = classify(text, furniture.lines)
    if is_drawing_order(text):
        mark_headlines(lines)
    else:
        _unmark_left_open(lines)
        _unmark_linked(lines)
    habit = blank_habit(lines)  # the lines do not change before the stream is built
    sparse = habit < SPARSE_BLANKS
    boxed = any(line.blank_before for line in lines[1:]) and sparse
    stream = build_stream(lines, text, habit)
    stream = [item for item in stream if not isinstance(item, Block) or _has_content(item)]
    stream = _fold_lone_bylines(stream)
    _join_linked(stream)
    stream = merge_sections(stream) if is_drawing_order(text) else merge_subheads(stream, sparse)
    return _split_signed_after_note(stream), boxed, sparse


# A piece's first characters are read for the quote or bracket it closes.
_CLOSING_REACH = 6
_CLOSERS = frozenset(BRACKETS.values())
_OPENERS = re.compile("[" + re.escape("".join(BRACKETS)) + "]")


def _unmark_left_open(lines: list[Line]) -> None:
    """A headline is a whole phrase: it closes every quote and bracket it opens. A line
    taken for a headline that leaves one open (…受台风“巴) where a piece of text on the
    page opens by closing it (威”影响，…) is running text stopped at a column's foot, its
    sentence going on in that piece. A headline wrapped onto the lines glued under it
    (“开放、 | 信任、重 | 要”) closes its quote there: read with them, it leaves none open."""
    headline = Role.HEADLINE  # read once: an enum member looked up per line costs 7x more
    left_open = {
        id(line): mark
        for pos, line in enumerate(lines)
        if line.role is headline
        and _OPENERS.search(line.text)
        and (mark := open_mark(_with_wrap(lines, pos))) is not None
    }
    if not left_open:
        return  # the usual page: every headline closes what it opens
    closing = {BRACKETS[mark]: mark for mark in left_open.values()}
    closed: set[str] = set()
    for pos, line in enumerate(lines):
        if line.role is not Role.BODY or not (pos == 0 or line.blank_before):
            continue
        for ch in line.text.lstrip()[:_CLOSING_REACH]:
            if ch in BRACKETS:
                break  # it opens one of its own first
            if ch in _CLOSERS:
                if ch in closing:
                    closed.add(closing[ch])
                break
    for line in lines:
        if left_open.get(id(line)) in closed:
            line.role = Role.BODY


def _with_wrap(lines: list[Line], pos: int) -> str:
    """A headline line's text with the headline lines glued under it (its wrap)."""
    text = lines[pos].text
    for line in lines[pos + 1 :]:
        if line.role is not Role.HEADLINE or line.blank_before:
            break
        text += line.text
    return text


# Words that tie a sentence to the one before it (而…, 但是…, 因此…).
_LINKS = frozenset(
    {"而", "但", "但是", "然而", "可是", "不过", "因此", "所以", "因而", "而且", "并且"}
)
_LINK_STARTS = frozenset(word[0] for word in _LINKS)
_CLAUSE_RE = re.compile("[，；,;]")


def _opens_linked(text: str) -> bool:
    """Does the text open with a word tying it to a sentence before it (而…, 但是…)?"""
    text = text.lstrip()
    if text[:1] not in _LINK_STARTS:
        return False  # the usual text: not asked of the dictionary
    from reader.language.segmenter import words  # jieba's dictionary: loaded on first use

    first = words(text[:8])
    return bool(first) and first[0] in _LINKS


def _join_linked(stream: list[Item]) -> None:
    """A paragraph that opens by tying itself to the sentence before it (而在更长时间尺度
    上，…) goes on with the text printed right before it: split off on layout evidence
    only (set flush, or after a box's end), it is that text's next paragraph."""
    for pos in range(len(stream) - 1, 0, -1):
        item, prev = stream[pos], stream[pos - 1]
        if not (isinstance(item, Block) and item.tentative and isinstance(prev, Block)):
            continue
        if prev.kind is not Kind.ARTICLE or prev.continues_to is not None or prev.closed:
            continue
        if not prev.paras or not item.paras or not _opens_linked(item.paras[0].text):
            continue
        prev.go_on_with(item)
        del stream[pos]


def _unmark_linked(lines: list[Line]) -> None:
    """A headline stands on its own: it never opens by tying itself to a sentence before
    it. A line taken for a headline's first line that opens with such a word and runs in
    clauses (而在更长时间尺度上，影响还会) is a paragraph of running text printed out of its
    place, and so are the headline lines glued under it (持续发生——). A headline's next
    line may open with one (…出席 / 并作主旨发言): it goes on with the headline itself."""
    headline = Role.HEADLINE  # read once: an enum member looked up per line costs 7x more
    for pos, line in enumerate(lines):
        if line.role is not headline:
            continue
        text = line.text
        if text.lstrip()[:1] not in _LINK_STARTS or not _CLAUSE_RE.search(text):
            continue
        if pos and lines[pos - 1].role is Role.HEADLINE and not line.blank_before:
            continue  # a headline's next line
        if not _opens_linked(text):
            continue  # 而今…, 但愿…: a word of its own, not a link
        line.role = Role.BODY
        for rest in lines[pos + 1 :]:
            if rest.role is not Role.HEADLINE or rest.blank_before:
                break
            rest.role = Role.BODY


def _split_signed_after_note(stream: list[Item]) -> list[Item]:
    """An editor's note (编者按…) is the editor's word on the articles it introduces and is
    never signed by an author. A text that opens with a note and ends with an author's
    signature is therefore two: the note, and the signed article printed after it (its
    headline set elsewhere, beside or above the note's). The note is the first paragraph."""
    pos = 0
    while pos < len(stream):
        block = stream[pos]
        pos += 1
        if (
            isinstance(block, Block)
            and block.kind is Kind.ARTICLE
            and block.closed
            and len(block.paras) >= 2
            and EDITOR_NOTE_RE.match(block.paras[0].text)
        ):
            stream.insert(pos, block.cut_at(1))
            pos += 1
    return stream


def _fold_lone_bylines(stream: list[Item]) -> list[Item]:
    """A byline with no headline above it belongs to the text that follows it (or, at the
    end of the page, to the text before it)."""
    result: list[Item] = []
    for pos, item in enumerate(stream):
        if isinstance(item, Head) and not item.titles and not item.subtitles:
            after = stream[pos + 1] if pos + 1 < len(stream) else None
            before = result[-1] if result else None
            target = next(
                (
                    b
                    for b in (after, before)
                    if isinstance(b, Block) and b.kind is Kind.ARTICLE and b.paras
                ),
                None,
            )
            if target is not None:
                names = " ".join(item.bylines)
                parts = [names, target.byline] if target is after else [target.byline, names]
                target.byline = " ".join(filter(None, parts))
                target.paras[0 if target is after else -1].lines[:0] = item.lines
                target.signed_above = target.signed_above or target is after
                continue
        result.append(item)
    return result


def _has_content(block: Block) -> bool:
    return any(p.text for p in block.paras) or block.kind is Kind.PHOTO


def _ordered(stream: list[Item], attached: dict[int, Attached]) -> list[Item]:
    """Blocks, plus headlines that belong to no block, by where their text starts."""
    items = [item for item in stream if id(item) in attached]
    return sorted(items, key=lambda item: item.start)


def _article(item: Item, attached: dict[int, Attached]) -> Article:
    parts = attached[id(item)]
    if isinstance(item, Head):
        return Article(
            id="",
            kind=Kind.ARTICLE,
            paragraphs=[],
            column=item.label,
            title=item.title,
            subtitle=joined_subtitle(item.subtitles),
            byline=" ".join(item.bylines),
            source_lines=sorted(item.lines),
        )
    title_head = parts.title
    paragraphs = [p.text for p in item.paras if p.text]
    subheads = [i for i, p in enumerate(p for p in item.paras if p.text) if p.subhead]
    demoted = [head for head in [parts.kicker, *parts.columns] if head is not None]
    bylines = [
        *(title_head.bylines if title_head else []),
        *(name for head in demoted for name in head.bylines),
        item.byline,
    ]
    source = set(item.lines)
    for head in filter(None, [title_head, parts.kicker, *parts.columns]):
        source.update(head.lines)
    return Article(
        id="",
        kind=item.kind,
        paragraphs=paragraphs,
        column=" ".join(
            filter(
                None,
                [
                    *(h.label for h in [title_head, parts.kicker] if h is not None),
                    *(_label(h) for h in parts.columns),
                    item.column,
                ],
            )
        ),
        kicker=" ".join([parts.kicker.title, *parts.kicker.subtitles]) if parts.kicker else "",
        **_title_and_subtitle(title_head) if title_head else {"title": item.title, "subtitle": ""},
        byline=" ".join(filter(None, bylines)),
        continues_to=item.continues_to,
        continued_from=item.continued_from,
        subheads=subheads,
        source_lines=sorted(n for n in source if n >= 0),
    )


# A headline line at most this wide is set in a narrow box beside its text.
NARROW_HEADLINE = 6.0


def _title_and_subtitle(head: Head) -> dict[str, str]:
    """A headline's lines taken for its subtitle while they finish it go back to it: the
    word or quote it stopped in, and the lines of a headline set in a narrow box (every
    line as narrow as the title's, the last one shorter: 决定召开二 / 十届五中全 / … / 作)."""
    title, rest = head.title, list(head.subtitles)
    narrow = visual_width(head.titles[-1]) if head.titles else 0.0
    while rest and title and not SUBTITLE_RE.match(rest[0]):
        width = visual_width(rest[0])
        wrapped = narrow <= NARROW_HEADLINE and width <= narrow + 0.5
        if not (wrapped or title_runs_on(title, rest[0])):
            break
        title += rest.pop(0)
        if wrapped and width < narrow - 1:
            break  # the wrapped headline's last line
    return {"title": title, "subtitle": joined_subtitle(rest)}


def joined_subtitle(lines: list[str]) -> str:
    """A subtitle's lines as one text. Lines set in a narrow box, each no wider than the one
    before it, are one phrase wrapped (中尺度对流 / 系统如何主 / 导暖季强降 / 水 reads
    中尺度对流系统如何主导暖季强降水, not four words); other lines are phrases of their own,
    set apart by a space."""
    text = ""
    for before, line in zip(["", *lines], lines, strict=False):
        width = visual_width(before)
        wrapped = (
            before
            and width <= NARROW_HEADLINE
            and visual_width(line) <= width + 0.5
            and not SUBTITLE_RE.match(line)
        )
        text += line if wrapped or not before else " " + line
    return text


def _label(head: Head) -> str:
    """A headline group used as kicker or column label, with its own label and subtitle."""
    return " ".join(filter(None, [head.label, head.title, *head.subtitles]))


def give_ids(articles: list[Article], page_key: str) -> None:
    """Content-derived ids, stable when the library is read again (text or PDF): page
    identity + a fingerprint of the article's own words."""
    seen: dict[str, int] = {}
    for article in articles:
        opening = article.title + "".join(article.paragraphs)[: _FINGERPRINT_CHARS * 2]
        words = fold(opening)[:_FINGERPRINT_CHARS]
        digest = hashlib.sha1(f"{page_key}|{article.kind}|{words}".encode()).hexdigest()[:12]
        count = seen.get(digest, 0)
        seen[digest] = count + 1
        article.id = f"a{digest}" if count == 0 else f"a{digest}-{count}"
