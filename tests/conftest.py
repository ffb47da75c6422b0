"""Every test runs with its own config, data and cache folders (nothing touches $HOME)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader import paths

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(autouse=True)
def _private_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("home")
    for name, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        folder = home / sub
        folder.mkdir()
        monkeypatch.setenv(name, str(folder))
    monkeypatch.setenv("HOME", str(home))
    # a test that finds the data folder unwritable switches to a temporary one: not for others
    monkeypatch.setattr(paths, "_data_dir_override", None)
    return home


@pytest.fixture
def seeds() -> Path:
    return SEEDS
