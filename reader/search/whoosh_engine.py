"""The Whoosh search engine: build, update, search, close — safely.

Storage, under one folder per library::

    index.lock        the inter-process lock: only its holder builds, updates or cleans up
    state.json        which index folder is live, complete, and of which schema/analysis
    ix-<n>/           a Whoosh index, plus signatures.json ({story id: content signature})
                      and checksums.json ({file: [size, crc32]} of every index file)

- A full build writes a *new* ``ix-<n>`` while the live one keeps answering; only when the
  build is complete does ``state.json`` (written to a temp file, then replaced) switch to
  it. A build killed half-way (kill -9) leaves the previous index or none, plus a stray
  folder that the next lock holder removes before rebuilding — with a message saying so.
- One OS lock per index (``lock.IndexLock``) is held by whoever writes: a second program
  waits for it (or reports busy) and meanwhile answers from what is committed; it never
  takes another's build for an interrupted one. Programs follow each other's commits
  through ``state.json``.
- Damage (random bytes on disk, a truncated file) is found by the checksums when an index
  is opened, or by an error while searching; the damaged index is discarded, marked for a
  rebuild (rebuilt at once when the engine knows the archive) and ``messages`` says so.
- Incremental updates work in the live index: Whoosh commits are atomic (the table of
  contents is written last), and its write lock is an OS lock that dies with its process.
- Whoosh allows one writer: every write runs on one single-worker executor. Searchers are
  per thread and refreshed after each commit.
- jieba analysis of many stories runs in worker processes (``workers``) that die with this
  process; ``close()`` cancels a running build and stops them.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import time
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.searching import Searcher
from whoosh.writing import LockError, SegmentWriter

from reader.archive import Archive
from reader.atomic import atomic_write_text
from reader.language.segmenter import tokenizer
from reader.search.codec import ReaderCodec
from reader.search.docsets import DocSets
from reader.search.documents import StoryDoc, analyze, analyze_batch, story_doc
from reader.search.engine import (
    BuildCancelled,
    BuildReport,
    Hit,
    IndexBusyError,
    Progress,
    Results,
    SearchCancelled,
    SearchRequest,
    Sort,
)
from reader.search.lock import IndexLock
from reader.search.printed import restore
from reader.search.query import (
    Filter,
    ParsedQuery,
    QuerySyntaxError,
    date_range,
    parse,
)
from reader.search.schema import ANALYSIS_VERSION, SCHEMA_VERSION, build_schema
from reader.search.segment_writer import BulkSegmentWriter, prepare_worker, write_segment
from reader.search.snippets import make_snippet
from reader.search.suggest import suggest
from reader.search.workers import worker_pool

log = logging.getLogger(__name__)

STATE_FILE = "state.json"
SIGNATURES_FILE = "signatures.json"
CHECKSUMS_FILE = "checksums.json"
NOT_CHECKSUMMED = {SIGNATURES_FILE, CHECKSUMS_FILE, "MAIN_WRITELOCK"}
COMMIT_EVERY = 4000  # an in-process build commits (and becomes searchable) in such steps
POOL_THRESHOLD = 400  # fewer stories are analysed in-process (a pool costs ~1 s to start)
BATCH = 64
WRITER_MB = 256
MAX_SEGMENTS = 24  # updates merge small segments only past this many
# making the story documents is a tight loop on the worker thread; in the window the GUI
# thread still waited 0.1-0.2 s for the interpreter at a time (bench --ui), so the loop
# lets it go after so much work (checked every so many stories). Only after work: each
# hand-over costs the thread its turn (~2 ms under load), and an update, whose stories are
# nearly all reused, paid ~0.25 s of them at 3,000 pages for 0.05 s of work
YIELD_EVERY = 200
YIELD_AFTER = 0.005  # seconds

DAMAGED_SEARCH = "索引已损坏，正在重新建立索引，请稍候再搜索。"
NOT_READY = "索引建立中，请稍候再搜索。"


def atomic_write_json(path: Path, data: object) -> None:
    atomic_write_text(path, json.dumps(data, ensure_ascii=False))


class WhooshEngine:
    """A search index over one library's stories, stored under ``root``."""

    def __init__(self, root: Path, workers: int | None = None) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self.messages: list[str] = []  # what recovery did, for the user
        self.lock_timeout = 5.0  # seconds to wait for another program's Whoosh write lock
        self.wait_timeout = 900.0  # seconds to wait for another program's build to finish
        self._writes = ThreadPoolExecutor(max_workers=1, thread_name_prefix="index-writer")
        self._lock = threading.RLock()
        self._index_lock = IndexLock(self.root)
        self._cancel = threading.Event()  # set by close(): running builds stop
        self._pools: set = set()  # stop events of running worker pools
        self._local = threading.local()
        self._generation = 0
        self._ix: whoosh_index.Index | None = None  # the live, complete index
        self._partial: whoosh_index.Index | None = None  # a first build, as far as committed
        self._building = False
        self._needs_rebuild = False
        self._damaged = False
        self._rebuild: Future[BuildReport] | None = None
        self._archive: Archive | None = None  # the last archive indexed: rebuilt from on damage
        self._stamp: str | None = None
        self._state: dict = {}
        self._state_key: tuple | None = None
        self._docs: dict[bytes, StoryDoc] = {}  # by the story's fragments' ids
        self._pinned: list = []  # those fragments, alive while their ids are keys
        self._open_existing()

    # -- opening and recovery -----------------------------------------------------------
    def _open_existing(self) -> None:
        mine = self._index_lock.acquire(0.0)  # another program building: leave its folders
        try:
            self._state_key = self._stat_state()
            state = self._read_state()
            live = state.get("active") if state else None
            if mine:
                self._remove_stray(keep=live, interrupted=not self._damaged)
            if state:
                self._open_state(state)
        finally:
            if mine:
                self._index_lock.release()

    def _open_state(self, state: dict) -> None:
        """Make ``state``'s index the live one, or note why it must be rebuilt."""
        self._state = state
        if (state.get("schema"), state.get("analysis")) != (SCHEMA_VERSION, ANALYSIS_VERSION):
            self.messages.append("索引格式已更新，重新建立索引。")
            self._needs_rebuild = True
            return
        folder = self.root / state["active"]
        try:
            if _verify(folder) is False:
                raise IndexDamaged("文件校验不符")
            ix = whoosh_index.open_dir(str(folder))
            with ix.searcher() as searcher:
                searcher.doc_count()
        except (ModuleNotFoundError, ImportError) as exc:  # our classes were renamed
            log.info("index written by another version: %s", exc)
            self.messages.append("索引格式已更新，重新建立索引。")
            self._needs_rebuild = True
            return
        except Exception as exc:  # a corrupt or unreadable index is rebuilt, never fatal
            if isinstance(exc, AttributeError) and "Can't get attribute" in str(exc):
                self.messages.append("索引格式已更新，重新建立索引。")
                self._needs_rebuild = True
                return
            log.warning("index %s is damaged", folder, exc_info=True)
            self._discard(_reason(exc))
            return
        with self._lock:
            previous, self._ix = self._ix, ix
            self._needs_rebuild = self._damaged = False
            self._generation += 1
        if previous is not None and previous is not ix:
            previous.close()

    def _stat_state(self) -> tuple | None:
        try:
            st = os.stat(self.root / STATE_FILE)
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def _read_state(self, quiet: bool = False) -> dict | None:
        path = self.root / STATE_FILE
        try:
            state = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            if not quiet:
                self.messages.append("索引状态文件已损坏，重新建立索引。")
            return None
        if not isinstance(state, dict):
            return None
        if state.get("damaged") and not quiet:
            self.messages.append("索引已损坏，需要重新建立索引。")
            self._damaged = True
        if not state.get("complete") or not state.get("active"):
            return None
        return state

    def _write_state(self, state: dict) -> None:
        atomic_write_json(self.root / STATE_FILE, state)
        self._state_key = self._stat_state()

    def _follow_disk(self) -> None:
        """Take up what another program committed (a new build, an update)."""
        key = self._stat_state()
        if key == self._state_key or key is None:
            return
        with self._lock:
            if key == self._state_key:
                return
            self._state_key = key
            state = self._read_state(quiet=True)
            if state is None:
                return  # another program is replacing it, or marked it damaged
            if state.get("active") == self._state.get("active") and self._ix is not None:
                self._state = state
                self._generation += 1  # its updates: reopen searchers
                return
            self._open_state(state)

    def _remove_stray(self, keep: str | None, interrupted: bool = True) -> None:
        """Delete index folders other than the live one: leftovers of a killed build
        (``interrupted``), or the index a finished build replaced. Lock holder only."""
        assert self._index_lock.held
        stray = [p for p in self.root.glob("ix-*") if p.is_dir() and p.name != keep]
        if stray and interrupted:
            self.messages.append("上次建立索引时中断，已清理未完成的索引。")
        for path in stray:
            shutil.rmtree(path, ignore_errors=True)

    def _discard(self, reason: str) -> None:
        """Throw a damaged live index away: searches stop using it, it is rebuilt."""
        with self._lock:
            previous, self._ix = self._ix, None
            self._needs_rebuild = self._damaged = True
            self._generation += 1
            self.messages.append(f"索引已损坏（{reason}），已丢弃，将重新建立索引。")
            archive, stamp = self._archive, self._stamp
        if previous is not None:
            previous.close()
        if self._index_lock.acquire(0.0):  # tell other programs (and the next start)
            try:
                if self._state:
                    self._write_state({**self._state, "complete": False, "damaged": True})
            except OSError:
                log.warning("cannot mark the index damaged", exc_info=True)
            finally:
                self._index_lock.release()
        if archive is not None and not self._cancel.is_set():
            with self._lock:
                if self._rebuild is None or self._rebuild.done():
                    self._rebuild = self._writes.submit(self._build, archive, None, stamp)

    def check(self) -> bool:
        """Verify the live index's files against their checksums (a few ms per 100 MB);
        a damaged index is discarded and rebuilt. True when it is sound."""
        with self._lock:
            folder = self.root / self._state["active"] if self._ix is not None else None
        if folder is None:
            return False
        if _verify(folder) is False:
            self._discard("文件校验不符")
            return False
        return True

    # -- status -----------------------------------------------------------------------
    @property
    def needs_build(self) -> bool:
        return self._ix is None or self._needs_rebuild

    @property
    def ready(self) -> bool:
        """Searches answer from a complete index."""
        return not self.needs_build

    @property
    def building(self) -> bool:
        return self._building

    @property
    def damaged(self) -> bool:
        """The index was found damaged and is not rebuilt yet."""
        return self._damaged

    @property
    def library_stamp(self) -> str | None:
        return self._state.get("library")

    def document_count(self) -> int:
        searcher = self._searcher()[0]
        return searcher.doc_count() if searcher is not None else 0

    def use_archive(self, archive: Archive, stamp: str | None = None) -> None:
        """The archive the index was built from: a damaged index is rebuilt from it on its
        own. (Builds and updates remember theirs; call this when neither was needed.)"""
        with self._lock:
            self._archive, self._stamp = archive, stamp

    def wait_idle(self, timeout: float | None = None) -> None:
        """Wait until every build or update submitted so far has finished."""
        self._writes.submit(lambda: None).result(timeout)

    # -- writing (always on the single writer thread) -----------------------------------
    def submit_build(
        self, archive: Archive, progress: Progress | None = None, stamp: str | None = None
    ) -> Future[BuildReport]:
        self.use_archive(archive, stamp)
        return self._writes.submit(self._build, archive, progress, stamp)

    def submit_update(
        self, archive: Archive, progress: Progress | None = None, stamp: str | None = None
    ) -> Future[BuildReport]:
        self.use_archive(archive, stamp)
        return self._writes.submit(self._update, archive, progress, stamp)

    def build(self, archive: Archive, progress: Progress | None = None) -> BuildReport:
        return self.submit_build(archive, progress).result()

    def update(self, archive: Archive, progress: Progress | None = None) -> BuildReport:
        return self.submit_update(archive, progress).result()

    def _take_lock(self, progress: Progress | None) -> None:
        """Become the index's only writer, waiting while another program builds."""
        if self._index_lock.acquire(0.0):
            return
        if progress is not None:
            progress(0, 0, "等待另一个程序完成索引")
        if not self._index_lock.acquire(self.wait_timeout, self._cancel):
            if self._cancel.is_set():
                raise BuildCancelled("索引建立已取消。")
            raise IndexBusyError("另一个程序正在建立或更新索引，请稍后再试。")

    def _build(self, archive: Archive, progress: Progress | None, stamp: str | None) -> BuildReport:
        self._take_lock(progress)
        try:
            self._follow_disk()
            return self._build_locked(archive, progress, stamp)
        finally:
            self._index_lock.release()

    def _build_locked(
        self, archive: Archive, progress: Progress | None, stamp: str | None
    ) -> BuildReport:
        started = time.perf_counter()
        self._check_cancel()
        # the live (or discarded) index stays until this build replaces it
        self._remove_stray(keep=self._state.get("active"))
        with self._build_pool(len(archive.stories)) as pool:
            docs = self._documents(archive)  # while the pool's workers start
            return self._build_docs(docs, pool, progress, stamp, started)

    def _build_pool(self, stories: int) -> AbstractContextManager:
        """The worker pool a build of so many stories uses (``nullcontext()``: none), its
        workers started at once (``prepare_worker``) so that they load jieba while this
        process makes the stories' documents."""
        if stories < POOL_THRESHOLD or self.workers <= 1:
            return nullcontext()
        return worker_pool(self.workers, self._pools, prepare=prepare_worker)

    def _build_docs(
        self,
        docs: list[StoryDoc],
        pool: tuple[ProcessPoolExecutor, object] | None,
        progress: Progress | None,
        stamp: str | None,
        started: float,
    ) -> BuildReport:
        folder = self.root / f"ix-{time.time_ns()}"
        folder.mkdir()
        ix = whoosh_index.create_in(str(folder), build_schema())
        self._building = True
        try:
            if self._ix is None:
                self._partial = ix
            if pool is None:
                self._write_in_process(ix, docs, progress)
            else:
                self._write_in_workers(ix, docs, progress, *pool)
            atomic_write_json(folder / SIGNATURES_FILE, {d.story_id: d.signature for d in docs})
            _write_checksums(folder)
            state = {
                "active": folder.name,
                "complete": True,
                "schema": SCHEMA_VERSION,
                "analysis": ANALYSIS_VERSION,
                "library": stamp,
                "stories": len(docs),
            }
            self._write_state(state)
            with self._lock:
                previous = self._ix
                self._ix, self._partial, self._state = ix, None, state
                self._needs_rebuild = self._damaged = False
                self._generation += 1
            if previous is not None:
                previous.close()
            self._remove_stray(keep=folder.name, interrupted=False)
        finally:
            self._building = False
            self._partial = None
        seconds = time.perf_counter() - started
        return BuildReport(len(docs), 0, 0, seconds, full=True)

    def _check_cancel(self) -> None:
        if self._cancel.is_set():
            raise BuildCancelled("索引建立已取消。")

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
                if done % 16 == 0:
                    self._check_cancel()
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

    def _result(self, future: Future, stop: object) -> object:
        """A worker's result; raises BuildCancelled (and stops the workers) on close()."""
        while True:
            try:
                return future.result(timeout=0.2)
            except FutureTimeout:
                if self._cancel.is_set():
                    stop.set()  # type: ignore[attr-defined]
                    raise BuildCancelled("索引建立已取消。") from None

    def _write_in_workers(
        self,
        ix: whoosh_index.Index,
        docs: list[StoryDoc],
        progress: Progress | None,
        pool: ProcessPoolExecutor,
        stop: object,
    ) -> None:
        """Each worker process analyses a chunk (jieba) and writes it as a whole segment;
        this process adds the finished segments to the index, in order, one commit each.
        Whoosh's pure-Python posting pipeline, not only jieba, then runs on every core."""
        # one segment per worker: every segment costs each later query a set-up (~5 ms)
        chunks = _even_chunks(docs, self.workers)
        folder = str(Path(ix.storage.folder))
        done = 0
        futures = [pool.submit(write_segment, folder, n, c) for n, c in enumerate(chunks)]
        for part, (chunk, future) in enumerate(zip(chunks, futures, strict=True)):
            segment, files = self._result(future, stop)  # type: ignore[misc]
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
        self._take_lock(progress)
        try:
            self._follow_disk()  # another program may have built it meanwhile
            if self.needs_build:
                return self._build_locked(archive, progress, stamp)
            try:
                return self._update_locked(archive, progress, stamp)
            except (IndexBusyError, BuildCancelled):
                raise
            except Exception as exc:
                if self._sound():
                    raise
                log.warning("update found the index damaged", exc_info=True)
                with self._lock:
                    self._archive = None  # rebuilt right here, not again in the background
                self._discard(_reason(exc))
                with self._lock:
                    self._archive, self._stamp = archive, stamp
                return self._build_locked(archive, progress, stamp)
        finally:
            self._index_lock.release()

    def _update_locked(
        self, archive: Archive, progress: Progress | None, stamp: str | None
    ) -> BuildReport:
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
            _write_checksums(folder)
        self._state = {**self._state, "library": stamp, "stories": len(docs)}
        self._write_state(self._state)
        with self._lock:
            self._generation += 1
        seconds = time.perf_counter() - started
        return BuildReport(
            len(changed), len(removed), len(docs) - len(changed), seconds, full=False
        )

    def _sound(self) -> bool:
        """After an unexpected error: are the live index's files what was written?"""
        with self._lock:
            if self._ix is None or not self._state.get("active"):
                return False
            folder = self.root / self._state["active"]
        return _verify(folder) is True

    def _documents(self, archive: Archive) -> list[StoryDoc]:
        """Index documents of every story, reused while a story's fragments are the same
        objects.

        Re-reading a library reuses the Article objects of unchanged pages, so only stories
        touching a changed page pay for their document and signature again. The cache keeps
        those articles alive (their ids cannot be recycled) and only this archive's entries.

        The loop makes no object the garbage collector tracks (keys are bytes, the articles
        are kept in one list): its three tuples a story (68,000 at 3,000 pages) used to set
        off the full collection that reading the library had made due, 0.5-1 s of an update
        (cProfile: all of it inside this loop, none in its calls).
        """
        previous, self._docs = self._docs, {}
        pinned: list = []
        docs = []
        worked_from = time.perf_counter()
        for number, story in enumerate(archive.stories):
            if number % YIELD_EVERY == 0 and time.perf_counter() - worked_from >= YIELD_AFTER:
                time.sleep(0)  # hand the interpreter to the window now and then (see YIELD_EVERY)
                worked_from = time.perf_counter()
            key = array("Q", map(id, story.fragments)).tobytes()
            doc = previous.get(key)
            if doc is None or doc.story_id != story.id:
                doc = story_doc(story)
            self._docs[key] = doc
            pinned.extend(story.fragments)
            docs.append(doc)
        self._pinned = pinned  # the previous archive's articles are let go only now
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
            for doc in docs:
                self._check_cancel()
                yield analyze(doc)
            return
        batches = [docs[i : i + BATCH] for i in range(0, len(docs), BATCH)]
        with worker_pool(self.workers, self._pools) as (pool, _stop):
            for fields in _windowed(pool, batches, window=self.workers * 3):
                self._check_cancel()
                yield fields

    # -- searching --------------------------------------------------------------------
    def _searcher(self) -> tuple[Searcher | None, object]:
        with self._lock:
            ix = self._ix if self._ix is not None else self._partial
            generation = self._generation
        if ix is None:
            return None, None
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
                local.searcher = None
            if ix is not self._ix:  # a first build: answer once something is committed
                try:
                    searcher = ix.searcher()
                except Exception:
                    return None, None
                if searcher.doc_count_all() == 0:
                    searcher.close()
                    return None, None
            else:
                searcher = ix.searcher()
            docsets = DocSets(searcher)
            local.searcher, local.ix, local.generation = searcher, ix, generation
            local.docsets = docsets
        return searcher, ix

    def search(self, request: SearchRequest, cancel: threading.Event | None = None) -> Results:
        """Answer one request. Thread-safe: each thread has its own searcher.

        ``cancel``: set it from another thread to stop this search early; the result then
        has ``cancelled=True`` (and no hits). Never raises for a bad query or a damaged
        index: ``Results.error`` says what happened.
        """
        started = time.perf_counter()
        self._follow_disk()
        results = Results(query=request.query, building=self._building or self.needs_build)
        try:
            typed = parse(request.query)
            parsed = _with_filters(typed, request)
        except QuerySyntaxError as exc:
            results.error = str(exc)
            return results
        live = self._ix
        try:
            searcher, ix = self._searcher()
        except Exception as exc:  # the live index's files could not be opened
            return self._failed(results, live, exc)
        if searcher is None:
            results.error = DAMAGED_SEARCH if self._damaged else NOT_READY
            return results
        results.needles = [t.text for t in parsed.terms()]
        try:
            docsets: DocSets = self._local.docsets
            exact = docsets.evaluate(parsed, cancel)
            _raise_if(cancel)
            results.total = len(exact)
            results.timeline = docsets.months(exact)
            # a plain "newest" (from a widget) is as good as Sort.NEWEST
            top = docsets.top(exact, parsed, Sort(request.sort), request.offset + request.limit)
            page = top[request.offset :]
            if not exact:
                results.suggestions = suggest(
                    docsets, typed, lambda p: _with_filters(p, request), cancel
                )
            hits = []
            for docnum, score in page:
                _raise_if(cancel)
                hits.append(self._hit(searcher, docnum, score, results.needles))
            results.hits = hits
        except SearchCancelled:
            results.total, results.hits, results.cancelled = 0, [], True
        except Exception as exc:
            return self._failed(results, ix, exc)
        results.ms = (time.perf_counter() - started) * 1000
        return results

    def _failed(self, results: Results, ix: object, exc: Exception) -> Results:
        """A search raised: damage on disk (discard, rebuild) or a bug (report it)."""
        log.warning("search %r failed", results.query, exc_info=True)
        results.total, results.hits = 0, []
        with self._lock:
            live = ix is not None and ix is self._ix
        if live and not self._sound():
            self._discard(_reason(exc))
            results.error = DAMAGED_SEARCH
        else:
            results.error = f"搜索时出错（{type(exc).__name__}），请再试一次。"
        return results

    def _hit(self, searcher: Searcher, docnum: int, score: float, needles: list[str]) -> Hit:
        stored = searcher.stored_fields(docnum)
        data = stored["data"]
        # the index's folded text spares folding the story again (a story without text
        # shows its title: folded there); the printed text is kept as edits of it
        text = data.get("text", "")
        folded = self._local.docsets.folded_text(docnum) if text or "edits" in data else None
        if "edits" in data:
            text = restore(folded, data["edits"])
        return Hit(
            story_id=stored["story_id"],
            article_id=data["article_id"],
            title=data["title"],
            newspaper=data["newspaper"],
            date=data["date"],
            pages=list(data["pages"]),
            snippet=make_snippet(text or data["title"], needles, folded=folded),
            score=float(score),
            kind=data["kind"],
        )

    def close(self) -> None:
        """Cancel a running build or update (its worker processes exit at once), wait for
        the writer thread, release the index."""
        self._cancel.set()
        for stop in list(self._pools):
            stop.set()
        self._writes.shutdown(wait=True, cancel_futures=True)
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            searcher.close()
            self._local.searcher = None
        with self._lock:
            if self._ix is not None:
                self._ix.close()
            self._ix = None


class IndexDamaged(Exception):
    """An index file is not what was written."""


def _reason(exc: BaseException) -> str:
    if isinstance(exc, IndexDamaged):
        return str(exc)
    return type(exc).__name__


def _raise_if(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise SearchCancelled


def _crc(path: Path) -> int:
    crc = 0
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc


def _write_checksums(folder: Path) -> None:
    """Size and CRC-32 of every index file (Whoosh never rewrites one: segments and tables
    of contents get new names), reusing the sums of files already listed."""
    try:
        known = json.loads((folder / CHECKSUMS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    sums = {}
    for path in folder.iterdir():
        name = path.name
        if name in NOT_CHECKSUMMED or name.startswith(".") or not path.is_file():
            continue
        size = path.stat().st_size
        old = known.get(name) if isinstance(known, dict) else None
        if isinstance(old, list) and len(old) == 2 and old[0] == size:
            sums[name] = old
        else:
            sums[name] = [size, _crc(path)]
    atomic_write_json(folder / CHECKSUMS_FILE, sums)


def _verify(folder: Path) -> bool | None:
    """True: every listed file that exists is as written. False: one is not.
    None: nothing to compare with (an index from before checksums)."""
    try:
        sums = json.loads((folder / CHECKSUMS_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return False
    if not isinstance(sums, dict):
        return False
    for name, entry in sums.items():
        path = folder / name
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            continue  # merged away by a later commit
        except OSError:
            return False
        if not isinstance(entry, list) or len(entry) != 2:
            return False
        try:
            if size != entry[0] or _crc(path) != entry[1]:
                return False
        except OSError:
            return False
    return True


def _even_chunks(docs: list[StoryDoc], parts: int) -> list[list[StoryDoc]]:
    """``docs`` in order, cut into ``parts`` runs of about equal text (what the workers'
    time goes by: equal story counts left one worker idle while the other finished)."""
    sizes = [len(d.text) + len(d.title) + 64 for d in docs]  # 64: a story's fixed cost
    total = sum(sizes)
    chunks: list[list[StoryDoc]] = []
    start = seen = 0
    for index, size in enumerate(sizes):
        seen += size
        if seen * parts >= total * (len(chunks) + 1) and len(chunks) < parts - 1:
            chunks.append(docs[start : index + 1])
            start = index + 1
    chunks.append(docs[start:])
    return [c for c in chunks if c]


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
        # the widgets' dates are checked like typed ones: a bad one is an error, not 0 hits
        extra.append(date_range(request.date_from, request.date_to))
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
