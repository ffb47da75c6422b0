"""Library input: metadata sources, encodings, and every kind of bad file."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from reader.archive import load_archive
from reader.library import (
    MAX_PAGE_BYTES,
    PageFileError,
    decode_page_bytes,
    find_page_files,
    read_page_text,
)
from reader.model import PageMeta

PAGE = "本报讯（记者王超）昨日，全市公园延长开放时间。\n\n公园延长开放时间\n"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def metas(folder: Path) -> dict[str, PageMeta]:
    return {pf.path.name: pf.meta for pf in find_page_files([folder])}


def test_manifest_gives_metadata(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", PAGE)
    write(tmp_path / "b.txt", PAGE)
    write(
        tmp_path / "manifest.toml",
        """
[[page]]
file = "a.txt"
newspaper = "乌海日报"
date = 2025-06-23
page = 1

[[page]]
file = "b.txt"
newspaper = "呼和浩特日报"
date = "2023-07-27"
""",
    )
    found = metas(tmp_path)
    assert found["a.txt"] == PageMeta("乌海日报", date(2025, 6, 23), 1)
    assert found["b.txt"] == PageMeta("呼和浩特日报", date(2023, 7, 27), None)  # page unknown


def test_path_convention(tmp_path: Path) -> None:
    write(tmp_path / "中国气象报" / "2026-06-02" / "01.txt", PAGE)
    assert metas(tmp_path)["01.txt"] == PageMeta("中国气象报", date(2026, 6, 2), 1)


def test_file_name_convention(tmp_path: Path) -> None:
    write(tmp_path / "乌海日报_20250618_04.txt", PAGE)
    assert metas(tmp_path)["乌海日报_20250618_04.txt"] == PageMeta("乌海日报", date(2025, 6, 18), 4)


def test_manifest_wins_over_names(tmp_path: Path) -> None:
    write(tmp_path / "乌海日报_20250618_04.txt", PAGE)
    write(
        tmp_path / "manifest.toml",
        '[[page]]\nfile = "乌海日报_20250618_04.txt"\nnewspaper = "北方新报"\n'
        "date = 2025-06-19\npage = 2\n",
    )
    assert metas(tmp_path)["乌海日报_20250618_04.txt"] == PageMeta("北方新报", date(2025, 6, 19), 2)


def test_unfiled_page_is_still_usable(tmp_path: Path) -> None:
    write(tmp_path / "scan-0001.txt", PAGE)
    archive = load_archive([tmp_path])
    [page] = archive.pages
    assert page.meta == PageMeta()
    assert page.ok and page.articles[0].title == "公园延长开放时间"
    assert len(archive.stories) == 1


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: t.encode("gb18030"),
        lambda t: t.encode("gbk"),
        lambda t: t.encode("utf-16"),  # with BOM
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "gbk", "utf-16-bom", "crlf"],
)
def test_encodings_decode_to_the_same_text(encode) -> None:
    assert decode_page_bytes(encode(PAGE)) == PAGE


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\n \r\n", "empty"),
        (bytes(range(256)) * 8, "binary"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary"),
        (b"\xff\xfe\xff\xfe\xff\x81\xff", "invalid utf-16"),
        (b"\xff\xff\xff\xff abc", "undecodable"),
    ],
)
def test_bad_bytes_give_a_clear_reason(data: bytes, reason: str) -> None:
    with pytest.raises(PageFileError, match=reason):
        decode_page_bytes(data)


def test_bad_files_are_reported_by_name_and_the_rest_loads(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", PAGE)
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "binary.txt", bytes(range(256)) * 4)
    write(tmp_path / "garbled.txt", b"\xff\xff\xfe\xfe\xff")
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    archive = load_archive([tmp_path])
    by_name = {Path(p.source).name: p for p in archive.pages}
    assert by_name["good.txt"].ok and by_name["good.txt"].articles
    for name, words in [
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("garbled.txt", "undecodable"),
        ("huge.txt", "too large"),
        ("dangling.txt", "unreadable"),
    ]:
        [message] = by_name[name].errors
        assert name in message and words in message
        assert by_name[name].articles == []
    assert len(archive.errors) == 5
    assert [s.title for s in archive.stories] == ["公园延长开放时间"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "locked.txt", PAGE)
    path.chmod(0)
    with pytest.raises(PageFileError, match="permission denied"):
        read_page_text(path)


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_PAGE_BYTES + 1)
    with pytest.raises(PageFileError, match="too large"):
        read_page_text(path)


def test_broken_manifest_is_reported_once_and_names_still_work(tmp_path: Path) -> None:
    write(tmp_path / "乌海日报_20250618_01.txt", PAGE)
    write(tmp_path / "乌海日报_20250618_02.txt", PAGE)
    write(tmp_path / "manifest.toml", "[[page]\nfile = ")
    archive = load_archive([tmp_path])
    assert len(archive.errors) == 1 and "manifest" in archive.errors[0]
    assert {p.meta.page for p in archive.pages} == {1, 2}
    assert all(p.articles for p in archive.pages)


def test_manifest_with_wrong_types_is_reported(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", PAGE)
    write(tmp_path / "manifest.toml", '[[page]]\nfile = "a.txt"\npage = "one"\n')
    archive = load_archive([tmp_path])
    assert "page must be a positive whole number" in archive.errors[0]
    assert archive.pages[0].articles


def test_missing_path_is_reported(tmp_path: Path) -> None:
    archive = load_archive([tmp_path / "nope.txt"])
    assert "not found" in archive.errors[0]


def test_hidden_folders_and_other_files_are_ignored(tmp_path: Path) -> None:
    write(tmp_path / ".cache" / "x.txt", PAGE)
    write(tmp_path / "notes.pdf", b"%PDF")
    write(tmp_path / "p.txt", PAGE)
    assert [pf.path.name for pf in find_page_files([tmp_path])] == ["p.txt"]
