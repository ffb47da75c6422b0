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
