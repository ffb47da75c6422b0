"""jieba word segmentation, loaded once, cached where another user cannot break it.

jieba's default cache is a 0600 file in the shared temp folder: a second user on the machine
cannot read it and jieba fails for them. We keep the cache in the user's own cache folder,
add a user dictionary of newspaper vocabulary from ``resources/``, and never Porter-stem
(jieba's Whoosh analyzer turns ``Running`` into ``runn``).
"""

from __future__ import annotations

import hashlib
import io
import logging
import marshal
import sys
import threading
from itertools import chain, compress, islice
from math import inf, log
from pathlib import Path
from typing import BinaryIO

import jieba
from jieba import finalseg
from platformdirs import user_cache_dir

from reader.atomic import atomic_write_bytes
from reader.language.normalize import meaningful, normalize

_log = logging.getLogger(__name__)

APP_NAME = "newspaper-reader"
_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None


def resources_dir() -> Path:
    """``resources/`` next to the package, or inside a frozen build."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent.parent / "resources"


def user_dictionary() -> Path:
    return resources_dir() / "jieba_userdict.txt"


def cache_dir() -> Path:
    return Path(user_cache_dir(APP_NAME, appauthor=False)) / "jieba"


def tokenizer() -> jieba.Tokenizer:
    """The process's jieba tokenizer, initialised on first use (thread-safe).

    The UI calls this from a worker thread at start-up so the GUI thread never waits for
    the dictionary (about a second). The prefix dictionary comes from our own cache
    (``load_dictionary``), not jieba's: jieba's is one 9 MB ``marshal.load``, a single C
    call that holds the interpreter lock for 0.1–0.8 s, and the window froze that long
    although the loading ran on a worker thread.
    """
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            jieba.setLogLevel(logging.WARNING)
            instance = jieba.Tokenizer()
            folder = cache_dir()
            folder.mkdir(parents=True, exist_ok=True)
            instance.tmp_dir = str(folder)  # jieba's own cache, should it ever need one
            with instance.get_dict_file() as source:
                instance.FREQ, instance.total = load_dictionary(source, folder / CACHE_NAME)
            instance.initialized = True
            if user_dictionary().exists():
                instance.load_userdict(str(user_dictionary()))
            _tokenizer = instance
        return _tokenizer


# -- the prefix dictionary, cached in slices ----------------------------------------------
CACHE_NAME = "prefix-dictionary.slices"
CACHE_MAGIC = b"RDRPFX1\n"
SLICE_WORDS = 4096  # one slice unmarshals in a few milliseconds


def load_dictionary(source: BinaryIO, cache: Path) -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary of the dictionary file ``source``: word (and every prefix
    of a word, with frequency 0) → frequency, and the total frequency.

    Read from ``cache`` when it was made from the same dictionary bytes (it names their
    SHA-256), else built by jieba's own ``gen_pfdict`` and cached. The cache holds the
    dictionary in slices of ``SLICE_WORDS`` entries that are unmarshalled one at a time,
    so no single C call keeps the interpreter lock for long: between slices the GUI thread
    gets its turn. ``tests/language/test_dictionary_cache.py`` compares the result with
    jieba's.
    """
    data = source.read()
    digest = hashlib.sha256(data).hexdigest()
    try:
        loaded = _read_cache(cache, digest)
    except (OSError, ValueError, EOFError, TypeError) as exc:
        _log.warning("dictionary cache %s unreadable (%s): rebuilt", cache, exc)
        loaded = None
    if loaded is not None:
        return loaded
    freq, total = jieba.Tokenizer.gen_pfdict(io.BytesIO(data))
    try:
        _write_cache(cache, digest, freq, total)
    except OSError as exc:  # a read-only cache folder costs a rebuild next time, no more
        _log.warning("dictionary cache %s not written: %s", cache, exc)
    return freq, total


def _read_cache(cache: Path, digest: str) -> tuple[dict[str, int], int] | None:
    """The cached dictionary, or None when there is none or it is of another dictionary."""
    if not cache.exists():
        return None
    blob = memoryview(cache.read_bytes())
    if blob[: len(CACHE_MAGIC)] != CACHE_MAGIC:
        raise ValueError("not a dictionary cache")
    at = len(CACHE_MAGIC)
    header_size = int.from_bytes(blob[at : at + 8], "little")
    at += 8
    header = marshal.loads(blob[at : at + header_size])
    at += header_size
    if header.get("source") != digest:
        return None
    freq: dict[str, int] = {}
    for size in header["slices"]:
        words, counts = marshal.loads(blob[at : at + size])
        freq.update(zip(words, counts, strict=True))
        at += size
    if len(freq) != header["entries"]:
        raise ValueError("dictionary cache truncated")
    return freq, header["total"]


def _write_cache(cache: Path, digest: str, freq: dict[str, int], total: int) -> None:
    """Write the slices (each its own ``marshal.dumps``, quick) and replace the file at once."""
    entries = iter(freq.items())
    slices = []
    while part := list(islice(entries, SLICE_WORDS)):
        slices.append(marshal.dumps((tuple(w for w, _ in part), tuple(c for _, c in part))))
    header = marshal.dumps(
        {
            "source": digest,
            "total": total,
            "entries": len(freq),
            "slices": [len(s) for s in slices],
        }
    )
    cache.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(
        cache, b"".join([CACHE_MAGIC, len(header).to_bytes(8, "little"), header, *slices])
    )


def words(text: str) -> list[str]:
    """Normalised jieba words of ``text``, without punctuation and spaces."""
    return normalized_words(normalize(text))


def normalized_words(normalized: str) -> list[str]:
    """``words`` of text that is normalised already.

    jieba cuts a text as independent blocks (runs of Han, Latin and digits, split at
    punctuation and spaces: its own ``re_han_default``), so the words of a text are its
    blocks' words in order, and a block seen before is looked up instead of cut again
    (``tests/search/test_text_tools.py`` compares with cutting the whole text).
    """
    blocks = filter(None, _BLOCKS.split(normalized))
    return list(chain.from_iterable(map(_block_words.__getitem__, blocks)))


def uncached_words(text: str) -> list[str]:
    """``words`` as jieba cuts the whole text, without the block cache (what a plain
    implementation does: the benchmark's baseline, and the tests' oracle)."""
    cut = list(tokenizer().cut(normalize(text)))
    return list(compress(cut, map(meaningful.__getitem__, cut)))


_BLOCKS = jieba.re_han_default
_HAN_BLOCK = jieba.re_han_default.fullmatch
BLOCK_CACHE_SIZE = 100_000  # blocks kept a generation (a clause each, mostly): ~25 MB


class _BlockWords(dict):
    """block → its meaningful jieba words, remembered.

    Clauses repeat more than one would think: in the sample pages 55 % of the blocks (14 %
    of the characters: dates, numbers, 记者, set phrases) were seen before in the same
    library; a generated archive repeats almost all of its text.

    When full, the cache becomes the older generation and a new one starts; a block found
    in the older one moves to the new one. So the blocks that keep recurring survive (a
    full clear lost them too: a build's worker met 125,000 different blocks in 300 pages
    and cut each recurring one again after every clear), at twice the memory at most.
    """

    def __init__(self) -> None:
        super().__init__()
        self.older: dict[str, tuple[str, ...]] = {}

    def __missing__(self, block: str) -> tuple[str, ...]:
        found = self.older.get(block)
        if found is None:
            if _HAN_BLOCK(block) and block.isalnum():
                # letters and digits only (no +#&._%-): every word of it is meaningful
                found = tuple(_cutter().cut(block))
            else:
                cut = _cutter().cut(block) if _HAN_BLOCK(block) else list(tokenizer().cut(block))
                found = tuple(compress(cut, map(meaningful.__getitem__, cut)))
        if len(self) >= BLOCK_CACHE_SIZE:
            self.older = dict(self)
            super().clear()
        self[block] = found
        return found

    def clear(self) -> None:
        self.older = {}
        super().clear()


_block_words = _BlockWords()


class _LogProbability(dict):
    """word → log(its dictionary frequency, or 1) − log(total): jieba's word score,
    computed once per word instead of once per candidate (the same float operations, so
    the same scores)."""

    def __init__(self, freq: dict[str, int], total: int) -> None:
        super().__init__()
        self.freq = freq
        self.log_total = log(total)

    def __missing__(self, word: str) -> float:
        score = self[word] = log(self.freq.get(word) or 1) - self.log_total
        return score


_NOT_A_WORD = -inf


def _route_scores(freq: dict[str, int], log_total: float) -> dict[str, float]:
    """Every dictionary entry's word score (``_LogProbability``'s float), -inf for a prefix
    that is not a word (frequency 0): one look-up per candidate in the route search instead
    of a frequency and a score look-up. The ~500,000 entries have ~5,000 distinct
    frequencies: their scores are worked out once each and handed out by a C-level
    ``map`` (0.1 s once per process, against 0.25 s entry by entry)."""
    by_count = {count: log(count) - log_total for count in set(freq.values()) if count}
    by_count[0] = _NOT_A_WORD
    return dict(zip(freq, map(by_count.__getitem__, freq.values()), strict=True))


class BlockCutter:
    """jieba's accurate mode (with its HMM for unknown words) for one Han block.

    A block is what ``jieba.cut`` hands its ``__cut_DAG`` (a run matching
    ``re_han_default``); calling that per block through ``cut`` cost a generator, a
    regex split and a match per block, and jieba's route search scores every candidate
    with a fresh ``log`` and tuple. This computes the same most probable route — the
    dictionary's prefix walk from each character, the best-scoring word to the end of the
    block with ties to the longer word — in one backward pass, and the same treatment of
    runs of single characters (kept, or re-cut by jieba's own ``finalseg`` when the run is
    not a dictionary word). ``tests/search/test_text_tools.py`` compares its words with
    ``jieba.cut`` on the sample and corpus pages and on generated text.
    """

    def __init__(self, jieba_tokenizer: jieba.Tokenizer) -> None:
        self.freq: dict[str, int] = jieba_tokenizer.FREQ
        self.score = _LogProbability(self.freq, jieba_tokenizer.total)
        self.routes = _route_scores(self.freq, self.score.log_total)

    def _ends(self, block: str) -> list[int]:
        """For each start, the end of the best word there (best: the highest total score
        from there to the end of the block)."""
        route = self.routes.get
        n = len(block)
        total = [0.0] * (n + 1)
        ends = [0] * n
        for start in range(n - 1, -1, -1):
            best = _NOT_A_WORD
            end = stop = start + 1
            piece = block[start]
            # every prefix of a dictionary word is in the dictionary; a prefix that is not
            # itself a word scores -inf, below any word (ties: the longer word)
            while (value := route(piece)) is not None:
                value += total[stop]
                if value >= best:
                    best, end = value, stop
                if stop >= n:
                    break
                stop += 1
                piece = block[start:stop]
            if best == _NOT_A_WORD:  # no word starts here: the character alone
                best = self.score[block[start]] + total[start + 1]
                end = start + 1
            total[start] = best
            ends[start] = end
        return ends

    def cut(self, block: str) -> list[str]:
        ends = self._ends(block)
        words: list[str] = []
        singles = ""  # a run of one-character words, decided when it ends
        at, n = 0, len(block)
        while at < n:
            end = ends[at]
            if end - at == 1:
                singles += block[at]
            else:
                if singles:
                    self._singles(singles, words)
                    singles = ""
                words.append(block[at:end])
            at = end
        if singles:
            self._singles(singles, words)
        return words

    def _singles(self, run: str, words: list[str]) -> None:
        if len(run) == 1:
            words.append(run)
        elif not self.freq.get(run):
            words.extend(_unknown_words[run])
        else:
            words.extend(run)


class _UnknownWords(dict):
    """run of single characters → jieba's HMM cut of it (``finalseg.cut``), remembered: a
    name or place the dictionary lacks recurs in many different clauses."""

    def __missing__(self, run: str) -> tuple[str, ...]:
        if len(self) >= BLOCK_CACHE_SIZE:
            self.clear()
        found = self[run] = unknown_words(run)
        return found


def unknown_words(run: str) -> tuple[str, ...]:
    """``tuple(finalseg.cut(run))``: its Han blocks cut by ``hmm_cut``, the rest split as
    finalseg splits it (runs of letters and digits, and what lies between)."""
    if finalseg.Force_Split_Words:  # none unless someone adds them: jieba's own way
        return tuple(finalseg.cut(run))
    words: list[str] = []
    for block in _SPLIT_HAN(run):
        if _IS_HAN(block):
            words += hmm_cut(block)
        else:
            words += filter(None, _SPLIT_SKIP(block))
    return tuple(words)


_SPLIT_HAN = finalseg.re_han.split
_IS_HAN = finalseg.re_han.match
_SPLIT_SKIP = finalseg.re_skip.split
_MIN = finalseg.MIN_FLOAT


def hmm_cut(run: str) -> tuple[str, ...]:
    """``finalseg.cut`` of a run of Han characters: the same Viterbi path over jieba's
    B/M/E/S model (the same float sums in the same order, ties to the later state name as
    ``max`` of jieba's (score, state) pairs breaks them), with back pointers instead of a
    copied path list per state and character: 3x faster on the ~16,000 unknown runs of
    300 generated pages, which were a seventh of cutting them.
    ``tests/search/test_text_tools.py`` compares it with ``finalseg.cut``."""
    start, trans, emit = finalseg.start_P, finalseg.trans_P, finalseg.emit_P
    em_b, em_m, em_e, em_s = (emit[state].get for state in "BMES")
    t_eb, t_sb = trans["E"].get("B", _MIN), trans["S"].get("B", _MIN)
    t_mm, t_bm = trans["M"].get("M", _MIN), trans["B"].get("M", _MIN)
    t_ss, t_es = trans["S"].get("S", _MIN), trans["E"].get("S", _MIN)
    t_be, t_me = trans["B"].get("E", _MIN), trans["M"].get("E", _MIN)
    first = run[0]
    v_b = start["B"] + em_b(first, _MIN)
    v_m = start["M"] + em_m(first, _MIN)
    v_e = start["E"] + em_e(first, _MIN)
    v_s = start["S"] + em_s(first, _MIN)
    back = []  # per character after the first: the previous state of B, M, E, S
    for char in run[1:]:
        e_b, e_m, e_e, e_s = em_b(char, _MIN), em_m(char, _MIN), em_e(char, _MIN), em_s(char, _MIN)
        from_e, from_s = v_e + t_eb + e_b, v_s + t_sb + e_b
        n_b, p_b = (from_e, "E") if from_e > from_s else (from_s, "S")
        from_m, from_b = v_m + t_mm + e_m, v_b + t_bm + e_m
        n_m, p_m = (from_b, "B") if from_b > from_m else (from_m, "M")
        from_b, from_m = v_b + t_be + e_e, v_m + t_me + e_e
        n_e, p_e = (from_b, "B") if from_b > from_m else (from_m, "M")
        from_s, from_e = v_s + t_ss + e_s, v_e + t_es + e_s
        n_s, p_s = (from_e, "E") if from_e > from_s else (from_s, "S")
        back.append({"B": p_b, "M": p_m, "E": p_e, "S": p_s})
        v_b, v_m, v_e, v_s = n_b, n_m, n_e, n_s
    state = "E" if v_e > v_s else "S"
    states = [state]
    for pointers in reversed(back):
        state = pointers[state]
        states.append(state)
    states.reverse()
    return _words_of_states(run, states)


def _words_of_states(run: str, states: list[str]) -> tuple[str, ...]:
    """``finalseg.__cut``'s words from the characters' states."""
    words = []
    begin = after = 0
    for i, state in enumerate(states):
        if state == "B":
            begin = i
        elif state == "E":
            words.append(run[begin : i + 1])
            after = i + 1
        elif state == "S":
            words.append(run[i])
            after = i + 1
    if after < len(run):
        words.append(run[after:])
    return tuple(words)


_unknown_words = _UnknownWords()


_block_cutter: BlockCutter | None = None


def warm_up() -> None:
    """Load what ``normalized_words`` needs (the dictionary, the route table) now."""
    _cutter()


def route_ends(block: str) -> list[int]:
    """For each start in a Han block (a run of ``re_han_default``), where jieba's best
    route (the one its cut without the HMM walks) puts the end of the word there."""
    return _cutter()._ends(block)


def _cutter() -> BlockCutter:
    global _block_cutter
    jieba_tokenizer = tokenizer()
    if _block_cutter is None or _block_cutter.freq is not jieba_tokenizer.FREQ:
        _block_cutter = BlockCutter(jieba_tokenizer)
    return _block_cutter
