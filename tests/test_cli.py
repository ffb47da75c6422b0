"""The command line, run as a real process: outline, exact JSON shape, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from clirun import run_reader as run

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

PAGE_KEYS = ["source", "newspaper", "date", "page", "errors", "articles"]
ARTICLE_KEYS = [
    "id",
    "kind",
    "column",
    "kicker",
    "title",
    "subtitle",
    "byline",
    "paragraphs",
    "continues_to",
    "continued_from",
]
STORY_KEYS = ["id", "title", "fragments", "missing_pages"]


@pytest.fixture(scope="module")
def seed_json() -> dict:
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    result = run("parse", str(seeds), "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_json_has_exactly_the_documented_shape(seed_json: dict) -> None:
    assert list(seed_json) == ["pages", "stories"]
    for page in seed_json["pages"]:
        assert list(page) == PAGE_KEYS
        for article in page["articles"]:
            assert list(article) == ARTICLE_KEYS
            assert article["kind"] in ("article", "photo", "notice")
            assert all(isinstance(p, str) for p in article["paragraphs"])
    for story in seed_json["stories"]:
        assert list(story) == STORY_KEYS


def test_json_values(seed_json: dict) -> None:
    first, *_, last = seed_json["pages"]
    assert (first["newspaper"], first["date"], first["page"]) == ("乌海日报", "2025-06-23", 1)
    assert (last["newspaper"], last["date"], last["page"]) == ("呼和浩特日报", "2023-07-27", None)
    lead = first["articles"][0]
    assert lead["continues_to"] == 4 and lead["continued_from"] is None
    ids = {a["id"] for p in seed_json["pages"] for a in p["articles"]}
    fragments = [f for s in seed_json["stories"] for f in s["fragments"]]
    assert sorted(fragments) == sorted(ids)
    missing = [s for s in seed_json["stories"] if s["missing_pages"]]
    assert {tuple(s["missing_pages"]) for s in missing} == {(1,), (2,), (4,)}


def test_human_outline(seeds: Path) -> None:
    result = run("parse", str(seeds / "001_b7ca6a2e7b8bb16f.txt"))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("乌海日报 / 2025-06-18 / 第1版")
    assert "  - 公告  中央第二生态环境保护督察组值班电话和邮箱" in lines
    assert "  - 文章  习近平同哈萨克斯坦总统托卡耶夫会谈  [下转第4版]" in lines
    assert any(line.startswith("  - 图片  （无标题）甘德尔生态治理区") for line in lines)


def test_bad_file_is_reported_in_json_and_the_rest_parses(tmp_path: Path, seeds: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    result = run(
        "parse", str(tmp_path / "bad.txt"), str(seeds / "000_b3bc1cab3866df80.txt"), "--json"
    )
    assert result.returncode == 0
    bad, good = json.loads(result.stdout)["pages"]
    assert "bad.txt" in bad["errors"][0] and bad["articles"] == []
    assert good["errors"] == [] and good["articles"]


def test_only_bad_files_exit_non_zero(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run("parse", str(tmp_path / "empty.txt"))
    assert result.returncode == 1
    assert "empty" in result.stdout


def test_default_command_outlines_the_bundled_library() -> None:
    result = run("--library", str(Path(__file__).resolve().parent.parent / "seeds"), "--outline")
    assert result.returncode == 0, result.stderr
    assert "呼和浩特日报 / 2023-07-27 / 版次未知" in result.stdout


def test_a_pipe_closed_early_is_no_crash(tmp_path: Path) -> None:
    """``parse … | head`` closes the pipe after a few lines: no traceback, no log entry."""
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CACHE_HOME": str(tmp_path)}
    child = subprocess.Popen(
        [sys.executable, "-m", "reader", "parse", str(SEEDS), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.read(100)  # the output is far larger than a pipe's buffer
    child.stdout.close()
    errors = child.stderr.read().decode("utf-8")
    assert child.wait(timeout=120) == 141
    assert "Traceback" not in errors and "BrokenPipeError" not in errors
    logs = "".join(p.read_text("utf-8") for p in tmp_path.rglob("*.log*"))
    assert "BrokenPipeError" not in logs and "CRITICAL" not in logs
