"""What people paste and type: unbalanced quotes, 简/繁 alike; help when nothing is found;
hits over time. Real indexes on disk; expectations from brute-force search of the archive."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import opencc
import pytest
from oracle import matching, story_texts

from reader.archive import load_archive
from reader.search.engine import SearchRequest
from reader.search.whoosh_engine import WhooshEngine

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
PAGE = SEEDS / "001_b7ca6a2e7b8bb16f.txt"


def printed(text: str) -> str:
    """Text as printed, minus whitespace and NFKC/case: no 简繁 or quote folding."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).casefold())


def raw_matches(archive, *spellings: str) -> list[str]:
    """Stories printing any of the spellings, found without the engine's folding."""
    found = []
    for story in archive.stories:
        text = printed(
            "\n".join(
                [story.title, *(p for a in story.fragments for p in a.paragraphs)]
                + [a.byline or "" for a in story.fragments]
                + [
                    " ".join(filter(None, [a.kicker, a.subtitle, a.column]))
                    for a in story.fragments
                ]
            )
        )
        if any(printed(s) in text for s in spellings):
            found.append(story.id)
    return sorted(found)


@pytest.fixture
def engine(seeds_engine: WhooshEngine) -> WhooshEngine:
    return seeds_engine


def ids(engine: WhooshEngine, query: str) -> list[str]:
    results = engine.search(SearchRequest(query, limit=1000))
    assert results.error is None, results.error
    return sorted(h.story_id for h in results.hits)


# -- unbalanced quotes --------------------------------------------------------------------
def test_a_selection_starting_inside_a_quotation_finds_its_story(
    engine: WhooshEngine, seeds_archive
) -> None:
    checked = 0
    for sid, text, _ in story_texts(seeds_archive):
        at = text.find('"')  # (folded) an opening mark in print
        if at < 0 or len(text) < at + 5:
            continue
        original = next(s for s in seeds_archive.stories if s.id == sid)
        body = printed("".join(p for a in original.fragments for p in a.paragraphs))
        start = body.find("“")
        if start < 0:
            continue
        selection = body[start : start + 4]  # “ and three characters, as copied
        for query in (selection, '"' + selection[1:]):
            found = ids(engine, query)
            assert sid in found
            assert found == sorted(matching(seeds_archive, selection).elements())
        checked += 1
        if checked == 5:
            break
    assert checked == 5


# -- simplified and traditional alike -----------------------------------------------------
@pytest.fixture(scope="module")
def both_scripts(tmp_path_factory: pytest.TempPathFactory):
    """One page as printed in simplified characters, and the same page in traditional."""
    library = tmp_path_factory.mktemp("scripts")
    text = PAGE.read_text(encoding="utf-8")
    (library / "jian.txt").write_text(text, encoding="utf-8")
    (library / "fan.txt").write_text(opencc.OpenCC("s2t").convert(text), encoding="utf-8")
    archive = load_archive([library])
    engine = WhooshEngine(tmp_path_factory.mktemp("index"), workers=1)
    engine.build(archive)
    yield archive, engine
    engine.close()


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [("生态环境保护", "生態環境保護"), ("督察组", "督察組"), ("发展", "發展")],
)
def test_simplified_and_traditional_find_the_same_stories(
    both_scripts, simplified: str, traditional: str
) -> None:
    archive, engine = both_scripts
    expected = raw_matches(archive, simplified, traditional)
    jian = raw_matches(archive, simplified)
    assert jian and len(expected) > len(jian)  # the traditional page prints it too
    assert ids(engine, simplified) == ids(engine, traditional) == expected
    for query in (simplified, traditional):
        hits = engine.search(SearchRequest(query, limit=1000)).hits
        shown = {hit.snippet.text[s:e] for hit in hits for s, e in hit.snippet.spans}
        assert shown == {simplified, traditional}  # marked as printed on each page


# -- zero results help --------------------------------------------------------------------
def test_nothing_found_offers_the_query_without_its_rarest_word(
    engine: WhooshEngine, seeds_archive
) -> None:
    results = engine.search(SearchRequest("督察组 生态 不存在的词语"))
    assert results.total == 0 and results.suggestions
    best = results.suggestions[0]
    assert (best.query, best.kind, best.dropped) == ("督察组 生态", "without", "不存在的词语")
    assert best.total == sum(matching(seeds_archive, "督察组", "生态").values()) > 0
    for suggestion in results.suggestions:
        again = engine.search(SearchRequest(suggestion.query, limit=1000))
        assert again.total == suggestion.total > 0


def test_a_word_copied_with_a_quotation_mark_is_offered_bare(
    engine: WhooshEngine, seeds_archive
) -> None:
    """“有台 (a selection begun inside a quotation) found nothing where 有台 is never quoted:
    the offers were other words with the mark kept, never the word itself."""
    checked = 0
    for word in ("督察组", "生态", "发展", "煤矿", "治理"):
        quoted = "“" + word
        if raw_matches(seeds_archive, quoted) or not raw_matches(seeds_archive, word):
            continue  # printed quoted somewhere, or not printed: not this case
        results = engine.search(SearchRequest(quoted))
        assert results.total == 0
        best = results.suggestions[0]
        assert (best.query, best.kind) == (word, "words")
        assert best.total == len(raw_matches(seeds_archive, word))
        checked += 1
    assert checked >= 2


def test_nothing_found_offers_close_matches_by_characters(
    engine: WhooshEngine, seeds_archive
) -> None:
    results = engine.search(SearchRequest("生态环境保扩"))  # a typo in the last character
    assert results.total == 0
    queries = [s.query for s in results.suggestions]
    assert "生态环境保" in queries or "生态环境" in queries
    for suggestion in results.suggestions:
        expected = sum(matching(seeds_archive, suggestion.query.strip('"')).values())
        assert suggestion.total == expected > 0


def test_words_typed_as_one_run_are_offered_apart(engine: WhooshEngine, seeds_archive) -> None:
    """督察组生态 is printed nowhere; 督察组 and 生态 each are, in the same stories."""
    assert not matching(seeds_archive, "督察组生态")
    expected = sum(matching(seeds_archive, "督察组", "生态").values())
    assert expected > 0  # the case this guards
    results = engine.search(SearchRequest("督察组生态"))
    assert results.total == 0
    best = results.suggestions[0]
    assert (best.query, best.kind, best.total) == ("督察组 生态", "words", expected)


def test_a_run_of_words_offers_itself_without_the_word_found_nowhere(
    engine: WhooshEngine, seeds_archive
) -> None:
    """生态环境保护督查: 督查 is printed nowhere, so the run apart finds nothing either; the
    offer drops that word, not one character (生态环境保护督 would cut a word)."""
    assert not matching(seeds_archive, "督查")
    expected = sum(matching(seeds_archive, "生态环境保护").values())
    assert expected > 0
    results = engine.search(SearchRequest("生态环境保护督查"))
    assert results.total == 0
    dropped = [s for s in results.suggestions if s.kind == "without"]
    assert [(s.query, s.dropped, s.total) for s in dropped] == [("生态环境保护", "督查", expected)]
    assert all(s.query != "生态环境保护督" for s in results.suggestions)


def differs_in_one_character(typed: str, offered: str) -> bool:
    if len(typed) != len(offered):
        return False
    return sum(a != b for a, b in zip(typed, offered, strict=True)) == 1


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("生态环境保护督查", "生态环境保护督察"), ("生态环竟", "生态环境"), ("督察祖", "督察组")],
)
def test_a_word_one_character_off_is_offered_as_the_word_printed(
    engine: WhooshEngine, seeds_archive, typed: str, meant: str
) -> None:
    """The commonest Chinese typing slip is a neighbouring candidate of the input method:
    one character swapped. The word the archive prints is offered first, before dropping
    a word, with what it finds."""
    assert not matching(seeds_archive, typed) and matching(seeds_archive, meant)
    results = engine.search(SearchRequest(typed))
    assert results.total == 0
    best = results.suggestions[0]
    assert (best.query, best.kind) == (meant, "similar")
    # a lone character is never offered for a query of its own (督察祖 without 督察: 祖)
    assert all(len(s.query) > 1 for s in results.suggestions)
    for suggestion in results.suggestions:
        expected = sum(matching(seeds_archive, suggestion.query).values())
        assert suggestion.total == expected > 0
        if suggestion.kind == "similar":
            assert differs_in_one_character(typed, suggestion.query)
            assert suggestion.dropped in typed


def test_found_results_carry_no_suggestions(engine: WhooshEngine) -> None:
    assert engine.search(SearchRequest("煤")).suggestions == []


# -- hits over time -----------------------------------------------------------------------
@pytest.mark.parametrize("query", ["发展", "煤", '"生态环境保护"', "煤 OR 电"])
def test_timeline_counts_every_match_per_month(
    engine: WhooshEngine, seeds_archive, query: str
) -> None:
    results = engine.search(SearchRequest(query, limit=1))  # one hit shown, all counted
    needles = query.replace('"', "").split(" OR ")
    dates = {sid: day for sid, _, day in story_texts(seeds_archive)}
    found: Counter[str] = Counter()
    for needle in needles:
        found |= matching(seeds_archive, needle)
    expected = Counter(dates[sid][:7] for sid in found.elements() if dates[sid])
    assert results.timeline == dict(sorted(expected.items()))
    assert sum(results.timeline.values()) <= results.total
