"""Our sliced cache of jieba's prefix dictionary: the same dictionary jieba builds, loaded
in slices, rebuilt when the dictionary file changes."""

from __future__ import annotations

import io
import marshal
from pathlib import Path

import jieba

from reader.language import segmenter
from reader.language.segmenter import CACHE_MAGIC, SLICE_WORDS, load_dictionary


def _jieba_own(data: bytes) -> tuple[dict[str, int], int]:
    return jieba.Tokenizer.gen_pfdict(io.BytesIO(data))


def _slice_sizes(cache: Path) -> list[int]:
    blob = cache.read_bytes()
    at = len(CACHE_MAGIC)
    size = int.from_bytes(blob[at : at + 8], "little")
    return marshal.loads(blob[at + 8 : at + 8 + size])["slices"]


def test_cached_dictionary_equals_jiebas_own(tmp_path: Path) -> None:
    with jieba.Tokenizer().get_dict_file() as stream:
        data = stream.read()
    expected = _jieba_own(data)
    cache = tmp_path / "dict.slices"
    built = load_dictionary(io.BytesIO(data), cache)  # no cache yet: built and written
    assert cache.exists()
    loaded = load_dictionary(io.BytesIO(data), cache)  # read back from the cache
    assert built == expected
    assert loaded == expected
    assert len(_slice_sizes(cache)) == -(-len(expected[0]) // SLICE_WORDS)


def test_the_process_tokenizer_equals_jiebas_own_with_the_user_words(tmp_path: Path) -> None:
    instance = segmenter.tokenizer()
    assert (Path(instance.tmp_dir) / segmenter.CACHE_NAME).exists()
    own = jieba.Tokenizer()  # initialised jieba's way: its marshal cache, its user words
    own.tmp_dir = str(tmp_path)
    own.initialize()
    own.load_userdict(str(segmenter.user_dictionary()))
    assert instance.FREQ == own.FREQ
    assert instance.total == own.total
    assert instance.FREQ.get("新质生产力")  # from resources/jieba_userdict.txt


def test_cache_is_rebuilt_when_the_dictionary_changes(tmp_path: Path) -> None:
    cache = tmp_path / "dict.slices"
    first = "报纸 30 n\n阅读器 5 n\n".encode()
    assert load_dictionary(io.BytesIO(first), cache) == _jieba_own(first)
    changed = "报纸 30 n\n阅读器 5 n\n新词汇 7 n\n".encode()
    freq, total = load_dictionary(io.BytesIO(changed), cache)
    assert (freq, total) == _jieba_own(changed)
    assert freq["新词汇"] == 7 and freq["新词"] == 0
    assert load_dictionary(io.BytesIO(changed), cache) == _jieba_own(changed)


def test_a_damaged_cache_is_rebuilt(tmp_path: Path) -> None:
    data = "报纸 30 n\n阅读器 5 n\n".encode()
    cache = tmp_path / "dict.slices"
    load_dictionary(io.BytesIO(data), cache)
    cache.write_bytes(cache.read_bytes()[:-5])  # cut short
    assert load_dictionary(io.BytesIO(data), cache) == _jieba_own(data)
    assert load_dictionary(io.BytesIO(data), cache) == _jieba_own(data)  # and rewritten
    assert list(tmp_path.iterdir()) == [cache]  # no temporary file left behind
