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
    decode_page,
    decode_page_bytes,
    find_page_files,
    read_as_page,
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
    write(tmp_path / ".cache" / "x.pdf", b"%PDF")
    write(tmp_path / "notes.docx", b"PK")
    write(tmp_path / "p.txt", PAGE)
    write(tmp_path / "q.pdf", b"%PDF")
    assert [pf.path.name for pf in find_page_files([tmp_path])] == ["p.txt", "q.pdf"]


# -- files that are not regular files, odd names, legacy and damaged encodings ------------

TRADITIONAL = (
    "本報訊（記者王超）昨日，全市公園延長開放時間，市民可在晚間散步、運動。"
    "園方表示，將加強照明與安全巡查，並根據天氣情況調整開放安排。\n\n公園延長開放時間\n"
)


def _load_within(paths: list[Path], seconds: float = 20.0):
    """Load in a thread: a regression that blocks on a pipe must fail, not hang the suite."""
    import threading

    result: dict = {}
    thread = threading.Thread(target=lambda: result.update(archive=load_archive(paths)))
    thread.daemon = True
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "loading the library blocked"
    return result["archive"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_pipes_and_devices_are_skipped_with_a_reason(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", PAGE)
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "random.txt").symlink_to("/dev/urandom")
    archive = _load_within([tmp_path])
    by_name = {Path(p.source).name: p for p in archive.pages}
    for name in ("pipe.txt", "zero.txt", "random.txt"):
        [message] = by_name[name].errors
        assert name in message and "not a regular file" in message
    assert by_name["good.txt"].ok and by_name["good.txt"].articles


def test_read_is_bounded_even_if_the_size_lies(tmp_path: Path) -> None:
    with pytest.raises(PageFileError, match="not a regular file"):
        read_page_text(Path("/dev/zero"))


@pytest.mark.skipif(os.name == "nt", reason="POSIX file names are bytes")
def test_file_name_that_is_not_utf8_loads_with_unique_ids(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    for raw_name in (b"\xff\xfe-page.txt", b"\xfe\xff-page.txt"):
        with open(os.path.join(folder, raw_name), "wb") as handle:
            handle.write(PAGE.encode())
    archive = load_archive([tmp_path])
    assert all(page.ok and page.articles for page in archive.pages)
    ids = [a.id for p in archive.pages for a in p.articles]
    assert len(ids) == 2 and len(set(ids)) == 2
    assert len({s.id for s in archive.stories}) == len(archive.stories) == 2


def test_big5_page_is_read_as_traditional_chinese() -> None:
    assert decode_page_bytes(TRADITIONAL.encode("big5")) == TRADITIONAL


def test_gbk_page_with_traditional_characters_stays_gbk() -> None:
    assert decode_page_bytes(TRADITIONAL.encode("gbk")) == TRADITIONAL


def test_simplified_gb_page_is_not_taken_for_big5() -> None:
    simplified = PAGE * 3 + "中国气象局发布暴雨预警，提醒各地做好防汛准备。\n"
    assert decode_page_bytes(simplified.encode("gb18030")) == simplified


def test_a_few_damaged_bytes_cost_only_those_characters(tmp_path: Path) -> None:
    text = PAGE * 10
    raw = bytearray(text.encode())
    raw[30] = 0xFF  # one byte inside a character
    path = write(tmp_path / "damaged.txt", bytes(raw))
    [page] = load_archive([path]).pages
    assert page.ok and page.articles
    assert "damaged UTF-8" in page.warnings[0] and "damaged.txt" in page.warnings[0]
    # every character but the damaged one (bytes 30-32: the 11th) survives, in order
    assert page.text.replace("\ufffd", "") == text[:10] + text[11:]


def test_identical_unfiled_pages_in_two_folders_get_distinct_ids(tmp_path: Path) -> None:
    write(tmp_path / "a" / "page.txt", PAGE)
    write(tmp_path / "b" / "page.txt", PAGE)
    archive = load_archive([tmp_path])
    ids = [a.id for p in archive.pages for a in p.articles]
    assert len(ids) == len(set(ids))
    assert len({s.id for s in archive.stories}) == len(archive.stories)
    again = load_archive([tmp_path])
    assert [a.id for p in again.pages for a in p.articles] == ids  # deterministic


@pytest.mark.parametrize("mark", [b"\xff\xfe", b"\xfe\xff"])
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_stray_utf16_mark_before_other_text_is_not_read_as_utf16(
    mark: bytes, encoding: str
) -> None:
    """Bytes of UTF-8 or GB18030 read as UTF-16 decode without error into Hangul and
    private-use characters; the page must come out as the text that was written."""
    decoded = decode_page(mark + PAGE.encode(encoding))
    assert decoded.text == PAGE
    assert decoded.encoding != "utf-16"
    assert any("字节序标记" in warning for warning in decoded.warnings)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_real_utf16_with_its_mark_still_reads(encoding: str) -> None:
    mark = b"\xff\xfe" if encoding.endswith("le") else b"\xfe\xff"
    decoded = decode_page(mark + PAGE.encode(encoding))
    assert (decoded.text, decoded.encoding, decoded.warnings) == (PAGE, "utf-16", ())


def test_a_file_saved_in_a_library_folder_would_be_read_as_a_page(tmp_path: Path) -> None:
    """Exports (text, Markdown, PDF) saved inside the library come back as pages; other
    kinds of file and files elsewhere do not."""
    library = tmp_path / "书库"
    (library / "乌海日报").mkdir(parents=True)
    pages = [library / name for name in ("文章.txt", "文章.MD", "乌海日报/文章.pdf")]
    for path in [*pages, library / "书签.csv"]:
        path.write_text("本报讯", encoding="utf-8")
    assert {p.path for p in find_page_files([library])} == set(pages)  # what reading finds
    assert all(read_as_page(path, [library]) for path in pages)
    assert not read_as_page(library / "书签.csv", [library])
    assert not read_as_page(tmp_path / "文章.txt", [library])
    assert not read_as_page(tmp_path / "书库2" / "文章.txt", [library])  # a name's prefix
