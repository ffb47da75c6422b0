"""Build the standalone app: ``uv run python packaging/build.py [--onefile] [--self-test]``.

Produces ``dist/newspaper-reader/`` (one folder to unpack and run; ``--onefile`` makes a
single executable instead), reports its size and the build time, and with ``--self-test``
runs the frozen app's self-test offscreen.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader import __version__  # noqa: E402


def windows_version_file(path: Path) -> None:
    """The version resource Windows shows in the file's properties."""
    numbers = (*(int(p) for p in __version__.split(".")), 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}),
  kids=[StringFileInfo([StringTable('080404b0', [
    StringStruct('ProductName', '报纸阅读器 Newspaper Reader'),
    StringStruct('FileDescription', '报纸阅读器'),
    StringStruct('ProductVersion', '{__version__}'),
    StringStruct('FileVersion', '{__version__}')])]),
    VarFileInfo([VarStruct('Translation', [2052, 1200])])]
)
""",
        encoding="utf-8",
    )


def _needed(path: Path) -> set[str]:
    """Shared libraries an ELF file names as NEEDED (readelf, from binutils)."""
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=False)
    return {
        line.split("[", 1)[1].split("]", 1)[0]
        for line in out.stdout.splitlines()
        if "(NEEDED)" in line
    }


def prune_unneeded_libraries(bundle: Path) -> list[str]:
    """Linux: delete bundled top-level libraries no remaining binary needs.

    PyInstaller collects the dependencies of every plugin it sees before the spec drops some
    plugins (the GTK theme brings cairo, pango …); those orphans are removed here, repeatedly,
    until nothing else falls away. Python extension modules and libpython always stay.
    """
    internal = bundle / "_internal"
    removed: list[str] = []
    while True:
        elves = [
            p
            for p in bundle.rglob("*")
            if p.is_file()
            and not p.is_symlink()
            and (".so" in p.name or p.name == "newspaper-reader")
        ]
        needed: set[str] = set()
        for elf in elves:
            needed |= _needed(elf)
        orphans = [
            p
            for p in internal.glob("lib*.so*")
            if p.name not in needed
            and not p.name.startswith("libpython")
            and (p.is_file() or p.is_symlink())
        ]
        if not orphans:
            return removed
        for orphan in orphans:
            target = orphan.resolve()
            orphan.unlink()
            if target != orphan and target.exists() and target.name not in needed:
                target.unlink()
            removed.append(orphan.name)


def folder_mb(path: Path) -> float:
    """Bytes on disk; PyInstaller's symlinks to bundled libraries are not counted twice."""
    if path.is_file():
        return path.stat().st_size / 1_000_000
    files = [p for p in path.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.lstat().st_size for p in files) / 1_000_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--onefile", action="store_true", help="one executable instead of a folder")
    parser.add_argument("--self-test", action="store_true", help="run the built app's self-test")
    args = parser.parse_args()
    if sys.platform == "win32":
        windows_version_file(ROOT / "build" / "version_info.txt")
    env = {**os.environ, "ONEFILE": "1" if args.onefile else "0"}
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(ROOT / "dist"),
            "--workpath",
            str(ROOT / "build" / "pyinstaller"),
            str(ROOT / "packaging" / "newspaper-reader.spec"),
        ],
        check=True,
        env=env,
    )
    seconds = time.perf_counter() - started
    suffix = ".exe" if sys.platform == "win32" else ""
    if args.onefile:
        target = ROOT / "dist" / f"newspaper-reader{suffix}"
        executable = target
    else:
        target = ROOT / "dist" / "newspaper-reader"
        executable = target / f"newspaper-reader{suffix}"
    if sys.platform.startswith("linux") and not args.onefile and shutil.which("readelf"):
        removed = prune_unneeded_libraries(target)
        print(f"pruned {len(removed)} libraries nothing needs: {' '.join(sorted(removed))}")
    print(f"built {target} in {seconds:.0f} s: {folder_mb(target):.0f} MB")
    if args.self_test:
        test_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        return subprocess.run(
            [str(executable), "--self-test"], env=test_env, check=False
        ).returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
