"""Run `python -m reader` in a child process, as a user at a shell would: one helper for
every CLI test, so timeouts and encoding are the same everywhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_reader(*args: str, data: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``data``: a user data folder of its own (fixes, bookmarks), through XDG_DATA_HOME."""
    env = dict(os.environ)
    if data is not None:
        env["XDG_DATA_HOME"] = str(data)
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        env=env,
    )
