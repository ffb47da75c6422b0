"""Bookmarks in SQLite: transactions, crash safety, exports."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from pagetext import write_unfiled_page

from reader.archive import load_archive
from reader.store import BookmarkStore, parse_tags

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_add_note_tags_remove(tmp_path: Path) -> None:
    story = next(s for s in load_archive([SEEDS]).stories if s.title)
    store = BookmarkStore(tmp_path / "b.sqlite3")
    bookmark = store.add(story)
    assert (bookmark.title, bookmark.newspaper, bookmark.date, bookmark.pages) == (
        story.title,
        "乌海日报",
        "2023-01-26",
        [1],
    )
    store.set_note(story.id, "值得细读")
    store.set_tags(story.id, parse_tags("外交，峰会 外交"))
    again = BookmarkStore(tmp_path / "b.sqlite3")  # another connection sees committed data
    saved = again.get(story.id)
    assert saved.note == "值得细读" and saved.tags == ["外交", "峰会"]
    assert [b.story_id for b in again.all("峰会")] == [story.id] and again.all("经济") == []
    assert again.tags() == sorted(["外交", "峰会"])
    store.add(story)  # adding again keeps the note
    assert again.get(story.id).note == "值得细读"
    store.remove(story.id)
    assert not again.contains(story.id)


def test_a_failing_write_rolls_back(tmp_path: Path) -> None:
    story = next(s for s in load_archive([SEEDS]).stories if s.title)
    store = BookmarkStore(tmp_path / "b.sqlite3")
    store.add(story)
    try:
        with store._transaction() as db:
            db.execute("UPDATE bookmarks SET note = 'half'")
            raise RuntimeError("power cut")
    except RuntimeError:
        pass
    assert store.get(story.id).note == ""


KILLED_MID_WRITE = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from reader.archive import load_archive
    from reader.store import BookmarkStore
    stories = [s for s in load_archive([Path(sys.argv[2])]).stories if s.title]
    store = BookmarkStore(Path(sys.argv[1]))
    store.add(stories[0])
    store._db.execute("BEGIN IMMEDIATE")
    store._db.execute("DELETE FROM bookmarks")
    store._db.execute("INSERT INTO bookmarks VALUES ('x', 't', NULL, NULL, '', '', '', 0, 0)")
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_a_crash_mid_write_loses_nothing_already_saved(tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite3"
    done = subprocess.run(
        [sys.executable, "-c", KILLED_MID_WRITE, str(path), str(SEEDS)], check=False, timeout=120
    )
    assert done.returncode == -signal.SIGKILL
    store = BookmarkStore(path)
    titled = [s for s in load_archive([SEEDS]).stories if s.title]
    assert [b.title for b in store.all()] == [titled[0].title]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_exports(tmp_path: Path) -> None:
    stories = [s for s in load_archive([SEEDS]).stories if s.title]
    store = BookmarkStore(tmp_path / "b.sqlite3")
    store.add(stories[0])
    store.add(stories[1])
    store.set_note(stories[1].id, "备注, 含逗号")
    store.export_markdown(tmp_path / "b.md", missing={stories[0].id})
    markdown = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert (
        f"## {stories[0].title}（不在当前书库）" in markdown and "- 备注：备注, 含逗号" in markdown
    )
    store.export_csv(tmp_path / "b.csv", missing={stories[0].id})
    with (tmp_path / "b.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["编号"]: r["不在当前书库"] for r in rows} == {stories[0].id: "是", stories[1].id: ""}
    assert {r["标题"] for r in rows} == {stories[0].title, stories[1].title}
    assert rows[0]["备注"] == "备注, 含逗号" and not list(tmp_path.glob("*.tmp"))
    os.remove(tmp_path / "b.md")


def _story():
    return next(s for s in load_archive([SEEDS]).stories if s.title)


def test_damaged_database_is_set_aside_and_a_fresh_one_starts(tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite3"
    path.write_bytes(b"this is not a database, it was overwritten by something" * 100)
    original = path.read_bytes()
    store = BookmarkStore(path)
    assert store.set_aside is not None and store.set_aside.read_bytes() == original
    store.add(_story())
    assert len(store.all()) == 1
    store.close()
    assert BookmarkStore(path).set_aside is None  # the fresh one is fine next time


def test_database_damaged_inside_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite3"
    store = BookmarkStore(path)
    store.add(_story())
    store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = bytearray(path.read_bytes())
    data[4096:8192] = os.urandom(4096)  # scribble over the bookmarks table's page
    path.write_bytes(bytes(data))
    again = BookmarkStore(path)
    assert again.set_aside is not None and again.all() == []


def test_a_table_of_another_shape_is_not_used(tmp_path: Path) -> None:
    path = tmp_path / "b.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE bookmarks (x INTEGER)")
    db.commit()
    db.close()
    store = BookmarkStore(path)
    assert store.set_aside is not None
    store.add(_story())
    assert len(store.all()) == 1


def test_a_bookmark_follows_its_story_when_the_page_is_filed(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    loose, filed = write_unfiled_page(library)
    before = load_archive([library]).stories
    (story,) = before
    assert story.pages[0].meta.newspaper is None  # the case: made before filing
    store = BookmarkStore(tmp_path / "b.sqlite3")
    store.add(story)
    store.set_note(story.id, "步道")
    filed.parent.mkdir(parents=True)
    loose.rename(filed)
    (after,) = load_archive([library]).stories
    assert after.id != story.id  # filing renamed it: without following, the bookmark is lost
    moves = store.follow([after])
    assert [(b.story_id, s.id) for b, s in moves] == [(story.id, after.id)]
    (kept,) = store.all()
    assert (kept.story_id, kept.note, kept.newspaper, kept.date, kept.pages) == (
        after.id,
        "步道",
        "乌海日报",
        "2025-06-18",
        [3],
    )
    assert store.follow([after]) == []  # nothing lost any more


def test_a_lost_bookmark_does_not_guess_between_stories_or_places(tmp_path: Path) -> None:
    """Elsewhere than the bookmark said (another paper), or two candidates: it stays lost."""
    from dataclasses import replace

    stories = [s for s in load_archive([SEEDS]).stories if s.title]
    store = BookmarkStore(tmp_path / "b.sqlite3")
    made = store.add(stories[0])
    store.remove(made.story_id)
    store.restore(replace(made, story_id="sgone", newspaper="别的报"))  # made in another paper
    assert store.follow(stories) == [] and store.get("sgone") is not None
    store.remove("sgone")
    store.restore(replace(made, story_id="sgone", newspaper=None, date=None, pages=[]))
    assert store.follow([*stories, _same_headline_elsewhere(stories[0])]) == []
    assert [s.id for _, s in store.follow(stories)] == [made.story_id]


def _same_headline_elsewhere(story):
    import copy

    twin = copy.copy(story)
    twin.id = story.id + "~twin"
    return twin
