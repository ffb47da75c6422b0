"""Text broken at a column's foot goes on where its sentence goes on.

An extractor prints a page's text boxes (pdfminer) or columns (pdftotext) in an order of
its own, which need not be the reading order: the rest of a sentence broken at the foot of
a column may be printed after another article's column, or before its own beginning. An
editor's rule puts it back: every piece of text that stops in mid-sentence (an *open end*)
goes on in a piece that opens in mid-sentence (an *opening*), and on a page each opening
continues exactly one open end. So the page's open ends and openings are paired one to
one, for the page as a whole (the pairing with the best total fit, not each end taking the
nearest opening in turn), on evidence a reader uses:

- a word runs across the break (…能力建 | 设，…: 建设), judged by the dictionary, or a
  number runs into its unit (…6月2 | 日20时…) or a span of numbers into its second end
  (…2000年 | 至2024年…), which the dictionary cannot judge;
- quotes and brackets balance: a line stopping in mid-sentence inside a quote or bracket
  it opened is an open end however short it is; an end that leaves “ or （ open wants a
  piece that closes it before opening any (…极端天气“早 | 发现”，…), and a piece that
  closes what no end opened is unlikely to follow an end that opened nothing;
- a piece that plainly opens on a sentence's tail (方面要求。… — no sentence is that
  short — or with a comma) and follows no open end is an *orphan*: it goes on with some
  end whose own next piece opens a paragraph or an item, and the vocabulary says which;
- the two pieces share vocabulary, words weighted by how rare they are among the pieces
  that compete (weighed only where pairs compete);
- a piece printed right after the end it continues is the extractor's usual order: a
  strong default where it opens in mid-sentence, a weak one where it opens a paragraph
  (a sentence does not go on into one), and settled where a word runs across or a quote
  closes right there.

Pieces far from an end are weighed only on the break's own evidence (a word, a quote) or
as orphans: vocabulary alone never brings a piece from elsewhere while that evidence
decides, as a page of one subject shares too many words. But every sentence stopped at a
column's foot goes on somewhere, and every piece opening in mid-sentence goes on from
somewhere: the full-line ends and the openings that evidence left unpaired (no signature
or note closing the end, no lone clause-less line — a headline's — for an opening, nor for
an end, whatever role its width gave it) are
paired with each other for the page as a whole by the vocabulary they share, words weighed
by how rare they are on the page — never an end with an opening its own text goes on from
(a text does not go on into its own beginning). Each opening is then moved to follow the
end it continues, taking along the next paragraphs printed after it in its column (up to a
headline, a byline, a dateline or jump line, another end's continuation, its column's foot,
or the end whose text goes on into it), so the blocks built afterwards read each article's
pieces in order.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from reader.layout.lines import Line, Role, blank_runs, is_terminal, opens_with_dateline
from reader.layout.matching import best_matching
from reader.layout.text import Rarity, text_bigram_set, text_bigrams_among

_BODY = Role.BODY
_INDENT = 2.0

# Evidence weights (log-odds-like points) for "this opening continues that end".
WORD = 0.4  # per unit of log-likelihood a word running across the break gains (capped)
WORD_CAP = 10.0
MIN_GAIN = 3.0  # a word running across a break far from the piece must gain this much
BALANCE = 2.0  # the opening closes a quote or bracket the end left open
UNBALANCED = 1.0  # the opening closes what the end never opened
VOCABULARY = 2.0  # times the IDF-weighted share of the opening's vocabulary the end has
NEXT = 2.5  # the piece printed right after the end opens in mid-sentence: the usual order
NEXT_PARAGRAPH = 0.5  # the piece printed right after the end opens a paragraph
ORPHAN = 1.0  # an end not followed by a piece in mid-sentence, and an orphan
FAR = 0.5  # times the distance between the two pieces, as a share of the page's pieces

_PAIRS = ("“”", "（）", "《》", "‘’", "()")
# An opening's first characters are read for closing quotes and brackets.
_OPENING_REACH = 60


def reorder(lines: list[Line]) -> list[Line]:
    """The lines with each piece that opens in mid-sentence moved to follow the piece whose
    sentence it goes on with (see the module's docstring)."""
    runs = blank_runs(lines)
    pieces = _Pieces(runs)
    if not pieces.ends or not pieces.mid:
        return lines
    pairs = _plausible(pieces)
    if all(opening == end + 1 for end, opening in pairs):
        following = dict(pairs)  # nothing competes with the order as printed
    else:
        edges = {pair: score for pair in pairs if (score := pieces.fit(*pair)) > 0.0}
        following = dict(_best_pairing(edges, pieces.shared))
    for end, opening in _leftovers(pieces, following):
        if not _leads_to(opening, end, following):  # a text never goes on into itself
            following[end] = opening
    if all(opening == end + 1 for end, opening in following.items()):
        return lines  # every piece already follows the end it continues
    return [line for k in _order(runs, following) for line in runs[k]]


# a signature or note closes its text: （…对本文有贡献）
_CLOSERS = ("）", ")")
# a line of running text has clauses; a headline's line has none
_CLAUSE = re.compile("[，。、；：！？,;:]")
# A leftover opening goes on a leftover end only if it has this much of its vocabulary
# (IDF-weighted over the page's pieces).
LEFTOVER_SHARE = 0.015


def _leftovers(pieces: _Pieces, following: dict[int, int]) -> list[tuple[int, int]]:
    """Every sentence stopped at a column's foot goes on somewhere, and every piece that
    opens in mid-sentence goes on from somewhere: the ends and openings that the break's
    own evidence left unpaired are paired with each other, where the opening shares the
    end's vocabulary (the page's words weighed by how rare they are on it)."""
    continued = set(following.values())
    runs = pieces.runs
    ends = [
        e
        for e in pieces.ends
        if e not in following
        and e in pieces.full_ends
        and not runs[e][-1].text.rstrip().endswith(_CLOSERS)
    ]
    openings = [
        k
        for k in pieces.mid
        if k not in continued
        and k not in pieces.orphans
        and (len(runs[k]) > 1 or _CLAUSE.search(runs[k][0].text))
    ]
    if not ends or not openings:
        return []
    # only the openings' words are weighed, so of every other piece only those of its
    # words are read that some opening has (all an end shares with an opening is among
    # them): its own set of every pair is not made
    words = frozenset().union(*[pieces.words(k) for k in openings])
    vocabulary = _Vocabulary({k: pieces.words_among(k, words) for k in range(len(runs))}, openings)
    weights = [[0.0] * len(openings) for _ in ends]
    for row, end in enumerate(ends):
        for col, opening in enumerate(openings):
            if opening == end:
                continue
            share = vocabulary.coverage(opening, end)
            if share >= LEFTOVER_SHARE:
                weights[row][col] = share
    return [(ends[r], openings[c]) for r, c in best_matching(weights, LEFTOVER_SHARE)]


def _plausible(pieces: _Pieces) -> list[tuple[int, int]]:
    """The pairs worth weighing: an end and the piece printed right after it; an end and a
    piece elsewhere that opens in mid-sentence if a word runs across the break or the piece
    closes a quote or bracket the end left open; and an end the piece after which does not
    go on in mid-sentence with a piece elsewhere that plainly opens on a sentence's tail
    and follows no end (an orphan: it goes on with *some* end, and only the vocabulary
    can say which). An end and the piece printed right after it that completes a word
    across the break, or closes the quote the end left open, are settled: the strongest
    evidence there is, in the extractor's own order."""
    mid, ends, orphans = pieces.mid, pieces.ends, pieces.orphans
    prefixes = _prefixes()
    heads = {k: pieces.head(k)[:1] for k in mid}
    closers = {k for k in mid if any(pieces.closes(k))}
    pairs = [(end, end + 1) for end in ends if end + 1 in pieces.after_end]
    settled = {
        end
        for end in ends
        if end + 1 in heads and (pieces.balances(end, end + 1) or pieces.word_across(end, end + 1))
    }
    mid = [k for k in mid if k - 1 not in settled]
    heads = {k: heads[k] for k in mid}
    distinct = set(heads.values())
    for end in ends:
        if end in settled:
            continue
        stray = end + 1 not in heads
        tail = pieces.tail(end)
        joinable = _joinable(tail, distinct, prefixes)
        for opening in mid:
            if opening == end + 1 or opening == end:
                continue
            if (
                (stray and opening in orphans)
                or (opening in closers and pieces.balances(end, opening))
                or (heads[opening] in joinable and pieces.word_across(end, opening))
                or _number_across(tail, pieces.head(opening))
            ):
                pairs.append((end, opening))
    return pairs


def _joinable(tail: str, heads: set[str], prefixes: dict[str, int]) -> set[str]:
    """The first characters of pieces (of ``heads``) that a word from the tail's last ones
    may run into. A run that goes on into a word is a word's beginning itself, and the
    prefix dictionary holds every word's beginnings: only the tail's ends found there are
    tried with each head."""
    starts = [ending for start in range(len(tail)) if (ending := tail[start:]) in prefixes]
    return {head for head in heads for ending in starts if ending + head in prefixes}


def _left_quote_open(line: Line) -> bool:
    """A body line that stops in mid-sentence inside a quote or bracket it opened (…受台风
    “巴): however short, its sentence goes on elsewhere."""
    return _unfinished(line) and any(_left_open(line.text))


def _open_end(line: Line) -> bool:
    """A full body line that stops in mid-sentence (at the foot of a column): full to the
    column, or to a paragraph's indent (a paragraph's first line at the column's foot)."""
    return line.width >= line.column - _INDENT - 0.5 and _unfinished(line)


# No sentence is this short: a piece whose first sentence is is a sentence's tail.
_SHORTEST_SENTENCE = 8
_NO_OPENING = "，、；：。！？,;:.!?”’」』）)》"


def opens_on_tail(text: str) -> bool:
    """Does the piece plainly open on the tail of a sentence: with punctuation no sentence
    opens with, or with a sentence too short to be one (方面要求。…)?"""
    text = text.lstrip()
    if not text or text[0] in _NO_OPENING:
        return bool(text)
    end = next((i for i, ch in enumerate(text[: _SHORTEST_SENTENCE + 1]) if ch in "。！？"), -1)
    return 0 <= end < _SHORTEST_SENTENCE


def _unfinished(line: Line) -> bool:
    """A body line that stops in mid-sentence."""
    return line.role is _BODY and not line.markers and not is_terminal(line)


def _mid_sentence(line: Line) -> bool:
    """A body line that opens a piece in mid-sentence: set full to the column (a paragraph's
    first line is indented), or a paragraph's last line alone (…小时。). A line set
    shorter than the column that runs on is a paragraph's indented opening, however its
    digits and Latin letters make it measure."""
    if line.role is not _BODY or line.markers or opens_with_dateline(line.text):
        return False
    if not line.column:
        return False
    tolerance = max(1.0, 0.1 * line.column)
    if line.width >= line.column - tolerance / 2:
        return True
    return line.width < line.column - _INDENT - 0.75 and is_terminal(line)


def _lone_phrase(run: list[Line]) -> bool:
    """A piece of one line without a clause that closes every quote it opens (馆藏风云解锁
    气象往事): a headline's line, whatever role its width gave it, not running text stopped
    at a column's foot (“受台风‘巴威’外围环 is: it leaves its quote open)."""
    return len(run) == 1 and not _CLAUSE.search(run[0].text) and not any(_left_open(run[0].text))


def _reads_on(line: Line) -> bool:
    """A body line that may go on with the text before it (not a dateline, a jump line)."""
    return line.role is _BODY and not line.markers and not opens_with_dateline(line.text)


class _Pieces:
    """The page's pieces and what is known about each, worked out once."""

    def __init__(self, runs: list[list[Line]]) -> None:
        self.runs = runs
        count = len(runs)
        self._texts: dict[int, str] = {}
        self._words: dict[int, frozenset[int]] = {}
        self._tails: dict[int, str] = {}
        self._heads: dict[int, str] = {}
        # pieces opening in mid-sentence; full lines stopping in mid-sentence (a column's
        # foot); ends: those, and any line stopping in mid-sentence before a piece that
        # opens in mid-sentence (a box's end, its text going on)
        self.mid = [k for k in range(1, count) if _mid_sentence(runs[k][0])]
        self.starts = starts = set(self.mid)
        self.full_ends = {
            k for k in range(count) if _open_end(runs[k][-1]) or _left_quote_open(runs[k][-1])
        }
        self.ends = [
            k
            for k in range(count)
            if (k in self.full_ends or (k + 1 in starts and _unfinished(runs[k][-1])))
            and not _lone_phrase(runs[k])
        ]
        # the pieces printed right after an end that may go on with it
        self.after_end = {k + 1 for k in self.ends if k + 1 < count and _reads_on(runs[k + 1][0])}
        # pieces that plainly open on a sentence's tail printed after no end: orphans
        ends = set(self.ends)
        self.orphans = {
            k
            for k in self.mid
            if k - 1 not in ends and not _looks_cut(runs[k - 1][-1]) and opens_on_tail(self.text(k))
        }
        self._open: dict[int, list[int]] = {}
        self._closed: dict[int, list[int]] = {}

    def text(self, k: int) -> str:
        """The piece's text, its lines joined (made when asked: most pieces never are)."""
        text = self._texts.get(k)
        if text is None:
            text = self._texts[k] = "\n".join([line.text for line in self.runs[k]])
        return text

    def words(self, k: int) -> frozenset[int]:
        """The piece's bigrams (made when asked, once: the pieces that compete are weighed
        in their groups, and all of them again for the leftover pairing)."""
        words = self._words.get(k)
        if words is None:
            # each piece's text is read once here, so it is folded whole, not line by line
            words = self._words[k] = text_bigram_set(self.text(k))
        return words

    def words_among(self, k: int, words: frozenset[int]) -> frozenset[int]:
        """Those of ``words`` the piece has: its whole set where it is made already (a
        vocabulary weighing only ``words`` reads only these of any piece's bigrams)."""
        known = self._words.get(k)
        if known is not None:
            return known
        return text_bigrams_among(self.text(k), words)

    def gain(self, end: int, opening: int) -> float:
        """``word_gain`` across the break from ``end`` to ``opening`` (a number read with
        its unit across it, 6月2 | 日, counts as a word of ``NUMBER_GAIN``)."""
        tail, head = self.tail(end), self.head(opening)
        if _number_across(tail, head):
            return NUMBER_GAIN
        return _gain(tail, head)

    def word_across(self, end: int, opening: int) -> bool:
        """Does a word run across the break from ``end`` to ``opening``, gaining at least
        ``MIN_GAIN``? Where no dictionary word spans the break, the best segmentation of
        the characters read together is that of each side alone (every route passes the
        break), so the gain is nil and the dictionary's routes are not walked."""
        tail, head = self.tail(end), self.head(opening)
        return _number_across(tail, head) or (_spans(tail, head) and _gain(tail, head) >= MIN_GAIN)

    def tail(self, end: int) -> str:
        """The characters before the break at the piece's end."""
        tail = self._tails.get(end)
        if tail is None:
            tail = self._tails[end] = "".join(self.runs[end][-1].text.split())[-_REACH:]
        return tail

    def head(self, opening: int) -> str:
        """The characters after the break at the piece's opening."""
        head = self._heads.get(opening)
        if head is None:
            head = self._heads[opening] = "".join(self.runs[opening][0].text.split())[:_REACH]
        return head

    def balances(self, end: int, opening: int) -> bool:
        """Does the opening close a quote or bracket the end left open?"""
        closes = self.closes(opening)
        return any(closes) and any(map(min, closes, self.left_open(end)))

    def left_open(self, end: int) -> list[int]:
        if end not in self._open:
            self._open[end] = _left_open(self.text(end))
        return self._open[end]

    def closes(self, opening: int) -> list[int]:
        if opening not in self._closed:
            self._closed[opening] = _closes(self.text(opening)[:_OPENING_REACH])
        return self._closed[opening]

    def fit(self, end: int, opening: int) -> float:
        """How well piece ``opening`` reads on from piece ``end`` (points; ≤ 0: not), on
        the evidence of the break itself (see ``shared`` for the vocabulary)."""
        runs = self.runs
        if end == opening:
            return 0.0
        if opening == end + 1:
            score = NEXT if opening in self.starts else NEXT_PARAGRAPH
        elif opening in self.starts:
            score = -FAR * abs(opening - end) / len(runs)
            if opening in self.orphans and end + 1 not in self.starts:
                score += ORPHAN
        else:
            return 0.0
        score += WORD * min(self.gain(end, opening), WORD_CAP)
        closes = self.closes(opening)
        if any(closes):
            left_open = self.left_open(end)
            for pair, closed in enumerate(closes):
                if closed and left_open[pair]:
                    score += BALANCE
                elif closed:
                    score -= UNBALANCED
        return score

    def shared(self, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], float]:
        """Points for the vocabulary each pair's pieces share, words weighed by how rare
        they are among the pieces that compete (only pairs that compete are weighed)."""
        pieces = {k for pair in pairs for k in pair}
        openings = {opening for _, opening in pairs}
        vocabulary = _Vocabulary({k: self.words(k) for k in pieces}, openings)
        return {
            (end, opening): VOCABULARY * vocabulary.coverage(opening, end) for end, opening in pairs
        }


_SENTENCE_ENDS = "。！？!?…；;：:”’」』）)》"


def _looks_cut(line: Line) -> bool:
    """Does the line, whatever role it was given, read as text cut off in mid-sentence: as
    wide as a paragraph's first line or wider, with no punctuation closing it?"""
    return line.width >= line.column - _INDENT - 1.5 and not line.text.rstrip().endswith(
        tuple(_SENTENCE_ENDS)
    )


# Per kind of quote or bracket, its opener and closer: only they are read when counting.
_PAIR_MARKS = [
    (opener, closer, re.compile(f"[{re.escape(opener + closer)}]")) for opener, closer in _PAIRS
]


def _left_open(text: str) -> list[int]:
    """Per kind of quote or bracket: how many the text leaves open at its end."""
    depths = []
    for opener, _closer, marks in _PAIR_MARKS:
        depth = 0
        if opener in text:
            for ch in marks.findall(text, text.index(opener)):  # a closer before: nothing
                if ch == opener:
                    depth += 1
                elif depth:
                    depth -= 1
        depths.append(depth)
    return depths


def _closes(text: str) -> list[int]:
    """Per kind of quote or bracket: how many the text closes that it did not open."""
    counts = []
    for opener, closer, marks in _PAIR_MARKS:
        depth = unmatched = 0
        if closer in text:
            for ch in marks.findall(text):
                if ch == opener:
                    depth += 1
                elif depth:
                    depth -= 1
                else:
                    unmatched += 1
        counts.append(unmatched)
    return counts


class _Vocabulary:
    """IDF-weighted overlap of pieces' character bigrams, the weights over the pieces that
    compete (a word every one has says nothing about which goes on with which)."""

    def __init__(self, sets: dict[int, frozenset[int]], wanted: Iterable[int]) -> None:
        """``sets``: each piece's bigrams (``_Pieces.words``); ``wanted``: the pieces whose
        vocabulary is weighed (``coverage``'s first piece: the openings)."""
        self._sets = sets
        # only the wanted pieces' words are ever weighed: the others' are counted only
        # where they are among those (the leftover pairing weighs every piece of the page)
        words = frozenset().union(*[sets[k] for k in wanted])
        self._weight = Rarity(sets.values(), words).total
        self._totals: dict[int, float] = {}

    def coverage(self, wanted: int, have: int) -> float:
        """Weighted share of piece ``wanted``'s bigrams that piece ``have`` has."""
        total = self._totals.get(wanted)
        if total is None:
            total = self._totals[wanted] = self._weight(self._sets[wanted])
        shared = self._sets[wanted] & self._sets[have]
        if not shared or not total:
            return 0.0
        return self._weight(shared) / total


# A number broken from its unit (6月2 | 日20时, 3.5 | 米): read as one across the break.
_NUMBER_TAIL = re.compile(r"\d[.．]?$")
_UNIT_HEAD = re.compile(r"^\d*[日月年时分秒号点%％个万亿元米度倍毫厘千百]")
NUMBER_GAIN = 8.0


# A span of numbers broken before its second end (2000年 | 至2024年, 10 | —20毫米).
_SPAN_TAIL = re.compile(r"\d[日月年时分秒号点%％个万亿元米度倍]?$")
_SPAN_STARTS = "至到～~—－-"
_SPAN_HEAD = re.compile(f"^[{_SPAN_STARTS}]\\d")


def _number_across(tail: str, head: str) -> bool:
    """Does a number run across the break into its unit (…6月2 | 日…, …达2 | 3.5 | 米…),
    or a span of numbers into its second end (…整理2000年 | 至2024年…)? The dictionary
    has no numbers, yet a number and its unit, and a span, are read as one."""
    if head[:1] in _SPAN_STARTS:  # the usual piece opens otherwise: one test, not two
        return bool(_SPAN_HEAD.match(head) and _SPAN_TAIL.search(tail))
    return bool(_NUMBER_TAIL.search(tail) and _UNIT_HEAD.match(head))


# Around a break, this many characters on each side are read as words.
_REACH = 4


def word_gain(left: str, right: str) -> float:
    """How much likelier the words read across a break (…能力建 | 设，…) than on each side
    of it: the log-probability of the best segmentation of the characters around the break
    read together, less that of each side read alone (0: the break falls between words,
    气象 | 防灾; large: a word runs across, 建设)."""
    return _gain("".join(left.split())[-_REACH:], "".join(right.split())[:_REACH])


@lru_cache(maxsize=8192)
def _gain(tail: str, head: str) -> float:
    """``word_gain`` of the characters just before and just after a break."""
    if not tail or not head or not _may_join(tail, head):
        return 0.0  # no word runs across: each side is segmented as it is alone
    return _log_probability(tail + head) - _log_probability(tail) - _log_probability(head)


def _may_join(tail: str, right: str) -> bool:
    """Could a dictionary word run from ``tail`` into ``right`` (some end of the tail and
    the right side's first character begin a word)?"""
    head = right.lstrip()[:1]
    if not tail or not head:
        return False
    prefixes = _prefixes()
    return any(tail[start:] + head in prefixes for start in range(len(tail)))


@lru_cache(maxsize=8192)
def _spans(tail: str, head: str) -> bool:
    """Does some dictionary word (a prefix-dictionary entry with a frequency) start in
    ``tail`` and end in ``head``?"""
    prefixes = _prefixes()
    head = head.lstrip()
    for start in range(len(tail)):
        fragment = tail[start:]
        for ch in head:
            fragment += ch
            frequency = prefixes.get(fragment)
            if frequency is None:
                break  # no word goes on this way
            if frequency:
                return True
    return False


def _prefixes() -> dict[str, int]:
    """The dictionary's words and every prefix of one (jieba's prefix dictionary)."""
    from reader.language.segmenter import tokenizer  # jieba's dictionary: loaded on first use

    return tokenizer().FREQ


@lru_cache(maxsize=8192)
def _log_probability(text: str) -> float:
    """Log-probability of the dictionary's best segmentation of ``text`` (jieba's route).

    jieba's ``get_DAG`` and ``calc`` walked here in one pass, the same sums in the same
    order (so the same number), without building the graph and the route's tuples: asked
    for the characters around every break worth weighing on every page."""
    from reader.language.segmenter import tokenizer  # jieba's dictionary: loaded on first use

    cutter = tokenizer()
    frequencies = cutter.FREQ
    log_total = math.log(cutter.total)
    size = len(text)
    best = [0.0] * (size + 1)
    for start in range(size - 1, -1, -1):
        value = -math.inf
        found = False
        stop = start + 1
        fragment = text[start]
        while stop <= size and fragment in frequencies:
            frequency = frequencies[fragment]
            if frequency:
                found = True
                value = max(value, math.log(frequency) - log_total + best[stop])
            stop += 1
            fragment = text[start:stop]
        if not found:  # an unknown character: a word of its own, frequency 1
            value = math.log(frequencies.get(text[start]) or 1) - log_total + best[start + 1]
        best[start] = value
    return best[0]


def _best_pairing(
    edges: dict[tuple[int, int], float],
    bonus: Callable[[list[tuple[int, int]]], dict[tuple[int, int], float]],
) -> list[tuple[int, int]]:
    """Ends paired with openings one to one so that the total score of the pairs is
    highest (Hungarian method, on each group of ends and openings that compete; there
    each pair's score gets its ``bonus``)."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def root(node: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for end, opening in edges:
        parent[root(("end", end))] = root(("opening", opening))
    groups: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for pair in edges:
        groups.setdefault(root(("end", pair[0])), []).append(pair)
    chosen: list[tuple[int, int]] = []
    for pairs in groups.values():
        if len(pairs) == 1:
            chosen.extend(pairs)
            continue
        rows = sorted({end for end, _ in pairs})
        cols = sorted({opening for _, opening in pairs})
        weights = [[0.0] * len(cols) for _ in rows]
        bonuses = bonus(pairs)
        for end, opening in pairs:
            score = edges[end, opening] + bonuses[end, opening]
            weights[rows.index(end)][cols.index(opening)] = score
        for row, col in best_matching(weights, _PAIRED):
            if (rows[row], cols[col]) in edges:
                chosen.append((rows[row], cols[col]))
    return chosen


# a pair of no evidence (weight 0: no edge) is never chosen over leaving both unpaired
_PAIRED = 1e-12


def _order(runs: list[list[Line]], following: dict[int, int]) -> list[int]:
    """Pieces in printed order, each open end followed at once by the piece continuing it
    (and that by its own continuation). A piece moved to follow its end takes along the
    pieces printed after it in its column — its next paragraphs — up to a headline, a
    byline, a dateline or a jump line, a piece that goes on with another end, or one that
    stops in mid-sentence (the column's foot, itself followed by its continuation), and
    never the piece whose text goes on into it (read before it, not after). A ring of
    pieces continuing each other is read from its first printed piece."""
    continued = set(following.values())
    carried: dict[int, list[int]] = {}
    taken: set[int] = set()
    for end, opening in following.items():
        if opening == end + 1:
            continue
        last, group = opening, []
        while (
            last not in following
            and last + 1 < len(runs)
            and last + 1 not in continued
            and last + 1 not in taken
            and not _leads_to(last + 1, opening, following)
            and _reads_on(runs[last + 1][0])
        ):
            last += 1
            group.append(last)
        carried[opening] = group
        taken.update(group)
    order: list[int] = []
    placed: set[int] = set()
    roots = [k for k in range(len(runs)) if k not in continued and k not in taken]
    for start in roots + list(range(len(runs))):
        _place(start, carried, following, placed, order)
    return order


def _leads_to(k: int, target: int, following: dict[int, int]) -> bool:
    """Does piece ``k``'s text go on, through the pieces that continue it, into piece
    ``target``? Then ``k`` is read before ``target``, never carried along after it."""
    seen = {k}
    while (k := following.get(k, -1)) >= 0 and k not in seen:
        if k == target:
            return True
        seen.add(k)
    return False


def _place(
    k: int,
    carried: dict[int, list[int]],
    following: dict[int, int],
    placed: set[int],
    order: list[int],
) -> None:
    """Piece ``k``, the pieces carried along with it, then the piece it goes on in, and so
    on. (A module function: a nested one calling itself is a reference cycle, and pages
    are read with the garbage collector paused, so every page's pieces were kept.)"""
    while k not in placed:
        placed.add(k)
        order.append(k)
        for follower in carried.get(k, ()):
            _place(follower, carried, following, placed, order)
        nxt = following.get(k)
        if nxt is None:
            return
        k = nxt
