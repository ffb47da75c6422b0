"""Finding page files in a library folder, reading their metadata and decoding their text.

A library is just a folder. Metadata comes, in order of trust, from a ``manifest.toml``
in the page's folder, from the path ``<报名>/<YYYY-MM-DD>/<NN>.txt``, from a file name
``<报名>_<YYYYMMDD>_<NN>.txt``; otherwise the page is *unfiled* and still fully usable.
Every problem with one file becomes a message on that page; the rest of the library loads.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reader.model import PageMeta

PAGE_SUFFIXES = {".txt", ".md"}
MANIFEST_NAME = "manifest.toml"
# A newspaper page holds 10-30 KB of text; anything far larger is not a page and would
# only stall the reader.
MAX_PAGE_BYTES = 2 * 1024 * 1024

_PATH_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_PAGE_STEM = re.compile(r"^(?:第)?0*(\d{1,3})(?:版)?$")
_NAME_CONVENTION = re.compile(
    r"^(?P<paper>[^_]+)_(?P<date>\d{8})_(?:第)?0*(?P<page>\d{1,3})(?:版)?$"
)


class PageFileError(Exception):
    """A page file that cannot be used; the message names the reason in plain words."""


@dataclass(slots=True)
class PageFile:
    """A page file found in the library, with metadata and any problem already known."""

    path: Path
    meta: PageMeta
    problems: list[str]


def find_page_files(paths: Iterable[Path]) -> Iterator[PageFile]:
    """Yield every page file under ``paths`` (files or folders) with its metadata.

    Files are yielded in a stable order (sorted paths), so outlines and ids do not depend on
    the file system's listing order.
    """
    for root in paths:
        root = Path(root)
        if root.is_dir():
            yield from _walk_folder(root)
        elif root.exists():
            manifest, problems = load_manifest(root.parent)
            yield PageFile(root, metadata_for(root, manifest), problems)
        else:
            yield PageFile(root, PageMeta(), [f"{root}: 文件不存在 (file not found)"])


def _walk_folder(folder: Path) -> Iterator[PageFile]:
    manifests: dict[Path, tuple[dict[str, PageMeta], list[str]]] = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in PAGE_SUFFIXES:
            continue
        if not (path.is_file() or path.is_symlink()):  # a dangling link is reported, not hidden
            continue
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if path.parent not in manifests:
            manifests[path.parent] = load_manifest(path.parent)
        manifest, problems = manifests[path.parent]
        yield PageFile(path, metadata_for(path, manifest), list(problems))
        problems.clear()  # report a broken manifest once, on the first page of its folder


def library_stamp(paths: Iterable[Path]) -> str:
    """A fingerprint of the library's files (names, sizes, times), cheap to compute.

    When it is unchanged, the index is known to be current without re-reading any page.
    """
    digest = hashlib.sha1()
    for page_file in find_page_files(paths):
        try:
            stat = page_file.path.stat()
            digest.update(f"{page_file.path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
        except OSError:
            digest.update(f"{page_file.path}|missing\n".encode())
    for root in paths:
        for manifest in sorted(Path(root).rglob(MANIFEST_NAME)) if Path(root).is_dir() else []:
            stat = manifest.stat()
            digest.update(f"{manifest}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def load_manifest(folder: Path) -> tuple[dict[str, PageMeta], list[str]]:
    """Read ``folder/manifest.toml`` into {file name: metadata}.

    A broken manifest is reported, and the folder falls back to the naming conventions
    rather than losing its pages.
    """
    path = folder / MANIFEST_NAME
    if not path.exists():
        return {}, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        return _parse_manifest(data), []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError, TypeError) as exc:
        return {}, [f"{path}: 清单文件无法读取，已按文件名推断 (broken manifest: {exc})"]


def _parse_manifest(data: dict) -> dict[str, PageMeta]:
    entries = data.get("page", [])
    if not isinstance(entries, list):
        raise ValueError("'page' must be an array of tables ([[page]])")
    result: dict[str, PageMeta] = {}
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise ValueError("every [[page]] needs a 'file' string")
        result[entry["file"]] = PageMeta(
            newspaper=_optional_str(entry.get("newspaper")),
            date=_optional_date(entry.get("date")),
            page=_optional_page(entry.get("page")),
        )
    return result


def _optional_str(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"newspaper must be a string, not {value!r}")
    return value.strip() or None


def _optional_date(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    raise ValueError(f"date must be YYYY-MM-DD, not {value!r}")


def _optional_page(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"page must be a positive whole number, not {value!r}")
    return value


def metadata_for(path: Path, manifest: dict[str, PageMeta]) -> PageMeta:
    """Metadata of one page file: manifest first, then path and name conventions."""
    if path.name in manifest:
        return manifest[path.name]
    return _from_path(path) or _from_name(path) or PageMeta()


def _from_path(path: Path) -> PageMeta | None:
    """``<报名>/<YYYY-MM-DD>/<NN>.txt``."""
    page_match = _PAGE_STEM.match(path.stem)
    date_match = _PATH_DATE.match(path.parent.name)
    if not (page_match and date_match and path.parent.parent.name):
        return None
    try:
        issue_date = date(*map(int, date_match.groups()))
    except ValueError:
        return None
    return PageMeta(path.parent.parent.name, issue_date, int(page_match.group(1)))


def _from_name(path: Path) -> PageMeta | None:
    """``<报名>_<YYYYMMDD>_<NN>.txt``."""
    match = _NAME_CONVENTION.match(path.stem)
    if not match:
        return None
    raw = match.group("date")
    try:
        issue_date = date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
    except ValueError:
        return None
    return PageMeta(match.group("paper"), issue_date, int(match.group("page")))


def read_page_text(path: Path) -> str:
    """Read and decode one page file, normalising line ends to ``\\n``.

    Raises PageFileError with a plain reason for files that are not page text.
    """
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise PageFileError(
                f"文件过大 ({size / 1_048_576:.1f} MB)，不像报纸版面 "
                f"(file too large: over {MAX_PAGE_BYTES // 1_048_576} MB)"
            )
        raw = path.read_bytes()
    except PermissionError as exc:
        raise PageFileError(f"无法读取文件 (permission denied: {exc.strerror})") from exc
    except OSError as exc:
        raise PageFileError(f"无法读取文件 (unreadable: {exc.strerror or exc})") from exc
    return decode_page_bytes(raw)


def decode_page_bytes(raw: bytes) -> str:
    """Decode page bytes: UTF-8 (with or without BOM), UTF-16 with BOM, then GB18030/GBK."""
    if not raw.strip():
        raise PageFileError("文件为空 (empty file)")
    text = _decode(raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _looks_binary(text):
        raise PageFileError("不是文本文件 (binary data, not page text)")
    if not text.strip():
        raise PageFileError("文件为空 (empty file)")
    return text


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return _strict(raw[3:], "utf-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(raw, "utf-16")
    if b"\x00" in raw:
        raise PageFileError("不是文本文件 (binary data, not page text)")
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PageFileError("无法识别的编码 (undecodable: not UTF-8, UTF-16 or GB18030)")


def _strict(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise PageFileError(f"编码错误 (invalid {encoding} at byte {exc.start})") from exc


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _looks_binary(text: str) -> bool:
    """Control characters other than tab/newline/form feed do not occur in page text."""
    return len(_CONTROL.findall(text)) > max(4, len(text) // 200)
