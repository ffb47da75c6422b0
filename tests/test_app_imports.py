"""Whoosh, jieba and pdfium are imported off the GUI thread (each takes a fifth of a second
or more on a slow machine: the window would stand frozen while it first appears)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import SEEDS

# Runs in a fresh interpreter: an import finder notes the thread of every heavy import,
# then the app starts as ``run_app`` starts it and runs until the index is ready and an
# article (a PDF page's, so its printed page is drawn) is open.
CHILD = r"""
import json, sys, threading
from pathlib import Path

HEAVY = ("jieba", "whoosh", "pypdfium2")
seen = {}

class Watch:
    def find_spec(self, name, path=None, target=None):
        root = name.split(".")[0]
        if root in HEAVY and root not in seen:
            seen[root] = threading.current_thread() is threading.main_thread()
        return None

sys.meta_path.insert(0, Watch())

from PySide6.QtCore import QTimer
from reader.ui.app import application, create_window

app = application()
window = create_window(Path(sys.argv[1]))
window.show()
window.start()

def ready():
    try:  # an article of a PDF page where there is one, so its printed page is drawn
        pages = window.core.archive.pages
        article = next((a for p in pages if p.pdf for a in p.articles), pages[0].articles[0])
        window.open_story(window.core.archive.story_of(article.id).id, article.id)
    finally:
        QTimer.singleShot(500, app.quit)

window.index_ready.connect(ready)
QTimer.singleShot(120_000, app.quit)
app.exec()
print(json.dumps({"seen": seen, "ready": window.is_index_ready}))
window.core.close()
"""


def test_heavy_modules_are_imported_off_the_gui_thread(tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(SEEDS, library)
    pdf = Path(__file__).resolve().parent / "corpus" / "wuhai" / "pdf" / "乌海日报" / "2025-06-18"
    shutil.copytree(pdf, library / "乌海日报" / "2025-06-18")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(library)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=180,
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert result["ready"]
    # the index needs both, so the check must have seen them (pdfium may run only in
    # helper processes: if this process imports it, the rule holds for it too) ...
    assert {"jieba", "whoosh"} <= set(result["seen"])
    # ... and none on the GUI thread
    assert not any(result["seen"].values()), result["seen"]
