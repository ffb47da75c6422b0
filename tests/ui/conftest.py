"""The window on a copy of the sample library, for the UI tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from uiharness import SEEDS, App


@pytest.fixture
def app(qtbot, tmp_path: Path):
    library = tmp_path / "library"
    shutil.copytree(SEEDS, library)
    harness = App(qtbot, tmp_path, library)
    yield harness
    harness.close()
