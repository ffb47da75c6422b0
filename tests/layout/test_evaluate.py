"""``bench --layout``: one line per reference set, with what it scored and what it could not read."""

from __future__ import annotations

import json
import re
from pathlib import Path

from reader.cli import main

SEEDS_GOLD = Path(__file__).resolve().parents[1] / "corpus" / "seeds" / "gold.json"
LINE = re.compile(
    r"^(?P<name>\S+): boundary (?P<bounded>\d+)/(?P<items>\d+)=\S+ title \d+/\d+=\S+ "
    r"whole (?P<whole>\d+)/(?P=items)=\S+ spurious \d+ \((?P<pages>\d+) pages, "
)


def reference_with_a_page_not_there(tmp_path: Path) -> tuple[Path, int]:
    """The seeds' reference, plus one page it names that is not in the folder."""
    gold = json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))
    gold["pages_dir"] = str(SEEDS_GOLD.parent / gold["pages_dir"])
    first = next(iter(gold["pages"].values()))
    gold["pages"]["999_gone.txt"] = first
    reference = tmp_path / "gold.json"
    reference.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return reference, len(first["articles"])


def test_each_reference_prints_its_counts_and_a_missing_page_scores_as_missed(
    tmp_path: Path, capsys
) -> None:
    reference, lost = reference_with_a_page_not_there(tmp_path)
    gold = json.loads(reference.read_text(encoding="utf-8"))
    assert main(["bench", "--layout", str(SEEDS_GOLD), str(reference)]) == 0
    whole_set, with_gap = capsys.readouterr().out.splitlines()
    full, gap = LINE.match(whole_set), LINE.match(with_gap)
    assert full and gap, (whole_set, with_gap)
    expected_items = sum(len(p["articles"]) for p in gold["pages"].values())
    assert int(gap["items"]) == expected_items == int(full["items"]) + lost
    assert int(gap["pages"]) == int(full["pages"]) == len(gold["pages"]) - 1
    # the unread page's articles count as missed, never as found
    assert (int(gap["bounded"]), int(gap["whole"])) == (int(full["bounded"]), int(full["whole"]))
    assert with_gap.endswith("not read, scored as missed: 999_gone.txt (no such file)")
