"""Shared, read-only fixtures of the search tests: the seed archive and one index of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.archive import Archive, load_archive
from reader.search.whoosh_engine import WhooshEngine

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"


@pytest.fixture(scope="session")
def seeds_archive() -> Archive:
    return load_archive([SEEDS])


@pytest.fixture(scope="session")
def seeds_engine(tmp_path_factory: pytest.TempPathFactory, seeds_archive) -> WhooshEngine:
    """An index of the seeds on disk; tests only search it."""
    engine = WhooshEngine(tmp_path_factory.mktemp("seeds-index"), workers=1)
    engine.build(seeds_archive)
    yield engine
    engine.close()
