"""Score layout analysis against a reference (``gold.json``), as the corpus scorer does.

A reference lists, per page, the items printed on it with accepted first and last
characters of their text and accepted titles. An item is *found* when one predicted
article of the page starts and ends as the reference says (its first 60 / last 40
characters, whitespace and continuation markers removed, contain a start / end snippet);
its title counts when kicker, title and subtitle in one of their combinations equal an
accepted title. *Whole* counts items found with their title right; *spurious* counts
predicted articles with text that match no item. The same rules as ``tests/corpus/score.py``.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reader.model import Article

_MARKER = re.compile(r"[（(]\s*(上接|下转|转|接)\s*第?\s*[0-9一二三四五六七八九十百]+\s*版\s*[）)]")
_START_CHARS = 60
_END_CHARS = 40


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def _body(article: Article) -> str:
    return _MARKER.sub("", _norm("".join(article.paragraphs)))


def _titles(article: Article) -> set[str]:
    kicker, title, subtitle = _norm(article.kicker), _norm(article.title), _norm(article.subtitle)
    return {title, kicker + title, title + subtitle, kicker + title + subtitle} - {""}


@dataclass(slots=True)
class Score:
    """Counts for one reference set."""

    name: str = ""
    items: int = 0
    bounded: int = 0
    titled_items: int = 0
    titles_right: int = 0
    whole: int = 0
    spurious: int = 0
    pages: int = 0
    seconds: float = 0.0
    # processor time of the same work: what the page costs, whatever else the machine runs
    cpu_seconds: float = 0.0
    misses: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # pages named but not read, with why

    @property
    def boundary(self) -> float:
        return self.bounded / self.items if self.items else 0.0

    @property
    def title(self) -> float:
        return self.titles_right / self.titled_items if self.titled_items else 0.0

    @property
    def whole_rate(self) -> float:
        return self.whole / self.items if self.items else 0.0

    def line(self) -> str:
        per_page = 1000 * self.seconds / self.pages if self.pages else 0.0
        rate = self.pages / self.seconds if self.seconds else 0.0
        cpu_rate = self.pages / self.cpu_seconds if self.cpu_seconds else 0.0
        return (
            f"{self.name}: boundary {self.bounded}/{self.items}={self.boundary:.2f} "
            f"title {self.titles_right}/{self.titled_items}={self.title:.2f} "
            f"whole {self.whole}/{self.items}={self.whole_rate:.2f} spurious {self.spurious} "
            f"({self.pages} pages, {per_page:.1f} ms/page, {rate:.1f} pages/s; "
            f"processor time {cpu_rate:.1f} pages/s)"
            + (f"; not read, scored as missed: {'; '.join(self.unread)}" if self.unread else "")
        )


def score_page(gold_page: dict, articles: list[Article], score: Score) -> None:
    """Add one page's results to ``score``."""
    bodies = [_body(a) for a in articles]
    used: set[int] = set()
    for item in gold_page["articles"]:
        optional = item.get("optional", False)
        score.items += not optional
        hit = next(
            (
                i
                for i, body in enumerate(bodies)
                if i not in used
                and any(s in body[: _START_CHARS + len(s)] for s in item["start"])
                and any(e in body[-(_END_CHARS + len(e)) :] for e in item["end"])
            ),
            None,
        )
        if hit is None:
            if not optional:
                score.misses.append(f"{item['start'][0][:16]}…{item['end'][0][-10:]}")
            continue
        used.add(hit)
        score.bounded += not optional
        right = True
        if item.get("title") is not None:
            score.titled_items += 1
            right = bool(_titles(articles[hit]) & {_norm(t) for t in item["title"]})
            score.titles_right += right
        score.whole += right and not optional
    score.spurious += sum(1 for i, body in enumerate(bodies) if i not in used and body)


def find_references(paths: Iterable[Path]) -> list[Path]:
    """``gold.json`` files: given directly, or found in the folders given (one level deep)."""
    found: list[Path] = []
    for path in paths:
        if path.is_file():
            found.append(path)
        elif (path / "gold.json").is_file():
            found.append(path / "gold.json")
        elif path.is_dir():
            found.extend(sorted(path.glob("*/gold.json")))
    return found


def pages_folder(reference: Path, gold: dict) -> Path:
    """Where a reference's pages are: ``pages/`` beside it, or its ``pages_dir`` entry."""
    return (reference.parent / gold.get("pages_dir", "pages")).resolve()


def page_file(folder: Path, name: str) -> Path:
    """The page a reference names; a reference written for the text of a page
    (``NN.txt``) scores its PDF (``NN.pdf``) where only the PDF is there."""
    path = folder / name
    if not path.exists() and path.suffix.lower() == ".txt":
        pdf = path.with_suffix(".pdf")
        if pdf.exists():
            return pdf
    return path


def score_reference(reference: Path) -> Score:
    """Analyse every page a reference names and score the result. For a PDF the time
    counted is the whole reading of the file (opening it, its characters, the analysis);
    for a text page, the analysis of the decoded text."""
    from reader.layout.page import analyze_page
    from reader.library import is_pdf, read_page_text

    gold = json.loads(reference.read_text(encoding="utf-8"))
    folder = pages_folder(reference, gold)
    score = Score(name=gold.get("name") or reference.parent.name)
    for name, gold_page in gold["pages"].items():
        path = page_file(folder, name)
        if not path.is_file():  # a set copied in part: the rest is still scored
            score.unread.append(f"{name} (no such file)")
            score_page(gold_page, [], score)
            continue
        if is_pdf(path):
            from reader.model import PageMeta
            from reader.pdf import read_pdf

            started, cpu = time.perf_counter(), time.process_time()
            pages = read_pdf(path, PageMeta())
            articles = [article for page in pages for article in page.articles]
        else:
            text = read_page_text(path)
            started, cpu = time.perf_counter(), time.process_time()
            articles = analyze_page(text, f"evaluate|{name}")
        score.seconds += time.perf_counter() - started
        score.cpu_seconds += time.process_time() - cpu
        score.pages += 1
        score_page(gold_page, articles, score)
    return score


@dataclass(slots=True)
class LinkScore:
    """Continued stories of one reference set: how many of its 下转 → 上接 pairs the
    stories join, and how many joins the stories make that the reference does not have."""

    name: str = ""
    pairs: int = 0
    linked: int = 0
    wrong: int = 0

    def line(self) -> str:
        return (
            f"{self.name}: continuations joined {self.linked}/{self.pairs}, "
            f"joins the reference does not have {self.wrong}"
        )


def _opens_as(article: Article, item: dict) -> bool:
    body = _body(article)
    return any(s in body[: _START_CHARS + len(s)] for s in item["start"])


def _continuation_pairs(gold: dict) -> list[tuple[tuple, dict, tuple, dict]]:
    """(page key, item) → (page key, item) for every continuation the reference names; a
    target page holding several parts continued from the same page is disambiguated by
    their shared title."""
    places = {(g.get("date"), g.get("page")): g for g in gold["pages"].values()}
    pairs = []
    for page in gold["pages"].values():
        for item in page["articles"]:
            to = item.get("continues_to")
            if to is None or item.get("optional") or (page.get("date"), to) not in places:
                continue
            parts = [
                part
                for part in places[(page["date"], to)]["articles"]
                if part.get("continued_from") == page["page"]
            ]
            named = [p for p in parts if set(p.get("title") or []) & set(item.get("title") or [])]
            target = named[0] if len(named) == 1 else parts[0] if len(parts) == 1 else None
            if target is not None:
                pairs.append(((page["date"], page["page"]), item, (page["date"], to), target))
    return pairs


def score_links(reference: Path) -> LinkScore:
    """Read a reference's pages as a library and score how its stories join continuations."""
    from reader.archive import load_archive

    gold = json.loads(reference.read_text(encoding="utf-8"))
    archive = load_archive([pages_folder(reference, gold)])
    joins = [
        ((str(a.meta.date), a.meta.page), first, (str(b.meta.date), b.meta.page), second)
        for story in archive.stories
        for (a, first), (b, second) in zip(
            zip(story.pages, story.fragments, strict=True),
            zip(story.pages[1:], story.fragments[1:], strict=True),
            strict=False,
        )
    ]
    score = LinkScore(name=gold.get("name") or reference.parent.name, wrong=len(joins))
    for source_page, source, target_page, target in _continuation_pairs(gold):
        score.pairs += 1
        if any(
            (page, to) == (source_page, target_page)
            and _opens_as(a, source)
            and _opens_as(b, target)
            for page, a, to, b in joins
        ):
            score.linked += 1
            score.wrong -= 1
    return score
