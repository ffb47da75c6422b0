"""Where the app keeps its own files: never inside its install folder (it may be read-only).

Index, bookmarks and settings live in the user's data folder; jieba's cache in the user's
cache folder (platformdirs picks the right place on each system).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "newspaper-reader"


def data_dir() -> Path:
    path = Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def index_dir(library: Path) -> Path:
    """One index per library folder (two libraries never share or clobber an index)."""
    key = hashlib.sha1(str(Path(library).resolve()).encode()).hexdigest()[:12]
    return data_dir() / "index" / f"{Path(library).resolve().name}-{key}"


def bookmarks_db() -> Path:
    return data_dir() / "bookmarks.sqlite3"


def settings_file() -> Path:
    """Window layout, zoom, last story, recent queries (Qt's QSettings, in INI format)."""
    from platformdirs import user_config_dir

    path = Path(user_config_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path / "settings.ini"
