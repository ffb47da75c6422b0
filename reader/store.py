"""Bookmarks in SQLite, keyed by the stable story id.

Every write is one transaction (SQLite's journal makes a crash mid-write roll back to the
last saved state), and a bookmark whose story left the library is kept and reported as
missing, never dropped. Exports are written to a temp file and then renamed into place.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reader.atomic import atomic_write_text
from reader.model import Story
from reader.user_db import UserDatabase

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


class BookmarkStore(UserDatabase):
    """The user's bookmarks, in a SQLite database file."""

    SCHEMA = _SCHEMA
    TABLE = "bookmarks"
    COLUMNS = ("story_id", "title", "newspaper", "date", "pages", "note", "tags")

    def add(self, story: Story) -> Bookmark:
        now = time.time()
        with self._transaction() as db:
            db.execute(
                "INSERT INTO bookmarks (story_id, title, newspaper, date, pages, created, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(story_id) DO UPDATE SET"
                " title=excluded.title, newspaper=excluded.newspaper, date=excluded.date,"
                " pages=excluded.pages, updated=excluded.updated",
                (story.id, *_story_fields(story), now, now),
            )
        bookmark = self.get(story.id)
        assert bookmark is not None
        return bookmark

    def follow(self, stories: Iterable[Story]) -> list[tuple[Bookmark, Story]]:
        """Bookmarks whose story id left the library follow the story they were made on.

        A story id covers its page's paper, date and number, so filing a page that had none
        renames every story on it. A lost bookmark moves to the one
        unbookmarked story that prints its headline (an untitled one: its opening words)
        where the bookmark says it was: same paper, date and pages wherever the bookmark
        knew them. Two such stories and it stays where it is, reported missing, rather than
        guessing. Returns what moved (bookmark as it was, story it now names).
        """
        present = {story.id: story for story in stories}
        every = self.all()
        lost = [b for b in every if b.story_id not in present]
        if not lost:
            return []
        marked = {b.story_id for b in every}
        by_title: dict[str, list[Story]] = {}
        for story in present.values():
            if story.id not in marked:
                by_title.setdefault(_story_fields(story)[0], []).append(story)
        moves = []
        for bookmark in lost:
            found = [s for s in by_title.get(bookmark.title, ()) if _made_on(bookmark, s)]
            if len(found) == 1 and found[0].id not in marked:
                moves.append((bookmark, found[0]))
                marked.add(found[0].id)
        with self._transaction() as db:
            for bookmark, story in moves:
                db.execute(
                    "UPDATE bookmarks SET story_id = ?, title = ?, newspaper = ?, date = ?,"
                    " pages = ? WHERE story_id = ?",
                    (story.id, *_story_fields(story), bookmark.story_id),
                )
        return moves

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

    # -- export -----------------------------------------------------------------------
    def export_markdown(self, path: Path, missing: set[str] = frozenset()) -> None:
        lines = ["# 书签", ""]
        for b in self.all():
            where = " · ".join(filter(None, [b.newspaper, b.date, _pages_label(b.pages)]))
            gone = "（不在当前书库）" if b.story_id in missing else ""
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
        # headed in the readers' language: the file is for a spreadsheet, not a program
        writer.writerow(CSV_HEADER)
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
                    "是" if b.story_id in missing else "",
                ]
            )
        atomic_write_text(path, buffer.getvalue(), encoding="utf-8-sig")  # Excel reads the BOM


CSV_HEADER = ("编号", "标题", "报纸", "日期", "版次", "标签", "备注", "不在当前书库")


def _story_fields(story: Story) -> tuple[str, str | None, str | None, str]:
    """What a bookmark keeps of its story: title (or opening words), paper, date, pages."""
    meta = story.pages[0].meta
    pages = ",".join(str(p.meta.page) for p in story.pages if p.meta.page is not None)
    title = story.title or story.lead.display_title
    return title, meta.newspaper, meta.date.isoformat() if meta.date else None, pages


def _made_on(bookmark: Bookmark, story: Story) -> bool:
    """Whether ``story`` stands where ``bookmark`` says its story stood, as far as the
    bookmark knew (a page filed later had no paper, date or number when it was made)."""
    _, newspaper, date, pages = _story_fields(story)
    numbers = [int(p) for p in pages.split(",") if p]
    return (
        bookmark.newspaper in (None, newspaper)
        and bookmark.date in (None, date)
        and (not bookmark.pages or bookmark.pages == numbers)
    )


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
