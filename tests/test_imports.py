"""Importing pages: validated metadata, one transaction per file, never outside the library."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest
from pagetext import write_saved_page

from reader.app import ReaderCore
from reader.archive import load_archive
from reader.imports import ImportItem, ImportRefused, check_newspaper_name, import_pages
from reader.model import PageMeta
from reader.paths import bundled_library, data_dir

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
PAGE_FILES = sorted(SEEDS.glob("*.txt"))
DAY = date(2025, 7, 1)


def tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")} if folder.exists() else set()


def unique_page(tmp_path: Path, number: int, size: int = 0) -> Path:
    """A page file whose content is its own (imports refuse duplicates by content)."""
    text = f"第{number}号测试稿\n\n" + PAGE_FILES[number % len(PAGE_FILES)].read_text("utf-8")
    if size:
        text = (text * (size // len(text.encode()) + 1))[: size // 3]
    path = tmp_path / "in" / f"page{number}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "name",
    [
        "../../outside",
        "/tmp/x",
        "..",
        ".",
        "a/../../b",
        "a\\b",
        "报\n纸",
        "报\x7f纸",
        "报\x00纸",
        "a\u202eb",
        "",
        "   ",
        "CON",
        "名。.",
    ],
)
def test_bad_newspaper_names_are_refused_and_nothing_is_written(tmp_path: Path, name: str) -> None:
    library = tmp_path / "lib" / "inner"
    library.mkdir(parents=True)
    source = unique_page(tmp_path, 1)
    before = tree(tmp_path)
    report = import_pages(library, [ImportItem(source, PageMeta(name, DAY, 1))])
    assert report.imported == [] and len(report.rejected) == 1
    assert tree(tmp_path) - before <= {"lib/inner/.import.lock"}
    with pytest.raises(ImportRefused):
        check_newspaper_name(name)


def test_manifest_is_valid_toml_whatever_the_name(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    names = ["“引号”报", "报#名 [1]", "报'名'", "=报 = 名="]
    items = [
        ImportItem(unique_page(tmp_path, n), PageMeta(name, DAY, 1)) for n, name in enumerate(names)
    ]
    report = import_pages(library, items)
    assert report.ok, report.rejected
    archive = load_archive([library])
    assert sorted(p.meta.newspaper for p in archive.pages) == sorted(names)
    assert not archive.errors
    for manifest in library.rglob("manifest.toml"):
        tomllib.loads(manifest.read_text("utf-8"))


def test_hand_written_manifest_keeps_its_comments(tmp_path: Path) -> None:
    folder = tmp_path / "lib" / "乌海日报" / DAY.isoformat()
    folder.mkdir(parents=True)
    (folder / "manifest.toml").write_text("# 我的注释\n", encoding="utf-8")
    report = import_pages(
        tmp_path / "lib", [ImportItem(unique_page(tmp_path, 1), PageMeta("乌海日报", DAY, 2))]
    )
    assert report.ok
    text = (folder / "manifest.toml").read_text("utf-8")
    assert text.startswith("# 我的注释") and tomllib.loads(text)["page"][0]["page"] == 2


def test_same_file_twice_is_refused_as_a_duplicate(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    source = unique_page(tmp_path, 1)
    first = import_pages(library, [ImportItem(source, PageMeta("乌海日报", DAY, 1))])
    copy = tmp_path / "elsewhere.txt"
    copy.write_bytes(source.read_bytes())
    second = import_pages(
        library,
        [
            ImportItem(copy, PageMeta(None, None, None)),
            ImportItem(source, PageMeta("北方新报", DAY, 3)),
        ],
    )
    assert first.ok and second.imported == []
    where = str(first.imported[0].relative_to(library))
    assert all(
        "already in the library" in reason and where in reason for _, reason in second.rejected
    )
    assert len([p for p in library.rglob("*.txt")]) == 1


def test_a_different_text_of_the_same_page_does_not_become_a_second_page(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    import_pages(library, [ImportItem(unique_page(tmp_path, 1), PageMeta("乌海日报", DAY, 1))])
    report = import_pages(
        library, [ImportItem(unique_page(tmp_path, 2), PageMeta("乌海日报", DAY, 1))]
    )
    assert report.imported == [] and "01.txt" in report.rejected[0][1]
    assert sorted(p.name for p in library.rglob("*.txt")) == ["01.txt"]


def test_pipes_and_non_pages_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    items = [ImportItem(empty, PageMeta()), ImportItem(Path("/dev/zero"), PageMeta())]
    report = import_pages(tmp_path / "lib", items)
    assert report.imported == [] and len(report.rejected) == 2
    assert tree(tmp_path / "lib") == {".import.lock"}


IMPORTER = """
import sys
from datetime import date
from pathlib import Path
from reader.imports import ImportItem, import_pages
from reader.model import PageMeta
library, first, *files = sys.argv[1:]
items = [ImportItem(Path(f), PageMeta("乌海日报", date(2025, 7, 1), int(first) + n))
         for n, f in enumerate(files)]
report = import_pages(Path(library), items)
sys.exit(0 if report.ok else 1)
"""


def test_two_processes_importing_at_once_lose_no_entry(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    batches = [[unique_page(tmp_path, n) for n in range(start, start + 6)] for start in (1, 11)]
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", IMPORTER, str(library), str(start), *map(str, files)]
        )
        for start, files in zip((1, 11), batches, strict=True)
    ]
    assert [run.wait(timeout=120) for run in runs] == [0, 0]
    [manifest] = library.rglob("manifest.toml")
    entries = tomllib.loads(manifest.read_text("utf-8"))["page"]
    assert sorted(e["page"] for e in entries) == [*range(1, 7), *range(11, 17)]
    assert not list(library.rglob("*.tmp")) and not list(library.rglob("*.importing"))


def test_default_library_imports_into_the_user_data_folder(tmp_path: Path) -> None:
    samples_before = tree(bundled_library())
    core = ReaderCore(None, tmp_path / "index", tmp_path / "bookmarks.sqlite3")
    report = core.import_pages([ImportItem(unique_page(tmp_path, 1), PageMeta("测试报", DAY, 1))])
    assert report.ok
    assert report.imported[0].is_relative_to(data_dir())
    assert tree(bundled_library()) == samples_before
    archive = core.load()
    sources = {Path(p.source) for p in archive.pages}
    assert report.imported[0] in sources
    assert {p for p in sources if p.is_relative_to(bundled_library())} == set(PAGE_FILES)
    core.close()


def test_cli_import_exit_codes(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    good = unique_page(tmp_path, 1)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "reader", "import", *args, "--library", str(library)],
            capture_output=True,
            text=True,
            timeout=120,
        )

    ok = run(str(good), "--newspaper", "乌海日报", "--date", "2025-07-01", "--page", "1")
    assert ok.returncode == 0 and "01.txt" in ok.stdout
    again = run(str(good), str(unique_page(tmp_path, 2)), "--newspaper", "乌海日报")
    assert again.returncode == 1 and "already in the library" in again.stderr
    assert run(str(good), "--newspaper", "../x").returncode == 2
    assert run(str(good), "--date", "2025-13-01").returncode == 2
    assert tree(tmp_path / "lib").isdisjoint({"../x", "x"})


# -- a full disk: a small tmpfs, mounted where the test may (as root) -------------------


@pytest.fixture
def small_disk(tmp_path: Path):
    mount = tmp_path / "disk"
    mount.mkdir()
    if (
        os.geteuid() != 0
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(mount)], capture_output=True
        ).returncode
    ):
        pytest.skip("needs root to mount a small tmpfs")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_full_disk_leaves_nothing_of_the_failed_file(tmp_path: Path, small_disk: Path) -> None:
    library = small_disk / "lib"
    fits = unique_page(tmp_path, 1, size=30_000)
    too_big = unique_page(tmp_path, 2, size=90_000)
    report = import_pages(
        library,
        [
            ImportItem(fits, PageMeta("乌海日报", DAY, 1)),
            ImportItem(too_big, PageMeta("乌海日报", DAY, 2)),
        ],
    )
    assert [p.name for p in report.imported] == ["01.txt"]
    assert "无法写入书库" in report.rejected[0][1]
    folder = library / "乌海日报" / DAY.isoformat()
    assert sorted(p.name for p in folder.iterdir()) == ["01.txt", "manifest.toml"]
    assert [
        e["file"] for e in tomllib.loads((folder / "manifest.toml").read_text("utf-8"))["page"]
    ] == ["01.txt"]
    assert (folder / "01.txt").read_bytes() == fits.read_bytes()


def test_an_importer_killed_mid_write_leaves_nothing_that_loads(tmp_path: Path) -> None:
    library = tmp_path / "lib"
    source = unique_page(tmp_path, 1, size=60_000)
    script = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "import reader.imports as imports\n"
        "real = os.fsync\n"
        "def stall(fd):\n"
        "    print('writing', flush=True); time.sleep(60)\n"
        "os.fsync = stall\n"
        "from reader.model import PageMeta\n"
        "from datetime import date\n"
        f"imports.import_pages(Path({str(library)!r}), [imports.ImportItem(Path({str(source)!r}),"
        " PageMeta('乌海日报', date(2025, 7, 1), 1))])\n"
    )
    run = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert run.stdout.readline().strip() == "writing"  # the page is half-way in
    run.kill()  # kill -9
    run.wait(timeout=30)
    assert not list(library.rglob("*.txt"))  # only a hidden temporary file, never a page
    assert load_archive([library]).pages == []
    report = import_pages(library, [ImportItem(source, PageMeta("乌海日报", DAY, 1))])
    assert report.ok and not list(library.rglob("*.importing"))  # the next import tidies up


def test_cli_refuses_a_note_unless_forced(tmp_path: Path) -> None:
    note = tmp_path / "notes.md"
    note.write_text("hello\n", encoding="utf-8")
    library = tmp_path / "lib"

    def run(*extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "reader",
                "import",
                str(note),
                "--library",
                str(library),
                *extra,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )

    refused = run()
    assert (
        refused.returncode == 1 and "不像报纸版面" in refused.stderr and "--force" in refused.stderr
    )
    assert not list(library.rglob("*.md"))
    assert run("--force").returncode == 0 and list(library.rglob("notes.md"))


def test_an_import_proposes_what_the_page_prints_before_where_it_was_saved(
    tmp_path: Path,
) -> None:
    from reader.imports import proposed_meta
    from reader.library import find_page_files

    source = write_saved_page(tmp_path)
    (found,) = find_page_files([source])
    assert found.meta == PageMeta("下载", date(2026, 6, 9), 1)  # the case: a folder's name
    printed = PageMeta("乌海日报", date(2025, 6, 23), 2)
    assert proposed_meta(source, found.meta) == printed
    (source.parent / "manifest.toml").write_text(
        '[[page]]\nfile = "01.txt"\nnewspaper = "北方新报"\n', encoding="utf-8"
    )
    (listed,) = find_page_files([source])
    assert proposed_meta(source, listed.meta) == listed.meta  # a manifest is taken as written


def test_the_command_line_files_a_page_by_what_it_prints(tmp_path: Path) -> None:
    source = write_saved_page(tmp_path)
    library = tmp_path / "lib"
    done = subprocess.run(
        [sys.executable, "-m", "reader", "import", str(source), "--library", str(library)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (library / "乌海日报" / "2025-06-23" / "02.txt").is_file()
    assert not (library / "下载").exists()
