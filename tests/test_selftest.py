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
    assert sum(line.startswith("[ok  ]") for line in lines) == 9
    # the PDF check parsed the shipped e-paper page through the real PDF path
    assert any(line.startswith("[ok  ] 读取 PDF 版面") and "个标题" in line for line in lines)
    assert lines[-1].startswith("self-test passed")
