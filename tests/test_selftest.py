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
    assert sum(line.startswith("[ok  ]") for line in lines) == 10
    # the PDF check parsed the shipped e-paper page through the real PDF path
    assert any(line.startswith("[ok  ] 读取 PDF 版面") and "个标题" in line for line in lines)
    assert lines[-1].startswith("self-test passed")


DEV_TOOLS = ("reader.bench", "reader.search.baseline", "reader.layout.evaluate")
BLOCKED = (*DEV_TOOLS, "reader.ui.responsiveness", "resource")
BLOCKER = """
import runpy, sys
class Blocked:
    def find_spec(self, name, path=None, target=None):
        if name in {blocked!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}} (not in the bundle)", name=name)
sys.meta_path.insert(0, Blocked())
sys.argv = ["reader", *sys.argv[1:]]
runpy.run_module("reader", run_name="__main__")
"""


def run_without_dev_tools(*args: str) -> subprocess.CompletedProcess[str]:
    """The app as the bundle has it: the developer tools left out (as the PyInstaller spec
    excludes them) and no ``resource`` module (Windows)."""
    return subprocess.run(
        [sys.executable, "-c", BLOCKER.format(blocked=set(BLOCKED)), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def test_the_app_runs_without_the_developer_tools_the_bundle_leaves_out() -> None:
    done = run_without_dev_tools("--self-test")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith("self-test passed")
    bench = run_without_dev_tools("bench")
    assert bench.returncode == 2 and "开发者工具" in bench.stderr


def test_the_bundle_spec_leaves_the_developer_tools_out() -> None:
    import ast
    from pathlib import Path

    spec = Path(__file__).resolve().parent.parent / "packaging" / "newspaper-reader.spec"
    tree = ast.parse(spec.read_text(encoding="utf-8"))
    (excluded,) = (
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "EXCLUDED_MODULES"
    )
    assert set(BLOCKED) - {"resource"} <= set(excluded)
