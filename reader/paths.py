"""Where the app keeps its own files: never inside its install folder (it may be read-only).

Index, bookmarks and settings live in the user's data folder; jieba's cache in the user's
cache folder (platformdirs picks the right place on each system).
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir, user_log_dir

APP_NAME = "newspaper-reader"


# Set for the session when the configured data folder cannot be written (see below).
_data_dir_override: Path | None = None


def configured_data_dir() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    path = _data_dir_override or configured_data_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path


def ensure_writable_data_dir() -> str | None:
    """Check that the data folder can be written; if not, use a temporary one and say why.

    Without this a read-only or full data folder stops the app at its first write with a
    traceback. The returned message (None when all is well) explains what the user loses.
    """
    global _data_dir_override
    configured = configured_data_dir()
    try:
        configured.mkdir(parents=True, exist_ok=True)
        probe = configured / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
        return None
    except OSError as exc:
        fallback = Path(tempfile.mkdtemp(prefix=f"{APP_NAME}-"))
        _data_dir_override = fallback
        return (
            f"数据文件夹 {configured} 无法写入（{exc.strerror or exc}）。"
            f"本次改用临时文件夹 {fallback}：书签、导入的版面和索引在退出后不会保留。"
            "请检查该文件夹的权限和磁盘空间。"
        )


def index_dir(library: Path) -> Path:
    """One index per library folder (two libraries never share or clobber an index)."""
    key = hashlib.sha1(str(Path(library).resolve()).encode()).hexdigest()[:12]
    return data_dir() / "index" / f"{Path(library).resolve().name}-{key}"


def fixes_db(folders: LibraryFolders) -> Path:
    """Readers' fixes of one library: beside its index in the user data folder, named like
    it (two libraries never share fixes; the default library has its own)."""
    folder = data_dir() / "fixes"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{folders.index.name}.sqlite3"


def bookmarks_db() -> Path:
    return data_dir() / "bookmarks.sqlite3"


def settings_file() -> Path:
    """Window layout, zoom, last story, recent queries (Qt's QSettings, in INI format)."""
    from platformdirs import user_config_dir

    path = Path(user_config_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path / "settings.ini"


def log_dir() -> Path:
    path = Path(user_log_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def bundled_library() -> Path:
    """The sample library shipped with the app (``seeds/``), also inside a frozen build."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "seeds"
    return Path(__file__).resolve().parent.parent / "seeds"


def user_library_dir() -> Path:
    """Where pages the user imports live when no library folder of their own is open."""
    path = data_dir() / "library"
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True, slots=True)
class LibraryFolders:
    """What the app reads, where imports are written, and where its index lives."""

    roots: tuple[Path, ...]
    import_root: Path
    index: Path

    @property
    def is_default(self) -> bool:
        return len(self.roots) > 1


def library_folders(folder: Path | None) -> LibraryFolders:
    """The folders behind ``--library FOLDER``, or behind the default library.

    The default library is the bundled samples *and* the user's own library in the user
    data folder, read together; imports go to the user's library, because the samples sit
    in the app's own folder, which is read-only when installed and a temporary folder that
    vanishes in a one-file build. A library folder of the user's own (``--library``) is read
    alone and receives its imports itself.
    """
    samples = bundled_library()
    if folder is None or _same_folder(Path(folder), samples):
        user = user_library_dir()
        # keyed by the user's library: the samples' folder moves with every one-file start
        return LibraryFolders((samples, user), user, index_dir(user).with_name("default"))
    return LibraryFolders((Path(folder),), Path(folder), index_dir(Path(folder)))


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
