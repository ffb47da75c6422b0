"""The search box language, parsed into a small tree that ``docsets`` evaluates exactly.

Syntax: words separated by spaces must all occur (AND); ``A OR B``; ``-word`` excludes;
``"a phrase"`` (also “…”) is matched exactly — a quotation mark without its partner is
just text, as people copy it (``“有台``); ``title:`` / ``标题:``, ``byline:`` / ``作者:``
scope a word; ``paper:乌海日报``, ``date:2025-06-01..2025-06-30`` (or ``date:2025-06``,
``date:2025``, open ranges ``..2025-06-30``), ``page:1`` filter. OR binds tighter than the
implicit AND, as in web search: ``煤 电 OR 热`` is 煤 AND (电 OR 热).

Why a tree of our own: the index can only *over*-approximate exact substrings with n-grams
(a document may hold every bigram of a long word without the word itself), so terms of three
or more characters are re-checked against candidates' text. Words of one or two characters
are exact already.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from dataclasses import dataclass
from datetime import date

from reader.language.normalize import compact


class QuerySyntaxError(ValueError):
    """A query the user must fix; the message is shown to them as is (Chinese)."""


@dataclass(frozen=True, slots=True)
class Term:
    """Text that must occur in a scope (``all``, ``title`` or ``byline``)."""

    text: str  # compacted: normalised, no whitespace
    scope: str = "all"
    phrase: bool = False

    @property
    def exact_in_index(self) -> bool:
        return len(self.text) <= 2


@dataclass(frozen=True, slots=True)
class Filter:
    """A metadata condition: ``newspaper`` equals, ``date`` in [start, end], ``page`` equals."""

    field: str
    low: str
    high: str | None = None


@dataclass(frozen=True, slots=True)
class AnyOf:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Negated:
    child: Node


Node = Term | Filter | AnyOf | Negated


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """All clauses must hold."""

    clauses: tuple[Node, ...]
    # each clause as typed (for suggestions); empty for queries built in code
    sources: tuple[str, ...] = dataclasses.field(default=(), compare=False)

    def terms(self) -> list[Term]:
        """Terms to look for (snippets and ranking): negated ones are left out."""
        found: list[Term] = []

        def walk(node: Node, negated: bool) -> None:
            if isinstance(node, Term) and not negated:
                found.append(node)
            elif isinstance(node, AnyOf):
                for child in node.children:
                    walk(child, negated)
            elif isinstance(node, Negated):
                walk(node.child, not negated)

        for clause in self.clauses:
            walk(clause, False)
        return found


_FIELD_ALIASES = {
    "title": "title",
    "标题": "title",
    "byline": "byline",
    "作者": "byline",
    "记者": "byline",
    "paper": "newspaper",
    "newspaper": "newspaper",
    "报纸": "newspaper",
    "报名": "newspaper",
    "date": "date",
    "日期": "date",
    "page": "page",
    "版": "page",
    "版次": "page",
}
_TOKEN = re.compile(r'\s*(-?)(?:([\w\u4e00-\u9fff]+)[:：])?("|“)?')
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_QUOTES = {'"': '"', "“": "”"}


_LINE_BREAK = re.compile(r"[ \t\u3000]*[\r\n]+[ \t\u3000]*")


MAX_QUERY_CHARS = 1000  # characters of distinct search words
MAX_TERMS = 32  # distinct search words
_MAX_RAW = 20 * MAX_QUERY_CHARS  # not even parsed beyond this


def parse(text: str) -> ParsedQuery:
    """Parse the search box text, or raise QuerySyntaxError with a friendly message.

    Line breaks are not word separators: text copied from a printed page keeps the page's
    line breaks (``降\n解``), and the words they cut must be found whole. Repeated words
    count once (``的 的 的`` is ``的``); what remains is limited to ``MAX_TERMS`` words of
    ``MAX_QUERY_CHARS`` characters in all.
    """
    if len(text) > _MAX_RAW:
        raise QuerySyntaxError(_TOO_LONG)
    source = _LINE_BREAK.sub("", text).strip()
    tokens = _tokens(source)
    if not tokens:
        raise QuerySyntaxError("请输入要搜索的内容。")
    clauses: list[Node] = []
    spans: list[tuple[int, int]] = []
    pending_or = False
    for token, start, end in tokens:
        if token == "OR":
            if not clauses or pending_or:
                raise QuerySyntaxError("“OR”两边都需要搜索词，例如：煤 OR 电。")
            pending_or = True
            continue
        if pending_or:
            previous = clauses.pop()
            left = previous.children if isinstance(previous, AnyOf) else (previous,)
            either = tuple(dict.fromkeys((*left, token)))
            clauses.append(AnyOf(either) if len(either) > 1 else either[0])
            spans[-1] = (spans[-1][0], end)
            pending_or = False
        else:
            clauses.append(token)
            spans.append((start, end))
    if pending_or:
        raise QuerySyntaxError("“OR”两边都需要搜索词，例如：煤 OR 电。")
    if all(isinstance(c, Negated) for c in clauses):
        raise QuerySyntaxError("只有排除条件（-词）时无法搜索，请再加一个要找的词。")
    unique = dict.fromkeys(zip(clauses, spans, strict=True))
    first: dict[Node, tuple[int, int]] = {}
    for clause, span in unique:
        first.setdefault(clause, span)
    parsed = ParsedQuery(tuple(first), sources=tuple(source[a:b] for a, b in first.values()))
    _check_size(parsed)
    return parsed


_TOO_LONG = f"查询过长（最多 {MAX_QUERY_CHARS} 个字），请缩短后再搜索。"


def _check_size(parsed: ParsedQuery) -> None:
    terms: set[Term] = set()

    def walk(node: Node) -> None:
        if isinstance(node, Term):
            terms.add(node)
        elif isinstance(node, AnyOf):
            for child in node.children:
                walk(child)
        elif isinstance(node, Negated):
            walk(node.child)

    for clause in parsed.clauses:
        walk(clause)
    if sum(len(t.text) for t in terms) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(_TOO_LONG)
    if len(terms) > MAX_TERMS:
        raise QuerySyntaxError(f"搜索词太多（最多 {MAX_TERMS} 个），请减少一些再搜索。")


def date_range(date_from: str | None, date_to: str | None) -> Filter:
    """The date filter of the panel's widgets (``YYYY-MM-DD``, also ``YYYY-MM``/``YYYY``):
    checked like a typed ``date:``, so a wrong date is a QuerySyntaxError, never 0 hits."""
    low = _date_bound(date_from, first=True) if date_from else "0000-00-00"
    high = _date_bound(date_to, first=False) if date_to else "9999-99-99"
    if low > high:
        raise QuerySyntaxError("日期范围的开始晚于结束。")
    return Filter("date", low, high)


def _tokens(text: str) -> list[tuple[Node | str, int, int]]:
    """Nodes (or "OR") with where each starts and ends in ``text``."""
    out: list[tuple[Node | str, int, int]] = []
    pos = 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        start = pos
        match = _TOKEN.match(text, pos)
        assert match is not None  # the pattern can match the empty string
        negated, field_name, quote = match.group(1), match.group(2), match.group(3)
        field = _FIELD_ALIASES.get(field_name.lower()) if field_name else None
        if field_name and field is None:  # not a field: "8:00" is text
            match = re.compile(r"\s*(-?)").match(text, pos)
            assert match is not None
            negated, quote = match.group(1), None
        pos = match.end()
        end = text.find(_QUOTES[quote], pos) if quote else -1
        if quote and end < 0:  # unbalanced: the mark is text, as copied (“有台)
            pos -= 1
            quote = None
        if quote:
            value, pos, is_phrase = text[pos:end], end + 1, True
        else:
            end = pos
            while end < len(text) and not text[end].isspace():
                end += 1
            value, pos, is_phrase = text[pos:end], end, False
        if not negated and not field and not is_phrase and value == "OR":
            out.append(("OR", start, pos))
            continue
        node = _node(field, value, is_phrase)
        out.append((Negated(node) if negated else node, start, pos))
    return out


def _node(field: str | None, value: str, phrase: bool) -> Node:
    if field in ("newspaper", "date", "page") and not value.strip():
        raise QuerySyntaxError(f"“{field}:”后面缺少内容。")
    if field == "newspaper":
        return Filter("newspaper", value.strip())
    if field == "date":
        return _date_filter(value.strip())
    if field == "page":
        if not value.strip().isdigit():
            raise QuerySyntaxError("版次应为数字，例如 page:1。")
        return Filter("page", str(int(value)))
    term = compact(value)
    if not term:
        raise QuerySyntaxError("搜索词不能为空。")
    return Term(term, scope=field or "all", phrase=phrase)


def _date_filter(value: str) -> Filter:
    low_text, sep, high_text = value.partition("..")
    low = _date_bound(low_text, first=True) if low_text else "0000-00-00"
    high = (
        _date_bound(high_text if sep else low_text, first=False)
        if (high_text or not sep)
        else "9999-99-99"
    )
    if low > high:
        raise QuerySyntaxError("日期范围的开始晚于结束。")
    return Filter("date", low, high)


def _date_bound(text: str, first: bool) -> str:
    match = _DATE.match(text.strip())
    if not match:
        raise QuerySyntaxError("日期格式应为 2025-06-01、2025-06 或 2025-06-01..2025-06-30。")
    year, month, day = match.group(1), match.group(2), match.group(3)
    try:
        if day:
            return date(int(year), int(month), int(day)).isoformat()
        if month:
            last = calendar.monthrange(int(year), int(month))[1]
            return date(int(year), int(month), 1 if first else last).isoformat()
        return f"{year}-01-01" if first else f"{year}-12-31"
    except ValueError as exc:
        raise QuerySyntaxError(f"日期不存在：{text}。") from exc
