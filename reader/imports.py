"""Copying page files into a library: validated, transactional, never outside the library.

Each file is one transaction. Under the library's import lock (one importer at a time,
also across processes) it is checked against what the library already holds, written
under a hidden temporary name in its target folder, flushed to disk and renamed into
place; its manifest entry is written the same way. If any step fails, what was written for
that file is removed again: a full disk or a crash leaves the library as it was, not with a
truncated page that would load as a normal-looking one.

Where the files go: ``<library>/<报名>/<YYYY-MM-DD>/<NN>.txt`` (or ``.pdf`` for an e-paper
PDF, kept as it is so the printed page can be shown; the path convention that
``reader.library`` reads back), ``<library>/未归档/…`` when the newspaper is unknown, and a
``manifest.toml`` entry in that folder records what the user confirmed.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import tomllib
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import tomli_w

from reader.atomic import atomic_write_bytes, sync_folder
from reader.filelock import FileLock
from reader.layout.furniture import read_furniture
from reader.library import (
    MANIFEST_NAME,
    PAGE_SUFFIXES,
    PageFileError,
    decode_page,
    find_page_files,
    is_pdf,
    load_manifest,
    read_page_bytes,
)
from reader.model import PageMeta

log = logging.getLogger(__name__)
UNFILED_FOLDER = "未归档"
LOCK_NAME = ".import.lock"
LOCK_WAIT_S = 60.0
_TMP_SUFFIX = ".importing"
MAX_NAME_CHARS = 80
FIRST_YEAR, LAST_YEAR = 1800, 2200
MAX_PAGE_NUMBER = 999
# Characters Windows refuses in file names; a library folder must open on every system.
_RESERVED = set('<>:"/\\|?*')
_WINDOWS_DEVICES = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


class ImportRefused(Exception):
    """A file that was not imported; the message says why in plain words."""


@dataclass(slots=True)
class ImportItem:
    """A file to import and the metadata the user confirmed for it."""

    source: Path
    meta: PageMeta


@dataclass(slots=True)
class ImportReport:
    imported: list[Path] = field(default_factory=list)
    rejected: list[tuple[Path, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


# A newspaper page carries hundreds of Chinese characters; a file with a few dozen is a note,
# a list or a stray export, and importing it as a page should be the user's explicit choice.
MIN_PAGE_HANZI = 100


@dataclass(frozen=True, slots=True)
class Preview:
    """What importing a file would meet, known before the user confirms."""

    problem: str | None = None  # it cannot be imported at all (empty, binary, unreadable)
    doubt: str | None = None  # it can, but does not look like a newspaper page


def preview(path: Path) -> Preview:
    """Check a file the way the import will, and whether it looks like a page at all."""
    try:
        text = _checked(path)[1]
    except PageFileError as exc:
        return Preview(problem=str(exc))
    hanzi = sum(1 for char in text if "\u4e00" <= char <= "\u9fff")
    if hanzi < MIN_PAGE_HANZI:
        return Preview(doubt=f"只有 {hanzi} 个汉字，不像报纸版面 (only {hanzi} Chinese characters)")
    return Preview()


def library_twins(library: Path, paths: Iterable[Path]) -> dict[Path, Path]:
    """Each of ``paths`` whose bytes ``library`` already holds → the file holding them: what
    the import would refuse as already in the library, told before the user confirms."""
    if not Path(library).is_dir():
        return {}
    contents = _LibraryContents(Path(library))
    twins = {}
    for path in paths:
        try:
            raw = _checked(path)[0]
        except PageFileError:
            continue  # the preview says why it cannot be imported
        if (twin := contents.find(raw)) is not None:
            twins[path] = twin
    return twins


def check_newspaper_name(name: str) -> str:
    """The name as a folder name, or ImportRefused: one path component, printable, portable."""
    cleaned = name.strip()
    if not cleaned:
        raise ImportRefused("报纸名称为空 (empty newspaper name)")
    if cleaned in (".", ".."):
        raise ImportRefused(f"报纸名称不能是“{cleaned}” (not a folder name)")
    if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in cleaned):
        raise ImportRefused("报纸名称含有控制字符 (control character in newspaper name)")
    bad = sorted({char for char in cleaned if char in _RESERVED})
    if bad:
        raise ImportRefused(
            f"报纸名称不能含有 {' '.join(bad)} (path separator or reserved character)"
        )
    if cleaned.endswith(".") or _WINDOWS_DEVICES.match(cleaned):
        raise ImportRefused(f"“{cleaned}”不能用作文件夹名 (reserved folder name)")
    if len(cleaned) > MAX_NAME_CHARS:
        raise ImportRefused(f"报纸名称过长（最多 {MAX_NAME_CHARS} 个字）(name too long)")
    return cleaned


def check_meta(meta: PageMeta) -> PageMeta:
    """Metadata fit to become a path and a manifest entry, or ImportRefused saying why."""
    newspaper = check_newspaper_name(meta.newspaper) if meta.newspaper is not None else None
    if meta.date is not None and not (
        isinstance(meta.date, date) and FIRST_YEAR <= meta.date.year <= LAST_YEAR
    ):
        raise ImportRefused(
            f"日期应在 {FIRST_YEAR}–{LAST_YEAR} 年之间 (date out of range: {meta.date})"
        )
    if meta.page is not None and (
        isinstance(meta.page, bool)
        or not isinstance(meta.page, int)
        or not 1 <= meta.page <= MAX_PAGE_NUMBER
    ):
        raise ImportRefused(f"版次应为 1–{MAX_PAGE_NUMBER} (page out of range: {meta.page})")
    return PageMeta(newspaper, meta.date, meta.page)


def import_pages(library: Path, items: Iterable[ImportItem]) -> ImportReport:
    """Import each file as its own transaction; refused files are reported, never fatal."""
    library = Path(library)
    report = ImportReport()
    items = list(items)
    if not items:
        return report
    lock = FileLock(library / LOCK_NAME)
    try:
        library.mkdir(parents=True, exist_ok=True)
        taken = lock.acquire(timeout=LOCK_WAIT_S)
    except OSError as exc:
        taken, reason = False, _os_reason(exc)
    else:
        reason = "另一个程序正在向该书库导入，请稍后再试 (library busy)"
    if not taken:
        report.rejected.extend((item.source, reason) for item in items)
        return report
    try:
        _remove_leftovers(library)
        contents = _LibraryContents(library)
        for item in items:
            try:
                report.imported.append(_import_one(library, item, contents))
            except ImportRefused as exc:
                log.info("import refused %s: %s", item.source, exc)
                report.rejected.append((item.source, str(exc)))
            except OSError as exc:
                log.warning("import failed %s", item.source, exc_info=True)
                report.rejected.append((item.source, _os_reason(exc)))
    finally:
        lock.release()
    return report


def _remove_leftovers(library: Path) -> None:
    """Temporary files of an importer that was killed mid-write (we hold the lock now).

    They are hidden and never read as pages, but they should not pile up.
    """
    for leftover in library.rglob(f"*{_TMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _os_reason(exc: OSError) -> str:
    return f"无法写入书库 ({exc.strerror or exc})"


def proposed_meta(path: Path, found: PageMeta) -> PageMeta:
    """The paper, date and page an import proposes for a file (``found``: what the library's
    rules read from its manifest, folder and name).

    A manifest entry is taken as written. Otherwise what the page prints (masthead, date
    line, folio) comes before what its folder and file name suggest: a page saved under
    ``下载/2026-06-09/`` names its paper on its masthead, and the folder's name is only where
    someone put it. Fields the page does not print keep what the path gave.
    """
    if path.name in load_manifest(path.parent)[0]:
        return found
    try:
        text = _checked(path)[1]
    except PageFileError:
        return found  # the dialog and the import say why
    printed = read_furniture(text)
    return PageMeta(
        printed.newspaper or found.newspaper,
        printed.date or found.date,
        printed.page or found.page,
    )


def _checked(path: Path) -> tuple[bytes, str]:
    """The file's bytes and its text, or PageFileError saying why it is no page file:
    a text page is decoded, a PDF opened and its text layer read."""
    if not is_pdf(path):
        raw = read_page_bytes(path)
        return raw, decode_page(raw).text
    from reader.pdf import MAX_PDF_BYTES, PdfFileError, pdf_text

    try:
        text = pdf_text(path)
        with path.open("rb") as handle:
            raw = handle.read(MAX_PDF_BYTES + 1)
    except PdfFileError as exc:
        raise PageFileError(str(exc)) from exc
    except OSError as exc:
        raise PageFileError(f"无法读取文件 (unreadable: {exc.strerror or exc})") from exc
    return raw, text


def _import_one(library: Path, item: ImportItem, contents: _LibraryContents) -> Path:
    try:
        raw = _checked(item.source)[0]
    except PageFileError as exc:
        raise ImportRefused(str(exc)) from exc
    meta = check_meta(item.meta)
    twin = contents.find(raw)
    if twin is not None:
        raise ImportRefused(f"已在书库中：{twin.relative_to(library)} (already in the library)")
    folder = _folder_for(library, meta)
    target = _target_for(folder, item.source, meta)
    _write_transaction(folder, target, raw, meta)
    contents.add(target, raw)
    return target


def _folder_for(library: Path, meta: PageMeta) -> Path:
    folder = library / (meta.newspaper or UNFILED_FOLDER)
    if meta.date is not None:
        folder /= meta.date.isoformat()
    # Validation keeps names to one component; this guards the invariant itself.
    if not folder.resolve().is_relative_to(library.resolve()):
        raise ImportRefused(f"目标文件夹不在书库内 (outside the library: {folder})")
    return folder


def _target_for(folder: Path, source: Path, meta: PageMeta) -> Path:
    if meta.page is not None:
        suffix = ".pdf" if is_pdf(source) else ".txt"
        target = folder / f"{meta.page:02d}{suffix}"
        # the page's text and its PDF would be the same page twice in the library
        for existing in (folder / f"{meta.page:02d}{other}" for other in (".txt", ".pdf")):
            if existing.exists():
                raise ImportRefused(
                    f"该期第{meta.page}版已有另一份文字：{existing.name}，未覆盖 "
                    "(a different text of this page is already in the library)"
                )
        return target
    return _free_name(folder / _safe_file_name(source))


def _safe_file_name(source: Path) -> str:
    """The source's name if it is a portable page file name, else one made from it."""
    name = source.name
    printable = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    stem = "".join(
        "_" if char in _RESERVED or unicodedata.category(char).startswith("C") else char
        for char in Path(printable).stem
    ).strip(" .")
    suffix = source.suffix.lower() if source.suffix.lower() in PAGE_SUFFIXES else ".txt"
    return f"{(stem or 'page')[:MAX_NAME_CHARS]}{suffix}"


def _free_name(path: Path) -> Path:
    candidate, number = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate


def _write_transaction(folder: Path, target: Path, raw: bytes, meta: PageMeta) -> None:
    """Page file and manifest entry together, or neither."""
    created = [parent for parent in (folder.parent, folder) if not parent.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{uuid.uuid4().hex}{_TMP_SUFFIX}"
    placed = False
    try:
        with tmp.open("xb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        placed = True
        sync_folder(folder)
        if meta.newspaper or meta.date or meta.page:
            _add_to_manifest(folder, target.name, meta)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        if placed:
            with contextlib.suppress(OSError):
                target.unlink()
        for parent in reversed(created):  # folders this import made, now empty again
            with contextlib.suppress(OSError):
                parent.rmdir()
        raise


def _add_to_manifest(folder: Path, name: str, meta: PageMeta) -> None:
    """Record the confirmed metadata in the folder's manifest (the most trusted source).

    The entry's values are written by a TOML writer and appended, so what the user wrote by
    hand (comments included) stays; the result is parsed back before it replaces the old
    file, and where appending cannot work the whole manifest is written anew.
    """
    manifest = folder / MANIFEST_NAME
    _, problems = load_manifest(folder)
    if problems:
        raise ImportRefused(f"{MANIFEST_NAME} 无法读取，未改动，请先修正它 (broken manifest)")
    existing = manifest.read_text(encoding="utf-8-sig") if manifest.exists() else ""
    entry: dict[str, object] = {"file": name}
    if meta.newspaper:
        entry["newspaper"] = meta.newspaper
    if meta.date:
        entry["date"] = meta.date
    if meta.page:
        entry["page"] = meta.page
    text = existing.rstrip("\n") + ("\n\n" if existing.strip() else "")
    text += "[[page]]\n" + tomli_w.dumps(entry)
    try:
        tomllib.loads(text)  # never replace a readable manifest with an unreadable one
    except tomllib.TOMLDecodeError:
        # e.g. a hand-written inline ``page = [...]`` cannot take a [[page]] table after it
        data = tomllib.loads(existing)
        data.setdefault("page", []).append(entry)
        text = tomli_w.dumps(data)
    atomic_write_bytes(manifest, text.encode("utf-8"))


class _LibraryContents:
    """Which files the library already holds, to recognise a file imported twice.

    Files are compared by size first and hashed only when sizes match, so a large library
    costs one listing, not one read per page.
    """

    def __init__(self, library: Path) -> None:
        self._by_size: dict[int, list[Path]] = {}
        self._digests: dict[Path, str] = {}
        for found in find_page_files([library]):
            with contextlib.suppress(OSError):
                if found.path.is_file():
                    self._by_size.setdefault(found.path.stat().st_size, []).append(found.path)

    def find(self, raw: bytes) -> Path | None:
        candidates = self._by_size.get(len(raw), [])
        if not candidates:
            return None
        digest = hashlib.sha256(raw).hexdigest()
        for path in candidates:
            if self._digest(path) == digest:
                return path
        return None

    def add(self, path: Path, raw: bytes) -> None:
        self._by_size.setdefault(len(raw), []).append(path)
        self._digests[path] = hashlib.sha256(raw).hexdigest()

    def _digest(self, path: Path) -> str | None:
        if path not in self._digests:
            try:
                self._digests[path] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                return None
        return self._digests[path]
