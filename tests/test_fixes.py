"""Readers' fixes through the core: each operation, ids, staleness, undo, sharing, search.

Expectations come from oracles — the page text and the analysis without fixes — never from
what the layout analysis happens to produce on these pages today.
"""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
from pathlib import Path

import pytest

from reader.app import ReaderCore
from reader.archive import Archive, load_archive
from reader.cli import archive_json
from reader.export import story_markdown, story_text
from reader.fix_store import FixStore
from reader.fixes import (
    FixRefused,
    Op,
    Status,
    apply_fixes,
    article_ref,
    new_fix,
    split_article,
    split_point,
)
from reader.model import Article, Kind, Page
from reader.search.engine import SearchRequest, open_engine

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    shutil.copytree(SEEDS, folder)
    return folder


def open_core(library: Path, tmp_path: Path, fixes: str = "fixes.sqlite3") -> ReaderCore:
    core = ReaderCore(
        library,
        index_root=tmp_path / "index",
        store_path=tmp_path / "bookmarks.sqlite3",
        fixes_path=tmp_path / fixes,
    )
    core.load()
    return core


def raw(library: Path) -> Archive:
    """The oracle: the analysis of the same files, with no fixes."""
    return load_archive([library])


def all_ids(archive: Archive) -> list[str]:
    return [a.id for page in archive.pages for a in page.articles]


def page_of(archive: Archive, article_id: str) -> Page:
    page = archive.page_of(article_id)
    assert page is not None
    return page


def article(archive: Archive, article_id: str) -> Article:
    return next(a for a in page_of(archive, article_id).articles if a.id == article_id)


def after(archive: Archive, article_id: str) -> Article:
    """The item printed right after ``article_id`` on its page."""
    following = archive.step_article(article_id, 1)
    assert following is not None
    return article(archive, following)


def longest(archive: Archive, minimum: int = 3) -> Article:
    """An uncontinued article of several paragraphs (a story of its own)."""
    candidates = [
        a
        for p in archive.pages
        for a in p.articles
        if len(a.paragraphs) >= minimum
        and a.kind is Kind.ARTICLE
        and len(archive.story_of(a.id).fragments) == 1
        and not (a.continues_to or a.continued_from)
    ]
    assert candidates
    return max(candidates, key=lambda a: len(a.paragraphs))


def paragraph_start(text: str) -> str:
    return text.strip()[:6]


# -- split ---------------------------------------------------------------------------
def test_split_at_a_paragraph_keeps_the_id_on_the_start(library: Path, tmp_path: Path) -> None:
    oracle = raw(library)
    target = longest(oracle)
    core = open_core(library, tmp_path)
    core.split_article(target.id, paragraph_start(target.paragraphs[2]))
    first = article(core.archive, target.id)
    second = after(core.archive, target.id)
    assert first.paragraphs == target.paragraphs[:2]
    assert second.paragraphs == target.paragraphs[2:]
    assert (first.title, first.byline) == (target.title, target.byline)
    assert second.title == "" and second.id not in all_ids(oracle)
    # every other article keeps its id, in its place
    assert [i for i in all_ids(core.archive) if i != second.id] == all_ids(oracle)
    # both parts are stories, and the one holding the start keeps the story's id
    assert core.archive.story_of(target.id).id == oracle.story_of(target.id).id
    assert core.archive.story_of(second.id).fragments == [second]
    assert core.is_corrected(target.id) and core.is_corrected(second.id)
    assert core.analysed(second.id)[0].paragraphs == target.paragraphs
    core.close()


def test_split_at_a_printed_line_inside_a_paragraph(library: Path, tmp_path: Path) -> None:
    oracle = raw(library)
    lines_by_page = {p.source: p.text.splitlines() for p in oracle.pages}
    found = None
    for page in oracle.pages:
        for candidate in page.articles:
            for n in candidate.source_lines:
                start = lines_by_page[page.source][n].strip()[:8]
                hits = [p.find(start) for p in candidate.paragraphs]
                if (
                    len(start) == 8
                    and any(h > 0 for h in hits)
                    and "".join(candidate.paragraphs).count(start) == 1
                ):
                    found = (candidate, start)
                    break
            if found:
                break
        if found:
            break
    assert found, "the sample pages have paragraphs wrapped over several lines"
    target, start = found
    core = open_core(library, tmp_path)
    core.split_article(target.id, start)
    first, second = article(core.archive, target.id), after(core.archive, target.id)
    assert second.paragraphs[0].startswith(start)
    assert "".join(first.paragraphs + second.paragraphs).replace(" ", "") == "".join(
        target.paragraphs
    ).replace(" ", "")
    core.close()


def test_split_refused_leaves_everything_as_it_was(library: Path, tmp_path: Path) -> None:
    oracle = raw(library)
    target = longest(oracle)
    core = open_core(library, tmp_path)
    before = archive_json(core.archive)
    text = "".join(target.paragraphs)
    middle = next(
        text[i : i + 5]
        for i in range(3, len(text) - 5)
        if text.count(text[i : i + 5]) == 1
        and not any(
            line.strip().startswith(text[i : i + 5]) for line in _page_lines(oracle, target)
        )
        and not any(p.strip().startswith(text[i : i + 5]) for p in target.paragraphs)
    )
    for attempt, message in (
        (lambda: core.split_article("a-no-such-id", "x"), "没有编号"),
        (lambda: core.split_article(target.id, "这段文字不在文章里"), "文章中没有"),
        (lambda: core.split_article(target.id, middle), "不在段落或行的开头"),
        (lambda: core.split_article(target.id, paragraph_start(target.paragraphs[0])), "开头"),
    ):
        with pytest.raises(FixRefused, match=message):
            attempt()
    assert archive_json(core.archive) == before
    assert core.fixes() == [] and len(core.fix_store) == 0
    core.close()


def _page_lines(archive: Archive, target: Article) -> list[str]:
    return page_of(archive, target.id).text.splitlines()


# -- merge, headline, kind ------------------------------------------------------------
def test_merge_two_items_of_a_page_and_refuse_across_pages(library: Path, tmp_path: Path) -> None:
    oracle = raw(library)
    page = max(oracle.pages, key=lambda p: len(p.articles))
    first, skipped, third = page.articles[0], page.articles[1], page.articles[2]
    core = open_core(library, tmp_path)
    core.merge_articles(third.id, first.id)  # either order: the one printed first stays
    merged = article(core.archive, first.id)
    assert merged.paragraphs == first.paragraphs + third.paragraphs
    assert merged.title == (first.title or third.title)
    assert third.id not in all_ids(core.archive)
    assert core.archive.step_article(first.id, 1) == skipped.id  # not adjacent: fine
    assert [i for i in all_ids(oracle) if i != third.id] == all_ids(core.archive)
    other_page = next(p for p in oracle.pages if p.articles and p.source != page.source)
    with pytest.raises(FixRefused, match="不在同一版"):
        core.merge_articles(first.id, other_page.articles[0].id)
    with pytest.raises(FixRefused):
        core.merge_articles(first.id, first.id)
    assert len(core.fixes()) == 1
    core.close()


def test_headline_and_kind(library: Path, tmp_path: Path) -> None:
    oracle = raw(library)
    target = longest(oracle)
    core = open_core(library, tmp_path)
    core.set_headline(target.id, title="更正后的标题", kicker="引题", byline="记者 某某")
    core.set_kind(target.id, "notice")
    fixed = article(core.archive, target.id)
    assert (fixed.title, fixed.kicker, fixed.byline) == ("更正后的标题", "引题", "记者 某某")
    assert fixed.subtitle == target.subtitle and fixed.paragraphs == target.paragraphs
    assert fixed.kind is Kind.NOTICE
    assert core.archive.story_of(target.id).title == "更正后的标题"
    assert all_ids(core.archive) == all_ids(oracle)
    with pytest.raises(FixRefused):
        core.set_kind(target.id, "notice")  # nothing would change
    with pytest.raises(FixRefused):
        core.set_kind(target.id, "poem")
    with pytest.raises(FixRefused):
        core.set_headline(target.id)
    core.set_headline(target.id, title="")  # an empty value clears the field
    assert article(core.archive, target.id).title == ""
    # the column label too: a headline misread as the label is cleared (trial 8)
    core.set_headline(target.id, column="与巴威赛跑的五个日夜")
    assert article(core.archive, target.id).column == "与巴威赛跑的五个日夜"
    core.set_headline(target.id, column="")
    assert article(core.archive, target.id).column == ""
    core.close()


def test_a_printed_line_made_the_title_leaves_the_body(library: Path, tmp_path: Path) -> None:
    oracle = raw(library)
    target = longest(oracle)
    line = target.paragraphs[1]
    core = open_core(library, tmp_path)
    core.set_headline(target.id, title=line.strip())
    fixed = article(core.archive, target.id)
    assert fixed.title == line.strip()
    assert fixed.paragraphs == target.paragraphs[:1] + target.paragraphs[2:]
    # A typed title that only quotes part of a paragraph leaves the text alone.
    core.set_headline(target.id, title=target.paragraphs[0].strip()[:5])
    assert article(core.archive, target.id).paragraphs == fixed.paragraphs
    core.undo_step()
    core.undo_step()
    assert article(core.archive, target.id).paragraphs == target.paragraphs
    core.close()


def test_a_title_run_into_an_untitled_items_first_paragraph_leaves_it(
    library: Path, tmp_path: Path
) -> None:
    """The headline printed on its text came out as the first paragraph's opening words:
    given as the title of the untitled item, they leave the paragraph, the rest stays."""
    oracle = raw(library)
    target = longest(oracle)
    core = open_core(library, tmp_path)
    core.set_headline(target.id, title="")
    first = target.paragraphs[0]
    opening = first.strip()[:6]
    core.set_headline(target.id, title=opening)
    fixed = article(core.archive, target.id)
    assert fixed.title == opening
    assert "".join(fixed.paragraphs[0].split()) == "".join(first.split())[len(opening) :]
    assert fixed.paragraphs[1:] == target.paragraphs[1:]
    core.close()


# -- continuations ---------------------------------------------------------------------
PAGE_FOUR = """弘扬“中国—中亚精神”开创更加美好未来

（上接第1版）六国元首一致同意，继续深化各领域务实合作，推动中国—中亚
合作走深走实，为地区和平稳定与发展繁荣注入更多正能量。

本报讯 今年以来，我市持续推进城市更新行动，完成老旧小区改造
项目十二个，惠及居民三千余户，群众的获得感持续增强。
"""


@pytest.fixture
def issue(library: Path) -> Path:
    """The samples plus a fourth page of the first sample's issue."""
    folder = library / "乌海日报" / "2025-06-23"
    folder.mkdir(parents=True)
    (folder / "04.txt").write_text(PAGE_FOUR, encoding="utf-8")
    return library


def fragments(archive: Archive, article_id: str) -> list[str]:
    return [a.id for a in archive.story_of(article_id).fragments]


def two_pages(oracle: Archive) -> tuple[Page, Page]:
    pages = [p for p in oracle.pages if p.meta.issue_key == ("乌海日报", "2025-06-23")]
    first = next(p for p in pages if p.meta.page == 1)
    fourth = next(p for p in pages if p.meta.page == 4)
    return first, fourth


def test_link_unlink_and_link_again(issue: Path, tmp_path: Path) -> None:
    oracle = raw(issue)
    first, fourth = two_pages(oracle)
    head = first.articles[-1].id
    tail = next(a.id for a in fourth.articles if oracle.story_of(a.id).fragments[0].id == a.id)
    core = open_core(issue, tmp_path)
    core.link_continuation(head, tail)
    assert fragments(core.archive, head)[-2:] == [head, tail]
    linked_story = core.archive.story_of(head).id
    if oracle.story_of(head).lead.id == head:  # a story keeps its id when linked on
        assert linked_story == oracle.story_of(head).id
    core.unlink_continuation(head)
    assert fragments(core.archive, head)[-1] == head
    assert fragments(core.archive, tail)[0] == tail
    with pytest.raises(FixRefused, match="没有接续") as refused:
        core.unlink_continuation(head)
    assert head not in str(refused.value)  # said in the reader's words, not by an id
    core.link_continuation(head, tail)
    assert core.archive.story_of(head).id == linked_story
    with pytest.raises(FixRefused, match="已经"):
        core.link_continuation(head, tail)
    with pytest.raises(FixRefused, match="不同版面"):
        core.link_continuation(head, first.articles[0].id)
    with pytest.raises(FixRefused, match="同一期"):
        other_issue = next(p for p in oracle.pages if p.meta.issue_key != first.meta.issue_key)
        core.link_continuation(head, other_issue.articles[0].id)
    # every article is in exactly one story
    assert sorted(i for s in core.archive.stories for i in (a.id for a in s.fragments)) == sorted(
        all_ids(oracle)
    )
    core.close()


def test_unlink_what_the_analysis_linked(issue: Path, tmp_path: Path) -> None:
    oracle = raw(issue)
    continued = [s for s in oracle.stories if len(s.fragments) > 1]
    if not continued:
        pytest.skip("the analysis links no continuation on these pages today")
    story = continued[0]
    head, tail = story.fragments[0].id, story.fragments[1].id
    core = open_core(issue, tmp_path)
    core.unlink_continuation(head)
    assert fragments(core.archive, head) == [head]
    assert fragments(core.archive, tail)[0] == tail
    assert core.archive.story_of(head).id == story.id  # the start keeps the story's id
    # the unlinked part no longer claims a continuation (no "下转第N版 — 未找到" note)…
    unlinked = core.archive.story_of(head)
    assert unlinked.fragments[-1].continues_to is None
    assert "下转" not in story_text(unlinked) and "下转" not in story_markdown(unlinked)
    # …it is marked corrected, the analysis as it was kept, the printed page unchanged
    assert core.is_corrected(head)
    assert core.analysed(head)[0].continues_to == story.fragments[0].continues_to
    page = core.archive.page_of(head)
    assert page.text == oracle.page_of(head).text
    core.undo_fix()
    assert fragments(core.archive, head) == [a.id for a in story.fragments]
    core.close()


# -- lasting, reporting, undoing, sharing ------------------------------------------------
def test_fixes_last_across_cores_and_are_reported_when_the_page_changes(
    library: Path, tmp_path: Path
) -> None:
    oracle = raw(library)
    target = longest(oracle)
    core = open_core(library, tmp_path)
    core.split_article(target.id, paragraph_start(target.paragraphs[1]))
    corrected = archive_json(core.archive)
    core.close()

    again = open_core(library, tmp_path)
    assert archive_json(again.archive) == corrected  # same ids, same pieces
    assert [s.status for s in again.fixes()] == [Status.APPLIED]
    again.close()

    source = Path(page_of(oracle, target.id).source)
    source.write_text(source.read_text(encoding="utf-8") + "\n本报讯 新加的一段。\n", "utf-8")
    changed = open_core(library, tmp_path)
    statuses = changed.fixes()
    assert [s.status for s in statuses] == [Status.PAGE_CHANGED]
    page = next(p for p in changed.archive.pages if p.source == str(source))
    assert any("更正未应用" in w and "版面文字已改变" in w for w in page.warnings)
    assert any("更正未应用" in w for w in changed.archive.warnings)
    assert archive_json(changed.archive) == archive_json(raw(library))
    assert len(changed.fix_store) == 1  # kept, not dropped
    changed.close()


def test_a_fix_whose_page_left_the_library_is_listed(library: Path, tmp_path: Path) -> None:
    oracle = raw(library)
    target = longest(oracle)
    core = open_core(library, tmp_path)
    core.set_kind(target.id, "photo")
    core.close()
    Path(page_of(oracle, target.id).source).unlink()
    later = open_core(library, tmp_path)
    assert [s.status for s in later.fixes()] == [Status.PAGE_MISSING]
    assert any("版面不在库中" in w for w in later.archive.warnings)
    later.close()


def test_undo_back_to_the_analysis_and_redo(library: Path, tmp_path: Path) -> None:
    oracle = raw(library)
    target = longest(oracle)
    core = open_core(library, tmp_path)
    analysed = archive_json(core.archive)
    assert analysed == archive_json(oracle)
    core.split_article(target.id, paragraph_start(target.paragraphs[1]))
    core.set_headline(target.id, title="新标题")
    page = page_of(oracle, target.id)
    core.merge_articles(page.articles[0].id, page.articles[-1].id)
    corrected = archive_json(core.archive)
    assert core.can_undo_fix and not core.can_redo_fix
    while core.undo_fix() is not None:
        pass
    assert archive_json(core.archive) == analysed
    assert core.can_redo_fix
    while core.redo_fix() is not None:
        pass
    assert archive_json(core.archive) == corrected
    core.undo_fix()
    core.set_kind(target.id, "photo")  # a new fix ends what could be redone
    assert not core.can_redo_fix
    core.close()


def test_export_and_import(library: Path, tmp_path: Path) -> None:
    oracle = raw(library)
    target = longest(oracle)
    core = open_core(library, tmp_path)
    core.split_article(target.id, paragraph_start(target.paragraphs[1]))
    core.set_kind(target.id, "notice")
    shared = tmp_path / "shared.json"
    assert core.export_fixes(shared) == 2
    corrected = archive_json(core.archive)
    core.close()

    # another reader, another copy of the same archive
    copy = tmp_path / "copy"
    shutil.copytree(SEEDS, copy)
    (tmp_path / "other").mkdir()
    other = open_core(copy, tmp_path / "other")
    assert other.import_fixes(shared) == 2
    assert other.import_fixes(shared) == 0  # the same file twice adds nothing
    assert _without_sources(archive_json(other.archive)) == _without_sources(corrected)
    assert len(other.fix_store) == 2
    other.close()
    (tmp_path / "bad.json").write_text('{"fixes": []}', encoding="utf-8")
    third = open_core(copy, tmp_path, fixes="third.sqlite3")
    with pytest.raises(FixRefused):
        third.import_fixes(tmp_path / "bad.json")
    assert len(third.fix_store) == 0
    third.close()


def _without_sources(data: dict) -> dict:
    for page in data["pages"]:
        page["source"] = Path(page["source"]).name
    return data


def test_bookmarks_and_search_follow_a_split(library: Path, tmp_path: Path) -> None:
    oracle = raw(library)
    target = longest(oracle)
    tail_text = "".join(target.paragraphs[1:])
    phrase = next(
        tail_text[i : i + 8]
        for i in range(len(tail_text) - 8)
        if all(
            tail_text[i : i + 8] not in a.text and tail_text[i : i + 8] not in a.title
            for p in oracle.pages
            for a in p.articles
            if a.id != target.id
        )
        and "".join(target.paragraphs[:1]).find(tail_text[i : i + 8]) < 0
    )
    core = open_core(library, tmp_path)
    assert core.index() is not None
    story_id = core.archive.story_of(target.id).id
    core.bookmarks.add(core.archive.story_of(target.id))
    hits = core.search(SearchRequest(f'"{phrase}"')).hits
    assert [h.story_id for h in hits] == [story_id]

    core.split_article(target.id, paragraph_start(target.paragraphs[1]))
    new_id = after(core.archive, target.id).id
    assert not core.index_current()
    report = core.index()
    assert report is not None and not report.full
    assert report.indexed == 2  # the shortened story and the new one, nothing else
    hits = core.search(SearchRequest(f'"{phrase}"')).hits
    new_story = core.archive.story_of(new_id)
    assert [h.story_id for h in hits] == [new_story.id]
    bookmark = core.bookmarks.get(story_id)
    assert bookmark is not None
    assert core.story(bookmark.story_id).lead.id == target.id  # still on the start
    assert core.index() is None and core.index_current()
    core.close()

    # a fresh engine on the same index folder finds the corrected text too
    engine = open_engine(tmp_path / "index")
    assert [h.story_id for h in engine.search(SearchRequest(f'"{phrase}"')).hits] == [new_story.id]
    engine.close()


def test_a_damaged_fixes_database_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "fixes.sqlite3"
    path.write_bytes(b"not a database" * 100)
    store = FixStore(path)
    assert store.set_aside is not None and store.set_aside.exists()
    assert store.all() == []
    store.close()
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM fixes").fetchone() == (0,)


def test_fixes_live_per_library_in_the_data_folder(library: Path, tmp_path: Path) -> None:
    from reader.paths import data_dir, fixes_db, library_folders

    mine, default = fixes_db(library_folders(library)), fixes_db(library_folders(None))
    assert mine != default
    assert data_dir() in mine.parents and data_dir() in default.parents
    core = ReaderCore(library, index_root=tmp_path / "index")
    core.load()
    core.set_kind(longest(core.archive).id, "photo")
    assert mine.exists()
    core.close()


# -- surviving improvements of the analysis --------------------------------------------
def test_a_fix_finds_its_article_by_its_words_when_the_id_changed(
    library: Path, tmp_path: Path
) -> None:
    oracle = raw(library)
    target = longest(oracle)
    core = open_core(library, tmp_path)
    made = core.set_kind(target.id, "photo")
    core.close()
    # as if an improved analysis named the article differently: only the words are left
    renamed = dataclasses.replace(made, target=dataclasses.replace(made.target, id="a-old-name"))
    store = FixStore(tmp_path / "renamed.sqlite3")
    store.add(renamed)
    store.close()
    again = open_core(library, tmp_path, fixes="renamed.sqlite3")
    assert [s.status for s in again.fixes()] == [Status.APPLIED]
    assert article(again.archive, target.id).kind is Kind.PHOTO
    again.close()


def test_a_split_the_analysis_now_makes_itself_is_no_problem(library: Path, tmp_path: Path) -> None:
    oracle = raw(library)
    page = max(oracle.pages, key=lambda p: len(p.articles))
    first, second = page.articles[0], page.articles[1]
    # a split of ``first`` at ``second``'s opening, as made on an older analysis
    made = new_fix(
        Op.SPLIT, article_ref(first, page), params={"before": "".join(second.paragraphs)[:6]}
    )
    store = FixStore(tmp_path / "older.sqlite3")
    store.add(made)
    store.close()
    core = open_core(library, tmp_path, fixes="older.sqlite3")
    assert [s.status for s in core.fixes()] == [Status.APPLIED]
    assert all_ids(core.archive) == all_ids(oracle)
    core.close()


def test_a_line_split_finds_the_printed_line_when_the_words_recur() -> None:
    lines = ["子丑寅卯甲乙丙丁，", "辰巳午未申酉戌亥，", "甲乙丙丁天地玄黄。"]
    text = "".join(lines)
    piece = Article("a1", Kind.ARTICLE, [text], source_lines=[0, 1, 2])
    assert split_point(piece, "甲乙丙丁", "\n".join(lines)) == (0, text.rindex("甲乙丙丁"))
    first, second = split_article(piece, "甲乙丙丁", "\n".join(lines), {"a1"})
    assert first.paragraphs == [lines[0] + lines[1]] and first.source_lines == [0, 1]
    assert second.paragraphs == [lines[2]] and second.source_lines == [2]
    assert (first.id, second.id != "a1") == ("a1", True)
    again = split_article(piece, "甲乙丙丁", "\n".join(lines), {"a1"})[1]
    assert again.id == second.id  # deterministic
    with pytest.raises(FixRefused, match="不在段落或行的开头"):
        split_point(piece, "乙丙丁", "\n".join(lines))


def test_a_bookmarked_continued_story_keeps_its_id_through_fixes(
    issue: Path, tmp_path: Path
) -> None:
    oracle = raw(issue)
    first, fourth = two_pages(oracle)
    head = first.articles[0].id
    tail = next(a.id for a in fourth.articles if oracle.story_of(a.id).fragments[0].id == a.id)
    core = open_core(issue, tmp_path)
    if fragments(core.archive, head)[-1] != tail:
        core.link_continuation(head, tail)
    story = core.archive.story_of(head)
    core.bookmarks.add(story)
    core.set_headline(head, title="读者改过的标题")  # continued stories are named by title
    core.set_kind(tail, "notice")
    assert core.archive.story_of(head).id == story.id
    assert core.story(story.id).title == "读者改过的标题"
    assert core.bookmarks.get(story.id) is not None
    core.close()


def test_citations_and_exports_see_the_corrected_story(library: Path, tmp_path: Path) -> None:
    from reader.export import citation, story_markdown, story_text

    oracle = raw(library)
    target = longest(oracle)
    core = open_core(library, tmp_path)
    core.split_article(target.id, paragraph_start(target.paragraphs[1]))
    core.set_headline(target.id, title="读者改过的标题", byline="记者 张三")
    story = core.archive.story_of(target.id)
    assert "读者改过的标题" in citation(story) and "张三" in citation(story)
    assert target.paragraphs[1].strip() not in story_text(story)
    assert "读者改过的标题" in story_markdown(story)
    second = core.archive.story_of(after(core.archive, target.id).id)
    assert target.paragraphs[1].strip() in story_text(second)
    core.close()


def test_a_headline_the_analysis_now_reads_itself_is_no_problem(library: Path) -> None:
    oracle = raw(library)
    target = longest(oracle)
    page = page_of(oracle, target.id)
    fixes = [
        new_fix(Op.TITLE, article_ref(target, page), params={"title": target.title}),
        new_fix(Op.KIND, article_ref(target, page), params={"kind": str(target.kind)}),
    ]
    result = apply_fixes(oracle.pages, fixes)
    assert [s.status for s in result.statuses] == [Status.APPLIED, Status.APPLIED]
    assert not result.corrected and result.pages == oracle.pages


def test_relinking_only_touched_issues_gives_the_same_archive(issue: Path, tmp_path: Path) -> None:
    from reader.archive import assemble

    oracle = raw(issue)
    first, fourth = two_pages(oracle)
    target = longest(oracle)
    core = open_core(issue, tmp_path)
    core.split_article(target.id, paragraph_start(target.paragraphs[1]))
    core.link_continuation(first.articles[-1].id, fourth.articles[-1].id)
    core.set_headline(first.articles[0].id, title="新标题")
    incremental = core.archive
    whole = assemble(incremental.analysed_pages, core.fix_store.all())
    assert archive_json(incremental) == archive_json(whole)
    assert [s.id for s in incremental.stories] == [s.id for s in whole.stories]
    assert [[a.id for a in s.fragments] for s in incremental.stories] == [
        [a.id for a in s.fragments] for s in whole.stories
    ]
    core.close()


def test_undo_takes_back_only_this_sessions_own_steps(library: Path, tmp_path: Path) -> None:
    """Two programs on one library: each one's undo removes its own fixes, never the
    other's; a whole import is one step."""
    oracle = raw(library)
    target = longest(oracle)
    mine = open_core(library, tmp_path)
    theirs = open_core(library, tmp_path)  # the same fixes database
    mine.split_article(target.id, paragraph_start(target.paragraphs[1]))
    theirs.load()
    other = next(a for p in oracle.pages for a in p.articles if a.id != target.id and a.title)
    theirs.set_kind(other.id, "notice")  # stored after mine
    assert [f.op for f in mine.undo_step()] == ["split"]
    assert [f.op for f in theirs.fix_store.all()] == ["kind"]  # theirs stays
    assert mine.undo_step() == [] and not mine.can_undo_fix
    assert [f.op for f in mine.fix_store.all()] == ["kind"]
    assert [f.op for f in mine.redo_step()] == ["split"]
    assert [f.op for f in mine.fix_store.all()] == ["kind", "split"]
    mine.close()
    theirs.close()


def test_an_import_is_undone_in_one_step(library: Path, tmp_path: Path) -> None:
    oracle = raw(library)
    target = longest(oracle)
    author = open_core(library, tmp_path, fixes="author.sqlite3")
    author.split_article(target.id, paragraph_start(target.paragraphs[1]))
    author.set_kind(target.id, "notice")
    author.set_headline(target.id, title="新标题")
    shared = tmp_path / "shared.json"
    assert author.export_fixes(shared) == 3
    author.close()
    reader = open_core(library, tmp_path, fixes="reader.sqlite3")
    analysed = archive_json(reader.archive)
    assert reader.import_fixes(shared) == 3
    assert len(reader.undo_step()) == 3
    assert len(reader.fix_store) == 0 and archive_json(reader.archive) == analysed
    assert len(reader.redo_step()) == 3 and len(reader.fix_store) == 3
    reader.close()
