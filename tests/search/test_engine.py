"""The Whoosh engine on real indexes on disk: what it must find, results, updates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from oracle import matching
from pagetext import write_continued_story

from reader.archive import load_archive
from reader.language.normalize import compact
from reader.search.documents import story_doc
from reader.search.engine import SearchRequest, Sort
from reader.search.whoosh_engine import STATE_FILE, WhooshEngine

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
# what the engine must find is what a brute-force scan of the parsed stories finds (the
# layout analysis decides how the pages split into stories, so no count is written here)
ARCHIVE = load_archive([SEEDS])


def expected(*needles: str) -> set[str]:
    """Story ids whose text holds every needle: the oracle."""
    found = set(matching(ARCHIVE, *needles))
    assert found, needles  # an oracle that finds nothing would test nothing
    return found


def ids(engine: WhooshEngine, query: str, **options) -> set[str]:
    results = engine.search(SearchRequest(query, limit=1000, **options))
    assert results.error is None, results.error
    assert results.total == len(results.hits)
    return {hit.story_id for hit in results.hits}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> WhooshEngine:
    engine = WhooshEngine(tmp_path_factory.mktemp("index"), workers=1)
    engine.build(load_archive([SEEDS]))
    yield engine
    engine.close()


def titles(engine: WhooshEngine, query: str, **options) -> list[str]:
    results = engine.search(SearchRequest(query, limit=100, **options))
    assert results.error is None, results.error
    assert results.total == len(results.hits)
    return [hit.title for hit in results.hits]


def test_quoted_phrase_finds_the_stories_that_print_it(engine: WhooshEngine) -> None:
    assert ids(engine, '"生态环境保护"') == expected("生态环境保护")


def test_words_cut_by_a_line_or_column_break_are_found(engine: WhooshEngine) -> None:
    # seed 000 prints 命运共 / (blank line) / 同体 and （PDA） / (blank line) / 产品
    assert ids(engine, "命运共同体") == expected("命运共同体")
    assert (
        ids(engine, "材料（PDA）产品")
        == ids(engine, "材料（PDA）\n产品")
        == expected("材料（PDA）产品")
    )


def test_single_characters_latin_and_numbers(engine: WhooshEngine) -> None:
    assert ids(engine, "煤") == expected("煤")
    assert ids(engine, "BDO") == ids(engine, "bdo") == ids(engine, "ＢＤＯ") == expected("BDO")
    assert ids(engine, "RCEP") == expected("RCEP")
    assert ids(engine, "101.3%") == expected("101.3%")
    assert titles(engine, "2025年") == titles(engine, "２０２５年")


def test_substring_of_a_jieba_word_is_found(engine: WhooshEngine) -> None:
    assert ids(engine, "降解") == expected("降解")  # printed only inside 可降解 and 生物降解


def test_words_must_all_occur_and_or_and_not(engine: WhooshEngine) -> None:
    both = set(titles(engine, "煤 BDO"))
    assert both == set(titles(engine, "煤")) & set(titles(engine, "BDO"))
    either = set(titles(engine, "RCEP OR 充电桩"))
    assert either == set(titles(engine, "RCEP")) | set(titles(engine, "充电桩"))
    assert set(titles(engine, "煤 -BDO")) == set(titles(engine, "煤")) - both
    assert set(titles(engine, '"生态环境保护" -值班电话')) == {
        t for t in titles(engine, '"生态环境保护"') if "值班电话" not in t
    }


def test_field_scopes_and_filters(engine: WhooshEngine) -> None:
    scoped = titles(engine, "title:周金星")
    assert scoped and set(scoped) == {t for t in titles(engine, "周金星") if "周金星" in t}
    bylined = {d.story_id for d in map(story_doc, ARCHIVE.stories) if "谢彬彬" in compact(d.byline)}
    assert bylined and ids(engine, "byline:谢彬彬") == bylined
    assert set(titles(engine, "发展 paper:呼和浩特日报")) <= set(titles(engine, "发展"))
    hits = engine.search(SearchRequest("发展 paper:呼和浩特日报", limit=100)).hits
    assert hits and {h.newspaper for h in hits} == {"呼和浩特日报"}
    june = engine.search(SearchRequest("发展 date:2025-06", limit=100)).hits
    assert june and all(h.date.startswith("2025-06") for h in june)
    assert titles(engine, "发展 page:1") and not titles(engine, "发展 page:3")


def test_panel_filters_equal_query_filters(engine: WhooshEngine) -> None:
    assert titles(
        engine, "发展", newspaper="乌海日报", date_from="2024-01-01", date_to="2024-12-31"
    ) == titles(engine, "发展 paper:乌海日报 date:2024")


def test_sorting_and_paging(engine: WhooshEngine) -> None:
    newest = engine.search(SearchRequest("发展", sort=Sort.NEWEST, limit=100)).hits
    dates = [h.date for h in newest]
    assert dates == sorted(dates, reverse=True)
    as_text = engine.search(SearchRequest("发展", sort="newest", limit=100)).hits  # type: ignore[arg-type]
    assert [h.date for h in as_text] == dates
    oldest = engine.search(SearchRequest("发展", sort=Sort.OLDEST, limit=100)).hits
    assert [h.date for h in oldest] == sorted(dates)
    relevance = engine.search(SearchRequest("发展", limit=100)).hits
    scores = [h.score for h in relevance]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]
    first = engine.search(SearchRequest("发展", limit=5))
    second = engine.search(SearchRequest("发展", offset=5, limit=5))
    assert first.total == second.total == len(relevance)
    assert [h.story_id for h in first.hits + second.hits] == [h.story_id for h in relevance[:10]]


def test_title_matches_rank_first(engine: WhooshEngine) -> None:
    # the oracle: some story is titled with the name (else there is nothing to rank first)
    assert any("周金星" in s.title for s in ARCHIVE.stories)
    assert "周金星" in engine.search(SearchRequest("周金星")).hits[0].title


def test_hits_carry_metadata_and_marked_snippets(engine: WhooshEngine) -> None:
    [hit] = engine.search(SearchRequest("RCEP")).hits
    assert {hit.story_id} == expected("RCEP")
    assert (hit.newspaper, hit.date, hit.pages) == ("乌海日报", "2025-06-23", [1])
    assert hit.article_id.startswith("a") and hit.story_id.startswith("s")
    marked = [hit.snippet.text[s:e] for s, e in hit.snippet.spans]
    assert marked and all(m == "RCEP" for m in marked)
    assert "<mark>RCEP</mark>" in hit.snippet.html()


def test_malformed_query_returns_a_message_not_an_exception(engine: WhooshEngine) -> None:
    results = engine.search(SearchRequest("煤 OR"))
    assert results.error == "“OR”两边都需要搜索词，例如：煤 OR 电。" and results.hits == []


def test_one_hit_per_story_across_pages(tmp_path: Path) -> None:
    write_continued_story(tmp_path / "lib")
    engine = WhooshEngine(tmp_path / "ix", workers=1)
    engine.build(load_archive([tmp_path / "lib"]))
    results = engine.search(SearchRequest("公园 照明"))  # one word on each page
    assert results.total == 1 and results.hits[0].pages == [1, 4]
    engine.close()


def test_words_only_a_continuations_heading_prints_are_found(tmp_path: Path) -> None:
    """The 上接 part repeats the headline with words of its own (…时间巡逻照明两手抓): the
    story is found by them, as by any printed words."""
    folder = write_continued_story(tmp_path / "lib")
    inner = folder / "04.txt"
    text = inner.read_text(encoding="utf-8")
    inner.write_text(text.replace("开放时间\n", "开放时间巡逻照明两手抓\n", 1), encoding="utf-8")
    archive = load_archive([tmp_path / "lib"])
    [story] = [s for s in archive.stories if len(s.fragments) == 2]
    assert story.heading_over(story.fragments[1]) == "巡逻照明两手抓"  # the oracle: as parsed
    engine = WhooshEngine(tmp_path / "ix", workers=1)
    engine.build(archive)
    assert ids(engine, '"照明两手抓"') == {story.id}
    engine.close()


def test_incremental_update_touches_only_what_changed(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    shutil.copytree(SEEDS, library)
    engine = WhooshEngine(tmp_path / "ix", workers=1)
    archive = load_archive([library])
    stories = len(archive.stories)
    first = engine.build(archive)
    assert first.full and first.indexed == stories
    again = engine.update(load_archive([library]))
    assert (again.full, again.indexed, again.removed, again.unchanged) == (False, 0, 0, stories)
    page = library / "002_3e4d958af8c47870.txt"
    edited = page.read_text(encoding="utf-8").replace(
        "保障农区居民温暖过冬。", "保障农区居民安心过冬。"
    )
    page.write_text(edited, encoding="utf-8")
    changed = engine.update(load_archive([library]))
    # the edit is past the opening words the ids derive from: same story, re-indexed in place
    assert (changed.indexed, changed.removed) == (1, 0)
    assert engine.search(SearchRequest("安心过冬")).total == 1
    assert engine.search(SearchRequest("保障农区居民温暖过冬")).total == 0
    before = {s.id for s in load_archive([library]).stories}
    (library / "004_62a9a9b80fba4421.txt").unlink()
    after = load_archive([library])
    removed = engine.update(after)
    assert removed.removed == len(before - {s.id for s in after.stories}) > 0
    assert removed.indexed == 0
    assert engine.search(SearchRequest("paper:呼和浩特日报 发展")).total == 0
    assert {h.newspaper for h in engine.search(SearchRequest("充电桩")).hits} == {"乌海日报"}
    assert engine.document_count() == len(after.stories)
    engine.close()


def test_index_survives_reopening(tmp_path: Path) -> None:
    engine = WhooshEngine(tmp_path, workers=1)
    engine.build(load_archive([SEEDS]))
    engine.close()
    reopened = WhooshEngine(tmp_path, workers=1)
    assert not reopened.needs_build and reopened.messages == []
    assert reopened.search(SearchRequest("煤")).total == len(expected("煤"))
    reopened.close()


def test_schema_version_change_triggers_a_rebuild(tmp_path: Path) -> None:
    engine = WhooshEngine(tmp_path, workers=1)
    engine.build(load_archive([SEEDS]))
    engine.close()
    state = json.loads((tmp_path / STATE_FILE).read_text())
    (tmp_path / STATE_FILE).write_text(json.dumps({**state, "schema": 0}))
    reopened = WhooshEngine(tmp_path, workers=1)
    assert reopened.needs_build and "格式已更新" in reopened.messages[0]
    report = reopened.update(load_archive([SEEDS]))
    assert report.full and reopened.search(SearchRequest("煤")).total == len(expected("煤"))
    reopened.close()


def test_corrupt_index_is_rebuilt_not_fatal(tmp_path: Path) -> None:
    engine = WhooshEngine(tmp_path, workers=1)
    engine.build(load_archive([SEEDS]))
    engine.close()
    for toc in tmp_path.glob("ix-*/_MAIN_*.toc"):
        toc.write_bytes(b"\x00garbage")
    reopened = WhooshEngine(tmp_path, workers=1)
    assert reopened.needs_build and "损坏" in reopened.messages[0]
    assert reopened.search(SearchRequest("煤")).error is not None  # nothing to answer from
    reopened.update(load_archive([SEEDS]))
    assert reopened.search(SearchRequest("煤")).total == len(expected("煤"))
    reopened.close()


def test_unreadable_state_file_is_rebuilt(tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).write_text("{not json")
    engine = WhooshEngine(tmp_path, workers=1)
    assert engine.needs_build and "状态文件" in engine.messages[0]
    engine.close()


def test_parallel_build_matches_in_process_build(tmp_path: Path, monkeypatch) -> None:
    from reader.search import whoosh_engine

    monkeypatch.setattr(whoosh_engine, "POOL_THRESHOLD", 10)  # force the process pool
    archive = load_archive([SEEDS])
    pooled = WhooshEngine(tmp_path / "pool", workers=2)
    pooled.build(archive)
    serial = WhooshEngine(tmp_path / "serial", workers=1)
    serial.build(archive)
    for query in ["煤", '"生态环境保护"', "周金星 调研", "BDO"]:
        a = pooled.search(SearchRequest(query, limit=100))
        b = serial.search(SearchRequest(query, limit=100))
        assert [h.story_id for h in a.hits] == [h.story_id for h in b.hits]
    pooled.close()
    serial.close()


def test_totals_do_not_depend_on_the_page_size(tmp_path: Path) -> None:
    """Whoosh skips blocks that cannot reach a small top-N and then calls its partial count
    exact; our totals must be the real number of matches whatever the page size."""
    from reader.bench import generate_library

    generate_library(tmp_path / "lib", pages=40, seed=3)
    engine = WhooshEngine(tmp_path / "ix", workers=1)
    engine.build(load_archive([tmp_path / "lib"]))
    for query in ["发展", "的", "高质量发展", "乌海 paper:乌海日报", "煤 OR 电", "项目 -建设"]:
        everything = engine.search(SearchRequest(query, limit=10_000))
        assert everything.total == len(everything.hits) > 0
        for sort in Sort:
            assert engine.search(SearchRequest(query, limit=1, sort=sort)).total == everything.total
    engine.close()


def test_worker_chunks_keep_the_order_and_split_the_text_evenly() -> None:
    """Each worker writes one segment of consecutive stories; the runs hold about equal
    text (a worker's time goes by its text), never more runs than workers."""
    import random

    from reader.search.documents import StoryDoc
    from reader.search.whoosh_engine import _even_chunks

    rng = random.Random(4)
    docs = [
        StoryDoc(f"s{i}", f"a{i}", "题", "", "", "字" * rng.randint(10, 6000), None, None, (), "a")
        for i in range(500)
    ]
    longest = max(len(d.text) for d in docs) + 70
    for parts in (1, 2, 3, 8):
        chunks = _even_chunks(docs, parts)
        assert [d for chunk in chunks for d in chunk] == docs and len(chunks) == parts
        sizes = [sum(len(d.text) for d in chunk) for chunk in chunks]
        assert max(sizes) - min(sizes) <= 2 * longest
    assert _even_chunks(docs[:1], 2) == [docs[:1]]


def test_a_phrase_whose_common_bigrams_are_not_read_finds_what_a_scan_finds(
    engine: WhooshEngine,
) -> None:
    """A long bigram list is not read when few candidates are left (their text decides):
    phrases with one rare bigram and another in many times more stories, against the scan."""
    from oracle import story_texts

    from reader.search.docsets import SKIP_RATIO

    texts = [text for _, text, _ in story_texts(ARCHIVE)]

    def stories_with(gram: str) -> int:
        return sum(gram in text for text in texts)

    tried = 0
    for text in texts:
        for start in range(0, len(text) - 5, 37):
            phrase = text[start : start + 5]
            counts = sorted(stories_with(phrase[i : i + 2]) for i in range(4))
            plain = all("\u4e00" <= char <= "\u9fff" for char in phrase)
            if not plain or counts[0] * SKIP_RATIO >= counts[-1]:
                continue  # not the case this guards
            assert ids(engine, f'"{phrase}"') == expected(phrase), phrase
            tried += 1
    assert tried >= 20


def test_a_word_whose_bigram_lists_are_left_unread_finds_what_a_scan_finds(
    engine: WhooshEngine,
) -> None:
    """Where an indexed jieba word proves most candidates, the long bigram lists are not
    read and only the unproven candidates' text is checked: words of three or more
    characters, against the scan."""
    from oracle import story_texts

    from reader.language.segmenter import words

    texts = [text for _, text, _ in story_texts(ARCHIVE)]
    found = sorted({w for text in texts for w in words(text[:400]) if len(w) >= 3})
    plain = [w for w in found if all("\u4e00" <= char <= "\u9fff" for char in w)]
    assert len(plain) >= 20
    for word in plain[:: max(1, len(plain) // 60)]:
        assert ids(engine, word) == expected(word), word


def test_a_head_typed_in_printed_order_finds_its_story(engine: WhooshEngine) -> None:
    """A kicker (引题) or column label is printed above the headline: the whole head copied
    or typed as one phrase finds the story, in all text and in titles (the index held the
    headline first, so the phrase across the two never matched)."""
    checked = 0
    for story in ARCHIVE.stories:
        over = "".join(filter(None, [story.lead.column, story.lead.kicker]))
        if not over:
            continue
        head = compact(over + story.title)
        # a distinctive part: the kicker's end run into the headline's start
        needle = head[len(compact(over)) - 4 : len(compact(over)) + 4]
        assert story.id in ids(engine, needle), needle
        assert story.id in ids(engine, f"title:{needle}"), needle
        checked += 1
    assert checked  # the sample pages print kickers
