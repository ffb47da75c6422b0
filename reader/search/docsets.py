"""Exact query evaluation and ranking over whole posting lists held as Python sets.

Whoosh's matchers walk postings one Python call at a time (several µs each, more inside
AND/OR trees), so counting a common word over a one-year archive or scoring a phrase's
2,000 hits took 50–250 ms. Here each needed posting list is read a *block* at a time (one
unpickle per 128 postings) into a set or dict, the query tree becomes C-speed set algebra,
and only candidates that the n-grams cannot decide (and no indexed jieba word proves) are
checked against their text. Ranking is BM25F over the jieba word fields — Whoosh's formula
and statistics, with each field's declared boost — computed for the exact documents only.

One ``DocSets`` belongs to one searcher (one committed state of the index); its caches
die with it.
"""

from __future__ import annotations

import heapq
from collections import Counter, OrderedDict
from collections.abc import Collection, Iterable, Mapping
from itertools import compress, repeat
from math import log
from operator import add, neg
from threading import Event
from typing import NamedTuple

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.formats import Existence
from whoosh.matching.mcore import ListMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from reader.language.normalize import query_grams
from reader.language.segmenter import words
from reader.search.codec import read_postings
from reader.search.engine import SearchCancelled, Sort
from reader.search.query import AnyOf, Filter, Negated, Node, ParsedQuery, Term
from reader.search.schema import TEXT_ENCODING

GRAM_FIELD = {"all": "gram", "title": "title_gram", "byline": "byline_gram"}
WORD_FIELDS = {
    "all": ("title_words", "heads_words", "body_words"),
    "title": ("title_words", "heads_words"),
    "byline": (),
}
TEXT_COLUMN = {"all": "norm_all", "title": "norm_title", "byline": "norm_byline"}
B, K1 = 0.75, 1.2  # Whoosh's BM25F defaults
_K1_PLUS_1, _ONE_MINUS_B = K1 + 1, 1 - B
_LENGTHS = [byte_to_length(b) for b in range(256)]
_CACHED_LISTS = 512
MAX_GRAMS = 8  # bigrams of a long term that are read (the rarest)
# A bigram list this many times longer than the candidates left to check (those no indexed
# jieba word proves) is not read: checking their text (exact in any case, ~0.7 µs each)
# costs less than reading it (~0.13 µs a posting), which rarely removes many more (a
# phrase with one hit read two 15,000-document lists: 25 ms; 中国气象局, a word, read
# lists of 8,000-20,000 to narrow candidates its word's postings had proven: 13 ms)
SKIP_RATIO = 2
# a body-text BM25 part this long is bounded, not scored, where the bound rules its
# documents out of the first page (``DocSets._pruned``)
PRUNE_FROM = 2000
MAX_RANKED_WORDS = 16  # jieba words of one term that are scored (the rarest)


class _Part(NamedTuple):
    """One word's (or occurrence's) BM25 in one field: the documents it scores, each's
    count (None: 1 each), and its idf with the field's boost."""

    field: str
    idf: float
    docs: Collection[int]
    counts: Mapping[int, float] | None


class DocSets:
    """Posting lists of one searcher as sets (matching) and dicts (ranking)."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self._leaves = [(s.reader(), base) for s, base in searcher.leaf_searchers()]
        self._lists: OrderedDict[tuple[str, str], dict[int, float]] = OrderedDict()
        self._universe: set[int] | None = None
        self._dates: list[str] | None = None
        self._lengths: dict[str, list[int]] = {}
        self._norm_cache: dict[str, list[float]] = {}
        self._unit_cache: dict[str, list[float]] = {}
        self._span_cache: dict[str, list[tuple | None] | None] = {}
        self._title_list: list[str] | None = None
        self._cancel: Event | None = None
        self._months: list[str] | None = None
        reader = searcher.reader()
        self._texts = {scope: reader.column_reader(name) for scope, name in TEXT_COLUMN.items()}

    # -- posting lists ------------------------------------------------------------------
    def postings(self, field: str, text: str) -> dict[int, float]:
        """docnum → weight (the term's count) for every live document holding the term."""
        key = (field, text)
        found = self._lists.get(key)
        if found is not None:
            self._lists.move_to_end(key)
            return found
        # an n-gram field's postings only say which documents hold the term: every weight
        # is 1.0 (Existence), so the weights are not read and the dict is made in C
        weighted = not isinstance(self.searcher.schema[field].format, Existence)
        ids: list[int] = []
        weights: list[float] | None = [] if weighted else None
        deleted: list[int] = []
        for reader, base in self._leaves:
            try:
                terminfo = reader.term_info(field, text)
            except TermNotFound:
                continue
            buf = getattr(reader._terms._postfile, "_buf", None)  # a mapped segment
            if buf is not None and not terminfo.is_inlined():
                # (the extent's length is not needed: a list's last block says it is)
                read_postings(buf, terminfo.extent()[0], base, ids, weights)
            else:  # a short list kept in the term index, or a file not mapped
                self._matcher_postings(reader, base, field, text, ids, weights)
            deleted.extend(base + d for d in reader.deleted_docs_set)
        found = dict.fromkeys(ids, 1.0) if weights is None else dict(zip(ids, weights, strict=True))
        for docnum in deleted:
            found.pop(docnum, None)
        self._lists[key] = found
        if len(self._lists) > _CACHED_LISTS:
            self._lists.popitem(last=False)
        return found

    @staticmethod
    def _matcher_postings(
        reader: object,
        base: int,
        field: str,
        text: str,
        ids: list[int],
        weights: list[float] | None,
    ) -> None:
        """One segment's list through its matcher, appended to ``ids`` (+ ``base``) and
        ``weights`` (deletions are left to the caller)."""
        matcher = reader.postings(field, text)
        if isinstance(matcher, FilterMatcher):  # the segment has deletions
            matcher = matcher.child
        found, weighed = _read_all(matcher, weights is not None)
        ids.extend(map(base.__add__, found))
        if weights is not None:
            weights.extend(weighed)

    def docs(self, field: str, text: str) -> set[int]:
        return set(self.postings(field, text))

    def universe(self) -> set[int]:
        if self._universe is None:
            self._universe = {
                base + d for reader, base in self._leaves for d in reader.all_doc_ids()
            }
        return self._universe

    def dates(self) -> list[str]:
        """Each document's date ("" when unknown), by docnum: filters and date sorting."""
        if self._dates is None:
            self._dates = [
                value or "" for reader, _ in self._leaves for value in reader.column_reader("date")
            ]
        return self._dates

    def lengths(self, field: str) -> list[int]:
        """Each document's length of a scorable field, by docnum (what BM25 normalises by)."""
        if field not in self._lengths:
            out: list[int] = []
            for reader, _ in self._leaves:
                column = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
                if column is None:  # no document has a length in this segment
                    out.extend([0] * reader.doc_count_all())
                else:
                    out.extend(_LENGTHS[b] for b in column)
            self._lengths[field] = out
        return self._lengths[field]

    def folded_text(self, docnum: int) -> str:
        """The story's text (not its title, heads or byline) as exact matching sees it:
        ``compact(text)``, the tail of the stored ``norm_all`` after the title's and the
        byline's parts."""
        texts = self._texts
        whole = texts["all"][docnum].decode(TEXT_ENCODING)
        title = texts["title"][docnum].decode(TEXT_ENCODING)
        byline = texts["byline"][docnum].decode(TEXT_ENCODING)
        return whole[len(title) + len(byline) :]

    # -- exact matching -----------------------------------------------------------------
    def evaluate(self, parsed: ParsedQuery, cancel: Event | None = None) -> set[int]:
        """Every live document that satisfies the query exactly.

        ``cancel``: checked between steps; raises SearchCancelled once it is set."""
        self._cancel = cancel
        positives = sorted(
            (c for c in parsed.clauses if not isinstance(c, Negated)),
            key=lambda c: 0 if isinstance(c, Filter) else 1,  # cheap, narrowing first
        )
        within: set[int] | None = None
        for clause in positives:
            self._check_cancel()
            within = self._exact(clause, within)
            if not within:
                return set()
        for clause in parsed.clauses:
            if isinstance(clause, Negated):
                self._check_cancel()
                within = self._exact(clause, within)
        return within if within is not None else self.universe()

    def _check_cancel(self) -> None:
        if self._cancel is not None and self._cancel.is_set():
            raise SearchCancelled

    def _exact(self, node: Node, within: set[int] | None) -> set[int]:
        if isinstance(node, Term):
            return self._term(node, within)
        if isinstance(node, Filter):
            found = self._filter(node)
        elif isinstance(node, AnyOf):
            found = set().union(*(self._exact(c, within) for c in node.children))
        else:
            base = within if within is not None else self.universe()
            return base - self._exact(node.child, base)
        return found & within if within is not None else found

    def _term(self, term: Term, within: set[int] | None) -> set[int]:
        field = GRAM_FIELD[term.scope]
        frequency = {g: self.searcher.doc_frequency(field, g) for g in query_grams(term.text)}
        # the rarest first; a long term: its rarest bigrams narrow as well as all of them,
        # and the text check below is exact either way (a pasted paragraph stays fast)
        needed = sorted(frequency, key=frequency.__getitem__)[:MAX_GRAMS]
        candidates: set[int] | None = None
        proven: set[int] | None = None
        for gram in needed:
            if candidates is not None and not term.exact_in_index:
                # reading the text of the few candidates that no indexed word proves
                # decides faster than a long list
                if proven is None:
                    proven = self._word_docs(term)
                unproven = len(candidates - proven) if proven else len(candidates)
                if unproven * SKIP_RATIO < frequency[gram]:
                    break
            found = self.postings(field, gram).keys()
            if candidates is None:
                candidates = found & within if within is not None else set(found)
            else:
                candidates &= found
            self._check_cancel()
            if not candidates:
                return set()
        if candidates is None:
            return set()
        if term.exact_in_index:
            return candidates
        if proven is None:
            proven = self._word_docs(term)
        needle = term.text.encode(TEXT_ENCODING)
        checked = self._holding(term.scope, candidates - proven, needle)
        return (candidates & proven) | checked

    def _holding(self, scope: str, docs: set[int], needle: bytes) -> set[int]:
        """Those of ``docs`` whose text of ``scope`` holds ``needle`` (UTF-16-LE), as
        ``holds`` decides. Where a segment's text column lies in the memory map, each text
        is searched where it lies (``mmap.find`` over its range): reading the text out
        through the column reader first was two thirds of checking 8,000 candidates."""
        found: set[int] = set()
        spans = self._spans(scope)
        column = self._texts[scope]
        for count, d in enumerate(docs):
            if count % 1024 == 1023:
                self._check_cancel()
            span = spans[d] if spans is not None else None
            if span is None:
                if holds(column[d], needle):
                    found.add(d)
                continue
            find, start, end = span
            at = find(needle, start, end)
            while at >= 0 and (at - start) % 2:  # a match starts where a character does
                at = find(needle, at + 1, end)
            if at >= 0:
                found.add(d)
        return found

    def _spans(self, scope: str) -> list[tuple | None] | None:
        """Per document, where its text of ``scope`` lies in a memory map: (that map's
        ``find``, start, end), or None where its segment's column is not mapped (read
        through the column reader instead). Worked out once per index generation from
        the column's own offsets; ``tests/search/test_private_reads.py`` checks every
        span against the column reader's text."""
        if scope in self._span_cache:
            return self._span_cache[scope]
        spans: list[tuple | None] = []
        for reader, _ in self._leaves:
            count = reader.doc_count_all()
            column = reader.column_reader(TEXT_COLUMN[scope], translate=False)
            dbfile = getattr(column, "_dbfile", None)
            source = getattr(dbfile, "source", None)
            if source is None or not hasattr(column, "_offsets"):
                spans.extend([None] * count)
                continue
            first = dbfile.start + column._basepos
            starts = [first + offset for offset in column._offsets]
            spans.extend(
                zip(
                    repeat(source.find, count),
                    starts,
                    map(add, starts, column._lengths),
                    strict=True,
                )
            )
        self._span_cache[scope] = spans
        return spans

    def _word_docs(self, term: Term) -> set[int]:
        """Documents holding the term as one indexed jieba word hold its text (no reading)."""
        fields = WORD_FIELDS[term.scope]
        if not fields or words(term.text) != [term.text]:
            return set()
        return set().union(*(self.postings(f, term.text) for f in fields))

    def _filter(self, node: Filter) -> set[int]:
        if node.field == "newspaper":
            return self.docs("newspaper", node.low)
        if node.field == "page":
            return self.docs("pages", node.low)
        low, high = node.low, node.high or node.low
        return {d for d, day in enumerate(self.dates()) if day and low <= day <= high} & (
            self.universe()
        )

    def months(self, docs: set[int]) -> dict[str, int]:
        """How many of ``docs`` fall in each month ("YYYY-MM"), oldest first."""
        if self._months is None:
            self._months = [day[:7] for day in self.dates()]
        counts = Counter(map(self._months.__getitem__, docs))
        counts.pop("", None)
        return dict(sorted(counts.items()))

    # -- ranking ------------------------------------------------------------------------
    def scores(self, docs: set[int], parsed: ParsedQuery, count: int = 0) -> dict[int, float]:
        """BM25F over the jieba words of the query's terms, for ``docs`` only; with
        ``count``, at least every document that can be among the first ``count`` by
        (-score, docnum), with its exact score (``_pruned``), and maybe no others.

        Where a term's words miss a field of a document that holds the term there only
        inside longer words (生态环境 in 生态环境保护, which jieba keeps whole), the term
        still counts (``_occurrence_scores``): matching is by characters, so ranking must
        not pass over such a document — titles that named the term ranked below every
        passing mention of it.
        """
        parts: list[_Part] = []
        required = [c for c in parsed.clauses if isinstance(c, Term)]
        for term in parsed.terms():
            reached = self._word_scores(docs, term, parts)
            # every document found holds a term the query requires; one of several
            # alternatives (A OR B) only some of them, found exactly as matching does
            holders = docs if any(t is term for t in required) else self._term(term, docs)
            self._occurrence_scores(holders, term, reached, parts)
        if count > 0:
            pruned = self._pruned(parts, count)
            if pruned is not None:
                return pruned
        total: dict[int, float] = {}
        for part in parts:
            self._check_cancel()
            found = self._part_scores(part)
            if total:
                for d in found.keys() & total.keys():  # total[d] + score, as a loop added
                    found[d] = total[d] + found[d]
            total.update(found)
        return total

    def _pruned(self, parts: list[_Part], count: int) -> dict[int, float] | None:
        """Exact scores of the documents that can be among the first ``count``, without
        scoring every document of a common word's long lists; None when the bound below
        cannot rule them out (then every document is scored).

        A long body-text part (``PRUNE_FROM`` documents or more) adds less than
        ``idf * (K1 + 1)`` to any document (BM25's count part stays below ``K1 + 1``).
        The other parts are scored; the best ``count`` documents by those scores get
        their exact scores, and the ``count``-th best of these is a score some document
        reaches. A document can only reach it if its other parts plus every long part's
        bound do (a document outside the other parts has only the bounds). Those are
        scored exactly: every part in order, as ``scores`` adds them, so their scores
        are the same floats. A margin of 1e-9 covers rounding in the bounds."""
        large = {
            i
            for i, part in enumerate(parts)
            if part.field == "body_words" and len(part.docs) >= PRUNE_FROM
        }
        if not large:
            return None
        bound = sum(parts[i].idf * _K1_PLUS_1 for i in large)
        founds: list[dict[int, float] | None] = [None] * len(parts)
        partial: dict[int, float] = {}
        for i, part in enumerate(parts):
            if i in large:
                continue
            found = founds[i] = self._part_scores(part)
            if partial:
                for d in found.keys() & partial.keys():
                    partial[d] += found[d]
                partial.update({d: v for d, v in found.items() if d not in partial})
            else:
                partial.update(found)
        if len(partial) < count:
            return None
        self._check_cancel()
        seeds = heapq.nlargest(count, partial, key=partial.__getitem__)
        floor = min(self._exact_score(d, parts, founds) for d in seeds)
        cut = floor - 1e-9 * floor
        if bound >= cut:  # a document with long parts alone might reach it
            return None
        reach = cut - bound
        candidates = compress(partial, map(reach.__le__, partial.values()))
        return {d: self._exact_score(d, parts, founds) for d in candidates}

    def _exact_score(
        self, d: int, parts: list[_Part], founds: list[dict[int, float] | None]
    ) -> float:
        """Document ``d``'s score, its parts added in order as ``scores`` adds them."""
        total: float | None = None
        for part, found in zip(parts, founds, strict=True):
            if found is not None:
                value = found.get(d)
            elif d not in part.docs:
                continue
            elif part.counts is None:
                value = part.idf * self._units(part.field)[d]
            else:
                tf = part.counts[d]
                if not tf:
                    continue
                value = part.idf * ((tf * _K1_PLUS_1) / (tf + self._norms(part.field)[d]))
            if value is not None:
                total = value if total is None else total + value
        return total if total is not None else 0.0

    def _part_scores(self, part: _Part) -> dict[int, float]:
        """{document: score} of one part: whoosh.scoring.bm25 written out (the same
        operations in the same order), as a dict comprehension (a call per document was
        a third of ranking a common word; chains of ``map`` over ``operator`` functions
        were slower than the comprehension on Python 3.11)."""
        self._check_cancel()
        idf = part.idf
        if part.counts is None:  # tf = 1: (1 * K1_PLUS_1) / (1 + norm), worked out once
            units = self._units(part.field)
            return {d: idf * units[d] for d in part.docs}
        norm = self._norms(part.field)
        counts = part.counts
        if len(part.docs) == len(counts):  # all of them: no lookups
            return {d: idf * ((tf * _K1_PLUS_1) / (tf + norm[d])) for d, tf in counts.items() if tf}
        return {
            d: idf * ((tf * _K1_PLUS_1) / (tf + norm[d])) for d in part.docs if (tf := counts[d])
        }

    def _word_scores(
        self, docs: set[int], term: Term, parts: list[_Part]
    ) -> dict[str, list[Collection[int]]]:
        """Add the BM25F parts of the term's jieba words to ``parts``; per field, the
        documents they reached (one collection per word, none of them copied)."""
        scored = list(dict.fromkeys(words(term.text)))
        if len(scored) > MAX_RANKED_WORDS:  # a pasted paragraph: its rarest words decide
            frequency = self.searcher.doc_frequency
            scored.sort(key=lambda w: frequency("body_words", w))
            scored = scored[:MAX_RANKED_WORDS]
        reached: dict[str, list[Collection[int]]] = {}
        for field in WORD_FIELDS[term.scope]:
            reached[field] = []
            for word in scored:
                self._check_cancel()
                postings = self.postings(field, word)
                hit = (
                    docs & postings.keys()
                    if len(postings) > len(docs)
                    else (postings.keys() & docs)
                )
                idf = self.searcher.idf(field, word)
                # (all of them, usually: a word's holders hold its text)
                docs_hit = postings.keys() if len(hit) == len(postings) else hit
                reached[field].append(docs_hit)
                parts.append(self._part(field, idf, docs_hit, postings))
        return reached

    def _occurrence_scores(
        self,
        docs: set[int],
        term: Term,
        reached: dict[str, list[Collection[int]]],
        parts: list[_Part],
    ) -> None:
        """Add BM25F for the term where its words did not reach a field of ``docs`` (the
        documents holding it): in the title its occurrences, counted (only titles whose
        bigrams allow it are read); elsewhere one occurrence, the least a document without
        it in its title holds (reading every such text cost a common word's search 80 ms).
        Its rarity is that of ``docs``."""
        if term.scope == "byline":
            return
        idf = log(self.searcher.doc_count_all() / (len(docs) + 1)) + 1
        needle = term.text
        # the titles' bigram lists first, the shortest first: a common word's holders
        # are 20,000 documents, its titles' lists a few thousand (the same set)
        lists = sorted(
            (self.postings("title_gram", g).keys() for g in dict.fromkeys(query_grams(needle))),
            key=len,
        )
        titles = set(lists[0]) if lists else set(docs)
        for keys in lists[1:]:
            titles &= keys
        titles &= docs
        titles.difference_update(*reached["title_words"])
        title_of = self._titles()
        counts = {d: title_of[d].count(needle) for d in titles}
        parts.append(self._part("title_words", idf, counts.keys(), counts))
        if term.scope == "all":
            rest = docs.difference(*reached["body_words"])
            rest.difference_update(compress(counts, counts.values()))
            parts.append(self._part("body_words", idf, rest, None))

    def _part(
        self, field: str, idf: float, docs: Collection[int], counts: Mapping[int, float] | None
    ) -> _Part:
        """BM25 of one word (or occurrence) in one field, over ``docs`` (each's count in
        ``counts``; None: 1 each), with the field's boost in its idf."""
        return _Part(field, idf * self.searcher.schema[field].format.field_boost, docs, counts)

    def _titles(self) -> list[str]:
        """Every story's title as exact matching sees it, read once per index generation in
        one pass (21 ms for 22,700 stories): ranking a common character read thousands of
        them one by one, at about 4 µs each, for every search."""
        if self._title_list is None:
            self._title_list = [title.decode(TEXT_ENCODING) for title in self._texts["title"]]
        return self._title_list

    def _norms(self, field: str) -> list[float]:
        """BM25's length part of each document, ``K1 * (1 - B + B * length / average)``,
        worked out once per index generation (the same float operations as per posting,
        where a common word's 19,000 postings spent a third of their scoring on it)."""
        norms = self._norm_cache.get(field)
        if norms is None:
            average = self.searcher.avg_field_length(field) or 1.0
            norms = self._norm_cache[field] = [
                K1 * (_ONE_MINUS_B + B * length / average) for length in self.lengths(field)
            ]
        return norms

    def _units(self, field: str) -> list[float]:
        """BM25's count part for a count of 1, ``(1 * K1_PLUS_1) / (1 + norm)``, per
        document: the same float operations, done once per index generation (the one
        occurrence credited to a common character's 20,000 documents)."""
        units = self._unit_cache.get(field)
        if units is None:
            units = self._unit_cache[field] = [
                (1 * _K1_PLUS_1) / (1 + norm) for norm in self._norms(field)
            ]
        return units

    def top(
        self, docs: set[int], parsed: ParsedQuery, order: Sort, count: int
    ) -> list[tuple[int, float]]:
        """The first ``count`` documents in the requested order, with their scores."""
        if order == Sort.RELEVANCE:
            scores = self.scores(docs, parsed, count)
            # the first ``count`` by (-score, docnum): the best scored, and the lowest
            # docnums of the unscored (score 0), compared as tuples in C
            scored = heapq.nsmallest(count, _best_scored(scores, count))
            unscored = (
                heapq.nsmallest(count, docs - scores.keys())
                if len(scored) < count or (scored and scored[-1][0] >= 0)
                else []
            )
            best = heapq.nsmallest(count, [*scored, *((-0.0, d) for d in unscored)])
            return [(d, scores.get(d, 0.0)) for _, d in best]
        dates = self.dates()
        if order == Sort.NEWEST:
            best = heapq.nsmallest(count, docs, key=lambda d: (_descending(dates[d]), d))
        else:
            best = heapq.nsmallest(count, docs, key=lambda d: (dates[d], d))
        return [(d, 0.0) for d in best]


def _best_scored(scores: dict[int, float], count: int) -> Iterable[tuple[float, int]]:
    """(-score, docnum) of the documents that can be among the first ``count`` by
    (-score, docnum): those scored at least the ``count``-th best score (found among
    bare floats; tuples for 20,000 documents cost a common word 2 ms)."""
    if len(scores) > 4 * count > 0:
        floor = heapq.nlargest(count, scores.values())[-1]
        keys = list(compress(scores, map(floor.__le__, scores.values())))
        return zip(map(neg, map(scores.__getitem__, keys)), keys, strict=True)
    return zip(map(neg, scores.values()), scores, strict=True)


def holds(text: bytes, needle: bytes) -> bool:
    """Whether UTF-16-LE ``text`` holds the string ``needle`` encodes, compared as bytes
    (decoding every candidate's text was most of checking a common phrase): a match must
    start at an even offset, where a character does, not straddle two. A valid string's
    encoding neither starts with a low nor ends with a high surrogate, so a match on code
    units is a match of characters."""
    at = text.find(needle)
    while at > 0 and at % 2:
        at = text.find(needle, at + 1)
    return at >= 0


def _descending(day: str) -> str:
    """A key that sorts ISO dates newest first (unknown dates last, as Whoosh did)."""
    return "".join(chr(0x7F - ord(c)) for c in day) if day else "\x7f"


def _read_all(matcher: object, weighted: bool = True) -> tuple[list[int], list[float]]:
    """A W3 leaf matcher's whole posting list, a block at a time (a short list kept in the
    term index comes as a ``ListMatcher``: read through the public calls). Without
    ``weighted`` the weights are left unread (an empty list)."""
    ids: list[int] = []
    weights: list[float] = []
    if isinstance(matcher, ListMatcher):
        while matcher.is_active():
            ids.append(matcher.id())
            if weighted:
                weights.append(matcher.weight())
            matcher.next()
        return ids, weights
    while matcher.is_active():
        matcher._read_ids()
        ids.extend(matcher._ids)
        if weighted:
            matcher._read_weights()
            weights.extend(matcher._weights)
        matcher._next_block()
    return ids, weights
