"""The core's code fingerprint: part of what an index records, so a new version of the
layout rules brings an index of unchanged files up to date."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from test_app import core_in

import reader.app
from reader.code_stamp import NOT_CORE, core_fingerprint, core_modules

PACKAGE = Path(reader.app.__file__).parent


def test_every_core_module_is_in_the_fingerprint() -> None:
    """Oracle: the package's files; the window's modules (and the benchmarks) make no
    article and are left out."""
    names = {
        ".".join(("reader", *p.relative_to(PACKAGE).with_suffix("").parts))
        for p in PACKAGE.rglob("*.py")
    }
    on_disk = {name.removesuffix(".__init__") for name in names} - {
        "reader"
    }  # (its version: apart)
    left_out = {m for m in on_disk if any(m == n or m.startswith(n + ".") for n in NOT_CORE)}
    assert left_out and set(core_modules()) == on_disk - left_out


def test_modules_the_bundle_leaves_out_are_not_in_the_fingerprint() -> None:
    """A module the frozen app lacks would fail the fingerprint (keyed on the version
    alone then): every ``reader`` module the PyInstaller spec excludes is left out."""
    spec = (PACKAGE.parent / "packaging" / "newspaper-reader.spec").read_text(encoding="utf-8")
    excluded = set(re.findall(r'"(reader\.[\w.]+)"', spec))
    assert excluded and all(
        any(m == n or m.startswith(n + ".") for n in NOT_CORE) for m in excluded
    )


def _fingerprint_in_a_process(seed: str, code: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip()


@pytest.mark.parametrize(
    "code",
    [
        "from reader.code_stamp import core_fingerprint; print(core_fingerprint())",
        # a frozen app has no sources: its code objects are digested, set constants and all
        "import hashlib; from reader.code_stamp import _digest_code;"
        'd = hashlib.sha1(); _digest_code(compile(\'x in {"报", "社", ("台", frozenset("网站"))}\','
        " 'm', 'exec'), d); print(d.hexdigest())",
    ],
)
def test_the_fingerprint_is_the_same_in_every_run(code: str) -> None:
    """Another string hashing in each run (set order) must not make another fingerprint:
    the index would be rechecked at every start."""
    runs = {_fingerprint_in_a_process(seed, code) for seed in ("1", "2", "3")}
    assert len(runs) == 1


def test_compiled_code_that_does_something_else_has_another_digest() -> None:
    import hashlib

    from reader.code_stamp import _digest_code

    def digest(source: str) -> str:
        d = hashlib.sha1()
        _digest_code(compile(source, "m", "exec"), d)
        return d.hexdigest()

    assert digest("def f(x):\n    return x > 2\n") != digest("def f(x):\n    return x > 3\n")
    assert digest("def f(x):\n    return x > 2\n") == digest("\n\ndef f(x):\n    return x > 2\n")


def test_an_index_made_by_another_version_is_brought_up_to_date(
    tmp_path: Path, monkeypatch
) -> None:
    """Same files, other layout code: the index is not current, and the update rewrites
    only the stories whose documents changed (here: none; the seeds read the same)."""
    core = core_in(tmp_path)
    core.load()
    first = core.index()
    assert first is not None and core.index_current()
    monkeypatch.setattr(reader.app, "core_fingerprint", lambda: "0" * 40)  # a new version
    assert not core.index_current()
    report = core.index()
    assert report is not None and report.indexed == 0 and report.unchanged == first.indexed
    assert core.index() is None and core.index_current()
    core.close()
    assert core_fingerprint() != "0" * 40
