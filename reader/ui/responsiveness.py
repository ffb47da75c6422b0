"""How long the GUI thread stops answering: a developer's probe and the ``bench --ui`` command.

A window feels frozen when its thread does not get back to the event loop: the probe
ticks a 10 ms timer on the GUI thread and records every tick that came late by more than
the threshold (a *gap*). While a gap lasts, a watchdog thread samples the Python stacks
of the GUI thread and of every busy worker, so each gap names the code it was spent in
(time in C that keeps the interpreter lock shows up as the Python line that called it;
the GUI thread inside Qt, waiting for the lock or painting, shows as the event loop).
A gap with nothing sampled at all means the watchdog did not run either: a loaded
machine's scheduler, or one long C call.

``run_ui_benchmark`` starts the real app in a fresh process (so imports count as they do
for a user) on a generated library and prints the longest gaps per phase: start-up until
the window is first painted, reading the library, the index build, and the time after.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer

TICK_MS = 10
THRESHOLD_MS = 50
SAMPLE_S = 0.005
log = logging.getLogger(__name__)


@dataclass
class Gap:
    """The GUI thread did not answer for ``ms`` milliseconds, ending ``at`` s after start."""

    at: float
    ms: float
    phase: str
    where: list[tuple[str, int]] = field(default_factory=list)  # (frame, samples)

    def as_dict(self) -> dict:
        return {
            "at_s": round(self.at, 3),
            "ms": round(self.ms, 1),
            "phase": self.phase,
            "where": self.where,
        }


class StallProbe(QObject):
    """Records GUI-thread gaps longer than ``threshold_ms`` while it runs.

    ``phase`` is a label the caller moves on (e.g. "reading", "indexing"); each gap is
    filed under the phase it started in. Where the time went is sampled by a watchdog
    thread every few milliseconds while a gap lasts: the GUI thread's Python stack, and
    every busy worker's. A C call that keeps the interpreter lock stops the watchdog too;
    it samples the moment it runs again, when the thread that held the lock is usually
    still in the function that made the call. (``faulthandler``'s lock-free dump would see
    into the call, but reading other threads' frames without the lock crashed the app.)
    """

    def __init__(self, threshold_ms: float = THRESHOLD_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threshold = threshold_ms / 1000
        self.phase = "start"
        self.gaps: list[Gap] = []
        self.started = time.perf_counter()
        self._last = self.started
        self._last_phase = self.phase
        self._gui = threading.get_ident()
        self._samples: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._watchdog = threading.Thread(target=self._watch, name="stall-watchdog", daemon=True)
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._last_phase = self.phase
        self._timer.start()
        self._watchdog.start()

    def stop(self) -> None:
        self._tick()
        self._timer.stop()
        self._stopped.set()

    def set_phase(self, phase: str) -> None:
        self.phase = phase

    def _tick(self) -> None:
        now = time.perf_counter()
        with self._lock:
            late = now - self._last - TICK_MS / 1000
            if late > self.threshold:
                where = self._samples.most_common(4)
                self.gaps.append(Gap(now - self.started, late * 1000, self._last_phase, where))
            self._samples.clear()
            self._last = now
            self._last_phase = self.phase

    def _watch(self) -> None:
        """While the GUI thread is late, note where every busy thread is."""
        while not self._stopped.wait(SAMPLE_S):
            with self._lock:
                if time.perf_counter() - self._last - TICK_MS / 1000 > self.threshold / 2:
                    frames = sys._current_frames()
                    for ident, frame in frames.items():
                        if ident == threading.get_ident():
                            continue
                        stack = traceback.extract_stack(frame)[::-1]  # innermost first
                        who = "gui" if ident == self._gui else "worker"
                        if who == "worker" and _idle(stack[0]):
                            continue
                        self._samples[f"{who}: {_where(stack)}"] += 1

    def longest(self, count: int = 5, phase: str | None = None) -> list[Gap]:
        gaps = [g for g in self.gaps if phase is None or g.phase == phase]
        return sorted(gaps, key=lambda g: g.ms, reverse=True)[:count]


def _idle(frame: traceback.FrameSummary) -> bool:
    """A thread waiting (for work, a lock, a reply) holds nothing up."""
    return frame.name in {"wait", "_worker", "get", "sleep", "select", "poll", "accept", "recv"}


def _where(stack: list[traceback.FrameSummary]) -> str:
    """The innermost frame of ours and the innermost frame overall, e.g.
    ``layout/lines.py:120 join < re/__init__.py:99 sub`` (innermost first in ``stack``)."""

    def short(frame: traceback.FrameSummary) -> str:
        path = frame.filename
        for marker in ("/reader/", "/site-packages/", "/lib/python3"):
            if marker in path:
                path = path.split(marker, 1)[1]
                break
        return f"{path}:{frame.lineno} {frame.name}"

    inner = stack[0]
    ours = next(
        (f for f in stack if "/reader/" in f.filename and "responsiveness" not in f.filename),
        None,
    )
    if ours is None or ours is inner:
        return short(inner)
    return f"{short(ours)} < {short(inner)}"


# -- one measured start of the app (run in a fresh process) ------------------------------
HEAVY_MODULES = ("jieba", "whoosh", "pypdfium2")


def measure_start(library: Path, settle_s: float = 1.0, timeout_s: float = 600.0) -> dict:
    """Start the app as ``run_app`` does on ``library``, wait for the index, report gaps."""
    started = time.perf_counter()
    on_gui_thread = _watch_heavy_imports()

    from reader.ui.app import application, create_window

    app = application()
    probe = StallProbe()
    probe.started = started
    window = create_window(library)
    marks: dict[str, float] = {}

    def mark(name: str) -> None:
        marks[name] = time.perf_counter() - started

    def painted() -> None:
        mark("painted")
        if probe.phase == "first show":
            probe.set_phase("reading")

    _FirstPaint(window, painted)
    probe.set_phase("first show")
    probe.start()
    window.show()
    shown = time.perf_counter() - started
    window.start()

    window.archive_loaded.connect(lambda: (mark("loaded"), probe.set_phase("indexing")))

    def ready() -> None:
        mark("index ready")
        probe.set_phase("after")
        QTimer.singleShot(int(settle_s * 1000), app.quit)

    window.index_ready.connect(ready)
    QTimer.singleShot(int(timeout_s * 1000), app.quit)
    app.exec()
    probe.stop()
    result = {
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "shown_s": round(shown, 3),
        "marks_s": {k: round(v, 3) for k, v in marks.items()},
        "heavy_imported_on_gui_thread": sorted(on_gui_thread),
        "stories": len(window.core.archive.stories),
        "pages": len(window.core.archive.pages),
        "gaps": [g.as_dict() for g in probe.gaps],
    }
    window.close()
    window.core.close()
    return result


def _watch_heavy_imports() -> set[str]:
    """The heavy modules (``HEAVY_MODULES``) that get imported on this (the GUI) thread."""
    seen: set[str] = set()
    gui = threading.get_ident()

    class Watch:
        def find_spec(self, name: str, path=None, target=None) -> None:
            root = name.split(".")[0]
            if root in HEAVY_MODULES and threading.get_ident() == gui:
                seen.add(root)

    sys.meta_path.insert(0, Watch())  # type: ignore[arg-type]
    return seen


class _FirstPaint(QObject):
    """Calls ``then`` once, after the window's first paint event was handled."""

    def __init__(self, window, then) -> None:
        super().__init__(window)
        self._then = then
        window.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False


def _isolated_env(home: Path) -> dict[str, str]:
    """A fresh user: no settings, no index, nothing of the developer's own."""
    env = dict(os.environ)
    for name, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(home / sub)
    env["HOME"] = str(home)
    # byte-code cached as in an installed app (a developer's shell may turn that off, and
    # compiling every module would count as start-up time); kept out of the source tree
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    return env


def run_ui_benchmark(pages: int = 1550, seed: int = 7, runs: int = 2) -> str:
    """Longest GUI-thread gaps while the app starts on a generated library of ``pages``.

    Run 1 is a first start (the index is built); later runs start with that index kept,
    as a reader's every later start does.
    """
    from reader.bench import generate_library

    workdir = Path(tempfile.mkdtemp(prefix="reader-ui-bench-"))
    try:
        library = generate_library(workdir / "library", pages, seed)
        env = _isolated_env(workdir / "home")
        # a first run to fill the byte-code cache, not measured
        subprocess.run([sys.executable, "-c", WARM_UP], env=env, check=True)
        lines = [
            f"library: {library.pages} pages ({library.bytes / 1e6:.1f} MB), threshold "
            f"{THRESHOLD_MS} ms, tick {TICK_MS} ms"
        ]
        summary = []
        for run in range(1, runs + 1):
            command = [sys.executable, "-m", __name__, str(library.root)]
            # the child's messages (and a crash's traceback) go to this process's stderr
            out = subprocess.run(
                command, env=env, stdout=subprocess.PIPE, text=True, check=True
            ).stdout
            result = json.loads(out.strip().splitlines()[-1])
            lines.extend(_report(run, result))
            summary.append(_phase_maxima(result))
        lines.append(json.dumps(summary))
        return "\n".join(lines)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


WARM_UP = "import reader.ui.app, reader.search.whoosh_engine, reader.ui.pdf_render, jieba"
PHASES = ("first show", "reading", "indexing", "after")


def _phase_maxima(result: dict) -> dict[str, float]:
    maxima = {phase: 0.0 for phase in PHASES}
    for gap in result["gaps"]:
        maxima[gap["phase"]] = max(maxima.get(gap["phase"], 0.0), gap["ms"])
    return maxima


def _report(run: int, result: dict) -> list[str]:
    kind = "first start (index built)" if run == 1 else "later start (index kept)"
    marks = ", ".join(f"{k} {v:.2f} s" for k, v in result["marks_s"].items())
    lines = [
        "",
        f"run {run}, {kind}: {result['pages']} pages, {result['stories']} stories; "
        f"window shown {result['shown_s']:.2f} s; {marks}",
        "  heavy modules imported on the GUI thread: "
        + (", ".join(result["heavy_imported_on_gui_thread"]) or "none"),
    ]
    for phase in PHASES:
        gaps = [g for g in result["gaps"] if g["phase"] == phase]
        gaps.sort(key=lambda g: g["ms"], reverse=True)
        total = sum(g["ms"] for g in gaps)
        head = f"  {phase}: {len(gaps)} gaps > {THRESHOLD_MS} ms"
        if gaps:
            head += f", longest {gaps[0]['ms']:.0f} ms, together {total:.0f} ms"
        lines.append(head)
        for gap in gaps[:3]:
            where = "; ".join(f"{w} ×{n}" for w, n in gap["where"][:2]) or "(not sampled)"
            lines.append(f"    {gap['ms']:6.0f} ms at {gap['at_s']:.2f} s: {where}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("--settle", type=float, default=1.0)
    args = parser.parse_args(argv)
    result = measure_start(args.library, args.settle)
    print(json.dumps(result, ensure_ascii=False), flush=True)
    sys.stderr.flush()
    # the measurement is done: leave without tearing down Qt objects and worker threads
    # one by one (not what is measured, and a crash there would lose the answer)
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
