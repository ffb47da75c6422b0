"""The benchmark's yardstick: the same stories in a plain SQLite FTS5 table over jieba words.

This is what a simple implementation would do (stdlib sqlite3, jieba in worker processes,
words joined by spaces for FTS5's unicode61 tokenizer; jieba cuts every text afresh, without
our engine's block cache). It does not find substrings of jieba
words, single characters inside words, or words cut differently by jieba in context; our
engine must, and must still stay within 1.2× of this build time.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from reader.language.segmenter import uncached_words as words
from reader.search.documents import StoryDoc
from reader.search.query import Filter, Negated, Term, parse
from reader.search.workers import worker_pool

_INSERT = "INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?)"


def _row(d: StoryDoc) -> tuple[str, ...]:
    return (
        d.story_id,
        d.newspaper or "",
        d.date or "",
        "," + ",".join(map(str, d.pages)) + ",",
        " ".join(words(d.title)),
        " ".join(words(d.text)),
    )


def _rows(docs: list[StoryDoc]) -> list[tuple[str, ...]]:
    """Worker-process entry point: one batch's rows."""
    return [_row(d) for d in docs]


class Fts5Baseline:
    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(path)
        self.connection.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS stories USING fts5("
            "story_id UNINDEXED, newspaper UNINDEXED, date UNINDEXED, pages UNINDEXED, "
            "title, body)"
        )

    def build(self, docs: list[StoryDoc], workers: int = 1) -> float:
        """Insert every story; jieba runs in ``workers`` processes (as many as ours use, so
        the build ratio compares equal hardware), SQLite in this one."""
        started = time.perf_counter()
        with self.connection:
            if workers <= 1:
                self.connection.executemany(_INSERT, (_row(d) for d in docs))
            else:
                batches = [docs[i : i + 256] for i in range(0, len(docs), 256)]
                with worker_pool(workers, set()) as (pool, _stop):
                    for rows in pool.map(_rows, batches):
                        self.connection.executemany(_INSERT, rows)
        return time.perf_counter() - started

    def search(self, text: str, limit: int = 20) -> tuple[int, list[str]]:
        """(total, top story ids) for the query's positive words and filters."""
        match, where, params = _translate(text)
        if not match:
            return 0, []
        sql = f"FROM stories WHERE stories MATCH ?{where}"
        total = self.connection.execute(f"SELECT count(*) {sql}", [match, *params]).fetchone()[0]
        rows = self.connection.execute(
            f"SELECT story_id {sql} ORDER BY rank LIMIT ?", [match, *params, limit]
        ).fetchall()
        return total, [row[0] for row in rows]

    def close(self) -> None:
        self.connection.close()


def _translate(text: str) -> tuple[str, str, list[str]]:
    parts, where, params = [], "", []
    for clause in parse(text).clauses:
        if isinstance(clause, Term):
            tokens = [w.replace('"', '""') for w in words(clause.text)]
            if tokens:
                parts.append('"' + " ".join(tokens) + '"')
        elif isinstance(clause, Filter) and clause.field == "newspaper":
            where += " AND newspaper = ?"
            params.append(clause.low)
        elif isinstance(clause, Filter) and clause.field == "date":
            where += " AND date BETWEEN ? AND ?"
            params.extend([clause.low, clause.high or clause.low])
        elif isinstance(clause, Filter) and clause.field == "page":
            where += " AND pages LIKE ?"
            params.append(f"%,{clause.low},%")
        elif isinstance(clause, Negated):
            continue
    return " AND ".join(parts), where, params
