"""Help when nothing is found: queries that would find something, with their counts.

Four kinds, best first:

- ``words``: a run of words typed without spaces (新能源汽车下乡) found nowhere as one
  string, searched as its jieba words, each anywhere in the story (新能源 汽车 下乡) — and,
  when that finds nothing, with one of those words left out, the rarest first; a word
  copied with a mark that the archive does not print beside it (“有台) is offered bare;
- ``similar``: a word with one character changed so that the archive prints it, and the query
  then finds something (生态环境保护督查 → 生态环境保护督察): the commonest slip of a Chinese
  input method is a neighbouring candidate picked (see ``vocabulary``);
- ``without``: the query without one of its words, the rarest first (the word that alone
  finds the fewest stories is the likeliest typo or over-specification);
- ``close``: a word of three or more characters with one character left out (a typo, or
  a word the archive prints slightly differently: 生态环境保扩 → 生态环境保).

Every count is exact (the same evaluation as a search), with the request's filters.
"""

from __future__ import annotations

from collections.abc import Callable
from weakref import WeakKeyDictionary

from reader.language.segmenter import words
from reader.search.docsets import DocSets
from reader.search.engine import Suggestion
from reader.search.query import AnyOf, Negated, Node, ParsedQuery, Term
from reader.search.vocabulary import Vocabulary

MAX_SUGGESTIONS = 4
MAX_DROPS = 8  # clauses tried one by one; beyond, only the rarest
KIND_ORDER = {"words": 0, "similar": 1, "without": 2, "close": 3}
MAX_CLOSE = 12  # characters of a word tried left out; longer words: only its ends
MAX_NEIGHBOURS = 24  # printed one-character neighbours of a word tried (each ~1 ms)
MAX_SIMILAR = 2  # offers per word: the neighbours that find the most
_vocabularies: WeakKeyDictionary[DocSets, Vocabulary] = WeakKeyDictionary()


def suggest(
    docsets: DocSets,
    parsed: ParsedQuery,
    with_filters: Callable[[ParsedQuery], ParsedQuery],
    cancel: object = None,
) -> list[Suggestion]:
    """Queries close to ``parsed`` (which found nothing) that find something."""
    sources = parsed.sources or tuple(_typed(c) for c in parsed.clauses)
    clauses = parsed.clauses
    found: dict[str, Suggestion] = {}

    def count(nodes: tuple[Node, ...]) -> int:
        if not nodes or all(isinstance(n, Negated) for n in nodes):
            return 0
        return len(docsets.evaluate(with_filters(ParsedQuery(nodes)), cancel))  # type: ignore[arg-type]

    positive = [i for i, c in enumerate(clauses) if not isinstance(c, Negated)]
    by_words: set[int] = set()  # clauses with an offer made of whole words
    for i in positive:
        pieces = _words_of(clauses[i])
        if len(pieces) < 2 and not _marks_left_out(clauses[i], pieces):
            continue
        split = (*clauses[:i], *pieces, *clauses[i + 1 :])
        total = count(split)
        if total:
            query = " ".join((*sources[:i], *map(_typed, pieces), *sources[i + 1 :]))
            found.setdefault(query, Suggestion(query, total, "words", sources[i]))
            by_words.add(i)
            continue
        alone = {j: count((piece,)) for j, piece in enumerate(pieces)}
        for j in sorted(alone, key=lambda j: (alone[j], j))[:MAX_DROPS]:
            rest = pieces[:j] + pieces[j + 1 :]
            if _lone_character(rest) and len(clauses) == 1:
                continue  # 督察祖 without 督察 is 祖: a character found anywhere helps nobody
            total = count((*clauses[:i], *rest, *clauses[i + 1 :]))
            if total:
                query = " ".join((*sources[:i], *map(_typed, rest), *sources[i + 1 :]))
                found.setdefault(query, Suggestion(query, total, "without", _typed(pieces[j])))
                by_words.add(i)
    if len(positive) > 1:
        alone = {i: count((clauses[i],)) for i in positive}
        order = sorted(positive, key=lambda i: (alone[i], i))[:MAX_DROPS]
        for i in order:
            rest = clauses[:i] + clauses[i + 1 :]
            total = count(rest)
            if total:
                query = " ".join(sources[:i] + sources[i + 1 :])
                found.setdefault(query, Suggestion(query, total, "without", sources[i]))
    for i in positive:
        clause = clauses[i]
        if not isinstance(clause, Term):
            continue
        for term, replaced in _similar(docsets, clause, count, clauses, i):
            query = " ".join((*sources[:i], _typed(term), *sources[i + 1 :]))
            found.setdefault(query, Suggestion(query, replaced[1], "similar", replaced[0]))
    for i in positive:
        clause = clauses[i]
        # a term already offered as whole words is not offered cut (生态环境保护督)
        if not isinstance(clause, Term) or len(clause.text) < 3 or i in by_words:
            continue
        for variant in _shorter(clause.text):
            term = Term(variant, clause.scope, clause.phrase)
            total = count((*clauses[:i], term, *clauses[i + 1 :]))
            if total:
                query = " ".join((*sources[:i], _typed(term), *sources[i + 1 :]))
                found.setdefault(query, Suggestion(query, total, "close", sources[i]))
    ranked = sorted(found.values(), key=lambda s: (KIND_ORDER[s.kind], -s.total))
    return ranked[:MAX_SUGGESTIONS]


def _similar(
    docsets: DocSets,
    clause: Term,
    count: Callable[[tuple[Node, ...]], int],
    clauses: tuple[Node, ...],
    at: int,
) -> list[tuple[Term, tuple[str, int]]]:
    """The term with one of its words swapped for a printed neighbour, for each word the
    neighbours that make the whole query find the most (the query decides between 调查 and
    督察 for 督查, not how common each is). Returns (term, (word replaced, total))."""
    vocabulary = _vocabularies.get(docsets)
    if vocabulary is None:
        vocabulary = _vocabularies[docsets] = Vocabulary(docsets.searcher.reader())
    offers = []
    for word in _typo_candidates(clause.text):
        tried = []
        for neighbour in vocabulary.neighbours(word, MAX_NEIGHBOURS):
            term = Term(clause.text.replace(word, neighbour), clause.scope, clause.phrase)
            total = count((*clauses[:at], term, *clauses[at + 1 :]))
            if total:
                tried.append((term, (word, total)))
        tried.sort(key=lambda offer: -offer[1][1])
        offers.extend(tried[:MAX_SIMILAR])
    return offers


def _lone_character(rest: list[Term]) -> bool:
    return len(rest) == 1 and len(rest[0].text) == 1


def _typo_candidates(text: str) -> list[str]:
    """The words of ``text`` where a slip may sit: its jieba words, and each character jieba
    left alone joined to the word before and after it (a wrong character often breaks the
    word it belongs to: 督察祖 is cut 督察 / 祖)."""
    pieces = [w for w in words(text) if w.strip()]
    out = [w for w in pieces if len(w) > 1]
    for at, piece in enumerate(pieces):
        if len(piece) == 1:
            out += [pieces[at - 1] + piece] if at else []
            out += [piece + pieces[at + 1]] if at + 1 < len(pieces) else []
    return list(dict.fromkeys(out))


def _words_of(clause: Node) -> list[Term]:
    """An unquoted term's jieba words as terms of their own (punctuation left out)."""
    if not isinstance(clause, Term) or clause.phrase:
        return []
    pieces = [w for w in dict.fromkeys(words(clause.text)) if any(c.isalnum() for c in w)]
    return [Term(w, clause.scope) for w in pieces]


def _marks_left_out(clause: Node, pieces: list[Term]) -> bool:
    """Whether a term is one word with marks around it (“有台: a selection that began inside
    a quotation): the word alone is then worth offering."""
    return len(pieces) == 1 and isinstance(clause, Term) and pieces[0].text != clause.text


def _shorter(text: str) -> list[str]:
    """The word with one character left out, longest-surviving-prefix first."""
    if len(text) > MAX_CLOSE:
        return [text[:-1], text[1:]]
    out = [text[:i] + text[i + 1 :] for i in range(len(text) - 1, -1, -1)]
    return list(dict.fromkeys(out))


def _typed(node: Node) -> str:
    """A clause as one would type it."""
    if isinstance(node, Term):
        prefix = {"all": "", "title": "title:", "byline": "byline:"}[node.scope]
        return f'{prefix}"{node.text}"' if node.phrase else prefix + node.text
    if isinstance(node, AnyOf):
        return " OR ".join(_typed(c) for c in node.children)
    if isinstance(node, Negated):
        return "-" + _typed(node.child)
    return f"{node.field}:{node.low}" + (f"..{node.high}" if node.high else "")
