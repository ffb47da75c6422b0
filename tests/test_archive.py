"""The loaded archive: ids unique across the library, so an update equals a rebuild."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

from pagetext import column, page, write_continued_story

from reader.archive import load_archive
from reader.bench import generate_library
from reader.library import library_stamp
from reader.search.engine import SearchRequest
from reader.search.whoosh_engine import WhooshEngine


def test_ids_are_unique_and_stable_on_a_generated_library(tmp_path: Path) -> None:
    # Generated pages repeat sample articles, so continued stories of one issue often share
    # a headline: before ids were made unique, 120 pages gave 9 story ids shared by two.
    root = generate_library(tmp_path, pages=120, seed=7).root
    archive = load_archive([root])
    story_ids = Counter(story.id for story in archive.stories)
    article_ids = Counter(a.id for page in archive.pages for a in page.articles)
    assert max(story_ids.values()) == 1 and max(article_ids.values()) == 1
    again = load_archive([root])
    assert [s.id for s in again.stories] == [s.id for s in archive.stories]


def test_an_incremental_update_equals_a_clean_rebuild(tmp_path: Path) -> None:
    root = generate_library(tmp_path / "lib", pages=30, seed=7).root
    held_back = sorted(root.rglob("*.txt"))[len(list(root.rglob("*.txt"))) // 2]
    aside = tmp_path / "aside.txt"
    shutil.move(held_back, aside)
    updated = WhooshEngine(tmp_path / "updated", workers=1)
    updated.update(load_archive([root]))
    shutil.move(aside, held_back)
    archive = load_archive([root])
    updated.submit_update(archive, None, library_stamp([root])).result()
    clean = WhooshEngine(tmp_path / "clean", workers=1)
    clean.update(archive)
    stories = len(archive.stories)
    assert len({s.id for s in archive.stories}) == stories  # one document per story
    assert updated.document_count() == clean.document_count() == stories
    for query in ("发展", "煤", "乌海", "项目建设", "公园"):
        request = SearchRequest(query, limit=1000)
        got = [(h.story_id, h.title) for h in updated.search(request).hits]
        want = [(h.story_id, h.title) for h in clean.search(request).hits]
        assert sorted(got) == sorted(want), query
    updated.close()
    clean.close()


def test_stepping_through_articles_pages_and_issues(tmp_path: Path) -> None:
    root = generate_library(tmp_path, pages=24, seed=3).root
    archive = load_archive([root])
    first_page = min(
        (p for p in archive.pages if p.articles),
        key=lambda p: (p.meta.newspaper, p.meta.date, p.meta.page),
    )
    ids = [a.id for a in first_page.articles]
    walked = [ids[0]]
    while (step := archive.step_article(walked[-1], 1)) is not None:
        walked.append(step)
    assert walked == ids and archive.step_article(ids[0], -1) is None
    # pages of one issue in page order, then nothing
    issue = [p for p in archive.pages if p.meta.issue_key == first_page.meta.issue_key]
    numbers = []
    current = ids[0]
    while current is not None:
        numbers.append(archive.page_of(current).meta.page)
        current = archive.step_page(current, 1)
    assert numbers == sorted(p.meta.page for p in issue)
    # the next issue of the same paper is the next date that paper has
    nxt = archive.page_of(archive.step_issue(ids[0], 1))
    dates = sorted(
        {p.meta.date for p in archive.pages if p.meta.newspaper == first_page.meta.newspaper}
    )
    assert nxt.meta.newspaper == first_page.meta.newspaper
    assert nxt.meta.date == dates[dates.index(first_page.meta.date) + 1] and nxt.meta.page == 1
    assert archive.step_issue(ids[0], -1) is None


UNRELATED = page(
    "城区首条自行车专用道通车",
    column(["本报讯 昨日，城区首条自行车专用道正式通车，全长八公里，连接三个居民区。"]),
)


def test_jump_lines_not_answered_on_a_page_the_library_has_are_listed(tmp_path: Path) -> None:
    folder = write_continued_story(tmp_path)
    assert load_archive([tmp_path]).unjoined() == []  # page 4 goes on with the story
    (folder / "04.txt").write_text(UNRELATED, encoding="utf-8")
    [place] = load_archive([tmp_path]).unjoined()
    assert (place.marker, place.other, place.page.meta.page) == ("下转", 4, 1)
    assert "公园" in place.article.text
    (folder / "04.txt").unlink()
    assert load_archive([tmp_path]).unjoined() == []  # a page not in the library: no problem


def test_the_item_printed_under_shang_jie_is_offered_first_to_join_by_hand(
    tmp_path: Path,
) -> None:
    """接续到… offers first the page's item printed under 上接 this page, not the first
    item of the page (trial: the obvious candidate was neither first nor marked)."""
    folder = write_continued_story(tmp_path)
    answer = (
        "园林部门答复市民来信\n（上接第1版）来信反映的问题已转交有关单位办理，答复期限十五天。\n"
    )
    (folder / "04.txt").write_text(UNRELATED + "\n" + answer, encoding="utf-8")
    archive = load_archive([tmp_path])
    unjoined = archive.unjoined()  # not joined by the analysis: the words do not fit
    assert sorted(u.marker for u in unjoined) == ["上接", "下转"]  # each side is listed
    place = next(u for u in unjoined if u.marker == "下转")
    choices = archive.continuation_choices(place.article.id)
    assert choices[0][0].continued_from == 1 and "来信" in choices[0][0].text
    issue = place.page.meta.issue_key
    others = {
        a.id
        for p in archive.pages
        if p is not place.page and p.meta.issue_key == issue
        for a in p.articles
    }
    assert {a.id for a, _ in choices} == others  # every other item is still offered


def test_reading_pages_leaves_no_reference_cycles(tmp_path: Path) -> None:
    """Pages are read with the cyclic collector paused: any cycle the analysis makes is kept
    until the whole library is read. Two did (a fit holding itself, a nested function
    calling itself) and the bench's peak memory went from 334 MB to 1,456 MB."""
    import gc

    from reader.layout.page import analyze_page

    generate_library(tmp_path / "library", 12)
    corpus = Path(__file__).resolve().parent / "corpus"
    texts = [p.read_text(encoding="utf-8") for p in sorted((tmp_path / "library").rglob("*.txt"))]
    for extractor in ("pdfminer", "pdftotext", "pdfium"):
        pages = sorted((corpus / extractor / "pages").rglob("*.txt"))[:8]
        texts += [p.read_text(encoding="utf-8") for p in pages]
    analyze_page(texts[0], "warm")  # caches and dictionaries filled first
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for number, text in enumerate(texts):
            analyze_page(text, f"cycles|{number}")
        assert gc.collect() == 0  # nothing the analysis left was unreachable but for cycles
    finally:
        if was_enabled:
            gc.enable()
