"""Shortcuts the layout analysis takes for speed must answer exactly what the plain
computation answers: each is compared with it on the corpus's own pages and on random
cases (differential tests)."""

from __future__ import annotations

import math
import random
from itertools import pairwise
from pathlib import Path

from reader.layout.blocks import Block, Para
from reader.layout.furniture import read_furniture
from reader.layout.headlines import Fit, _Split
from reader.layout.lines import _local_width, _local_widths, _wrap_widths, classify, joins_word
from reader.layout.text import bigram_set, bigrams, cosine, fold, is_cjk
from reader.model import Kind

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _corpus_pages() -> list[str]:
    folders = ["pdfminer", "pdftotext", "pdfium"]
    return [
        page.read_text(encoding="utf-8")
        for folder in folders
        for page in sorted((CORPUS / folder / "pages").rglob("*.txt"))
    ]


def test_local_widths_match_per_line_medians_on_corpus_pages() -> None:
    pages = _corpus_pages()
    assert len(pages) > 30
    for text in pages:
        lines = classify(text, read_furniture(text).lines)
        wraps = _wrap_widths(lines)
        fallbacks = [line.width for line in lines]
        expected = [_local_width(wraps, pos, fallbacks[pos]) for pos in range(len(lines))]
        got = _local_widths(wraps, fallbacks)
        assert list(map(repr, got)) == list(map(repr, expected))


def test_local_widths_match_per_line_medians_on_random_pages() -> None:
    rng = random.Random(5)
    for _ in range(400):
        count = rng.randint(0, 60)
        # sparse and dense runs of full lines, widths in half ems (as printed)
        density = rng.random()
        places = [pos for pos in range(count) if rng.random() < density]
        wraps = [(pos, rng.randint(20, 50) / 2) for pos in places]
        fallbacks = [rng.randint(0, 50) / 2 for _ in range(count)]
        expected = [_local_width(wraps, pos, fallbacks[pos]) for pos in range(count)]
        assert list(map(repr, _local_widths(wraps, fallbacks))) == list(map(repr, expected))


def _texts_ending_in_notes() -> list[str]:
    """Corpus lines and paragraph tails, and notes and credits as papers print them."""
    lines = [line for text in _corpus_pages() for line in text.splitlines() if line.strip()]
    tails = ["".join(lines[i : i + 3])[-64:] for i in range(0, len(lines), 3)]
    made = [
        "……坚守。（张嘉赫）",
        "……坚守。（张嘉赫）\n",
        "……坚守。(张嘉赫)",
        "图为市民在公园里锻炼。（赵政宇 摄）",
        "游客在景区游玩。 (郭浩 文/图)",
        "游客在景区游玩。图/文 王翔",
        "图/李信君 文/王小宁",
        "文/谢杏莹 图/杜莞榕",
        "摄影/李四",
        "（本报记者 王五 摄）",
    ]
    return lines + tails + made


def test_note_patterns_need_what_the_guards_look_for() -> None:
    """``_breaks``, ``is_terminal`` and ``_take_signature`` search a signature or credit
    pattern only where the text has the characters the pattern needs: wherever a pattern
    matches, its guard holds."""
    from reader.layout.blocks import _BRACKET_ENDS, _CREDIT_TAIL_RE, _SIGNED_RE
    from reader.layout.lines import PHOTO_CREDIT_RE, SLASH_CREDIT_RE, TRAILING_NAME_RE

    found = [0, 0, 0, 0, 0]
    for text in _texts_ending_in_notes():
        if _CREDIT_TAIL_RE.search(text):
            found[3] += 1
            assert "摄" in text or "图" in text, text
            assert "）" in text or ")" in text, text
        if TRAILING_NAME_RE.search(text):
            found[0] += 1
            assert text.endswith(_BRACKET_ENDS), text
        if _SIGNED_RE.search(text):
            found[4] += 1
            assert text.endswith(_BRACKET_ENDS), text
        if PHOTO_CREDIT_RE.search(text):
            found[1] += 1
            assert "摄" in text or "图" in text, text
        if SLASH_CREDIT_RE.search(text):
            found[2] += 1
            assert "/" in text, text
    assert all(found)  # each pattern matched something: the test says something


def test_line_patterns_need_what_the_guards_look_for() -> None:
    """A dateline, a photo credit line, a byline and a subtitle are looked for only in
    lines with the characters each must have: wherever one matches a corpus line, its guard
    holds."""
    from reader.layout.lines import BYLINE_RE, CREDIT_RE, DATELINE_RE, SUBTITLE_RE, _dateline_opens

    made = ["新华社北京6月16日电 记者", "本报讯（记者 王五）", "本报北京6月1日电", "王五 摄"]
    made += ["——记乌海市的一位老师", "－－副题", "-- 副题"]
    found = [0, 0, 0, 0]
    for text in _texts_ending_in_notes() + made:
        head = text[:40]
        if DATELINE_RE.search(head):
            found[0] += 1
            assert "本报" in head or ("社" in head and "电" in head), text
        assert _dateline_opens(text) == bool(DATELINE_RE.search(head))
        if CREDIT_RE.match(text):
            found[1] += 1
            assert "摄" in text or "图" in text, text
        if BYLINE_RE.match(text):
            found[2] += 1
            assert any(word in text for word in ("记者", "通讯", "评论员", "撰稿")), text
        if SUBTITLE_RE.match(text):
            found[3] += 1
            assert text[:1] in "—－-", text
    assert all(found)


def _page_blocks_and_heads(text: str) -> tuple[list, list]:
    from reader.layout.blocks import Block, Head, build_stream

    lines = classify(text, read_furniture(text).lines)
    stream = build_stream(lines, text)
    blocks = [item for item in stream if isinstance(item, Block)]
    heads = [item for item in stream if isinstance(item, Head) and item.titles]
    return blocks, heads


def _score_uncached(fit, head_text: str, block) -> float:
    """``Fit.score`` worked out from the block's words, as first written (no memo)."""
    from reader.layout.headlines import OPENING_CHARS, _block_text
    from reader.layout.text import bigrams, pair_key

    text = _block_text(block)
    wanted = frozenset(map(pair_key, bigrams(head_text)))
    opening = frozenset(map(pair_key, bigrams(text[:OPENING_CHARS])))
    full = frozenset(map(pair_key, bigrams(text)))
    return 0.6 * fit._covered(wanted, opening) + 0.4 * fit._covered(wanted, full)


def test_fit_scores_match_uncached_scores_and_follow_merges() -> None:
    from reader.layout.blocks import Para
    from reader.layout.headlines import Fit, _block_text
    from reader.layout.text import bigram_set

    checked = 0
    for text in _corpus_pages()[::6]:
        blocks, heads = _page_blocks_and_heads(text)
        if len(blocks) < 2 or not heads:
            continue
        fit = Fit(blocks)
        documents = [bigram_set(_block_text(block)) for block in blocks]
        for gram in list(bigram_set(heads[0].match_text))[:20]:  # weights as first written
            frequency = max(1, sum(gram in words for words in documents))
            assert fit.weight(gram) == math.log((len(blocks) + 1) / frequency) ** 2
        for _ in range(2):  # the second round comes from the memo
            for head in heads:
                for block in blocks:
                    assert fit.score(head.match_text, block) == _score_uncached(
                        fit, head.match_text, block
                    )
                    checked += 1
        # a block that grows is scored on its new words once refreshed
        first, second = blocks[0], blocks[1]
        first.paras.extend(Para(p.text, list(p.lines)) for p in second.paras)
        fit.forget(second)
        fit.refresh(first)
        for head in heads:
            assert fit.score(head.match_text, first) == _score_uncached(fit, head.match_text, first)
    assert checked > 1000


def test_bigram_set_is_the_folded_texts_pairs() -> None:
    """The set, made per line (cached) and of numbers, holds exactly the pairs of the
    folded text, whatever spaces stand around it."""
    from reader.layout.text import bigram_set, bigrams, pair_key

    for text in [*_corpus_pages()[:10], "", "a", "ab", "一", "一二", "𠀀𠀁x", "Ａ１ｂ\n二"]:
        expected = frozenset(map(pair_key, bigrams(text)))
        for variant in (text, "  " + text, text + " ", "   " + text.strip() + "  "):
            assert bigram_set(variant) == expected
    assert pair_key("气象") != pair_key("象气")


def test_local_width_cache_answers_as_the_plain_computation() -> None:
    """The widths ``_local_width`` keeps for a page's full lines (several rules ask about
    the same line) are those it works out afresh from a plain list, on each side."""
    for text in _corpus_pages()[::4]:
        lines = classify(text, read_furniture(text).lines)
        wraps = _wrap_widths(lines)
        plain = list(wraps)
        for side in (0, -1, 1, 0):  # asked again: the kept answers
            for pos, line in enumerate(lines):
                kept = _local_width(wraps, pos, line.width, side)
                assert repr(kept) == repr(_local_width(plain, pos, line.width, side))


def _plain_cut_values(paras: list[str], first: str, second: str, fit: Fit) -> list[tuple]:
    """What ``_best_cut`` weighs at each cut, recounted from the parts' texts."""
    values = []
    for cut in range(1, len(paras)):
        head, tail = "\n".join(paras[:cut]), "\n".join(paras[cut:])
        covered = max(
            fit.coverage(first, head) + fit.coverage(second, tail),
            fit.coverage(second, head) + fit.coverage(first, tail),
        )
        values.append((covered, cosine(bigrams(head), bigrams(tail))))
    return values


def _split_cut_values(paras: list[str], first: str, second: str, fit: Fit) -> list[tuple]:
    first_words, second_words = bigram_set(first), bigram_set(second)
    split = _Split([fold(text) for text in paras])
    values = []
    for cut in range(1, len(paras)):
        split.move(cut - 1)
        in_head, in_tail = split.present(first_words | second_words)
        covered = max(
            fit.covered(first_words, in_head) + fit.covered(second_words, in_tail),
            fit.covered(second_words, in_head) + fit.covered(first_words, in_tail),
        )
        values.append((covered, split.cosine()))
    return values


def test_best_cut_counts_moved_across_the_cut_equal_a_recount() -> None:
    """``_best_cut`` moves each paragraph's bigram counts across the cut instead of
    recounting both parts: every cut's coverage and cosine equal the recount's, also with
    paragraphs that fold to nothing (punctuation only) and pairs across the breaks."""
    rng = random.Random(11)
    pool = [text for text in _corpus_pages()[:12] for text in text.split("\n") if text.strip()]
    for _ in range(60):
        paras = [rng.choice(pool) for _ in range(rng.randint(2, 9))]
        for _ in range(rng.randint(0, 2)):
            paras.insert(rng.randrange(len(paras) + 1), rng.choice(["——", "（）", "。", "A"]))
        block = Block(Kind.ARTICLE, [Para(text, [n]) for n, text in enumerate(paras)])
        fit = Fit([block])
        first, second = rng.choice(pool)[:12], rng.choice(pool)[:12]
        expected = _plain_cut_values(paras, first, second, fit)
        assert _split_cut_values(paras, first, second, fit) == expected


def _corpus_lines() -> list[str]:
    return [line for text in _corpus_pages() for line in text.splitlines()]


def test_visual_width_equals_the_sum_of_character_widths() -> None:
    """The characters outside the wide runs are looked up apart, the spaces among them
    dropped: the width is still every character's width but the spaces', in the same type
    (an empty line is 0)."""
    from reader.layout.text import char_width, visual_width

    made = [
        "",
        " ",
        "\u3000",
        "乌海\u3000日报",
        "市 人 民",
        "BDO 2024年",
        "“三北”工程",
        "\t一\u3000a ",
    ]
    rng = random.Random(3)
    alphabet = "乌海日报，。“”（）Ａ１a1 \u3000\t—…·％℃"
    made += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(500)]
    for text in _corpus_lines() + made:
        expected = sum(map(char_width, "".join(text.split())))
        got = visual_width(text)
        assert got == expected and type(got) is type(expected), text


def test_ends_sentence_strips_closers_as_one_at_a_time() -> None:
    from reader.layout.text import CLOSERS, SENTENCE_END, ends_sentence

    def plain(text: str) -> bool:
        stripped = text.rstrip()
        while stripped and stripped[-1] in CLOSERS:
            stripped = stripped[:-1]
        return bool(stripped) and stripped[-1] in SENTENCE_END

    rng = random.Random(4)
    alphabet = "字。！？…" + CLOSERS + " \t"
    made = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) for _ in range(3000)]
    for text in _corpus_lines() + made:
        assert ends_sentence(text) == plain(text), text


def test_dateline_and_notice_guards_hold_wherever_the_patterns_match() -> None:
    """``opens_with_dateline`` tries ``DATELINE_RE.match`` only where 本 comes first or 社
    within the first seven characters, ``finds_dateline`` its search only where 本 or 社
    is; ``_mark_notices`` tries ``NOTICE_RE`` only where a colon stands after 2 to 12
    characters. Wherever a pattern matches, its guard holds."""
    from reader.layout.lines import DATELINE_RE, NOTICE_RE, finds_dateline, opens_with_dateline

    made = [
        "新华社北京6月16日电 记者",
        "本报讯（记者 王五）",
        "本報北京6月1日電",
        "中国新闻社北京6月1日电",
        "阿拉善盟新闻社北京6月1日电",
        "值班电话：12345",
        "ab:cd",
    ]
    found = [0, 0]
    for text in _corpus_lines() + made:
        if DATELINE_RE.match(text):
            found[0] += 1
        assert opens_with_dateline(text) == bool(DATELINE_RE.match(text)), text
        guarded, plain = finds_dateline(text), DATELINE_RE.search(text)
        assert (guarded and guarded.span()) == (plain and plain.span()), text
        if NOTICE_RE.match(text):
            found[1] += 1
            assert "：" in text[2:13] or ":" in text[2:13], text
    assert all(found)


def test_headline_scores_with_positions_equal_those_looked_up() -> None:
    """``assign`` hands ``_score`` the items' places in the stream, found once: every score
    equals the one worked out by looking the places up."""
    from reader.layout.blocks import Block, Head, build_stream
    from reader.layout.headlines import Fit, _score

    checked = 0
    for text in _corpus_pages()[::4]:
        stream = build_stream(classify(text, read_furniture(text).lines), text)
        blocks = [item for item in stream if isinstance(item, Block)]
        heads = [item for item in stream if isinstance(item, Head) and item.titles]
        fit = Fit(blocks)
        positions: dict[int, int] = {}
        for pos in range(len(stream) - 1, -1, -1):
            positions[id(stream[pos])] = pos
        for head in heads:
            for block in blocks:
                for after_body in (False, True):
                    assert _score(head, block, stream, fit, after_body, positions) == _score(
                        head, block, stream, fit, after_body
                    )
                    checked += 1
    assert checked > 500


def test_lines_are_made_with_their_fields_in_this_order() -> None:
    """``_collect`` makes every line with its fields given by position (faster than by
    keyword): a field put in between would take another's value unnoticed."""
    from dataclasses import fields

    from reader.layout.lines import Line

    names = [field.name for field in fields(Line)]
    assert names[:7] == ["index", "text", "role", "markers", "blank_before", "width", "sources"]


def test_quote_count_counts_each_curly_quote() -> None:
    from reader.layout.lines import _QUOTES, _quote_count

    rng = random.Random(6)
    made = [
        "".join(rng.choice("“”‘’\"'字 ") for _ in range(rng.randint(0, 10))) for _ in range(500)
    ]
    for text in _corpus_lines() + made:
        assert _quote_count(text) == sum(text.count(quote) for quote in _QUOTES), text


def test_pair_set_holds_the_pair_keys() -> None:
    from reader.layout.text import _pair_keys, _pair_set

    rng = random.Random(7)
    made = [
        "".join(rng.choice("一二三ab1𠀀𠀁，") for _ in range(rng.randint(0, 9))) for _ in range(500)
    ]
    for text in _corpus_lines()[:2000] + made:
        assert _pair_set(text) == frozenset(_pair_keys(text)), text


def test_joined_bigram_set_is_the_joined_texts_set() -> None:
    """Texts merged (a subhead and the text after it folded into the text above) get the
    set made from their parts' sets and the pairs across the joins: the same set the
    joined text's own pairs make, also where a part folds to nothing (punctuation only)
    or has spaces around it."""
    from reader.layout.text import _pair_set, joined_bigram_set

    lines = [line for line in _corpus_lines() if line.strip()][::7]
    made = ["", " ", "——", "（）", "  Ａ１ ", "ΟΔΟΣ", "a\u0301", "\u0301b", "  一二  "]
    rng = random.Random(11)
    for _ in range(400):
        parts = [
            "\n".join(rng.choice(lines + made) for _ in range(rng.randint(1, 4)))
            for _ in range(rng.randint(1, 4))
        ]
        joined = "\n".join(parts)
        folded = "".join(fold(line.strip(" ")) for line in joined.strip(" ").split("\n"))
        assert joined_bigram_set(parts) == _pair_set(folded) == bigram_set(joined), parts


def _joins_word_by_jiebas_cut(left: str, right: str) -> bool:
    """A word runs across the break: the break is no word boundary of ``jieba.cut``
    without its HMM on the characters around it (the plain computation)."""
    from reader.language.segmenter import tokenizer
    from reader.layout.lines import _JOIN_REACH

    tail, head = "".join(left.split())[-_JOIN_REACH:], "".join(right.split())[:_JOIN_REACH]
    if not tail or not head or not (is_cjk(tail[-1]) and is_cjk(head[0])):
        return False
    edge, boundaries = 0, set()
    for word in tokenizer().cut(tail + head, HMM=False):
        edge += len(word)
        boundaries.add(edge)
    return len(tail) not in boundaries


def test_joins_word_answers_as_jiebas_cut() -> None:
    import jieba

    from reader.layout.lines import _HAN_BLOCK_RE

    assert f"({_HAN_BLOCK_RE.pattern})" == jieba.re_han_default.pattern  # jieba's blocks
    lines = _corpus_lines()
    rng = random.Random(9)
    pairs = list(pairwise(lines))
    pairs += [(rng.choice(lines), rng.choice(lines)) for _ in range(3000)]
    # cuts inside lines: most of them inside a word
    text = "".join(lines)
    for cut in rng.sample(range(8, len(text) - 8), 4000):
        pairs.append((text[cut - rng.randint(1, 6) : cut], text[cut : cut + rng.randint(1, 6)]))
    # letters, digits and symbols jieba keeps in a block, characters outside its Han range
    # (㐀, 𠀀, 鿿), punctuation, spaces
    alphabet = "的了建设能力气象防灾发现早极端天气多尺度结构ABx1２3+#&._%-，。“ 㐀𠀀鿿"
    for _ in range(3000):
        pairs.append(
            (
                "".join(rng.choices(alphabet, k=rng.randint(1, 7))),
                "".join(rng.choices(alphabet, k=rng.randint(1, 7))),
            )
        )
    joined = 0
    for left, right in pairs:
        assert joins_word(left, right) == _joins_word_by_jiebas_cut(left, right), (left, right)
        joined += joins_word(left, right)
    assert 100 < joined < len(pairs) - 100
