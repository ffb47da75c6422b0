"""Every test runs with its own config and data folders (nothing touches $HOME), and one
cache folder for the session.

The cache holds only jieba's prefix dictionary (named by the dictionary's digest, written
atomically, ``reader.language.segmenter``): a folder per test made every command-line test's
child process build it again (half a second each, for dozens of children). Tests of the
cache itself point it at folders of their own.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from reader import paths

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Child processes (the CLI tests, index workers) compile the package from source on every
# start where bytecode is never written (PYTHONDONTWRITEBYTECODE, set on some machines):
# written once here, read by every child after.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(autouse=True)
def _private_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("home")
    for name, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data")):
        folder = home / sub
        folder.mkdir()
        monkeypatch.setenv(name, str(folder))
    cache = tmp_path_factory.getbasetemp() / "session-cache"
    cache.mkdir(exist_ok=True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("HOME", str(home))
    # a test that finds the data folder unwritable switches to a temporary one: not for others
    monkeypatch.setattr(paths, "_data_dir_override", None)
    return home


@pytest.fixture
def seeds() -> Path:
    return SEEDS
