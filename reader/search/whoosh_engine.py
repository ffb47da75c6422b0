"""The Whoosh search engine: build, update, search, close — safely.

Storage, under one folder per library::

    state.json        which index folder is live, complete, and of which schema/analysis
    ix-<n>/           a Whoosh index, plus signatures.json ({story id: content signature})

- A full build writes a *new* ``ix-<n>`` while the live one keeps answering; only when the
  build is complete does ``state.json`` (written to a temp file, then replaced) switch to
  it. A build killed half-way (kill -9) leaves the previous index or none, plus a stray
  folder that the next start removes before rebuilding — with a message saying so.
- Incremental updates work in the live index: Whoosh commits are atomic (the table of
  contents is written last), and its write lock is an OS lock that dies with its process.
- Whoosh allows one writer: every write runs on one single-worker executor. Searchers are
  per thread and refreshed after each commit.
- jieba analysis of many stories runs in worker processes, a bounded window at a time.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.searching import Searcher
from whoosh.writing import LockError, SegmentWriter

from reader.archive import Archive
from reader.atomic import atomic_write_text
from reader.search.codec import ReaderCodec
from reader.search.docsets import DocSets
from reader.search.documents import StoryDoc, analyze, analyze_batch, story_doc
from reader.search.engine import (
    BuildReport,
    Hit,
    Progress,
    Results,
    SearchRequest,
    Sort,
)
from reader.search.query import (
    Filter,
    ParsedQuery,
    QuerySyntaxError,
    parse,
)
from reader.search.schema import ANALYSIS_VERSION, SCHEMA_VERSION, build_schema
from reader.search.segment_writer import BulkSegmentWriter
from reader.search.segmenter import tokenizer
from reader.search.snippets import make_snippet

STATE_FILE = "state.json"
SIGNATURES_FILE = "signatures.json"
COMMIT_EVERY = 4000  # an in-process build commits (and becomes searchable) in such steps
POOL_THRESHOLD = 400  # fewer stories are analysed in-process (a pool costs ~1 s to start)
BATCH = 64
WRITER_MB = 256
MAX_SEGMENTS = 24  # updates merge small segments only past this many


class IndexBusyError(RuntimeError):
    """Another program holds the index's write lock."""


def atomic_write_json(path: Path, data: object) -> None:
    atomic_write_text(path, json.dumps(data, ensure_ascii=False))


class WhooshEngine:
    """A search index over one library's stories, stored under ``root``."""

    def __init__(self, root: Path, workers: int | None = None) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self.messages: list[str] = []  # what recovery did, for the user
        self.lock_timeout = 5.0  # seconds to wait for another program's write lock
        self._writes = ThreadPoolExecutor(max_workers=1, thread_name_prefix="index-writer")
        self._lock = threading.RLock()
        self._local = threading.local()
        self._generation = 0
        self._ix: whoosh_index.Index | None = None  # the live, complete index
        self._partial: whoosh_index.Index | None = None  # a first build, as far as committed
        self._building = False
        self._needs_rebuild = False
        self._state: dict = {}
        self._docs: dict[tuple[int, ...], tuple[tuple, StoryDoc]] = {}
        self._open_existing()

    # -- opening and recovery -----------------------------------------------------------
    def _open_existing(self) -> None:
        state = self._read_state()
        live = state.get("active") if state else None
        self._remove_stray(keep=live)
        if not state:
            return
        self._state = state
        if (state.get("schema"), state.get("analysis")) != (SCHEMA_VERSION, ANALYSIS_VERSION):
            self.messages.append("索引格式已更新，重新建立索引。")
            self._needs_rebuild = True
            return
        try:
            ix = whoosh_index.open_dir(str(self.root / live))
            with ix.searcher() as searcher:
                searcher.doc_count()
            self._ix = ix
        except Exception as exc:  # a corrupt or unreadable index is rebuilt, never fatal
            self.messages.append(f"索引已损坏（{type(exc).__name__}），重新建立索引。")
            self._needs_rebuild = True

    def _read_state(self) -> dict | None:
        path = self.root / STATE_FILE
        try:
            state = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            self.messages.append("索引状态文件已损坏，重新建立索引。")
            return None
        if not isinstance(state, dict) or not state.get("complete") or not state.get("active"):
            return None
        return state

    def _remove_stray(self, keep: str | None, interrupted: bool = True) -> None:
        """Delete index folders other than the live one: leftovers of a killed build
        (``interrupted``), or the index a finished build replaced."""
        stray = [p for p in self.root.glob("ix-*") if p.is_dir() and p.name != keep]
        if stray and interrupted:
            self.messages.append("上次建立索引时中断，已清理未完成的索引。")
        for path in stray:
            shutil.rmtree(path, ignore_errors=True)

    # -- status -----------------------------------------------------------------------
    @property
    def needs_build(self) -> bool:
        return self._ix is None or self._needs_rebuild

    @property
    def building(self) -> bool:
        return self._building

    @property
    def library_stamp(self) -> str | None:
        return self._state.get("library")

    def document_count(self) -> int:
        searcher = self._searcher()
        return searcher.doc_count() if searcher is not None else 0

    # -- writing (always on the single writer thread) -----------------------------------
    def submit_build(
        self, archive: Archive, progress: Progress | None = None, stamp: str | None = None
    ) -> Future[BuildReport]:
        return self._writes.submit(self._build, archive, progress, stamp)

    def submit_update(
        self, archive: Archive, progress: Progress | None = None, stamp: str | None = None
    ) -> Future[BuildReport]:
        return self._writes.submit(self._update, archive, progress, stamp)

    def build(self, archive: Archive, progress: Progress | None = None) -> BuildReport:
        return self.submit_build(archive, progress).result()

    def update(self, archive: Archive, progress: Progress | None = None) -> BuildReport:
        return self.submit_update(archive, progress).result()

    def _build(self, archive: Archive, progress: Progress | None, stamp: str | None) -> BuildReport:
        started = time.perf_counter()
        docs = self._documents(archive)
        folder = self.root / f"ix-{time.time_ns()}"
        folder.mkdir()
        ix = whoosh_index.create_in(str(folder), build_schema())
        self._building = True
        try:
            if self._ix is None:
                self._partial = ix
            self._write_all(ix, docs, progress)
            atomic_write_json(folder / SIGNATURES_FILE, {d.story_id: d.signature for d in docs})
            state = {
                "active": folder.name,
                "complete": True,
                "schema": SCHEMA_VERSION,
                "analysis": ANALYSIS_VERSION,
                "library": stamp,
                "stories": len(docs),
            }
            atomic_write_json(self.root / STATE_FILE, state)
            with self._lock:
                previous = self._ix
                self._ix, self._partial, self._state = ix, None, state
                self._needs_rebuild = False
                self._generation += 1
            if previous is not None:
                previous.close()
            self._remove_stray(keep=folder.name, interrupted=False)
        finally:
            self._building = False
            self._partial = None
        seconds = time.perf_counter() - started
        return BuildReport(len(docs), 0, 0, seconds, full=True)

    def _write_all(
        self, ix: whoosh_index.Index, docs: list[StoryDoc], progress: Progress | None
    ) -> None:
        """Write every story; searches see each committed chunk as it lands."""
        if len(docs) < POOL_THRESHOLD or self.workers <= 1:
            self._write_in_process(ix, docs, progress)
        else:
            self._write_in_workers(ix, docs, progress)

    def _committed(self) -> None:
        with self._lock:
            self._generation += 1

    def _write_in_process(
        self, ix: whoosh_index.Index, docs: list[StoryDoc], progress: Progress | None
    ) -> None:
        tokenizer()
        writer = BulkSegmentWriter(ix, codec=ReaderCodec())
        try:
            for done, doc in enumerate(docs, start=1):
                writer.add_document(**analyze(doc))
                if done % COMMIT_EVERY == 0:
                    writer.commit(merge=False)
                    self._committed()
                    writer = BulkSegmentWriter(ix, codec=ReaderCodec())
                if progress is not None and (done % 50 == 0 or done == len(docs)):
                    progress(done, len(docs), "建立索引")
            writer.commit(merge=False)
            self._committed()
        except BaseException:
            writer.cancel()
            raise

    def _write_in_workers(
        self, ix: whoosh_index.Index, docs: list[StoryDoc], progress: Progress | None
    ) -> None:
        """Each worker process analyses a chunk (jieba) and writes it as a whole segment;
        this process adds the finished segments to the index, in order, one commit each.
        Whoosh's pure-Python posting pipeline, not only jieba, then runs on every core."""
        # one segment per worker: every segment costs each later query a set-up (~5 ms)
        size = -(-len(docs) // self.workers)
        chunks = [docs[i : i + size] for i in range(0, len(docs), size)]
        folder = str(Path(ix.storage.folder))
        done = 0
        with ProcessPoolExecutor(
            max_workers=self.workers, mp_context=get_context("spawn"), initializer=tokenizer
        ) as pool:
            futures = [pool.submit(write_segment, folder, n, c) for n, c in enumerate(chunks)]
            for part, (chunk, future) in enumerate(zip(chunks, futures, strict=True)):
                segment, files = future.result()
                work = Path(f"{folder}.part-{part}")
                for name in files:
                    (work / name).replace(Path(folder) / name)
                shutil.rmtree(work, ignore_errors=True)
                ix.writer(codec=ReaderCodec()).commit(mergetype=_adding(segment))
                self._committed()
                done += len(chunk)
                if progress is not None:
                    progress(done, len(docs), "建立索引")

    def _update(
        self, archive: Archive, progress: Progress | None, stamp: str | None
    ) -> BuildReport:
        if self.needs_build:
            return self._build(archive, progress, stamp)
        started = time.perf_counter()
        assert self._ix is not None
        folder = self.root / self._state["active"]
        docs = {doc.story_id: doc for doc in self._documents(archive)}
        known = self._signatures(folder)
        changed = [d for d in docs.values() if known.get(d.story_id) != d.signature]
        removed = [sid for sid in known if sid not in docs]
        if changed or removed:
            try:
                writer = self._ix.writer(
                    limitmb=WRITER_MB, timeout=self.lock_timeout, codec=ReaderCodec()
                )
            except LockError as exc:
                raise IndexBusyError("另一个程序正在写入索引，请稍后再试。") from exc
            try:
                for sid in removed:
                    writer.delete_by_term("story_id", sid)
                for done, fields in enumerate(self._analyzed(changed), start=1):
                    writer.update_document(**fields)
                    if progress is not None:
                        progress(done, len(changed), "更新索引")
                # merging segments rewrites their postings: only worth it once they pile up
                writer.commit(merge=len(self._ix._segments()) > MAX_SEGMENTS)
            except BaseException:
                writer.cancel()
                raise
            atomic_write_json(
                folder / SIGNATURES_FILE, {d.story_id: d.signature for d in docs.values()}
            )
        self._state = {**self._state, "library": stamp, "stories": len(docs)}
        atomic_write_json(self.root / STATE_FILE, self._state)
        with self._lock:
            self._generation += 1
        seconds = time.perf_counter() - started
        return BuildReport(
            len(changed), len(removed), len(docs) - len(changed), seconds, full=False
        )

    def _documents(self, archive: Archive) -> list[StoryDoc]:
        """Index documents of every story, reused while a story's fragments are the same
        objects.

        Re-reading a library reuses the Article objects of unchanged pages, so only stories
        touching a changed page pay for their document and signature again. The cache keeps
        those articles alive (their ids cannot be recycled) and only this archive's entries.
        """
        previous, self._docs = self._docs, {}
        docs = []
        for story in archive.stories:
            key = tuple(id(article) for article in story.fragments)
            hit = previous.get(key)
            doc = hit[1] if hit is not None and hit[1].story_id == story.id else story_doc(story)
            self._docs[key] = (tuple(story.fragments), doc)
            docs.append(doc)
        return docs

    def _signatures(self, folder: Path) -> dict[str, str]:
        try:
            data = json.loads((folder / SIGNATURES_FILE).read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}  # unknown signatures only cost re-indexing those stories

    def _analyzed(self, docs: list[StoryDoc]) -> Iterator[dict]:
        """Analysed documents in order; jieba in worker processes when there are many."""
        if len(docs) < POOL_THRESHOLD or self.workers <= 1:
            tokenizer()
            yield from map(analyze, docs)
            return
        batches = [docs[i : i + BATCH] for i in range(0, len(docs), BATCH)]
        with ProcessPoolExecutor(
            max_workers=self.workers, mp_context=get_context("spawn"), initializer=tokenizer
        ) as pool:
            yield from _windowed(pool, batches, window=self.workers * 3)

    # -- searching --------------------------------------------------------------------
    def _searcher(self) -> Searcher | None:
        with self._lock:
            ix = self._ix if self._ix is not None else self._partial
            generation = self._generation
        if ix is None:
            return None
        local = self._local
        searcher: Searcher | None = getattr(local, "searcher", None)
        current = (
            getattr(local, "ix", None) is ix and getattr(local, "generation", -1) == generation
        )
        if searcher is None or not current:
            # Not Searcher.refresh(): it reuses segment readers whose deletions changed, so
            # stories deleted by an update would still be found.
            if searcher is not None:
                searcher.close()
            try:
                searcher = ix.searcher()
            except Exception:  # a first build has not committed anything yet
                return None
            local.searcher, local.ix, local.generation = searcher, ix, generation
            local.docsets = DocSets(searcher)
        return searcher

    def search(self, request: SearchRequest) -> Results:
        started = time.perf_counter()
        results = Results(query=request.query, building=self._building or self.needs_build)
        try:
            parsed = _with_filters(parse(request.query), request)
        except QuerySyntaxError as exc:
            results.error = str(exc)
            return results
        searcher = self._searcher()
        if searcher is None:
            results.error = "索引建立中，请稍候再搜索。"
            return results
        results.needles = [t.text for t in parsed.terms()]
        results.total, page = self._ranked(searcher, parsed, request)
        results.hits = [
            self._hit(searcher, docnum, score, results.needles) for docnum, score in page
        ]
        results.ms = (time.perf_counter() - started) * 1000
        return results

    def _ranked(
        self, searcher: Searcher, parsed: ParsedQuery, request: SearchRequest
    ) -> tuple[int, list[tuple[int, float]]]:
        """The number of exact matches, and (docnum, score) of those on the requested page."""
        docsets: DocSets = self._local.docsets
        exact = docsets.evaluate(parsed)
        # a plain "newest" (from a widget) is as good as Sort.NEWEST
        top = docsets.top(exact, parsed, Sort(request.sort), request.offset + request.limit)
        return len(exact), top[request.offset :]

    def _hit(self, searcher: Searcher, docnum: int, score: float, needles: list[str]) -> Hit:
        stored = searcher.stored_fields(docnum)
        data = stored["data"]
        return Hit(
            story_id=stored["story_id"],
            article_id=data["article_id"],
            title=data["title"],
            newspaper=data["newspaper"],
            date=data["date"],
            pages=list(data["pages"]),
            snippet=make_snippet(data["text"] or data["title"], needles),
            score=float(score),
            kind=data["kind"],
        )

    def close(self) -> None:
        self._writes.shutdown(wait=True)
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            searcher.close()
            self._local.searcher = None
        with self._lock:
            if self._ix is not None:
                self._ix.close()
            self._ix = None


def write_segment(folder: str, part: int, docs: list[StoryDoc]) -> tuple[object, list[str]]:
    """Worker-process entry point: analyse ``docs`` and write them as one finished segment.

    It is written in a private sub-folder (a commit deletes every file of the index folder
    that its table of contents does not name, so a segment still being written must not
    live there), and returned with its file names for the parent to move in and add to the
    table of contents — what Whoosh's own multi-segment writer does, minus fork and the
    documents passed through temp files.
    """
    work = Path(f"{folder}.part-{part}")  # beside the index: a killed build's is stray too
    work.mkdir()
    ix = whoosh_index.create_in(str(work), build_schema())
    writer = BulkSegmentWriter(ix, codec=ReaderCodec())
    for doc in docs:
        writer.add_document(**analyze(doc))
    segment = writer._finalize_segment()
    writer._finish()  # release the sub-folder's lock and temp files (no commit there)
    files = [p.name for p in work.iterdir() if p.name.startswith(segment.segment_id())]
    if not files:
        raise RuntimeError(f"segment {segment.segment_id()} wrote no files in {work}")
    return segment, files


def _adding(segment: object) -> Callable[[SegmentWriter, list], list]:
    """A Whoosh merge policy that keeps every segment and adds a finished one."""

    def policy(writer: SegmentWriter, segments: list) -> list:
        return [*segments, segment]

    return policy


def _with_filters(parsed: ParsedQuery, request: SearchRequest) -> ParsedQuery:
    """The panel's filter widgets are just more clauses."""
    extra: list[Filter] = []
    if request.newspaper:
        extra.append(Filter("newspaper", request.newspaper))
    if request.date_from or request.date_to:
        extra.append(
            Filter("date", request.date_from or "0000-00-00", request.date_to or "9999-99-99")
        )
    if request.page is not None:
        extra.append(Filter("page", str(request.page)))
    return ParsedQuery((*parsed.clauses, *extra)) if extra else parsed


def _windowed(pool: ProcessPoolExecutor, batches: list, window: int) -> Iterable[dict]:
    """Results of ``analyze_batch`` in order, with at most ``window`` batches in flight
    (so analysed documents never pile up in memory faster than the writer takes them)."""
    pending: list[Future] = []
    queue = iter(batches)
    for batch in queue:
        pending.append(pool.submit(analyze_batch, batch))
        if len(pending) >= window:
            break
    while pending:
        future = pending.pop(0)
        next_batch = next(queue, None)
        if next_batch is not None:
            pending.append(pool.submit(analyze_batch, next_batch))
        yield from future.result()
