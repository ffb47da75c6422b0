"""The printed text kept as edits of the folded text comes back exactly, and hits show it."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from reader.archive import load_archive
from reader.bench import _CORPUS_PAGES
from reader.language.normalize import compact
from reader.paths import bundled_library
from reader.search.documents import story_doc
from reader.search.engine import SearchRequest
from reader.search.printed import encode, restore
from reader.search.snippets import make_snippet
from reader.search.whoosh_engine import WhooshEngine

AWKWARD = [
    "",
    "\n",
    "  本报讯\n（记者　张三）２０２４年“生態”……“环境”，ABC/Def-1,000。\n",
    "e\u0301tude ß ﬁ ㈠ ⑴ ℃ №１ \u3000全角空格\t制表\r\n回车",
    "😀𠀀 surrogate pairs “「『quotes』」” 'x' ’y‘",
    "，，：：；；（（））！！？？",  # the usual marks only: no edit at all
    ",:;()!?\"'",  # their ASCII forms: each one an edit
    "a\u0308\u0301 combining marks across characters",
]


def _texts() -> list[str]:
    folders = [bundled_library()] + ([_CORPUS_PAGES] if _CORPUS_PAGES.is_dir() else [])
    return [story_doc(story).text for story in load_archive(folders).stories]


@pytest.mark.parametrize("text", AWKWARD)
def test_awkward_texts_come_back(text: str) -> None:
    kept = encode(text, compact(text))
    got = restore(compact(text), kept["edits"]) if "edits" in kept else kept["text"]
    assert got == text


def test_every_story_comes_back_and_most_as_edits() -> None:
    texts = _texts()
    as_edits = 0
    for text in texts:
        folded = compact(text)
        kept = encode(text, folded)
        if "edits" in kept:
            as_edits += 1
            assert restore(folded, kept["edits"]) == text
            assert len(kept["edits"][1]) < len(text) / 5  # edits, not a second copy
        else:
            assert kept == {"text": text}
    assert len(texts) > 40
    assert as_edits >= 0.9 * len(texts)


def test_no_edit_for_usual_full_width_marks() -> None:
    text = "本报讯，记者：李四；（一）好！好？“引”"
    kept = encode(text, compact(text))
    assert kept["edits"][1] == "”"  # “ is the usual form of ": only the closing one is edited


def test_hits_show_the_printed_text(tmp_path: Path) -> None:
    """Snippets of hits (made from the restored text) equal snippets of the story's text
    as parsed, for a sample of stories found by a piece of their own text."""
    archive = load_archive([bundled_library()])
    printed = {s.id: story_doc(s).text for s in archive.stories}
    engine = WhooshEngine(tmp_path / "ix", workers=1)
    try:
        engine.build(archive)
        rng = random.Random(11)
        checked = 0
        for story_id, text in sorted(printed.items()):
            folded = compact(text)
            if len(folded) < 20:
                continue
            at = rng.randrange(len(folded) - 8)
            needle = folded[at : at + 6]
            if not re.fullmatch(r"[\u4e00-\u9fff]+", needle):
                continue  # punctuation would be query syntax
            results = engine.search(SearchRequest(f'"{needle}"', limit=500))
            hit = next(h for h in results.hits if h.story_id == story_id)
            assert hit.snippet == make_snippet(text, results.needles)
            checked += 1
        assert checked > 20
    finally:
        engine.close()


def test_expected_equals_translating_every_character() -> None:
    """``expected`` puts the marks back with one ``str.replace`` each: the same as
    translating every character, since no mark it puts back is itself replaced."""
    import random

    from reader.search.printed import _EXPECT, _EXPECTED, expected

    assert not set(_EXPECTED.values()) & set(_EXPECTED)
    rng = random.Random(11)
    alphabet = [*_EXPECTED, *_EXPECTED.values(), "生", "态", "a", "1", " ", "…", "."]
    texts = ["".join(rng.choices(alphabet, k=rng.randint(0, 60))) for _ in range(300)]
    for text in [*texts, "", '他说:"好!"(记者)', "'引号'?;"]:
        assert expected(text) == text.translate(_EXPECT), text
