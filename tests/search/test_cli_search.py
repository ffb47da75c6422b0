"""``search --json``: hits over time and suggestions, through the real command line."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from oracle import matching, story_texts

from reader.archive import load_archive

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"


def test_search_json_adds_the_timeline_and_suggestions(tmp_path: Path) -> None:
    options = ["--json", "--library", str(SEEDS), "--index-dir", str(tmp_path), "--limit", "1"]
    done = subprocess.run(
        [sys.executable, "-m", "reader", "search", "煤", "生态环境保扩", *options],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    coal, typo = json.loads(done.stdout)["results"]
    archive = load_archive([SEEDS])
    dates = {sid: day for sid, _, day in story_texts(archive)}
    expected = Counter(dates[s][:7] for s in matching(archive, "煤").elements() if dates[s])
    assert coal["timeline"] == dict(sorted(expected.items()))
    assert len(coal["hits"]) == 1 and coal["suggestions"] == []
    assert typo["total"] == 0 and typo["timeline"] == {}
    # 保扩 is printed nowhere: first the word printed one character away, then the typed run
    # without that word (not a cut word)
    assert typo["suggestions"][:2] == [
        {
            "query": "生态环境保护",
            "total": sum(matching(archive, "生态环境保护").values()),
            "kind": "similar",
        },
        {
            "query": "生态环境",
            "total": sum(matching(archive, "生态环境").values()),
            "kind": "without",
        },
    ]


def test_the_command_line_says_when_an_outdated_index_is_rebuilt(tmp_path: Path, capsys) -> None:
    """A format change (here: a module the index's contents name, renamed) is rebuilt, and
    the command line says so on stderr, as the window does, even with ``--json``."""
    from reader.cli import main
    from reader.search.whoosh_engine import CHECKSUMS_FILE, _write_checksums

    options = ["--library", str(SEEDS), "--index-dir", str(tmp_path)]
    assert main(["index", *options]) == 0
    [toc] = tmp_path.glob("ix-*/_MAIN_*.toc")
    toc.write_bytes(toc.read_bytes().replace(b"reader.search.codec", b"reader.search.codeX"))
    (toc.parent / CHECKSUMS_FILE).unlink()
    _write_checksums(toc.parent)
    capsys.readouterr()
    assert main(["search", "煤", "--json", *options]) == 0
    out, err = capsys.readouterr()
    assert "索引格式已更新，重新建立索引。" in err
    archive = load_archive([SEEDS])
    assert json.loads(out)["results"][0]["total"] == len(matching(archive, "煤"))


def test_the_command_line_says_nothing_was_found_and_what_helps(tmp_path: Path, capsys) -> None:
    """With offers (a typo) and without any (letters printed nowhere), a search that finds
    nothing says so and what to try, as the search panel does."""
    from reader.cli import main

    options = ["--library", str(SEEDS), "--index-dir", str(tmp_path)]
    assert main(["search", "生态环境保扩", "qqqzzz", *options]) == 0
    typo, nothing = capsys.readouterr().out.split("\n\n")
    assert "没有找到。可以试试：“生态环境保护”" in typo
    assert nothing.splitlines()[1:] == ["没有找到。", "检查错别字，或换一个说法。"]
