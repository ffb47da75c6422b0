"""Attach headline groups to the text they belong to.

PDF text puts headlines anywhere: after their body, several articles away, two of them on
one line. Position alone is therefore never trusted. Each headline is scored against each
block by how much of it the block's opening (and, less, its whole text) repeats; position
only breaks near-ties, leaning towards the side (before or after the body) where the page's
headlines usually stand — estimated from the headlines that clearly name a neighbour.
Headlines are then given to blocks so that the page as a whole fits best (a maximum-weight
matching, not strongest pair first: one headline taking a text greedily may leave another
with none). Where the page prints several headlines on one template (a series: 交办第十四批…
/ 第十五批…, most words alike), what tells them apart decides which text each names: the
words they share weigh little, and a number with its counter is read whole and by value
(十四批 is not part of 二十四批; 二十三批 in a headline is 23批 in its text). Every article
has a headline: a group of several lines (or one line of two phrases) that one text got
while a text beside it, or one a part clearly names, got none, is shared out between the
two — never cut where a word of the page runs across the lines (气|象), or after a dash or
colon. Then:
- a short line (or two; a little longer where it names its section in two parts, 探过程——
  三次重大转向，找准小切口) between two parts of one text is an in-body subhead (小标题), and
  the parts are one article, when nothing about it announces a new article — no byline or
  subtitle under it, no dateline or continuation marker after it, no signature or source
  note (（来源：…）, （完）) closing the text before it — and either the texts on both sides
  share their vocabulary (cohesion), or it is one of a series: a feature's subheads come
  as two or more like heads (about as wide: one that wraps onto a second line is still
  one of them) at intervals inside one run of
  text with no such apparatus (a signature closing the text, （刘蕊整理）, is none: it
  ends the feature), whatever their words; or, where the extractor rarely prints blank
  lines (a column as one run, a blank line where a text box ends), it is printed right
  under a finished paragraph with no blank line between — inside that text's box, where
  a new article's headline, opening a box of its own, never stands. Cohesion says
  nothing after an editor's note (编者按：…): it introduces the articles set under it and
  shares their vocabulary, so a lone head after it opens one of them (a series still
  reads as sections).
  Two short bare lines in a row are judged together as one two-line subhead unless one
  of them clearly names another text.
  Where headlines on this page follow their body, a line naming the text above it is that
  text's headline, never a subhead;
- a line shared by two side-by-side headlines is split where each half fits its own block;
  where blank lines set boxes apart, the lines right over a news item's dateline (本报讯…)
  are its one headline, wrapped, and never cut or shared out between texts; elsewhere
  two headline lines in a row are two headlines when each fits its own block clearly better
  than the two lines read together fit any block, or when each names a text of its own
  (fits one block clearly better than any other) and read apart they fit far better than
  read as one;
- of two headlines fitting one block, the one printed just above the other is its kicker
  (引题), any other is its column label (栏目) — unless both carry their own byline or
  subtitle, or each names a different part of the text (a kicker's words run through its
  article, not only through a later part of it), in which case the block is really two
  articles and is cut where the text changes subject (lexical cohesion, as in TextTiling);
  each headline then heads the part it named;
- a headline line that names its own text (its words there, clearly more than in the
  untitled text beside it) is never shared out to that neighbour;
- an editor's note (编者按：…) sums up the articles it introduces in their headlines' words:
  a headline not set beside the note scores little on it (it names one of those articles);
- a column label is a short standing name (科普园地, 短评): a headline of a title's length
  that names a text another headline got is that text's headline and deck (副题) — the
  first printed is the title, the other its subtitle;
- a headline left over after the matching, printed right under the headline of a text
  that stands before both (headlines after their body) and right over a text with none,
  heads the text under it: a kicker stands over its title, not under it;
- a text opened by its own dateline or byline is an article and has a headline: where it
  got none while the text beside it got two stacked headlines (or a title-long label), the
  one naming that neighbour less is the signed text's.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise, repeat

from reader.layout.blocks import Block, Head, Item, Para
from reader.layout.lines import SUBTITLE_RE, closing_note
from reader.layout.matching import best_matching
from reader.layout.text import (
    Rarity,
    bigram_set,
    ends_sentence,
    fold,
    joined_bigram_set,
    pair_key,
    pair_keys,
    visual_width,
)
from reader.model import Kind

OPENING_CHARS = 160
# Below this a headline is not trusted to name a block by content alone.
MIN_SCORE = 0.3
# Weakest fit that still attaches a headline that has nowhere better to go.
WEAK_SCORE = 0.12
# A headline next to a block leans towards it: more on the side where this page's headlines
# stand (estimated from the page: before or after their body), less on the other.
USUAL_SIDE_BONUS = 0.12
OTHER_SIDE_BONUS = 0.08
MARKDOWN_BEFORE_BONUS = 0.15
# How much of a headline's fit to an editor's note counts when the headline is not set
# beside the note: the note names the articles it introduces.
NOTE_SHARE = 0.15
GLUED_BONUS = 0.3  # a headline glued to （上接…） text is that fragment's repeated headline
MAX_SUBHEAD_WIDTH = 16.0
# A subhead naming its section in two parts (探过程——三次重大转向，找准小切口) runs wider.
CLAUSED_SUBHEAD_WIDTH = 20.0
# Parts of one text share at least this much of the vocabulary ``after`` shares elsewhere.
COHESION_SHARE = 0.7
MIN_SPLIT_HALF = 6.0
# Two headline lines are two headlines only if each part fits its block this much better
# than the lines read together fit any block.
SPLIT_MARGIN = 0.1
# Or: two lines each naming its own block, together far better than read as one line,
# each fitting its block at least SPLIT_FLOOR and better than any other by SPLIT_DISTINCT.
SPLIT_GAIN = 0.3
SPLIT_FLOOR = 0.2
SPLIT_DISTINCT = 0.1
# Subheads of one feature come in a series: at least this many heads of one shape (widths
# within SERIES_SPREAD characters) set between parts of one run of text.
SERIES = 2
SERIES_SPREAD = 4.0
# An editor's note (编者按：…, 编者的话) opens a package of articles and stands on its own.
EDITOR_NOTE_RE = re.compile(r"^\s*[【\[（(]?\s*(编者按|编者的话|编者手记|编前语?)")
# A headline group is shared between two texts only if its parts fit them this much better
# together than the whole group fits the text that got it.
SHARE_GAIN = 0.1
# A bigram headlines on one template share weighs this share of its rarity when headlines
# are given to texts (``Fit.contrasted``).
HEADS_SHARED = 0.1
# Two headlines sharing this share of each one's bigrams are on one template (a series).
TEMPLATE_SHARE = 0.6


@dataclass(slots=True)
class Attached:
    """Headline parts attached to one block."""

    title: Head | None = None
    kicker: Head | None = None
    columns: list[Head] = field(default_factory=list)


class Fit:
    """Scores how well headline text fits a block, weighting words by how rare they are.

    A bigram every block on the page repeats (a recurring agency name, 中央第二生态…) says
    little about which block a headline belongs to; one only a single block has says much.
    Weights are inverse document frequencies over the page's blocks.

    What ties a headline to its text is what sets it apart from the page's other headlines.
    A page often prints several headlines on one template (a series: …交办第十四批… /
    …第十五批…, each with its own numbers, places, names): the words they share fit every
    text of the series alike and say nothing about which is which, yet, being most of each
    headline, they would outweigh the few that do tell them apart. A bigram printed in two
    or more such headlines therefore weighs only ``HEADS_SHARED`` of its rarity when
    headlines are given to texts (``contrasted``).

    Only headline words are ever weighed, a few hundred bigrams a page, while the blocks
    hold thousands: a bigram's document frequency is counted when it is first weighed
    (and kept), not for every bigram of the page up front.
    """

    def __init__(self, blocks: Sequence[Block]) -> None:
        # scores already worked out, by block and headline text: every pass over the page
        # (pairing, subheads, splitting, assignment) scores the same headlines against the
        # same blocks; dropped when the block's words are taken again
        self._scores: dict[int, dict[str, float]] = {}
        self._full: dict[int, frozenset[int]] = {}
        self._opening: dict[int, frozenset[int]] = {}
        for block in blocks:
            self._remember(block)
        # the blocks' vocabularies as they were at the start (weights do not follow merges)
        self._documents = [self._full[id(block)] for block in blocks]
        self._count = max(1, len(blocks))
        self._weights: dict[int, float] = {}
        self._totals: dict[frozenset[int], float] = {}
        self._shared: frozenset[int] = frozenset()
        self._contrast: tuple[tuple[tuple[str, ...], tuple[int, ...]], Fit | None] | None = None

    def contrasted(self, heads: Sequence[str], blocks: Sequence[Block]) -> Fit:
        """The fit for giving headlines on one template (a series) to texts, where what
        tells them apart decides: the words they share weigh only ``HEADS_SHARED`` of their
        rarity, and a number with its counter (第十四批, 3件) is read whole and by value —
        十四批 is not part of 二十四批, and it is 14批 where the text prints digits. Itself
        where no two headlines share a template."""
        key = (tuple(heads), tuple(map(id, blocks)))
        if self._contrast is not None and self._contrast[0] == key:
            return self._contrast[1] or self  # the assignment's, asked again over the page
        shared = _template_words(heads)
        contrasted = _Contrasted(self, shared, blocks) if shared else None
        # "itself" is kept as None: a fit holding itself is a reference cycle, and pages
        # are read with the garbage collector paused (each page's fit was kept to the end)
        self._contrast = (key, contrasted)
        return contrasted or self

    def _remember(self, block: Block) -> None:
        self._scores.pop(id(block), None)
        self._contrast = None  # weighed over the blocks as they were
        text = _block_text(block)
        self._full[id(block)] = bigram_set(text)
        self._opening[id(block)] = bigram_set(text[:OPENING_CHARS])

    def forget(self, block: Block) -> None:
        """A block merged into another no longer competes for headlines."""
        self._full.pop(id(block), None)
        self._opening.pop(id(block), None)
        self._scores.pop(id(block), None)
        self._contrast = None

    def refresh(self, block: Block) -> None:
        """A block whose text grew (page-level word weights are kept as they were)."""
        self._remember(block)

    def printed(self, gram: str) -> bool:
        """Is this pair of characters printed together in some text of the page?"""
        key = pair_key(gram)
        return any(key in words for words in self._documents)

    def weight(self, gram: int) -> float:
        """Squared IDF: a word one block has weighs ~7× one that five of thirteen share."""
        weight = self._weights.get(gram)
        if weight is None:
            weight = self._weights[gram] = self._rarity(gram, self._documents)
        return weight

    def _rarity(self, gram: int, documents: list[frozenset[int]]) -> float:
        """The squared IDF of ``gram`` over ``documents``, a word the page's headlines share
        discounted."""
        # how many blocks have it, counted in C (a generator over the blocks for each new
        # word was a twentieth of the analysis)
        frequency = max(1, sum(map(frozenset.__contains__, documents, repeat(gram))))
        weight = math.log((self._count + 1) / frequency) ** 2
        return weight * HEADS_SHARED if gram in self._shared else weight

    def _covered(self, wanted: frozenset[int], have: frozenset[int]) -> float:
        # fsum: the sum of a set's weights must not depend on the order the set is walked in
        # (string hashes differ from run to run), or two runs break a near-tie differently
        total = self._totals.get(wanted)
        if total is None:
            total = self._totals[wanted] = math.fsum(map(self.weight, wanted))
        # every gram of ``wanted`` is weighed by now: read the weights without a call each
        shared = wanted & have
        if not shared:
            return 0.0  # most headlines share nothing with most texts
        return math.fsum(map(self._weights.__getitem__, shared)) / total if total else 0.0

    def coverage(self, head_text: str, text: str) -> float:
        """Weighted share of the headline's bigrams that ``text`` contains."""
        return self._covered(bigram_set(head_text), bigram_set(text))

    def covered(self, wanted: frozenset[int], have: frozenset[int]) -> float:
        """``coverage`` of a headline's bigrams by a text's (``have`` may hold only those
        of them the text has)."""
        return self._covered(wanted, have)

    def _wanted(self, head_text: str) -> frozenset[int]:
        return bigram_set(head_text)

    def score(self, head_text: str, block: Block) -> float:
        """Opening counts most: a headline restates what the first sentences say."""
        key = id(block)
        if key not in self._full:
            self._remember(block)
        # asked ~100,000 times a run, half of them memo hits: no dict made for each call
        known = self._scores.get(key)
        if known is None:
            known = self._scores[key] = {}
        score = known.get(head_text)
        if score is None:
            wanted = self._wanted(head_text)
            score = known[head_text] = 0.6 * self._covered(
                wanted, self._opening[key]
            ) + 0.4 * self._covered(wanted, self._full[key])
        return score


class _Contrasted(Fit):
    """``Fit.contrasted``: the page's fit, with headline-shared words discounted and numbers
    with their counters as words of their own (keys below zero, apart from bigrams)."""

    def __init__(self, base: Fit, shared: frozenset[int], blocks: Sequence[Block]) -> None:
        self._scores, self._full, self._opening = {}, {}, {}
        self._documents, self._count = base._documents, base._count
        self._weights, self._totals, self._shared = {}, {}, shared
        self._heads: dict[str, frozenset[int]] = {}
        self._contrast = None
        for block in blocks:
            self._remember(block)
        self._numbers = [self._full[id(block)] for block in blocks]

    def _remember(self, block: Block) -> None:
        self._scores.pop(id(block), None)
        self._contrast = None  # weighed over the blocks as they were
        text = _block_text(block)
        self._full[id(block)] = bigram_set(text) | _numbers(fold(text))[0]
        opening = text[:OPENING_CHARS]
        self._opening[id(block)] = bigram_set(opening) | _numbers(fold(opening))[0]

    def weight(self, gram: int) -> float:
        if gram >= 0:
            return super().weight(gram)
        weight = self._weights.get(gram)
        if weight is None:
            weight = self._weights[gram] = self._rarity(gram, self._numbers)
        return weight

    def _wanted(self, head_text: str) -> frozenset[int]:
        """The headline's bigrams, a number and its counter replaced by the number's key."""
        words = self._heads.get(head_text)
        if words is None:
            folded = fold(head_text)
            numbers, spans = _numbers(folded)
            inside = {i for start, end in spans for i in range(start, end)}
            words = self._heads[head_text] = numbers | frozenset(
                pair_key(folded[i : i + 2])
                for i in range(len(folded) - 1)
                if i not in inside and i + 1 not in inside
            )
        return words


NUMERALS = "零〇一二两三四五六七八九十百千万"
# A number and the counter after it (件, 批, 届, 月…): 3件, 第十四批 → 十四批, 1.5万.
NUMBER_RE = re.compile(
    rf"(?<![\d{NUMERALS}])(\d+(?:\.\d+)?|[{NUMERALS}]+)([件批个项次名位人家起条所届期号年月日天元吨亩户])?"
)
DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def _value(numeral: str) -> str:
    """A number in digits, as printed in either script (二十四 → 24)."""
    if numeral[0].isdigit():
        return numeral
    total = section = digit = 0
    for char in numeral:
        if char in DIGITS:
            digit = DIGITS[char]
        elif char == "万":
            total, section, digit = (total + section + digit) * 10000, 0, 0
        else:
            section += (digit or 1) * UNITS[char]
            digit = 0
    return str(total + section + digit)


def _numbers(folded: str) -> tuple[frozenset[int], list[tuple[int, int]]]:
    """Keys of the numbers with their counters in a folded text, and where they stand. A
    lone 一…十 with no counter is a word's character (统一, 十分), not a number."""
    keys: set[int] = set()
    spans: list[tuple[int, int]] = []
    for match in NUMBER_RE.finditer(folded):
        numeral, counter = match.group(1), match.group(2) or ""
        if not counter and len(numeral) == 1 and not numeral.isdigit():
            continue
        token = _value(numeral) + counter
        keys.add(-1 - int.from_bytes(hashlib.blake2b(token.encode(), digest_size=7).digest()))
        spans.append(match.span())
    return frozenset(keys), spans


def _head_texts(stream: Sequence[Item]) -> list[str]:
    return [item.match_text for item in stream if isinstance(item, Head) and item.titles]


def _template_words(heads: Sequence[str]) -> frozenset[int]:
    """Bigrams printed in two headlines on one template: two that share at least
    ``TEMPLATE_SHARE`` of each one's bigrams (a series, about as long and mostly alike —
    not a kicker and its title, or a short head whose words a longer one repeats)."""
    sets = [words for words in {bigram_set(text) for text in heads} if words]
    shared: set[int] = set()
    for first, second in itertools.combinations(sets, 2):
        if min(len(first), len(second)) < TEMPLATE_SHARE * max(len(first), len(second)):
            continue  # too unlike in length to share that much
        common = first & second
        if len(common) >= TEMPLATE_SHARE * max(len(first), len(second)):
            shared |= common
    return frozenset(shared)


def _block_text(block: Block) -> str:
    return " ".join([block.column, block.title, block.text])


def merge_subheads(stream: list[Item], sparse: bool = False) -> list[Item]:
    """Fold in-body subheads into the text around them (one article, not three).

    ``sparse``: the extractor rarely prints blank lines (it prints a column's text as one
    run, and a blank line where a text box ends): a head printed right under the text
    before it, no blank line between, is set inside that text's box — a subhead.

    One pass suffices: after a merge the merged block is looked at again as ``before``.
    """
    blocks = [item for item in stream if isinstance(item, Block)]
    fit = Fit(blocks)
    words = _Words(blocks)
    after_body = heads_follow_body(stream, blocks, fit)
    pairs = _pair_short_heads(stream, blocks, fit)
    series = _series(stream)
    pos = 1
    while pos < len(stream) - 1:
        before, head, after = stream[pos - 1], stream[pos], stream[pos + 1]
        in_box = (sparse and isinstance(head, Head) and isinstance(before, Block)) and _set_in_box(
            head, before
        )
        if (
            isinstance(head, Head)
            and isinstance(before, Block)
            and isinstance(after, Block)
            and _is_subhead(
                head,
                before,
                after,
                blocks,
                fit,
                words,
                after_body,
                id(head) in series or in_box,
                labelled=in_box,
            )
        ):
            text = "".join([head.label, head.title, *head.subtitles])
            # the merged text's words from the two texts' and the subhead's (kept for
            # ``refresh``: making them afresh walked the whole merged text again)
            joined_bigram_set([_block_text(before), text, after.text])
            before.paras.append(Para(text, list(head.lines), subhead=True))
            before.paras.extend(after.paras)
            before.continues_to = after.continues_to
            before.byline = " ".join(filter(None, [before.byline, after.byline]))
            before.closed = after.closed
            del stream[pos : pos + 2]
            blocks.remove(after)
            fit.forget(after)
            fit.refresh(before)
            continue
        pos += 1
    for pos in range(len(stream) - 1, -1, -1):  # pairs that were not subheads: as printed
        parts = pairs.get(id(stream[pos]))
        if parts is not None:
            stream[pos : pos + 1] = parts
    return stream


def _pair_short_heads(stream: list[Item], blocks: list[Block], fit: Fit) -> dict[int, list[Head]]:
    """Two short bare lines in a row between two stretches of text are read as one head
    (a subhead set on two lines: extractors that print every text box apart give each line
    its own) — unless one of them clearly names another text on the page: that is its
    headline. Returns {id(joined head): the two heads}, to undo for those that turn out not
    to be subheads."""
    pairs: dict[int, list[Head]] = {}
    pos = 1
    while pos + 2 < len(stream):
        first, second = stream[pos], stream[pos + 1]
        if (
            isinstance(stream[pos - 1], Block)
            and isinstance(stream[pos + 2], Block)
            and _bare_short(first)
            and _bare_short(second)
            and not _names_elsewhere(first, stream[pos - 1], stream[pos + 2], blocks, fit)
            and not _names_elsewhere(second, stream[pos - 1], stream[pos + 2], blocks, fit)
        ):
            assert isinstance(first, Head) and isinstance(second, Head)
            joined = Head([*first.titles, *second.titles], lines=[*first.lines, *second.lines])
            stream[pos : pos + 2] = [joined]
            pairs[id(joined)] = [first, second]
        pos += 1
    return pairs


def _set_in_box(head: Head, before: Block) -> bool:
    """Is the head printed on the line right after a finished paragraph of the text before
    it (no blank line between: inside that text's box)? A section ends with its sentence;
    a head under a sentence still running is something else (a subtitle's wrapped end)."""
    if not before.paras or not head.lines:
        return False
    last = before.paras[-1]
    return bool(last.lines) and head.lines[0] == last.lines[-1] + 1 and ends_sentence(last.text)


def _names_elsewhere(head: Head, before: Item, after: Item, blocks: list[Block], fit: Fit) -> bool:
    best, score = _best(head.title, blocks, fit)
    return best is not None and score >= MIN_SCORE and best is not before and best is not after


def _bare_short(item: Item) -> bool:
    """A one-line head with nothing under it, short enough for a subhead."""
    return (
        isinstance(item, Head)
        and len(item.titles) == 1
        and not (item.subtitles or item.bylines or item.label or item.markdown)
        and visual_width(item.titles[0]) <= MAX_SUBHEAD_WIDTH
    )


class _Words:
    """Vocabulary overlap of blocks: cosine of their sets of character bigrams (the sets
    are cached by text, and shared with the headline fit) — plain, and weighted by how
    rare a bigram is on the page (``rare``)."""

    def __init__(self, blocks: Sequence[Block] = ()) -> None:
        # the blocks' vocabularies as the page was read (the sets are cached by text: cheap);
        # in how many of them each bigram is printed is counted only if ``rare`` is asked
        self._documents = [bigram_set(block.text) for block in blocks]
        self._rarity: Rarity | None = None
        self._norms: dict[frozenset[int], float] = {}

    def cosine(self, a: Block, b: Block) -> float:
        set_a, set_b = bigram_set(a.text), bigram_set(b.text)
        if not set_a or not set_b:
            return 0.0
        return len(set_a & set_b) / math.sqrt(len(set_a) * len(set_b))

    def _weight(self, grams: Iterable[int]) -> float:
        """The summed rarity of ``grams`` over the page's blocks (counted on first use)."""
        if self._rarity is None:
            self._rarity = Rarity(self._documents)
        return self._rarity.total(grams)

    def _norm(self, grams: frozenset[int]) -> float:
        norm = self._norms.get(grams)
        if norm is None:
            norm = self._norms[grams] = self._weight(grams)
        return norm

    def rare(self, a: Block, b: Block) -> float:
        """Cosine of the two texts' bigrams weighted by rarity (IDF over the page's blocks):
        what two texts alone of the page print counts, what every text prints hardly."""
        set_a, set_b = bigram_set(a.text), bigram_set(b.text)
        norm = math.sqrt(self._norm(set_a) * self._norm(set_b)) if set_a and set_b else 0.0
        if not norm:
            return 0.0
        return self._weight(set_a & set_b) / norm


def heads_follow_body(stream: list[Item], blocks: list[Block], fit: Fit) -> bool:
    """The page's convention, estimated from the page: are headlines printed after their
    body? Each headline that clearly names one of the blocks beside it votes for the side
    that block is on."""
    before = after = 0
    for pos, head in enumerate(stream):
        if not isinstance(head, Head) or not head.titles:
            continue
        best, score = _best(head.match_text, blocks, fit)
        if best is None or score < MIN_SCORE:
            continue
        if pos > 0 and stream[pos - 1] is best:
            before += 1
        elif pos + 1 < len(stream) and stream[pos + 1] is best:
            after += 1
    return before > after


def _is_subhead(
    head: Head,
    before: Block,
    after: Block,
    blocks: list[Block],
    fit: Fit,
    words: _Words,
    after_body: bool = False,
    series: bool = False,
    labelled: bool = False,
) -> bool:
    verdict = _subhead_verdict(
        head, before, after, blocks, fit, words, after_body, series, labelled
    )
    return verdict is True


def _subhead_verdict(
    head: Head,
    before: Block,
    after: Block,
    blocks: list[Block],
    fit: Fit,
    words: _Words,
    after_body: bool = False,
    series: bool = False,
    labelled: bool = False,
) -> bool | str:
    """True for an in-body subhead, else why not (the reason helps diagnosis)."""
    reason = _subhead_shape(head, before, after, labelled)
    if reason is not True:
        return reason
    scores = {id(block): fit.score(head.title, block) for block in blocks}
    best = max(blocks, key=lambda block: scores[id(block)])
    if after_body and best is before and scores[id(best)] >= MIN_SCORE:
        # where headlines follow their body, one that names the text above it is its headline
        return "fits-before"
    if series:
        # one of a series of like short heads inside one run of text, or a head set inside
        # the text's box (``merge_subheads``)
        return True
    if EDITOR_NOTE_RE.match(before.paras[0].text):
        # an editor's note shares the vocabulary of the articles it introduces: that is
        # no evidence that the head after it opens a section of the note
        return "note"
    return _cohesive(before, after, blocks, words)


def _subhead_shape(head: Head, before: Block, after: Block, labelled: bool = False) -> bool | str:
    """Could the line be a subhead at all? A subhead is short, has no byline, subtitle or
    column label of its own, and stands between two parts of running text: the text after
    it has no dateline or continuation marker, the text before it is not closed by a
    signature, a source note or a jump line.

    Nor does a news item (one opened by a dateline, 本报讯…) carry subheads: it is a short
    report told in one run, so a headline-like line after it opens the next article, however
    much that article shares its subject. A line broken by a comma or an enumeration mark
    (，、；) reads as running text more than as a headline; it is left to the other tests.

    ``labelled``: the head is printed inside the text's box (``_set_in_box``), where a short
    word over it is the first half of a two-line subhead (攻克数据孤岛 / 实现多源…), not a
    column's standing name: a label opens a box of its own over an article's headline."""
    if head.markdown or head.bylines or (head.label and not labelled) or len(head.titles) > 2:
        return "shape"
    if any(SUBTITLE_RE.match(sub) for sub in head.subtitles):
        return "shape"
    if max(map(visual_width, [*head.titles, *head.subtitles])) > _widest(head):
        return "wide"
    if before.kind is not Kind.ARTICLE or after.kind is not Kind.ARTICLE:
        return "kind"
    if not before.paras or not after.paras:
        return "empty"
    if after.dateline or after.continued_from or before.continues_to or before.closed:
        return "dateline/cont/closed"
    if before.dateline and not any(mark in head.title for mark in "，、；"):
        return "news-item"  # a dateline's report runs without subheads
    if closing_note(before.paras[-1].text):
        return "signed"  # a source or credit note closes an article, never a section
    return True


def _widest(head: Head) -> float:
    """A subhead's widest line: longer where it names its section in two parts (a dash or
    a comma inside it: 探过程——三次重大转向，找准小切口), a way features name their
    sections; a headline ending on a dash runs on into its deck, and is not one."""
    inner = head.title.strip().rstrip("—-：:")
    two_parts = any(mark in inner for mark in ("，", "——"))
    return CLAUSED_SUBHEAD_WIDTH if two_parts else MAX_SUBHEAD_WIDTH


def _series(stream: list[Item]) -> set[int]:
    """Heads that are one of a series of subheads: two or more heads, each able to be a
    subhead, set between stretches of text of which none (after the first) carries an
    article's apparatus — a dateline, a byline, a headline of another shape. A feature's
    sections look like that; a run of separate articles almost never does, since each
    comes with its own apparatus. A name that came with a signature closing the text
    (（刘蕊整理）: the text is closed by it) is how a feature, or its last section, ends —
    not an article's apparatus, which stands at its head."""
    found: list[Head] = []
    run: list[Head] = []
    pos = 1
    while pos < len(stream):
        head = stream[pos]
        before, after = stream[pos - 1], stream[pos + 1] if pos + 1 < len(stream) else None
        if (
            isinstance(head, Head)
            and isinstance(before, Block)
            and isinstance(after, Block)
            and _subhead_shape(head, before, after) is True
            and not (after.byline and not after.closed)
        ):
            run.append(head)
            pos += 2
            continue
        found.extend(_alike(run))
        run = []
        pos += 1
    found.extend(_alike(run))
    return {id(head) for head in found}


def _alike(run: list[Head]) -> list[Head]:
    """The heads of a run that have a like one in it: about as wide. Subheads are set in
    one style; how many lines one takes follows from how long its words run (a wrapped
    subhead's rest may even be taken for a short subtitle line), so lines are not counted."""
    widths = [max(map(visual_width, head.titles)) for head in run]
    return [
        head
        for i, head in enumerate(run)
        if sum(
            1
            for j, other in enumerate(widths)
            if j != i and abs(other - widths[i]) <= SERIES_SPREAD
        )
        >= SERIES - 1
    ]


def _cohesive(before: Block, after: Block, blocks: list[Block], words: _Words) -> bool:
    """Do the texts on both sides of a line read as one text (lexical cohesion)?

    Two parts of one feature share their vocabulary about as much as ``after`` shares with
    any block on the page; an article that merely follows another shares
    much less with it than with whatever block it is really about. The vocabulary is
    counted twice: word for word (two sections of a feature on the page's common subject
    share its common words), and weighted by rarity (two sections share the names and
    terms no other text of the page prints, while a text on another subject can share
    more of the page's common words) — either way it reads as one text.
    """
    others = [b for b in blocks if b is not before and b is not after]
    for overlap in (words.cosine, words.rare):
        together = overlap(before, after)
        # no block elsewhere shares clearly more (stopping at the first that does)
        if all(together >= COHESION_SHARE * overlap(b, after) for b in others):
            return True
    return False


def split_shared_lines(
    stream: list[Item], fit: Fit | None = None, spaced: bool = False
) -> list[Item]:
    """Two headlines read as one: ``标题甲 标题乙`` on one line (neighbouring columns'
    headlines side by side), or two headline lines in a row that are really two articles'
    headlines (extractors without blank lines print them one under the other). The group is
    cut where each part fits a different block, and fits it well."""
    blocks = [item for item in stream if isinstance(item, Block)]
    fit = fit or Fit(blocks)
    result: list[Item] = []
    for pos, item in enumerate(stream):
        if isinstance(item, Head) and item.titles:
            below = stream[pos + 1] if pos + 1 < len(stream) else None
            below = below if isinstance(below, Block) else None
            # where blank lines set boxes apart, lines right over a news item's dateline
            # (本报讯…) are its headline, wrapped: only a line shared side by side is cut
            whole_lines = spaced and below is not None and below.dateline
            split = _split_head(item, blocks, fit, below, between_lines=not whole_lines)
            if split:
                result.extend(split)
                continue
        result.append(item)
    return result


def _cuts(head: Head) -> list[tuple[list[str], list[str], int, bool]]:
    """Where a headline group may be two: (left titles, right titles, left source lines,
    whether the cut falls between lines)."""
    cuts = []
    if not head.subtitles:
        first = head.titles[0]
        for cut in [i for i, ch in enumerate(first) if ch == " "]:
            left, right = first[:cut].strip(), first[cut + 1 :].strip()
            cuts.append(([left], [right, *head.titles[1:]], 1, False))
    if len(head.lines) >= len(head.titles):  # one source line per title line
        for cut in range(1, len(head.titles)):
            cuts.append((head.titles[:cut], head.titles[cut:], cut, True))
    return cuts


def _split_head(
    head: Head,
    blocks: list[Block],
    fit: Fit,
    below: Block | None = None,
    between_lines: bool = True,
) -> list[Head] | None:
    """``below``: the text printed right under the group. A byline follows its own
    headline and stands over that headline's text: cut between lines, a group with a
    byline keeps its lower lines (which take the byline) for the text under it.
    ``between_lines``: the group may be cut between its lines (else only inside a line)."""
    best_split: tuple[float, list[Head]] | None = None
    whole = _best(head.match_text, blocks, fit)[1]
    cuts = _cuts(head) if between_lines else [cut for cut in _cuts(head) if not cut[3]]
    for left_titles, right_titles, left_lines, by_line in cuts:
        left, right = "".join(left_titles), "".join(right_titles)
        if min(visual_width(left_titles[-1]), visual_width(right_titles[0])) < MIN_SPLIT_HALF:
            continue  # each half of the cut line (or each cut line) reads as a headline
        if by_line and _wraps_on(left, right, fit):
            continue  # one headline wrapped inside a word
        right_text = " ".join([right, *head.subtitles])
        left_block, left_score = _best(left, blocks, fit)
        right_block, right_score = _best(right_text, blocks, fit)
        if left_block is right_block:
            continue
        if by_line and head.bylines and below is not None and right_block is not below:
            continue  # the byline would leave the text it is printed over
        if not by_line or min(left_score, right_score) >= whole + SPLIT_MARGIN:
            if min(left_score, right_score) < MIN_SCORE:
                continue
        elif not _lines_name_apart(left, right_text, left_score, right_score, whole, blocks, fit):
            continue  # one headline wrapped onto two lines fits its text as a whole
        total = left_score + right_score
        if best_split is None or total > best_split[0]:
            heads = [
                Head(
                    left_titles,
                    lines=head.lines[:left_lines],
                    markdown=head.markdown,
                    label=head.label,
                ),
                Head(
                    right_titles,
                    subtitles=list(head.subtitles),
                    bylines=list(head.bylines),
                    lines=head.lines[left_lines:] if by_line else list(head.lines),
                    markdown=head.markdown,
                ),
            ]
            best_split = (total, heads)
    return best_split[1] if best_split else None


def _lines_name_apart(
    left: str,
    right: str,
    left_score: float,
    right_score: float,
    whole: float,
    blocks: Sequence[Block],
    fit: Fit,
) -> bool:
    """Two headline lines printed one under the other are two headlines when each names a
    text of its own — its words are found in one block, clearly more than in any other —
    and the two read apart fit far better than read as one headline. A line that merely
    repeats words several texts share (a recurring 督察组交办… opening) names none of them."""
    if min(left_score, right_score) < SPLIT_FLOOR:
        return False
    if left_score + right_score < whole + SPLIT_GAIN:
        return False
    return min(_margin(left, blocks, fit), _margin(right, blocks, fit)) >= SPLIT_DISTINCT


def _margin(text: str, blocks: Sequence[Block], fit: Fit) -> float:
    """How much better the text fits its best block than any other."""
    scores = sorted((fit.score(text, block) for block in blocks), reverse=True)
    return scores[0] - scores[1] if len(scores) > 1 else scores[0] if scores else 0.0


def _best(text: str, blocks: Sequence[Block], fit: Fit) -> tuple[Block | None, float]:
    best, best_score = None, -1.0
    for block in blocks:
        score = fit.score(text, block)
        if score > best_score:
            best, best_score = block, score
    return best, best_score


def assign(stream: list[Item], fit: Fit | None = None) -> dict[int, Attached]:
    """Give every block its headline parts; returns {id(block): Attached}.

    Headlines that fit no block at all are returned under key ``id(head)`` as titles of
    their own, so nothing printed is lost.
    """
    blocks = [item for item in stream if isinstance(item, Block)]
    heads = [item for item in stream if isinstance(item, Head) and item.titles]
    fit = fit or Fit(blocks)
    after_body = heads_follow_body(stream, blocks, fit)
    # headlines on one template are told apart by what differs between them
    fit = fit.contrasted([head.match_text for head in heads], blocks)
    # where each item stands, found once (looking each up again for every pair was a
    # scan of the stream per pair); the first place, as ``_index`` finds it
    positions: dict[int, int] = {}
    for pos in range(len(stream) - 1, -1, -1):
        positions[id(stream[pos])] = pos
    scores = {
        (id(h), id(b)): _score(h, b, stream, fit, after_body, positions)
        for h in heads
        for b in blocks
    }
    attached: dict[int, Attached] = {id(b): Attached() for b in blocks}
    taken: set[int] = set()
    for row, column in best_matching(
        [[scores[(id(h), id(b))] for b in blocks] for h in heads], WEAK_SCORE
    ):
        attached[id(blocks[column])].title = heads[row]
        taken.add(id(heads[row]))
    for head in heads:
        if id(head) not in taken:
            _place_leftover(head, stream, blocks, scores, attached)
    for item in stream:  # a byline or subtitle with no headline: kept as it was printed
        if isinstance(item, Head) and not item.titles:
            attached[id(item)] = Attached(title=item)
    return attached


def _score(
    head: Head,
    block: Block,
    stream: list[Item],
    fit: Fit,
    after_body: bool = True,
    positions: dict[int, int] | None = None,
) -> float:
    """``positions``: {id(item): its index in ``stream``}, where the caller has them."""
    if block.kind is Kind.PHOTO and block.title:
        return 0.0  # the photo printed its own title
    if positions is None:
        pos_head, pos_block = _index(stream, head), _index(stream, block)
    else:
        pos_head, pos_block = positions[id(head)], positions[id(block)]
    if head.markdown and pos_block < pos_head:
        return 0.0  # Markdown export keeps headings above their text
    score = fit.score(head.match_text, block)
    between = stream[min(pos_head, pos_block) + 1 : max(pos_head, pos_block)]
    adjacent = not any(isinstance(item, Block) and item.paras for item in between)
    if not adjacent and _introduces(block):
        # an editor's note names the articles it introduces, each in its headline's words:
        # only the headline set beside it is its own
        score *= NOTE_SHARE
    if adjacent and pos_block < pos_head and not head.markdown:
        score += USUAL_SIDE_BONUS if after_body else OTHER_SIDE_BONUS
    if adjacent and pos_block > pos_head:
        if head.markdown:
            score += MARKDOWN_BEFORE_BONUS
        else:
            score += OTHER_SIDE_BONUS if after_body else USUAL_SIDE_BONUS
        if pos_block == pos_head + 1 and block.continued_from and _glued(head, block):
            score += GLUED_BONUS
    return score


def _introduces(block: Block) -> bool:
    """Does the block open with an editor's note (编者按：…)?"""
    if not block.paras or "编" not in block.paras[0].text[:4]:
        return False  # the usual text: every note's name (编者按, 编者的话…) opens with 编
    return EDITOR_NOTE_RE.match(block.paras[0].text) is not None


def _glued(head: Head, block: Block) -> bool:
    return bool(head.lines) and block.start == head.lines[-1] + 1


def _index(stream: list[Item], item: Item) -> int:
    return next(i for i, other in enumerate(stream) if other is item)


def _place_leftover(
    head: Head,
    stream: list[Item],
    blocks: list[Block],
    scores: dict[tuple[int, int], float],
    attached: dict[int, Attached],
) -> None:
    """A headline that lost its block to a better one: kicker, column, or its own article."""
    ranked = sorted(blocks, key=lambda b: -scores[(id(head), id(b))])
    if not ranked or scores[(id(head), id(ranked[0]))] < WEAK_SCORE:
        untitled = _adjacent_untitled(head, stream, attached)
        if untitled is not None:
            attached[id(untitled)].title = head
        else:
            attached[id(head)] = Attached(title=head)
        return
    block = ranked[0]
    parts = attached[id(block)]
    title = parts.title
    assert title is not None  # the greedy pass titled every block a headline fits
    gap = _index(stream, title) - _index(stream, head)
    below = _untitled_below(head, stream, attached)
    if gap == -1 and below is not None and _index(stream, block) < _index(stream, title):
        # under a headline printed after its own text, right over a text with none: the
        # headline of the text it stands over (a kicker stands over its title and text)
        attached[id(below)].title = head
        return
    if gap == 1 and not head.bylines and not head.subtitles and parts.kicker is None:
        parts.kicker = head
    elif gap == -1 and not title.bylines and not title.subtitles and parts.kicker is None:
        parts.kicker, parts.title = title, head
    else:
        parts.columns.append(head)


def _untitled_below(head: Head, stream: list[Item], attached: dict[int, Attached]) -> Block | None:
    pos = _index(stream, head) + 1
    item = stream[pos] if pos < len(stream) else None
    if isinstance(item, Block) and _untitled_text(item, attached):
        return item
    return None


def _adjacent_untitled(
    head: Head, stream: list[Item], attached: dict[int, Attached]
) -> Block | None:
    pos = _index(stream, head)
    for neighbour in (pos - 1, pos + 1):
        if 0 <= neighbour < len(stream):
            item = stream[neighbour]
            if isinstance(item, Block) and attached[id(item)].title is None:
                return item
    return None


def split_double_titled(
    stream: list[Item], attached: dict[int, Attached], fit: Fit | None = None
) -> bool:
    """Cut a block whose text two complete headline groups (byline or subtitle) claim.

    Two articles set one after the other with only a paragraph break between them look like
    one block; their headlines, printed elsewhere, tell that there are two. Only a complete
    headline that lost the block in assignment, and fits no other block better, counts.
    Returns whether anything was cut (the caller then assigns again). ``fit``: the
    assignment's own, when it was weighed over these very blocks (a second one over the
    same texts scores the same, only slower).
    """
    blocks = [item for item in stream if isinstance(item, Block)]
    fit = (fit or Fit(blocks)).contrasted(_head_texts(stream), blocks)
    titles = {id(parts.title) for parts in attached.values() if parts.title is not None}
    cut_any = False
    for block in blocks:
        title = attached.get(id(block), Attached()).title
        if block.kind is not Kind.ARTICLE or len(block.paras) < 2 or title is None:
            continue
        if not (title.bylines or title.subtitles):
            continue
        losers = [
            head
            for head in stream
            if isinstance(head, Head)
            and id(head) not in titles
            and head.titles
            and (head.bylines or head.subtitles)
            and _best(head.match_text, blocks, fit)[0] is block
        ]
        if len(losers) != 1:
            continue
        cut = _best_cut(block, title.match_text, losers[0].match_text, fit)
        if cut is not None:
            stream.insert(_index(stream, block) + 1, block.cut_at(cut))
            cut_any = True
    return cut_any


def split_kicker_joined(
    stream: list[Item], attached: dict[int, Attached]
) -> list[tuple[Head, Block]]:
    """Two headlines stacked over one text (the upper taken as the lower one's kicker) are
    two articles' headlines when each names a part of it: a kicker restates what its
    article is about, so its words run through the article's text, not only through a
    later part of it. Where the text cut at the best paragraph break (``_best_cut``) has one
    headline's words clearly in one part (``KICK_NAMES``) and hardly in the other
    (``KICK_SHARE``), and the other headline names the other part at least as well, the
    text is the two articles joined (their boxes printed one after the other): it is cut,
    each part keeping two paragraphs or more, and headlines are given again: each headline
    heads the part it names (returned as pairs for ``head_parts``)."""
    blocks = [item for item in stream if isinstance(item, Block)]
    fit: Fit | None = None  # weighed over the page's blocks as they are before any cut
    pairs: list[tuple[Head, Block]] = []
    for block in blocks:
        parts = attached.get(id(block))
        if parts is None or parts.title is None or parts.kicker is None:
            continue
        if block.kind is not Kind.ARTICLE or len(block.paras) < 4:
            continue
        title, kicker = parts.title.match_text, parts.kicker.match_text
        title_head, kicker_head = parts.title, parts.kicker
        fit = fit or Fit(blocks)
        if fit.coverage(kicker, block.text) < KICK_NAMES:
            continue  # it names no part if it does not name the whole as much
        cut = _best_cut(block, title, kicker, fit)
        if cut is None or cut < 2 or len(block.paras) - cut < 2:
            continue
        head_text = "\n".join(p.text for p in block.paras[:cut])
        tail_text = "\n".join(p.text for p in block.paras[cut:])
        k_head, k_tail = fit.coverage(kicker, head_text), fit.coverage(kicker, tail_text)
        t_head, t_tail = fit.coverage(title, head_text), fit.coverage(title, tail_text)
        kicker_last = k_tail >= KICK_NAMES and k_head < KICK_SHARE * k_tail and t_head >= t_tail
        kicker_first = k_head >= KICK_NAMES and k_tail < KICK_SHARE * k_head and t_tail >= t_head
        if kicker_last or kicker_first:
            tail = block.cut_at(cut)
            stream.insert(_index(stream, block) + 1, tail)
            first, second = (title_head, kicker_head) if kicker_last else (kicker_head, title_head)
            pairs += [(first, block), (second, tail)]
    return pairs


def head_parts(attached: dict[int, Attached], pairs: list[tuple[Head, Block]]) -> None:
    """A headline that named the part of a text it was cut for heads that part, whatever
    the assignment after the cut made of it (a kicker of the other part, say); a headline
    the part had got instead stays printed with it as its column label."""
    for head, _ in pairs:
        for parts in attached.values():
            if parts.title is head:
                parts.title = None
            if parts.kicker is head:
                parts.kicker = None
            if head in parts.columns:
                parts.columns.remove(head)
    for head, block in pairs:
        parts = attached.setdefault(id(block), Attached())
        if parts.title is not None:
            parts.columns.append(parts.title)
        parts.title = head
    for head, _ in pairs:
        attached.pop(id(head), None)  # no longer a headline of its own


# A kicker names one part of a text when it covers this much of its words there …
KICK_NAMES = 0.5
# … and at most this share of that in the rest of the text.
KICK_SHARE = 0.3


def _best_cut(block: Block, first: str, second: str, fit: Fit) -> int | None:
    """The paragraph where the text is best split between two headlines (or None).

    Each part must contain its headline's words (coverage over the whole part), and the
    two parts should share as little vocabulary as possible (lexical cohesion): adding a
    paragraph of the other story to a part only raises what the parts share.

    The parts' bigrams are counted once, not again for every cut: moving the cut one
    paragraph on moves that paragraph's counts (and the pairs across its breaks) from
    the second part to the first, and the cosine's sums follow (whole numbers: exact).
    """
    best: tuple[float, int] | None = None
    paras = block.paras
    first_words, second_words = bigram_set(first), bigram_set(second)
    wanted = first_words | second_words
    split = _Split([fold(p.text) for p in paras])
    for cut in range(1, len(paras)):
        split.move(cut - 1)
        if paras[cut].subhead or paras[cut - 1].subhead:
            continue
        in_head, in_tail = split.present(wanted)
        fit_value = max(
            fit.covered(first_words, in_head) + fit.covered(second_words, in_tail),
            fit.covered(second_words, in_head) + fit.covered(first_words, in_tail),
        )
        value = fit_value - split.cosine()
        if best is None or value > best[0]:
            best = (value, cut)
    return best[1] if best else None


class _Split:
    """A text cut in two at a paragraph break: the bigram counts of both parts (as
    ``bigrams`` counts the parts' texts joined by newlines) and the sums of the cosine
    between them. Starts with every paragraph in the second part."""

    def __init__(self, folded: list[str]) -> None:
        self.folded = folded
        self.counts = [Counter(pair_keys(text)) for text in folded]
        self.head: Counter[int] = Counter()
        self.tail: Counter[int] = Counter()
        for counts in self.counts:
            self.tail.update(counts)
        # a pair across a break joins the last character before it to the first after it
        # (folding drops the newline); paragraphs that fold to nothing are skipped
        self.tail.update(
            self._pair(a, b) for a, b in pairwise(i for i, t in enumerate(folded) if t)
        )
        self.dot = 0
        self.head_norm = 0
        self.tail_norm = sum(count * count for count in self.tail.values())
        self.last = -1  # the last paragraph of the first part with characters

    def _pair(self, left: int, right: int) -> int:
        return pair_key(self.folded[left][-1] + self.folded[right][0])

    def _shift(self, key: int, head: int, tail: int) -> None:
        """Add ``head`` to the first part's count of ``key`` and ``tail`` to the second's."""
        a, b = self.head.get(key, 0), self.tail.get(key, 0)
        self.head[key], self.tail[key] = a + head, b + tail
        self.dot += (a + head) * (b + tail) - a * b
        self.head_norm += (a + head) ** 2 - a * a
        self.tail_norm += (b + tail) ** 2 - b * b

    def move(self, index: int) -> None:
        """Move paragraph ``index`` (the first of the second part) to the first part."""
        if not self.folded[index]:
            return  # no characters: the pair across it stays across the cut
        for key, count in self.counts[index].items():
            self._shift(key, count, -count)
        after = next((i for i in range(index + 1, len(self.folded)) if self.folded[i]), None)
        if after is not None:
            self._shift(self._pair(index, after), 0, -1)  # now across the cut
        if self.last >= 0:
            self._shift(self._pair(self.last, index), 1, 0)  # now inside the first part
        self.last = index

    def present(self, words: frozenset[int]) -> tuple[frozenset[int], frozenset[int]]:
        """Those of ``words`` the first part has, and those the second part has."""
        head, tail = self.head, self.tail
        return (
            frozenset(key for key in words if head.get(key, 0) > 0),
            frozenset(key for key in words if tail.get(key, 0) > 0),
        )

    def cosine(self) -> float:
        """``cosine`` of the two parts' bigram counts."""
        if not self.head_norm or not self.tail_norm:
            return 0.0
        norm = (self.head_norm * self.tail_norm) ** 0.5
        return self.dot / norm if norm else 0.0


def share_between_neighbours(
    stream: list[Item], attached: dict[int, Attached], fit: Fit, spaced: bool = False
) -> None:
    """Every article has a headline. A headline group of several lines (or one line of two
    phrases) that one text got, while a text beside it — or one its words clearly name —
    got none, is the two texts' headlines one under the other or side by side (extractors
    that print in drawing order set them so): it is shared out where the two parts fit the
    two texts best, the byline going with the lower part (a byline follows its own
    headline). ``spaced``: the extractor prints blank lines (not in drawing order, where
    side-by-side headlines come out one under the other): there a group right over a
    text opened by its dateline (本报讯…) is that news item's headline, all of it."""
    owners = {id(parts.title): block_id for block_id, parts in attached.items() if parts.title}
    blocks = {id(b): b for b in stream if isinstance(b, Block)}
    untitled = [b for b in blocks.values() if _untitled_text(b, attached)]
    if not untitled:
        return
    pos = 0
    while pos < len(stream):
        head = stream[pos]
        pos += 1
        if not isinstance(head, Head) or head.markdown or id(head) not in owners:
            continue
        owner = blocks.get(owners[id(head)])
        if owner is None:
            continue
        if spaced and owner.dateline and pos < len(stream) and stream[pos] is owner:
            continue  # a news item's headline stands right over its dateline: all of it
        beside = [
            stream[n]
            for n in (pos - 2, pos)
            if 0 <= n < len(stream) and stream[n] is not owner and stream[n] in untitled
        ]
        best: tuple[float, Head, Head, Block, Block] | None = None
        for upper_titles, lower_titles, upper_lines, by_line in _cuts(head):
            upper_text, lower_text = "".join(upper_titles), "".join(lower_titles)
            if min(visual_width(upper_titles[-1]), visual_width(lower_titles[0])) < MIN_SPLIT_HALF:
                continue
            if by_line and _wraps_on(upper_text, lower_text, fit):
                continue
            upper = Head(upper_titles, lines=head.lines[:upper_lines], label=head.label)
            lower = Head(
                lower_titles,
                subtitles=list(head.subtitles),
                bylines=list(head.bylines),
                lines=head.lines[upper_lines:] if by_line else list(head.lines),
            )
            for part, rest in ((upper, lower), (lower, upper)):
                if part is lower and head.bylines and pos < len(stream) and stream[pos] is owner:
                    continue  # the byline stays over the text it is printed over: its own
                for other in untitled:
                    named = fit.score(part.match_text, other)
                    if other not in beside and named < MIN_SCORE:
                        continue
                    if _names_owner(part, other, owner, fit):
                        continue
                    value = named + fit.score(rest.match_text, owner)
                    if best is None or value > best[0]:
                        best = (value, part, rest, other, owner)
        if best is None or best[0] < fit.score(head.match_text, owner) + SHARE_GAIN:
            continue
        _, part, rest, other, _ = best
        stream[pos - 1 : pos] = [upper_of(part, rest), lower_of(part, rest)]
        attached[id(other)].title = part
        attached[id(owner)].title = rest
        untitled.remove(other)
        pos += 1
    _stacked_to_signed(stream, attached, untitled, fit)


def _stacked_to_signed(
    stream: list[Item], attached: dict[int, Attached], untitled: list[Block], fit: Fit
) -> None:
    """A text that opens with its own dateline or byline is an article, and every article
    has a headline. Where such a text got none while the text printed next to it got two
    stacked headlines (one taken as the other's kicker), one of the two is the signed
    text's: the one that names its owner less goes over, unless it names its owner clearly
    (``_names_owner``) — the other stays as the owner's headline. Likewise a headline of a
    title's length that the neighbour got as a column label (a label is a short standing
    name). Only a byline set over the text counts (``Block.signed_above``): a signature at
    its end, （王五）, closes the rest of a text as well as a whole one."""
    blocks = [item for item in stream if isinstance(item, Block)]
    for index, block in enumerate(blocks):
        if block not in untitled or not (block.dateline or block.signed_above):
            continue
        for owner in blocks[index - 1 : index] + blocks[index + 1 : index + 2]:
            parts = attached.get(id(owner))
            if parts is None or parts.title is None:
                continue
            if parts.kicker is not None:
                title, kicker = parts.title, parts.kicker
                move, stay = (
                    (kicker, title)
                    if fit.score(kicker.match_text, owner) <= fit.score(title.match_text, owner)
                    else (title, kicker)
                )
                if not _names_owner(move, block, owner, fit):
                    parts.title, parts.kicker = stay, None
                    attached[id(block)].title = move
                    untitled.remove(block)
                    break
            labels = [
                head
                for head in parts.columns
                if visual_width(head.title) > MAX_LABEL_WIDTH
                and not _names_owner(head, block, owner, fit)
            ]
            if labels:
                move = max(labels, key=lambda head: fit.score(head.match_text, block))
                parts.columns.remove(move)
                attached[id(block)].title = move
                untitled.remove(block)
                break


def _names_owner(part: Head, other: Block, owner: Block, fit: Fit) -> bool:
    """Does this part of a headline group name the text the group was given — its words
    in that text clearly, and clearly more than in the text beside it? A headline line that
    restates its own text's words is that text's headline wrapped, whatever text stands next
    to it: only a line its own text does not name can belong to a neighbour."""
    own = fit.score(part.match_text, owner)
    return own >= MIN_SCORE and own > fit.score(part.match_text, other) + SHARE_GAIN


def upper_of(a: Head, b: Head) -> Head:
    """Of two parts of one headline group, the one printed first."""
    return a if a.lines and b.lines and a.lines[0] <= b.lines[0] else b


def lower_of(a: Head, b: Head) -> Head:
    return b if upper_of(a, b) is a else a


def _title_of(attached: dict[int, Attached], block: Block) -> Head | None:
    parts = attached.get(id(block))
    return parts.title if parts is not None else None


def _untitled_text(block: Block, attached: dict[int, Attached]) -> bool:
    parts = attached.get(id(block))
    return (
        parts is not None
        and parts.title is None
        and block.kind is Kind.ARTICLE
        and bool(block.paras)
        and not block.tentative
    )


def _wraps_on(upper: str, lower: str, fit: Fit) -> bool:
    """Does a headline line run on into the next — broken inside a word of the page (气|象,
    机|制: a pair the page's texts print together) or ending on a dash or colon? Then the
    two lines are one headline wrapped, not two."""
    upper, lower = upper.rstrip(), lower.lstrip()
    if not upper or not lower or upper[-1] in "—-：:、":
        return True
    return fit.printed(upper[-1] + lower[0])


# A column label (栏目) is a short standing name: 科普园地, 短评, 图片新闻.
MAX_LABEL_WIDTH = 6.0


def decks_under_titles(stream: list[Item], attached: dict[int, Attached]) -> None:
    """A headline as long as a title is no column label (栏目: a short standing name).
    Where a headline of a title's length, with no byline of its own, names a text (fits it
    at least ``MIN_SCORE``) that another headline got, the two are that text's headline and
    its deck (副题: a second headline, often set apart from the first, right on the text):
    the first printed is the title, the other its subtitle. Done once headlines are final,
    on the articles' parts only (the stream is left as printed)."""
    blocks = [item for item in stream if isinstance(item, Block)]
    fit: Fit | None = None
    for block in blocks:
        parts = attached.get(id(block))
        title = parts.title if parts is not None else None
        if parts is None or title is None or not parts.columns:
            continue
        fit = fit or Fit(blocks)
        for head in parts.columns:
            if (
                visual_width(head.title) > MAX_LABEL_WIDTH
                and not head.bylines
                and fit.score(head.match_text, block) >= MIN_SCORE
            ):
                parts.columns.remove(head)
                upper, lower = upper_of(head, title), lower_of(head, title)
                parts.title = Head(
                    list(upper.titles),
                    subtitles=[*upper.subtitles, lower.title, *lower.subtitles],
                    bylines=[*upper.bylines, *lower.bylines],
                    lines=[*upper.lines, *lower.lines],
                    label=upper.label or lower.label,
                )
                break
