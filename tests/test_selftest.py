"""``--self-test`` as a user (or CI, on the frozen app) runs it: a fresh process."""

from __future__ import annotations

import subprocess
import sys


def test_self_test_passes_and_reports_each_check() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--self-test"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert sum(line.startswith("[ok  ]") for line in lines) == 8
    assert lines[-1].startswith("self-test passed")
