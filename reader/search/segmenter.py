"""jieba word segmentation, loaded once, cached where another user cannot break it.

jieba's default cache is a 0600 file in the shared temp folder: a second user on the machine
cannot read it and jieba fails for them. We keep the cache in the user's own cache folder,
add a user dictionary of newspaper vocabulary from ``resources/``, and never Porter-stem
(jieba's Whoosh analyzer turns ``Running`` into ``runn``).
"""

from __future__ import annotations

import logging
import sys
import threading
from itertools import chain, compress
from pathlib import Path

import jieba
from platformdirs import user_cache_dir

from reader.search.normalize import meaningful, normalize

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
    the dictionary (about a second).
    """
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            jieba.setLogLevel(logging.WARNING)
            instance = jieba.Tokenizer()
            folder = cache_dir()
            folder.mkdir(parents=True, exist_ok=True)
            instance.tmp_dir = str(folder)
            instance.cache_file = "jieba.cache"
            instance.initialize()
            if user_dictionary().exists():
                instance.load_userdict(str(user_dictionary()))
            _tokenizer = instance
        return _tokenizer


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
BLOCK_CACHE_SIZE = 100_000  # blocks kept (a clause each, mostly): ~25 MB at most


class _BlockWords(dict):
    """block → its meaningful jieba words, remembered.

    Clauses repeat more than one would think: in the sample pages 55 % of the blocks (14 %
    of the characters: dates, numbers, 记者, set phrases) were seen before in the same
    library; a generated archive repeats almost all of its text.
    """

    def __missing__(self, block: str) -> tuple[str, ...]:
        if len(self) >= BLOCK_CACHE_SIZE:
            self.clear()
        cut = list(tokenizer().cut(block))
        found = self[block] = tuple(compress(cut, map(meaningful.__getitem__, cut)))
        return found


_block_words = _BlockWords()
