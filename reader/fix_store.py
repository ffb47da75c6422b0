"""A library's fixes in SQLite (one database per library, in the user data folder).

Fixes are kept in the order they were made (they apply in that order). Each write is one
transaction in WAL mode; a fix is known by its uid, so importing a file of fixes twice adds
nothing. A damaged database is put aside under a name that says so and a fresh one started.
Exports are a JSON file written atomically.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from pathlib import Path

from reader.atomic import atomic_write_text
from reader.fixes import Fix, FixRefused
from reader.user_db import UserDatabase

log = logging.getLogger(__name__)

EXPORT_FORMAT = "newspaper-reader-fixes"
EXPORT_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS fixes (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    uid     TEXT NOT NULL UNIQUE,
    body    TEXT NOT NULL,
    created REAL NOT NULL
);
"""


class FixStore(UserDatabase):
    """The fixes of one library, oldest first."""

    SCHEMA = _SCHEMA
    TABLE = "fixes"
    COLUMNS = ("seq", "uid", "body", "created")

    # -- reading ----------------------------------------------------------------------
    def all(self) -> list[Fix]:
        rows = self._db.execute("SELECT body FROM fixes ORDER BY seq").fetchall()
        fixes = []
        for (body,) in rows:
            try:
                fixes.append(Fix.from_json(json.loads(body)))
            except (ValueError, FixRefused):
                log.error("unreadable fix in %s skipped: %.80s", self.path, body)
        return fixes

    def revision(self) -> str:
        """Changes whenever the stored fixes do ('' when there are none)."""
        uids = [row[0] for row in self._db.execute("SELECT uid FROM fixes ORDER BY seq")]
        if not uids:
            return ""
        return hashlib.sha1("\n".join(uids).encode()).hexdigest()[:16]

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM fixes").fetchone()[0]

    # -- writing ----------------------------------------------------------------------
    def add(self, fix: Fix) -> bool:
        """Store ``fix`` after all others; False when a fix of that uid is already stored."""
        return self.add_all([fix]) == 1

    def add_all(self, fixes: Iterable[Fix]) -> int:
        """Store new fixes in one transaction; returns how many were not stored before."""
        added = 0
        with self._transaction() as db:
            for fix in fixes:
                cursor = db.execute(
                    "INSERT OR IGNORE INTO fixes (uid, body, created) VALUES (?, ?, ?)",
                    (fix.uid, json.dumps(fix.to_json(), ensure_ascii=False), fix.created),
                )
                added += cursor.rowcount
        return added

    def remove(self, uids: Iterable[str]) -> int:
        """Remove the fixes of these uids (one transaction); how many were there."""
        removed = 0
        with self._transaction() as db:
            for uid in uids:
                removed += db.execute("DELETE FROM fixes WHERE uid = ?", (uid,)).rowcount
        return removed

    def pop_last(self) -> Fix | None:
        """Remove and return the fix stored last (None when there is none)."""
        with self._transaction() as db:
            row = db.execute("SELECT seq, body FROM fixes ORDER BY seq DESC LIMIT 1").fetchone()
            if row is None:
                return None
            db.execute("DELETE FROM fixes WHERE seq = ?", (row[0],))
        return Fix.from_json(json.loads(row[1]))

    # -- sharing ----------------------------------------------------------------------
    def export_json(self, path: Path) -> int:
        fixes = self.all()
        data = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "fixes": [fix.to_json() for fix in fixes],
        }
        atomic_write_text(Path(path), json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return len(fixes)


def read_export(path: Path) -> list[Fix]:
    """The fixes in an exported file; FixRefused (nothing read) if it is not one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise FixRefused(f"无法读取 {path}：{exc.strerror or exc}") from exc
    except ValueError as exc:
        raise FixRefused(f"{path} 不是 JSON 文件") from exc
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise FixRefused(f"{path} 不是导出的更正文件")
    if not isinstance(data.get("version"), int) or data["version"] > EXPORT_VERSION:
        raise FixRefused(f"{path} 由更新版本的阅读器导出，请先更新本程序")
    if not isinstance(data.get("fixes"), list):
        raise FixRefused(f"{path} 中没有更正列表")
    return [Fix.from_json(item) for item in data["fixes"]]
