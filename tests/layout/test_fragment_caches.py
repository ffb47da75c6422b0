"""Shortcuts ``fragments`` takes for speed answer exactly what the plain computation
answers: each is compared with it on the corpus's own text and on random cases
(differential tests, as in ``test_caches``)."""

from __future__ import annotations

import random
from pathlib import Path

from reader.language.segmenter import tokenizer
from reader.layout import fragments
from reader.layout.fragments import MIN_GAIN, _gain, _log_probability, _spans
from reader.layout.text import bigram_set, text_bigram_set, text_bigrams_among

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _corpus_text() -> str:
    """The text of a few corpus pages with their spaces taken out (as a break reads it)."""
    pages = sorted((CORPUS / "pdfminer" / "pages").rglob("*.txt"))[:6]
    pages += sorted((CORPUS / "wuhai" / "pdftotext" / "pages").rglob("*.txt"))[:3]
    return "".join("".join(page.read_text(encoding="utf-8").split()) for page in pages)


def _jieba_route(text: str) -> float:
    """jieba's own best route over the text's word graph: the plain computation."""
    cutter = tokenizer()
    route: dict[int, tuple[float, int]] = {}
    cutter.calc(text, cutter.get_DAG(text), route)
    return route[0][0]


def test_log_probability_is_jiebas_route() -> None:
    text = _corpus_text()
    assert len(text) > 5000
    rng = random.Random(3)
    samples = [text[i : i + rng.randint(1, 9)] for i in rng.sample(range(len(text) - 9), 3000)]
    # unknown characters, Latin letters and digits, and mixed runs
    alphabet = "的了建设能力气象防灾发现早极端天气ABCx1２３，。“”㐀𠀀"
    samples += ["".join(rng.choices(alphabet, k=rng.randint(1, 9))) for _ in range(2000)]
    for sample in samples:
        assert _log_probability.__wrapped__(sample) == _jieba_route(sample), sample


def _spans_plain(tail: str, head: str) -> bool:
    """Some run of the tail's last characters and the head's first is a word."""
    words = tokenizer().FREQ
    head = head.lstrip()
    return any(
        words.get(tail[start:] + head[:stop])
        for start in range(len(tail))
        for stop in range(1, len(head) + 1)
    )


def test_a_break_no_word_spans_gains_nothing() -> None:
    text = _corpus_text()
    rng = random.Random(4)
    spanned = 0
    for cut in rng.sample(range(4, len(text) - 4), 4000):
        tail, head = text[cut - 4 : cut], text[cut : cut + 4]
        assert _spans(tail, head) == _spans_plain(tail, head)
        gain = _gain(tail, head)
        if not _spans(tail, head):
            assert abs(gain) < 1e-9, (tail, head)
        spanned += _spans(tail, head)
        # the pre-check never changes the answer to "does a word run across"
        assert (_spans(tail, head) and gain >= MIN_GAIN) == (gain >= MIN_GAIN)
    assert 0 < spanned < 4000


def test_word_gain_still_reads_a_word_across_a_break() -> None:
    assert fragments.word_gain("提高能力建", "设，推动") >= MIN_GAIN
    assert fragments.word_gain("气象", "防灾") < MIN_GAIN


def test_a_text_folded_whole_has_the_bigrams_of_its_lines_folded_one_by_one() -> None:
    pages = sorted((CORPUS / "pdfminer" / "pages").rglob("*.txt"))[:8]
    pages += sorted((CORPUS / "wuhai" / "pdftotext" / "pages").rglob("*.txt"))[:4]
    rng = random.Random(6)
    checked = 0
    for page in pages:
        lines = page.read_text(encoding="utf-8").splitlines()
        for _ in range(40):
            start = rng.randrange(len(lines))
            piece = "\n".join(lines[start : start + rng.randint(1, 12)])
            assert text_bigram_set(piece) == bigram_set(piece)
            checked += 1
    # full-width forms, letters that NFKC and lower-casing change, spaces at the edges
    for piece in ["  Ｅ－ｐａｃｋ技术\n（ＡＢＣ）", "ﬁ\nＳＴＥＰ ２", "\u3000市 人 民\n政 府 "]:
        assert text_bigram_set(piece) == bigram_set(piece)
    assert checked == 40 * len(pages)


def test_the_bigrams_a_text_has_among_some_are_those_of_its_own_set() -> None:
    """The leftover pairing reads of most pieces only the words its openings have."""
    pages = sorted((CORPUS / "pdfminer" / "pages").rglob("*.txt"))[:6]
    pages += sorted((CORPUS / "wuhai" / "pdftotext" / "pages").rglob("*.txt"))[:3]
    rng = random.Random(8)
    pieces = []
    for page in pages:
        lines = page.read_text(encoding="utf-8").splitlines()
        for _ in range(30):
            start = rng.randrange(len(lines))
            pieces.append("\n".join(lines[start : start + rng.randint(1, 12)]))
    pieces += [
        "  Ｅ－ｐａｃｋ技术\n（ＡＢＣ）",
        "ﬁ\nＳＴＥＰ ２",
        "\u3000市 人 民\n政 府 ",
        "",
        "a",
        "的",
    ]
    shared = 0
    for piece in pieces:
        # the words of another piece, with some of this one's and some no text has
        other = text_bigram_set(rng.choice(pieces))
        own = sorted(text_bigram_set(piece))
        words = other | frozenset(rng.sample(own, len(own) // 2)) | {-1, 0, 2**63}
        among = text_bigrams_among(piece, words)
        assert among == words & text_bigram_set(piece), piece
        assert isinstance(among, frozenset)
        shared += bool(among)
    assert 0 < shared < len(pieces)


def _left_open_plain(text: str) -> list[int]:
    depths = []
    for opener, closer in fragments._PAIRS:
        depth = 0
        for ch in text:
            if ch == opener:
                depth += 1
            elif ch == closer and depth:
                depth -= 1
        depths.append(depth)
    return depths


def _closes_plain(text: str) -> list[int]:
    counts = []
    for opener, closer in fragments._PAIRS:
        depth = unmatched = 0
        for ch in text:
            if ch == opener:
                depth += 1
            elif ch == closer:
                if depth:
                    depth -= 1
                else:
                    unmatched += 1
        counts.append(unmatched)
    return counts


def test_quotes_and_brackets_are_counted_as_a_full_scan_counts_them() -> None:
    text = _corpus_text()
    rng = random.Random(7)
    samples = [text[i : i + rng.randint(0, 300)] for i in rng.sample(range(len(text)), 1500)]
    marks = "“”（）《》‘’()字"
    samples += ["".join(rng.choices(marks, k=rng.randint(0, 30))) for _ in range(3000)]
    assert any(any(_left_open_plain(sample)) for sample in samples)
    assert any(any(_closes_plain(sample)) for sample in samples)
    for sample in samples:
        assert fragments._left_open(sample) == _left_open_plain(sample), sample
        assert fragments._closes(sample) == _closes_plain(sample), sample


def test_joinable_heads_are_those_some_run_of_the_tail_goes_on_into() -> None:
    text = _corpus_text()
    words = tokenizer().FREQ
    rng = random.Random(8)
    joined = 0
    for cut in rng.sample(range(4, len(text) - 1), 2000):
        tail = text[cut - 4 : cut]
        heads = {text[k] for k in rng.sample(range(len(text)), 30)} | {text[cut]}
        plain = {
            word[-1]
            for word in words.keys() & {tail[i:] + head for i in range(len(tail)) for head in heads}
        }
        got = fragments._joinable(tail, heads, words)
        assert got == plain, tail
        joined += bool(got)
    assert joined > 100
