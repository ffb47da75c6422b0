"""Continuations: link （下转第N版） fragments to their （上接第P版） continuations into stories.

Fragments only link within one issue (same newspaper and date). When one page continues
several articles onto the same target page, each 下转 fragment is paired with the 上接
fragment whose repeated headline (and, less, whose vocabulary) fits it best — never by list
order. A fragment whose other page is not in the library stays a story of its own that
names the missing page.

Newspapers print a continued story's headline again above its 上接 part, and that repeated
headline is the stronger evidence: text extraction can leave a story's 下转 line (with its
last paragraph) under a neighbouring article, or lose it. So a 上接第P版 part whose
headline repeats the headline of an article on page P continues that article whatever
marker it was left with, and such a pairing outranks any pairing by vocabulary.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from reader.layout.text import bigrams, cosine, coverage, fold
from reader.model import Article, Page, Story

# Below this, a candidate continuation is not the same story (headlines differ, topic differs).
_MIN_LINK_SCORE = 0.15
_TITLE_WEIGHT = 0.7
# A repeated headline: this share of its character pairs is found both ways (a continuation
# page may shorten or re-punctuate it); shorter headlines than _MIN_HEADLINE repeat by chance.
_HEADLINE_REPEATED = 0.8
_MIN_HEADLINE = 4


@dataclass(frozen=True, slots=True)
class _Fragment:
    article: Article
    page: Page


def link_stories(pages: list[Page], links: Mapping[str, str | None] | None = None) -> list[Story]:
    """Group every article of ``pages`` into stories, in page order.

    ``links`` are continuations set by readers ({article id: id of the article it continues
    in, or None: it continues nowhere}); they override what the markers suggest.
    """
    fragments = [_Fragment(a, p) for p in pages for a in p.articles]
    following = _links(fragments)
    if links:
        _set_links(following, fragments, links)
    has_previous = {id(nxt.article) for nxt in following.values()}
    stories = []
    for fragment in fragments:
        if id(fragment.article) in has_previous:
            continue
        chain = [fragment]
        while id(chain[-1].article) in following and len(chain) <= len(fragments):
            chain.append(following[id(chain[-1].article)])
        stories.append(_story(chain))
    return stories


def _set_links(
    following: dict[int, _Fragment],
    fragments: list[_Fragment],
    links: Mapping[str, str | None],
) -> None:
    """Apply readers' links in order; a link that would close a loop is left out."""
    by_id = {f.article.id: f for f in fragments}
    for source_id, target_id in links.items():
        source = by_id.get(source_id)
        if source is None:
            continue
        following.pop(id(source.article), None)
        target = by_id.get(target_id) if target_id is not None else None
        if target is None or target is source:
            continue
        walk: _Fragment | None = target
        for _ in range(len(fragments)):
            if walk is None or walk is source:
                break
            walk = following.get(id(walk.article))
        if walk is not None:
            continue  # it would come back to ``source``
        for key, fragment in list(following.items()):
            if fragment is target:
                del following[key]  # a fragment continues one story only
        following[id(source.article)] = target


def _links(fragments: list[_Fragment]) -> dict[int, _Fragment]:
    """{id(article): the fragment it continues in}, matched greedily by score."""
    by_issue: dict[tuple[str, str], list[_Fragment]] = defaultdict(list)
    for fragment in fragments:
        key = fragment.page.meta.issue_key
        if key is not None:
            by_issue[key].append(fragment)
    links: dict[int, _Fragment] = {}
    for issue_fragments in by_issue.values():
        links.update(_link_issue(issue_fragments))
    return links


def _link_issue(fragments: list[_Fragment]) -> dict[int, _Fragment]:
    targets = [f for f in fragments if f.article.continued_from is not None]
    candidates = []
    for target in targets:
        for source in fragments:
            if source.page is target.page or source.page.meta.page != target.article.continued_from:
                continue
            repeated = _repeats_headline(source.article, target.article)
            opens = not repeated and _opens_with_headline(source.article, target.article)
            if not (repeated or opens or _pages_fit(source, target)):
                continue
            score = link_score(source.article, target.article)
            if repeated or opens or score >= _MIN_LINK_SCORE:
                candidates.append((score + repeated, source, target))
    links: dict[int, _Fragment] = {}
    used: set[int] = set()
    for _, source, target in sorted(candidates, key=lambda c: -c[0]):
        if id(source.article) in links or id(target.article) in used:
            continue
        links[id(source.article)] = target
        used.add(id(target.article))
    return links


def _pages_fit(source: _Fragment, target: _Fragment) -> bool:
    """下转第N版 on page P pairs with 上接第P版 on page N (or on a page whose number is unknown)."""
    if source.article.continues_to is None or not source.page.meta.page:
        return False
    if target.article.continued_from != source.page.meta.page:
        return False
    return target.page.meta.page in (None, source.article.continues_to)


def _repeats_headline(source: Article, target: Article) -> bool:
    """Whether ``target``'s headline is ``source``'s, printed again above its continuation
    (where extraction split the source's headline, title and subtitle together)."""
    wanted = fold(target.title)
    if len(wanted) < _MIN_HEADLINE or not source.title:
        return False
    return any(
        coverage(wanted, head) >= _HEADLINE_REPEATED
        and coverage(head, wanted) >= _HEADLINE_REPEATED
        for head in (source.title, source.title + source.subtitle, source.kicker + source.title)
    )


def _opens_with_headline(source: Article, target: Article) -> bool:
    """Whether an article with no headline found begins with ``target``'s headline (run
    into its first paragraph). Weaker evidence: two headlines can be run in one after the
    other, so this only lets the pairing be weighed, it does not outrank the others."""
    wanted = fold(target.title)
    if len(wanted) < _MIN_HEADLINE or source.title:
        return False
    return fold(source.text[: 4 * len(target.title)]).startswith(wanted)


def link_score(source: Article, target: Article) -> float:
    """How likely ``target`` continues ``source``: repeated headline first, then vocabulary."""
    title = 0.0
    if source.title and target.title:
        title = max(coverage(source.title, target.title), coverage(target.title, source.title))
    text = cosine(bigrams(source.text), bigrams(target.text))
    if not (source.title and target.title):
        return text
    return _TITLE_WEIGHT * title + (1 - _TITLE_WEIGHT) * text


def _story(chain: list[_Fragment]) -> Story:
    first, last = chain[0].article, chain[-1].article
    missing = []
    if first.continued_from is not None:
        missing.append(first.continued_from)
    if last.continues_to is not None:
        missing.append(last.continues_to)
    title = next((f.article.title for f in chain if f.article.title), "")
    return Story(
        id=story_id(chain),
        title=title,
        fragments=[f.article for f in chain],
        pages=[f.page for f in chain],
        missing_pages=missing,
    )


def story_id(chain: list[_Fragment]) -> str:
    """A story id that survives re-reading the library and adding the missing pages.

    A story that is continued anywhere is named by its issue, the page it starts on (the
    page its first fragment continues from when that page is missing) and its headline,
    which newspapers repeat on every continuation page; so when the missing first page is
    added later, the story keeps its id. A story of one uncontinued article is named after
    the article.
    """
    first = chain[0]
    continued = len(chain) > 1 or first.article.continued_from or first.article.continues_to
    title = next((f.article.title for f in chain if f.article.title), "")
    issue = first.page.meta.issue_key
    if not (continued and title and issue):
        return "s" + first.article.id.removeprefix("a")
    root_page = first.article.continued_from or first.page.meta.page or 0
    key = f"{issue[0]}|{issue[1]}|{root_page}|{fold(title)}"
    return "s" + hashlib.sha1(key.encode()).hexdigest()[:12]
