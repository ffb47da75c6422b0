"""Atomic saves: the new file replaces the old whole, with the permissions a user expects."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from reader.atomic import atomic_write_bytes, atomic_write_text

posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_a_new_file_gets_the_permissions_a_plain_open_gives(tmp_path: Path) -> None:
    plain = tmp_path / "plain.md"
    plain.write_text("x", encoding="utf-8")  # the oracle: what open() makes under this umask
    saved = tmp_path / "article.md"
    atomic_write_text(saved, "生态环境")
    assert saved.read_text(encoding="utf-8") == "生态环境"
    assert _mode(saved) == _mode(plain)


@posix_only
def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    saved = tmp_path / "page.txt"
    saved.write_bytes(b"old")
    saved.chmod(0o640)
    atomic_write_bytes(saved, b"new")
    assert saved.read_bytes() == b"new"
    assert _mode(saved) == 0o640


def test_no_temporary_file_is_left_behind(tmp_path: Path) -> None:
    atomic_write_bytes(tmp_path / "a.bin", b"data")
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]
