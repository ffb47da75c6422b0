"""A fingerprint of the code that decides what a library holds (reading, layout, stories).

The search index records the library it reflects by its files (names, sizes, times), so
that a current index is known without reading a page. That alone missed a new version of
the program: the same files, read by better layout rules, give other articles, and the
index went on answering with the old ones until a file changed. The fingerprint of the
core's code is part of that record, so a new version brings the index up to date once
(only stories whose text changed are written again).

The fingerprint is taken from the source files where there are some, and from the
compiled code in a frozen app (it carries no sources): code objects reduced to what they
do (instructions, names and constants), so it is the same in every run of one build.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import pkgutil
from functools import cache
from types import CodeType

import reader
from reader import __version__

log = logging.getLogger(__name__)

# the window only shows what the core made, and the developer tools (left out of the
# bundle) and the self-test make none: their code changes no article
NOT_CORE = (
    "reader.ui",
    "reader.bench",
    "reader.selftest",
    "reader.search.baseline",
    "reader.layout.evaluate",
)


@cache
def core_fingerprint() -> str:
    """sha1 over the core modules' code, in module order; the version string if the code
    cannot be had (the index then behaves as before: keyed on the files alone)."""
    digest = hashlib.sha1(__version__.encode())
    try:
        for name in core_modules():
            digest.update(name.encode())
            _digest_module(name, digest)
    except Exception:  # an unusual importer: keyed on the files alone, as before
        log.warning("core code fingerprint unavailable", exc_info=True)
        return __version__
    return digest.hexdigest()


def core_modules() -> list[str]:
    """Every module of the ``reader`` package but the window's, sorted. Packages are
    walked by hand: ``pkgutil.walk_packages`` imports every package it meets, and
    ``reader.ui`` would bring Qt into a command-line run."""
    names: list[str] = []
    pending = [(reader.__path__, "reader.")]
    while pending:
        path, prefix = pending.pop()
        for info in pkgutil.iter_modules(path, prefix):
            if any(info.name == part or info.name.startswith(part + ".") for part in NOT_CORE):
                continue
            names.append(info.name)
            if info.ispkg:
                spec = importlib.util.find_spec(info.name)
                if spec and spec.submodule_search_locations:
                    pending.append((spec.submodule_search_locations, info.name + "."))
    return sorted(names)


def _digest_module(name: str, digest) -> None:
    """A module's source where it has one (read, not compiled: a tenth of the time), else
    its compiled code (a frozen app keeps only that)."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise LookupError(f"module {name} not found")
    if spec.origin and spec.origin.endswith(".py") and os.path.isfile(spec.origin):
        with open(spec.origin, "rb") as source:
            digest.update(source.read())
        return
    code = spec.loader.get_code(name)
    if code is None:
        raise LookupError(f"no code for {name}")
    _digest_code(code, digest)


def _digest_code(code: CodeType, digest) -> None:
    """What a code object does: its instructions, the names it uses, its constants
    (nested functions and classes recursively). File names and line numbers are left out."""
    digest.update(code.co_code)
    digest.update(repr(code.co_names).encode())
    for const in code.co_consts:
        if isinstance(const, CodeType):
            _digest_code(const, digest)
        else:
            digest.update(_constant(const).encode())


def _constant(const: object) -> str:
    """A constant as text; a set in sorted order (its own order follows string hashing,
    which changes from run to run)."""
    if isinstance(const, frozenset):
        return "{" + ",".join(sorted(map(_constant, const))) + "}"
    if isinstance(const, tuple):
        return "(" + ",".join(map(_constant, const)) + ")"
    return repr(const)
