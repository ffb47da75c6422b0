"""The bundle's ICU data library is rewritten smaller (packaging/icu_data.py).

These tests work on the ICU library the PySide6 wheel ships and load the rewritten copy into
a real Qt process, so a trim that drops something Qt needs fails here before it fails in CI's
frozen-app self-test.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("icu_data", ROOT / "packaging" / "icu_data.py")
assert _spec is not None and _spec.loader is not None
icu_data = importlib.util.module_from_spec(_spec)
sys.modules["icu_data"] = icu_data
_spec.loader.exec_module(icu_data)


def _wheel_icu() -> Path:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not sys.platform.startswith("linux") or not found:
        pytest.skip("only Linux wheels of Qt bundle ICU")
    return found[0]


def test_writer_reproduces_icus_own_package_byte_for_byte() -> None:
    library = _wheel_icu()
    elf = library.read_bytes()
    symbol = icu_data.find_data_symbol(elf)
    original = elf[symbol.file_offset : symbol.file_offset + symbol.size]
    package = icu_data.parse_package(original)
    assert symbol.name.startswith("icudt") and symbol.soname == library.name
    assert len(package.items) > 1000
    assert package.to_bytes() == original


def test_kept_package_holds_exactly_the_matching_items_aligned() -> None:
    _, package = icu_data.read_package(_wheel_icu())
    smaller = icu_data.kept(package, ("coll/zh*.res", "cnvalias.icu"))
    names = [item.name.split("/", 1)[1] for item in smaller.items]
    assert "cnvalias.icu" in names and "coll/zh.res" in names
    assert all(n == "cnvalias.icu" or n.startswith("coll/zh") for n in names)
    again = icu_data.parse_package(smaller.to_bytes())
    assert [i.name for i in again.items] == [i.name for i in smaller.items]
    assert [i.data[:64] for i in again.items] == [i.data[:64] for i in smaller.items]
    assert names == sorted(names, key=lambda n: n.encode())  # ICU looks items up by bisection


def test_not_an_icu_package_is_refused() -> None:
    with pytest.raises(ValueError):
        icu_data.parse_package(b"\x20\x00\xda\x27" + b"\0" * 28)
    with pytest.raises(ValueError):
        icu_data.find_data_symbol(b"MZ" + b"\0" * 62)


def _icu_check(library_dir: Path) -> str:
    """Run the self-test's ICU check in a fresh Qt process that loads ``library_dir``'s ICU."""
    env = {**os.environ, "LD_LIBRARY_PATH": str(library_dir), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", "from reader.selftest import _icu_ok; print(_icu_ok())"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=True,
    )
    return done.stdout.strip()


@pytest.mark.skipif(shutil.which("ld") is None, reason="needs binutils (as, ld)")
def test_shrunk_library_still_gives_qt_pinyin_order_and_chinese_encodings(tmp_path: Path) -> None:
    source = _wheel_icu()
    shrunk, emptied = tmp_path / "kept", tmp_path / "empty"
    for folder, patterns in ((shrunk, icu_data.KEEP), (emptied, ())):
        folder.mkdir()
        shutil.copyfile(source, folder / source.name)
        icu_data.shrink(folder / source.name, patterns)
    assert (shrunk / source.name).stat().st_size < source.stat().st_size / 5
    assert _icu_check(shrunk).startswith("拼音排序 阿拉善、包头、呼和浩特、乌海、中国")
    assert _icu_check(emptied) == "False"  # the check really depends on the kept items


@pytest.mark.skipif(shutil.which("ld") is None, reason="needs binutils (as, ld)")
def test_spec_hook_swaps_only_the_icu_entry(tmp_path: Path) -> None:
    source = _wheel_icu()
    toc = [
        ("PySide6/Qt/lib/" + source.name, str(source), "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/somewhere/libQt6Core.so.6", "BINARY"),
    ]
    out = icu_data.shrink_in_toc(toc, tmp_path)
    assert out[1] == toc[1]
    assert out[0][0] == toc[0][0] and Path(out[0][1]).parent == tmp_path
    assert Path(out[0][1]).stat().st_size < 8_000_000
