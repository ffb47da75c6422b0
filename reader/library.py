"""Finding page files in a library folder, reading their metadata and decoding their text.

A library is just a folder. Metadata comes, in order of trust, from a ``manifest.toml``
in the page's folder, from the path ``<报名>/<YYYY-MM-DD>/<NN>.txt`` (or ``.pdf``), from a file
name ``<报名>_<YYYYMMDD>_<NN>.txt``; otherwise the page is *unfiled* and still fully usable.
Every problem with one file becomes a message on that page; the rest of the library loads.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reader.model import PageMeta

PAGE_SUFFIXES = {".txt", ".md", ".pdf"}
# Page files whose text is read from a PDF's text layer, not decoded from bytes.
PDF_SUFFIX = ".pdf"
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


def read_as_page(path: Path, roots: Iterable[Path]) -> bool:
    """Whether a file written at ``path`` would be read as a page of the library at
    ``roots``: a page's kind of file (text, Markdown, PDF) anywhere under a root. The app's
    own exports are such files, and saved there they came back as spurious pages."""
    if Path(path).suffix.lower() not in PAGE_SUFFIXES:
        return False
    target = Path(path).resolve()
    return any(target.is_relative_to(Path(root).resolve()) for root in roots)


def _walk_folder(folder: Path) -> Iterator[PageFile]:
    manifests: dict[Path, tuple[dict[str, PageMeta], list[str]]] = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in PAGE_SUFFIXES:
            continue
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if path.is_dir() and not path.is_symlink():
            continue  # a folder that happens to be named like a page is walked, not read
        if path.parent not in manifests:
            manifests[path.parent] = load_manifest(path.parent)
        manifest, problems = manifests[path.parent]
        # Anything else (a dangling link, a pipe, a device) is yielded so that reading it
        # reports why it was skipped; nothing is hidden from the user.
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
            digest.update(os.fsencode(f"{page_file.path}|{stat.st_size}|{stat.st_mtime_ns}\n"))
        except OSError:
            digest.update(os.fsencode(f"{page_file.path}|missing\n"))
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


def is_pdf(path: Path) -> bool:
    """A PDF page file (an e-paper page or a whole issue): read by ``reader.pdf``."""
    return path.suffix.lower() == PDF_SUFFIX


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


@dataclass(frozen=True, slots=True)
class PageText:
    """Decoded page text, with what the reader should know about how it was decoded."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def read_page_text(path: Path) -> str:
    """Read and decode one page file, normalising line ends to ``\\n``.

    Raises PageFileError with a plain reason for files that are not page text.
    """
    return load_page_text(path).text


def load_page_text(path: Path) -> PageText:
    """Read and decode one page file, with any decoding warnings."""
    return decode_page(read_page_bytes(path))


def read_page_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_PAGE_BYTES.

    Only regular files are opened: a pipe would block the load forever and a device such as
    ``/dev/zero`` never ends (both report a size of 0, so a size check alone lets them in).
    The read itself is bounded too, in case the file grows or is swapped after the check.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise PageFileError("不是普通文件（管道、设备或文件夹），已跳过 (not a regular file)")
        if info.st_size > MAX_PAGE_BYTES:
            raise PageFileError(_too_large(info.st_size))
        with path.open("rb") as handle:
            raw = handle.read(MAX_PAGE_BYTES + 1)
    except FileNotFoundError as exc:
        raise PageFileError(
            "文件不存在或链接已失效 (unreadable: file not found or dangling link)"
        ) from exc
    except PermissionError as exc:
        raise PageFileError(f"无法读取文件 (permission denied: {exc.strerror})") from exc
    except OSError as exc:
        raise PageFileError(f"无法读取文件 (unreadable: {exc.strerror or exc})") from exc
    if len(raw) > MAX_PAGE_BYTES:
        raise PageFileError(_too_large(len(raw)))
    return raw


def _too_large(size: int) -> str:
    return (
        f"文件过大 ({size / 1_048_576:.1f} MB)，不像报纸版面 "
        f"(file too large: over {MAX_PAGE_BYTES // 1_048_576} MB)"
    )


def decode_page_bytes(raw: bytes) -> str:
    """Decode page bytes to text (see ``decode_page``)."""
    return decode_page(raw).text


def decode_page(raw: bytes) -> PageText:
    """Decode page bytes: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030 or Big5.

    A page with a few damaged bytes keeps its text (the damage is replaced by U+FFFD and
    reported) instead of being lost whole.
    """
    if not raw.strip():
        raise PageFileError("文件为空 (empty file)")
    decoded = _decode(raw)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    if _looks_binary(text):
        raise PageFileError("不是文本文件 (binary data, not page text)")
    if not text.strip():
        raise PageFileError("文件为空 (empty file)")
    return PageText(text, decoded.encoding, decoded.warnings)


# A damaged UTF-8 page still has far more well-formed multi-byte characters than broken
# sequences; text in a legacy encoding read as UTF-8 breaks on almost every character.
_DAMAGE_RATIO = 20


def _decode(raw: bytes) -> PageText:
    if raw.startswith(b"\xef\xbb\xbf"):
        return _utf8(raw[3:])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _marked_utf16(raw)
    if b"\x00" in raw:
        raise PageFileError("不是文本文件 (binary data, not page text)")
    try:
        return PageText(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(raw)
    if damaged is not None:
        return damaged
    legacy = _legacy_chinese(raw)
    if legacy is not None:
        return legacy
    raise PageFileError("无法识别的编码 (undecodable: not UTF-8, UTF-16, GB18030 or Big5)")


def _marked_utf16(raw: bytes) -> PageText:
    """FF FE / FE FF is UTF-16's byte-order mark, but any file may start with those two bytes
    (a stray mark in front of UTF-8 text, say). Read as UTF-16 only when that gives Chinese or
    Latin text; otherwise the bytes after the mark are tried as UTF-8 or a Chinese legacy
    encoding, and only when neither is text is the file refused."""
    try:
        text = raw.decode("utf-16")
    except UnicodeDecodeError as exc:
        text, error = "", exc
    else:
        error = None
        if _reads_as_text(text):
            return PageText(text, "utf-16")
    rest = raw[2:]
    for decoded in (_plain_utf8(rest), _legacy_chinese(rest)):
        if decoded is not None and _reads_as_text(decoded.text):
            warning = "文件开头有多余的 UTF-16 字节序标记，已按正文编码读取"
            return PageText(decoded.text, decoded.encoding, (*decoded.warnings, warning))
    if error is not None:
        raise PageFileError(f"编码错误 (invalid utf-16 at byte {error.start})") from error
    raise PageFileError("无法识别的编码 (undecodable: not UTF-8, UTF-16, GB18030 or Big5)")


def _plain_utf8(raw: bytes) -> PageText | None:
    try:
        return PageText(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return None


def _reads_as_text(text: str) -> bool:
    """Page text is almost all ASCII, CJK ideographs and CJK/full-width punctuation; bytes
    of another encoding read as UTF-16 become Hangul, private-use and stray ideographs."""
    if not text.strip():
        return False
    usual = sum(
        1
        for char in text
        if char < "\x7f"
        or "\u3000" <= char <= "\u9fff"
        or "\uf900" <= char <= "\ufaff"
        or "\uff00" <= char <= "\uffef"
        or "\u2000" <= char <= "\u206f"
    )
    return usual >= 0.9 * len(text)


def _utf8(raw: bytes) -> PageText:
    try:
        return PageText(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        damaged = _damaged_utf8(raw)
        if damaged is None:
            raise PageFileError("编码错误 (invalid utf-8)") from None
        return damaged


def _damaged_utf8(raw: bytes) -> PageText | None:
    """UTF-8 text with a few broken byte sequences, or None if it is not UTF-8 at all."""
    text = raw.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - raw.count("\ufffd".encode())
    wide = sum(1 for char in text if char > "\x7f" and char != "\ufffd")
    if broken <= 0 or wide < _DAMAGE_RATIO * broken:
        return None
    position = _first_bad_byte(raw)
    warning = (
        f"文本有 {broken} 处损坏的字节（首处在第 {position} 字节），已显示为 �"
        f" (damaged UTF-8: {broken} bad sequence(s), first at byte {position})"
    )
    return PageText(text, "utf-8", (warning,))


def _first_bad_byte(raw: bytes) -> int:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return -1


def _legacy_chinese(raw: bytes) -> PageText | None:
    """GB18030 or Big5, whichever reads as common Chinese characters.

    Big5 bytes are mostly valid GB18030 too (and the reverse), so a successful decode proves
    nothing. Each standard puts its everyday characters in one block: GB2312's 6,763 for
    simplified text, Big5's level 1 (5,401) for traditional text. The right decoding is the
    one where nearly all Chinese characters fall in its everyday block; the wrong one scatters
    them into rare characters.
    """
    candidates = []
    for encoding, common in (("gb18030", _in_gb2312), ("big5", _in_big5_level1)):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((_share(text, common), encoding == "gb18030", encoding, text))
    if not candidates:
        return None
    _, _, encoding, text = max(candidates)
    return PageText(text, encoding)


def _share(text: str, common: Callable[[str], bool]) -> float:
    wide = [char for char in text if char > "\x7f"]
    if not wide:
        return 1.0
    return sum(1 for char in wide if common(char)) / len(wide)


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _in_big5_level1(char: str) -> bool:
    try:
        code = char.encode("big5")
    except UnicodeEncodeError:
        return False
    # Level 1 (常用字) is 0xA440-0xC67E; symbols and punctuation 0xA140-0xA3BF
    return len(code) == 1 or b"\xa1\x40" <= code <= b"\xc6\x7e"


def _strict(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise PageFileError(f"编码错误 (invalid {encoding} at byte {exc.start})") from exc


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _looks_binary(text: str) -> bool:
    """Control characters other than tab/newline/form feed do not occur in page text."""
    return len(_CONTROL.findall(text)) > max(4, len(text) // 200)
