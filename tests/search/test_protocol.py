"""The engine seam: WhooshEngine offers everything the SearchEngine protocol promises."""

from __future__ import annotations

import inspect
from pathlib import Path

from reader.search.engine import SearchEngine, open_engine
from reader.search.whoosh_engine import WhooshEngine


def members(cls: type) -> dict[str, object]:
    own = {}
    for klass in reversed(cls.__mro__):
        if klass in (object,) or klass.__name__ in ("Protocol", "Generic"):
            continue
        own.update({k: v for k, v in vars(klass).items() if not k.startswith("_")})
    return own


def test_whoosh_engine_satisfies_the_protocol(tmp_path: Path) -> None:
    engine = open_engine(tmp_path, workers=1)
    try:
        assert isinstance(engine, WhooshEngine) and isinstance(engine, SearchEngine)
        promised = members(SearchEngine)
        assert {"ready", "needs_build", "submit_update", "search", "close"} <= set(promised)
        for name, member in promised.items():
            actual = inspect.getattr_static(engine, name)
            if isinstance(member, property):
                assert isinstance(actual, property), name
            elif callable(member):
                wanted = list(inspect.signature(member).parameters)
                offered = list(inspect.signature(actual).parameters)
                assert offered[: len(wanted)] == wanted, name
        assert engine.messages == [] and engine.needs_build and not engine.ready
        assert engine.document_count() == 0
    finally:
        engine.close()
