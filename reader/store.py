"""Bookmarks in SQLite, keyed by the stable story id.

Every write is one transaction (SQLite's journal makes a crash mid-write roll back to the
last saved state), and a bookmark whose story left the library is kept and reported as
missing, never dropped. Exports are written to a temp file and then renamed into place.
"""

from __future__ import annotations

import csv
import io
import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from reader.atomic import atomic_write_text
from reader.model import Story

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS bookmarks (
    story_id  TEXT PRIMARY KEY,
    title     TEXT NOT NULL,
    newspaper TEXT,
    date      TEXT,
    pages     TEXT NOT NULL DEFAULT '',
    note      TEXT NOT NULL DEFAULT '',
    tags      TEXT NOT NULL DEFAULT '',
    created   REAL NOT NULL,
    updated   REAL NOT NULL
);
"""


@dataclass(slots=True)
class Bookmark:
    story_id: str
    title: str
    newspaper: str | None
    date: str | None
    pages: list[int]
    note: str = ""
    tags: list[str] = field(default_factory=list)
    created: float = 0.0
    updated: float = 0.0


def parse_tags(text: str) -> list[str]:
    """Tags as typed: separated by commas (also ，、) or spaces; duplicates dropped."""
    for separator in "，、,;；":
        text = text.replace(separator, " ")
    return list(dict.fromkeys(tag for tag in text.split() if tag))


class BookmarkStore:
    """The user's bookmarks, in a SQLite database file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Where a damaged database was put aside when this store started afresh
        self.set_aside: Path | None = None
        try:
            self._db = self._open()
        except sqlite3.OperationalError:
            raise  # busy, locked or read-only: the file is fine, leave it alone
        except sqlite3.DatabaseError as exc:
            log.error("bookmarks database %s is damaged (%s); setting it aside", self.path, exc)
            self.set_aside = self._put_aside()
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("BEGIN IMMEDIATE")
            db.execute(_SCHEMA)
            db.execute("COMMIT")
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("quick_check failed")
            _bookmark_rows_readable(db)
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _put_aside(self) -> Path:
        """Keep the damaged file (never delete the user's data) under a name that says so."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.damaged-{stamp}")
        number = 2
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.damaged-{stamp}-{number}")
            number += 1
        for suffix in ("", "-wal", "-shm"):
            part = self.path.with_name(self.path.name + suffix)
            if part.exists():
                part.replace(target.with_name(target.name + suffix))
        return target

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def add(self, story: Story) -> Bookmark:
        meta = story.pages[0].meta
        now = time.time()
        pages = ",".join(str(p.meta.page) for p in story.pages if p.meta.page is not None)
        title = story.title or story.lead.display_title
        with self._transaction() as db:
            db.execute(
                "INSERT INTO bookmarks (story_id, title, newspaper, date, pages, created, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(story_id) DO UPDATE SET"
                " title=excluded.title, newspaper=excluded.newspaper, date=excluded.date,"
                " pages=excluded.pages, updated=excluded.updated",
                (
                    story.id,
                    title,
                    meta.newspaper,
                    meta.date.isoformat() if meta.date else None,
                    pages,
                    now,
                    now,
                ),
            )
        bookmark = self.get(story.id)
        assert bookmark is not None
        return bookmark

    def restore(self, bookmark: Bookmark) -> None:
        """Put a removed bookmark back as it was (note, tags and dates), for undo."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO bookmarks (story_id, title, newspaper, date, pages, note,"
                " tags, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    bookmark.story_id,
                    bookmark.title,
                    bookmark.newspaper,
                    bookmark.date,
                    ",".join(map(str, bookmark.pages)),
                    bookmark.note,
                    " ".join(bookmark.tags),
                    bookmark.created,
                    bookmark.updated,
                ),
            )

    def remove(self, story_id: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM bookmarks WHERE story_id = ?", (story_id,))

    def set_note(self, story_id: str, note: str) -> None:
        self._update(story_id, "note", note)

    def set_tags(self, story_id: str, tags: list[str]) -> None:
        self._update(story_id, "tags", " ".join(dict.fromkeys(tags)))

    def _update(self, story_id: str, column: str, value: str) -> None:
        assert column in ("note", "tags")
        with self._transaction() as db:
            db.execute(
                f"UPDATE bookmarks SET {column} = ?, updated = ? WHERE story_id = ?",
                (value, time.time(), story_id),
            )

    def get(self, story_id: str) -> Bookmark | None:
        row = self._db.execute("SELECT * FROM bookmarks WHERE story_id = ?", (story_id,)).fetchone()
        return _bookmark(row) if row else None

    def contains(self, story_id: str) -> bool:
        return self.get(story_id) is not None

    def all(self, tag: str | None = None) -> list[Bookmark]:
        rows = self._db.execute("SELECT * FROM bookmarks ORDER BY created DESC").fetchall()
        bookmarks = [_bookmark(row) for row in rows]
        return [b for b in bookmarks if tag is None or tag in b.tags]

    def tags(self) -> list[str]:
        return sorted({tag for b in self.all() for tag in b.tags})

    def close(self) -> None:
        self._db.close()

    # -- export -----------------------------------------------------------------------
    def export_markdown(self, path: Path, missing: set[str] = frozenset()) -> None:
        lines = ["# 书签", ""]
        for b in self.all():
            where = " · ".join(filter(None, [b.newspaper, b.date, _pages_label(b.pages)]))
            gone = "（已不在库中）" if b.story_id in missing else ""
            lines.append(f"## {b.title}{gone}")
            lines.append("")
            lines.append(f"- 出处：{where}")
            if b.tags:
                lines.append(f"- 标签：{'、'.join(b.tags)}")
            if b.note:
                lines.append(f"- 备注：{b.note}")
            lines.append(f"- 编号：{b.story_id}")
            lines.append("")
        atomic_write_text(path, "\n".join(lines))

    def export_csv(self, path: Path, missing: set[str] = frozenset()) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(
            ["story_id", "title", "newspaper", "date", "pages", "tags", "note", "missing"]
        )
        for b in self.all():
            writer.writerow(
                [
                    b.story_id,
                    b.title,
                    b.newspaper or "",
                    b.date or "",
                    " ".join(map(str, b.pages)),
                    " ".join(b.tags),
                    b.note,
                    "yes" if b.story_id in missing else "",
                ]
            )
        atomic_write_text(path, buffer.getvalue(), encoding="utf-8-sig")  # Excel reads the BOM


def _bookmark_rows_readable(db: sqlite3.Connection) -> None:
    """A table of the right name but the wrong shape is as unusable as a damaged file."""
    columns = [row[1] for row in db.execute("PRAGMA table_info(bookmarks)")]
    expected = ["story_id", "title", "newspaper", "date", "pages", "note", "tags"]
    if columns[: len(expected)] != expected:
        raise sqlite3.DatabaseError(f"unexpected bookmarks table: {columns}")


def _pages_label(pages: list[int]) -> str:
    return "、".join(f"第{p}版" for p in pages)


def _bookmark(row: tuple) -> Bookmark:
    story_id, title, newspaper, date, pages, note, tags, created, updated = row
    return Bookmark(
        story_id,
        title,
        newspaper,
        date,
        [int(p) for p in pages.split(",") if p],
        note,
        tags.split() if tags else [],
        created,
        updated,
    )
