"""Normalisation, jieba set-up and snippets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from reader.language.normalize import compact, normalize
from reader.language.segmenter import words
from reader.search.snippets import find_spans, make_snippet


def test_nfkc_and_case_folding() -> None:
    assert normalize("ＢＤＯ２０２４Running") == "bdo2024running"
    assert compact("降\n解 材料") == "降解材料"


def test_words_are_normalised_and_never_stemmed() -> None:
    assert words("Running ＲＣＥＰ") == ["running", "rcep"]


def test_user_dictionary_keeps_newspaper_vocabulary_whole() -> None:
    assert "生态环境保护" in words("中央第二生态环境保护督察组")
    assert "新质生产力" in words("因地制宜发展新质生产力")


def test_jieba_cache_lives_in_the_user_cache_folder(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    code = "from reader.language.segmenter import tokenizer; print(tokenizer().tmp_dir)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    folder = Path(out.stdout.strip())
    assert folder.is_relative_to(tmp_path)
    assert (folder / "prefix-dictionary.slices").stat().st_size > 1_000_000


def test_spans_map_back_to_the_printed_text() -> None:
    text = "今年２０２５年，可降\n解材料产量增长。"
    spans = find_spans(text, ["2025年", "降解"])
    assert [text[s:e] for s, e in spans] == ["２０２５年", "降\n解"]


def test_snippet_window_and_escaping() -> None:
    text = "甲" * 100 + "<b>生态环境</b>" + "乙" * 100
    snippet = make_snippet(text, ["生态环境"])
    assert len(snippet.text) == 80 and snippet.clipped_start and snippet.clipped_end
    html = snippet.html()
    assert "<mark>生态环境</mark>" in html and "&lt;b&gt;" in html and "<b>" not in html


def test_snippet_runs_paragraphs_on_without_a_stray_gap_in_chinese() -> None:
    snippet = make_snippet("举行会谈。\n习近平指出，增长\nGDP\nup 3%。", ["会谈。习近平"])
    assert snippet.text == "举行会谈。习近平指出，增长 GDP up 3%。"
    assert [snippet.text[s:e] for s, e in snippet.spans] == ["会谈。习近平"]
    # a subhead ends in no mark: run on without a gap it read as one sentence with the text
    snippet = make_snippet("全链条预警落地\n面对台风带来的挑战。", ["落地面对"])
    assert snippet.text == "全链条预警落地 面对台风带来的挑战。"
    assert [snippet.text[s:e] for s, e in snippet.spans] == ["落地 面对"]


def test_snippet_without_match_shows_the_opening() -> None:
    snippet = make_snippet("短文。", ["没有"])
    assert (snippet.text, snippet.spans, snippet.clipped_end) == ("短文。", (), False)


def test_analysis_normalises_each_part_once_with_the_same_result() -> None:
    """``analyze`` normalises title, heads, byline and text once each and reuses them for
    words and the exact-match text: the same as normalising every scope on its own."""
    import unicodedata

    from reader.archive import load_archive
    from reader.language.normalize import _FOLD
    from reader.paths import bundled_library
    from reader.search.documents import analyze, story_doc
    from reader.search.schema import TEXT_ENCODING

    tricky = "Ｆｕｌｌ ①② ﬁ 生態“引號”\u3000ＡＢＣ\n降\n解"
    assert normalize(tricky) == unicodedata.normalize("NFKC", tricky).casefold().translate(_FOLD)
    for story in load_archive([bundled_library()]).stories[:40]:
        doc = story_doc(story)
        doc = type(doc)(
            **{**{f: getattr(doc, f) for f in doc.__slots__}, "text": doc.text + tricky}
        )
        fields = analyze(doc)
        head = [doc.over_title, doc.title, doc.heads]  # as printed: kicker over headline
        everything = "\n".join(filter(None, [*head, doc.byline, doc.text]))
        assert fields["norm_all"].decode(TEXT_ENCODING) == compact(everything)
        assert fields["norm_title"].decode(TEXT_ENCODING) == compact(" ".join(filter(None, head)))
        assert fields["body_words"] == words(doc.text)
        assert fields["title_words"] == words(doc.title)


def test_cached_block_words_equal_jieba_cutting_the_whole_text() -> None:
    """``words`` looks up blocks it has cut before; the result must be what jieba gives for
    the whole text at once (the oracle: ``uncached_words``), for every story of the
    samples, mixed scripts and punctuation, a second pass (all hits) and after the cache
    was emptied."""
    from reader.archive import load_archive
    from reader.language import segmenter
    from reader.language.segmenter import uncached_words
    from reader.paths import bundled_library

    texts = [
        "\n".join([s.title, *(p for a in s.fragments for p in a.paragraphs)])
        for s in load_archive([bundled_library()]).stories
    ]
    texts += [
        "Ｆｕｌｌ-width ＡＢＣ123 ①② C++ a.b_c 50% #tag 生態環境“引號”\u3000降\n解",
        "记者 张三 报道：2024年6月1日，乌海市召开会议。记者 张三",
        "",
        "。，！",
    ]
    segmenter._block_words.clear()
    for _ in range(2):
        assert [words(t) for t in texts] == [uncached_words(t) for t in texts]
    assert len(segmenter._block_words) > 1000  # the cache was really used
    segmenter._block_words.clear()
    assert words(texts[0]) == uncached_words(texts[0])


def test_block_cutter_cuts_every_block_as_jieba_does(tmp_path: Path) -> None:
    """The engine's own route search (``BlockCutter``) against ``jieba.cut`` of the same
    block (the oracle), on every Han block of the corpus pages (one extractor's: real
    articles, hard wraps joined or not) and of a generated archive (chain text)."""
    import jieba

    from reader.bench import generate_library
    from reader.language.segmenter import BlockCutter, tokenizer

    corpus = Path(__file__).resolve().parents[1] / "corpus" / "pdfminer" / "pages"
    generated = generate_library(tmp_path, pages=8, seed=11).root
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(generated.rglob("*.txt"))]
    texts += [t.replace("\n", "") for t in texts[:8]]  # blocks across joined hard wraps
    blocks = {b for t in texts for b in jieba.re_han_default.findall(normalize(t))}
    assert len(blocks) > 20_000
    cutter = BlockCutter(tokenizer())
    differing = [b for b in blocks if cutter.cut(b) != list(tokenizer().cut(b))]
    assert differing == []


def test_block_cutter_breaks_ties_as_jieba_does(tmp_path: Path) -> None:
    """Two routes of equal score (甲乙|丙 and 甲|乙丙 with mirrored frequencies): jieba takes
    the longer first word; so must the cutter (a real dictionary rarely ties exactly)."""
    import jieba

    from reader.language.segmenter import BlockCutter

    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("甲乙 5\n乙丙 5\n甲 3\n丙 3\n", encoding="utf-8")
    tiny = jieba.Tokenizer(str(dictionary))
    tiny.tmp_dir = str(tmp_path)
    tiny.initialize()
    for block in ("甲乙丙", "甲乙丙甲乙丙", "丁甲乙丙丁"):
        assert BlockCutter(tiny).cut(block) == list(tiny.cut(block))
    assert BlockCutter(tiny).cut("甲乙丙") == ["甲乙", "丙"]


def _full_snippet(text: str, needles: list[str], width: int = 80):
    """make_snippet as it was: the whole text folded, every span found."""
    from reader.search.snippets import LEAD, Snippet, run_on

    text = run_on(text)
    spans = find_spans(text, needles)
    start = max(0, spans[0][0] - LEAD) if spans else 0
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    inside = tuple(
        (max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start
    )
    return Snippet(text[start:end], inside, start > 0, end < len(text))


def test_snippets_from_a_prefix_equal_snippets_from_the_whole_text() -> None:
    import random

    from reader.archive import load_archive
    from reader.paths import bundled_library

    rng = random.Random(3)
    texts = []
    for story in load_archive([bundled_library()]).stories:
        text = "\n".join(p for a in story.fragments for p in a.paragraphs)
        texts.append(text)
        texts.append(text * 5)  # long stories: matches past the first prefixes
    assert any(len(t) > 3000 for t in texts)
    for text in texts:
        folded = compact(text)
        if len(folded) < 10:
            continue
        for _ in range(6):
            at = rng.choice([rng.randrange(len(folded)), len(folded) - rng.randint(1, 9)])
            needle = folded[at : at + rng.randint(1, 12)]
            needles = [needle, folded[rng.randrange(len(folded))], "不存在的词语"]
            for chosen in (needles[:1], needles):
                assert make_snippet(text, chosen) == _full_snippet(text, chosen), chosen


def test_snippets_with_the_indexed_folded_text_equal_snippets_without(tmp_path: Path) -> None:
    """The engine passes each hit's folded text from the index: same snippets as folding."""
    import random

    from reader.archive import load_archive
    from reader.paths import bundled_library
    from reader.search.docsets import DocSets
    from reader.search.documents import story_doc
    from reader.search.whoosh_engine import WhooshEngine

    archive = load_archive([bundled_library()])
    printed = {story.id: story_doc(story).text for story in archive.stories}
    engine = WhooshEngine(tmp_path / "ix", workers=1)
    try:
        engine.build(archive)
        searcher = engine._searcher()[0]
        docsets = DocSets(searcher)
        rng = random.Random(5)
        checked = 0
        for docnum in searcher.reader().all_doc_ids():
            text = printed[searcher.stored_fields(docnum)["story_id"]]
            if not text:
                continue
            folded = docsets.folded_text(docnum)
            assert folded == compact(text)
            for _ in range(5):
                at = rng.randrange(len(folded))
                needles = [folded[at : at + rng.randint(1, 10)], "不存在的词语"]
                for chosen in (needles[:1], needles[1:], needles):
                    got = make_snippet(text, chosen, folded=folded)
                    assert got == _full_snippet(text, chosen), chosen
                    checked += 1
        assert checked > 100
    finally:
        engine.close()


def test_gram_codes_are_every_character_and_pair_of_the_text() -> None:
    """The n-gram fields are indexed from numbers (``gram_codes``); as strings they are
    every character and every two adjacent characters, counted from the text itself: odd and
    even lengths, characters beyond the BMP (4 bytes in UTF-16, 1 code unit here), NUL."""
    from reader.archive import load_archive
    from reader.language.normalize import gram_codes
    from reader.paths import bundled_library
    from reader.search.documents import analyze, story_doc
    from reader.search.schema import TEXT_ENCODING

    def brute(text: str) -> set[str]:
        return {text[i : i + n] for n in (1, 2) for i in range(len(text) - n + 1)}

    for text in ["", "生", "生态", "生态环", "a😀b\x00c𠀀", "\x00x", "x\x00", "😀"]:
        assert gram_codes(text).texts() == brute(text), text
    for story in load_archive([bundled_library()]).stories[:40]:
        fields = analyze(story_doc(story))
        assert fields["gram"].texts() == brute(fields["norm_all"].decode(TEXT_ENCODING))


def test_block_cache_keeps_recurring_blocks_across_generations(monkeypatch) -> None:
    """A full block cache starts a new generation; a block that recurs is taken from the
    older one instead of being cut again, and its words are jieba's."""
    from reader.language import segmenter

    real = segmenter._cutter
    cut: list[str] = []

    class Counting:
        def cut(self, block: str) -> list[str]:
            cut.append(block)
            return real().cut(block)

    monkeypatch.setattr(segmenter, "BLOCK_CACHE_SIZE", 3)
    monkeypatch.setattr(segmenter, "_cutter", Counting)
    cache = segmenter._BlockWords()
    blocks = ["生态环境保护", "中央第二督察组", "新质生产力", "因地制宜", "生态环境保护"]
    found = [cache[b] for b in blocks]
    assert cut == blocks[:4]  # the fourth started a generation; the fifth came from the older
    assert found[4] == tuple(segmenter.uncached_words("生态环境保护"))
    assert "生态环境保护" in cache
    cache.clear()
    assert cache["生态环境保护"] == found[0] and cut[-1] == "生态环境保护"


def test_folding_by_character_equals_folding_each_character_in_a_loop() -> None:
    """``_fold_map``'s by-character path (two translations and a walk over the irregular
    characters) gives what folding each character in turn gives: the folds joined, and
    each folded character's original index."""
    from reader.search.snippets import _fold_map_by_character, _folded

    texts = [
        "气温28℃……明天 降温",
        "面积３０㎡，\u3000全角ＡＢＣ與繁體“引号”",
        "e\u0301 a\u0308 ①② ½ ﬁ \t\n 末尾…",
        "",
        "   ",
        "…",
    ]
    for text in texts:
        folded, origin = [], []
        for index, char in enumerate(text):
            folded.append(_folded(char))
            origin.extend([index] * len(_folded(char)))
        assert _fold_map_by_character(text) == ("".join(folded), origin), text


def test_snippets_from_a_suffix_equal_snippets_from_the_whole_text(monkeypatch) -> None:
    """Matches deep in long stories are found in a suffix of the text (``_suffix_spans``):
    the same snippets as folding the whole text, also where characters that fold to
    several (…, ℃, ㎡) or to none (spaces, line breaks) come before the match, and where
    so many do that the suffix must be given up."""
    import random

    from reader.archive import load_archive
    from reader.paths import bundled_library
    from reader.search import snippets

    taken = []
    original = snippets._suffix_spans
    monkeypatch.setattr(
        snippets,
        "_suffix_spans",
        lambda *args: taken.append(original(*args)) or taken[-1],
    )
    rng = random.Random(7)
    stories = load_archive([bundled_library()]).stories
    texts = []
    for story in stories[:30]:
        text = "\n".join(p for a in story.fragments for p in a.paragraphs)
        texts += [text * 3, "气温28℃……\n面积３０㎡ " * 40 + text, text + "℃" * 200 + text[:50]]
    for text in texts:
        folded = compact(text)
        if len(folded) < 40:
            continue
        for _ in range(4):
            at = len(folded) - rng.randint(1, len(folded) // 3)
            needles = [folded[at : at + rng.randint(1, 8)], "不存在的词语"]
            for chosen in (needles[:1], needles):
                got = make_snippet(text, chosen, folded=folded)
                assert got == _full_snippet(text, chosen), chosen
    assert sum(spans is not None for spans in taken) > 50
    assert any(spans is None for spans in taken)  # given up where it must be


def test_unknown_words_are_cut_as_jiebas_hmm_cuts_them() -> None:
    """``unknown_words`` (our Viterbi with back pointers) gives ``finalseg.cut``'s words for
    every window of 1-8 characters of the sample stories (Han runs, and runs mixed with
    digits, Latin and punctuation, as the dictionary cut hands over its unknown runs)."""
    from jieba import finalseg

    from reader.archive import load_archive
    from reader.language.segmenter import unknown_words
    from reader.paths import bundled_library

    texts = [
        normalize("".join(p for a in s.fragments for p in a.paragraphs))
        for s in load_archive([bundled_library()]).stories[:40]
    ]
    runs = {t[i : i + size] for t in texts for size in range(1, 9) for i in range(len(t))}
    assert len(runs) > 20_000
    assert any(finalseg.re_han.fullmatch(r) and len(r) > 5 for r in runs)
    for run in sorted(runs):
        assert unknown_words(run) == tuple(finalseg.cut(run)), run
